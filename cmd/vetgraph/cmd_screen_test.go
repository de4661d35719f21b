package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenCrowded: a screening query whose name is too common to rank on
// alone (more bearers than the scan limit, none of them reachable by
// another detail of the query) says so, with how many records share it,
// instead of a bare "no candidates"; a name nobody bears stays "no
// candidates"; with a birth date the query finds its man.
func TestScreenCrowded(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	var b strings.Builder
	for i := range 520 {
		fmt.Fprintf(&b, `{"id":"k%d","schema":"Person","properties":{"name":["Muhammed Kusainov"],"birthDate":["%d-%02d-%02d"],"passportNumber":["UZ%09d"]}}`+"\n", i, 1940+i%60, 1+i%12, 1+i%28, 100000+i*7919)
	}
	f := filepath.Join(dir, "k.ftm.jsonl")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runCLI(t, "", "--db", db, "import", "--source", "casefiles", f); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	out, errs, code := runCLI(t, "", "--db", db, "screen", "--as", "tester", "Mukhammed Kusainov")
	if code != 0 {
		t.Fatalf("screen: %d %s", code, errs)
	}
	if !strings.Contains(out, "no candidates: 520 held records share a key of this query too common to rank on alone") {
		t.Errorf("common name: %s", out)
	}
	out, _, _ = runCLI(t, "", "--db", db, "screen", "--as", "tester", "--format", "jsonl", "Mukhammed Kusainov")
	if !strings.Contains(out, `"crowded":520`) {
		t.Errorf("common name, jsonl: %s", out)
	}
	out, _, _ = runCLI(t, "", "--db", db, "screen", "--as", "tester", "Zafar Qodirov")
	if !strings.Contains(out, "  no candidates\n") || strings.Contains(out, "too common") {
		t.Errorf("a name nobody bears: %s", out)
	}
	out, _, _ = runCLI(t, "", "--db", db, "screen", "--as", "tester", "--birth-date", "1947-08-08", "Mukhammed Kusainov")
	if !strings.Contains(out, "Muhammed Kusainov") || strings.Contains(out, "no candidates") {
		t.Errorf("common name with a birth date: %s", out)
	}
}
