package main

import (
	"context"
	"strings"

	"vetgraph"
	"vetgraph/internal/sqlite"
)

// openStore opens the --db store: PostgreSQL for a postgres:// URL, else the
// embedded SQLite file at that path.
func (e *env) openStore(ctx context.Context) (vetgraph.Store, error) {
	if strings.HasPrefix(e.db, "postgres://") || strings.HasPrefix(e.db, "postgresql://") {
		return nil, vetgraph.Errorf(vetgraph.Invalid, "vetgraph", "PostgreSQL store not available in this build")
	}
	return sqlite.Open(ctx, e.db, sqlite.Options{Logger: e.log, Clock: e.clock})
}
