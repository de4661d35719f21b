// Package memstore owns the in-process implementation of [vetgraph.Store]:
// the record log, its batches and the event log held in memory behind one
// mutex. It honours the whole store contract (and passes internal/storetest),
// so other packages use it in tests as a real fake. Nothing survives Close.
package memstore

import (
	"context"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"

	"vetgraph"
)

// Store is an in-memory vetgraph.Store. The zero value is not usable; call New.
// It is safe for concurrent use. Callbacks of ScanRecords and ScanEvents run
// without the lock held, on a snapshot taken when the scan started, so they may
// call the store.
type Store struct {
	mu      sync.RWMutex
	closed  bool
	batches []vetgraph.Batch
	byID    map[vetgraph.BatchID]int
	records []vetgraph.Record // all versions; records[i].Seq == i+1
	heads   map[vetgraph.RecordKey]head
	events  []vetgraph.Event // events[i].Seq == i+1
	streams map[string]int64 // stream -> highest version
}

type head struct {
	digest string
	seq    int64
}

var _ vetgraph.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		byID:    make(map[vetgraph.BatchID]int),
		heads:   make(map[vetgraph.RecordKey]head),
		streams: make(map[string]int64),
	}
}

// Close marks the store closed; later calls return Internal errors.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

func (s *Store) check(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
	}
	if s.closed {
		return vetgraph.Errorf(vetgraph.Internal, op, "store is closed")
	}
	return nil
}

// ImportBatch implements [vetgraph.RecordStore]. It also returns Invalid for
// a batch without ID or ImportedAt.
func (s *Store) ImportBatch(ctx context.Context, b vetgraph.Batch, recs iter.Seq2[vetgraph.Record, error]) (vetgraph.Batch, error) {
	const op = "memstore.ImportBatch"
	if err := b.Validate(op); err != nil {
		return vetgraph.Batch{}, err
	}
	if recs == nil { // no records: an empty batch
		recs = func(func(vetgraph.Record, error) bool) {}
	}
	s.mu.RLock()
	err := s.check(ctx, op)
	_, dup := s.byID[b.ID]
	s.mu.RUnlock()
	if err != nil {
		return vetgraph.Batch{}, err
	}
	if dup {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Conflict, op, "batch %q already exists", b.ID)
	}

	// Stage outside the lock: the reader may be slow.
	b = normBatch(b)
	var staged []vetgraph.Record
	counts := map[string]int{}
	n := 0
	for r, err := range recs {
		if err != nil {
			return vetgraph.Batch{}, err
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
			}
		}
		if err := r.Validate(op, n); err != nil {
			return vetgraph.Batch{}, err
		}
		r = normRecord(r)
		r.Batch, r.RecordedAt, r.Seq = b.ID, b.ImportedAt, 0
		staged = append(staged, r)
		counts[r.Schema]++
	}
	if b.Counts == nil {
		b.Counts = counts
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, op); err != nil {
		return vetgraph.Batch{}, err
	}
	if _, dup := s.byID[b.ID]; dup {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Conflict, op, "batch %q already exists", b.ID)
	}
	b.Added, b.Changed, b.Unchanged = 0, 0, 0
	for _, r := range staged {
		d := r.Digest()
		h, known := s.heads[r.Key]
		switch {
		case known && h.digest == d:
			b.Unchanged++
			continue
		case known:
			b.Changed++
		default:
			b.Added++
		}
		r.Seq = int64(len(s.records) + 1)
		s.records = append(s.records, r)
		s.heads[r.Key] = head{digest: d, seq: r.Seq}
	}
	s.byID[b.ID] = len(s.batches)
	s.batches = append(s.batches, b)
	return cloneBatch(b), nil
}

// Batch implements [vetgraph.RecordStore].
func (s *Store) Batch(ctx context.Context, id vetgraph.BatchID) (vetgraph.Batch, error) {
	const op = "memstore.Batch"
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, op); err != nil {
		return vetgraph.Batch{}, err
	}
	i, ok := s.byID[id]
	if !ok {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.NotFound, op, "batch %q not found", id)
	}
	return cloneBatch(s.batches[i]), nil
}

// Batches implements [vetgraph.RecordStore].
func (s *Store) Batches(ctx context.Context) ([]vetgraph.Batch, error) {
	const op = "memstore.Batches"
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, op); err != nil {
		return nil, err
	}
	out := make([]vetgraph.Batch, len(s.batches))
	for i, b := range s.batches {
		out[i] = cloneBatch(b)
	}
	return out, nil
}

