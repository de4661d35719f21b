package sqlite

import (
	"testing"

	"vetgraph"
)

// TestHeadsCollision gives two keys the same hash: each keeps its digest.
func TestHeadsCollision(t *testing.T) {
	h := newHeads()
	a, b := vetgraph.RecordKey{Source: "s", ID: "a"}, vetgraph.RecordKey{Source: "s", ID: "b"}
	da, db, da2 := digest{1}, digest{2}, digest{3}
	set := func(k vetgraph.RecordKey, d digest) (digest, bool) {
		return h.swap(7, []byte(k.Source), []byte(k.ID), d)
	}
	get := func(k vetgraph.RecordKey) (digest, bool) { return h.get(7, []byte(k.Source), []byte(k.ID)) }
	if _, known := set(a, da); known {
		t.Errorf("swap of a new key found a head")
	}
	if _, known := set(b, db); known {
		t.Errorf("swap of a new key with a taken hash found a head")
	}
	if prev, known := set(a, da2); !known || prev != da {
		t.Errorf("swap(a) = %x, %v; want %x, true", prev, known, da)
	}
	if prev, known := set(b, db); !known || prev != db {
		t.Errorf("swap(b) = %x, %v; want %x, true", prev, known, db)
	}
	for _, tt := range []struct {
		k    vetgraph.RecordKey
		want digest
	}{{a, da2}, {b, db}} {
		if got, ok := get(tt.k); !ok || got != tt.want {
			t.Errorf("get(%v) = %x, %v; want %x", tt.k, got, ok, tt.want)
		}
	}
	// The arena holds source and id apart: "s"+"ab" is not "sa"+"b".
	set(vetgraph.RecordKey{Source: "x", ID: "yz"}, da)
	if _, ok := h.get(8, []byte("xy"), []byte("z")); ok {
		t.Errorf("get found a key of another hash")
	}
	h.swap(9, []byte("xy"), []byte("z"), db)
	if got, _ := h.get(9, []byte("xy"), []byte("z")); got != db {
		t.Errorf("get(xy, z) = %x, want %x", got, db)
	}
	if _, ok := get(vetgraph.RecordKey{Source: "s", ID: "c"}); ok {
		t.Errorf("get of an unseen key with a seen hash found something")
	}
}
