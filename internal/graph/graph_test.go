package graph

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func TestAddRemoveRefs(t *testing.T) {
	g := New()
	a, b := g.Node(KindEntity, "a"), g.Node(KindEntity, "b")
	if got := g.Node(KindEntity, "a"); got != a {
		t.Fatalf("Node(a) again = %d, want %d", got, a)
	}
	if x := g.Node(KindIdentifier, "a"); x == a {
		t.Fatalf("identifier node shares id with entity node of the same key")
	}
	e, created := g.Add(a, b, vetgraph.LinkMemberOf, 1)
	if !created {
		t.Fatal("first Add did not create the edge")
	}
	if e2, created := g.Add(a, b, vetgraph.LinkMemberOf, 2); created || e2 != e {
		t.Fatalf("second ref created a new edge")
	}
	g.Add(a, b, vetgraph.LinkMemberOf, 2) // idempotent
	if _, created := g.Add(a, b, vetgraph.LinkTiedTo, 3); !created {
		t.Fatal("a different type must be a different edge")
	}
	if got, want := g.Refs(nil, e), []Ref{1, 2}; !cmp.Equal(got, want) {
		t.Errorf("Refs = %v, want %v", got, want)
	}
	if g.Remove(a, b, vetgraph.LinkMemberOf, 1) {
		t.Error("removing one of two refs removed the edge")
	}
	if g.Remove(a, b, vetgraph.LinkMemberOf, 9) {
		t.Error("removing an unknown ref removed the edge")
	}
	if !g.Remove(a, b, vetgraph.LinkMemberOf, 2) {
		t.Error("removing the last ref kept the edge")
	}
	if _, ok := g.Find(a, b, vetgraph.LinkMemberOf); ok {
		t.Error("edge still found after removal")
	}
	if got := g.NumEdges(); got != 1 {
		t.Errorf("NumEdges = %d, want 1", got)
	}
	if got := len(g.Out(a)); got != 1 {
		t.Errorf("len(Out(a)) = %d, want 1", got)
	}
	// The freed slot is reused.
	c := g.Node(KindEntity, "c")
	if e3, _ := g.Add(c, a, vetgraph.LinkPaid, 4); e3 != e {
		t.Errorf("freed slot not reused: got edge %d, want %d", e3, e)
	}
	if got, want := g.Edge(e), (Edge{c, a, vetgraph.LinkPaid}); got != want {
		t.Errorf("Edge = %+v, want %+v", got, want)
	}
}

// randomGraph builds a random graph with weights derived from the edge id.
func randomGraph(r *rand.Rand, n, m int) (*Graph, Expander) {
	g := New()
	for i := range n {
		g.Node(KindEntity, string(rune('A'+i)))
	}
	types := []vetgraph.LinkType{vetgraph.LinkMemberOf, vetgraph.LinkTiedTo, vetgraph.LinkMovedBy}
	for i := range m {
		a, b := NodeID(r.IntN(n)), NodeID(r.IntN(n))
		if a != b {
			g.Add(a, b, types[r.IntN(len(types))], Ref(i))
		}
	}
	exp := func(nd NodeID, s State, _ int, yield func(Move) bool) {
		for _, e := range g.Out(nd) {
			ed := g.Edge(e)
			w := 0.3 + 0.7*float64((int(e)*37)%10)/10
			if !yield(Move{Edge: e, To: ed.To, Cost: 1, Weight: w}) {
				return
			}
		}
	}
	return g, exp
}

func TestKStrongestMatchesWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		g, exp := randomGraph(r, 8, 20)
		dst := NodeID(r.IntN(g.NumNodes()))
		// Brute force: every simple path to dst within cost 3.
		var want []float64
		Walk(0, 0, 3, exp, func(p []Move, st float64) bool {
			if p[len(p)-1].To == dst {
				want = append(want, st)
			}
			return true
		})
		sort.Sort(sort.Reverse(sort.Float64Slice(want)))
		if len(want) > 4 {
			want = want[:4]
		}
		var got []float64
		for _, p := range KStrongest(0, 0, 4, 3, exp, func(n NodeID, _ State) bool { return n == dst }) {
			got = append(got, p.Strength)
			if p.Moves[len(p.Moves)-1].To != dst {
				t.Fatalf("trial %d: path ends at %d, want %d", trial, p.Moves[len(p.Moves)-1].To, dst)
			}
		}
		if dst == 0 {
			want = nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("trial %d: strengths (-walk +kstrongest):\n%s", trial, diff)
		}
	}
}

