package postgres

import (
	"context"
	"encoding/json"
	"strings"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

// AppendEvents implements [vetgraph.EventStore] in one transaction, holding
// the events advisory lock so that Seq order is commit order.
func (s *Store) AppendEvents(ctx context.Context, evs ...vetgraph.Event) ([]vetgraph.Event, error) {
	const op = "postgres.AppendEvents"
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
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lock(ctx, tx, lockEvents); err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	var seq int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM events`).Scan(&seq); err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	cur := make(map[string]int64)
	out := make([]vetgraph.Event, len(evs))
	for i, ev := range evs {
		v, ok := cur[ev.Stream]
		if !ok {
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM events WHERE stream = $1`, ev.Stream).Scan(&v); err != nil {
				return nil, storecodec.Internal(op, ctx, err)
			}
		}
		if ev.Version != v+1 {
			return nil, vetgraph.Errorf(vetgraph.Conflict, op, "stream %q: version %d is not the next version (stream is at %d)", ev.Stream, ev.Version, v)
		}
		cur[ev.Stream] = ev.Version
		at, _ := storecodec.Nanos(op, "event time", ev.At) // validated above
		var data *string
		if len(ev.Data) > 0 {
			d := string(ev.Data)
			data = &d
		}
		seq++
		if _, err := tx.Exec(ctx, `INSERT INTO events (seq, stream, version, kind, at, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			seq, ev.Stream, ev.Version, ev.Kind, at, ev.Actor, data); err != nil {
			if isUnique(err) {
				return nil, vetgraph.Errorf(vetgraph.Conflict, op, "stream %q: version %d is taken: %w", ev.Stream, ev.Version, err)
			}
			return nil, storecodec.Internal(op, ctx, err)
		}
		ev.Seq, ev.At = seq, storecodec.FromNanos(at)
		ev.Data = append(json.RawMessage(nil), ev.Data...)
		out[i] = ev
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	return out, nil
}

// ScanEvents implements [vetgraph.EventStore].
func (s *Store) ScanEvents(ctx context.Context, f vetgraph.EventFilter, fn func(vetgraph.Event) error) error {
	const op = "postgres.ScanEvents"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return err
	}
	var (
		where []string
		a     args
	)
	if f.Stream != "" {
		where = append(where, `stream = `+a.add(f.Stream))
	}
	if f.StreamPrefix != "" {
		where = append(where, `starts_with(stream, `+a.add(f.StreamPrefix)+`)`)
	}
	if f.Kind != "" {
		where = append(where, `kind = `+a.add(f.Kind))
	}
	if f.AfterSeq > 0 {
		where = append(where, `seq > `+a.add(f.AfterSeq))
	}
	if !f.AsOf.IsZero() {
		where = append(where, `at <= `+a.add(storecodec.AsOfNanos(f.AsOf)))
	}
	q := `SELECT seq, stream, version, kind, at, actor, data FROM events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq`
	rows, err := s.pool.Query(ctx, q, a...)
	if err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			ev   vetgraph.Event
			at   int64
			data *string
		)
		if err := rows.Scan(&ev.Seq, &ev.Stream, &ev.Version, &ev.Kind, &at, &ev.Actor, &data); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		ev.At = storecodec.FromNanos(at)
		if data != nil {
			ev.Data = json.RawMessage(*data)
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
	const op = "postgres.StreamVersion"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return 0, err
	}
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM events WHERE stream = $1`, stream).Scan(&v); err != nil {
		return 0, storecodec.Internal(op, ctx, err)
	}
	return v, nil
}
