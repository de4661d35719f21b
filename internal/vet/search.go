package vet

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"vetgraph"
	"vetgraph/internal/graph"
)

// Search states.
const (
	stFull   graph.State = 0 // every topic passes
	stClient graph.State = 1 // past a client link: only client topics, only membership links
)

// gradeWeight is the strongest grade weight among an edge's evidence.
func (w *view) gradeWeight(e graph.EdgeID) float64 {
	best := 0.0
	var buf [8]graph.Ref
	for _, r := range w.g.Refs(buf[:0], e) {
		gw := w.v.batches[w.v.recs[w.v.facts[r].rec].batch].b.Grade.Weight()
		best = max(best, gw)
	}
	return best
}

// codeRule is the policy rule for one graph type code.
type codeRule struct {
	LinkRule
	ident bool
}

// ruleOf returns the rule for an edge's type, through a table indexed by the
// graph's type code (a map lookup per edge is too slow on hubs). The table is
// filled by syncRules on the write path, so readers never mutate it.
func (w *view) ruleOf(e graph.EdgeID) codeRule {
	c := w.g.TypeCode(e)
	if int(c) < len(w.rules) {
		return w.rules[c]
	}
	return w.makeRule(c)
}

func (w *view) makeRule(c uint8) codeRule {
	t := w.g.TypeOfCode(c)
	return codeRule{LinkRule: w.v.pol.Rule(t), ident: t == vetgraph.LinkSharesIdentifier}
}

// syncRules extends the rule table to every type code the graph uses.
func (w *view) syncRules() {
	for len(w.rules) < w.g.NumTypeCodes() {
		w.rules = append(w.rules, w.makeRule(uint8(len(w.rules))))
	}
}

// expander is the flag search under the policy.
func (w *view) expander() graph.Expander {
	g, pol := w.g, w.v.pol
	symClient := false // does any symmetric rule go on past a client link?
	for _, r := range pol.Links {
		symClient = symClient || r.Symmetric && r.Carry == CarryMembership
	}
	return func(n graph.NodeID, s graph.State, budget int, yield func(graph.Move) bool) {
		if g.Kind(n) == graph.KindIdentifier {
			if budget < 1 {
				return
			}
			in := g.In(n)
			rule := pol.SharedIdentifier
			if len(in) <= pol.PersonalIdentifierMax {
				rule = pol.PersonalIdentifier
			}
			next := stFull
			if rule.Carry == CarryClient {
				next = stClient
			}
			for _, e := range in {
				m := graph.Move{Edge: e, To: g.Edge(e).From, State: next, Cost: 1, Weight: rule.Weight * w.gradeWeight(e)}
				if !yield(m) {
					return
				}
			}
			return
		}
		if s == stClient && budget < 1 {
			return // only costed membership moves remain possible
		}
		try := func(e graph.EdgeID, to graph.NodeID, r codeRule) bool {
			if r.ident {
				if s != stFull {
					return true
				}
				return yield(graph.Move{Edge: e, To: to, State: stFull, Cost: 0, Weight: w.gradeWeight(e)})
			}
			if budget < 1 {
				return true
			}
			var next graph.State
			switch {
			case r.Carry == CarryMembership:
				next = s
			case r.Carry == CarryFull && s == stFull:
				next = stFull
			case r.Carry == CarryClient && s == stFull:
				next = stClient
			default:
				return true
			}
			return yield(graph.Move{Edge: e, To: to, State: next, Cost: 1, Weight: r.Weight * w.gradeWeight(e)})
		}
		for _, e := range g.Out(n) {
			if !try(e, g.Edge(e).To, w.ruleOf(e)) {
				return
			}
		}
		if budget < 1 || s == stClient && !symClient {
			return
		}
		for _, e := range g.In(n) {
			if r := w.ruleOf(e); r.Symmetric && !r.ident {
				if !try(e, g.Edge(e).From, r) {
					return
				}
			}
		}
	}
}

// topicGroup is one topic on a node with its live evidence facts.
type topicGroup struct {
	topic  vetgraph.Topic
	weight float64 // strongest grade weight
	facts  []int32
}

func (w *view) topicsOf(n graph.NodeID) []topicGroup {
	if int(n) >= len(w.topics) || len(w.topics[n]) == 0 {
		return nil
	}
	var out []topicGroup
	for _, f := range w.topics[n] {
		ft := &w.v.facts[f]
		t := w.v.topics[ft.b]
		gw := w.v.batches[w.v.recs[ft.rec].batch].b.Grade.Weight()
		i := slices.IndexFunc(out, func(g topicGroup) bool { return g.topic == t })
		if i < 0 {
			out = append(out, topicGroup{topic: t})
			i = len(out) - 1
		}
		out[i].weight = max(out[i].weight, gw)
		out[i].facts = append(out[i].facts, f)
	}
	slices.SortFunc(out, func(a, b topicGroup) int { return cmp.Compare(a.topic, b.topic) })
	return out
}

