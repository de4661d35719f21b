// Package postgres owns the PostgreSQL storage adapter: a [vetgraph.Store]
// on github.com/jackc/pgx/v5 (pgxpool), the system of record when several
// analysts and services share one deployment. It owns its schema (embedded
// migrations applied in order at Open, tracked in schema_migrations, in the
// first schema on the search_path) and nothing else: no business rules.
//
// Writers are serialized per log with transaction-scoped advisory locks, so
// Seq order is commit order: a reader that resumes after the last Seq it saw
// misses nothing. Reads never wait for writers.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure Open.
type Options struct {
	// Logger receives migration and import messages; nil discards them.
	Logger *slog.Logger
	// Clock stamps schema_migrations; nil means the system clock.
	Clock vetgraph.Clock
	// MaxConns bounds the pool; 0 keeps pgxpool's default.
	MaxConns int32
}

// Store is a vetgraph.Store in a PostgreSQL database. It is safe for
// concurrent use, also by several processes sharing the database.
type Store struct {
	pool  *pgxpool.Pool
	log   *slog.Logger
	clock vetgraph.Clock
}

var _ vetgraph.Store = (*Store)(nil)

// Advisory lock names, qualified by the current schema so that stores in
// different schemas of one database do not wait for each other.
const (
	lockMigrate = "vetgraph/migrate"
	lockRecords = "vetgraph/records"
	lockEvents  = "vetgraph/events"
)

// Open connects to the database at url (postgres://...; a search_path
// parameter selects the schema) and migrates it to the current schema. It
// returns Invalid for a malformed url and Internal when the database cannot
// be reached or migrated.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	const op = "postgres.Open"
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "database url: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Internal, op, "connect: %w", err)
	}
	s := &Store{pool: pool, log: opts.Logger, clock: opts.Clock}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.clock == nil {
		s.clock = vetgraph.ClockFunc(time.Now)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func lock(ctx context.Context, tx pgx.Tx, name string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '/' || $1, 0))`, name)
	return err
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	ents, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range ents {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration file %q: want NNNN_name.sql", e.Name())
		}
		b, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations not yet in schema_migrations, in one
// transaction under an advisory lock (concurrent Opens wait for each other).
func (s *Store) migrate(ctx context.Context) error {
	const op = "postgres.migrate"
	ms, err := loadMigrations()
	if err != nil {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lock(ctx, tx, lockMigrate); err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`); err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	for _, m := range ms {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		if n > 0 {
			continue
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return storecodec.Internal(op, ctx, fmt.Errorf("migration %s: %w", m.name, err))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.version, m.name, s.clock.Now().UTC().UnixNano()); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		s.log.Info("applied migration", "migration", m.name)
	}
	if err := tx.Commit(ctx); err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	return nil
}

// isUnique reports whether err is a unique violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
