package match

import (
	"math"
	"math/rand"
	"testing"

	"vetgraph/internal/name"
	"vetgraph/internal/synth"
)

// The tests here check that the fast paths of name comparison give the
// same results, bit for bit, as the plain computations they replace.

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // OSA: no edit of a transposed pair
		{"ab", "ba", 1},
		{"vladimir", "vladimri", 1},
		{"a", "a", 0},
		{"a", "bbbb", 4},
		{"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", "bacdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijlk", 2},
	}
	for _, tt := range tests {
		if got := nmOSA(tt.a, tt.b); got != tt.want {
			t.Errorf("nmOSA(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := nmOSADP(tt.a, tt.b); got != tt.want {
			t.Errorf("nmOSADP(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	// The bit-parallel algorithm against the dynamic programme on random
	// strings over small alphabets (many repeats and transpositions) and
	// over letters, up to the 64-byte limit.
	r := rand.New(rand.NewSource(1))
	n := 300000
	if testing.Short() || raceEnabled {
		n = 20000
	}
	for k := 0; k < n; k++ {
		alpha := "abcd"[:1+r.Intn(4)]
		if k%3 == 0 {
			alpha = "abcdefghijklmnopqrstuvwxyz'-"
		}
		maxLen := 12
		if k%50 == 0 {
			maxLen = nmJwMax
		}
		a, b := randWord(r, alpha, maxLen), randWord(r, alpha, maxLen)
		if x, y := nmOSA(a, b), nmOSADP(a, b); x != y {
			t.Fatalf("nmOSA(%q, %q) = %d, the dynamic programme gives %d", a, b, x, y)
		}
		if x, y := nmOneEdit(a, b), nmOSADP(a, b) == 1; x != y {
			t.Fatalf("nmOneEdit(%q, %q) = %v, the dynamic programme gives distance %d", a, b, x, nmOSADP(a, b))
		}
		// One edit of a (most random pairs are further apart).
		if c := oneEditOf(r, a, alpha); len(c) <= nmJwMax {
			if x, y := nmOneEdit(a, c), nmOSADP(a, c) == 1; x != y {
				t.Fatalf("nmOneEdit(%q, %q) = %v, the dynamic programme gives distance %d", a, c, x, nmOSADP(a, c))
			}
		}
	}
}

// oneEditOf returns a with one random edit: a substitution, an insertion,
// a deletion or a transposition of neighbours (which may leave it as it was).
func oneEditOf(r *rand.Rand, a, alpha string) string {
	k := r.Intn(len(alpha))
	c := alpha[k : k+1]
	i := r.Intn(len(a) + 1)
	switch r.Intn(4) {
	case 0:
		return a[:i] + c + a[i:]
	case 1:
		if i < len(a) {
			return a[:i] + c + a[i+1:]
		}
	case 2:
		if i < len(a) {
			return a[:i] + a[i+1:]
		}
	case 3:
		if i+1 < len(a) {
			return a[:i] + a[i+1:i+2] + a[i:i+1] + a[i+2:]
		}
	}
	return a
}

func randWord(r *rand.Rand, alpha string, maxLen int) string {
	b := make([]byte, 1+r.Intn(maxLen))
	for i := range b {
		b[i] = alpha[r.Intn(len(alpha))]
	}
	return string(b)
}

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dixon", "dicksonx", 0.813},
		{"jellyfish", "smellyfish", 0.896},
		{"kasymov", "kasymov", 1},
		{"abc", "xyz", 0},
		{"путин", "путен", 0.907},
	}
	for _, tt := range tests {
		if got := nmJaroWinkler(tt.a, tt.b); math.Abs(got-tt.want) > 0.0005 {
			t.Errorf("nmJaroWinkler(%q, %q) = %.4f, want %.3f", tt.a, tt.b, got, tt.want)
		}
	}
	// ASCII strings compare in place as bytes; the same letters as runes
	// give the same value bit for bit.
	r := rand.New(rand.NewSource(2))
	for k := 0; k < 100000; k++ {
		a, b := randWord(r, "abcdefgh", 14), randWord(r, "abcdefgh", 14)
		if x, y := nmJaroWinkler(a, b), nmJaroWinklerOf([]rune(a), []rune(b)); x != y {
			t.Fatalf("nmJaroWinkler(%q, %q) = %v, by runes %v", a, b, x, y)
		}
	}
}

// TestAlignLazy: scoring a father's name against a name part only when the
// pair might be chosen gives the alignment and value of scoring every pair;
// and the bound it relies on holds.
func TestAlignLazy(t *testing.T) {
	var names []*name.Prepared
	for _, s := range synth.Spellings(7, 60, 4) {
		names = append(names, name.Prepare(s.Name))
	}
	for _, s := range []string{"Путин Владимир Владимирович", "Vladimir Putin", "Vladimir Vladimirovich Putin", "Ali Omarov",
		"Emir Ali uulu Omarov", "Alisher Usmon o'g'li Karimov", "Sergey Viktorovich Lavrov", "Lavrov Viktor"} {
		names = append(names, name.Prepare(s))
	}
	c := DefaultNameConfig()
	pairs, fathers := 0, 0
	for _, a := range names {
		for _, b := range names {
			var lazy, full nmAlignment
			vl, vf := c.alignLazy(a, b, &lazy, true), c.alignLazy(a, b, &full, false)
			if vl != vf || lazy.np != full.np || lazy.pairs != full.pairs || lazy.usedA != full.usedA || lazy.usedB != full.usedB {
				t.Fatalf("%q ~ %q: lazy %v %+v, scoring every pair %v %+v", a.Raw, b.Raw, vl, lazy.pairs[:lazy.np], vf, full.pairs[:full.np])
			}
			pairs++
			for i := range a.Tokens {
				for j := range b.Tokens {
					if nmFathersName(&a.Tokens[i], &b.Tokens[j]) {
						fathers++
						if s, _ := nmTokenSim(&a.Tokens[i], &b.Tokens[j]); float32(s) > nmFatherBound {
							t.Errorf("%q ~ %q: %v above nmFatherBound", a.Tokens[i].Norm, b.Tokens[j].Norm, s)
						}
					}
				}
			}
		}
	}
	if fathers == 0 {
		t.Fatal("no pair of a father's name and a name part compared")
	}
	t.Logf("%d name pairs, %d token pairs of a father's name and a name part", pairs, fathers)
}
