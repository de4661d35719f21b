package match

import (
	"slices"
	"strings"

	"vetgraph"
	"vetgraph/internal/name"
)

// prepareNames prepares the record's whole names with the name layer
// (organizations with the organization rules) and brings the structured
// parts into canonical Latin, so that Cyrillic and the common romanizations
// of one name compare as near-equal strings.
func prepareNames(f *RecordFeatures, raw []string) {
	kind := name.Person
	if f.Schema != vetgraph.SchemaPerson {
		kind = name.Organization
	}
	f.names = make([]*name.Prepared, 0, len(raw))
	for _, r := range raw {
		if p := name.PrepareKind(r, kind); len(p.Tokens) > 0 {
			f.names = append(f.names, p)
		}
	}
	f.Given = canonicalAll(f.Given)
	f.Surname = canonicalAll(f.Surname)
	f.Father = canonicalAll(f.Father)
	keys := make([]string, 0, 4)
	for _, n := range f.names {
		for _, k := range n.Keys() {
			keys = append(keys, strings.TrimPrefix(k, "n:"))
		}
	}
	// The structured parts block on their own too: the whole-name parser may
	// read a part as a title or a patronymic and leave it out of its keys.
	for _, part := range [...][]string{f.Given, f.Surname} {
		for _, v := range part {
			for _, tok := range strings.Fields(v) {
				if k := name.Skeleton(tok); len(tok) > 1 && k != "" {
					keys = append(keys, k)
				}
			}
		}
	}
	slices.Sort(keys)
	f.nameKeys = slices.Compact(keys)
}

// canonicalAll maps each name part to the canonical Latin of its tokens.
func canonicalAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		var parts []string
		for _, w := range strings.Fields(v) {
			if c := name.Canonical(w); c != "" {
				parts = append(parts, c)
			}
		}
		if c := strings.Join(parts, " "); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// NameKeys returns the blocking keys of the record's names (the name
// layer's phonetic skeletons, shared across scripts and romanizations),
// sorted and without duplicates. They are a function of the record alone.
func (f *RecordFeatures) NameKeys() []string { return f.nameKeys }

// bestNames returns the best name-layer similarity of any name of a with any
// name of b, and the two names compared.
func bestNames(a, b *RecordFeatures) (float64, string, string) {
	best, ba, bb := -1.0, "", ""
	for _, x := range a.names {
		for _, y := range b.names {
			if s := NameValue(x, y); s > best {
				best, ba, bb = s, x.Raw, y.Raw
			}
		}
	}
	return best, ba, bb
}
