package vetgraph

import (
	"context"
	"iter"
	"time"
)

// RecordStore is the append-only record log and its import batches.
//
// Error contract: methods return *Error values with code NotFound for a
// missing batch, Conflict for a batch id that already exists, Invalid for a
// record the store cannot hold (empty key or schema), and Internal for
// anything else. A cancelled context returns its error wrapped with code
// Internal.
type RecordStore interface {
	// ImportBatch stores b and the records yielded by recs in one transaction.
	// If recs yields a non-nil error, or anything fails, nothing is stored and
	// that error is returned (the reader's *Error, with its file, line and
	// field, is returned as it is). Each record is stored with Batch = b.ID and
	// RecordedAt = b.ImportedAt; a record whose key already holds the same
	// Digest is skipped (Unchanged), otherwise it is appended as a new version
	// (Added for a new key, Changed for a known one). The returned Batch has
	// Added, Changed and Unchanged filled in.
	ImportBatch(ctx context.Context, b Batch, recs iter.Seq2[Record, error]) (Batch, error)

	// Batch returns one batch, or NotFound.
	Batch(ctx context.Context, id BatchID) (Batch, error)

	// Batches returns all batches in import order.
	Batches(ctx context.Context) ([]Batch, error)

	// ScanRecords calls fn with every stored record version matching f, in
	// Seq order. An error from fn stops the scan and is returned as it is.
	ScanRecords(ctx context.Context, f RecordFilter, fn func(Record) error) error
}

// RecordFilter selects record versions. Zero fields select everything.
type RecordFilter struct {
	Source   string    // only this source
	Batch    BatchID   // only this batch
	AfterSeq int64     // only Seq > AfterSeq
	AsOf     time.Time // only records recorded at or before AsOf
	Latest   bool      // only the newest version of each key (as of AsOf)
}

// EventStore is the append-only event log.
//
// Error contract: AppendEvents returns Conflict when an event's
// (Stream, Version) is taken or Version is not the stream's next version, and
// Invalid for an event without Stream or Kind; nothing of the call is stored
// then. Other failures are Internal.
type EventStore interface {
	// AppendEvents stores evs atomically, assigning Seq, and returns them.
	AppendEvents(ctx context.Context, evs ...Event) ([]Event, error)

	// ScanEvents calls fn with every event matching f, in Seq order.
	ScanEvents(ctx context.Context, f EventFilter, fn func(Event) error) error

	// StreamVersion returns the highest Version in the stream, 0 if empty.
	StreamVersion(ctx context.Context, stream string) (int64, error)
}

// EventFilter selects events. Zero fields select everything.
type EventFilter struct {
	Stream       string    // exactly this stream
	StreamPrefix string    // streams starting with this
	Kind         string    // only this kind
	AfterSeq     int64     // only Seq > AfterSeq
	AsOf         time.Time // only events at or before AsOf
}

// Store is everything a deployment keeps: the record log and the event log.
// The embedded SQLite store and the PostgreSQL store both implement it and
// pass the same conformance suite (internal/storetest).
type Store interface {
	RecordStore
	EventStore
	Close() error
}

// Clock tells the time; inject it so tests and replays are deterministic.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }
