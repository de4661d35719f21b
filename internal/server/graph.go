package server

import (
	"slices"
	"strings"

	"vetgraph"
)

// graphNode is one node of an evidence graph.
type graphNode struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Kind is person, organization, identifier or topic.
	Kind   string           `json:"kind"`
	Focus  bool             `json:"focus,omitempty"`  // the entity asked for
	Topics []vetgraph.Topic `json:"topics,omitempty"` // the entity's own topics
}

// graphEdge is one link of an evidence graph.
type graphEdge struct {
	ID     string            `json:"id"`
	Source string            `json:"source"`
	Target string            `json:"target"`
	Link   vetgraph.LinkType `json:"link"`
	Weight float64           `json:"weight"`
	// Context marks a link shown only to explain a concern: it does not
	// count for any person's flag.
	Context bool `json:"context"`
	// Flags are the statements of the flags whose paths use this link.
	Flags    []string            `json:"flags"`
	Evidence []vetgraph.Evidence `json:"evidence"`
}

// graphResponse is GET /api/entities/{id}/graph: the evidence paths (and,
// separately marked, the context paths) of the entity's flags, or for a
// concern, of the flags of the persons linked through it.
type graphResponse struct {
	Focus vetgraph.EntityID `json:"focus"`
	Nodes []graphNode       `json:"nodes"`
	Edges []graphEdge       `json:"edges"`
	// Truncated is true when more linked persons exist than the graph
	// shows: Shown of Total (members first, then persons sharing an
	// identifier, then clients; closest first).
	Truncated bool `json:"truncated,omitempty"`
	Shown     int  `json:"shown,omitempty"`
	Total     int  `json:"total,omitempty"`
}

// maxGraphFlags bounds how many linked persons' flags a concern's graph
// draws; beyond a few dozen a drawing explains nothing.
const maxGraphFlags = 60

// topicNode is the node id of a topic (the end of every evidence path).
func topicNode(t string) string { return "topic:" + t }

type graphBuilder struct {
	s     *Server
	st    *state
	out   graphResponse
	nodes map[string]int
	edges map[string]int
}

func (g *graphBuilder) node(id, label string, topic bool) string {
	nid := id
	if topic {
		nid = topicNode(id)
	}
	if i, ok := g.nodes[nid]; ok {
		if g.out.Nodes[i].Label == "" || g.out.Nodes[i].Label == id {
			g.out.Nodes[i].Label = or(label, id)
		}
		return nid
	}
	n := graphNode{ID: nid, Label: or(label, id)}
	switch ent, ok := g.st.p.Entity(vetgraph.EntityID(id)); {
	case topic:
		n.Kind = "topic"
	case ok:
		n.Kind = "organization"
		if ent.Schema == vetgraph.SchemaPerson {
			n.Kind = "person"
		}
		n.Topics = ent.Topics
		if label == "" && len(ent.Names) > 0 {
			n.Label = ent.Names[0]
		}
	default:
		n.Kind = "identifier"
	}
	g.nodes[nid] = len(g.out.Nodes)
	g.out.Nodes = append(g.out.Nodes, n)
	return nid
}

func (g *graphBuilder) path(p vetgraph.Path, context bool, stmt string) {
	for _, st := range p.Steps {
		topic := st.Link == "has_topic"
		from := g.node(string(st.From), st.FromName, false)
		to := g.node(string(st.To), st.ToName, topic)
		if reversed(st) {
			from, to = to, from // draw the link as it was stated
		}
		key := strings.Join([]string{from, string(st.Link), to}, "|")
		if context {
			key += "|context"
		}
		i, ok := g.edges[key]
		if !ok {
			i = len(g.out.Edges)
			g.edges[key] = i
			g.out.Edges = append(g.out.Edges, graphEdge{ID: key, Source: from, Target: to, Link: st.Link, Weight: st.Weight, Context: context, Flags: []string{}, Evidence: st.Evidence})
		}
		e := &g.out.Edges[i]
		if !context && !slices.Contains(e.Flags, stmt) {
			e.Flags = append(e.Flags, stmt)
		}
	}
}

// graphOf builds the evidence graph of an entity response.
func (s *Server) graphOf(st *state, er entityResponse) graphResponse {
	g := &graphBuilder{s: s, st: st, nodes: map[string]int{}, edges: map[string]int{}}
	g.out.Focus = er.Entity.ID
	g.node(string(er.Entity.ID), "", false)
	g.out.Nodes[0].Focus = true
	flags := make([]vetgraph.Flag, 0, len(er.Flags))
	for _, f := range er.Flags {
		flags = append(flags, f.Flag)
	}
	if len(er.linkedFlags) > 0 {
		linked := slices.Clone(er.linkedFlags)
		rank := map[string]int{"member": 0, "identifier": 1, "client": 2, "other": 3}
		first := func(f vetgraph.Flag) vetgraph.LinkType {
			if len(f.Paths) > 0 && len(f.Paths[0].Steps) > 0 {
				return f.Paths[0].Steps[0].Link
			}
			return ""
		}
		slices.SortStableFunc(linked, func(a, b vetgraph.Flag) int {
			if c := rank[linkRole(first(a))] - rank[linkRole(first(b))]; c != 0 {
				return c
			}
			return int(a.Degree - b.Degree)
		})
		g.out.Total = len(linked)
		if len(linked) > maxGraphFlags {
			linked, g.out.Truncated = linked[:maxGraphFlags], true
		}
		g.out.Shown = len(linked)
		flags = append(flags, linked...)
	}
	seenContext := map[vetgraph.EntityID]bool{}
	for _, f := range flags {
		stmt := statement(f)
		for _, p := range f.Paths {
			g.path(p, false, stmt)
		}
		// A concern's context is the same for every person linked to it.
		if seenContext[f.Concern] {
			continue
		}
		seenContext[f.Concern] = true
		for _, p := range f.Context {
			g.path(p, true, stmt)
		}
	}
	return g.out
}

// reversed reports whether a path step follows its link against the
// direction it was stated in (the vetter notes "stated as B link A"; an
// identifier step from the identifier to its holder). Identifier node keys
// hold a colon ("phone:+992..."); entity ids never do.
func reversed(st vetgraph.Step) bool {
	// A path from an identifier node to its holder: the holder holds it.
	if st.Link == vetgraph.LinkSharesIdentifier && strings.Contains(string(st.From), ":") {
		return true
	}
	prefix := "stated as " + string(st.To) + " "
	for _, ev := range st.Evidence {
		if strings.HasPrefix(ev.Note, prefix) {
			return true
		}
	}
	return false
}
