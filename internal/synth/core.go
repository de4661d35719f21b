package synth

import (
	"slices"

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
	linkMember    linkKind = iota // member_of, leader_of, facilitator_for: followed always, even after a client link
	linkFull                      // tied_to: every topic passes and the walk goes on
	linkClient                    // moved_by, paid (directed): only crime.traffick from here on, then only membership links
	linkClientSym                 // travelled_with: a client link followed both ways
	linkContext                   // family_of, associate_of: never a flag
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
}

// flagsAt applies the default link policy at step s by walking at most two
// links out from each person: a node's own topics count at the walk's
// length (identifier nodes are not links); membership and tied_to links and
// personal identifiers (at most maxPersonal holders) pass every topic and
// the walk goes on through people and organizations alike; client links
// (moved_by, paid, travelled_with, widely shared identifiers) pass
// crime.traffick only, and after one only membership links are followed;
// family_of and associate_of never flag.
func (c *coreGraph) flagsAt(s int) []coreFlag {
	in := func(from, to int) bool { return from <= s && s < to }
	own := map[string][]string{}
	for _, t := range c.topics {
		if in(t.from, t.to) && !slices.Contains(own[t.org], t.topic) {
			own[t.org] = append(own[t.org], t.topic)
		}
	}
	g := map[string][]adj{}
	for _, e := range c.edges {
		if !in(e.from, e.to) || e.kind == linkContext {
			continue
		}
		g[e.a] = append(g[e.a], adj{e.b, e.kind})
		if e.kind == linkClientSym {
			g[e.b] = append(g[e.b], adj{e.a, e.kind})
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
		k := linkClientSym
		if len(hs) <= c.maxPersonal {
			k = linkFull
		}
		for _, a := range hs {
			for _, b := range hs {
				if a != b {
					g[a] = append(g[a], adj{b, k})
				}
			}
		}
	}
	var out []coreFlag
	for _, p := range c.persons {
		best := map[concernKey]int{}
		var visit func(x string, client bool, d int)
		visit = func(x string, client bool, d int) {
			for _, t := range own[x] {
				if client && t != string(vetgraph.TopicTraffick) {
					continue
				}
				ck := concernKey{t, x}
				if old, ok := best[ck]; !ok || d < old {
					best[ck] = d
				}
			}
			if d == 2 {
				return
			}
			for _, a := range g[x] {
				switch {
				case a.to == p:
				case a.kind == linkMember:
					visit(a.to, client, d+1)
				case client:
				case a.kind == linkFull:
					visit(a.to, false, d+1)
				case a.kind == linkClient || a.kind == linkClientSym:
					visit(a.to, true, d+1)
				}
			}
		}
		visit(p, false, 0)
		for ck, d := range best {
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
