package ftm

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func readAll(t testing.TB, data, source string) ([]vetgraph.Record, error) {
	t.Helper()
	var out []vetgraph.Record
	for rec, err := range Read(strings.NewReader(data), "in.jsonl", source) {
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestReadSample(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, err := readAll(t, string(data), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []vetgraph.Record{
		{Key: vetgraph.RecordKey{Source: "intel", ID: "p-karimov"}, Schema: "Person", Properties: vetgraph.Properties{
			"name": {"Jamshid Karimov", "Джамшид Каримов"}, "birthDate": {"1988-03"}, "nationality": {"uz"},
			"passportNumber": {"FA1234567"}, "phone": {"+992 93 555 0101"}}},
		{Key: vetgraph.RecordKey{Source: "intel", ID: "o-net"}, Schema: "Organization", Properties: vetgraph.Properties{
			"name": {"Network\u00a0N"}, "topics": {"crime.traffick"}}},
		{Key: vetgraph.RecordKey{Source: "ftm", ID: "m-1"}, Schema: "Membership", Properties: vetgraph.Properties{
			"member": {"p-karimov"}, "organization": {"o-net"}, "role": {"facilitator"}, "startDate": {"2023"}, "endDate": {"2024-06-30"}},
			ValidFrom: day(2023, 1, 1), ValidTo: day(2024, 7, 1)},
		{Key: vetgraph.RecordKey{Source: "ftm", ID: "e-1"}, Schema: "Event", Properties: vetgraph.Properties{
			"involved": {"p-karimov"}, "date": {"2024-05-01"}, "location": {"Lukeville"}},
			ValidFrom: day(2024, 5, 1), ValidTo: day(2024, 5, 2)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestSourceOption(t *testing.T) {
	got, err := readAll(t, `{"id":"a","schema":"Person","datasets":["ds"],"properties":{}}`, "mine")
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Key.Source != "mine" {
		t.Errorf("source = %q, want mine", got[0].Key.Source)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	data, err := os.ReadFile("testdata/bom_crlf.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, err := readAll(t, string(data), "s")
	if err != nil {
		t.Fatal(err)
	}
	var ids, names []string
	for _, r := range got {
		ids = append(ids, r.Key.ID)
		names = append(names, r.Properties.First("name"))
	}
	if diff := cmp.Diff([]string{"bom", "crlf"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Ali", "Вали"}, names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

func TestReadErrors(t *testing.T) {
	ok := `{"id":"a","schema":"Person","properties":{"name":["A"]}}` + "\n"
	tests := []struct {
		name      string
		in        string
		line      int
		field     string
		msgSubstr string
	}{
		{"not json", ok + "{nope\n", 2, "", "not a JSON object"},
		{"array line", ok + ok + "[1,2]\n", 3, "", "not a JSON object"},
		{"missing id", `{"schema":"Person"}`, 1, "id", "missing"},
		{"empty id", `{"id":"  ","schema":"Person"}`, 1, "id", "empty"},
		{"numeric id", `{"id":7,"schema":"Person"}`, 1, "id", "string"},
		{"missing schema", `{"id":"x"}`, 1, "schema", "missing"},
		{"props not object", `{"id":"x","schema":"Person","properties":[]}`, 1, "properties", "object"},
		{"prop not array", `{"id":"x","schema":"Person","properties":{"name":"Ali"}}`, 1, "properties.name", "array of strings"},
		{"prop numbers", `{"id":"x","schema":"Person","properties":{"birthDate":[1990]}}`, 1, "properties.birthDate", "array of strings"},
		{"bad utf8 in value", ok + "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"ok\",\"\xff\"]}}", 2, "properties.name.1", "UTF-8"},
		{"bad utf8 in key", "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"na\xc3me\":[\"a\"]}}", 1, "properties.na\ufffdme", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.in, "")
			var e *vetgraph.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *vetgraph.Error", err)
			}
			got := [4]any{e.Code, e.File, e.Line, e.Field}
			want := [4]any{vetgraph.Invalid, "in.jsonl", tt.line, tt.field}
			if got != want {
				t.Errorf("code/file/line/field = %v, want %v (%v)", got, want, err)
			}
			if !strings.Contains(e.Msg, tt.msgSubstr) {
				t.Errorf("msg %q lacks %q", e.Msg, tt.msgSubstr)
			}
		})
	}
}

func TestStopEarly(t *testing.T) {
	n := 0
	for range Read(strings.NewReader(strings.Repeat(`{"id":"a","schema":"Person"}`+"\n", 5)), "f", "") {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("n = %d", n)
	}
}

func TestRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	first, err := readAll(t, string(data), "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, first...); err != nil {
		t.Fatal(err)
	}
	second, err := readAll(t, buf.String(), "")
	if err != nil {
		t.Fatalf("re-read: %v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
	// Writing again is byte-identical: the encoding is canonical.
	var buf2 bytes.Buffer
	if err := Write(&buf2, second...); err != nil {
		t.Fatal(err)
	}
	if buf.String() != buf2.String() {
		t.Errorf("second write differs:\n%s\n%s", buf.String(), buf2.String())
	}
}

func FuzzFTM(f *testing.F) {
	for _, name := range []string{"testdata/sample.jsonl", "testdata/bom_crlf.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"id":"x","schema":"Person","properties":{"name":["a\u00a0b"," "]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var recs []vetgraph.Record
		for rec, err := range Read(bytes.NewReader(data), "fuzz", "") {
			if err != nil {
				var e *vetgraph.Error
				if !errors.As(err, &e) || e.Code != vetgraph.Invalid || e.Line < 1 {
					t.Fatalf("error %v is not a located Invalid *vetgraph.Error", err)
				}
				return
			}
			if rec.Key.ID == "" || rec.Schema == "" {
				t.Fatalf("record without id or schema: %+v", rec)
			}
			recs = append(recs, rec)
		}
		// Whatever reads cleanly round-trips.
		var buf bytes.Buffer
		if err := Write(&buf, recs...); err != nil {
			t.Fatal(err)
		}
		var again []vetgraph.Record
		for rec, err := range Read(&buf, "fuzz2", "") {
			if err != nil {
				t.Fatalf("re-read of written output: %v", err)
			}
			again = append(again, rec)
		}
		if diff := cmp.Diff(recs, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}
