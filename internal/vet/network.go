package vet

import (
	"cmp"
	"slices"

	"vetgraph"
	"vetgraph/internal/graph"
)

// NetworkEntry is one entity of a network report and the tie that puts it
// there.
type NetworkEntry struct {
	Entity vetgraph.EntityID `json:"entity"`
	Name   string            `json:"name,omitempty"`
	Person bool              `json:"person"`
	// Tie is the link that ties the entity in (member_of, facilitator_for,
	// moved_by, paid, travelled_with, has_identifier), or "community" for an
	// entity only community detection puts with the seed.
	Tie vetgraph.LinkType `json:"tie"`
	// Via is the entity or identifier it is tied to.
	Via      vetgraph.EntityID   `json:"via,omitempty"`
	Evidence []vetgraph.Evidence `json:"evidence,omitempty"`
}

// NetworkReport is a seed's network: the organizations it belongs to (or
// is), their members, their clients, and whatever else community detection
// over co-travel and shared identifiers puts with them.
type NetworkReport struct {
	Seed          vetgraph.EntityID `json:"seed"`
	SeedName      string            `json:"seed_name,omitempty"`
	Organizations []NetworkEntry    `json:"organizations"`
	Members       []NetworkEntry    `json:"members"`
	Clients       []NetworkEntry    `json:"clients"`
	Community     []NetworkEntry    `json:"community"`
}

