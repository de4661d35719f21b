package vet

import (
	"slices"
	"time"

	"vetgraph"
	"vetgraph/internal/graph"
)

// view is the link graph of the statements in force at one system time
// (zero: now), with every person's flags.
type view struct {
	v         *Vetter
	at        time.Time
	g         *graph.Graph
	live      []bool         // per record version
	nodeOf    []graph.NodeID // per atom; -1 before first use
	identNode []graph.NodeID // per identifier; -1 before first use
	atomsOf   [][]int32      // per node: the atoms resolved to it
	topics    [][]int32      // per node: live topic facts
	flags     map[graph.NodeID][]vetgraph.Flag
	dirty     []graph.NodeID
	rules     []codeRule // per graph type code
}

func newView(v *Vetter, at time.Time) *view {
	return &view{v: v, at: at, g: graph.New(), flags: make(map[graph.NodeID][]vetgraph.Flag)}
}

// buildView makes the view as of at from every record version, without
// flags (computeAll fills them).
func (v *Vetter) buildView(at time.Time) *view {
	w := newView(v, at)
	w.live = make([]bool, len(v.recs))
	// In log order, so node ids (and so every tie-break) are deterministic.
	for ri := range int32(len(v.recs)) {
		if l, _ := v.latestOf(v.key(ri)); l != ri {
			continue
		}
		if e := v.effective(ri, at); e >= 0 {
			w.setLive(e, true)
		}
	}
	w.dirty = nil
	return w
}

func grow[T any](s []T, n int, fill T) []T {
	for len(s) < n {
		s = append(s, fill)
	}
	return s
}

func (w *view) node(a int32) graph.NodeID {
	w.nodeOf = grow(w.nodeOf, len(w.v.atoms), -1)
	if n := w.nodeOf[a]; n >= 0 {
		return n
	}
	n := w.g.Node(graph.KindEntity, string(w.v.entityOf(a)))
	w.nodeOf[a] = n
	w.atomsOf = grow(w.atomsOf, int(n)+1, nil)
	w.atomsOf[n] = append(w.atomsOf[n], a)
	return n
}

func (w *view) identifier(i int32) graph.NodeID {
	w.identNode = grow(w.identNode, len(w.v.idents), -1)
	if n := w.identNode[i]; n >= 0 {
		return n
	}
	n := w.g.Node(graph.KindIdentifier, w.v.idents[i])
	w.identNode[i] = n
	return n
}

// setLive turns a record version's facts on or off in the graph.
func (w *view) setLive(ri int32, on bool) {
	w.live = grow(w.live, int(ri)+1, false)
	if w.live[ri] == on {
		return
	}
	w.live[ri] = on
	r := &w.v.recs[ri]
	if r.atom >= 0 {
		w.dirty = append(w.dirty, w.node(r.atom))
	}
	for f := r.f0; f < r.f0+r.nf; f++ {
		w.setFact(f, on)
	}
}

// setFact adds or removes one fact, with the atoms' current nodes.
func (w *view) setFact(f int32, on bool) {
	ft := &w.v.facts[f]
	from := w.node(ft.a)
	switch ft.kind {
	case factLink:
		to := w.node(ft.b)
		if from == to {
			return // both ends resolved to one entity
		}
		t := linkTypes[ft.typ]
		if on {
			w.g.Add(from, to, t, graph.Ref(f))
			w.syncRules()
		} else {
			w.g.Remove(from, to, t, graph.Ref(f))
		}
		w.dirty = append(w.dirty, from, to)
	case factIdent:
		to := w.identifier(ft.b)
		if on {
			w.g.Add(from, to, vetgraph.LinkSharesIdentifier, graph.Ref(f))
			w.syncRules()
		} else {
			w.g.Remove(from, to, vetgraph.LinkSharesIdentifier, graph.Ref(f))
		}
		w.dirty = append(w.dirty, from, to)
	case factTopic:
		w.topics = grow(w.topics, int(from)+1, nil)
		if on {
			w.topics[from] = append(w.topics[from], f)
		} else if i := slices.Index(w.topics[from], f); i >= 0 {
			w.topics[from] = slices.Delete(w.topics[from], i, i+1)
		}
		w.dirty = append(w.dirty, from)
	}
}

// refreshKey makes the version of key in force at the view's time live.
func (w *view) refreshKey(k vetgraph.RecordKey) {
	latest, ok := w.v.latestOf(k)
	if !ok {
		return
	}
	want := w.v.effective(latest, w.at)
	w.live = grow(w.live, len(w.v.recs), false)
	for i := latest; i >= 0; i = w.v.recs[i].prev {
		if i != want && w.live[i] {
			w.setLive(i, false)
		}
	}
	if want >= 0 {
		w.setLive(want, true)
	}
}

