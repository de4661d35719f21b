package sqlite

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func TestAppendProps(t *testing.T) {
	tests := []vetgraph.Properties{
		{},
		{"name": {"Жўраев Ғайрат Қаҳҳорович", "Joʻrayev"}, "alias": {"a"}},
		{"x": {"\"q\" \\ \t\n\x01 <b>&amp; \u2028 \u2029 🛂"}, "y": {}, "z": nil},
		{"bad": {"\xff\xfe ok"}},
		{"ключ": {""}},
	}
	for _, p := range tests {
		got := string(appendProps(nil, p))
		want, _ := json.Marshal(p)
		if got != string(want) {
			t.Errorf("appendProps(%q) = %s, want %s", p, got, want)
		}
	}
}

func FuzzAppendProps(f *testing.F) {
	for _, s := range []string{"", "plain", "Ғайрат", "\"\\\n", "<>&", "\xff", "\u2028🛂"} {
		f.Add("name", s, "v2")
	}
	f.Fuzz(func(t *testing.T, k, v1, v2 string) {
		p := vetgraph.Properties{k: {v1, v2}, "z" + k: {v2}}
		got := appendProps(nil, p)
		want, _ := json.Marshal(p)
		if string(got) != string(want) {
			t.Fatalf("appendProps(%q) = %s, want %s", p, got, want)
		}
	})
}

func TestContentDigest(t *testing.T) {
	k := vetgraph.RecordKey{Source: "s", ID: "1"}
	props := []byte(`{"name":["A"]}`)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	base := contentDigest(k, "Person", props, t0, time.Time{})
	if got := contentDigest(k, "Person", props, t0.In(time.FixedZone("X", 3600)), time.Time{}); got != base {
		t.Errorf("digest depends on the zone: %s != %s", got, base)
	}
	differ := map[string]string{
		"source":     contentDigest(vetgraph.RecordKey{Source: "s1", ID: ""}, "Person", props, t0, time.Time{}),
		"id":         contentDigest(vetgraph.RecordKey{Source: "s", ID: "2"}, "Person", props, t0, time.Time{}),
		"schema":     contentDigest(k, "Organization", props, t0, time.Time{}),
		"properties": contentDigest(k, "Person", []byte(`{"name":["B"]}`), t0, time.Time{}),
		"from":       contentDigest(k, "Person", props, t0.Add(1), time.Time{}),
		"from to to": contentDigest(k, "Person", props, time.Time{}, t0),
	}
	for what, d := range differ {
		if d == base {
			t.Errorf("changing %s kept the digest", what)
		}
	}
	if diff := cmp.Diff(32, len(base)); diff != "" {
		t.Errorf("digest length (-want +got):\n%s", diff)
	}
}

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
