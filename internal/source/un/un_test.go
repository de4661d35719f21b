package un

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

const realFile = "../../../../shared/data/watchlists/un-consolidated.xml"

func readFile(t testing.TB, name string) []vetgraph.Record {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var out []vetgraph.Record
	for rec, err := range Read(f, name, "") {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
	return out
}

func TestRealList(t *testing.T) {
	recs := readFile(t, realFile)
	counts := map[string]int{}
	byID := map[string]vetgraph.Record{}
	for _, r := range recs {
		counts[r.Schema]++
		if _, dup := byID[r.Key.ID]; dup {
			t.Errorf("duplicate key %s", r.Key)
		}
		byID[r.Key.ID] = r
	}
	if counts["Person"] != 730 || counts["Organization"] != 273 {
		t.Errorf("persons %d entities %d, want 730 and 273", counts["Person"], counts["Organization"])
	}
	// Every original-script name in the file is an alias of its subject.
	data, err := os.ReadFile(realFile)
	if err != nil {
		t.Fatal(err)
	}
	// Split the file at each subject's DATAID and collect its
	// NAME_ORIGINAL_SCRIPT values with plain string search.
	found, missing := 0, 0
	chunks := strings.Split(string(data), "<DATAID>")
	for _, chunk := range chunks[1:] {
		id, rest, _ := strings.Cut(chunk, "</DATAID>")
		rec := byID[id]
		for {
			_, after, ok := strings.Cut(rest, "<NAME_ORIGINAL_SCRIPT>")
			if !ok {
				break
			}
			var name string
			name, rest, _ = strings.Cut(after, "</NAME_ORIGINAL_SCRIPT>")
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			found++
			if !contains(rec.Properties["alias"], name) {
				missing++
				t.Errorf("%s: original-script name %q missing", rec.Key.ID, name)
			}
		}
	}
	if found < 300 || missing > 0 {
		t.Errorf("original-script names: %d found, %d missing", found, missing)
	}
	terror := 0
	for _, r := range recs {
		if contains(r.Properties["topics"], "crime.terror") {
			terror++
		}
	}
	if terror != 341 {
		t.Errorf("crime.terror subjects = %d, want 341 (the Al-Qaida list)", terror)
	}
}

func contains(vs []string, s string) bool {
	for _, v := range vs {
		if v == s {
			return true
		}
	}
	return false
}

func TestSample(t *testing.T) {
	recs := readFile(t, "testdata/sample.xml")
	m := map[string]vetgraph.Record{}
	var ids []string
	for _, r := range recs {
		m[r.Key.ID] = r
		ids = append(ids, r.Key.ID)
	}
	wantIDs := []string{"111923", "111923-passport-1084010", "6908021", "2960872", "2960872-passport-9603464086", "113995", "6908402"}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	tests := []struct {
		id, prop string
		want     []string
	}{
		{"2960872", "name", []string{"DOKU KHAMATOVICH UMAROV"}},
		{"2960872", "passportNumber", []string{"96 03 464086"}},
		{"2960872", "topics", []string{"sanction", "crime.terror"}},
		{"2960872-passport-9603464086", "country", []string{"Russian Federation"}},
		{"2960872", "unscId", []string{"QDi.290"}},
		{"111923", "birthDate", []string{"1951-06-19"}},
		{"111923", "birthPlace", []string{"Giza, Egypt"}},
		{"111923", "passportNumber", []string{"1084010", "19820215"}},
		{"6908021", "birthDate", []string{"1973", "1974"}},
		{"6908021", "topics", []string{"sanction"}},
		{"6908021", "program", []string{"DRC"}},
		{"113995", "topics", []string{"sanction", "crime.terror"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, m[tt.id].Properties[tt.prop]); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.id, tt.prop, diff)
		}
	}
	if got := m["2960872"].Properties["alias"]; !contains(got, "Умаров Доку Хаматович") {
		t.Errorf("Cyrillic original-script name missing from %q", got)
	}
	if len(m["111923"].Properties["weakAlias"]) == 0 {
		t.Errorf("Low-quality aliases did not become weakAlias")
	}
}

func TestReadErrors(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
	tests := []struct {
		name, in string
		line     int
		field    string
	}{
		{"empty", "", 1, ""},
		{"not xml", "hello", 1, ""},
		{"wrong root", "<LIST/>", 1, "LIST"},
		{"no id", head + "<INDIVIDUAL>\n<FIRST_NAME>A</FIRST_NAME>\n</INDIVIDUAL>", 4, "DATAID"},
		{"no name", head + "<INDIVIDUAL><DATAID>1</DATAID></INDIVIDUAL>", 4, "FIRST_NAME"},
		{"bad date", head + "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>\n<INDIVIDUAL_DATE_OF_BIRTH><DATE>12/05/1970</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>", 4, "INDIVIDUAL_DATE_OF_BIRTH"},
		{"truncated", head + "<INDIVIDUAL><DATAID>1</DATAID>\n<FIRST_NAME>A", 5, ""},
		{"bad utf8", head + "<INDIVIDUAL><DATAID>1</DATAID>\n<FIRST_NAME>A\xff</FIRST_NAME></INDIVIDUAL>", 5, "FIRST_NAME"},
		{"bad utf8 in attr", head + "<INDIVIDUAL><DATAID>1</DATAID>\n\n<FIRST_NAME x=\"\xc3\">A</FIRST_NAME></INDIVIDUAL>", 6, "FIRST_NAME"},
		{"truncated rune at end", head + "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>Қ\xd2", 4, "FIRST_NAME"},
		{"other charset", `<?xml version="1.0" encoding="ISO-8859-1"?><CONSOLIDATED_LIST/>`, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			for _, e := range Read(strings.NewReader(tt.in), "un.xml", "") {
				if e != nil {
					err = e
				}
			}
			var e *vetgraph.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *vetgraph.Error", err)
			}
			got := [4]any{e.Code, e.File, e.Line, e.Field}
			want := [4]any{vetgraph.Invalid, "un.xml", tt.line, tt.field}
			if got != want {
				t.Errorf("code/file/line/field = %v, want %v (%v)", got, want, err)
			}
		})
	}
}

// TestUTF8Split checks that a rune split across reads is neither lost nor
// reported as invalid.
func TestUTF8Split(t *testing.T) {
	data, err := os.ReadFile("testdata/small.xml")
	if err != nil {
		t.Fatal(err)
	}
	var whole []vetgraph.Record
	for rec, err := range Read(bytes.NewReader(data), "a", "") {
		if err != nil {
			t.Fatal(err)
		}
		whole = append(whole, rec)
	}
	var split []vetgraph.Record
	for rec, err := range Read(iotest.OneByteReader(bytes.NewReader(data)), "a", "") {
		if err != nil {
			t.Fatal(err)
		}
		split = append(split, rec)
	}
	if diff := cmp.Diff(whole, split); diff != "" {
		t.Errorf("one byte at a time (-whole +split):\n%s", diff)
	}
}

func FuzzUN(f *testing.F) {
	data, err := os.ReadFile("testdata/small.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>X</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for rec, err := range Read(bytes.NewReader(data), "un.xml", "") {
			if err != nil {
				var e *vetgraph.Error
				if !errors.As(err, &e) || e.Code != vetgraph.Invalid || e.Line < 1 {
					t.Fatalf("error %v is not a located Invalid *vetgraph.Error", err)
				}
				return
			}
			if rec.Key.ID == "" || rec.Schema == "" || rec.Properties.First("name") == "" && rec.Properties.First("number") == "" {
				t.Fatalf("bad record %+v", rec)
			}
		}
	})
}
