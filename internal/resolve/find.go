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

// FindOne resolves a reference that must name exactly one held record: not
// found, or an FtM id held by several records (give source/id), is an error.
func (e *Engine) FindOne(ref string) (vetgraph.RecordKey, error) {
	const op = "resolve.FindOne"
	switch found := e.Find(ref); len(found) {
	case 0:
		return vetgraph.RecordKey{}, vetgraph.Errorf(vetgraph.NotFound, op, "no subject record %s", ref)
	case 1:
		return found[0], nil
	default:
		ss := make([]string, len(found))
		for j, k := range found {
			ss[j] = k.String()
		}
		return vetgraph.RecordKey{}, vetgraph.Errorf(vetgraph.Invalid, op, "%s names %d records (%s): give source/id", ref, len(found), strings.Join(ss, ", "))
	}
}
