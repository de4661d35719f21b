package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestVocabUpToDate fails when the committed vocab.tsv is not what the
// popular-names data derives; run `go generate ./internal/synth`.
func TestVocabUpToDate(t *testing.T) {
	data := "../../../../../shared/data/popular-names"
	if _, err := os.Stat(data); err != nil {
		t.Skipf("popular-names data not found: %v", err)
	}
	out := filepath.Join(t.TempDir(), "vocab.tsv")
	if err := run(data, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../vocab.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("vocab.tsv is stale: run go generate ./internal/synth")
	}
}
