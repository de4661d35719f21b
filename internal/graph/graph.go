// Package graph owns the link graph: entity and identifier nodes joined by
// typed, directed edges, each edge holding the evidence references that
// support it, and the algorithms over it: bounded search from changed nodes,
// path walks under a caller's state machine, the k strongest paths and
// community detection.
//
// It is pure: no I/O, no clock and no link policy. The caller (internal/vet)
// decides which edges a search may follow and how much each weighs by passing
// an [Expander]; it also owns the evidence itself, which the graph keeps only
// as opaque [Ref] handles so that an edge costs a few dozen bytes (1M persons
// and 5M links fit in a few hundred MiB).
//
// A Graph is not safe for concurrent mutation; concurrent readers are safe
// when no one mutates.
package graph

import (
	"slices"

	"vetgraph"
)

// NodeID identifies a node within one Graph. Ids are dense and never reused.
type NodeID int32

// EdgeID identifies an edge within one Graph. The slot of a removed edge may
// be reused by a later edge.
type EdgeID int32

// Kind is the kind of a node.
type Kind uint8

// The node kinds.
const (
	// KindEntity is a resolved entity: a person, an organization, a network.
	KindEntity Kind = 1
	// KindIdentifier is a link-grade identifier value (a phone, an account,
	// an address) joined to its holders by has_identifier edges.
	KindIdentifier Kind = 2
)

// Ref is an opaque handle to one piece of evidence (a fact derived from one
// record version), owned by the caller.
type Ref uint32

// Edge is the endpoints and type of one edge.
type Edge struct {
	From, To NodeID
	Type     vetgraph.LinkType
}

type node struct {
	out, in []EdgeID
	key     string
	kind    Kind
}

type edge struct {
	from, to NodeID
	ref0     Ref
	typ      uint8 // index into Graph.types; 0 marks a free slot
	more     []Ref
}

// Graph is a directed multigraph with at most one edge per (from, to, type);
// an edge lives as long as at least one Ref supports it.
type Graph struct {
	nodes   []node
	index   [3]map[string]NodeID // by kind
	edges   []edge
	free    []EdgeID
	types   []vetgraph.LinkType // types[0] is unused (free marker)
	typeIdx map[vetgraph.LinkType]uint8
	nedges  int
}

// New returns an empty graph.
func New() *Graph {
	return &Graph{
		index:   [3]map[string]NodeID{nil, make(map[string]NodeID), make(map[string]NodeID)},
		types:   []vetgraph.LinkType{""},
		typeIdx: make(map[vetgraph.LinkType]uint8),
	}
}

// Node returns the node of the given kind (KindEntity or KindIdentifier) and
// key, creating it if needed.
func (g *Graph) Node(kind Kind, key string) NodeID {
	if n, ok := g.index[kind][key]; ok {
		return n
	}
	n := NodeID(len(g.nodes))
	g.nodes = append(g.nodes, node{key: key, kind: kind})
	g.index[kind][key] = n
	return n
}

// Lookup returns the node of the given kind and key, if it exists.
func (g *Graph) Lookup(kind Kind, key string) (NodeID, bool) {
	if int(kind) >= len(g.index) || g.index[kind] == nil {
		return 0, false
	}
	n, ok := g.index[kind][key]
	return n, ok
}

// NumNodes returns the number of nodes; valid ids are 0..NumNodes()-1.
func (g *Graph) NumNodes() int { return len(g.nodes) }

// NumEdges returns the number of live edges.
func (g *Graph) NumEdges() int { return g.nedges }

// Key returns the node's key.
func (g *Graph) Key(n NodeID) string { return g.nodes[n].key }

// Kind returns the node's kind.
func (g *Graph) Kind(n NodeID) Kind { return g.nodes[n].kind }

// Out returns the node's outgoing edges. The slice is the graph's own: do not
// modify it, and do not keep it across a mutation.
func (g *Graph) Out(n NodeID) []EdgeID { return g.nodes[n].out }

// In returns the node's incoming edges, with the same rules as Out.
func (g *Graph) In(n NodeID) []EdgeID { return g.nodes[n].in }

// Edge returns the endpoints and type of a live edge.
func (g *Graph) Edge(e EdgeID) Edge {
	ed := &g.edges[e]
	return Edge{ed.from, ed.to, g.types[ed.typ]}
}

// TypeCode returns a small code for edge e's type, stable for the graph's
// life: TypeOfCode maps it back. It lets callers index per-type tables.
func (g *Graph) TypeCode(e EdgeID) uint8 { return g.edges[e].typ }

