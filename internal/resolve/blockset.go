package resolve

// blockSet is the blocking index: for each key hash, the records holding
// the key. Most keys (about 70% on generated data: a passport number, a name
// with a full birth date) are held by one record; such a key costs one map
// entry whose value is that record's id, with no block. A key held by
// several records has a block in a chunked slab (no allocation per block,
// and a *block stays valid while the slab grows). A record's own keys are
// not stored with it: they are recomputed from its features when needed
// (retraction, rescoring, explanation), which is rare next to adding.
type blockSet struct {
	refs   map[uint64]uint32 // single|rid, or a slab index
	chunks [][]block
	free   []uint32 // slab indexes of deleted blocks, for reuse
}

type block struct {
	members []rid
	limit   int32
	// freq: a name-frequency counter, never a source of candidates.
	freq bool
}

func (b *block) active() bool { return !b.freq && len(b.members) <= int(b.limit) }

const (
	single     = uint32(1) << 31 // a ref with this bit is the one holder's rid
	chunkShift = 14
	chunkSize  = 1 << chunkShift
)

func newBlockSet() blockSet { return blockSet{refs: make(map[uint64]uint32)} }

func (s *blockSet) at(ref uint32) *block {
	return &s.chunks[ref>>chunkShift][ref&(chunkSize-1)]
}

// holders returns the records holding key h and, when several do, the
// key's block (nil for a key held by one record or none). one is the
// backing store for a single holder.
func (s *blockSet) holders(h uint64, one *[1]rid) ([]rid, *block) {
	ref, ok := s.refs[h]
	switch {
	case !ok:
		return nil, nil
	case ref&single != 0:
		one[0] = rid(ref &^ single)
		return one[:], nil
	default:
		b := s.at(ref)
		return b.members, b
	}
}

// block returns the block of key h, nil when one record or none holds it.
func (s *blockSet) block(h uint64) *block {
	if ref, ok := s.refs[h]; ok && ref&single == 0 {
		return s.at(ref)
	}
	return nil
}

// count returns the number of records holding key h.
func (s *blockSet) count(h uint64) int {
	ref, ok := s.refs[h]
	switch {
	case !ok:
		return 0
	case ref&single != 0:
		return 1
	default:
		return len(s.at(ref).members)
	}
}

// add makes id a holder of k and returns k's block, or nil when id is its
// only holder.
func (s *blockSet) add(k blockKey, id rid) *block {
	ref, ok := s.refs[k.h]
	switch {
	case !ok:
		s.refs[k.h] = single | uint32(id)
		return nil
	case ref&single != 0:
		nref := s.alloc()
		b := s.at(nref)
		*b = block{members: []rid{rid(ref &^ single), id}, limit: int32(k.limit), freq: k.freq}
		s.refs[k.h] = nref
		return b
	default:
		b := s.at(ref)
		b.members = append(b.members, id)
		return b
	}
}

// remove drops id from the holders of key h and returns the key's block as
// it was before (wasActive) and is now (nil when no block remains).
// A block left with one holder stays a block.
func (s *blockSet) remove(h uint64, id rid) (b *block, wasActive bool) {
	ref, ok := s.refs[h]
	switch {
	case !ok:
		return nil, false
	case ref&single != 0:
		if rid(ref&^single) == id {
			delete(s.refs, h)
		}
		return nil, false
	}
	b = s.at(ref)
	wasActive = b.active()
	for i, m := range b.members {
		if m == id {
			b.members = append(b.members[:i], b.members[i+1:]...)
			break
		}
	}
	if len(b.members) == 0 {
		*b = block{}
		s.free = append(s.free, ref)
		delete(s.refs, h)
		return nil, wasActive
	}
	return b, wasActive
}

func (s *blockSet) alloc() uint32 {
	if n := len(s.free); n > 0 {
		ref := s.free[n-1]
		s.free = s.free[:n-1]
		return ref
	}
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last]) == chunkSize {
		s.chunks = append(s.chunks, make([]block, 0, chunkSize))
		last++
	}
	s.chunks[last] = s.chunks[last][:len(s.chunks[last])+1]
	return uint32(last<<chunkShift | (len(s.chunks[last]) - 1))
}
