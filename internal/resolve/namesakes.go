package resolve

import (
	"slices"

	"vetgraph/internal/match"
)

// Known namesakes (match.NamesakeOf): a pair whose birth dates differ by one
// typo weighs its names as the prior only when other records of that whole
// name, born far from both, are held. The engine looks for them among the
// holders of the name-pair blocking keys ('n': two of a name's phonetic
// keys) that both records of the pair hold, so the answer is a function of
// the records held. A record that may be a namesake (a whole name and a
// full birth date) changes it for the pairs of holders of its own
// name-pair keys whose birth dates are one typo apart (indexed: typoPairs):
// when it arrives their edges score lower (rescoreNamesakes); when it goes
// they are scored again, edge or not, as they may now reach the possible
// threshold (recompareNamesakes).

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

// typoPairs indexes the pairs the known-namesakes rule may concern: pairs
// of records with a whole name whose birth dates are one typo apart,
// scored in a write (evaluate), under each name-pair key both hold. Such
// pairs are few (a birth date is rarely written with one slip), so a
// record that may be a namesake finds the pairs it changes without
// scanning its keys' holders. A record's pairs leave the index with it.
type typoPairs map[uint64][][2]rid

// notePair indexes the pair (i, j) when the rule may concern it.
func (e *Engine) notePair(i, j rid, x, y *match.RecordFeatures) {
	if !x.FullName() || !y.FullName() || !match.TypoBirthDates(x, y, &e.cfg.Weights) {
		return
	}
	if i > j {
		i, j = j, i
	}
	var ka, kb [16]uint64
	bs := namePairKeys(y, kb[:0])
	for _, h := range namePairKeys(x, ka[:0]) {
		if !containsKey(bs, h) {
			continue
		}
		if e.typo == nil {
			e.typo = typoPairs{}
		}
		ps := e.typo[h]
		if !slices.Contains(ps, [2]rid{i, j}) {
			e.typo[h] = append(ps, [2]rid{i, j})
		}
	}
}

// forgetPairs drops record id's pairs (f its features) from the index.
func (e *Engine) forgetPairs(id rid, f *match.RecordFeatures) {
	if len(e.typo) == 0 || !f.FullName() {
		return
	}
	var kb [16]uint64
	for _, h := range namePairKeys(f, kb[:0]) {
		ps := slices.DeleteFunc(e.typo[h], func(p [2]rid) bool { return p[0] == id || p[1] == id })
		if len(ps) == 0 {
			delete(e.typo, h)
		} else {
			e.typo[h] = ps
		}
	}
}

// rescoreNamesakes runs when a record that may be a namesake (f its
// features) arrives, its blocks joined: the indexed pairs under its
// name-pair keys that hold an edge are scored again (lower, if it is a
// namesake of theirs). Pairs without an edge cannot gain one.
func (e *Engine) rescoreNamesakes(f *match.RecordFeatures) {
	e.namesakePairs(f, func(i, j rid) {
		if slices.ContainsFunc(e.rec(i).edges, func(d edge) bool { return d.to == j }) {
			e.setEdge(i, j, e.evaluate(i, j))
		}
	})
}

// recompareNamesakes runs when a record that may have been a namesake (f
// its features) has gone, its blocks and pairs left: the indexed pairs
// under its name-pair keys that share an active key are scored again
// (higher, if it was a namesake of theirs), edge or not.
func (e *Engine) recompareNamesakes(f *match.RecordFeatures) {
	var act [32]*block
	e.namesakePairs(f, func(i, j rid) {
		if slices.ContainsFunc(e.rec(i).edges, func(d edge) bool { return d.to == j }) || holdsAny(e.activeBlocks(i, act[:0]), j) {
			e.setEdge(i, j, e.evaluate(i, j))
		}
	})
}

// namesakePairs calls fn with each indexed pair under f's name-pair keys,
// once, when f may be a namesake.
func (e *Engine) namesakePairs(f *match.RecordFeatures, fn func(i, j rid)) {
	if len(e.typo) == 0 || !mayBeNamesake(f) {
		return
	}
	var kb [16]uint64
	pairs := e.pairs[:0]
	for _, h := range namePairKeys(f, kb[:0]) {
		for _, p := range e.typo[h] {
			if !slices.Contains(pairs, p) {
				pairs = append(pairs, p)
			}
		}
	}
	e.pairs = pairs[:0]
	for _, p := range slices.Clone(pairs) {
		fn(p[0], p[1])
	}
}