// TypeOfCode returns the link type of a code from TypeCode.
func (g *Graph) TypeOfCode(c uint8) vetgraph.LinkType { return g.types[c] }

// NumTypeCodes returns one more than the largest type code in use.
func (g *Graph) NumTypeCodes() int { return len(g.types) }

// Refs appends the evidence refs of edge e to dst and returns it.
func (g *Graph) Refs(dst []Ref, e EdgeID) []Ref {
	ed := &g.edges[e]
	dst = append(dst, ed.ref0)
	return append(dst, ed.more...)
}

// NumRefs returns how many refs support edge e.
func (g *Graph) NumRefs(e EdgeID) int { return 1 + len(g.edges[e].more) }

func (g *Graph) typeOf(t vetgraph.LinkType) uint8 {
	if i, ok := g.typeIdx[t]; ok {
		return i
	}
	if len(g.types) == 255 {
		panic("graph: more than 254 link types")
	}
	i := uint8(len(g.types))
	g.types = append(g.types, t)
	g.typeIdx[t] = i
	return i
}

// Find returns the edge (from, to, t), if it exists.
func (g *Graph) Find(from, to NodeID, t vetgraph.LinkType) (EdgeID, bool) {
	ti, ok := g.typeIdx[t]
	if !ok {
		return 0, false
	}
	return g.find(from, to, ti)
}

func (g *Graph) find(from, to NodeID, ti uint8) (EdgeID, bool) {
	// Scan the shorter adjacency list.
	if out, in := g.nodes[from].out, g.nodes[to].in; len(out) <= len(in) {
		for _, e := range out {
			if ed := &g.edges[e]; ed.to == to && ed.typ == ti {
				return e, true
			}
		}
	} else {
		for _, e := range in {
			if ed := &g.edges[e]; ed.from == from && ed.typ == ti {
				return e, true
			}
		}
	}
	return 0, false
}

// Add records that ref r supports the edge (from, to, t), creating the edge
// if needed. Adding a ref the edge already holds changes nothing. It returns
// the edge and whether the edge was created.
func (g *Graph) Add(from, to NodeID, t vetgraph.LinkType, r Ref) (EdgeID, bool) {
	ti := g.typeOf(t)
	if e, ok := g.find(from, to, ti); ok {
		ed := &g.edges[e]
		if ed.ref0 != r && !slices.Contains(ed.more, r) {
			ed.more = append(ed.more, r)
		}
		return e, false
	}
	var e EdgeID
	if n := len(g.free); n > 0 {
		e = g.free[n-1]
		g.free = g.free[:n-1]
		g.edges[e] = edge{from: from, to: to, ref0: r, typ: ti}
	} else {
		e = EdgeID(len(g.edges))
		g.edges = append(g.edges, edge{from: from, to: to, ref0: r, typ: ti})
	}
	g.nodes[from].out = append(g.nodes[from].out, e)
	g.nodes[to].in = append(g.nodes[to].in, e)
	g.nedges++
	return e, true
}

// Remove withdraws ref r from the edge (from, to, t). When no ref is left the
// edge is removed; Remove reports whether that happened. Removing a ref the
// edge does not hold, or from an edge that does not exist, changes nothing.
func (g *Graph) Remove(from, to NodeID, t vetgraph.LinkType, r Ref) bool {
	ti, ok := g.typeIdx[t]
	if !ok {
		return false
	}
	e, ok := g.find(from, to, ti)
	if !ok {
		return false
	}
	ed := &g.edges[e]
	switch {
	case ed.ref0 == r && len(ed.more) == 0:
		g.nodes[from].out = deleteEdge(g.nodes[from].out, e)
		g.nodes[to].in = deleteEdge(g.nodes[to].in, e)
		g.edges[e] = edge{}
		g.free = append(g.free, e)
		g.nedges--
		return true
	case ed.ref0 == r:
		ed.ref0 = ed.more[len(ed.more)-1]
		ed.more = ed.more[:len(ed.more)-1]
	default:
		if i := slices.Index(ed.more, r); i >= 0 {
			ed.more = slices.Delete(ed.more, i, i+1)
		}
	}
	if len(ed.more) == 0 {
		ed.more = nil
	}
	return false
}

// deleteEdge removes e from s keeping the order (so iteration stays
// deterministic for a given history).
func deleteEdge(s []EdgeID, e EdgeID) []EdgeID {
	if i := slices.Index(s, e); i >= 0 {
		s = slices.Delete(s, i, i+1)
	}
	if len(s) == 0 {
		return nil
	}
	return s
}
