package resolve

import (
	"slices"
	"strings"

	"vetgraph"
)

// Events hold one kind of evidence that two records are NOT one person:
// both are involved in one event (an FtM Event's "involved": the people met
// in one border encounter). One person is not met twice in one encounter, so
// two records involved in one event (under different FtM ids) are never the
// same entity and never a possible match, whatever their names, dates or
// family address say. This separates relatives travelling together, who
// share a surname, a father's name and a home address.
//
// Like everything else in the engine, the constraint is a function of the
// records held: an event arriving after its people removes the edges it
// forbids (splitting an entity they alone held together), and an event
// retracted lets its people meet again.
type events struct {
	involved map[vetgraph.RecordKey][]string // event record → the FtM ids it involves
	of       map[string][]vetgraph.RecordKey // FtM id → the events involving it
}

// together reports whether FtM ids a and b (different ids) are involved
// in one event.
func (ev *events) together(a, b string) bool {
	_, ok := ev.eventOf(a, b)
	return ok
}

// eventOf returns an event involving both a and b.
func (ev *events) eventOf(a, b string) (vetgraph.RecordKey, bool) {
	if a == b {
		return vetgraph.RecordKey{}, false
	}
	for _, k := range ev.of[a] {
		if _, ok := slices.BinarySearch(ev.involved[k], b); ok {
			return k, true
		}
	}
	return vetgraph.RecordKey{}, false
}

// involvedIDs returns an Event record's involved FtM ids, sorted, distinct.
func involvedIDs(r vetgraph.Record) []string {
	var ids []string
	for _, v := range r.Properties["involved"] {
		if v = strings.TrimSpace(v); v != "" {
			ids = append(ids, v)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// addEvent holds an Event record (replacing the held version) and removes
// the edges between the records it now keeps apart.
func (e *Engine) addEvent(r vetgraph.Record) Change {
	ch := Change{Record: r.Key}
	e.begin(&ch, r.Seq, r.Key)
	e.removeEvent(r.Key)
	if ids := involvedIDs(r); len(ids) >= 2 {
		if e.events.involved == nil {
			e.events.involved = make(map[vetgraph.RecordKey][]string)
			e.events.of = make(map[string][]vetgraph.RecordKey)
		}
		e.events.involved[r.Key] = ids
		for _, id := range ids {
			e.events.of[id] = append(e.events.of[id], r.Key)
		}
		e.touchEvent(r.Key, "")
		hs := e.holdersOf(ids)
		for a, i := range hs {
			x := e.rec(i)
			e.markDirty(x.ent) // it may hold people now known to be two
			for _, j := range hs[a+1:] {
				if x.key.ID != e.rec(j).key.ID && e.hasEdge(i, j) {
					e.setEdge(i, j, e.evaluate(i, j)) // no edge, unless judged one person
				}
			}
		}
	}
	e.end()
	return ch
}

// removeEvent forgets a held Event record (if held) and compares again the
// records it kept apart that share an active key.
func (e *Engine) removeEvent(key vetgraph.RecordKey) bool {
	ids, ok := e.events.involved[key]
	if !ok {
		return false
	}
	e.touchEvent(key, "") // while the event still makes companions
	delete(e.events.involved, key)
	for _, id := range ids {
		ks := slices.DeleteFunc(e.events.of[id], func(k vetgraph.RecordKey) bool { return k == key })
		if len(ks) == 0 {
			delete(e.events.of, id)
		} else {
			e.events.of[id] = ks
		}
	}
	hs := e.holdersOf(ids)
	for a, i := range hs {
		e.markDirty(e.rec(i).ent) // what it kept apart may join again
		active := e.activeBlocks(i, nil)
		for _, j := range hs[a+1:] {
			if holdsAny(active, j) {
				e.setEdge(i, j, e.evaluate(i, j))
			}
		}
	}
	return true
}

// holdersOf returns the held records with the given FtM ids.
func (e *Engine) holdersOf(ids []string) []rid {
	var out []rid
	var one [1]rid
	for _, id := range ids {
		members, _ := e.blocks.holders(idKey(id), &one)
		out = append(out, members...)
	}
	return out
}