type flagKey struct {
	topic   vetgraph.Topic
	concern graph.NodeID
}

type candidate struct {
	moves    []graph.Move
	strength float64
	degree   int
	sig      string
}

type agg struct {
	degree int
	best   []candidate
	topic  topicGroup
}

func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// computeFlags computes person p's flags under the policy, sorted by key.
func (w *view) computeFlags(p graph.NodeID, memo contextMemo) []vetgraph.Flag {
	pol := w.v.pol
	k := pol.Paths
	aggs := make(map[flagKey]*agg)
	consider := func(moves []graph.Move, strength float64, degree int, m graph.NodeID, tg topicGroup) {
		key := flagKey{tg.topic, m}
		a := aggs[key]
		if a == nil {
			a = &agg{degree: degree, topic: tg}
			aggs[key] = a
		}
		a.degree = min(a.degree, degree)
		a.best = append(a.best, candidate{moves: slices.Clone(moves), strength: round(strength * tg.weight), degree: degree})
		if len(a.best) > 4*k {
			w.trimCandidates(p, a, k)
		}
	}
	for _, tg := range w.topicsOf(p) {
		consider(nil, 1, 0, p, tg)
	}
	graph.Walk(p, stFull, pol.MaxDegree, w.expander(), func(path []graph.Move, strength float64) bool {
		last := path[len(path)-1]
		m := last.To
		if w.g.Kind(m) != graph.KindEntity {
			return true
		}
		tgs := w.topicsOf(m)
		if len(tgs) == 0 {
			return true
		}
		degree := 0
		for _, mv := range path {
			degree += int(mv.Cost)
		}
		for _, tg := range tgs {
			if last.State == stClient && !pol.clientTopic(tg.topic) {
				continue
			}
			consider(path, strength, degree, m, tg)
		}
		return true
	})
	if len(aggs) == 0 {
		return nil
	}
	out := make([]vetgraph.Flag, 0, len(aggs))
	pid := vetgraph.EntityID(w.g.Key(p))
	recs := w.records(p)
	pname := w.name(p)
	for key, a := range aggs {
		w.trimCandidates(p, a, k)
		f := vetgraph.Flag{
			Person: pid, PersonName: pname, Records: recs,
			Category: key.topic, Concern: vetgraph.EntityID(w.g.Key(key.concern)), ConcernName: w.name(key.concern),
			Degree: vetgraph.Degree(a.degree), Strength: a.best[0].strength, Policy: pol.Digest(),
		}
		for _, c := range a.best {
			f.Paths = append(f.Paths, w.path(p, c.moves, key.concern, a.topic, c.strength))
		}
		if key.concern != p {
			f.Context = memo.context(w, key.concern, key.topic)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b vetgraph.Flag) int { return compareKeys(a.Key(), b.Key()) })
	return out
}

// trimCandidates keeps the k strongest distinct paths (ties: lower degree,
// then signature, so the choice does not depend on traversal order).
func (w *view) trimCandidates(p graph.NodeID, a *agg, k int) {
	for i := range a.best {
		if a.best[i].sig == "" {
			a.best[i].sig = w.signature(p, a.best[i].moves)
		}
	}
	slices.SortFunc(a.best, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.strength, x.strength), cmp.Compare(x.degree, y.degree), cmp.Compare(x.sig, y.sig))
	})
	a.best = slices.CompactFunc(a.best, func(x, y candidate) bool { return x.sig == y.sig })
	if len(a.best) > k {
		a.best = a.best[:k]
	}
}

// signature identifies a path by its nodes and link types.
func (w *view) signature(src graph.NodeID, moves []graph.Move) string {
	var b strings.Builder
	b.WriteString(w.g.Key(src))
	for _, m := range moves {
		b.WriteByte('|')
		b.WriteString(string(w.g.Edge(m.Edge).Type))
		b.WriteByte('|')
		b.WriteString(w.g.Key(m.To))
	}
	return b.String()
}

