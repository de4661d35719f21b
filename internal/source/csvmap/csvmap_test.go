package csvmap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

const dataDir = "../../../../shared/data"

func mapping(t testing.TB, name string) Mapping {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := LoadMapping(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readFile(t testing.TB, path string, m Mapping) []vetgraph.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var out []vetgraph.Record
	for rec, err := range Read(f, filepath.Base(path), m, "") {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
	return out
}

func TestFEBRL(t *testing.T) {
	m := mapping(t, "febrl.json")
	want := map[string]int{"dataset1.csv": 1000, "dataset2.csv": 5000, "dataset3.csv": 5000, "dataset4a.csv": 5000, "dataset4b.csv": 5000}
	for name, n := range want {
		recs := readFile(t, filepath.Join(dataDir, "febrl", name), m)
		if len(recs) != n {
			t.Errorf("%s: %d records, want %d", name, len(recs), n)
		}
		if name == "dataset3.csv" {
			// 35 dates of birth in dataset3 are not calendar dates
			// (19551192); the mapping keeps them as they are.
			raw := 0
			for _, r := range recs {
				if d := r.Properties.First("birthDate"); d != "" && !strings.Contains(d, "-") {
					raw++
				}
			}
			if raw != 35 {
				t.Errorf("dataset3: %d raw birth dates, want 35", raw)
			}
		}
	}
	recs := readFile(t, "testdata/febrl_sample.csv", m)
	want0 := vetgraph.Record{
		Key:    vetgraph.RecordKey{Source: "febrl", ID: "rec-223-org"},
		Schema: "Person",
		Properties: vetgraph.Properties{
			"lastName": {"waller"}, "name": {"waller"}, "street": {"6 tullaroop street"}, "street2": {"willaroo"},
			"city": {"st james"}, "postalCode": {"4011"}, "region": {"wa"}, "birthDate": {"1908-12-09"}, "idNumber": {"6988048"},
			"address": {"6 tullaroop street willaroo st james wa 4011"},
		},
	}
	if diff := cmp.Diff(want0, recs[0]); diff != "" {
		t.Errorf("first record (-want +got):\n%s", diff)
	}
}

func TestSplink(t *testing.T) {
	recs := readFile(t, filepath.Join(dataDir, "splink", "fake_1000.csv"), mapping(t, "splink.json"))
	if len(recs) != 1000 {
		t.Fatalf("%d records, want 1000", len(recs))
	}
	want := vetgraph.Record{
		Key:    vetgraph.RecordKey{Source: "splink", ID: "0"},
		Schema: "Person",
		Properties: vetgraph.Properties{
			"firstName": {"Robert"}, "lastName": {"Alan"}, "name": {"Robert Alan"}, "birthDate": {"1971-06-24"},
			"email": {"robert255@smith.net"},
		},
	}
	if diff := cmp.Diff(want, recs[0]); diff != "" {
		t.Errorf("first record (-want +got):\n%s", diff)
	}
	for _, r := range recs {
		if _, ok := r.Properties["cluster"]; ok {
			t.Fatalf("ground truth leaked into %v", r.Key)
		}
	}
}

func TestMappingErrors(t *testing.T) {
	tests := []struct{ name, in, field string }{
		{"not json", `{`, ""},
		{"unknown key", `{"schema":"Person","id":"a","colums":[]}`, ""},
		{"no schema", `{"id":"a"}`, "schema"},
		{"no id", `{"schema":"Person"}`, "id"},
		{"bad delimiter", `{"schema":"Person","id":"a","delimiter":";;"}`, "delimiter"},
		{"bad column", `{"schema":"Person","id":"a","columns":[{"column":"x"}]}`, "columns.0"},
		{"bad format", `{"schema":"Person","id":"a","columns":[{"column":"x","property":"birthDate","date_format":"DDMMYY"}]}`, "columns.0.date_format"},
		{"bad invalid", `{"schema":"Person","id":"a","columns":[{"column":"x","property":"birthDate","invalid":"ignore"}]}`, "columns.0.invalid"},
		{"bad join", `{"schema":"Person","id":"a","join":[{"property":"name"}]}`, "join.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadMapping(strings.NewReader(tt.in), "m.json")
			var e *vetgraph.Error
			if !errors.As(err, &e) || e.Code != vetgraph.Invalid || e.File != "m.json" || e.Field != tt.field {
				t.Errorf("err = %#v, want Invalid in m.json field %q", err, tt.field)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	m := Mapping{Schema: "Person", ID: "id", Columns: []Column{
		{Column: "name", Property: "name"},
		{Column: "dob", Property: "birthDate", DateFormat: "YYYYMMDD"},
	}}
	tests := []struct {
		name, in string
		line     int
		field    string
	}{
		{"empty", "", 1, ""},
		{"missing column", "id,name\n1,a\n", 1, "dob"},
		{"unmapped column", "id,name,dob,extra\n", 1, "extra"},
		{"repeated column", "id,name,dob,name\n", 1, "name"},
		{"bad date", "id,name,dob\n1,a,19900101\n2,b,19901301\n", 3, "dob"},
		{"empty id", "id,name,dob\n1,a,\n ,b,\n", 3, "id"},
		{"short row", "id,name,dob\r\n1,a,\r\n2,b\r\n", 3, ""},
		{"bad quote", "id,name,dob\n1,\"a\"b,\n", 2, ""},
		{"bad utf8", "id,name,dob\n1,a\xffb,\n", 2, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			for _, e := range Read(strings.NewReader(tt.in), "in.csv", m, "") {
				if e != nil {
					err = e
				}
			}
			var e *vetgraph.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *vetgraph.Error", err)
			}
			got := [4]any{e.Code, e.File, e.Line, e.Field}
			want := [4]any{vetgraph.Invalid, "in.csv", tt.line, tt.field}
			if got != want {
				t.Errorf("code/file/line/field = %v, want %v (%v)", got, want, err)
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	m := Mapping{Schema: "Person", ID: "id", Delimiter: ";", Columns: []Column{{Column: "name", Property: "name"}}}
	in := "\xef\xbb\xbfid;name\r\n1; Ali\u00a0Valiev \r\n2;\"Вали; Алиев\"\r\n"
	var got []string
	for rec, err := range Read(strings.NewReader(in), "in.csv", m, "s") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec.Key.String()+"="+rec.Properties.First("name"))
	}
	want := []string{"s/1=Ali\u00a0Valiev", "s/2=Вали; Алиев"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func FuzzCSV(f *testing.F) {
	m := mapping(f, "febrl.json")
	data, err := os.ReadFile("testdata/febrl_sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\nr1,\"a\",b,,,,,,,1990,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for rec, err := range Read(bytes.NewReader(data), "fuzz.csv", m, "") {
			if err != nil {
				var e *vetgraph.Error
				if !errors.As(err, &e) || e.Code != vetgraph.Invalid || e.Line < 1 {
					t.Fatalf("error %v is not a located Invalid *vetgraph.Error", err)
				}
				return
			}
			if rec.Key.ID == "" || rec.Schema != "Person" {
				t.Fatalf("bad record %+v", rec)
			}
		}
	})
}
