package match

import "unicode/utf8"

// nmJwMax bounds the length compared by nmJaroWinkler; longer strings are cut.
const nmJwMax = 64

// nmJaroWinkler returns the Jaro-Winkler similarity of a and b (prefix scale
// 0.1, prefix up to 4). ASCII strings compare by byte, others by rune. It
// does not allocate for strings up to nmJwMax runes.
func nmJaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if a == "" || b == "" {
		return 0
	}
	if nmASCII(a) && nmASCII(b) {
		// Bytes are runes: compare the strings in place.
		return nmJaroWinklerOf([]byte(a[:min(len(a), nmJwMax)]), []byte(b[:min(len(b), nmJwMax)]))
	}
	var ra, rb [nmJwMax]rune
	la, lb := nmToRunes(a, &ra), nmToRunes(b, &rb)
	return nmJaroWinklerOf(ra[:la], rb[:lb])
}

// nmJaroWinklerOf is nmJaroWinkler of two non-empty letter sequences of at
// most nmJwMax letters.
func nmJaroWinklerOf[T byte | rune](ra, rb []T) float64 {
	if len(ra) > len(rb) { // symmetric: always scan the shorter against the longer
		ra, rb = rb, ra
	}
	la, lb := len(ra), len(rb)
	window := lb/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [nmJwMax]bool
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if ra[i] != rb[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && ra[p] == rb[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

func nmToRunes(s string, buf *[nmJwMax]rune) int {
	n := 0
	for i := 0; i < len(s) && n < nmJwMax; {
		c := s[i]
		if c < utf8.RuneSelf {
			buf[n] = rune(c)
			i++
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			buf[n] = r
			i += w
		}
		n++
	}
	return n
}

// nmLevSim returns 1 - d/max(len(a), len(b)) where d is the optimal string
// alignment distance of a and b (insertions, deletions, substitutions and
// transpositions of neighbours, each costing 1). It compares bytes, so use
// it on ASCII strings (canonical Latin); it does not allocate and cuts
// strings longer than nmJwMax bytes.
func nmLevSim(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := min(len(a), nmJwMax), min(len(b), nmJwMax)
	if la == 0 || lb == 0 {
		return 0
	}
	return 1 - float64(nmOSA(a[:la], b[:lb]))/float64(max(la, lb))
}

// nmOneEdit reports whether the optimal string alignment distance of a
// and b is exactly 1 (nmOSA(a, b) == 1) in one pass over the bytes: with
// the common beginning and end taken off, what is left is one byte against
// none, one against one, or a transposed pair.
func nmOneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	n := min(la, lb)
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	s := 0
	for s < n-p && a[la-1-s] == b[lb-1-s] {
		s++
	}
	ma, mb := a[p:la-s], b[p:lb-s]
	switch {
	case len(ma)+len(mb) == 1:
		return true // an insertion or a deletion
	case len(ma) == 1 && len(mb) == 1:
		return true // a substitution
	case len(ma) == 2 && len(mb) == 2:
		return ma[0] == mb[1] && ma[1] == mb[0] // a transposition of neighbours
	}
	return false
}

// nmOSA returns the optimal string alignment distance of a and b, both of
// 1 to nmJwMax bytes: Hyyrö's bit-parallel algorithm (2003) when a is
// ASCII, one machine word per column of the dynamic programme instead of
// len(a) cells, else nmOSADP.
func nmOSA(a, b string) int {
	if !nmASCII(a) {
		return nmOSADP(a, b)
	}
	var peq [128]uint64 // bit i set in peq[c]: a[i] == c
	for i := 0; i < len(a); i++ {
		peq[a[i]] |= 1 << i
	}
	last := uint64(1) << (len(a) - 1)
	vp, vn, d0, pmOld := ^uint64(0), uint64(0), uint64(0), uint64(0)
	d := len(a)
	for j := 0; j < len(b); j++ {
		var pm uint64
		if c := b[j]; c < 128 {
			pm = peq[c]
		}
		tr := ((^d0 & pm) << 1) & pmOld // a transposition
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&last != 0 {
			d++
		}
		if hn&last != 0 {
			d--
		}
		hp = hp<<1 | 1
		vp = hn<<1 | ^(d0 | hp)
		vn = hp & d0
		pmOld = pm
	}
	return d
}

// nmOSADP is nmOSA by the dynamic programme, for any bytes.
func nmOSADP(a, b string) int {
	la, lb := len(a), len(b)
	var r0, r1, r2 [nmJwMax + 1]uint8 // distances are at most nmJwMax
	prev2, prev, cur := &r0, &r1, &r2
	for j := 0; j <= lb; j++ {
		prev[j] = uint8(j)
	}
	for i := 1; i <= la; i++ {
		cur[0] = uint8(i)
		for j := 1; j <= lb; j++ {
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[lb])
}
