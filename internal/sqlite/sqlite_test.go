package sqlite_test

import (
	"context"
	"database/sql"
	"iter"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"vetgraph"
	"vetgraph/internal/sqlite"
	"vetgraph/internal/storetest"
)

func open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"), sqlite.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vetgraph.Store { return open(t) })
}

// TestReadDuringWrite holds an import open in the middle of its records and
// reads meanwhile: reads neither wait for the writer nor see its batch.
func TestReadDuringWrite(t *testing.T) {
	ctx := t.Context()
	s := open(t)
	defer s.Close()
	if _, err := s.ImportBatch(ctx, vetgraph.Batch{ID: "b1", ImportedAt: time.Unix(1, 0)}, recs("p", 10)); err != nil {
		t.Fatal(err)
	}
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := s.ImportBatch(ctx, vetgraph.Batch{ID: "b2", ImportedAt: time.Unix(2, 0)}, func(yield func(vetgraph.Record, error) bool) {
			for r := range recs("q", 600) { // more than one chunk is written before the pause
				if !yield(r, nil) {
					return
				}
			}
			close(inside)
			<-release
			for r := range recs("r", 10) {
				if !yield(r, nil) {
					return
				}
			}
		})
		done <- err
	}()
	<-inside
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	bs, err := s.Batches(rctx)
	if err != nil || len(bs) != 1 {
		t.Errorf("Batches during an import = %d batches, %v; want the 1 committed", len(bs), err)
	}
	n := 0
	if err := s.ScanRecords(rctx, vetgraph.RecordFilter{}, func(vetgraph.Record) error { n++; return nil }); err != nil || n != 10 {
		t.Errorf("ScanRecords during an import = %d records, %v; want the 10 committed", n, err)
	}
	if _, err := s.StreamVersion(rctx, "x"); err != nil {
		t.Errorf("StreamVersion during an import: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("import: %v", err)
	}
	n = 0
	if err := s.ScanRecords(ctx, vetgraph.RecordFilter{Batch: "b2"}, func(vetgraph.Record) error { n++; return nil }); err != nil || n != 610 {
		t.Errorf("after the import: %d records of b2, %v; want 610", n, err)
	}
}

// TestReopen closes and reopens a file: the data is there, the migrations
// ran once, and the file is in WAL mode.
func TestReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "re.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportBatch(ctx, vetgraph.Batch{ID: "b1", ImportedAt: time.Unix(1, 5)}, recs("p", 3)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	b, err := s.Batch(ctx, "b1")
	if err != nil || b.Added != 3 || !b.ImportedAt.Equal(time.Unix(1, 5)) {
		t.Errorf("Batch(b1) after reopen = %+v, %v", b, err)
	}
	got, err := s.ImportBatch(ctx, vetgraph.Batch{ID: "b2", ImportedAt: time.Unix(2, 0)}, recs("p", 4))
	if err != nil || got.Unchanged != 3 || got.Added != 1 {
		t.Errorf("re-import after reopen = %+v, %v; want 3 unchanged, 1 added", got, err)
	}

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	var mode string
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != 2 {
		t.Errorf("schema_migrations: %d rows, %v; want 2 (one per migration, applied once)", n, err)
	}
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

func TestOpenBadPath(t *testing.T) {
	for _, p := range []string{"", ":memory:", "file:x.db", "a?b.db"} {
		if _, err := sqlite.Open(t.Context(), p, sqlite.Options{}); vetgraph.ErrorCode(err) != vetgraph.Invalid {
			t.Errorf("Open(%q) = %v, want Invalid", p, err)
		}
	}
	if _, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"), sqlite.Options{}); vetgraph.ErrorCode(err) != vetgraph.Internal {
		t.Errorf("Open in a missing directory = %v, want Internal", err)
	}
}

func recs(prefix string, n int) iter.Seq2[vetgraph.Record, error] {
	return func(yield func(vetgraph.Record, error) bool) {
		for i := range n {
			r := vetgraph.Record{Key: vetgraph.RecordKey{Source: "s", ID: prefix + strconv.Itoa(i)}, Schema: "Person",
				Properties: vetgraph.Properties{"name": {"N " + strconv.Itoa(i)}}}
			if !yield(r, nil) {
				return
			}
		}
	}
}
