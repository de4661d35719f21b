package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestSynthCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "world")
	out, errs, code := runCLI(t, "", "--format", "json", "synth", "--seed", "3", "--persons", "200", "--out", dir)
	if code != 0 {
		t.Fatalf("synth: code %d, stderr %q", code, errs)
	}
	var res struct {
		Persons int   `json:"persons"`
		Records int64 `json:"records"`
		Seed    int64 `json:"seed"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if res.Seed != 3 || res.Persons < 200 || res.Records < 200 {
		t.Errorf("result %+v", res)
	}
	for _, f := range []string{"timeline.json", "records/encounters.ftm.jsonl", "records/casefiles.ftm.jsonl",
		"truth/clusters.csv", "truth/flags-after-step-7.csv", "truth/summary.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, _, code := runCLI(t, "", "synth", "--persons", "200"); code != exitUsage {
		t.Errorf("no --out: code %d, want %d", code, exitUsage)
	}
	if _, _, code := runCLI(t, "", "synth", "--persons", "5", "--out", dir); code != exitInvalid {
		t.Errorf("--persons 5: code %d, want %d", code, exitInvalid)
	}
}
