package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ofacDir = "../../../shared/data/watchlists/ofac-2021"

func TestImportOFACAndUN(t *testing.T) {
	if raceEnabled {
		t.Skip("resolving the whole OFAC and UN lists under the race detector takes too long; .ci/run runs this test without -race")
	}
	if _, err := os.Stat(ofacDir); err != nil {
		t.Skipf("shared data not found at %s: %v", ofacDir, err)
	}
	db := filepath.Join(t.TempDir(), "v.db")
	out, errs, code := runCLI(t, "", "--db", db, "import", "--format", "json", filepath.Join(ofacDir, "sdn.csv"))
	if code != 0 {
		t.Fatalf("import ofac: code %d: %s", code, errs)
	}
	var sum importSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	if entries := sum.Counts["Person"] + sum.Counts["Organization"] + sum.Counts["Vessel"] + sum.Counts["Airplane"]; entries != 8976 {
		t.Errorf("OFAC entries = %d, want 8976 (%v)", entries, sum.Counts)
	}
	if sum.Source != "ofac" || sum.Format != "ofac" || len(sum.Files) != 4 || sum.Batch == "" {
		t.Errorf("summary: %+v", sum)
	}
	out, errs, code = runCLI(t, "", "--db", db, "import", "--format", "json", filepath.Join(ofacDir, "..", "un-consolidated.xml"))
	if code != 0 {
		t.Fatalf("import un: code %d: %s", code, errs)
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Counts["Person"] != 730 || sum.Counts["Organization"] != 273 {
		t.Errorf("UN counts %v, want 730 persons and 273 entities", sum.Counts)
	}

	// A Cyrillic query finds the sanctioned person listed in Latin script.
	out, errs, code = runCLI(t, "", "--db", db, "screen", "--as", "tester", "--format", "jsonl", "Дерипаска Олег")
	if code != 0 {
		t.Fatalf("screen: %d %s", code, errs)
	}
	if !strings.Contains(out, "DERIPASKA") || !strings.Contains(out, `"watchlist":["ofac"]`) {
		t.Errorf("Cyrillic screen did not find the OFAC entry:\n%.600s", out)
	}
}

// TestImportMalformedLeavesStoreUnchanged: a bad line in the middle of a
// file fails the whole batch with the file, line and field, exit 3, and the
// store holds exactly what it held before.
func TestImportMalformedLeavesStoreUnchanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	good := filepath.Join(dir, "good.ftm.jsonl")
	os.WriteFile(good, []byte(`{"id":"p1","schema":"Person","properties":{"name":["Алишер Қодиров"],"birthDate":["1990-01-02"]}}
{"id":"p2","schema":"Person","properties":{"name":["Jamshid Rahimov"]}}
`), 0o644)
	if _, errs, code := runCLI(t, "", "--db", db, "import", good); code != 0 {
		t.Fatalf("good import: %d %s", code, errs)
	}
	before, _, _ := runCLI(t, "", "--db", db, "records", "--format", "jsonl")

	bad := filepath.Join(dir, "bad.ftm.jsonl")
	lines := []string{`{"id":"p3","schema":"Person","properties":{"name":["A B"]}}`}
	for i := 0; i < 50; i++ {
		lines = append(lines, `{"id":"x`+strings.Repeat("1", i+1)+`","schema":"Person","properties":{"name":["C D"]}}`)
	}
	lines = append(lines, `{"id":"p4","schema":"Person","properties":{"name":"not a list"}}`)
	lines = append(lines, `{"id":"p5","schema":"Person","properties":{"name":["E F"]}}`)
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	_, errs, code := runCLI(t, "", "--db", db, "import", bad)
	if code != exitInvalid {
		t.Errorf("bad import exit %d, want %d", code, exitInvalid)
	}
	if !strings.Contains(errs, "bad.ftm.jsonl:52") || !strings.Contains(errs, "name") {
		t.Errorf("error does not name file, line 52 and field: %s", errs)
	}
	after, _, _ := runCLI(t, "", "--db", db, "records", "--format", "jsonl")
	if before != after || before == "" {
		t.Errorf("store changed after a failed import:\nbefore %d bytes\nafter %d bytes", len(before), len(after))
	}
	out, _, _ := runCLI(t, "", "--db", db, "batches", "--format", "json")
	var bs []json.RawMessage
	if err := json.Unmarshal([]byte(out), &bs); err != nil || len(bs) != 1 {
		t.Errorf("batches after failed import: %v %s", err, out)
	}

	// Re-importing the same file is idempotent: a new batch, nothing added.
	out, _, code = runCLI(t, "", "--db", db, "import", "--format", "json", good)
	var sum importSummary
	if code != 0 || json.Unmarshal([]byte(out), &sum) != nil || sum.Added != 0 || sum.Unchanged != 2 {
		t.Errorf("re-import: code %d %+v", code, sum)
	}
}
