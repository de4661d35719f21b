package sqlite

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawInsert inserts record rows through the SQLite C API (as transpiled by
// modernc.org/sqlite/lib) on the connection of an import's transaction. It
// exists for speed: database/sql and the driver box, convert and copy every
// value into C memory, which cost as much as SQLite's own insert. Here one
// prepared multi-row INSERT is bound straight from a chunk's buffer
// (SQLITE_STATIC: SQLite reads the bytes in place during the step) and
// stepped per rawRows rows, allocating nothing per row.
//
// The handle is the driver connection's unexported db field, read with
// reflect; newRawInsert returns nil when a driver version lacks it, and the
// importer then inserts through database/sql (TestRawInsertUsed pins the fast
// path to the driver version in go.mod).
//
// SQLite only ever sees C memory (the race detector's checkptr forbids Go
// pointers there): a chunk's buffer is copied into a C buffer reused from
// chunk to chunk, which costs little next to the insert.
type rawInsert struct {
	tls  *libc.TLS
	db   uintptr
	many uintptr // *sqlite3_stmt inserting rawRows rows
	one  uintptr // *sqlite3_stmt inserting one row
	// keysMany and keysOne insert rawKeys and one record_keys rows.
	keysMany, keysOne uintptr
	buf               uintptr // C copy of the chunk being inserted
	cap               int
}

// rawRows is the number of rows per step of the many statement: enough to
// spread a step's fixed cost (locks, cursors, statement end), few enough
// that binding stays in the processor's cache.
const rawRows = 32

// rawKeys is the number of record_keys rows per step.
const rawKeys = 128

// rawHandle returns the sqlite3* of a modernc.org/sqlite driver connection.
func rawHandle(dc any) (uintptr, bool) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return 0, false
	}
	f := v.Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Uintptr || f.Uint() == 0 {
		return 0, false
	}
	return uintptr(f.Uint()), true
}

// newRawInsert prepares the INSERTs on the connection dc, which the caller
// holds (sql.Conn.Raw) for this call and for every later call of insert and
// close. It returns nil, nil when dc has no handle to use.
func newRawInsert(dc any) (*rawInsert, error) {
	db, ok := rawHandle(dc)
	if !ok {
		return nil, nil
	}
	r := &rawInsert{tls: libc.NewTLS(), db: db}
	var err error
	if r.many, err = r.prepare(insertSQL(rawRows)); err == nil {
		r.one, err = r.prepare(insertSQL(1))
	}
	if err == nil {
		r.keysMany, err = r.prepare(insertKeysSQL(rawKeys))
	}
	if err == nil {
		r.keysOne, err = r.prepare(insertKeysSQL(1))
	}
	if err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *rawInsert) prepare(sql string) (uintptr, error) {
	q, err := libc.CString(sql)
	if err != nil {
		return 0, err
	}
	defer libc.Xfree(r.tls, q)
	pp := libc.Xmalloc(r.tls, 8)
	if pp == 0 {
		return 0, fmt.Errorf("prepare insert: out of memory")
	}
	defer libc.Xfree(r.tls, pp)
	if rc := sqlite3.Xsqlite3_prepare_v2(r.tls, r.db, q, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		return 0, r.err("prepare insert", rc)
	}
	return uintptr(binary.NativeEndian.Uint64(libc.GoBytes(pp, 8))), nil
}

func (r *rawInsert) err(what string, rc int32) error {
	return fmt.Errorf("%s: %s (code %d)", what, libc.GoString(sqlite3.Xsqlite3_errmsg(r.tls, r.db)), rc)
}

