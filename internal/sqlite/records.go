package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

// ImportBatch implements [vetgraph.RecordStore] in one write transaction. It
// also returns Invalid for a batch without ID or ImportedAt. The calling
// goroutine encodes and digests the records in chunks while another inserts
// them (through the C API, see rawInsert); the digest of a key's newest
// version is looked up per chunk in one query, and not at all for a source
// that had no records before the batch. The batch's keys go into record_keys
// at the end, sorted.
func (s *Store) ImportBatch(ctx context.Context, b vetgraph.Batch, recs iter.Seq2[vetgraph.Record, error]) (vetgraph.Batch, error) {
	const op = "sqlite.ImportBatch"
	if err := storecodec.ValidateBatch(op, b); err != nil {
		return vetgraph.Batch{}, err
	}
	if recs == nil { // no records: an empty batch
		recs = func(func(vetgraph.Record, error) bool) {}
	}
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return vetgraph.Batch{}, err
	}
	b.ImportedAt = b.ImportedAt.UTC()
	b.Added, b.Changed, b.Unchanged = 0, 0, 0

	conn, err := s.write.Conn(ctx)
	if err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	defer conn.Close()
	// Every row references the batch inserted first in the same transaction,
	// so the per-row foreign key check (a tenth of an import's cost) is
	// turned off for the transaction; the pragma is a no-op inside one.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); err != nil {
			// Never hand the pool a connection without foreign keys.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	defer tx.Rollback()

	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM batches WHERE id = ?`, string(b.ID)).Scan(&taken); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	if taken > 0 {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Conflict, op, "batch %q already exists", b.ID)
	}
	var lastSeq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM records`).Scan(&lastSeq); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO batches
		(id, source, format, files, imported_at, grade, supersedes, counts, added, changed, unchanged, first_seq, last_seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)`,
		string(b.ID), b.Source, b.Format, storecodec.Marshal(nonNilFiles(b.Files)), b.ImportedAt.UnixNano(), b.Grade.String(),
		string(b.Supersedes), storecodec.Marshal(nonNilCounts(b.Counts)), lastSeq+1, lastSeq)
	if err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	batchNo, err := res.LastInsertId()
	if err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}

	im, err := newImporter(ctx, conn, tx, batchNo, lastSeq+1, s.noRaw)
	if err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	defer im.close()
	if err := im.run(op, recs); err != nil {
		return vetgraph.Batch{}, err
	}
	if err := im.indexKeys(); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	b.Added, b.Changed, b.Unchanged = im.added, im.changed, im.unchanged
	if b.Counts == nil {
		b.Counts = im.counts
	}
	if _, err := tx.ExecContext(ctx, `UPDATE batches SET added = ?, changed = ?, unchanged = ?, last_seq = ?, counts = ? WHERE no = ?`,
		b.Added, b.Changed, b.Unchanged, lastSeq+int64(b.Added+b.Changed), storecodec.Marshal(nonNilCounts(b.Counts)), batchNo); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	s.log.Debug("imported batch", "batch", b.ID, "added", b.Added, "changed", b.Changed, "unchanged", b.Unchanged)
	return b, nil
}

func nonNilFiles(f []vetgraph.FileDigest) []vetgraph.FileDigest {
	if f == nil {
		return []vetgraph.FileDigest{}
	}
	return f
}

func nonNilCounts(c map[string]int) map[string]int {
	if c == nil {
		return map[string]int{}
	}
	return c
}

// Batch implements [vetgraph.RecordStore].
func (s *Store) Batch(ctx context.Context, id vetgraph.BatchID) (vetgraph.Batch, error) {
	const op = "sqlite.Batch"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return vetgraph.Batch{}, err
	}
	bs, err := s.batches(ctx, op, `WHERE id = ?`, string(id))
	if err != nil {
		return vetgraph.Batch{}, err
	}
	if len(bs) == 0 {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.NotFound, op, "batch %q not found", id)
	}
	return bs[0], nil
}

// Batches implements [vetgraph.RecordStore].
func (s *Store) Batches(ctx context.Context) ([]vetgraph.Batch, error) {
	const op = "sqlite.Batches"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return nil, err
	}
	return s.batches(ctx, op, ``)
}

func (s *Store) batches(ctx context.Context, op, where string, args ...any) ([]vetgraph.Batch, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, source, format, files, imported_at, grade, supersedes, counts,
		added, changed, unchanged FROM batches `+where+` ORDER BY no`, args...)
	if err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	defer rows.Close()
	var out []vetgraph.Batch
	for rows.Next() {
		var (
			b              vetgraph.Batch
			id, sup, grade string
			files, counts  string
			at             int64
		)
		if err := rows.Scan(&id, &b.Source, &b.Format, &files, &at, &grade, &sup, &counts, &b.Added, &b.Changed, &b.Unchanged); err != nil {
			return nil, storecodec.Internal(op, ctx, err)
		}
		b.ID, b.Supersedes, b.ImportedAt = vetgraph.BatchID(id), vetgraph.BatchID(sup), storecodec.FromNanos(at)
		if b.Grade, err = vetgraph.ParseGrade(grade); err != nil {
			return nil, storecodec.Internal(op, ctx, err)
		}
		if err := json.Unmarshal([]byte(files), &b.Files); err != nil {
			return nil, storecodec.Internal(op, ctx, fmt.Errorf("batch %s files: %w", id, err))
		}
		if err := json.Unmarshal([]byte(counts), &b.Counts); err != nil {
			return nil, storecodec.Internal(op, ctx, fmt.Errorf("batch %s counts: %w", id, err))
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	return out, nil
}

// ScanRecords implements [vetgraph.RecordStore]. Latest keeps the newest
// version of each key among those recorded at or before AsOf; the other
// fields then filter those.
func (s *Store) ScanRecords(ctx context.Context, f vetgraph.RecordFilter, fn func(vetgraph.Record) error) error {
	const op = "sqlite.ScanRecords"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return err
	}
	var (
		where []string
		args  []any
	)
	if f.Source != "" {
		where = append(where, `r.source = ?`)
		args = append(args, f.Source)
	}
	if f.Batch != "" {
		// A batch's versions are one Seq range.
		where = append(where, `r.seq BETWEEN (SELECT first_seq FROM batches WHERE id = ?) AND (SELECT last_seq FROM batches WHERE id = ?)`)
		args = append(args, string(f.Batch), string(f.Batch))
	}
	if f.AfterSeq > 0 {
		where = append(where, `r.seq > ?`)
		args = append(args, f.AfterSeq)
	}
	if !f.AsOf.IsZero() {
		where = append(where, `b.imported_at <= ?`)
		args = append(args, storecodec.AsOfNanos(f.AsOf))
	}
	if f.Latest {
		if f.AsOf.IsZero() {
			where = append(where, `NOT EXISTS (SELECT 1 FROM record_keys k JOIN records n ON n.seq = k.seq
				WHERE k.key_hash = r.key_hash AND k.seq > r.seq AND n.source = r.source AND n.id = r.id)`)
		} else {
			where = append(where, `NOT EXISTS (SELECT 1 FROM record_keys k JOIN records n ON n.seq = k.seq JOIN batches nb ON nb.no = n.batch_no
				WHERE k.key_hash = r.key_hash AND k.seq > r.seq AND n.source = r.source AND n.id = r.id AND nb.imported_at <= ?)`)
			args = append(args, storecodec.AsOfNanos(f.AsOf))
		}
	}
	q := `SELECT r.seq, r.source, r.id, r.schema, r.properties, r.valid_from, r.valid_to, b.id, b.imported_at
		FROM records r JOIN batches b ON b.no = r.batch_no`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY r.seq`
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r        vetgraph.Record
			props    string
			from, to sql.NullString
			batch    string
			at       int64
		)
		if err := rows.Scan(&r.Seq, &r.Key.Source, &r.Key.ID, &r.Schema, &props, &from, &to, &batch, &at); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		if r.Properties, err = decodeProps(props); err != nil {
			return storecodec.Internal(op, ctx, fmt.Errorf("record %d properties: %w", r.Seq, err))
		}
		if r.ValidFrom, err = parseValid(from); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		if r.ValidTo, err = parseValid(to); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		r.Batch, r.RecordedAt = vetgraph.BatchID(batch), storecodec.FromNanos(at)
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	return nil
}
