package match

import (
	"sort"
	"strings"
)

// recName is a record's prepared whole name. It is a stand-in until the name
// layer (internal/name) lands: tokens sorted so that order does not matter.
type recName struct {
	full   string
	tokens []string
}

func prepareNames(f *RecordFeatures) []*recName {
	out := make([]*recName, 0, len(f.FullNames))
	for _, n := range f.FullNames {
		toks := strings.Fields(n)
		sort.Strings(toks)
		out = append(out, &recName{full: n, tokens: toks})
	}
	return out
}

// NameKeys returns the blocking keys of the record's names: values shared by
// two records whose names may match. The keys are deterministic functions of
// the record alone.
func (f *RecordFeatures) NameKeys() []string {
	var keys []string
	for _, n := range f.names {
		for _, t := range n.tokens {
			if len([]rune(t)) < 2 {
				continue
			}
			if !contains(keys, t) {
				keys = append(keys, t)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// bestNames returns the best similarity in [0,1] of any name of a with any
// name of b, and the two names compared.
func bestNames(a, b *RecordFeatures) (float64, string, string) {
	best, ba, bb := -1.0, "", ""
	for _, x := range a.names {
		for _, y := range b.names {
			if s := tokenSim(x.tokens, y.tokens); s > best {
				best, ba, bb = s, x.full, y.full
			}
		}
	}
	return best, ba, bb
}

// tokenSim aligns each token of the shorter name with its best match in the
// longer one and averages the Jaro-Winkler similarities.
func tokenSim(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	sum := 0.0
	for _, x := range a {
		best := 0.0
		for _, y := range b {
			if s := jaroWinkler(x, y); s > best {
				best = s
			}
		}
		sum += best
	}
	return sum / float64(len(a))
}