// insert inserts the rows ins of c, all in batch batchNo.
func (r *rawInsert) insert(batchNo int64, c *chunk, ins []int) error {
	if len(c.buf) == 0 { // cannot be: every row has a key and a digest
		return fmt.Errorf("insert: empty chunk buffer")
	}
	if len(c.buf) > math.MaxInt32 {
		return fmt.Errorf("insert: chunk of %d bytes is too big", len(c.buf))
	}
	if r.cap < len(c.buf) {
		if r.buf != 0 {
			libc.Xfree(r.tls, r.buf)
		}
		r.cap = max(len(c.buf), 2*r.cap)
		if r.buf = libc.Xmalloc(r.tls, types.Size_t(r.cap)); r.buf == 0 {
			r.cap = 0
			return fmt.Errorf("insert: cannot allocate %d bytes", len(c.buf))
		}
	}
	copy(libc.GoBytes(r.buf, len(c.buf)), c.buf)
	for len(ins) > 0 {
		stmt, n := r.many, rawRows
		if len(ins) < rawRows {
			stmt, n = r.one, 1
		}
		if err := r.bindRows(stmt, batchNo, c, ins[:n]); err != nil {
			return err
		}
		if err := r.step(stmt); err != nil {
			return err
		}
		ins = ins[n:]
	}
	return nil
}

// insertKeys inserts ks into record_keys.
func (r *rawInsert) insertKeys(ks []keySeq) error {
	for len(ks) > 0 {
		stmt, n := r.keysMany, rawKeys
		if len(ks) < rawKeys {
			stmt, n = r.keysOne, 1
		}
		for j, k := range ks[:n] {
			if rc := sqlite3.Xsqlite3_bind_int64(r.tls, stmt, int32(2*j+1), k.hash); rc != sqlite3.SQLITE_OK {
				return r.err("bind", rc)
			}
			if rc := sqlite3.Xsqlite3_bind_int64(r.tls, stmt, int32(2*j+2), k.seq); rc != sqlite3.SQLITE_OK {
				return r.err("bind", rc)
			}
		}
		if err := r.step(stmt); err != nil {
			return err
		}
		ks = ks[n:]
	}
	return nil
}

// step runs stmt to completion and resets it.
func (r *rawInsert) step(stmt uintptr) error {
	if rc := sqlite3.Xsqlite3_step(r.tls, stmt); rc != sqlite3.SQLITE_DONE {
		err := r.err("insert", rc)
		sqlite3.Xsqlite3_reset(r.tls, stmt)
		return err
	}
	if rc := sqlite3.Xsqlite3_reset(r.tls, stmt); rc != sqlite3.SQLITE_OK {
		return r.err("reset", rc)
	}
	return nil
}

// bindRows binds the rows ins of c to stmt, whose text values point into
// the C copy of c.buf.
func (r *rawInsert) bindRows(stmt uintptr, batchNo int64, c *chunk, ins []int) error {
	p := int32(1)
	for _, i := range ins {
		w := &c.rows[i]
		for k, v := range [...]int64{batchNo, w.hash} {
			if rc := sqlite3.Xsqlite3_bind_int64(r.tls, stmt, p+int32(k), v); rc != sqlite3.SQLITE_OK {
				return r.err("bind", rc)
			}
		}
		p += 2
		for _, s := range [...]span{w.source, w.id, w.schema, w.props, w.from, w.to, w.hexDigest} {
			var rc int32
			if s.n < 0 {
				rc = sqlite3.Xsqlite3_bind_null(r.tls, stmt, p)
			} else {
				rc = sqlite3.Xsqlite3_bind_text(r.tls, stmt, p, r.buf+uintptr(s.off), int32(s.n), sqlite3.SQLITE_STATIC)
			}
			if rc != sqlite3.SQLITE_OK {
				return r.err("bind", rc)
			}
			p++
		}
	}
	return nil
}

// close finalizes the statements; the caller holds the connection.
func (r *rawInsert) close() {
	for _, st := range []uintptr{r.many, r.one, r.keysMany, r.keysOne} {
		if st != 0 {
			sqlite3.Xsqlite3_finalize(r.tls, st)
		}
	}
	if r.buf != 0 {
		libc.Xfree(r.tls, r.buf)
	}
	r.tls.Close()
}
