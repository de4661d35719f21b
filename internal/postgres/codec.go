package postgres

import (
	"encoding/json"
	"math"
	"time"

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

// validText encodes a valid time: RFC 3339 with nanoseconds in UTC, or nil.
func validText(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339Nano)
	return &s
}

func parseValid(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	return t.UTC(), err
}

func marshal(v any) string {
	b, _ := json.Marshal(v) // only maps, slices and strings: cannot fail
	return string(b)
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
