package resolve

import (
	"strings"
	"sync"

	"vetgraph/internal/name"
)

// names interns the prepared whole names of the records held: records with
// equal raw names (the same person seen again, a common name) share one
// *name.Prepared, prepared once. An entry lives while a held record uses
// it. It is safe for concurrent use ([Engine.AddAll] prepares records on
// several goroutines while the engine adds and removes).
//
// Names not held are prepared through words, which shares each distinct
// word's preparation between all names (see name.Cache).
type names struct {
	mu    sync.Mutex
	m     map[nameKey]*nameEntry
	words *name.Cache
}

type nameKey struct {
	raw  string
	kind name.Kind
}

type nameEntry struct {
	p    *name.Prepared
	refs int32
}

// acquirer is the match.NameSource of records being added: each name it
// hands out is held once more, until release.
type acquirer struct{ n *names }

func (a acquirer) PrepareName(raw string, kind name.Kind) *name.Prepared {
	k := nameKey{raw, kind}
	a.n.mu.Lock()
	if en := a.n.m[k]; en != nil {
		en.refs++
		a.n.mu.Unlock()
		return en.p
	}
	a.n.mu.Unlock()
	// Kept for as long as any record has the name: its own copy, not a
	// slice of the reader's buffer (which holds the record's other values).
	p := a.n.words.PrepareKind(strings.Clone(raw), kind)
	if len(p.Tokens) == 0 {
		return p // not kept by the record: not held
	}
	a.n.mu.Lock()
	defer a.n.mu.Unlock()
	if en := a.n.m[k]; en != nil { // prepared meanwhile on another goroutine
		en.refs++
		return en.p
	}
	if a.n.m == nil {
		a.n.m = make(map[nameKey]*nameEntry)
	}
	a.n.m[nameKey{p.Raw, kind}] = &nameEntry{p: p, refs: 1}
	return p
}

// release drops one hold of each of a removed record's names.
func (n *names) release(ps []*name.Prepared) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, p := range ps {
		k := nameKey{p.Raw, p.Kind}
		if en := n.m[k]; en != nil && en.p == p {
			if en.refs--; en.refs <= 0 {
				delete(n.m, k)
			}
		}
	}
}

// viewer is the match.NameSource of a query: it reuses a held name when
// there is one and holds nothing.
type viewer struct{ n *names }

func (v viewer) PrepareName(raw string, kind name.Kind) *name.Prepared {
	v.n.mu.Lock()
	en := v.n.m[nameKey{raw, kind}]
	v.n.mu.Unlock()
	if en != nil {
		return en.p
	}
	return v.n.words.Lookup(raw, kind)
}
