package senzing

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func readAll(t testing.TB, data string) ([]vetgraph.Record, error) {
	t.Helper()
	var out []vetgraph.Record
	for rec, err := range Read(strings.NewReader(data), "in.json", "") {
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func readFile(t testing.TB, name string) []vetgraph.Record {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := readAll(t, string(data))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestFlat(t *testing.T) {
	got := readFile(t, "testdata/flat.jsonl")
	key := func(id string) vetgraph.RecordKey { return vetgraph.RecordKey{Source: "BORDER", ID: id} }
	want := []vetgraph.Record{
		{Key: key("1001"), Schema: "Person", Properties: vetgraph.Properties{
			"name": {"Jamshid Karimov"}, "alias": {"Джамшид Каримов"}, "firstName": {"Jamshid"}, "lastName": {"Karimov"},
			"birthDate": {"1988-03-12"}, "gender": {"male"}, "nationality": {"UZ"}, "passportNumber": {"FA1234567"},
			"phone": {"+992 93 555 0101"}, "street": {"12 Navoi St"}, "city": {"Tashkent"}, "country": {"UZ"},
			"address": {"12 Navoi St, Tashkent, UZ"},
		}},
		{Key: key("1001-passport-fa1234567"), Schema: "Passport", Properties: vetgraph.Properties{
			"holder": {"1001"}, "number": {"FA1234567"}, "country": {"UZ"}}},
		{Key: key("1002"), Schema: "Organization", Properties: vetgraph.Properties{
			"name": {"Network N Travel"}, "email": {"n@example.org"}}},
		{Key: key("1001-rel-NET-N1"), Schema: "UnknownLink", Properties: vetgraph.Properties{
			"subject": {"1001"}, "object": {"1002"}, "role": {"MOVED_BY"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFeatures(t *testing.T) {
	got := readFile(t, "testdata/features.json")
	m := map[string]vetgraph.Record{}
	var ids []string
	for _, r := range got {
		m[r.Key.ID] = r
		ids = append(ids, r.Key.ID)
	}
	if diff := cmp.Diff([]string{"W1", "W1-id-a55677", "W2", "W1-rel-WATCH-W2"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	w1 := m["W1"].Properties
	checks := map[string][]string{
		"name": {"Dilshod Rahimov"}, "alias": {"Dilshod Rakhimov"}, "birthDate": {"1979-04"},
		"idNumber": {"A-556 77"}, "address": {"Dushanbe, Rudaki 5"}, "phone": {"+992 90 111 2233"},
	}
	for prop, want := range checks {
		if diff := cmp.Diff(want, w1[prop]); diff != "" {
			t.Errorf("W1 %s (-want +got):\n%s", prop, diff)
		}
	}
	if s := m["W2"].Schema; s != "Organization" {
		t.Errorf("W2 schema %q", s)
	}
	if o := m["W1-rel-WATCH-W2"].Properties.First("object"); o != "W2" {
		t.Errorf("link object %q, want W2", o)
	}
}

func TestLinkRoles(t *testing.T) {
	in := `{"RECORD_ID":"a","FEATURES":[{"REL_POINTER_KEY":"b","REL_POINTER_ROLE":"PAID"},{"REL_POINTER_KEY":"b","REL_POINTER_ROLE":"MOVED_BY"},{"REL_POINTER_KEY":"c"}]}
{"RECORD_ID":"b","REL_ANCHOR_KEY":"b"}`
	recs, err := readAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r.Schema == "UnknownLink" {
			got = append(got, r.Key.ID+" "+r.Properties.First("object")+" "+strings.Join(r.Properties["role"], "+"))
		}
	}
	want := []string{"a-rel--b b PAID+MOVED_BY", "a-rel--c c "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		field    string
	}{
		{"not json", "{\"RECORD_ID\":\"1\"}\n{nope", 2, ""},
		{"no record id", `{"DATA_SOURCE":"X","NAME_FULL":"A"}`, 1, "RECORD_ID"},
		{"object value", `{"RECORD_ID":"1","NAME_FULL":"A","DATE_OF_BIRTH":{"x":1}}`, 1, "DATE_OF_BIRTH"},
		{"feature not object", `{"RECORD_ID":"1","FEATURES":["A"]}`, 1, "FEATURES.0"},
		{"nested list", `{"RECORD_ID":"1","FEATURES":[{"X":[1]}]}`, 1, "FEATURES.0.X"},
		{"bad utf8", "{\"RECORD_ID\":\"1\",\"NAME_FULL\":\"A\xff\"}", 1, "NAME_FULL"},
		{"array element line", "[\n{\"RECORD_ID\":\"1\"},\n{\"NAME_FULL\":\"x\"}\n]", 3, "RECORD_ID"},
		{"array truncated", "[\n{\"RECORD_ID\":\"1\"},\n", 3, ""},
		{"array trailing", "[{\"RECORD_ID\":\"1\"}]\n{}", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.in)
			var e *vetgraph.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *vetgraph.Error", err)
			}
			got := [4]any{e.Code, e.File, e.Line, e.Field}
			want := [4]any{vetgraph.Invalid, "in.json", tt.line, tt.field}
			if got != want {
				t.Errorf("code/file/line/field = %v, want %v (%v)", got, want, err)
			}
		})
	}
}

func FuzzSenzing(f *testing.F) {
	for _, name := range []string{"testdata/flat.jsonl", "testdata/features.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for rec, err := range Read(bytes.NewReader(data), "fuzz", "") {
			if err != nil {
				var e *vetgraph.Error
				if !errors.As(err, &e) || e.Code != vetgraph.Invalid || e.Line < 1 {
					t.Fatalf("error %v is not a located Invalid *vetgraph.Error", err)
				}
				return
			}
			if rec.Key.ID == "" || rec.Schema == "" {
				t.Fatalf("bad record %+v", rec)
			}
		}
	})
}
