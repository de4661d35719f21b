package sqlite

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"iter"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

// chunkRows is the number of records per digest lookup and INSERT round
// (the fallback multi-row INSERT binds 9 parameters each, below SQLite's
// limit of 32766).
const chunkRows = 1024

// insertCols are the records columns an import writes.
const insertCols = 9

// span is a column value inside a chunk's buffer; n < 0 is NULL.
type span struct{ off, n int }

// row is a record ready to insert. It holds no pointers: a chunk's rows and
// buffer cost the garbage collector nothing to scan.
type row struct {
	hash                                int64
	digest                              digest
	source, id, schema, props, from, to span
	hexDigest                           span
}

// chunk is a run of records encoded by the reading goroutine: every text
// column of its rows lives in buf.
type chunk struct {
	buf  []byte
	rows []row
}

func (c *chunk) bytes(s span) []byte { return c.buf[s.off : s.off+s.n] }

func (c *chunk) str(s span) any {
	if s.n < 0 {
		return nil
	}
	return string(c.bytes(s))
}

// appendSpan appends s to the buffer and returns its span.
func (c *chunk) appendStr(s string) span {
	off := len(c.buf)
	c.buf = append(c.buf, s...)
	return span{off, len(s)}
}

// appendValid appends a valid time as the text column holds it.
func (c *chunk) appendValid(t time.Time) span {
	if t.IsZero() {
		return span{0, -1}
	}
	off := len(c.buf)
	c.buf = t.UTC().AppendFormat(c.buf, time.RFC3339Nano)
	return span{off, len(c.buf) - off}
}

// heads maps the keys an import has seen to the digest of their newest
// version. It is indexed by key hash, with the key bytes in one arena so that
// it holds no pointers however many keys a batch has; a key whose hash
// another key already holds goes to other.
type heads struct {
	byHash map[int64]headEntry
	keys   []byte // source then id of each byHash entry
	other  map[vetgraph.RecordKey]digest
}

type headEntry struct {
	off, ns, ni uint32
	digest      digest
}

func newHeads() heads { return heads{byHash: make(map[int64]headEntry)} }

func (h *heads) holds(e headEntry, src, id []byte) bool {
	k := h.keys[e.off : e.off+e.ns+e.ni]
	return bytes.Equal(k[:e.ns], src) && bytes.Equal(k[e.ns:], id)
}

func (h *heads) get(hash int64, src, id []byte) (digest, bool) {
	if e, ok := h.byHash[hash]; ok && h.holds(e, src, id) {
		return e.digest, true
	}
	if h.other == nil {
		return digest{}, false
	}
	d, ok := h.other[vetgraph.RecordKey{Source: string(src), ID: string(id)}]
	return d, ok
}

// swap makes d the digest of the key's head and returns the one it had.
func (h *heads) swap(hash int64, src, id []byte, d digest) (digest, bool) {
	e, ok := h.byHash[hash]
	switch {
	case ok && h.holds(e, src, id):
		prev := e.digest
		if prev != d {
			e.digest = d
			h.byHash[hash] = e
		}
		return prev, true
	case !ok && len(h.keys)+len(src)+len(id) <= math.MaxUint32:
		off := len(h.keys)
		h.keys = append(append(h.keys, src...), id...)
		h.byHash[hash] = headEntry{uint32(off), uint32(len(src)), uint32(len(id)), d}
		return digest{}, false
	}
	if h.other == nil {
		h.other = make(map[vetgraph.RecordKey]digest)
	}
	k := vetgraph.RecordKey{Source: string(src), ID: string(id)}
	prev, known := h.other[k]
	h.other[k] = d
	return prev, known
}

// importer classifies and inserts one batch's records.
type importer struct {
	ctx     context.Context
	conn    *sql.Conn
	tx      *sql.Tx
	batchNo int64
	lookup  *sql.Stmt
	exists  *sql.Stmt

	// raw inserts rows through the SQLite C API on the transaction's
	// connection; nil until the first insert, or when the driver does not
	// expose its handle (noRaw), then rows go through database/sql.
	raw    *rawInsert
	noRaw  bool
	insert *sql.Stmt // fallback: chunkRows rows
	args   []any

	// seq is the Seq of the next version inserted (SQLite gives a row
	// without seq the largest seq plus one, and this transaction is the only
	// writer); keys are the (key hash, Seq) of the versions inserted, for
	// record_keys.
	seq  int64
	keys []keySeq

	// heads holds the digest of every key written or found in this batch.
	heads heads
	// fresh marks sources that held no records before this batch.
	fresh map[string]bool
	ins   []int // rows of the chunk being flushed that are new versions
	// counts tallies records per schema as read (Batch.Counts).
	counts map[string]int

	added, changed, unchanged int
}

