package resolve

import (
	"cmp"
	"math"
	"slices"

	"vetgraph"
	"vetgraph/internal/match"
)

// Related lists the near misses of the entity with id (redirects are
// followed): records of other entities that its records meet (they share an
// active blocking key) and that score below the possible-match threshold,
// but no lower than Config.RelatedBits. The evidence leaves them apart, and
// rightly so on its own; a reviewer may still know better (a payer's
// casefile and an encounter that share only a common name, one of them
// mistyped). The names must agree at least in part; entities the engine
// knows are two people (met together at the border, or judged two people)
// are not listed. One pair per other
// entity, its best, strongest first, at most limit (limit <= 0: all); each
// is explained as Why does.
//
// It reads the engine only (its own scratch), so it may run beside other
// reads, never beside Add or Retract.
func (e *Engine) Related(id vetgraph.EntityID, limit int) []Explanation {
	live, ok := e.Resolve(id)
	if !ok {
		return nil
	}
	ent := e.entities[live]
	best := map[*entity]int{}
	two := map[*entity]bool{} // other entities known to be another person
	var found []Pair          // Score in bits
	var ky keyer
	var one [1]rid
	for _, i := range ent.members {
		x := e.rec(i)
		for _, k := range blockKeys(&ky, x.feat, e.cfg) {
			if k.freq {
				continue
			}
			members, _ := e.blocks.holders(k.h, &one)
			if len(members) > int(k.limit) {
				continue // inactive: the pair does not meet through it
			}
			for _, j := range members {
				y := e.rec(j)
				if y.ent == ent || !compatible(x.feat.Schema, y.feat.Schema) ||
					slices.ContainsFunc(x.edges, func(d edge) bool { return d.to == j }) {
					continue // its own, another kind, or a listed possible match
				}
				bits := match.RecordBits(x.feat, y.feat, &e.cfg.Weights, counts{e}, math.Inf(-1))
				if bits < e.cfg.RelatedBits || bits >= e.floor || !namesShare(x, y, &e.cfg.Weights) {
					continue
				}
				if _, seen := two[y.ent]; !seen {
					two[y.ent] = e.conflict(ent, y.ent) != ""
				}
				if two[y.ent] {
					continue // met together, or judged two people
				}
				n := Pair{A: x.key, B: y.key, Score: bits}
				if k, seen := best[y.ent]; !seen {
					best[y.ent] = len(found)
					found = append(found, n)
				} else if o := found[k]; bits > o.Score || bits == o.Score && cmp.Or(keyCompare(n.A, o.A), keyCompare(n.B, o.B)) < 0 {
					found[k] = n
				}
			}
		}
	}
	sortPairs(found, true)
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

// namesShare reports whether the names of x and y agree at least in part
// (a name piece of some similarity): a near miss is a record that may be
// the person, not one that shares a phone with them under another name (a
// relative, a smuggler's other client).
func namesShare(x, y *rec, w *match.RecordWeights) bool {
	for _, p := range match.CompareRecords(x.feat, y.feat, w, nil).Pieces {
		switch p.Kind {
		case "name", "given_name", "surname":
			if p.Score > 0 {
				return true
			}
		}
	}
	return false
}
