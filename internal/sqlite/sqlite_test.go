package sqlite_test

import (
	"path/filepath"
	"testing"

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