// Network expands a seed into its network. The seed is an entity id, an FtM
// id the resolver knows, or an identifier key ("phone:+992900000001").
// Errors: NotFound for an unknown seed.
func (v *Vetter) Network(seed string) (NetworkReport, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	w := v.cur
	g := w.g
	s, ok := g.Lookup(graph.KindEntity, seed)
	if !ok {
		if e, known := v.res.EntityOfID(seed); known {
			s, ok = g.Lookup(graph.KindEntity, string(e))
		}
	}
	if !ok {
		s, ok = g.Lookup(graph.KindIdentifier, seed)
	}
	if !ok {
		return NetworkReport{}, vetgraph.Errorf(vetgraph.NotFound, "vet.Network", "no entity or identifier %q", seed)
	}
	rep := NetworkReport{Seed: vetgraph.EntityID(g.Key(s)), SeedName: w.name(s)}
	placed := map[graph.NodeID]bool{}
	entry := func(n graph.NodeID, e graph.EdgeID, via graph.NodeID) NetworkEntry {
		ne := NetworkEntry{Entity: vetgraph.EntityID(g.Key(n)), Name: w.name(n), Person: w.isPerson(n), Via: vetgraph.EntityID(g.Key(via))}
		if e >= 0 {
			ne.Tie = g.Edge(e).Type
			var buf [8]graph.Ref
			for _, r := range g.Refs(buf[:0], e) {
				ne.Evidence = append(ne.Evidence, v.evidence(int32(r)))
			}
			sortEvidence(ne.Evidence)
		}
		return ne
	}
	membership := func(e graph.EdgeID) bool { return w.ruleOf(e).Carry == CarryMembership }

	// The organizations: the seed itself, or what the seed (or, for an
	// identifier, its holders) is a member of.
	var orgs []graph.NodeID
	starts := []graph.NodeID{s}
	if g.Kind(s) == graph.KindIdentifier {
		starts = starts[:0]
		for _, e := range g.In(s) {
			starts = append(starts, g.Edge(e).From)
		}
	}
	for _, n := range starts {
		for _, e := range g.Out(n) {
			if o := g.Edge(e).To; membership(e) && !placed[o] {
				placed[o] = true
				orgs = append(orgs, o)
				rep.Organizations = append(rep.Organizations, entry(o, e, n))
			}
		}
	}
	if len(orgs) == 0 && g.Kind(s) == graph.KindEntity {
		// The seed is the network itself (or a person in none).
		orgs = append(orgs, s)
		placed[s] = true
		rep.Organizations = append(rep.Organizations, NetworkEntry{Entity: rep.Seed, Name: rep.SeedName, Person: w.isPerson(s)})
	}
	// Members.
	var core []graph.NodeID
	core = append(core, orgs...)
	for _, o := range orgs {
		for _, e := range g.In(o) {
			if m := g.Edge(e).From; membership(e) && !placed[m] {
				placed[m] = true
				core = append(core, m)
				rep.Members = append(rep.Members, entry(m, e, o))
			}
		}
	}
	// Clients: client links into the core, and holders of a member's widely
	// shared identifier.
	for _, t := range core {
		for _, e := range g.In(t) {
			if c := g.Edge(e).From; w.ruleOf(e).Carry == CarryClient && !placed[c] {
				placed[c] = true
				rep.Clients = append(rep.Clients, entry(c, e, t))
			}
		}
		for _, e := range g.Out(t) {
			ed := g.Edge(e)
			r := w.ruleOf(e)
			if r.Carry == CarryClient && r.Symmetric && !placed[ed.To] {
				placed[ed.To] = true
				rep.Clients = append(rep.Clients, entry(ed.To, e, t))
			}
			if !r.ident || len(g.In(ed.To)) <= v.pol.PersonalIdentifierMax {
				continue
			}
			for _, he := range g.In(ed.To) {
				if h := g.Edge(he).From; !placed[h] {
					placed[h] = true
					rep.Clients = append(rep.Clients, entry(h, he, ed.To))
				}
			}
		}
	}
	// Community detection over the neighbourhood: co-travel, shared
	// identifiers, client and membership links.
	const maxNodes = 20000
	var nodes []graph.NodeID
	for n := range placed {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	in := map[graph.NodeID]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	for _, n := range slices.Clone(nodes) {
		neighbors(w, n, func(m graph.NodeID, _ float64) bool {
			if !in[m] && len(nodes) < maxNodes {
				in[m] = true
				nodes = append(nodes, m)
			}
			return true
		})
	}
	label := graph.Communities(nodes, 20, func(n graph.NodeID, yield func(graph.NodeID, float64) bool) {
		neighbors(w, n, yield)
	})
	anchor := s
	if len(orgs) > 0 {
		anchor = orgs[0]
	}
	for _, n := range nodes {
		if !placed[n] && g.Kind(n) == graph.KindEntity && label[n] == label[anchor] {
			rep.Community = append(rep.Community, entry(n, -1, anchor))
			rep.Community[len(rep.Community)-1].Tie = "community"
		}
	}
	for _, l := range []*[]NetworkEntry{&rep.Organizations, &rep.Members, &rep.Clients, &rep.Community} {
		slices.SortFunc(*l, func(a, b NetworkEntry) int { return cmp.Compare(a.Entity, b.Entity) })
		if *l == nil {
			*l = []NetworkEntry{}
		}
	}
	return rep, nil
}

// neighbors yields the entity neighbours used for community detection:
// membership, client and tie links either way (weight 1, tied_to 0.5), and
// co-holders of an identifier (weight 1/(holders-1), so a hub phone does
// not swamp everything).
func neighbors(w *view, n graph.NodeID, yield func(graph.NodeID, float64) bool) {
	g := w.g
	if g.Kind(n) != graph.KindEntity {
		return
	}
	visit := func(e graph.EdgeID, other graph.NodeID) bool {
		r := w.ruleOf(e)
		switch {
		case r.ident:
			holders := g.In(other)
			if len(holders) < 2 {
				return true
			}
			wt := 1 / float64(len(holders)-1)
			for _, he := range holders {
				if h := g.Edge(he).From; h != n && !yield(h, wt) {
					return false
				}
			}
			return true
		case r.Carry == CarryMembership || r.Carry == CarryClient:
			return yield(other, 1)
		case g.Edge(e).Type == vetgraph.LinkTiedTo:
			return yield(other, 0.5)
		}
		return true
	}
	for _, e := range g.Out(n) {
		if !visit(e, g.Edge(e).To) {
			return
		}
	}
	for _, e := range g.In(n) {
		if r := w.ruleOf(e); !r.ident && !visit(e, g.Edge(e).From) {
			return
		}
	}
}
