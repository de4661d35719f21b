package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

// ImportBatch implements [vetgraph.RecordStore] in one transaction, holding
// the records advisory lock so imports are serialized. It also returns
// Invalid for a batch without ID or ImportedAt. Records go in with COPY in
// chunks; the digest of a key's newest version is looked up per chunk in one
// query, and not at all for a source that had no records before the batch.
func (s *Store) ImportBatch(ctx context.Context, b vetgraph.Batch, recs iter.Seq2[vetgraph.Record, error]) (vetgraph.Batch, error) {
	const op = "postgres.ImportBatch"
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

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lock(ctx, tx, lockRecords); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM batches WHERE id = $1)`, string(b.ID)).Scan(&taken); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	if taken {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Conflict, op, "batch %q already exists", b.ID)
	}
	var lastSeq, batchNo int64
	if err := tx.QueryRow(ctx, `SELECT (SELECT coalesce(max(seq), 0) FROM records), (SELECT coalesce(max(no), 0) + 1 FROM batches)`).Scan(&lastSeq, &batchNo); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}

	im := &importer{
		ctx: ctx, tx: tx, batchNo: batchNo, nextSeq: lastSeq + 1,
		heads:  make(map[vetgraph.RecordKey]string),
		fresh:  make(map[string]bool),
		counts: make(map[string]int),
	}
	// The batch row goes first: records refer to it.
	if _, err := tx.Exec(ctx, `INSERT INTO batches
		(no, id, source, format, files, imported_at, grade, supersedes, counts, added, changed, unchanged, first_seq, last_seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{}', 0, 0, 0, $9, $10)`,
		batchNo, string(b.ID), b.Source, b.Format, storecodec.Marshal(nonNilFiles(b.Files)), b.ImportedAt.UnixNano(), b.Grade.String(),
		string(b.Supersedes), lastSeq+1, lastSeq); err != nil {
		if isUnique(err) {
			return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Conflict, op, "batch %q already exists", b.ID)
		}
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	if err := im.run(op, recs); err != nil {
		return vetgraph.Batch{}, err
	}
	b.Added, b.Changed, b.Unchanged = im.added, im.changed, im.unchanged
	if b.Counts == nil {
		b.Counts = im.counts
	}
	if _, err := tx.Exec(ctx, `UPDATE batches SET added = $1, changed = $2, unchanged = $3, last_seq = $4, counts = $5 WHERE no = $6`,
		b.Added, b.Changed, b.Unchanged, im.nextSeq-1, storecodec.Marshal(b.Counts), batchNo); err != nil {
		return vetgraph.Batch{}, storecodec.Internal(op, ctx, err)
	}
	if err := tx.Commit(ctx); err != nil {
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

// chunkRows is the number of records per lookup and COPY.
const chunkRows = 2000

var recordCols = []string{"seq", "batch_no", "key_hash", "source", "id", "schema", "properties", "valid_from", "valid_to", "digest"}

type pending struct {
	key    vetgraph.RecordKey
	hash   int64
	schema string
	props  string
	from   *string
	to     *string
	digest string
}

type importer struct {
	ctx     context.Context
	tx      pgx.Tx
	batchNo int64
	nextSeq int64

	heads  map[vetgraph.RecordKey]string // digest of every key written or found in this batch
	fresh  map[string]bool               // sources without records before this batch
	counts map[string]int                // records per schema as read
	chunk  []pending
	rows   [][]any

	added, changed, unchanged int
}

// run reads recs and writes them in chunks. It returns the reader's or
// validation error as it is, and wraps database errors.
func (im *importer) run(op string, recs iter.Seq2[vetgraph.Record, error]) error {
	var buf []byte
	n := 0
	for r, err := range recs {
		n++
		if err != nil {
			return err
		}
		if err := r.Validate(op, n); err != nil {
			return err
		}
		im.counts[r.Schema]++
		buf = storecodec.AppendProps(buf[:0], r.Properties)
		im.chunk = append(im.chunk, pending{
			key:    r.Key,
			hash:   storecodec.KeyHash(r.Key),
			schema: r.Schema,
			props:  string(buf),
			from:   validText(r.ValidFrom),
			to:     validText(r.ValidTo),
			digest: storecodec.ContentDigest(r.Key, r.Schema, buf, r.ValidFrom, r.ValidTo),
		})
		if len(im.chunk) == chunkRows {
			if err := im.flush(); err != nil {
				return storecodec.Internal(op, im.ctx, err)
			}
		}
	}
	if err := im.flush(); err != nil {
		return storecodec.Internal(op, im.ctx, err)
	}
	return nil
}

func (im *importer) flush() error {
	if len(im.chunk) == 0 {
		return nil
	}
	if err := im.ctx.Err(); err != nil {
		return err
	}
	var (
		hs     []int64
		ss, is []string
		asked  = make(map[vetgraph.RecordKey]bool)
	)
	for _, p := range im.chunk {
		if _, ok := im.heads[p.key]; ok || asked[p.key] {
			continue
		}
		fresh, ok := im.fresh[p.key.Source]
		if !ok {
			var exists bool
			if err := im.tx.QueryRow(im.ctx, `SELECT EXISTS (SELECT 1 FROM record_sources WHERE source = $1)`, p.key.Source).Scan(&exists); err != nil {
				return err
			}
			fresh = !exists
			im.fresh[p.key.Source] = fresh
			if fresh {
				if _, err := im.tx.Exec(im.ctx, `INSERT INTO record_sources (source) VALUES ($1)`, p.key.Source); err != nil {
					return err
				}
			}
		}
		if !fresh {
			asked[p.key] = true
			hs, ss, is = append(hs, p.hash), append(ss, p.key.Source), append(is, p.key.ID)
		}
	}
	stored := make(map[vetgraph.RecordKey]string, len(hs))
	if len(hs) > 0 {
		rows, err := im.tx.Query(im.ctx, `SELECT k.s, k.i,
			(SELECT r.digest FROM records r WHERE r.key_hash = k.h AND r.source = k.s AND r.id = k.i ORDER BY r.seq DESC LIMIT 1)
			FROM unnest($1::bigint[], $2::text[], $3::text[]) AS k (h, s, i)`, hs, ss, is)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k vetgraph.RecordKey
			var d *string
			if err := rows.Scan(&k.Source, &k.ID, &d); err != nil {
				rows.Close()
				return err
			}
			if d != nil {
				stored[k] = *d
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	im.rows = im.rows[:0]
	for _, p := range im.chunk {
		prev, known := im.heads[p.key]
		if !known {
			prev, known = stored[p.key]
		}
		switch {
		case known && prev == p.digest:
			im.unchanged++
			im.heads[p.key] = prev
			continue
		case known:
			im.changed++
		default:
			im.added++
		}
		im.heads[p.key] = p.digest
		im.rows = append(im.rows, []any{im.nextSeq, im.batchNo, p.hash, p.key.Source, p.key.ID, p.schema, p.props, p.from, p.to, p.digest})
		im.nextSeq++
	}
	im.chunk = im.chunk[:0]
	if len(im.rows) == 0 {
		return nil
	}
	_, err := im.tx.CopyFrom(im.ctx, pgx.Identifier{"records"}, recordCols, pgx.CopyFromRows(im.rows))
	return err
}

// Batch implements [vetgraph.RecordStore].
func (s *Store) Batch(ctx context.Context, id vetgraph.BatchID) (vetgraph.Batch, error) {
	const op = "postgres.Batch"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return vetgraph.Batch{}, err
	}
	bs, err := s.batches(ctx, op, `WHERE id = $1`, string(id))
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
	const op = "postgres.Batches"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return nil, err
	}
	return s.batches(ctx, op, ``)
}

func (s *Store) batches(ctx context.Context, op, where string, args ...any) ([]vetgraph.Batch, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, source, format, files, imported_at, grade, supersedes, counts,
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
			files, counts  []byte
			at             int64
		)
		if err := rows.Scan(&id, &b.Source, &b.Format, &files, &at, &grade, &sup, &counts, &b.Added, &b.Changed, &b.Unchanged); err != nil {
			return nil, storecodec.Internal(op, ctx, err)
		}
		b.ID, b.Supersedes, b.ImportedAt = vetgraph.BatchID(id), vetgraph.BatchID(sup), storecodec.FromNanos(at)
		if b.Grade, err = vetgraph.ParseGrade(grade); err != nil {
			return nil, storecodec.Internal(op, ctx, err)
		}
		if err := json.Unmarshal(files, &b.Files); err != nil {
			return nil, storecodec.Internal(op, ctx, fmt.Errorf("batch %s files: %w", id, err))
		}
		if err := json.Unmarshal(counts, &b.Counts); err != nil {
			return nil, storecodec.Internal(op, ctx, fmt.Errorf("batch %s counts: %w", id, err))
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, storecodec.Internal(op, ctx, err)
	}
	return out, nil
}

