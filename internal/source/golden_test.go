package source

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden pins how each reader maps its sample file: the records, as
// JSON Lines, are compared with testdata/golden/<name>.jsonl. Run with
// -update after an intended mapping change and review the diff.
func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		opt   Options
	}{
		{"ftm", []string{"ftm/testdata/sample.jsonl"}, Options{}},
		{"senzing-flat", []string{"senzing/testdata/flat.jsonl"}, Options{}},
		{"senzing-features", []string{"senzing/testdata/features.json"}, Options{}},
		{"febrl", []string{"csvmap/testdata/febrl_sample.csv"}, Options{Mapping: "csvmap/testdata/febrl.json"}},
		{"splink", []string{"csvmap/testdata/splink_sample.csv"}, Options{Mapping: "csvmap/testdata/splink.json"}},
		{"ofac", []string{"ofac/testdata/sdn.csv"}, Options{}},
		{"un", []string{"un/testdata/sample.xml"}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, _, err := Open(context.Background(), tt.paths, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			for rec, err := range recs {
				if err != nil {
					t.Fatal(err)
				}
				if err := enc.Encode(rec); err != nil {
					t.Fatal(err)
				}
			}
			golden := filepath.Join("testdata", "golden", tt.name+".jsonl")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("%s differs from the reader's output; run go test -update and review the diff.\ngot:\n%s", golden, buf.String())
			}
		})
	}
}