func newImporter(ctx context.Context, conn *sql.Conn, tx *sql.Tx, batchNo, firstSeq int64, noRaw bool) (*importer, error) {
	im := &importer{
		ctx: ctx, conn: conn, tx: tx, batchNo: batchNo, noRaw: noRaw, seq: firstSeq,
		heads:  newHeads(),
		fresh:  make(map[string]bool),
		ins:    make([]int, 0, chunkRows),
		counts: make(map[string]int),
	}
	var err error
	if im.lookup, err = tx.PrepareContext(ctx, `SELECT k.value ->> 1, k.value ->> 2,
		(SELECT r.digest FROM record_keys rk JOIN records r ON r.seq = rk.seq
		 WHERE rk.key_hash = k.value ->> 0 AND r.source = k.value ->> 1 AND r.id = k.value ->> 2
		 ORDER BY rk.seq DESC LIMIT 1)
		FROM json_each(?) k`); err != nil {
		return nil, err
	}
	if im.exists, err = tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM record_sources WHERE source = ?)`); err != nil {
		im.close()
		return nil, err
	}
	return im, nil
}

// close releases the importer's statements; call it before the connection
// goes back to the pool.
func (im *importer) close() {
	for _, st := range []*sql.Stmt{im.insert, im.lookup, im.exists} {
		if st != nil {
			st.Close()
		}
	}
	if im.raw != nil {
		im.conn.Raw(func(any) error { im.raw.close(); return nil })
		im.raw = nil
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

func insertKeysSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO record_keys (key_hash, seq) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?)")
	}
	return b.String()
}

// keySeq is a record_keys row.
type keySeq struct{ hash, seq int64 }

// indexKeys adds the batch's new versions to record_keys, in key order so
// that the b-tree grows in one sweep.
func (im *importer) indexKeys() error {
	if len(im.keys) == 0 {
		return nil
	}
	slices.SortFunc(im.keys, func(a, b keySeq) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	if im.raw != nil {
		return im.conn.Raw(func(any) error { return im.raw.insertKeys(im.keys) })
	}
	const per = 1000
	for ks := im.keys; len(ks) > 0; {
		n := min(len(ks), per)
		args := make([]any, 0, 2*n)
		for _, k := range ks[:n] {
			args = append(args, k.hash, k.seq)
		}
		if _, err := im.tx.ExecContext(im.ctx, insertKeysSQL(n), args...); err != nil {
			return err
		}
		ks = ks[n:]
	}
	return nil
}

// run reads recs on the calling goroutine, encoding and digesting them in
// chunks, while a second goroutine classifies and inserts the chunks in
// order. It returns the reader's or validation error as it is, and wraps
// database errors.
func (im *importer) run(op string, recs iter.Seq2[vetgraph.Record, error]) error {
	chunks := make(chan *chunk, 2)
	free := make(chan *chunk, 3)
	for range cap(free) {
		free <- &chunk{rows: make([]row, 0, chunkRows)}
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
			c.buf, c.rows = c.buf[:0], c.rows[:0]
			free <- c
		}
	}()

	var (
		cur     = <-free
		readErr error
		stopped bool
		keys    []string // storecodec.AppendPropsKeys scratch
		scratch []byte   // digest scratch
	)
	n := 0
	for r, err := range recs {
		n++
		if err != nil {
			readErr = err
			break
		}
		if err := r.Validate(op, n); err != nil {
			readErr = err
			break
		}
		im.counts[r.Schema]++
		w := row{
			hash:   storecodec.KeyHash(r.Key),
			source: cur.appendStr(r.Key.Source),
			id:     cur.appendStr(r.Key.ID),
			schema: cur.appendStr(r.Schema),
			from:   cur.appendValid(r.ValidFrom),
			to:     cur.appendValid(r.ValidTo),
		}
		off := len(cur.buf)
		cur.buf, keys = storecodec.AppendPropsKeys(cur.buf, r.Properties, keys)
		w.props = span{off, len(cur.buf) - off}
		w.digest = storecodec.DigestOf(&scratch, r.Key.Source, r.Key.ID, r.Schema, cur.bytes(w.props), r.ValidFrom, r.ValidTo)
		off = len(cur.buf)
		cur.buf = hex.AppendEncode(cur.buf, w.digest[:])
		w.hexDigest = span{off, len(cur.buf) - off}
		cur.rows = append(cur.rows, w)
		if len(cur.rows) < chunkRows {
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
	if readErr == nil && !stopped && len(cur.rows) > 0 {
		chunks <- cur
	}
	close(chunks)
	wg.Wait()
	if readErr != nil {
		return readErr
	}
	if werr != nil {
		return storecodec.Internal(op, im.ctx, werr)
	}
	return nil
}

// flush classifies a chunk against the heads and inserts its new versions.
func (im *importer) flush(c *chunk) error {
	if len(c.rows) == 0 {
		return nil
	}
	if err := im.ctx.Err(); err != nil {
		return err
	}
	stored, err := im.storedHeads(c)
	if err != nil {
		return err
	}
	im.ins = im.ins[:0]
	for i := range c.rows {
		r := &c.rows[i]
		src, id := c.bytes(r.source), c.bytes(r.id)
		prev, known := im.heads.swap(r.hash, src, id, r.digest)
		if !known && len(stored) > 0 {
			prev, known = stored[vetgraph.RecordKey{Source: string(src), ID: string(id)}]
		}
		switch {
		case known && prev == r.digest:
			im.unchanged++
			continue
		case known:
			im.changed++
		default:
			im.added++
		}
		im.ins = append(im.ins, i)
		im.keys = append(im.keys, keySeq{r.hash, im.seq + int64(len(im.ins)) - 1})
	}
	if len(im.ins) == 0 {
		return nil
	}
	if !im.noRaw {
		err := im.conn.Raw(func(dc any) error {
			if im.raw == nil {
				r, err := newRawInsert(dc)
				if err != nil {
					return err
				}
				if r == nil {
					im.noRaw = true
					return nil
				}
				im.raw = r
			}
			return im.raw.insert(im.batchNo, c, im.ins)
		})
		if err == nil && !im.noRaw {
			im.seq += int64(len(im.ins))
			return nil
		}
		if err != nil {
			return err
		}
	}
	if err := im.insertSQL(c); err != nil {
		return err
	}
	im.seq += int64(len(im.ins))
	return nil
}

// storedHeads returns the newest stored digest of the chunk's keys that are
// new to this batch and whose source had records before it.
func (im *importer) storedHeads(c *chunk) (map[vetgraph.RecordKey]digest, error) {
	var (
		ask   [][3]any
		asked map[vetgraph.RecordKey]bool
	)
	for i := range c.rows {
		r := &c.rows[i]
		src, id := c.bytes(r.source), c.bytes(r.id)
		fresh, ok := im.fresh[string(src)]
		if !ok {
			source := string(src)
			var exists bool
			if err := im.exists.QueryRowContext(im.ctx, source).Scan(&exists); err != nil {
				return nil, err
			}
			fresh = !exists
			im.fresh[source] = fresh
			if fresh {
				if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO record_sources (source) VALUES (?)`, source); err != nil {
					return nil, err
				}
			}
		}
		if fresh {
			continue
		}
		if _, ok := im.heads.get(r.hash, src, id); ok {
			continue
		}
		k := vetgraph.RecordKey{Source: string(src), ID: string(id)}
		if asked[k] {
			continue
		}
		if asked == nil {
			asked = make(map[vetgraph.RecordKey]bool)
		}
		asked[k] = true
		ask = append(ask, [3]any{r.hash, k.Source, k.ID})
	}
	if len(ask) == 0 {
		return nil, nil
	}
	stored := make(map[vetgraph.RecordKey]digest, len(ask))
	js, _ := json.Marshal(ask)
	rows, err := im.lookup.QueryContext(im.ctx, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k vetgraph.RecordKey
		var d sql.NullString
		if err := rows.Scan(&k.Source, &k.ID, &d); err != nil {
			return nil, err
		}
		if !d.Valid {
			continue
		}
		var b digest
		if n, err := hex.Decode(b[:], []byte(d.String)); err != nil || n != len(b) {
			// Not a digest this store wrote: treat the content as changed.
			b = digest{}
		}
		stored[k] = b
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return stored, rows.Err()
}

// insertSQL inserts the chunk's new versions with multi-row statements
// through database/sql.
func (im *importer) insertSQL(c *chunk) error {
	im.args = im.args[:0]
	for _, i := range im.ins {
		r := &c.rows[i]
		im.args = append(im.args, im.batchNo, r.hash, c.str(r.source), c.str(r.id), c.str(r.schema),
			c.str(r.props), c.str(r.from), c.str(r.to), c.str(r.hexDigest))
	}
	var err error
	if len(im.ins) == chunkRows {
		if im.insert == nil {
			if im.insert, err = im.tx.PrepareContext(im.ctx, insertSQL(chunkRows)); err != nil {
				return err
			}
		}
		_, err = im.insert.ExecContext(im.ctx, im.args...)
	} else {
		_, err = im.tx.ExecContext(im.ctx, insertSQL(len(im.ins)), im.args...)
	}
	return err
}
