package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"vetgraph"
)

// System times are stored as unix nanoseconds; the zero time as MinInt64 so
// that it sorts first and comes back zero.
const zeroNanos = math.MinInt64

var (
	minNanos = time.Unix(0, math.MinInt64+1).UTC()
	maxNanos = time.Unix(0, math.MaxInt64).UTC()
)

// nanos encodes a system time, or returns Invalid when t cannot be held.
func nanos(op, what string, t time.Time) (int64, error) {
	if t.IsZero() {
		return zeroNanos, nil
	}
	if t.Before(minNanos) || t.After(maxNanos) {
		return 0, vetgraph.Errorf(vetgraph.Invalid, op, "%s %s: outside the years 1678-2262 a store can hold", what, t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

func fromNanos(n int64) time.Time {
	if n == zeroNanos {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// asOfNanos encodes an AsOf bound, clamping times beyond what is storable.
func asOfNanos(t time.Time) int64 {
	switch {
	case t.Before(minNanos):
		return zeroNanos
	case t.After(maxNanos):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// validText encodes a valid time: RFC 3339 with nanoseconds in UTC, or NULL.
func validText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseValid(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	return t.UTC(), err
}

func marshal(v any) string {
	b, _ := json.Marshal(v) // only maps, slices and strings: cannot fail
	return string(b)
}

// ctxErr wraps a done context's error with code Internal, as the contract
// says.
func ctxErr(op string, ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
	}
	return nil
}

// internal wraps a database error, keeping a context error visible.
func internal(op string, ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w (%v)", cerr, err)
	}
	return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func validateBatch(op string, b vetgraph.Batch) error {
	if err := b.Validate(op); err != nil {
		return err
	}
	_, err := nanos(op, "imported_at", b.ImportedAt)
	return err
}

func validateEvent(op string, ev vetgraph.Event) error {
	if err := ev.Validate(op); err != nil {
		return err
	}
	_, err := nanos(op, "event time", ev.At)
	return err
}
