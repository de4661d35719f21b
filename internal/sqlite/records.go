package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"sync"

	"vetgraph"
)

// ImportBatch implements [vetgraph.RecordStore] in one write transaction. It
// also returns Invalid for a batch without ID or ImportedAt. Records are
// inserted in chunks with multi-row statements; the digest of a key's newest
// version is looked up per chunk in one query, and not at all for a source
// that had no records before the batch.
func (s *Store) ImportBatch(ctx context.Context, b vetgraph.Batch, recs iter.Seq2[vetgraph.Record, error]) (vetgraph.Batch, error) {
	const op = "sqlite.ImportBatch"
	if err := validateBatch(op, b); err != nil {
		return vetgraph.Batch{}, err
	}
	if recs == nil { // no records: an empty batch
		recs = func(func(vetgraph.Record, error) bool) {}
	}
	if err := ctxErr(op, ctx); err != nil {
		return vetgraph.Batch{}, err
	}
	b.ImportedAt = b.ImportedAt.UTC()
	b.Added, b.Changed, b.Unchanged = 0, 0, 0

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}
	defer tx.Rollback()

	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM batches WHERE id = ?`, string(b.ID)).Scan(&taken); err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}
	if taken > 0 {
		return vetgraph.Batch{}, vetgraph.Errorf(vetgraph.Conflict, op, "batch %q already exists", b.ID)
	}
	var lastSeq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM records`).Scan(&lastSeq); err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO batches
		(id, source, format, files, imported_at, grade, supersedes, counts, added, changed, unchanged, first_seq, last_seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)`,
		string(b.ID), b.Source, b.Format, marshal(nonNilFiles(b.Files)), b.ImportedAt.UnixNano(), b.Grade.String(),
		string(b.Supersedes), marshal(nonNilCounts(b.Counts)), lastSeq+1, lastSeq)
	if err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}
	batchNo, err := res.LastInsertId()
	if err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}

	im, err := newImporter(ctx, tx, batchNo)
	if err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}
	defer im.close()
	if err := im.run(op, recs); err != nil {
		return vetgraph.Batch{}, err
	}
	b.Added, b.Changed, b.Unchanged = im.added, im.changed, im.unchanged
	if b.Counts == nil {
		b.Counts = im.counts
	}
	if _, err := tx.ExecContext(ctx, `UPDATE batches SET added = ?, changed = ?, unchanged = ?, last_seq = ?, counts = ? WHERE no = ?`,
		b.Added, b.Changed, b.Unchanged, lastSeq+int64(b.Added+b.Changed), marshal(nonNilCounts(b.Counts)), batchNo); err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return vetgraph.Batch{}, internal(op, ctx, err)
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

// chunkRows is the number of records per lookup and multi-row INSERT
// (9 parameters each, far below SQLite's limit of 32766).
const chunkRows = 256

// insertCols are the records columns an import writes.
const insertCols = 9

// pending is a record ready to insert: its key, digest and INSERT values
// (boxed by the reading goroutine, which has time to spare).
type pending struct {
	key    vetgraph.RecordKey
	hash   int64
	digest string
	row    [insertCols]any
}

// heads maps the keys an import has seen to the digest of their newest
// version. It is indexed by key hash (cheaper than by two strings); a key
// whose hash another key already holds goes to other.
type heads struct {
	byHash map[int64]head
	other  map[vetgraph.RecordKey]string
}

type head struct {
	key    vetgraph.RecordKey
	digest string
}

func (h *heads) get(hash int64, k vetgraph.RecordKey) (string, bool) {
	if e, ok := h.byHash[hash]; ok && e.key == k {
		return e.digest, true
	}
	d, ok := h.other[k]
	return d, ok
}

func (h *heads) set(hash int64, k vetgraph.RecordKey, digest string) {
	if e, ok := h.byHash[hash]; !ok || e.key == k {
		h.byHash[hash] = head{k, digest}
		return
	}
	if h.other == nil {
		h.other = make(map[vetgraph.RecordKey]string)
	}
	h.other[k] = digest
}

// importer classifies and inserts one batch's records.
type importer struct {
	ctx     context.Context
	tx      *sql.Tx
	batchNo int64
	insert  *sql.Stmt // chunkRows rows
	lookup  *sql.Stmt
	exists  *sql.Stmt

	// heads holds the digest of every key written or found in this batch.
	heads heads
	// fresh marks sources that held no records before this batch.
	fresh map[string]bool
	args  []any
	// counts tallies records per schema as read (Batch.Counts).
	counts map[string]int

	added, changed, unchanged int
}

func newImporter(ctx context.Context, tx *sql.Tx, batchNo int64) (*importer, error) {
	im := &importer{
		ctx: ctx, tx: tx, batchNo: batchNo,
		heads:  heads{byHash: make(map[int64]head)},
		fresh:  make(map[string]bool),
		args:   make([]any, 0, chunkRows*insertCols),
		counts: make(map[string]int),
	}
	var err error
	if im.insert, err = tx.PrepareContext(ctx, insertSQL(chunkRows)); err != nil {
		return nil, err
	}
	if im.lookup, err = tx.PrepareContext(ctx, `SELECT k.value ->> 1, k.value ->> 2,
		(SELECT r.digest FROM records r WHERE r.key_hash = k.value ->> 0 AND r.source = k.value ->> 1 AND r.id = k.value ->> 2
		 ORDER BY r.seq DESC LIMIT 1)
		FROM json_each(?) k`); err != nil {
		return nil, err
	}
	if im.exists, err = tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM record_sources WHERE source = ?)`); err != nil {
		return nil, err
	}
	return im, nil
}

