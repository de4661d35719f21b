package resolve

import (
	"slices"

	"vetgraph"
	"vetgraph/internal/match"
)

// Companions are evidence from travel parties: two records that agree on
// the name, each met at the border with the same person, are far more
// likely one person than two bearers of that name in the population (a
// family met twice, a traveller met with the same guide). Record x has a
// companion with record y when x is involved in an event Ex, y in another
// event Ey, and some other person of Ex and some other person of Ey are one
// person on their own evidence: a base edge (their pair scores Match
// without any companion) or the same FtM id. The scorer weighs it
// ([match.Companion]): only when the names agree and nothing says two
// people.
//
// It must be unambiguous: when another person of Ey also agrees with x on
// the name (or another of Ex with y), the parties hold namesakes (a father
// and a son of one name) and the companion says nothing about which is x.
//
// Only base edges make companions, and base edges are a function of the two
// records, the frequency counts and the active blocking keys (a pair that
// meets only through a companion is not one: two such pairs would hold each
// other up), so the companion relation is a function of the records and
// events held, and the entities stay independent of the order of arrival.
// A companion met in more events than Config.CompanionLimit is generic and
// makes none (see travels). Whenever an
// input changes (a base edge appears or goes, an event or a record of a
// party arrives or goes), the pairs it may concern are rescored at the end
// of the operation (rescoreCompanions).

// companion returns the companion evidence of the pair (i, j), if any.
func (e *Engine) companion(i, j rid) (match.Companion, bool) {
	if e.cfg.Weights.Companion <= 0 || len(e.events.of) == 0 {
		return match.Companion{}, false
	}
	x, y := e.rec(i), e.rec(j)
	evx, evy := e.events.of[x.key.ID], e.events.of[y.key.ID]
	if len(evx) == 0 || len(evy) == 0 {
		return match.Companion{}, false
	}
	for _, ex := range evx {
		for _, ey := range evy {
			if ex == ey {
				continue
			}
			c, ok := e.sharedCompanion(ex, ey, x.key.ID, y.key.ID)
			if ok && e.unambiguous(i, ex, ey, y.key.ID) && e.unambiguous(j, ey, ex, x.key.ID) {
				return c, true
			}
		}
	}
	return match.Companion{}, false
}

// sharedCompanion finds a person involved in event ex (other than FtM id
// xid) who is one person with someone involved in ey (other than yid).
func (e *Engine) sharedCompanion(ex, ey vetgraph.RecordKey, xid, yid string) (match.Companion, bool) {
	for _, a := range e.events.involved[ex] {
		if a == xid || a == yid {
			continue
		}
		var one [1]rid
		ha := e.holdersOfID(a, &one)
		for _, b := range e.events.involved[ey] {
			if b == yid || b == xid {
				continue
			}
			if a == b {
				if len(ha) > 0 && e.travels(ha[0]) <= e.cfg.CompanionLimit {
					k := e.rec(ha[0]).key
					return match.Companion{A: k, B: k}, true
				}
				continue
			}
			for _, ra := range ha {
				for _, ed := range e.rec(ra).edges {
					if ed.base && e.rec(ed.to).key.ID == b && e.travels(ra) <= e.cfg.CompanionLimit && e.travels(ed.to) <= e.cfg.CompanionLimit {
						return match.Companion{A: e.rec(ra).key, B: e.rec(ed.to).key}, true
					}
				}
			}
		}
	}
	return match.Companion{}, false
}

// unambiguous reports whether no person of event ev other than FtM id
// other could be record i (met in event own) on the name: one who agrees
// with i on the name and is not one person with someone else met with i in
// own (a person met with i is not i: the mother of a daughter of her name,
// met with her in both encounters, leaves the daughter unambiguous).
func (e *Engine) unambiguous(i rid, own, ev vetgraph.RecordKey, other string) bool {
	x := e.rec(i)
	for _, id := range e.events.involved[ev] {
		if id == other || id == x.key.ID {
			continue
		}
		var one [1]rid
		for _, h := range e.holdersOfID(id, &one) {
			z := e.rec(h)
			if !compatible(x.feat.Schema, z.feat.Schema) || !match.NamesAgree(x.feat, z.feat, &e.cfg.Weights) {
				continue
			}
			if !e.metWith(h, own, x.key.ID) {
				return false
			}
		}
	}
	return true
}

// metWith reports whether record h is one person (same FtM id or a base
// edge) with someone involved in event ev other than FtM id skip.
func (e *Engine) metWith(h rid, ev vetgraph.RecordKey, skip string) bool {
	z := e.rec(h)
	for _, id := range e.events.involved[ev] {
		if id == skip {
			continue
		}
		if id == z.key.ID {
			return true
		}
		for _, ed := range z.edges {
			if ed.base && e.rec(ed.to).key.ID == id {
				return true
			}
		}
	}
	return false
}

