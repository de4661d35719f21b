package resolve

import "vetgraph"

// recTable holds the records by rid in fixed-size chunks: growing it never
// copies what it holds (a plain slice of a million records would copy them
// and briefly hold both arrays), and a *rec stays valid while it grows.
type recTable struct {
	chunks [][]rec
	n      int
}

const recChunkShift = 12

func (t *recTable) at(id rid) *rec {
	return &t.chunks[id>>recChunkShift][id&(1<<recChunkShift-1)]
}

func (t *recTable) add(r rec) rid {
	if t.n>>recChunkShift == len(t.chunks) {
		t.chunks = append(t.chunks, make([]rec, 1<<recChunkShift))
	}
	id := rid(t.n)
	*t.at(id) = r
	t.n++
	return id
}

// rec returns the record with the given rid (held or retracted).
func (e *Engine) rec(id rid) *rec { return e.recs.at(id) }

// keyIndex finds a held record by key. It maps a 64-bit hash of the key to
// the record, which holds the key itself; the rare key whose hash another
// held key has already goes to a map by full key. Both are checked against
// the record's key, so a collision never answers with the wrong record.
type keyIndex struct {
	byHash map[uint64]rid
	clash  map[vetgraph.RecordKey]rid
	n      int
}

func newKeyIndex() keyIndex { return keyIndex{byHash: make(map[uint64]rid)} }

func recordKeyHash(k vetgraph.RecordKey) uint64 {
	return fnvEnd(fnvAdd(fnvAdd(fnvAdd(fnvStart, k.Source), "\x00"), k.ID))
}

// lookup returns the held record with key k.
func (e *Engine) lookup(k vetgraph.RecordKey) (rid, bool) {
	if id, ok := e.byID.byHash[recordKeyHash(k)]; ok && e.rec(id).key == k {
		return id, true
	}
	id, ok := e.byID.clash[k]
	return id, ok
}

// index makes id the held record with key k (k must not be held).
func (e *Engine) index(k vetgraph.RecordKey, id rid) {
	e.byID.n++
	h := recordKeyHash(k)
	if _, taken := e.byID.byHash[h]; !taken {
		e.byID.byHash[h] = id
		return
	}
	if e.byID.clash == nil {
		e.byID.clash = make(map[vetgraph.RecordKey]rid)
	}
	e.byID.clash[k] = id
}

// unindex forgets the held record with key k.
func (e *Engine) unindex(k vetgraph.RecordKey) {
	h := recordKeyHash(k)
	if id, ok := e.byID.byHash[h]; ok && e.rec(id).key == k {
		delete(e.byID.byHash, h)
		e.byID.n--
		return
	}
	if _, ok := e.byID.clash[k]; ok {
		delete(e.byID.clash, k)
		e.byID.n--
	}
}

// held calls f for each held record, in rid order.
func (e *Engine) held(f func(id rid, x *rec)) {
	for i := range e.recs.n {
		if x := e.rec(rid(i)); x.alive {
			f(rid(i), x)
		}
	}
}