func (im *importer) close() {
	for _, st := range []*sql.Stmt{im.insert, im.lookup, im.exists} {
		if st != nil {
			st.Close()
		}
	}
}

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO records (batch_no, key_hash, source, id, schema, properties, valid_from, valid_to, digest) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// run reads recs on the calling goroutine, encoding and digesting them in
// chunks, while a second goroutine classifies and inserts the chunks in
// order. It returns the reader's or validation error as it is, and wraps
// database errors.
func (im *importer) run(op string, recs iter.Seq2[vetgraph.Record, error]) error {
	chunks := make(chan []pending, 2)
	free := make(chan []pending, 3)
	for range cap(free) {
		free <- make([]pending, 0, chunkRows)
	}
	failed := make(chan struct{}) // closed at the writer's first error
	var werr error                // the writer's error; read after wg.Wait
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for c := range chunks {
			if werr == nil {
				if werr = im.flush(c); werr != nil {
					close(failed)
				}
			}
			free <- c[:0]
		}
	}()

	var (
		cur     = <-free
		readErr error
		stopped bool
		buf     []byte
	)
	n := 0
	for r, err := range recs {
		n++
		if err != nil {
			readErr = err
			break
		}
		if err := validateRecord(op, n, r); err != nil {
			readErr = err
			break
		}
		im.counts[r.Schema]++
		buf = appendProps(buf[:0], r.Properties)
		hash, digest := keyHash(r.Key), contentDigest(r.Key, r.Schema, buf, r.ValidFrom, r.ValidTo)
		cur = append(cur, pending{
			key: r.Key, hash: hash, digest: digest,
			row: [insertCols]any{im.batchNo, hash, r.Key.Source, r.Key.ID, r.Schema, string(buf),
				validText(r.ValidFrom), validText(r.ValidTo), digest},
		})
		if len(cur) < chunkRows {
			continue
		}
		select {
		case chunks <- cur:
		case <-failed:
			stopped = true
		}
		if stopped {
			break
		}
		select {
		case cur = <-free:
		case <-failed:
			stopped = true
		}
		if stopped {
			break
		}
	}
	if readErr == nil && !stopped && len(cur) > 0 {
		chunks <- cur
	}
	close(chunks)
	wg.Wait()
	if readErr != nil {
		return readErr
	}
	if werr != nil {
		return internal(op, im.ctx, werr)
	}
	return nil
}

