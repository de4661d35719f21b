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
	persons := 200
	if testing.Short() || raceEnabled {
		persons = 100
	}
	recs, _ := scenario(t, 5, persons)
	// A restated record and a relationship among them.
	recs = append(recs, recs[3], vetgraph.Record{Key: vetgraph.RecordKey{Source: "x", ID: "rel"}, Schema: "Family"})

	seq := New(DefaultConfig(), nil)
	var want []Change
	for _, r := range recs {
		want = append(want, seq.Add(r))
	}
	for _, size := range []int{1, 100, len(recs)} {
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

// TestInternedNames: records with equal whole names share one prepared
// name, held while a record uses it; retracting every record empties the
// table, and screening holds nothing.
func TestInternedNames(t *testing.T) {
	recs, _ := scenario(t, 5, 150)
	e := New(DefaultConfig(), nil)
	e.AddAll(recs)
	held, shared := 0, 0
	for _, en := range e.interned.m {
		held += int(en.refs)
		if en.refs > 1 {
			shared++
		}
	}
	uses := 0
	e.held(func(_ rid, x *rec) { uses += len(x.feat.PreparedNames()) })
	if held != uses || shared == 0 {
		t.Fatalf("holds %d, want %d (names used by held records); %d names shared, want some", held, uses, shared)
	}
	before := len(e.interned.m)
	q := recs[0]
	q.Key = vetgraph.RecordKey{Source: "screen", ID: "q"}
	q.Properties = q.Properties.Clone()
	q.Properties["name"] = []string{"Zzyzx Qwertyuiop"}
	e.Candidates(q, 5)
	if got := len(e.interned.m); got != before {
		t.Fatalf("screening changed the table: %d names, want %d", got, before)
	}
	var keys []vetgraph.RecordKey
	e.held(func(_ rid, x *rec) { keys = append(keys, x.key) })
	e.Retract(keys...)
	if n := len(e.interned.m); n != 0 {
		t.Fatalf("after retracting every record %d names are still held", n)
	}
}
