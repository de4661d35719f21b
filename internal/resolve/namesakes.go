package resolve

import (
	"slices"

	"vetgraph"
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
//
// Household namesakes (match.HouseholdNamesakeOf) work the same way over
// the holders of a household's address instead of a name's: a pair that
// agrees on the name and shares only a household's address weighs its
// names at their level when no other record there bears the name and is
// another person (match's householdDate). Such pairs are indexed under
// their shared address keys ('l' address|value) in the same index, marked
// home; a record with an address and a full birth date or a father's name
// changes them as it comes and goes.

// Namesakes counts the known namesakes of a and b among the records held
// (a or b may be a record not held: a screening query), or, unless all,
// says whether there is one (0 or 1).
func (c counts) Namesakes(a, b *match.RecordFeatures, all bool) int {
	var buf [16]uint64
	return c.ask(typoKind, sharedNamePairKeys(a, b, buf[:0]), a, b, all, match.NamesakeOf)
}

// HomeNamesakes counts the household namesakes of a and b among the holders
// of the household addresses they share (those held by at most the generic
// limit), or, unless all, says whether there is one (0 or 1).
func (c counts) HomeNamesakes(a, b *match.RecordFeatures, all bool) int {
	var vs [4]string
	var buf [4]uint64
	keys := buf[:0]
	for _, v := range match.SharedAddresses(a, b, vs[:0]) {
		if c.Holders(vetgraph.IDAddress, v) <= c.e.cfg.Weights.GenericLimit {
			keys = append(keys, addressKey(v))
		}
	}
	return c.ask(homeKind, keys, a, b, all, match.HouseholdNamesakeOf)
}

// ask answers a namesakes question of kind about a and b from the holders
// of keys (among). When a and b are the pair evaluate is scoring, the
// answer is kept for the rest of the scoring and the pair is indexed under
// keys with it: the scorer asks only about pairs the rule may change.
func (c counts) ask(kind int, keys []uint64, a, b *match.RecordFeatures, all bool, test func(a, b, r *match.RecordFeatures, w *match.RecordWeights) bool) int {
	p := &c.e.scoring
	scored := !all && p.x != nil && (p.x == a && p.y == b || p.x == b && p.y == a)
	if scored && p.answer[kind] != 0 {
		return int(p.answer[kind]) - 1
	}
	n := c.among(keys, a, b, all, test)
	if scored {
		p.answer[kind] = int8(min(n, 1)) + 1
		c.e.indexPair(keys, typoPair{p.i, p.j, n > 0, kind == homeKind})
	}
	return n
}

// among counts the holders of the keys, other than a and b, that are
// namesakes of the pair by test, or, unless all, says whether there is one.
func (c counts) among(keys []uint64, a, b *match.RecordFeatures, all bool, test func(a, b, r *match.RecordFeatures, w *match.RecordWeights) bool) int {
	e := c.e
	n := 0
	var seen []rid
	for _, h := range keys {
		var one [1]rid
		hs, _ := e.blocks.holders(h, &one)
		for _, r := range hs {
			f := e.rec(r).feat
			if f.Key == a.Key || f.Key == b.Key {
				continue
			}
			if all { // a record holding two of the keys counts once
				if slices.Contains(seen, r) {
					continue
				}
				seen = append(seen, r)
			}
			if test(a, b, f, &e.cfg.Weights) {
				n++
				if !all {
					return n
				}
			}
		}
	}
	return n
}

// addressKey is the hash of an address value's link-grade blocking key,
// as blockKeys makes it ('l' kind '|' value).
func addressKey(v string) uint64 {
	var buf [128]byte
	k := append(append(append(append(buf[:0], 'l'), vetgraph.IDAddress...), '|'), v...)
	return hashKey(k)
}

// addressKeys appends to dst the hashes of the record's address keys.
func addressKeys(f *match.RecordFeatures, dst []uint64) []uint64 {
	for _, id := range f.Links {
		if id.Kind == vetgraph.IDAddress {
			dst = append(dst, addressKey(id.Value))
		}
	}
	return dst
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

// sharedNamePairKeys appends to dst the hashes of the name-pair keys both
// a and b hold.
func sharedNamePairKeys(a, b *match.RecordFeatures, dst []uint64) []uint64 {
	var ka, kb [16]uint64
	bs := namePairKeys(b, kb[:0])
	for _, h := range namePairKeys(a, ka[:0]) {
		if slices.Contains(bs, h) {
			dst = append(dst, h)
		}
	}
	return dst
}

// mayBeNamesake reports whether a record can be anyone's known namesake.
func mayBeNamesake(f *match.RecordFeatures) bool { return f.FullName() && f.FullBirthDate() }

// mayBeHomeNamesake reports whether a record can be anyone's household
// namesake: it has an address and a full birth date or a father's name.
func mayBeHomeNamesake(f *match.RecordFeatures) bool {
	if !f.FullBirthDate() && len(f.Father) == 0 {
		return false
	}
	return slices.ContainsFunc(f.Links, func(id match.Ident) bool { return id.Kind == vetgraph.IDAddress })
}

// typoPairs indexes the pairs the namesakes rules may change: pairs of
// records with a whole name whose birth dates are one slip apart, under
// each name-pair key both hold, and pairs that agree on the name at a
// household's address, under its address key (home), each indexed when
// the scorer asks about it in a write (evaluate: ask). Such pairs are few
// next to all pairs, so a record that may be a namesake finds the pairs it
// changes without scanning its keys' holders. Each entry says whether the
// pair had a namesake when last scored: a pair that had one scores the
// same whatever other namesakes arrive (the rule asks only whether there
// is one). A pair the scorer did not ask about scores below the
// possible-match threshold, or the rule does not concern it: a namesake's
// coming or going changes nothing. A record's pairs leave the index with
// it.
type typoPairs map[uint64][]typoPair

type typoPair struct {
	i, j rid
	has  bool // a namesake when last scored
	home bool // a household pair, under an address key
}

// The kinds of namesakes questions (scoringPair.answer).
const (
	typoKind = iota // known namesakes (Namesakes)
	homeKind        // household namesakes (HomeNamesakes)
)

// notePair marks (i, j) as the pair evaluate is scoring (features x and
// y), so that ask indexes it with the answers the scorer asks for.
func (e *Engine) notePair(i, j rid, x, y *match.RecordFeatures) {
	if i > j {
		i, j = j, i
	}
	e.scoring = scoringPair{i: i, j: j, x: x, y: y}
}

// indexPair enters (or updates) the pair p under each of keys.
func (e *Engine) indexPair(keys []uint64, p typoPair) {
	for _, h := range keys {
		if e.typo == nil {
			e.typo = typoPairs{}
		}
		ps := e.typo[h]
		if k := slices.IndexFunc(ps, func(q typoPair) bool { return q.i == p.i && q.j == p.j && q.home == p.home }); k >= 0 {
			ps[k].has = p.has
		} else {
			e.typo[h] = append(ps, p)
		}
	}
}

// scoringPair is the pair evaluate is scoring (records i < j, features x
// and y) and the answers to the namesakes questions asked about it so far
// (per kind: 0 not asked, 1 none, 2 one), cleared when the scoring is
// done: reads never see it.
type scoringPair struct {
	i, j   rid
	x, y   *match.RecordFeatures
	answer [2]int8
}

// forgetPairs drops record id's pairs (f its features) from the index.
func (e *Engine) forgetPairs(id rid, f *match.RecordFeatures) {
	if len(e.typo) == 0 {
		return
	}
	var kb [20]uint64
	for _, h := range addressKeys(f, namePairKeys(f, kb[:0])) {
		ps := slices.DeleteFunc(e.typo[h], func(p typoPair) bool { return p.i == id || p.j == id })
		if len(ps) == 0 {
			delete(e.typo, h)
		} else {
			e.typo[h] = ps
		}
	}
}

// rescoreNamesakes runs when a record that may be a namesake (f its
// features) arrives, its blocks joined: the indexed pairs under its
// name-pair keys of which it is a namesake and that hold an edge are
// scored again (lower). Pairs without an edge cannot gain one, and a pair
// of which it is no namesake scores as before (the score asks only
// whether there is one).
func (e *Engine) rescoreNamesakes(f *match.RecordFeatures) {
	e.rescoreNamesakePairs(f, false, e.hasEdge)
}

// recompareNamesakes runs when a record that may have been a namesake (f
// its features) has gone, its blocks and pairs left: the indexed pairs
// under its name-pair keys of which it was a namesake and that share an
// active key are scored again (higher, if it was their only one), edge or
// not.
func (e *Engine) recompareNamesakes(f *match.RecordFeatures) {
	var act [32]*block
	e.rescoreNamesakePairs(f, true, func(i, j rid) bool { return e.hasEdge(i, j) || holdsAny(e.activeBlocks(i, act[:0]), j) })
}

// rescoreNamesakePairs scores again, once each, the indexed pairs under
// f's name-pair keys that had a known namesake when last scored (had) or
// not (!had), for which need holds (asked first: it is the cheaper test)
// and of which f is a namesake.
func (e *Engine) rescoreNamesakePairs(f *match.RecordFeatures, had bool, need func(i, j rid) bool) {
	if len(e.typo) == 0 {
		return
	}
	for _, home := range [2]bool{false, true} {
		var kb [16]uint64
		var keys []uint64
		switch {
		case !home && mayBeNamesake(f):
			keys = namePairKeys(f, kb[:0])
		case home && mayBeHomeNamesake(f):
			keys = addressKeys(f, kb[:0])
		}
		pairs := e.pairs[:0]
		for _, h := range keys {
			for _, p := range e.typo[h] {
				if q := [2]rid{p.i, p.j}; p.has == had && p.home == home && !slices.Contains(pairs, q) {
					pairs = append(pairs, q)
				}
			}
		}
		// Scoring a pair may update the index (notePair), not this list.
		for _, p := range pairs {
			if !need(p[0], p[1]) {
				continue
			}
			x, y := e.rec(p[0]).feat, e.rec(p[1]).feat
			if !home && match.NamesakeOf(x, y, f, &e.cfg.Weights) || home && match.HouseholdNamesakeOf(x, y, f, &e.cfg.Weights) {
				e.setEdge(p[0], p[1], e.evaluate(p[0], p[1]))
			}
		}
		e.pairs = pairs[:0]
	}
}
