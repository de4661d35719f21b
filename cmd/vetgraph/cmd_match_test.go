package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMatchCommand(t *testing.T) {
	out, errs, code := runCLI(t, "", "match", "--format", "json", "Қасымов Азамат", "KASYMOV, Azamat")
	if code != 0 {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	var r matchResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if !r.Match || r.Score != 1 || len(r.Pieces) != 2 {
		t.Errorf("got %+v, want a full match with two pieces", r)
	}
	// No match still exits 0.
	out, _, code = runCLI(t, "", "match", "--format", "json", "Octavian Scholz", "Olaf Scholz")
	if code != 0 || !strings.Contains(out, `"match": false`) {
		t.Errorf("non-match: code %d, out %q", code, out)
	}

	in := `{"a":"Olaf Scholz","b":"Olaf Scholze","schema":"Person"}` + "\n" +
		`{"a":"Siemens AG","b":"Siemens Aktiengesellschaft","schema":"Company"}` + "\n"
	out, errs, code = runCLI(t, in, "match", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("batch: code %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("batch: %d lines, want 2: %q", len(lines), out)
	}
	for i, want := range []string{"Olaf Scholz", "Siemens AG"} {
		var r matchResult
		if err := json.Unmarshal([]byte(lines[i]), &r); err != nil {
			t.Fatal(err)
		}
		if r.A != want || !r.Match {
			t.Errorf("line %d: %+v, want a=%q matching", i+1, r, want)
		}
	}

	_, errs, code = runCLI(t, "{\"a\":\"x\"}\nnot json\n", "match", "--format", "jsonl")
	if code != exitInvalid || !strings.Contains(errs, "stdin:2") {
		t.Errorf("bad line: code %d, stderr %q", code, errs)
	}
	_, _, code = runCLI(t, "", "match", "only one")
	if code != exitUsage {
		t.Errorf("one name: code %d, want %d", code, exitUsage)
	}
}
