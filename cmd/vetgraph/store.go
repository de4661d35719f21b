package main

import (
	"context"
	"strings"

	"vetgraph"
	"vetgraph/internal/postgres"
	"vetgraph/internal/sqlite"
)

// openStore opens the --db store: PostgreSQL for a postgres:// or
// postgresql:// URL, else the embedded SQLite file at that path (created and
// migrated when new).
func (e *env) openStore(ctx context.Context) (vetgraph.Store, error) {
	if isPostgresURL(e.db) {
		return postgres.Open(ctx, e.db, postgres.Options{Logger: e.log, Clock: e.clock})
	}
	return sqlite.Open(ctx, e.db, sqlite.Options{Logger: e.log, Clock: e.clock})
}

func isPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}
