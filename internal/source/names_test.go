package source

import (
	"strings"
	"testing"
	"time"

	"vetgraph"
)

func TestNames(t *testing.T) {
	tests := []struct{ format, given, file, batch, reader string }{
		{FormatFTM, "", "/x/encounters.ftm.jsonl", "encounters", "encounters"},
		{FormatFTM, "REPORT-1", "/x/001.ftm.jsonl", "REPORT-1", "REPORT-1"},
		{FormatOFAC, "", "/x/sdn.csv", "ofac", "ofac"},
		{FormatUN, "", "/x/un-consolidated.xml", "un", "un"},
		{FormatSenzing, "", "/x/people.json", "people", ""},
		{FormatCSV, "", "dataset4a.csv", "dataset4a", "dataset4a"},
	}
	for _, tt := range tests {
		b, r := Names(tt.format, tt.given, tt.file)
		if b != tt.batch || r != tt.reader {
			t.Errorf("Names(%s, %q, %s) = %q, %q; want %q, %q", tt.format, tt.given, tt.file, b, r, tt.batch, tt.reader)
		}
	}
}

func TestNewBatchID(t *testing.T) {
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	a := NewBatchID(now, []vetgraph.FileDigest{{SHA256: "aa"}})
	b := NewBatchID(now, []vetgraph.FileDigest{{SHA256: "bb"}})
	c := NewBatchID(now.Add(time.Nanosecond), []vetgraph.FileDigest{{SHA256: "aa"}})
	if !strings.HasPrefix(string(a), "b20240301T120000-") || len(a) != len("b20240301T120000-")+6 {
		t.Errorf("id %q: want b<time>-<6 hex>", a)
	}
	if a == b || a == c {
		t.Errorf("ids not distinct: %s %s %s", a, b, c)
	}
	if a != NewBatchID(now, []vetgraph.FileDigest{{SHA256: "aa"}}) {
		t.Error("not deterministic")
	}
}