// args collects query parameters and names them $1, $2, ...
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// ScanRecords implements [vetgraph.RecordStore]. Latest keeps the newest
// version of each key among those recorded at or before AsOf; the other
// fields then filter those.
func (s *Store) ScanRecords(ctx context.Context, f vetgraph.RecordFilter, fn func(vetgraph.Record) error) error {
	const op = "postgres.ScanRecords"
	if err := storecodec.CtxErr(op, ctx); err != nil {
		return err
	}
	var (
		where []string
		a     args
	)
	if f.Source != "" {
		where = append(where, `r.source = `+a.add(f.Source))
	}
	if f.Batch != "" {
		p := a.add(string(f.Batch))
		where = append(where, `r.seq BETWEEN (SELECT first_seq FROM batches WHERE id = `+p+`) AND (SELECT last_seq FROM batches WHERE id = `+p+`)`)
	}
	if f.AfterSeq > 0 {
		where = append(where, `r.seq > `+a.add(f.AfterSeq))
	}
	if !f.AsOf.IsZero() {
		p := a.add(storecodec.AsOfNanos(f.AsOf))
		where = append(where, `b.imported_at <= `+p)
		if f.Latest {
			where = append(where, `NOT EXISTS (SELECT 1 FROM records n JOIN batches nb ON nb.no = n.batch_no
				WHERE n.key_hash = r.key_hash AND n.source = r.source AND n.id = r.id AND n.seq > r.seq AND nb.imported_at <= `+p+`)`)
		}
	} else if f.Latest {
		where = append(where, `NOT EXISTS (SELECT 1 FROM records n WHERE n.key_hash = r.key_hash AND n.source = r.source AND n.id = r.id AND n.seq > r.seq)`)
	}
	q := `SELECT r.seq, r.source, r.id, r.schema, r.properties, r.valid_from, r.valid_to, b.id, b.imported_at
		FROM records r JOIN batches b ON b.no = r.batch_no`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY r.seq`
	rows, err := s.pool.Query(ctx, q, a...)
	if err != nil {
		return storecodec.Internal(op, ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r        vetgraph.Record
			props    []byte
			from, to *string
			batch    string
			at       int64
		)
		if err := rows.Scan(&r.Seq, &r.Key.Source, &r.Key.ID, &r.Schema, &props, &from, &to, &batch, &at); err != nil {
			return storecodec.Internal(op, ctx, err)
		}
		if err := json.Unmarshal(props, &r.Properties); err != nil {
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
