package resolve

import (
	"vetgraph/internal/match"
)

// Known namesakes (match.NamesakeOf): a pair whose birth dates differ by one
// typo weighs its names as the prior only when other records of that whole
// name, born far from both, are held. The engine looks for them among the
// holders of the name-pair blocking keys ('n': two of a name's phonetic
// keys) that both records of the pair hold, so the answer is a function of
// the records held. A record that may be a namesake (a whole name and a
// full birth date) changes it for the pairs of its own name-pair keys'
// holders: when it arrives their edges score lower (rescoreNamesakes);
// when it goes, their pairs whose birth dates are one typo apart are scored
// again, edge or not, as they may now reach the possible threshold.

// Namesakes counts the known namesakes of a and b among the records held
// (a or b may be a record not held: a screening query).
func (c counts) Namesakes(a, b *match.RecordFeatures) int {
	e := c.e
	var ka, kb [16]uint64
	as, bs := namePairKeys(a, ka[:0]), namePairKeys(b, kb[:0])
	n := 0
	var seen []rid
	for _, h := range as {
		if !containsKey(bs, h) {
			continue
		}
		var one [1]rid
		hs, _ := e.blocks.holders(h, &one)
		for _, r := range hs {
			f := e.rec(r).feat
			if f == a || f == b || f.Key == a.Key || f.Key == b.Key || containsRid(seen, r) {
				continue
			}
			seen = append(seen, r)
			if match.NamesakeOf(a, b, f, &e.cfg.Weights) {
				n++
			}
		}
	}
	return n
}

// namePairKeys appends to dst the hashes of the record's name-pair
// blocking keys, as blockKeys makes them ('n' key '|' key).
func namePairKeys(f *match.RecordFeatures, dst []uint64) []uint64 {
	nk := f.NameKeys()
	var buf [64]byte
	for a := 0; a < len(nk); a++ {
		for b := a + 1; b < len(nk); b++ {
			k := append(append(append(append(buf[:0], 'n'), nk[a]...), '|'), nk[b]...)
			dst = append(dst, hashKey(k))
		}
	}
	return dst
}

func containsKey(hs []uint64, h uint64) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func containsRid(rs []rid, r rid) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// mayBeNamesake reports whether a record can be anyone's known namesake.
func mayBeNamesake(f *match.RecordFeatures) bool { return f.FullName() && f.FullBirthDate() }

// rescoreNamesakes runs when record id, which may be a namesake, arrives
// (its blocks joined): the edges between other holders of one of its
// name-pair keys whose birth dates are one typo apart are scored again
// (lower, if id is a namesake of theirs). Pairs without an edge cannot gain
// one.
func (e *Engine) rescoreNamesakes(id rid) {
	f := e.rec(id).feat
	if !mayBeNamesake(f) {
		return
	}
	var kb [16]uint64
	for _, h := range namePairKeys(f, kb[:0]) {
		b := e.blocks.block(h)
		if b == nil {
			continue // held by id alone
		}
		e.gen++
		for _, i := range b.members {
			e.mark[i] = e.gen
		}
		pairs := e.pairs[:0]
		for _, i := range b.members {
			x := e.rec(i)
			if i == id || !x.feat.FullName() {
				continue
			}
			for _, ed := range x.edges {
				if j := ed.to; j != id && j > i && e.mark[j] == e.gen && match.TypoBirthDates(x.feat, e.rec(j).feat, &e.cfg.Weights) {
					pairs = append(pairs, [2]rid{i, j})
				}
			}
		}
		for _, p := range pairs {
			e.setEdge(p[0], p[1], e.evaluate(p[0], p[1]))
		}
		e.pairs = pairs[:0]
	}
}

// recompareNamesakes runs when a record that may have been a namesake has
// gone (f its features, its blocks left): every pair of holders of one of
// its name-pair keys whose birth dates are one typo apart and that share an
// active key is scored again (higher, if it was a namesake of theirs).
func (e *Engine) recompareNamesakes(f *match.RecordFeatures) {
	if !mayBeNamesake(f) {
		return
	}
	var kb [16]uint64
	var act [32]*block
	for _, h := range namePairKeys(f, kb[:0]) {
		b := e.blocks.block(h)
		if b == nil {
			continue
		}
		members := append([]rid(nil), b.members...)
		for n, i := range members {
			x := e.rec(i)
			if !x.feat.FullName() || !x.feat.FullBirthDate() {
				continue
			}
			var active []*block
			for _, j := range members[n+1:] {
				y := e.rec(j)
				if !y.feat.FullName() || !match.TypoBirthDates(x.feat, y.feat, &e.cfg.Weights) {
					continue
				}
				if active == nil {
					active = e.activeBlocks(i, act[:0])
				}
				if holdsAny(active, j) {
					e.setEdge(i, j, e.evaluate(i, j))
				}
			}
		}
	}
}