// travels counts the events a person was met in, as far as record r
// tells: the events of r's FtM id and of the records r has a base edge with
// (distinct). A companion met more often than Config.CompanionLimit (a
// guide who crossed with dozens of parties) is generic: among the people
// met with him, namesakes are no longer rare, and he makes no companions.
func (e *Engine) travels(r rid) int {
	x := e.rec(r)
	// A local buffer, not engine scratch: reads (Why, Explain) may run
	// side by side.
	var buf [16]vetgraph.RecordKey
	seen := append(buf[:0], e.events.of[x.key.ID]...)
	for _, ed := range x.edges {
		if !ed.base {
			continue
		}
		for _, ev := range e.events.of[e.rec(ed.to).key.ID] {
			if !slices.Contains(seen, ev) {
				seen = append(seen, ev)
			}
		}
	}
	return len(seen)
}

// flipped runs when the base edge between i and j appeared or went: the
// pairs of their fellow travellers, and of the fellow travellers of every
// person i or j is a companion for (whose travels changed), are rescored at
// the end of the operation.
func (e *Engine) flipped(i, j rid) {
	if e.cfg.Weights.Companion <= 0 || len(e.events.of) == 0 {
		return
	}
	e.pendEvents(i, j)
	e.touchRecord(i, len(e.events.of[e.rec(j).key.ID]))
	e.touchRecord(j, len(e.events.of[e.rec(i).key.ID]))
}

// touchRecord queues the pairs record r may be a companion for: the people
// of r's events and of the events of r's base partners, when r's travels
// (which changed by at most delta) were or are within the limit.
func (e *Engine) touchRecord(r rid, delta int) {
	if e.travels(r)-delta > e.cfg.CompanionLimit {
		return // generic before and after
	}
	x := e.rec(r)
	e.pendEvents(r, r)
	for _, ed := range x.edges {
		if ed.base {
			e.pendEvents(r, ed.to)
		}
	}
}

// pendEvents queues the pairs of the people met with record i and the
// people met with record j, in two different events.
func (e *Engine) pendEvents(i, j rid) {
	e.pendEventIDs(e.rec(i).key.ID, e.rec(j).key.ID)
}

// pendEventIDs queues the pairs of the people met with FtM id a and the
// people met with FtM id b, in two different events.
func (e *Engine) pendEventIDs(a, b string) {
	for _, ea := range e.events.of[a] {
		for _, eb := range e.events.of[b] {
			if ea == eb {
				continue
			}
			for _, x := range e.events.involved[ea] {
				if x == a {
					continue
				}
				var one, two [1]rid
				hx := e.holdersOfID(x, &one)
				for _, y := range e.events.involved[eb] {
					if y == b || y == x {
						continue
					}
					for _, hi := range hx {
						for _, hj := range e.holdersOfID(y, &two) {
							e.pending = append(e.pending, [2]rid{min(hi, hj), max(hi, hj)})
						}
					}
				}
			}
		}
	}
}

// touchEvents runs when a record with FtM id is added or removed: the
// parties it belongs to changed (a namesake may make a companion ambiguous,
// or stop making it so).
func (e *Engine) touchEvents(id string) {
	if e.cfg.Weights.Companion <= 0 {
		return
	}
	for _, ev := range e.events.of[id] {
		e.touchEvent(ev, id)
	}
	// The person itself is (or was) the companion of the people met with it
	// in two of its events.
	e.pendEventIDs(id, id)
}

// touchEvent runs when event ev arrives or goes, or one of its people does
// (FtM id skip): the pairs its people, and their base partners, may be
// companions for are queued.
func (e *Engine) touchEvent(ev vetgraph.RecordKey, skip string) {
	if e.cfg.Weights.Companion <= 0 {
		return
	}
	for _, m := range e.events.involved[ev] {
		if m == skip {
			continue
		}
		var one [1]rid
		for _, h := range e.holdersOfID(m, &one) {
			e.touchRecord(h, 1)
			for _, ed := range e.rec(h).edges {
				if ed.base {
					e.touchRecord(ed.to, 1)
				}
			}
		}
	}
}

// holdersOfID returns the held records with FtM id (one is the backing
// store for a single holder: no allocation).
func (e *Engine) holdersOfID(id string, one *[1]rid) []rid {
	hs, _ := e.blocks.holders(idKey(id), one)
	return hs
}

// rescoreCompanions rescores the queued pairs the engine compares (they
// share an active key or have a companion: fellow travellers of one person
// meet whatever their names' blocks say) and drops the edge of a pair that
// no longer meets, until rescoring queues no more.
func (e *Engine) rescoreCompanions() {
	for len(e.pending) > 0 {
		// A pair queued many times is rescored once a round: rescoring
		// depends on the state, not on how often it was asked for.
		round := e.pending
		e.pending = nil
		slices.SortFunc(round, func(a, b [2]rid) int {
			if a[0] != b[0] {
				return int(a[0]) - int(b[0])
			}
			return int(a[1]) - int(b[1])
		})
		for k, p := range round {
			if k > 0 && p == round[k-1] {
				continue
			}
			e.rescorePair(p[0], p[1])
		}
		if e.pending == nil {
			e.pending = round[:0]
		}
	}
}

// rescorePair rescores one queued pair, or drops its edge when the two no
// longer meet.
func (e *Engine) rescorePair(i, j rid) {
	if i == j || !e.rec(i).alive || !e.rec(j).alive {
		return
	}
	if !e.meets(i, j, e.activeBlocks(i, e.active[:0])) {
		e.setEdge(i, j, verdict{}) // they no longer meet
		return
	}
	e.setEdge(i, j, e.evaluate(i, j))
}
