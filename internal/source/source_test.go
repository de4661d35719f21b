package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

// sharedData returns the path of a file of the shared test data
// (VETGRAPH_DATA, else ../shared/data from the project root), and skips the
// test when it is not there.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("VETGRAPH_DATA")
	if dir == "" {
		dir = "../../../shared/data"
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared test data not found at %s (set VETGRAPH_DATA to its folder)", p)
	}
	return p
}

func TestDetect(t *testing.T) {
	tests := []struct {
		path, head, want string
	}{
		{"x.jsonl", `{"id":"a","schema":"Person","properties":{}}`, "ftm"},
		{"x.json", "\xef\xbb\xbf {\"schema\":\"Person\",\"properties\":{\"name\":[\"a very long line cut", "ftm"},
		{"x.json", `{"DATA_SOURCE":"A","RECORD_ID":"1"}`, "senzing"},
		{"x.json", " [\n{\"RECORD_ID\":1}]", "senzing"},
		{"list.xml", `<?xml version="1.0"?><CONSOLIDATED_LIST>`, "un"},
		{"dir/sdn.csv", `36,"AERO"`, "ofac"},
		{"dir/ALT.CSV", `anything`, "ofac"},
		{"entries.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n", "ofac"},
		{"people.csv", "rec_id, given_name\n", "csv"},
	}
	for _, tt := range tests {
		got, err := Detect(tt.path, []byte(tt.head))
		if err != nil || got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", tt.path, tt.head, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ path, head string }{
		{"x.txt", "hello"}, {"x.json", `{"a":1}`}, {"x.xml", "<root/>"}, {"empty.csv", ""},
	} {
		_, err := Detect(tt.path, []byte(tt.head))
		if vetgraph.ErrorCode(err) != vetgraph.Invalid {
			t.Errorf("Detect(%q) err = %v, want Invalid", tt.path, err)
		}
	}
}

func count(t *testing.T, paths []string, opt Options) (map[string]int, []vetgraph.FileDigest) {
	t.Helper()
	recs, digests, err := Open(context.Background(), paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for rec, err := range recs {
		if err != nil {
			t.Fatal(err)
		}
		n[rec.Key.Source+":"+rec.Schema]++
	}
	return n, digests
}

func TestOpenOFAC(t *testing.T) {
	sdn := sharedData(t, "watchlists/ofac-2021/sdn.csv")
	n, digests := count(t, []string{sdn}, Options{})
	if got := n["ofac:Person"] + n["ofac:Organization"] + n["ofac:Vessel"] + n["ofac:Airplane"]; got != 8976 {
		t.Errorf("entries %d, want 8976", got)
	}
	var names []string
	for _, d := range digests {
		names = append(names, filepath.Base(d.Name))
	}
	if diff := cmp.Diff([]string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}, names); diff != "" {
		t.Errorf("digested files (-want +got):\n%s", diff)
	}
	b, err := os.ReadFile(sdn)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if digests[0].SHA256 != hex.EncodeToString(sum[:]) || digests[0].Size != int64(len(b)) {
		t.Errorf("digest %+v", digests[0])
	}
	// Given all three explicitly, with a source.
	small := "ofac/testdata"
	n1, _ := count(t, []string{filepath.Join(small, "sdn.csv")}, Options{})
	n2, _ := count(t, []string{filepath.Join(small, "alt.csv"), filepath.Join(small, "sdn.csv"), filepath.Join(small, "add.csv")}, Options{Source: "us-ofac"})
	if n2["us-ofac:Person"] != n1["ofac:Person"] || n1["ofac:Person"] == 0 {
		t.Errorf("explicit companions: %v vs %v", n2, n1)
	}
}

func TestOpenMixed(t *testing.T) {
	n, digests := count(t, []string{
		"un/testdata/sample.xml",
		"ftm/testdata/sample.jsonl",
		"senzing/testdata/features.json",
	}, Options{})
	want := map[string]int{"un:Person": 3, "un:Organization": 2, "un:Passport": 2, "intel:Person": 1, "intel:Organization": 1,
		"ftm:Membership": 1, "ftm:Event": 1, "WATCH:Person": 1, "WATCH:Organization": 1, "WATCH:Identification": 1, "WATCH:UnknownLink": 1}
	for k, v := range want {
		if n[k] != v {
			t.Errorf("%s = %d, want %d", k, n[k], v)
		}
	}
	if len(digests) != 3 {
		t.Errorf("%d digests", len(digests))
	}
}

func TestOpenCSV(t *testing.T) {
	n, digests := count(t, []string{sharedData(t, "febrl/dataset4a.csv"), sharedData(t, "febrl/dataset4b.csv")},
		Options{Mapping: "csvmap/testdata/febrl.json"})
	if n["febrl:Person"] != 10000 {
		t.Errorf("febrl persons %d", n["febrl:Person"])
	}
	if len(digests) != 3 {
		t.Errorf("%d digests (mapping + 2 files)", len(digests))
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	people := write("people.csv", "id,name\n1,a\n")
	tests := []struct {
		name  string
		paths []string
		opt   Options
		code  vetgraph.Code
	}{
		{"none", nil, Options{}, vetgraph.Invalid},
		{"missing", []string{filepath.Join(dir, "nope.jsonl")}, Options{}, vetgraph.NotFound},
		{"missing forced", []string{filepath.Join(dir, "nope.jsonl")}, Options{Format: "ftm"}, vetgraph.NotFound},
		{"bad format", []string{people}, Options{Format: "xlsx"}, vetgraph.Invalid},
		{"undetectable", []string{write("notes.txt", "hello")}, Options{}, vetgraph.Invalid},
		{"csv without mapping", []string{people}, Options{}, vetgraph.Invalid},
		{"bad mapping", []string{people}, Options{Mapping: write("m.json", "{}")}, vetgraph.Invalid},
		{"alt alone", []string{write("alt.csv", "")}, Options{}, vetgraph.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Open(context.Background(), tt.paths, tt.opt)
			if got := vetgraph.ErrorCode(err); got != tt.code {
				t.Errorf("code %q, want %q (%v)", got, tt.code, err)
			}
		})
	}
}

func TestStreamError(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "in.jsonl")
	os.WriteFile(p, []byte(`{"id":"a","schema":"Person"}`+"\n"+`{"id":"b","properties":{}}`+"\n"), 0o644)
	recs, _, err := Open(context.Background(), []string{p}, Options{Format: "ftm"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var last error
	for rec, err := range recs {
		if err != nil {
			last = err
			continue
		}
		got = append(got, rec.Key.ID)
	}
	var e *vetgraph.Error
	if !errors.As(last, &e) || e.File != p || e.Line != 2 || e.Field != "schema" {
		t.Errorf("err = %v", last)
	}
	if diff := cmp.Diff([]string{"a"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	recs, _, err := Open(ctx, []string{"un/testdata/sample.xml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last error
	for _, err := range recs {
		n++
		if n == 3 {
			cancel()
		}
		if err != nil {
			last = err
		}
	}
	if !errors.Is(last, context.Canceled) || n != 4 {
		t.Errorf("after cancel: n=%d err=%v", n, last)
	}
}
