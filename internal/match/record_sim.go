package match

import (
	"math/bits"
	"unicode/utf8"
)

// jaroWinkler returns the Jaro-Winkler similarity of a and b in [0,1]
// (prefix scale 0.1, prefix up to 4 runes). It does not allocate for words up
// to 64 runes.
func jaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if a > b {
		a, b = b, a // canonical order keeps the result symmetric
	}
	if len(a) <= 64 && len(b) <= 64 && asciiOnly(a) && asciiOnly(b) {
		// Bytes are runes: the same computation with bit sets.
		j := jaroASCII(a, b)
		prefix := 0
		for prefix < 4 && prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
			prefix++
		}
		return j + 0.1*float64(prefix)*(1-j)
	}
	var abuf, bbuf [64]rune
	ar, br := toRunes(a, abuf[:0]), toRunes(b, bbuf[:0])
	j := jaro(ar, br)
	prefix := 0
	for prefix < 4 && prefix < len(ar) && prefix < len(br) && ar[prefix] == br[prefix] {
		prefix++
	}
	return j + 0.1*float64(prefix)*(1-j)
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// jaroASCII is jaro for ASCII strings of at most 64 bytes, the same matches
// and transpositions found with bit sets: each letter of the shorter string
// takes the first free position of the same letter within the window of the
// longer, as jaro's scan does, in one step instead of a scan of the window.
func jaroASCII(a, b string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	window := max(len(b)/2-1, 0)
	var at [128]uint64 // letter → its positions in b
	for k := 0; k < len(b); k++ {
		at[b[k]] |= 1 << k
	}
	var usedA, usedB uint64
	matches := 0
	for i := 0; i < len(a); i++ {
		lo, hi := max(0, i-window), min(len(b), i+window+1)
		win := ^uint64(0)
		if n := hi - lo; n < 64 {
			win = (uint64(1)<<n - 1) << lo
		}
		if c := at[a[i]] & win &^ usedB; c != 0 {
			usedB |= c & -c
			usedA |= 1 << i
			matches++
		}
	}
	if matches == 0 {
		return 0
	}
	trans := 0
	for ua, ub := usedA, usedB; ua != 0; ua, ub = ua&(ua-1), ub&(ub-1) {
		if a[bits.TrailingZeros64(ua)] != b[bits.TrailingZeros64(ub)] {
			trans++
		}
	}
	m := float64(matches)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(trans/2))/m) / 3
}

func toRunes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

func jaro(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	window := len(b)/2 - 1
	if window < 0 {
		window = 0
	}
	var amBuf, bmBuf [64]bool
	var am, bm []bool
	if len(a) <= 64 && len(b) <= 64 {
		am, bm = amBuf[:len(a)], bmBuf[:len(b)]
	} else {
		am, bm = make([]bool, len(a)), make([]bool, len(b))
	}
	matches := 0
	for i, r := range a {
		lo, hi := max(0, i-window), min(len(b), i+window+1)
		for k := lo; k < hi; k++ {
			if !bm[k] && b[k] == r {
				am[i], bm[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := range a {
		if !am[i] {
			continue
		}
		for !bm[k] {
			k++
		}
		if a[i] != b[k] {
			trans++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(trans/2))/m) / 3
}

// withinOneEdit reports whether a and b differ by at most one substitution,
// insertion, deletion or adjacent transposition (byte-wise; identifiers are
// normalized to ASCII letters and digits where it matters).
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:] // insertion
}
