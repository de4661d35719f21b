package resolve

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

// TestAddAllSameAsAdd: adding records with AddAll, in batches of several
// sizes, gives the changes, entities and redirects consecutive Add calls
// give, non-subject records included.
func TestAddAllSameAsAdd(t *testing.T) {
	persons := 300
	if testing.Short() {
		persons = 150
	}
	recs, _ := scenario(t, 5, persons)
	// A restated record and a relationship among them.
	recs = append(recs, recs[3], vetgraph.Record{Key: vetgraph.RecordKey{Source: "x", ID: "rel"}, Schema: "Family"})

	seq := New(DefaultConfig(), nil)
	var want []Change
	for _, r := range recs {
		want = append(want, seq.Add(r))
	}
	for _, size := range []int{1, 64, 100, len(recs)} {
		e := New(DefaultConfig(), nil)
		var got []Change
		for b := range slices.Chunk(recs, size) {
			got = append(got, e.AddAll(b)...)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("batch size %d: changes differ (-Add +AddAll):\n%s", size, d)
		}
		if d := cmp.Diff(slices.Collect(seq.Entities()), slices.Collect(e.Entities())); d != "" {
			t.Fatalf("batch size %d: entities differ:\n%s", size, d)
		}
		if d := cmp.Diff(seq.Redirects(), e.Redirects()); d != "" {
			t.Fatalf("batch size %d: redirects differ:\n%s", size, d)
		}
	}
}
