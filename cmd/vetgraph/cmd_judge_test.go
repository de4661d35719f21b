package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJudge: a reviewer's decision joins a payer's casefile record and an
// encounter the evidence left apart, is kept as its own batch, and
// withdrawing the batch parts them again; bad calls are refused.
func TestJudge(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	file := filepath.Join(dir, "recs.ftm.jsonl")
	recs := `{"id":"payer-1","schema":"Person","properties":{"name":["Bilal Alinurovich SMAGULOV"],"passportNumber":["TJ813960199"],"address":["River Rd 270, apt 50, Khujand, TJ"]}}
{"id":"e1","schema":"Person","properties":{"name":["Bilal Alinurovich Smagulov"],"birthDate":["1987-03-18"],"address":["1007 Mesa St, Douglas AZ, US"]}}
`
	if err := os.WriteFile(file, []byte(recs), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runDB(t, db, "import", "--source", "case", file); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	if out, _, _ := runDB(t, db, "why", "payer-1", "e1"); !strings.Contains(out, "possible match kept for review") {
		t.Fatalf("before the decision the pair should wait for review:\n%s", out)
	}
	if out, _, _ := runDB(t, db, "--format", "jsonl", "matches"); !strings.Contains(out, `"kind":"possible"`) || !strings.Contains(out, `"id":"payer-1"`) {
		t.Fatalf("matches does not list the possible match:\n%s", out)
	}
	out, errs, code := runDB(t, db, "--format", "json", "judge", "same", "payer-1", "e1", "--reason", "the receipt names the same father and town")
	if code != 0 {
		t.Fatalf("judge: %d %s", code, errs)
	}
	var got struct {
		Batch, Role, Actor, Reason string
		EntityA                    string `json:"entity_a"`
		EntityB                    string `json:"entity_b"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("judge output is not JSON: %v\n%s", err, out)
	}
	if got.Role != "same_as" || got.Actor != "tester" || got.EntityA == "" || got.EntityA != got.EntityB || !strings.HasPrefix(got.Batch, "judge-") {
		t.Fatalf("judge: %+v", got)
	}
	if out, _, _ := runDB(t, db, "why", "payer-1", "e1"); !strings.Contains(out, "same entity by a recorded decision") || !strings.Contains(out, "the receipt names the same father and town") {
		t.Errorf("why after the decision:\n%s", out)
	}
	if out, _, _ := runDB(t, db, "--format", "jsonl", "matches", "--kind", "possible"); strings.Contains(out, `"id":"payer-1"`) {
		t.Errorf("a decided pair is still listed:\n%s", out)
	}
	if out, _, _ := runDB(t, db, "batches"); !strings.Contains(out, got.Batch) {
		t.Errorf("the decision's batch is not listed:\n%s", out)
	}
	if _, errs, code := runDB(t, db, "retract", got.Batch, "--reason", "the receipt was a namesake's"); code != 0 {
		t.Fatalf("retract: %d %s", code, errs)
	}
	if out, _, _ := runDB(t, db, "why", "payer-1", "e1"); !strings.Contains(out, "possible match kept for review") {
		t.Errorf("after withdrawing the decision:\n%s", out)
	}

	for _, args := range [][]string{
		{"judge", "maybe", "payer-1", "e1", "--reason", "x"},
		{"judge", "same", "payer-1", "e1"},
		{"judge", "same", "payer-1", "nobody", "--reason", "x"},
		{"judge", "different", "payer-1", "payer-1", "--reason", "x"},
	} {
		if _, _, code := runDB(t, db, args...); code == 0 {
			t.Errorf("%v: accepted", args)
		}
	}
}

// TestMatchesContradiction: decisions that contradict each other through a
// chain are listed for a reviewer to settle.
func TestMatchesContradiction(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	file := filepath.Join(dir, "recs.ftm.jsonl")
	recs := `{"id":"a","schema":"Person","properties":{"name":["Rustam Nazarov"]}}
{"id":"b","schema":"Person","properties":{"name":["Dilnoza Yusupova"]}}
{"id":"c","schema":"Person","properties":{"name":["Farrukh Saidov"]}}
`
	if err := os.WriteFile(file, []byte(recs), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runDB(t, db, "import", "--source", "enc", file); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, args := range [][]string{{"same", "a", "b"}, {"same", "b", "c"}, {"different", "a", "c"}} {
		if _, errs, code := runDB(t, db, append([]string{"judge"}, append(args, "--reason", "test")...)...); code != 0 {
			t.Fatalf("judge %v: %d %s", args, code, errs)
		}
	}
	out, _, _ := runDB(t, db, "--format", "jsonl", "matches", "--kind", "contradiction")
	if !strings.Contains(out, `"kind":"contradiction"`) || !strings.Contains(out, `"a":{"source":"enc","id":"a"}`) || !strings.Contains(out, `"b":{"source":"enc","id":"c"}`) {
		t.Errorf("the contradiction a~c is not listed:\n%s", out)
	}
}
