package resolve

import (
	"math"
	"slices"

	"vetgraph"
)

// WeakMerges returns the matches that alone hold an entity together (without
// the match its records would be two entities) and score within
// AmbiguityBits of the match threshold, weakest first: the merges a reviewer
// may want to confirm ("same") or undo ("different") with a decision.
// Matches by FtM id or by a decision are never weak.
func (e *Engine) WeakMerges() []Pair {
	var out []Pair
	e.held(func(i rid, x *rec) {
		for _, ed := range x.edges {
			if ed.to > i && e.weak(i, ed) {
				out = append(out, Pair{A: x.key, B: e.rec(ed.to).key, Score: float64(ed.value), Decision: vetgraph.DecisionSame})
			}
		}
	})
	slices.SortFunc(out, func(a, b Pair) int {
		if a.Score != b.Score {
			if a.Score < b.Score {
				return -1
			}
			return 1
		}
		if keyLess(a.A, b.A) {
			return -1
		}
		if keyLess(b.A, a.A) {
			return 1
		}
		if keyLess(a.B, b.B) {
			return -1
		}
		return 1
	})
	return out
}

// weak reports whether record i's edge ed is a weak merge (see WeakMerges).
func (e *Engine) weak(i rid, ed edge) bool {
	x, y := e.rec(i), e.rec(ed.to)
	limit := math.Log2(e.cfg.Match/(1-e.cfg.Match)) + AmbiguityBits
	return ed.same && y.ent == x.ent && x.key.ID != y.key.ID && !e.judgedOne(i, ed.to) &&
		edgeBits(ed.value) < limit && e.bridge(i, ed.to)
}

// bridge reports whether the same-entity edge between i and j is the only
// path between them inside their entity.
func (e *Engine) bridge(i, j rid) bool {
	ent := e.rec(i).ent
	e.gen++
	e.mark[i] = e.gen
	q := []rid{i}
	for k := 0; k < len(q); k++ {
		c := q[k]
		for _, ed := range e.rec(c).edges {
			if !ed.same || e.mark[ed.to] == e.gen || e.rec(ed.to).ent != ent || c == i && ed.to == j {
				continue
			}
			if ed.to == j {
				return false
			}
			e.mark[ed.to] = e.gen
			q = append(q, ed.to)
		}
	}
	return true
}