// path turns moves from src, ending at concern's topic, into an evidence path.
func (w *view) path(src graph.NodeID, moves []graph.Move, concern graph.NodeID, tg topicGroup, strength float64) vetgraph.Path {
	p := vetgraph.Path{Strength: strength, Steps: make([]vetgraph.Step, 0, len(moves)+1)}
	from := src
	for _, m := range moves {
		ed := w.g.Edge(m.Edge)
		st := vetgraph.Step{
			From: vetgraph.EntityID(w.g.Key(from)), FromName: w.name(from),
			To: vetgraph.EntityID(w.g.Key(m.To)), ToName: w.name(m.To),
			Link: ed.Type, Weight: round(m.Weight),
		}
		var note string
		if w.g.Kind(from) == graph.KindIdentifier {
			holders := len(w.g.In(from))
			kind := "widely shared"
			if holders <= w.v.pol.PersonalIdentifierMax {
				kind = "personal"
			}
			note = fmt.Sprintf("%s identifier: %d holders", kind, holders)
		} else if ed.From != from {
			note = fmt.Sprintf("stated as %s %s %s", w.g.Key(ed.From), ed.Type, w.g.Key(ed.To))
		}
		var buf [8]graph.Ref
		for _, r := range w.g.Refs(buf[:0], m.Edge) {
			ev := w.v.evidence(int32(r))
			ev.Note = note
			st.Evidence = append(st.Evidence, ev)
		}
		sortEvidence(st.Evidence)
		p.Steps = append(p.Steps, st)
		from = m.To
	}
	top := vetgraph.Step{
		From: vetgraph.EntityID(w.g.Key(concern)), FromName: w.name(concern),
		To: vetgraph.EntityID(tg.topic), Link: LinkHasTopic, Weight: round(tg.weight),
	}
	for _, f := range tg.facts {
		top.Evidence = append(top.Evidence, w.v.evidence(f))
	}
	sortEvidence(top.Evidence)
	p.Steps = append(p.Steps, top)
	return p
}

func sortEvidence(evs []vetgraph.Evidence) {
	slices.SortFunc(evs, func(a, b vetgraph.Evidence) int {
		return cmp.Or(a.RecordedAt.Compare(b.RecordedAt), cmp.Compare(a.Batch, b.Batch),
			cmp.Compare(a.Record.Source, b.Record.Source), cmp.Compare(a.Record.ID, b.Record.ID))
	})
}

// evidence describes the record version behind a fact.
func (v *Vetter) evidence(f int32) vetgraph.Evidence {
	r := &v.recs[v.facts[f].rec]
	b := &v.batches[r.batch].b
	return vetgraph.Evidence{
		Record: v.key(v.facts[f].rec), Batch: b.ID, Source: b.Source, Grade: b.Grade, RecordedAt: b.ImportedAt,
		ValidFrom: fromUnix(r.vfrom), ValidTo: fromUnix(r.vto),
	}
}

// contextMemo caches context paths per (concern, category) within one pass.
type contextMemo map[flagKey][]vetgraph.Path

// context returns the concern's own surroundings: up to k strongest paths
// from it, over tied_to and membership links in either direction, to an
// entity carrying a topic other than the flag's category. Shown, never
// counted.
func (m contextMemo) context(w *view, concern graph.NodeID, category vetgraph.Topic) []vetgraph.Path {
	key := flagKey{category, concern}
	if ps, ok := m[key]; ok {
		return ps
	}
	pol := w.v.pol
	g := w.g
	exp := func(n graph.NodeID, s graph.State, budget int, yield func(graph.Move) bool) {
		if g.Kind(n) != graph.KindEntity || budget < 1 {
			return
		}
		step := func(e graph.EdgeID, to graph.NodeID, t vetgraph.LinkType) bool {
			r := pol.Rule(t)
			if t != vetgraph.LinkTiedTo && r.Carry != CarryMembership {
				return true
			}
			return yield(graph.Move{Edge: e, To: to, Cost: 1, Weight: r.Weight * w.gradeWeight(e)})
		}
		for _, e := range g.Out(n) {
			if ed := g.Edge(e); !step(e, ed.To, ed.Type) {
				return
			}
		}
		for _, e := range g.In(n) {
			if ed := g.Edge(e); !step(e, ed.From, ed.Type) {
				return
			}
		}
	}
	other := func(n graph.NodeID) (topicGroup, bool) {
		for _, tg := range w.topicsOf(n) {
			if tg.topic != category {
				return tg, true
			}
		}
		return topicGroup{}, false
	}
	var out []vetgraph.Path
	if pol.ContextDepth > 0 {
		for _, kp := range graph.KStrongest(concern, 0, pol.Paths, pol.ContextDepth, exp, func(n graph.NodeID, _ graph.State) bool {
			_, ok := other(n)
			return ok
		}) {
			end := kp.Moves[len(kp.Moves)-1].To
			tg, _ := other(end)
			out = append(out, w.path(concern, kp.Moves, end, tg, round(kp.Strength*tg.weight)))
		}
	}
	m[key] = out
	return out
}
