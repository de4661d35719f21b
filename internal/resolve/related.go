package resolve

import (
	"math"

	"vetgraph"
	"vetgraph/internal/match"
)

// Related lists the near misses of the entity with id (redirects are
// followed): records of other entities that its records meet (they share an
// active blocking key) and that score below the possible-match threshold,
// but no lower than Config.RelatedBits; and records that share with its
// records only keys too common to meet by (up to Config.ScanLimit holders,
// eachCrowded) and score at least the possible-match threshold: they would
// be possible matches had the name been rarer. The evidence leaves them
// apart, and rightly so on its own; a reviewer may still know better (a
// payer's casefile and an encounter that share only a common name, one of
// them mistyped). The names must share something (match.NamesShare): a
// near miss is a record that may be the person, not one that shares a
// phone with them under another name (a relative, a smuggler's other
// client). Entities the engine knows are two people (met together at the
// border, judged two people, or told apart by their documents) are not
// listed. One pair per other entity, its best, strongest first, at most
// limit (limit <= 0: all); each is explained as Why does.
//
// It reads the engine only (its own scratch), so it may run beside other
// reads, never beside Add or Retract.
func (e *Engine) Related(id vetgraph.EntityID, limit int) []Explanation {
	live, ok := e.Resolve(id)
	if !ok {
		return nil
	}
	ent := e.entities[live]
	two := map[*entity]bool{} // other entities known to be another person
	var found []Pair          // Score in bits
	var ky keyer
	seen := make(map[rid]struct{}, 32)
	for _, i := range ent.members {
		x := e.rec(i)
		// near(lo, hi, floor) lists a record scoring at least lo and below
		// hi (RecordBits exact from floor up).
		near := func(lo, hi, floor float64) func(j rid) {
			return func(j rid) {
				y := e.rec(j)
				if y.ent == ent || !compatible(x.feat.Schema, y.feat.Schema) || e.hasEdge(i, j) {
					return // its own, another kind, or a listed possible match
				}
				bits := match.RecordBits(x.feat, y.feat, &e.cfg.Weights, counts{e}, floor)
				if bits < lo || bits >= hi || !match.NamesShare(x.feat, y.feat, &e.cfg.Weights) {
					return
				}
				if _, known := two[y.ent]; !known {
					two[y.ent] = e.conflict(ent, y.ent) != ""
				}
				if !two[y.ent] { // known to be another person: not listed
					found = append(found, Pair{A: x.key, B: y.key, Score: bits})
				}
			}
		}
		// The records met score below the possible-match threshold (those
		// above it are possible matches already); those of keys too common
		// to meet by, at least it (they would have been possible matches
		// had the name been rarer; the namesakes below would crowd the page).
		keys := e.eachMet(x.feat, &ky, seen, near(e.cfg.RelatedBits, e.floor, math.Inf(-1)))
		e.eachCrowded(keys, seen, near(e.floor, math.Inf(1), e.floor))
	}
	// The best pair of each other entity, strongest first.
	sortPairs(found, true)
	shown := map[*entity]bool{}
	best := found[:0]
	for _, p := range found {
		j, _ := e.lookup(p.B)
		if other := e.rec(j).ent; !shown[other] {
			shown[other] = true
			best = append(best, p)
		}
	}
	found = best
	if limit > 0 && len(found) > limit {
		found = found[:limit]
	}
	out := make([]Explanation, 0, len(found))
	for _, n := range found {
		ex := e.Why(n.A, n.B)
		ex.Path = nil
		out = append(out, ex)
	}
	return out
}
