package sqlite

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/storecodec"
)

func TestDecodeProps(t *testing.T) {
	tests := []string{
		`{}`,
		`{"name":["Жўраев Ғайрат","Joʻrayev"],"alias":[]}`,
		`{"x":["\"q\" \\ \t\n\u0001 \u003cb\u003e\u0026 \u2028 🛂"],"z":null}`,
		`{"bad":["\ufffd ok"]}`,
		`{ "spaced" : [ "a" ] }`,
		`{"a":["1"],"a":["2"]}`,
		`{"a":[1]}`,
		`null`,
		`{"a":["x"]`,
	}
	for _, in := range tests {
		var want vetgraph.Properties
		wantErr := json.Unmarshal([]byte(in), &want)
		got, err := decodeProps(in)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("decodeProps(%s) error %v, encoding/json says %v", in, err, wantErr)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("decodeProps(%s) (-json +got):\n%s", in, diff)
		}
	}
}

// FuzzDecodeProps checks decodeProps against encoding/json on any input, and
// that it inverts appendProps.
func FuzzDecodeProps(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":["b","c"]}`, `{"a":null}`, `{"a":["\"\\u00e9"]}`, `{"a":[]}`, `[1]`, `{"a":["x"],}`} {
		f.Add(s, "k", "v")
	}
	f.Fuzz(func(t *testing.T, in, k, v string) {
		var want vetgraph.Properties
		wantErr := json.Unmarshal([]byte(in), &want)
		got, err := decodeProps(in)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("decodeProps(%q) error %v, encoding/json says %v", in, err, wantErr)
		}
		if err == nil && !cmp.Equal(want, got) {
			t.Fatalf("decodeProps(%q) = %q, encoding/json gives %q", in, got, want)
		}
		p := vetgraph.Properties{k: {v, k}, "z": {}}
		back, err := decodeProps(string(storecodec.AppendProps(nil, p)))
		var viaJSON vetgraph.Properties
		json.Unmarshal(storecodec.AppendProps(nil, p), &viaJSON)
		if err != nil || !cmp.Equal(viaJSON, back) {
			t.Fatalf("round trip of %q: %q, %v; want %q", p, back, err, viaJSON)
		}
	})
}
