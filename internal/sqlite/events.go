package sqlite

import (
	"context"
	"encoding/json"
	"strings"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

// AppendEvents implements [vetgraph.EventStore] in one write transaction.
func (s *Store) AppendEvents(ctx context.Context, evs ...vetgraph.Event) ([]vetgraph.Event, error) {
	const op = "sqlite.AppendEvents"
	for _, ev := range evs {
		if err := storecodec.ValidateEvent(op, ev); err != nil {
			return nil, err
		}
	}
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return []vetgraph.Event{}, nil
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	defer tx.Rollback()
	cur := make(map[string]int64)
	out := make([]vetgraph.Event, len(evs))
	for i, ev := range evs {
		v, ok := cur[ev.Stream]
		if !ok {
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM events WHERE stream = ?`, ev.Stream).Scan(&v); err != nil {
				return nil, storecodec.Internal(op, ctx, err)
			}
		}
		if ev.Version != v+1 {
			return nil, vetgraph.Errorf(vetgraph.Conflict, op, "stream %q: version %d is not the next version (stream is at %d)", ev.Stream, ev.Version, v)
		}
		cur[ev.Stream] = ev.Version
		at, _ := storecodec.Nanos(op, "event time", ev.At) // validated above
		var data any
		if len(ev.Data) > 0 {
			data = []byte(ev.Data)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO events (stream, version, kind, at, actor, data) VALUES (?, ?, ?, ?, ?, ?)`,
			ev.Stream, ev.Version, ev.Kind, at, ev.Actor, data)
		if err != nil {
			if isUnique(err) {
				return nil, vetgraph.Errorf(vetgraph.Conflict, op, "stream %q: version %d is taken: %w", ev.Stream, ev.Version, err)
			}
			return nil, storecodec.Internal(op, ctx, err)
		}
		if ev.Seq, err = res.LastInsertId(); err != nil {
			return nil, storecodec.Internal(op, ctx, err)
		}
		ev.At = storecodec.FromNanos(at)
		ev.Data = append(json.RawMessage(nil), ev.Data...)
		out[i] = ev
	}
	if err := tx.Commit(); err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	return out, nil
}

// ScanEvents implements [vetgraph.EventStore].
func (s *Store) ScanEvents(ctx context.Context, f vetgraph.EventFilter, fn func(vetgraph.Event) error) error {
	const op = "sqlite.ScanEvents"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return err
	}
	var (
		where []string
		args  []any
	)
	if f.Stream != "" {
		where = append(where, `stream = ?`)
		args = append(args, f.Stream)
	}
	if f.StreamPrefix != "" {
		where = append(where, `substr(stream, 1, length(?)) = ?`)
		args = append(args, f.StreamPrefix, f.StreamPrefix)
	}
	if f.Kind != "" {
		where = append(where, `kind = ?`)
		args = append(args, f.Kind)
	}
	if f.AfterSeq > 0 {
		where = append(where, `seq > ?`)
		args = append(args, f.AfterSeq)
	}
	if !f.AsOf.IsZero() {
		where = append(where, `at <= ?`)
		args = append(args, storecodec.AsOfNanos(f.AsOf))
	}
	q := `SELECT seq, stream, version, kind, at, actor, data FROM events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq`
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			ev   vetgraph.Event
			at   int64
			data []byte
		)
		if err := rows.Scan(&ev.Seq, &ev.Stream, &ev.Version, &ev.Kind, &at, &ev.Actor, &data); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		ev.At = storecodec.FromNanos(at)
		if len(data) > 0 {
			ev.Data = json.RawMessage(data)
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	return nil
}

// StreamVersion implements [vetgraph.EventStore].
func (s *Store) StreamVersion(ctx context.Context, stream string) (int64, error) {
	const op = "sqlite.StreamVersion"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return 0, err
	}
	var v int64
	if err := s.read.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM events WHERE stream = ?`, stream).Scan(&v); err != nil {
		return 0, storecodec.Internal(op, ctx, err)
	}
	return v, nil
}
