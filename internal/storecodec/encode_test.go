package storecodec

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
		got := string(AppendProps(nil, p))
		want, _ := json.Marshal(p)
		if got != string(want) {
			t.Errorf("AppendProps(%q) = %s, want %s", p, got, want)
		}
	}
}

func FuzzAppendProps(f *testing.F) {
	for _, s := range []string{"", "plain", "Ғайрат", "\"\\\n", "<>&", "\xff", "\u2028🛂"} {
		f.Add("name", s, "v2")
	}
	f.Fuzz(func(t *testing.T, k, v1, v2 string) {
		p := vetgraph.Properties{k: {v1, v2}, "z" + k: {v2}}
		got := AppendProps(nil, p)
		want, _ := json.Marshal(p)
		if string(got) != string(want) {
			t.Fatalf("AppendProps(%q) = %s, want %s", p, got, want)
		}
	})
}

func TestContentDigest(t *testing.T) {
	k := vetgraph.RecordKey{Source: "s", ID: "1"}
	props := []byte(`{"name":["A"]}`)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	base := ContentDigest(k, "Person", props, t0, time.Time{})
	if got := ContentDigest(k, "Person", props, t0.In(time.FixedZone("X", 3600)), time.Time{}); got != base {
		t.Errorf("digest depends on the zone: %s != %s", got, base)
	}
	differ := map[string]string{
		"source":     ContentDigest(vetgraph.RecordKey{Source: "s1", ID: ""}, "Person", props, t0, time.Time{}),
		"id":         ContentDigest(vetgraph.RecordKey{Source: "s", ID: "2"}, "Person", props, t0, time.Time{}),
		"schema":     ContentDigest(k, "Organization", props, t0, time.Time{}),
		"properties": ContentDigest(k, "Person", []byte(`{"name":["B"]}`), t0, time.Time{}),
		"from":       ContentDigest(k, "Person", props, t0.Add(1), time.Time{}),
		"from to to": ContentDigest(k, "Person", props, time.Time{}, t0),
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
