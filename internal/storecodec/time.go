package storecodec

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"time"

	"vetgraph"
)

// ZeroNanos stores the zero system time: it sorts first and comes back zero.
const ZeroNanos = math.MinInt64

var (
	minNanos = time.Unix(0, math.MinInt64+1).UTC()
	maxNanos = time.Unix(0, math.MaxInt64).UTC()
)

// Nanos encodes a system time as unix nanoseconds, or returns Invalid when t
// cannot be held; what names the field in the error.
func Nanos(op, what string, t time.Time) (int64, error) {
	if t.IsZero() {
		return ZeroNanos, nil
	}
	if t.Before(minNanos) || t.After(maxNanos) {
		return 0, vetgraph.Errorf(vetgraph.Invalid, op, "%s %s: outside the years 1678-2262 a store can hold", what, t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// FromNanos decodes a system time.
func FromNanos(n int64) time.Time {
	if n == ZeroNanos {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// AsOfNanos encodes an AsOf bound, clamping times beyond what is storable.
func AsOfNanos(t time.Time) int64 {
	switch {
	case t.Before(minNanos):
		return ZeroNanos
	case t.After(maxNanos):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// Marshal encodes maps, slices and strings as JSON (it cannot fail for them).
func Marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ValidateBatch applies the contract's batch rules and the time range a
// store can hold.
func ValidateBatch(op string, b vetgraph.Batch) error {
	if err := b.Validate(op); err != nil {
		return err
	}
	_, err := Nanos(op, "imported_at", b.ImportedAt)
	return err
}

// ValidateEvent applies the contract's event rules and the time range a
// store can hold.
func ValidateEvent(op string, ev vetgraph.Event) error {
	if err := ev.Validate(op); err != nil {
		return err
	}
	_, err := Nanos(op, "event time", ev.At)
	return err
}

// CtxErr wraps a done context's error with code Internal, as the store
// contract says.
func CtxErr(op string, ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
	}
	return nil
}

// Internal wraps a database error with code Internal, keeping a done
// context's error visible in the chain.
func Internal(op string, ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w (%v)", cerr, err)
	}
	return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
}