func TestBoundedZeroCost(t *testing.T) {
	// p1 -> phone (cost 0) -> p2 (cost 1) -> p3 (cost 1) -> p4 (cost 1)
	adj := map[NodeID][]struct {
		to NodeID
		c  uint8
	}{
		1: {{2, 0}},
		2: {{3, 1}},
		3: {{4, 1}},
		4: {{5, 1}},
	}
	next := func(n NodeID, yield func(NodeID, uint8) bool) {
		for _, a := range adj[n] {
			if !yield(a.to, a.c) {
				return
			}
		}
	}
	got := Bounded([]NodeID{1}, 2, next)
	want := map[NodeID]int{1: 0, 2: 0, 3: 1, 4: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Bounded (-want +got):\n%s", diff)
	}
}

func TestCommunitiesTwoCliques(t *testing.T) {
	// Two 4-cliques joined by one weak edge.
	edges := map[[2]NodeID]float64{}
	for _, grp := range [][]NodeID{{0, 1, 2, 3}, {4, 5, 6, 7}} {
		for _, a := range grp {
			for _, b := range grp {
				if a < b {
					edges[[2]NodeID{a, b}] = 1
				}
			}
		}
	}
	edges[[2]NodeID{3, 4}] = 0.1
	nb := func(n NodeID, yield func(NodeID, float64) bool) {
		for k, w := range edges {
			if k[0] == n {
				yield(k[1], w)
			} else if k[1] == n {
				yield(k[0], w)
			}
		}
	}
	nodes := []NodeID{0, 1, 2, 3, 4, 5, 6, 7}
	lab := Communities(nodes, 20, nb)
	groups := map[NodeID][]NodeID{}
	for _, n := range nodes {
		groups[lab[n]] = append(groups[lab[n]], n)
	}
	var got [][]NodeID
	for _, g := range groups {
		slices.Sort(g)
		got = append(got, g)
	}
	slices.SortFunc(got, func(a, b []NodeID) int { return int(a[0] - b[0]) })
	want := [][]NodeID{{0, 1, 2, 3}, {4, 5, 6, 7}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("communities (-want +got):\n%s", diff)
	}
}

func BenchmarkAdd(b *testing.B) {
	g := New()
	for i := range 1000 {
		g.Node(KindEntity, string(rune(i+100)))
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		from, to := NodeID(i%1000), NodeID((i*7+1)%1000)
		g.Add(from, to, vetgraph.LinkMovedBy, Ref(i))
		i++
	}
}

// BenchmarkGraphMemory builds a graph of VETGRAPH_BENCH_PERSONS persons
// (default 1M) with five links each (moved_by, paid, travelled_with,
// family_of and a phone shared by four) and reports the heap it holds.
func BenchmarkGraphMemory(b *testing.B) {
	persons := 1_000_000
	if s := os.Getenv("VETGRAPH_BENCH_PERSONS"); s != "" {
		persons, _ = strconv.Atoi(s)
	}
	var heap, edges float64
	for b.Loop() {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		g := New()
		ids := make([]NodeID, persons)
		for i := range persons {
			ids[i] = g.Node(KindEntity, "p-"+strconv.Itoa(i))
		}
		nets := make([]NodeID, persons/400+1)
		for i := range nets {
			nets[i] = g.Node(KindEntity, "net-"+strconv.Itoa(i))
		}
		ref := Ref(0)
		for i, p := range ids {
			next := ids[(i+1)%persons]
			g.Add(p, nets[i/400], vetgraph.LinkMovedBy, ref)
			g.Add(p, ids[(i/400)*400], vetgraph.LinkPaid, ref+1)
			g.Add(p, next, vetgraph.LinkTravelledWith, ref+2)
			g.Add(p, next, vetgraph.LinkFamilyOf, ref+3)
			g.Add(p, g.Node(KindIdentifier, "phone:"+strconv.Itoa(i/4)), vetgraph.LinkSharesIdentifier, ref+4)
			ref += 5
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heap = float64(m1.HeapInuse-m0.HeapInuse) / (1 << 20)
		edges = float64(g.NumEdges())
		runtime.KeepAlive(g)
	}
	b.ReportMetric(heap, "MiB-heap")
	b.ReportMetric(edges, "edges")
}
