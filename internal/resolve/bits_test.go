package resolve

import (
	"math"
	"testing"

	"vetgraph"
	"vetgraph/internal/match"
)

// TestRecordBitsExactAtFloor: the scorer's fast path (RecordBits, which may
// stop early and leaves some mismatch pieces out of its bound) gives the
// explained score's exact bits for every pair at or above the floor, and a
// value below the floor for every pair below it, on generated records
// scored with the engine's counts.
func TestRecordBitsExactAtFloor(t *testing.T) {
	recs, _ := scenario(t, 3, 400)
	e := resolveAll(recs)
	var feats []*match.RecordFeatures
	e.held(func(_ rid, x *rec) {
		if x.feat.Schema == vetgraph.SchemaPerson && len(feats) < 500 {
			feats = append(feats, x.feat)
		}
	})
	w := &e.cfg.Weights
	above, below, mismatch := 0, 0, 0
	for i, a := range feats {
		for _, b := range feats[i+1:] {
			s := match.CompareRecords(a, b, w, counts{e})
			exact := 0.0
			for _, p := range s.Pieces {
				exact += p.Weight
				if p.Method == "mismatch" {
					mismatch++
				}
			}
			got := match.RecordBits(a, b, w, counts{e}, e.floor)
			switch {
			case exact >= e.floor:
				above++
				if got != exact {
					t.Fatalf("%v %v: RecordBits %v, explained %v (above the floor %v)", a.Key, b.Key, got, exact, e.floor)
				}
			default:
				below++
				if got >= e.floor {
					t.Fatalf("%v %v: RecordBits %v at or above the floor %v, explained %v", a.Key, b.Key, got, e.floor, exact)
				}
			}
			if full := match.RecordBits(a, b, w, counts{e}, math.Inf(-1)); full != exact {
				t.Fatalf("%v %v: RecordBits without floor %v, explained %v", a.Key, b.Key, full, exact)
			}
		}
	}
	if above == 0 || below == 0 || mismatch == 0 {
		t.Fatalf("corpus too easy: %d above, %d below, %d mismatch pieces", above, below, mismatch)
	}
	t.Logf("%d pairs above the floor, %d below, %d mismatch pieces", above, below, mismatch)
}
