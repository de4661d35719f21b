package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"vetgraph"
	"vetgraph/internal/storetest"
)

func openInternal(t testing.TB, noRaw bool) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "test.db"), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.noRaw = noRaw
	return s
}

// TestConformanceNoRaw runs the conformance suite with rows inserted through
// database/sql, the path taken when the driver hides its handle.
func TestConformanceNoRaw(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vetgraph.Store { return openInternal(t, true) })
}

// TestRawInsertUsed fails when the driver in go.mod no longer exposes the
// handle the fast insert path needs (imports would still work, slowly).
func TestRawInsertUsed(t *testing.T) {
	s := openInternal(t, false)
	defer s.Close()
	conn, err := s.write.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var ok bool
	if err := conn.Raw(func(dc any) error { _, ok = rawHandle(dc); return nil }); err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("rawHandle found no sqlite3 handle in the driver connection")
	}
	if _, ok := rawHandle(struct{ db uintptr }{1}); ok {
		t.Errorf("rawHandle accepted a non-pointer")
	}
}

// TestRawInsertValues checks that every column survives the raw path,
// including NULL and empty valid times, multi-byte text and long values.
func TestRawInsertValues(t *testing.T) {
	ctx := context.Background()
	long := make([]byte, 100_000)
	for i := range long {
		long[i] = 'a' + byte(i%26)
	}
	t0 := time.Date(2024, 2, 3, 4, 5, 6, 7, time.UTC)
	in := []vetgraph.Record{
		{Key: vetgraph.RecordKey{Source: "s", ID: "1"}, Schema: "Person", Properties: vetgraph.Properties{"name": {"Жўраев"}}},
		{Key: vetgraph.RecordKey{Source: "s", ID: "ключ"}, Schema: "Company", Properties: vetgraph.Properties{"notes": {string(long)}, "x": nil}, ValidFrom: t0, ValidTo: t0.Add(time.Hour)},
		{Key: vetgraph.RecordKey{Source: "s\x00t", ID: "3"}, Schema: "Person", Properties: vetgraph.Properties{}, ValidTo: t0},
	}
	for _, noRaw := range []bool{false, true} {
		s := openInternal(t, noRaw)
		b := vetgraph.Batch{ID: "b", ImportedAt: time.Unix(5, 0)}
		if _, err := s.ImportBatch(ctx, b, func(yield func(vetgraph.Record, error) bool) {
			for _, r := range in {
				if !yield(r, nil) {
					return
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
		var got []vetgraph.Record
		if err := s.ScanRecords(ctx, vetgraph.RecordFilter{}, func(r vetgraph.Record) error { got = append(got, r); return nil }); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if len(got) != len(in) {
			t.Fatalf("noRaw=%v: got %d records, want %d", noRaw, len(got), len(in))
		}
		for i, r := range got {
			w := in[i]
			w.Seq, w.Batch, w.RecordedAt = int64(i+1), "b", time.Unix(5, 0).UTC()
			if w.Properties["x"] == nil && r.Properties != nil {
				delete(r.Properties, "x")
				delete(w.Properties, "x")
			}
			if !r.ValidFrom.Equal(w.ValidFrom) || !r.ValidTo.Equal(w.ValidTo) || r.Key != w.Key || r.Schema != w.Schema ||
				r.Seq != w.Seq || r.Batch != w.Batch || !r.RecordedAt.Equal(w.RecordedAt) || len(r.Properties) != len(w.Properties) {
				t.Errorf("noRaw=%v: record %d = %+v, want %+v", noRaw, i, r, w)
			}
			for k, vs := range w.Properties {
				if len(r.Properties[k]) != len(vs) || (len(vs) > 0 && r.Properties[k][0] != vs[0]) {
					t.Errorf("noRaw=%v: record %d property %s differs", noRaw, i, k)
				}
			}
		}
	}
}
