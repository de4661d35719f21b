package synth

import (
	"slices"
	"strconv"

	"vetgraph"
)

// The truth of the flags is derived from the generator's own world, not
// from internal/vet: the core graph holds every fact that can carry a
// concern to someone other than an ordinary client (network members, the
// designated group, the cast), each with the timeline steps it is in force,
// and flagsAt applies the default link policy to it. Ordinary clients'
// flags follow from their own evidence alone and are written as the
// population streams (see writeParty); the package doc explains why that is
// exact.

// linkKind is how a link carries concern under the default policy.
type linkKind uint8

const (
	linkMember       linkKind = iota // member_of, leader_of, facilitator_for → an organization's own topics, degree 1
	linkTiedTo                       // tied_to → the target's topics, graded
	linkTraffickOnly                 // moved_by, paid, travelled_with: crime.traffick only
	linkContext                      // family_of, associate_of: never a flag
)

type coreEdge struct {
	a, b     string // a → b; traffick-only links are symmetric
	kind     linkKind
	from, to int // in force for steps from ≤ s < to
}

type holding struct {
	value, holder string
	from, to      int
}

type orgTopic struct {
	org, topic string
	from, to   int
}

type coreGraph struct {
	maxPersonal int
	persons     []string // clusters to flag, in insertion order
	isPerson    map[string]bool
	edges       []coreEdge
	holdings    []holding
	topics      []orgTopic
}

func newCoreGraph(maxPersonal int) *coreGraph {
	return &coreGraph{maxPersonal: maxPersonal, isPerson: map[string]bool{}}
}

func (c *coreGraph) person(cluster string) {
	if !c.isPerson[cluster] {
		c.isPerson[cluster] = true
		c.persons = append(c.persons, cluster)
	}
}

func (c *coreGraph) edge(a, b string, k linkKind, from, to int) {
	c.edges = append(c.edges, coreEdge{a, b, k, from, to})
}

func (c *coreGraph) hold(value, holder string, from, to int) {
	c.holdings = append(c.holdings, holding{value, holder, from, to})
}

func (c *coreGraph) topic(org, topic string, from, to int) {
	c.topics = append(c.topics, orgTopic{org, topic, from, to})
}

type concernKey struct{ topic, concern string }

type coreFlag struct {
	cluster string
	concernKey
	degree int
}

type adj struct {
	to   string
	kind linkKind
	all  bool // a personal identifier: every topic passes
}

// flagsAt applies the default link policy at step s: degree is the number
// of links (identifier nodes not counted), at most 2; organizations end a
// path (they pass on their own topics only); member_of and tied_to pass
// every topic; personal identifiers (at most maxPersonal holders) pass
// every topic of the other holder one degree further; moved_by, paid,
// travelled_with and widely shared identifiers pass crime.traffick only.
func (c *coreGraph) flagsAt(s int) []coreFlag {
	in := func(from, to int) bool { return from <= s && s < to }
	conc := map[string]map[concernKey]int{}
	for _, t := range c.topics {
		if in(t.from, t.to) {
			if conc[t.org] == nil {
				conc[t.org] = map[concernKey]int{}
			}
			conc[t.org][concernKey{t.topic, t.org}] = 0
		}
	}
	g := map[string][]adj{}
	for _, e := range c.edges {
		if !in(e.from, e.to) {
			continue
		}
		g[e.a] = append(g[e.a], adj{to: e.b, kind: e.kind})
		if e.kind == linkTraffickOnly {
			g[e.b] = append(g[e.b], adj{to: e.a, kind: e.kind})
		}
	}
	holders := map[string][]string{}
	var values []string
	for _, h := range c.holdings {
		if !in(h.from, h.to) || slices.Contains(holders[h.value], h.holder) {
			continue
		}
		if holders[h.value] == nil {
			values = append(values, h.value)
		}
		holders[h.value] = append(holders[h.value], h.holder)
	}
	for _, v := range values {
		hs := holders[v]
		personal := len(hs) <= c.maxPersonal
		for _, a := range hs {
			for _, b := range hs {
				if a != b {
					g[a] = append(g[a], adj{to: b, kind: linkTraffickOnly, all: personal})
				}
			}
		}
	}
	isOrg := func(x string) bool { return !c.isPerson[x] }
	for d := 1; d <= 2; d++ {
		next := map[string]map[concernKey]int{}
		for _, p := range c.persons {
			for _, a := range g[p] {
				if a.kind == linkContext {
					continue
				}
				if isOrg(a.to) && d != 1 {
					continue // an organization's own topics come at degree 1
				}
				for ck, dx := range conc[a.to] {
					if dx != d-1 {
						continue
					}
					if a.kind == linkTraffickOnly && !a.all && ck.topic != string(vetgraph.TopicTraffick) {
						continue
					}
					if a.kind == linkMember && !isOrg(a.to) {
						continue
					}
					if old, ok := conc[p][ck]; ok && old <= d {
						continue
					}
					if next[p] == nil {
						next[p] = map[concernKey]int{}
					}
					next[p][ck] = d
				}
			}
		}
		for p, m := range next {
			if conc[p] == nil {
				conc[p] = map[concernKey]int{}
			}
			for ck, d := range m {
				if old, ok := conc[p][ck]; !ok || d < old {
					conc[p][ck] = d
				}
			}
		}
	}
	var out []coreFlag
	for _, p := range c.persons {
		for ck, d := range conc[p] {
			out = append(out, coreFlag{p, ck, d})
		}
	}
	slices.SortFunc(out, func(a, b coreFlag) int {
		if a.cluster != b.cluster {
			return cmpStr(a.cluster, b.cluster)
		}
		if a.topic != b.topic {
			return cmpStr(a.topic, b.topic)
		}
		return cmpStr(a.concern, b.concern)
	})
	return out
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (g *gen) writeCoreFlags() {
	for s := 1; s <= nSteps; s++ {
		for _, f := range g.core.flagsAt(s) {
			g.flag(s, f.cluster, f.topic, f.concern, f.degree)
		}
	}
}

var _ = strconv.Itoa
