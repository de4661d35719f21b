package resolve

import (
	"strings"

	"vetgraph"
)

// Find resolves a record reference as people type it: "source/id" names one
// record; a bare "id" names every held record with that FtM id (FtM ids are
// global). It returns the held keys, sorted, or none.
func (e *Engine) Find(ref string) []vetgraph.RecordKey {
	for i := strings.IndexByte(ref, '/'); i >= 0; {
		k := vetgraph.RecordKey{Source: ref[:i], ID: ref[i+1:]}
		if _, ok := e.lookup(k); ok {
			return []vetgraph.RecordKey{k}
		}
		j := strings.IndexByte(ref[i+1:], '/')
		if j < 0 {
			break
		}
		i += j + 1
	}
	var out []vetgraph.RecordKey
	var one [1]rid
	members, _ := e.blocks.holders(idKey(ref), &one)
	for _, m := range members {
		out = append(out, e.rec(m).key)
	}
	sortKeys(out)
	return out
}
