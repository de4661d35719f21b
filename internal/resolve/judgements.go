package resolve

import (
	"slices"
	"strings"

	"vetgraph"
)

// Judgements are decisions on resolution that people (an analyst with
// `vetgraph judge`) or reports state: an UnknownLink record whose role is
// same_as says its subject and object (FtM ids) are one person, not_same_as
// that they are two. They rule over the evidence:
//
//   - records judged one person are a same-entity pair whatever they score,
//     and meet whatever their blocking keys (like records of one FtM id);
//   - records judged two people are never a pair, and no entity holds both,
//     not even through a chain of matches (apart.go, like people met
//     together).
//
// When a pair is judged both ways, "two people" holds: a merge must not
// rest on a contested decision. Decisions that contradict each other only
// through a chain (a same as b, b same as c, a not c) make one entity: the
// chain of same_as decisions is followed, and each pair's explanation shows
// what was decided. Like events, judgements are records: held,
// replaced and retracted with their batch, so the entities stay a function
// of the records held, in any order.
type judgements struct {
	pair map[vetgraph.RecordKey]judgement
	of   map[string][]vetgraph.RecordKey // FtM id → the judgements naming it
}

type judgement struct {
	a, b    string
	same    bool
	summary string
}

// judged reports what the judgements held say of FtM ids a and b: same
// (judged one person and never two) and apart (judged two people), with the
// judgement record that says it.
func (js *judgements) judged(a, b string) (same, apart bool, by vetgraph.RecordKey) {
	if a == b {
		return false, false, by
	}
	for _, k := range js.of[a] {
		j := js.pair[k]
		if j.a == b || j.b == b {
			if !j.same {
				return false, true, k
			}
			if !same {
				same, by = true, k
			}
		}
	}
	return same, false, by
}

// addJudgement holds a judgement record (replacing the held version) and
// scores again the pairs it names.
func (e *Engine) addJudgement(r vetgraph.Record, same bool) Change {
	ch := Change{Record: r.Key}
	e.begin(&ch, r.Seq, r.Key)
	e.removeJudgement(r.Key)
	a := strings.TrimSpace(r.Properties.First("subject"))
	b := strings.TrimSpace(r.Properties.First("object"))
	if a != "" && b != "" && a != b {
		if e.judg.pair == nil {
			e.judg.pair = make(map[vetgraph.RecordKey]judgement)
			e.judg.of = make(map[string][]vetgraph.RecordKey)
		}
		e.judg.pair[r.Key] = judgement{a: a, b: b, same: same, summary: r.Properties.First("summary")}
		e.judg.of[a] = append(e.judg.of[a], r.Key)
		e.judg.of[b] = append(e.judg.of[b], r.Key)
		e.rejudge(a, b)
	}
	e.end()
	return ch
}

// removeJudgement forgets a held judgement record (if held) and scores again
// the pairs it named, as the evidence alone has them.
func (e *Engine) removeJudgement(key vetgraph.RecordKey) bool {
	j, ok := e.judg.pair[key]
	if !ok {
		return false
	}
	delete(e.judg.pair, key)
	for _, id := range []string{j.a, j.b} {
		ks := slices.DeleteFunc(e.judg.of[id], func(k vetgraph.RecordKey) bool { return k == key })
		if len(ks) == 0 {
			delete(e.judg.of, id)
		} else {
			e.judg.of[id] = ks
		}
	}
	e.rejudge(j.a, j.b)
	return true
}

// rejudge scores again every pair of records of FtM ids a and b: a pair
// that meets (a judgement, an active key, a companion) gets its current
// verdict, one that no longer does loses its edge; their entities are
// settled at the end of the operation.
func (e *Engine) rejudge(a, b string) {
	var one, two [1]rid
	for _, i := range e.holdersOfID(a, &one) {
		active := e.activeBlocks(i, e.active[:0]) // i's, for all its pairs
		e.active = active
		for _, j := range e.holdersOfID(b, &two) {
			if e.meets(i, j, active) {
				e.setEdge(i, j, e.evaluate(i, j))
			} else {
				e.setEdge(i, j, verdict{})
			}
			e.markDirty(e.rec(i).ent)
			e.markDirty(e.rec(j).ent)
		}
	}
}

// meets reports whether records i and j are compared: they share an active
// blocking key (active: i's active blocks), are judged one person, or have
// a companion.
func (e *Engine) meets(i, j rid, active []*block) bool {
	if holdsAny(active, j) || e.judgedOne(i, j) {
		return true
	}
	_, ok := e.companion(i, j)
	return ok
}

// judgedSame calls f for every held record judged one person with record i.
func (e *Engine) judgedSame(i rid, f func(j rid)) {
	id := e.rec(i).key.ID
	for _, k := range e.judg.of[id] {
		jd := e.judg.pair[k]
		other := jd.a
		if other == id {
			other = jd.b
		}
		if same, _, _ := e.judg.judged(id, other); !same {
			continue
		}
		var one [1]rid
		for _, j := range e.holdersOfID(other, &one) {
			f(j)
		}
	}
}

// forced reports whether records i and j are one subject whatever they
// score: one FtM id, or judged one person. Such a match is never set aside
// (apart.go) and never weak (WeakMerges).
func (e *Engine) forced(i, j rid) bool {
	return e.rec(i).key.ID == e.rec(j).key.ID || e.judgedOne(i, j)
}

// judgedOne reports whether records i and j are judged one person.
func (e *Engine) judgedOne(i, j rid) bool {
	if len(e.judg.pair) == 0 {
		return false
	}
	same, _, _ := e.judg.judged(e.rec(i).key.ID, e.rec(j).key.ID)
	return same
}

// Contradictions returns the pairs judged two people that other decisions
// (a chain of same_as) hold in one entity anyway: decisions that contradict
// each other, for a reviewer to settle (retract one of them). Sorted by
// record keys.
func (e *Engine) Contradictions() []Pair {
	var out []Pair
	for _, j := range e.judg.pair {
		if j.same {
			continue
		}
		var one, two [1]rid
		for _, i := range e.holdersOfID(j.a, &one) {
			for _, h := range e.holdersOfID(j.b, &two) {
				x, y := e.rec(i), e.rec(h)
				if x.ent != y.ent {
					continue
				}
				a, b := x.key, y.key
				if keyLess(b, a) {
					a, b = b, a
				}
				out = append(out, Pair{A: a, B: b, Decision: vetgraph.DecisionPossible})
			}
		}
	}
	sortPairs(out, true) // scores all 0: by record keys
	return slices.Compact(out)
}