// rehome re-resolves an atom and moves its live facts to its new entity.
func (w *view) rehome(a int32) {
	w.live = grow(w.live, len(w.v.recs), false)
	w.nodeOf = grow(w.nodeOf, len(w.v.atoms), -1)
	old := w.nodeOf[a]
	e := w.v.entityOf(a)
	if old >= 0 && w.g.Key(old) == string(e) {
		return
	}
	var facts []int32
	if old >= 0 {
		for _, f := range w.v.atoms[a].facts {
			if w.live[w.v.facts[f].rec] {
				facts = append(facts, f)
				w.setFact(f, false)
			}
		}
		w.atomsOf[old] = slices.DeleteFunc(w.atomsOf[old], func(x int32) bool { return x == a })
		w.dirty = append(w.dirty, old)
		w.nodeOf[a] = -1
	}
	n := w.node(a)
	w.dirty = append(w.dirty, n)
	for _, f := range facts {
		w.setFact(f, true)
	}
}

// isPerson reports whether node n is a Person entity: one of its ids has a
// live Person record.
func (w *view) isPerson(n graph.NodeID) bool {
	if w.g.Kind(n) != graph.KindEntity || int(n) >= len(w.atomsOf) {
		return false
	}
	for _, a := range w.atomsOf[n] {
		for _, ri := range w.v.atoms[a].subj {
			if w.v.recs[ri].kind == recPerson && w.live[ri] {
				return true
			}
		}
	}
	return false
}

// name returns a display name for an entity node.
func (w *view) name(n graph.NodeID) string {
	if w.g.Kind(n) != graph.KindEntity || int(n) >= len(w.atomsOf) {
		return ""
	}
	var given []string // the live records' names
	for _, a := range w.atomsOf[n] {
		for _, ri := range w.v.atoms[a].subj {
			if r := &w.v.recs[ri]; w.live[ri] && r.name >= 0 {
				given = append(given, w.v.names[r.name])
			}
		}
	}
	if names := vetgraph.ShownNames(given); len(names) > 0 {
		return names[0]
	}
	return ""
}

// records returns the live subject record keys of an entity node, sorted.
func (w *view) records(n graph.NodeID) []vetgraph.RecordKey {
	var out []vetgraph.RecordKey
	if int(n) >= len(w.atomsOf) {
		return nil
	}
	for _, a := range w.atomsOf[n] {
		for _, ri := range w.v.atoms[a].subj {
			if w.live[ri] {
				out = append(out, w.v.key(ri))
			}
		}
	}
	slices.SortFunc(out, func(a, b vetgraph.RecordKey) int {
		if a.Source != b.Source {
			return compareStr(a.Source, b.Source)
		}
		return compareStr(a.ID, b.ID)
	})
	return slices.Compact(out)
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// followable reports whether the flag search can ever cross a link type.
func (w *view) followable(t vetgraph.LinkType) (LinkRule, bool) {
	if t == vetgraph.LinkSharesIdentifier {
		return LinkRule{Carry: CarryFull, Weight: 1}, true
	}
	r := w.v.pol.Rule(t)
	switch r.Carry {
	case CarryFull, CarryMembership, CarryClient:
		return r, true
	}
	return r, false
}

// affected returns the nodes whose flags may have changed because of the
// dirty nodes: every node that can reach one of them within the policy's
// degree (a superset of what the policy allows), plus every dirty node; it
// clears the dirty list.
func (w *view) affected() []graph.NodeID {
	dirty := w.dirty
	w.dirty = nil
	g := w.g
	reach := graph.Bounded(dirty, w.v.pol.MaxDegree, func(n graph.NodeID, yield func(graph.NodeID, uint8) bool) {
		if g.Kind(n) == graph.KindIdentifier {
			// Every holder reaches what the identifier reaches.
			for _, e := range g.In(n) {
				if !yield(g.Edge(e).From, 0) {
					return
				}
			}
			return
		}
		for _, e := range g.In(n) {
			ed := g.Edge(e)
			if _, ok := w.followable(ed.Type); ok {
				if !yield(ed.From, 1) {
					return
				}
			}
		}
		for _, e := range g.Out(n) {
			ed := g.Edge(e)
			if ed.Type == vetgraph.LinkSharesIdentifier {
				// The other holders reach n through the identifier.
				if !yield(ed.To, 1) {
					return
				}
				continue
			}
			if r, ok := w.followable(ed.Type); ok && r.Symmetric {
				if !yield(ed.To, 1) {
					return
				}
			}
		}
	})
	out := make([]graph.NodeID, 0, len(reach))
	for n := range reach {
		if g.Kind(n) != graph.KindEntity {
			continue
		}
		if _, flagged := w.flags[n]; flagged || w.isPerson(n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
