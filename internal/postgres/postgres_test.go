package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"vetgraph"
	"vetgraph/internal/postgres"
	"vetgraph/internal/storetest"
)

// testURL returns the server to test against, or skips.
func testURL(t testing.TB) string {
	u := os.Getenv("VETGRAPH_TEST_POSTGRES")
	if u == "" {
		t.Skip("set VETGRAPH_TEST_POSTGRES (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	return u
}

// open returns a store in a fresh schema, dropped when the test ends.
func open(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), schemaURL(t), postgres.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() }) // before the schema is dropped
	return s
}

// schemaURL creates a fresh schema, dropped when the test ends, and returns
// the test server's url with it as the search_path.
func schemaURL(t testing.TB) string {
	t.Helper()
	base := testURL(t)
	var rnd [6]byte
	rand.Read(rnd[:])
	schema := "vetgraph_test_" + hex.EncodeToString(rnd[:])
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect %s: %v", base, err)
	}
	if _, err := admin.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
		admin.Close(ctx)
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(ctx)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestConformance(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(t *testing.T) vetgraph.Store { return open(t) })
}

// TestReopen opens a migrated schema again, from two stores at once: the
// data is there and the migrations are not applied twice.
func TestReopen(t *testing.T) {
	u := schemaURL(t)
	ctx := t.Context()
	s1, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	b := vetgraph.Batch{ID: "b1", Source: "s", ImportedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
	if _, err := s1.ImportBatch(ctx, b, func(yield func(vetgraph.Record, error) bool) {
		yield(vetgraph.Record{Key: vetgraph.RecordKey{Source: "s", ID: "1"}, Schema: "Person"}, nil)
	}); err != nil {
		t.Fatal(err)
	}
	s2, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	got, err := s2.Batch(ctx, "b1")
	if err != nil || got.Added != 1 || !got.ImportedAt.Equal(b.ImportedAt) {
		t.Errorf("Batch(b1) from a second store = %+v, %v", got, err)
	}
	_, err = s2.ImportBatch(ctx, b, func(func(vetgraph.Record, error) bool) {})
	if code := vetgraph.ErrorCode(err); code != vetgraph.Conflict {
		t.Errorf("same batch through the second store: %v, want Conflict", err)
	}
}

func TestOpenBadURL(t *testing.T) {
	_, err := postgres.Open(t.Context(), "postgres://%zz", postgres.Options{})
	if code := vetgraph.ErrorCode(err); code != vetgraph.Invalid {
		t.Errorf("Open(bad url) = %v, want Invalid", err)
	}
}
