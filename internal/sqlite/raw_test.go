package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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

// TestMigrateRecordKeys opens a database written at schema 1: migration 2
// indexes its records, so re-imports and Latest see them.
func TestMigrateRecordKeys(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		ms[0].sql,
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
		`INSERT INTO schema_migrations VALUES (1, '0001_init.sql', 0)`,
		`INSERT INTO batches VALUES (1, 'b1', '', '', '[]', 1000000000, '', '', '{}', 2, 1, 0, 1, 3)`,
		`INSERT INTO records VALUES (1, 1, 5, 's', 'a', 'Person', '{}', NULL, NULL, 'd1'),
			(2, 1, 6, 's', 'b', 'Person', '{}', NULL, NULL, 'd2'),
			(3, 1, 5, 's', 'a', 'Person', '{"name":["A"]}', NULL, NULL, 'd3')`,
		`INSERT INTO record_sources VALUES ('s')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []int64
	if err := s.ScanRecords(ctx, vetgraph.RecordFilter{Latest: true}, func(r vetgraph.Record) error { got = append(got, r.Seq); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{2, 3}, got); diff != "" {
		t.Errorf("Latest after migration (-want +got):\n%s", diff)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM record_keys`).Scan(&n); err != nil || n != 3 {
		t.Errorf("record_keys: %d rows, %v; want 3", n, err)
	}
}

// TestImportKeepsForeignKeys checks that the write connection enforces
// foreign keys again after an import turned them off for its transaction,
// after a successful and after a failed import.
func TestImportKeepsForeignKeys(t *testing.T) {
	ctx := t.Context()
	s := openInternal(t, false)
	defer s.Close()
	fail := func(yield func(vetgraph.Record, error) bool) {
		yield(vetgraph.Record{}, vetgraph.Errorf(vetgraph.Invalid, "test", "bad"))
	}
	one := func(yield func(vetgraph.Record, error) bool) {
		yield(vetgraph.Record{Key: vetgraph.RecordKey{Source: "s", ID: "1"}, Schema: "Person"}, nil)
	}
	for i, recs := range []func(func(vetgraph.Record, error) bool){one, fail} {
		s.ImportBatch(ctx, vetgraph.Batch{ID: vetgraph.BatchID("b" + string(rune('0'+i))), ImportedAt: time.Unix(1, 0)}, recs)
		var on int
		if err := s.write.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
			t.Errorf("after import %d: foreign_keys = %d, %v; want 1", i, on, err)
		}
	}
}
