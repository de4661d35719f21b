// Package sqlite owns the embedded storage adapter: a [vetgraph.Store] in one
// SQLite file through the pure-Go driver modernc.org/sqlite. It owns the
// schema (embedded migrations, applied in order at Open and tracked in
// schema_migrations) and nothing else: no business rules, only storage.
//
// The file is in WAL mode. Writes go through one connection, so imports and
// appends are serialized; reads use a separate pool and run while a write is
// in progress, each seeing the last committed state.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"vetgraph"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure Open.
type Options struct {
	// Logger receives migration and import messages; nil discards them.
	Logger *slog.Logger
	// Clock stamps schema_migrations; nil means the system clock.
	Clock vetgraph.Clock
	// ReadConns bounds the read pool; 0 means 4.
	ReadConns int
}

// Store is a vetgraph.Store in a SQLite file. It is safe for concurrent use
// by many goroutines; one process should own the file at a time for writing
// (others wait up to the busy timeout).
type Store struct {
	write *sql.DB // one connection: the single writer
	read  *sql.DB // query-only pool
	log   *slog.Logger
	clock vetgraph.Clock
	path  string
	// noRaw makes imports insert through database/sql only (tests of the
	// fallback path).
	noRaw bool
}

var _ vetgraph.Store = (*Store)(nil)

// busyTimeout is how long a connection waits for a lock held by another
// process before failing.
const busyTimeout = 10 * time.Second

// Open opens (creating if needed) the database file at path and migrates it
// to the current schema. It returns Invalid for an unusable path and Internal
// when the file cannot be opened or migrated.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	const op = "sqlite.Open"
	if path == "" || strings.ContainsAny(path, "?#") || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "database path %q: want a plain file path", path)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	common := url.Values{}
	common.Set("_busy_timeout", strconv.FormatInt(busyTimeout.Milliseconds(), 10))
	common.Set("_foreign_keys", "1")
	common.Set("_synchronous", "NORMAL")
	common.Add("_pragma", "temp_store(MEMORY)")
	common.Add("_pragma", "cache_size(-65536)") // 64 MiB

	wq := cloneValues(common)
	wq.Set("_journal_mode", "WAL")
	wq.Set("_txlock", "immediate")
	write, err := sql.Open("sqlite", path+"?"+wq.Encode())
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Internal, op, "open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	clock := opts.Clock
	if clock == nil {
		clock = vetgraph.ClockFunc(time.Now)
	}
	s := &Store{write: write, log: log, clock: clock, path: path}
	// The first connection switches the file to WAL and creates it.
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, err
	}

	rq := cloneValues(common)
	rq.Set("_query_only", "1")
	read, err := sql.Open("sqlite", path+"?"+rq.Encode())
	if err != nil {
		write.Close()
		return nil, vetgraph.Errorf(vetgraph.Internal, op, "open %s for reading: %w", path, err)
	}
	n := opts.ReadConns
	if n <= 0 {
		n = 4
	}
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	s.read = read
	return s, nil
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// Close closes both pools.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != nil {
		if rerr := s.read.Close(); err == nil {
			err = rerr
		}
	}
	if err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "sqlite.Close", "%w", err)
	}
	return nil
}

// migration is one embedded schema step, migrations/NNNN_name.sql.
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

// migrate applies the migrations not yet recorded in schema_migrations, each
// in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	const op = "sqlite.migrate"
	ms, err := loadMigrations()
	if err != nil {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, op, "create schema_migrations in %s: %w", s.path, err)
	}
	for _, m := range ms {
		if err := s.apply(ctx, m); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, s.clock.Now().UTC().UnixNano()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.log.Info("applied migration", "db", s.path, "migration", m.name)
	return nil
}