// flush classifies a chunk against the heads and inserts its new versions.
func (im *importer) flush(chunk []pending) error {
	if len(chunk) == 0 {
		return nil
	}
	if err := im.ctx.Err(); err != nil {
		return err
	}
	// The newest stored digest of keys new to this batch, from sources that
	// had records before it.
	var ask [][3]any
	asked := make(map[vetgraph.RecordKey]bool)
	for _, p := range chunk {
		if _, ok := im.heads.get(p.hash, p.key); ok || asked[p.key] {
			continue
		}
		fresh, ok := im.fresh[p.key.Source]
		if !ok {
			var exists bool
			if err := im.exists.QueryRowContext(im.ctx, p.key.Source).Scan(&exists); err != nil {
				return err
			}
			fresh = !exists
			im.fresh[p.key.Source] = fresh
			if fresh {
				if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO record_sources (source) VALUES (?)`, p.key.Source); err != nil {
					return err
				}
			}
		}
		if !fresh {
			asked[p.key] = true
			ask = append(ask, [3]any{p.hash, p.key.Source, p.key.ID})
		}
	}
	stored := make(map[vetgraph.RecordKey]string, len(ask))
	if len(ask) > 0 {
		js, _ := json.Marshal(ask)
		rows, err := im.lookup.QueryContext(im.ctx, string(js))
		if err != nil {
			return err
		}
		for rows.Next() {
			var k vetgraph.RecordKey
			var d sql.NullString
			if err := rows.Scan(&k.Source, &k.ID, &d); err != nil {
				rows.Close()
				return err
			}
			if d.Valid {
				stored[k] = d.String
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}

	im.args = im.args[:0]
	n := 0
	for _, p := range chunk {
		prev, known := im.heads.get(p.hash, p.key)
		if !known {
			prev, known = stored[p.key]
		}
		switch {
		case known && prev == p.digest:
			im.unchanged++
			im.heads.set(p.hash, p.key, prev)
			continue
		case known:
			im.changed++
		default:
			im.added++
		}
		im.heads.set(p.hash, p.key, p.digest)
		im.args = append(im.args, p.row[:]...)
		n++
	}
	if n == 0 {
		return nil
	}
	var err error
	if n == chunkRows {
		_, err = im.insert.ExecContext(im.ctx, im.args...)
	} else {
		_, err = im.tx.ExecContext(im.ctx, insertSQL(n), im.args...)
	}
	return err
}

// Batch implements [vetgraph.RecordStore].
func (s *Store) Batch(ctx context.Context, id vetgraph.BatchID) (vetgraph.Batch, error) {
	const op = "sqlite.Batch"
	if err := ctxErr(op, ctx); err != nil {
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
	if err := ctxErr(op, ctx); err != nil {
		return nil, err
	}
	return s.batches(ctx, op, ``)
}

func (s *Store) batches(ctx context.Context, op, where string, args ...any) ([]vetgraph.Batch, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, source, format, files, imported_at, grade, supersedes, counts,
		added, changed, unchanged FROM batches `+where+` ORDER BY no`, args...)
	if err != nil {
		return nil, internal(op, ctx, err)
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
			return nil, internal(op, ctx, err)
		}
		b.ID, b.Supersedes, b.ImportedAt = vetgraph.BatchID(id), vetgraph.BatchID(sup), fromNanos(at)
		if b.Grade, err = vetgraph.ParseGrade(grade); err != nil {
			return nil, internal(op, ctx, err)
		}
		if err := json.Unmarshal([]byte(files), &b.Files); err != nil {
			return nil, internal(op, ctx, fmt.Errorf("batch %s files: %w", id, err))
		}
		if err := json.Unmarshal([]byte(counts), &b.Counts); err != nil {
			return nil, internal(op, ctx, fmt.Errorf("batch %s counts: %w", id, err))
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, ctx, err)
	}
	return out, nil
}

// ScanRecords implements [vetgraph.RecordStore]. Latest keeps the newest
// version of each key among those recorded at or before AsOf; the other
// fields then filter those.
func (s *Store) ScanRecords(ctx context.Context, f vetgraph.RecordFilter, fn func(vetgraph.Record) error) error {
	const op = "sqlite.ScanRecords"
	if err := ctxErr(op, ctx); err != nil {
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
		args = append(args, asOfNanos(f.AsOf))
	}
	if f.Latest {
		if f.AsOf.IsZero() {
			where = append(where, `NOT EXISTS (SELECT 1 FROM records n WHERE n.key_hash = r.key_hash AND n.source = r.source AND n.id = r.id AND n.seq > r.seq)`)
		} else {
			where = append(where, `NOT EXISTS (SELECT 1 FROM records n JOIN batches nb ON nb.no = n.batch_no
				WHERE n.key_hash = r.key_hash AND n.source = r.source AND n.id = r.id AND n.seq > r.seq AND nb.imported_at <= ?)`)
			args = append(args, asOfNanos(f.AsOf))
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
		return internal(op, ctx, err)
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
			return internal(op, ctx, err)
		}
		if r.Properties, err = decodeProps(props); err != nil {
			return internal(op, ctx, fmt.Errorf("record %d properties: %w", r.Seq, err))
		}
		if r.ValidFrom, err = parseValid(from); err != nil {
			return internal(op, ctx, err)
		}
		if r.ValidTo, err = parseValid(to); err != nil {
			return internal(op, ctx, err)
		}
		r.Batch, r.RecordedAt = vetgraph.BatchID(batch), fromNanos(at)
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return internal(op, ctx, err)
	}
	return nil
}
