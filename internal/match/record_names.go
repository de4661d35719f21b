package match

import (
	"slices"
	"strings"
	"unicode/utf8"
	"unique"

	"vetgraph"
	"vetgraph/internal/name"
)

// prepareNames prepares the record's whole names with the name layer
// (organizations with the organization rules) and brings the structured
// parts into canonical Latin, so that Cyrillic and the common romanizations
// of one name compare as near-equal strings.
func prepareNames(f *RecordFeatures, raw []string, src NameSource) {
	kind := name.Person
	if f.Schema != vetgraph.SchemaPerson {
		kind = name.Organization
	}
	f.names = make([]*name.Prepared, 0, len(raw))
	add := func(s string) {
		var p *name.Prepared
		if src != nil {
			p = src.PrepareName(s, kind)
		} else {
			p = name.PrepareKind(s, kind)
		}
		if len(p.Tokens) > 0 {
			f.names = append(f.names, p)
		}
	}
	for _, r := range raw {
		add(r)
		// A capital inside a word splits it in two ("VladimirPutin"), or
		// is a slip of the keyboard ("AliAev"): both readings are kept.
		if kind == name.Person {
			if j := name.JoinCamel(r); j != r {
				add(j)
			}
		}
	}
	f.Given = canonicalAll(f.Given)
	f.Surname = canonicalAll(f.Surname)
	f.Father = canonicalAll(f.Father)
	f.fatherRoots = fatherRoots(f.Father)
	// The key lists are built on the stack and kept at their exact size:
	// a million records hold them.
	var buf [16]string
	freq := buf[:0]
	for _, n := range f.names {
		for _, t := range n.Tokens {
			if t.Role != name.RoleInitial && t.Role != name.RolePatronymic && t.Latin != "" && !slices.Contains(freq, t.Latin) {
				freq = append(freq, t.Latin)
			}
		}
	}
	for _, part := range [...][]string{f.Given, f.Surname} {
		for _, v := range part {
			partTokens(v, func(t string) {
				if !slices.Contains(freq, t) {
					freq = append(freq, t)
				}
			})
		}
	}
	slices.Sort(freq)
	nf := len(freq)
	keys := freq
	for _, n := range f.names {
		keys = n.AppendKeys(keys)
	}
	// The structured parts block on their own too: the whole-name parser may
	// read a part as a title or a patronymic and leave it out of its keys.
	for _, part := range [...][]string{f.Given, f.Surname} {
		for _, v := range part {
			for _, tok := range strings.Fields(v) {
				if k := name.Skeleton(tok); len(tok) > 1 && k != "" {
					keys = append(keys, unique.Make(k).Value())
				}
			}
		}
	}
	nk := keys[nf:]
	slices.Sort(nk)
	nk = slices.Compact(nk)
	// Both lists in one allocation of their exact size.
	all := slices.Concat(keys[:nf], nk)
	f.keys, f.nfreq = all, uint32(nf)
}

// fatherRoots returns the father's given name in each father's name, when
// it differs from the value itself: one person's records write it as a
// Russian-style patronymic or in the national form (Ramadanovna, Ramadan
// qizi), and both name the father Ramadan. The name layer marks the
// patronymic and its marker and strips the patronymic ending; the root is
// the stem of the first token it marks as a patronymic (the father's name
// before the marker), else of the first token. Nil when no root differs.
func fatherRoots(fathers []string) []string {
	var roots []string
	for i, v := range fathers {
		p := name.PrepareKind(v, name.Person)
		if len(p.Tokens) == 0 {
			continue
		}
		t := p.Tokens[0]
		for _, x := range p.Tokens {
			if x.Role == name.RolePatronymic {
				t = x
				break
			}
		}
		root := t.Stem
		if root == "" || root == v {
			continue
		}
		if roots == nil {
			roots = make([]string, len(fathers))
			copy(roots, fathers[:i])
		}
		roots[i] = root
	}
	if roots != nil {
		for i := range roots {
			if roots[i] == "" {
				roots[i] = fathers[i]
			}
		}
	}
	return roots
}

// canonicalAll maps each name part to the canonical Latin of its tokens.
// The values are interned (unique.Make): records hold the same few
// thousand given names and surnames, each once.
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
			out = append(out, unique.Make(c).Value())
		}
	}
	return out
}

// partTokens calls f with each token of a canonical name part (words of
// more than one letter: initials are left out), without allocating.
func partTokens(v string, f func(tok string)) {
	for v != "" {
		w, rest, _ := strings.Cut(v, " ")
		if len(w) > 1 {
			f(w)
		}
		v = rest
	}
}

// PreparedNames returns the record's whole names as prepared by the name
// layer (those with at least one token), in order. They are shared: callers
// must not modify them.
func (f *RecordFeatures) PreparedNames() []*name.Prepared { return f.names }

// FrequencyKeys returns the name tokens (canonical Latin, without initials
// and patronymics) whose frequency among the records held weighs the
// record's name agreements; see [NameFrequency].
func (f *RecordFeatures) FrequencyKeys() []string { return f.keys[:f.nfreq:f.nfreq] }

// NameKeys returns the blocking keys of the record's names (the name
// layer's phonetic skeletons, shared across scripts and romanizations),
// sorted and without duplicates. They are a function of the record alone.
func (f *RecordFeatures) NameKeys() []string { return f.keys[f.nfreq:] }

// NameInitials appends to dst the first letters of the record's name keys,
// sorted and without duplicates ("dpv" for Daniel Vargas Pérez), and
// returns it. A typo rarely touches a first letter and every script and
// romanization shares the keys, so the records of one person nearly always
// agree on it while the many different people who hold one phone or address
// mostly do not: blocking pairs it with link-grade values.
func (f *RecordFeatures) NameInitials(dst []byte) []byte {
	start := len(dst)
	for _, k := range f.NameKeys() {
		r, size := utf8.DecodeRuneInString(k)
		if size == 0 || r == utf8.RuneError {
			continue
		}
		dst = insertRune(dst, start, r)
	}
	return dst
}

// insertRune inserts r into the sorted runes of dst[start:] unless it is
// there already.
func insertRune(dst []byte, start int, r rune) []byte {
	i := start
	for i < len(dst) {
		x, size := utf8.DecodeRune(dst[i:])
		if x == r {
			return dst
		}
		if x > r {
			break
		}
		i += size
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	dst = append(dst, buf[:n]...)
	copy(dst[i+n:], dst[i:len(dst)-n])
	copy(dst[i:], buf[:n])
	return dst
}

// bestNameIndex returns the best name-layer similarity of any name of a
// with any name of b, and the indexes of the two names (the first pair
// found, on ties). Name similarity is at most 1, so it stops at a 1.
func bestNameIndex(a, b *RecordFeatures) (float64, int, int) {
	best, bi, bj := -1.0, 0, 0
	for i, x := range a.names {
		for j, y := range b.names {
			if s := NameValue(x, y); s > best {
				best, bi, bj = s, i, j
				if s >= 1 {
					return best, bi, bj
				}
			}
		}
	}
	return best, bi, bj
}
