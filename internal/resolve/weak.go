package resolve

import (
	"math"

	"vetgraph"
)

// WeakMerges returns the matches that hold an entity's records together
// where nothing stronger does: split each entity into the parts its strong
// matches join (by FtM id, by decision, or scoring at least Config.AmbiguityBits
// above the match threshold), and every match between two parts is weak.
// Weakest first. These are the merges a reviewer may want to confirm
// ("same") or undo ("different") with a decision.
func (e *Engine) WeakMerges() []Pair {
	var out []Pair
	for _, ent := range e.entities {
		parts := e.strongParts(ent)
		if parts == nil {
			continue
		}
		for _, i := range ent.members {
			x := e.rec(i)
			for _, ed := range x.edges {
				if ed.same && ed.to > i && e.rec(ed.to).ent == ent && parts[i] != parts[ed.to] {
					out = append(out, Pair{A: x.key, B: e.rec(ed.to).key, Score: float64(ed.value), Decision: vetgraph.DecisionSame})
				}
			}
		}
	}
	sortPairs(out, false)
	return out
}

// strongParts labels the records of ent by the part their strong matches
// join them into, or returns nil when they join all of them.
func (e *Engine) strongParts(ent *entity) map[rid]int {
	if len(ent.members) < 2 {
		return nil
	}
	limit := math.Log2(e.cfg.Match/(1-e.cfg.Match)) + e.cfg.AmbiguityBits
	parts := make(map[rid]int, len(ent.members))
	n := 0
	for _, start := range ent.members {
		if _, ok := parts[start]; ok {
			continue
		}
		parts[start] = n
		q := []rid{start}
		for k := 0; k < len(q); k++ {
			c := q[k]
			for _, ed := range e.rec(c).edges {
				if _, ok := parts[ed.to]; ok || !ed.same || e.rec(ed.to).ent != ent {
					continue
				}
				if edgeBits(ed.value) < limit && !e.forced(c, ed.to) {
					continue // weak
				}
				parts[ed.to] = n
				q = append(q, ed.to)
			}
		}
		n++
	}
	if n == 1 {
		return nil
	}
	return parts
}