// ScanRecords implements [vetgraph.RecordStore].
func (s *Store) ScanRecords(ctx context.Context, f vetgraph.RecordFilter, fn func(vetgraph.Record) error) error {
	const op = "memstore.ScanRecords"
	s.mu.RLock()
	if err := s.check(ctx, op); err != nil {
		s.mu.RUnlock()
		return err
	}
	var latest map[vetgraph.RecordKey]int64
	if f.Latest {
		latest = make(map[vetgraph.RecordKey]int64)
		for _, r := range s.records {
			if f.AsOf.IsZero() || !r.RecordedAt.After(f.AsOf) {
				latest[r.Key] = r.Seq
			}
		}
	}
	var snap []vetgraph.Record
	start := min(max(f.AfterSeq, 0), int64(len(s.records)))
	for _, r := range s.records[start:] {
		if (f.Source != "" && r.Key.Source != f.Source) ||
			(f.Batch != "" && r.Batch != f.Batch) ||
			(!f.AsOf.IsZero() && r.RecordedAt.After(f.AsOf)) ||
			(f.Latest && latest[r.Key] != r.Seq) {
			continue
		}
		snap = append(snap, r)
	}
	s.mu.RUnlock()

	for i, r := range snap {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
			}
		}
		r.Properties = r.Properties.Clone()
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// AppendEvents implements [vetgraph.EventStore].
func (s *Store) AppendEvents(ctx context.Context, evs ...vetgraph.Event) ([]vetgraph.Event, error) {
	const op = "memstore.AppendEvents"
	for _, ev := range evs {
		if err := ev.Validate(op); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, op); err != nil {
		return nil, err
	}
	next := make(map[string]int64)
	for _, ev := range evs {
		cur, ok := next[ev.Stream]
		if !ok {
			cur = s.streams[ev.Stream]
		}
		if ev.Version != cur+1 {
			return nil, versionConflict(op, ev, cur)
		}
		next[ev.Stream] = ev.Version
	}
	out := make([]vetgraph.Event, len(evs))
	for i, ev := range evs {
		ev = normEvent(ev)
		ev.Seq = int64(len(s.events) + 1)
		s.events = append(s.events, ev)
		s.streams[ev.Stream] = ev.Version
		out[i] = cloneEvent(ev)
	}
	return out, nil
}

// ScanEvents implements [vetgraph.EventStore].
func (s *Store) ScanEvents(ctx context.Context, f vetgraph.EventFilter, fn func(vetgraph.Event) error) error {
	const op = "memstore.ScanEvents"
	s.mu.RLock()
	if err := s.check(ctx, op); err != nil {
		s.mu.RUnlock()
		return err
	}
	var snap []vetgraph.Event
	start := min(max(f.AfterSeq, 0), int64(len(s.events)))
	for _, ev := range s.events[start:] {
		if (f.Stream != "" && ev.Stream != f.Stream) ||
			(f.StreamPrefix != "" && !strings.HasPrefix(ev.Stream, f.StreamPrefix)) ||
			(f.Kind != "" && ev.Kind != f.Kind) ||
			(!f.AsOf.IsZero() && ev.At.After(f.AsOf)) {
			continue
		}
		snap = append(snap, ev)
	}
	s.mu.RUnlock()
	for _, ev := range snap {
		if err := ctx.Err(); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
		}
		if err := fn(cloneEvent(ev)); err != nil {
			return err
		}
	}
	return nil
}

// StreamVersion implements [vetgraph.EventStore].
func (s *Store) StreamVersion(ctx context.Context, stream string) (int64, error) {
	const op = "memstore.StreamVersion"
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, op); err != nil {
		return 0, err
	}
	return s.streams[stream], nil
}

func normBatch(b vetgraph.Batch) vetgraph.Batch {
	b = cloneBatch(b)
	b.ImportedAt = b.ImportedAt.UTC()
	return b
}

func normRecord(r vetgraph.Record) vetgraph.Record {
	r.Properties = r.Properties.Clone()
	r.ValidFrom = r.ValidFrom.UTC()
	r.ValidTo = r.ValidTo.UTC()
	return r
}

func normEvent(ev vetgraph.Event) vetgraph.Event {
	ev = cloneEvent(ev)
	ev.At = ev.At.UTC()
	return ev
}

func cloneBatch(b vetgraph.Batch) vetgraph.Batch {
	b.Files = slices.Clone(b.Files)
	b.Counts = maps.Clone(b.Counts)
	return b
}

func cloneEvent(ev vetgraph.Event) vetgraph.Event {
	ev.Data = slices.Clone(ev.Data)
	return ev
}
