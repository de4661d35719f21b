package synth

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCoreGraphPolicy pins the default link policy the truth applies, one
// rule a case.
func TestCoreGraphPolicy(t *testing.T) {
	type f = coreFlag
	fl := func(c, topic, concern string, d int) coreFlag { return coreFlag{c, concernKey{topic, concern}, d} }
	const tr, te = "crime.traffick", "crime.terror"
	for _, tc := range []struct {
		name  string
		build func(c *coreGraph)
		step  int
		want  []coreFlag
	}{{
		name: "member carries the organization's own topic at degree 1",
		build: func(c *coreGraph) {
			c.person("a")
			c.topic("n", tr, 1, forever)
			c.edge("a", "n", linkMember, 1, forever)
		},
		step: 1,
		want: []f{fl("a", tr, "n", 1)},
	}, {
		name: "not before the statement's step, not after it ends",
		build: func(c *coreGraph) {
			c.person("a")
			c.topic("g", te, 1, forever)
			c.edge("a", "g", linkFull, 3, 5)
		},
		step: 5,
		want: nil,
	}, {
		name: "a tie between organizations reaches their members, not the first's clients",
		build: func(c *coreGraph) {
			c.person("a")
			c.person("client")
			c.topic("n1", tr, 1, forever)
			c.topic("n2", tr, 1, forever)
			c.edge("a", "n1", linkMember, 1, forever)
			c.edge("client", "n1", linkClient, 1, forever)
			c.edge("n1", "n2", linkFull, 1, forever)
		},
		step: 1,
		want: []f{fl("a", tr, "n1", 1), fl("a", tr, "n2", 2), fl("client", tr, "n1", 1)},
	}, {
		name: "traffick-only links pass crime.traffick, not crime.terror",
		build: func(c *coreGraph) {
			for _, p := range []string{"client", "fac"} {
				c.person(p)
			}
			c.topic("n", tr, 1, forever)
			c.topic("g", te, 1, forever)
			c.edge("fac", "n", linkMember, 1, forever)
			c.edge("fac", "g", linkFull, 1, forever)
			c.edge("client", "fac", linkClient, 1, forever)
		},
		step: 1,
		want: []f{fl("client", tr, "n", 2), fl("fac", te, "g", 1), fl("fac", tr, "n", 1)},
	}, {
		name: "a personal identifier passes every concern one degree further",
		build: func(c *coreGraph) {
			c.maxPersonal = 2
			c.person("m")
			c.person("o")
			c.topic("g", te, 1, forever)
			c.edge("m", "g", linkMember, 1, forever)
			c.hold("+1", "m", 1, forever)
			c.hold("+1", "o", 1, forever)
		},
		step: 1,
		want: []f{fl("m", te, "g", 1), fl("o", te, "g", 2)},
	}, {
		name: "a widely shared identifier passes crime.traffick only",
		build: func(c *coreGraph) {
			c.maxPersonal = 2
			for _, p := range []string{"m", "o", "q"} {
				c.person(p)
				c.hold("+1", p, 1, forever)
			}
			c.topic("g", te, 1, forever)
			c.topic("n", tr, 1, forever)
			c.edge("m", "g", linkMember, 1, forever)
			c.edge("m", "n", linkMember, 1, forever)
		},
		step: 1,
		want: []f{fl("m", te, "g", 1), fl("m", tr, "n", 1), fl("o", tr, "n", 2), fl("q", tr, "n", 2)},
	}, {
		name: "degree stops at 2; after a client link only membership; context links never flag",
		build: func(c *coreGraph) {
			for _, p := range []string{"a", "b", "c", "d"} {
				c.person(p)
			}
			c.topic("n", tr, 1, forever)
			c.edge("a", "n", linkMember, 1, forever)
			c.edge("b", "a", linkClientSym, 1, forever)
			c.edge("c", "b", linkClientSym, 1, forever)
			c.edge("d", "a", linkContext, 1, forever)
		},
		step: 1,
		want: []f{fl("a", tr, "n", 1), fl("b", tr, "n", 2)},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCoreGraph(5)
			tc.build(c)
			got := c.flagsAt(tc.step)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(coreFlag{}, concernKey{})); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
}
