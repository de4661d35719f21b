package sqlite

import (
	"encoding/binary"
	"fmt"
	"reflect"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawInsert inserts record rows through the SQLite C API (as transpiled by
// modernc.org/sqlite/lib) on the connection of an import's transaction. It
// exists for speed: database/sql and the driver box, convert and copy every
// value into C memory, which cost as much as SQLite's own insert. Here one
// prepared single-row INSERT is bound straight from a chunk's buffer
// (SQLITE_STATIC: SQLite reads the bytes in place during the step) and
// stepped per row, allocating nothing per row.
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
	stmt uintptr // *sqlite3_stmt
	buf  uintptr // C copy of the chunk being inserted
	cap  int
}

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

// newRawInsert prepares the INSERT on the connection dc, which the caller
// holds (sql.Conn.Raw) for this call and for every later call of insert and
// close. It returns nil, nil when dc has no handle to use.
func newRawInsert(dc any) (*rawInsert, error) {
	db, ok := rawHandle(dc)
	if !ok {
		return nil, nil
	}
	r := &rawInsert{tls: libc.NewTLS(), db: db}
	q, err := libc.CString(insertSQL(1))
	if err != nil {
		r.tls.Close()
		return nil, err
	}
	defer libc.Xfree(r.tls, q)
	pp := libc.Xmalloc(r.tls, 8)
	if pp == 0 {
		r.tls.Close()
		return nil, fmt.Errorf("prepare insert: out of memory")
	}
	defer libc.Xfree(r.tls, pp)
	if rc := sqlite3.Xsqlite3_prepare_v2(r.tls, db, q, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		err := r.err("prepare insert", rc)
		r.tls.Close()
		return nil, err
	}
	r.stmt = uintptr(binary.NativeEndian.Uint64(libc.GoBytes(pp, 8)))
	return r, nil
}

func (r *rawInsert) err(what string, rc int32) error {
	return fmt.Errorf("%s: %s (code %d)", what, libc.GoString(sqlite3.Xsqlite3_errmsg(r.tls, r.db)), rc)
}

// insert inserts the rows ins of c, all in batch batchNo.
func (r *rawInsert) insert(batchNo int64, c *chunk, ins []int) error {
	if len(c.buf) == 0 { // cannot be: every row has a key and a digest
		return fmt.Errorf("insert: empty chunk buffer")
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
	base := r.buf
	text := func(i int32, s span) int32 {
		if s.n < 0 {
			return sqlite3.Xsqlite3_bind_null(r.tls, r.stmt, i)
		}
		return sqlite3.Xsqlite3_bind_text(r.tls, r.stmt, i, base+uintptr(s.off), int32(s.n), sqlite3.SQLITE_STATIC)
	}
	if rc := sqlite3.Xsqlite3_bind_int64(r.tls, r.stmt, 1, batchNo); rc != sqlite3.SQLITE_OK {
		return r.err("bind", rc)
	}
	for _, i := range ins {
		w := &c.rows[i]
		for _, s := range [...]span{w.source, w.id, w.schema, w.props, w.from, w.to, w.hexDigest} {
			if s.n > 1<<30 {
				return fmt.Errorf("insert: value of %d bytes is too big", s.n)
			}
		}
		if rc := sqlite3.Xsqlite3_bind_int64(r.tls, r.stmt, 2, w.hash); rc != sqlite3.SQLITE_OK {
			return r.err("bind", rc)
		}
		for j, s := range [...]span{w.source, w.id, w.schema, w.props, w.from, w.to, w.hexDigest} {
			if rc := text(int32(3+j), s); rc != sqlite3.SQLITE_OK {
				return r.err("bind", rc)
			}
		}
		if rc := sqlite3.Xsqlite3_step(r.tls, r.stmt); rc != sqlite3.SQLITE_DONE {
			err := r.err("insert", rc)
			sqlite3.Xsqlite3_reset(r.tls, r.stmt)
			return err
		}
		if rc := sqlite3.Xsqlite3_reset(r.tls, r.stmt); rc != sqlite3.SQLITE_OK {
			return r.err("reset", rc)
		}
	}
	return nil
}

// close finalizes the statement; the caller holds the connection.
func (r *rawInsert) close() {
	sqlite3.Xsqlite3_finalize(r.tls, r.stmt)
	if r.buf != 0 {
		libc.Xfree(r.tls, r.buf)
	}
	r.tls.Close()
}
