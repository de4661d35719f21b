package ofac

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

const realDir = "../../../../shared/data/watchlists/ofac-2021"

func open(t testing.TB, dir string) (*os.File, Companions) {
	t.Helper()
	f := func(name string) File {
		fh, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			if os.IsNotExist(err) {
				return File{}
			}
			t.Fatal(err)
		}
		t.Cleanup(func() { fh.Close() })
		return File{Name: name, R: fh}
	}
	sdn := f("sdn.csv")
	if sdn.R == nil {
		t.Skipf("no sdn.csv in %s", dir)
	}
	return sdn.R.(*os.File), Companions{Alt: f("alt.csv"), Add: f("add.csv"), Comments: f("sdn_comments.csv")}
}

func readDir(t testing.TB, dir string) []vetgraph.Record {
	t.Helper()
	sdn, c := open(t, dir)
	var out []vetgraph.Record
	for rec, err := range Read(sdn, "sdn.csv", "", c) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
	return out
}

func byID(recs []vetgraph.Record) map[string]vetgraph.Record {
	m := map[string]vetgraph.Record{}
	for _, r := range recs {
		m[r.Key.ID] = r
	}
	return m
}

func TestRealList(t *testing.T) {
	recs := readDir(t, realDir)
	counts := map[string]int{}
	aliases := 0
	for _, r := range recs {
		counts[r.Schema]++
		aliases += len(r.Properties["alias"])
	}
	wantCounts := map[string]int{"Person": 4620, "Organization": 3673, "Vessel": 406, "Airplane": 277}
	for k, v := range wantCounts {
		if counts[k] != v {
			t.Errorf("%s: %d, want %d", k, counts[k], v)
		}
	}
	if n := counts["Person"] + counts["Organization"] + counts["Vessel"] + counts["Airplane"]; n != 8976 {
		t.Errorf("entries = %d, want 8976", n)
	}
	// 11,910 alt.csv rows; two of them repeat a name already on the same
	// entry (ent_num 8407 and 16448), so 11,908 distinct alias values.
	if aliases != 11908 {
		t.Errorf("alias values = %d, want 11908", aliases)
	}
	// Every alt.csv row is attached to its entry.
	m := byID(recs)
	alt, err := os.ReadFile(filepath.Join(realDir, "alt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	attached := 0
	for row, err := range rows(File{"alt.csv", bytes.NewReader(alt)}, altCols) {
		if err != nil {
			t.Fatal(err)
		}
		rec := m["ofac-"+row.f[0]]
		name := row.f[3]
		if rec.Schema == "Person" {
			name = personName(name)
		}
		for _, a := range rec.Properties["alias"] {
			if a == name {
				attached++
				break
			}
		}
	}
	if attached != 11910 {
		t.Errorf("attached alt rows = %d, want 11910", attached)
	}
}

func TestSpotChecks(t *testing.T) {
	recs := readDir(t, "testdata")
	m := byID(recs)
	tests := []struct {
		id, prop string
		want     []string
	}{
		{"ofac-2676", "name", []string{"Dr. Ayman AL ZAWAHIRI"}},
		{"ofac-2676", "lastName", []string{"AL ZAWAHIRI"}},
		{"ofac-2676", "birthDate", []string{"1951-06-19"}},
		{"ofac-2676", "birthPlace", []string{"Giza, Egypt"}},
		{"ofac-2676", "passportNumber", []string{"1084010", "19820215"}},
		{"ofac-2676", "topics", []string{"sanction", "crime.terror"}},
		{"ofac-2686", "birthDate", []string{"1960-08-31", "1953-08-31", "1955-08-31", "1958-08-31"}},
		{"ofac-2686", "gender", []string{"male"}},
		{"ofac-2686", "program", []string{"SDGT", "SYRIA"}},
		{"ofac-11786", "passportNumber", []string{"A2463775"}},
		{"ofac-11786", "idNumber", []string{"6579726970"}},
		{"ofac-11786", "nationality", []string{"Iran"}},
		{"ofac-11786", "citizenship", []string{"Iran"}},
		{"ofac-7326", "idNumber", []string{"660000 73767"}},
		{"ofac-7326", "weakAlias", []string{"ABOU ZEINAB"}},
		{"ofac-306", "weakAlias", []string{"BNC"}},
		{"ofac-306", "alias", []string{"NATIONAL BANK OF CUBA"}},
		{"ofac-306", "topics", []string{"sanction"}},
		{"ofac-4234", "flag", []string{"Cuba"}},
		{"ofac-4234", "callSign", []string{"CL2685"}},
		{"ofac-2676-passport-1084010", "country", []string{"Egypt"}},
		{"ofac-2676-passport-1084010", "holder", []string{"ofac-2676"}},
		{"ofac-7326-id-66000073767", "country", []string{"Belgium"}},
	}
	for _, tt := range tests {
		got := m[tt.id].Properties[tt.prop]
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.id, tt.prop, diff)
		}
	}
	if s := m["ofac-2676-passport-1084010"].Schema; s != "Passport" {
		t.Errorf("passport schema %q", s)
	}
	if _, ok := m["ofac-2676-passport-19820215"]; ok {
		t.Errorf("a passport without country got a Passport record")
	}
	// sdn_comments.csv continues the remarks of 28264.
	if notes := m["ofac-28264"].Properties.First("notes"); !strings.Contains(notes, "Phone Number 8613314257947") {
		t.Errorf("comments not joined: %q", notes)
	}
}

func TestDOB(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"10 Dec 1948", []string{"1948-12-10"}},
		{"Dec 1948", []string{"1948-12"}},
		{"1948", []string{"1948"}},
		{"circa 1954", []string{"1954"}},
		{"1960 to 1962", []string{"1960", "1962"}},
		{"01 Jan 1960 to 31 Dec 1962", []string{"1960-01-01", "1962-12-31"}},
		{"31 Feb 1960", nil},
		{"sometime", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, dob(tt.in)); diff != "" {
			t.Errorf("dob(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestReadErrors(t *testing.T) {
	good := `36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n"
	tests := []struct {
		name, sdn, alt string
		file           string
		line           int
		field          string
	}{
		{"short row", good + "37,\"X\",-0-\r\n", "", "sdn.csv", 2, ""},
		{"bad ent_num", "x1," + good[3:], "", "sdn.csv", 1, "ent_num"},
		{"bad type", `40,"X","robot","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `, "", "sdn.csv", 1, "SDN_Type"},
		{"empty name", `40,-0- ,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `, "", "sdn.csv", 1, "SDN_Name"},
		{"bad utf8", "40,\"X\xff\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ", "", "sdn.csv", 1, "SDN_Name"},
		{"bad quote", good + "41,\"X\"Y\",-0-\r\n", "", "sdn.csv", 2, ""},
		{"repeat", good + good, "", "sdn.csv", 2, "ent_num"},
		{"orphan alias", good, "36,12,\"aka\",\"A\",-0- \r\n99,13,\"aka\",\"B\",-0- \r\n", "alt.csv", 2, "ent_num"},
		{"alias short", good, "36,12\r\n", "alt.csv", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Companions{}
			if tt.alt != "" {
				c.Alt = File{"alt.csv", strings.NewReader(tt.alt)}
			}
			var err error
			for _, e := range Read(strings.NewReader(tt.sdn), "sdn.csv", "", c) {
				if e != nil {
					err = e
				}
			}
			var e *vetgraph.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *vetgraph.Error", err)
			}
			got := [4]any{e.Code, e.File, e.Line, e.Field}
			want := [4]any{vetgraph.Invalid, tt.file, tt.line, tt.field}
			if got != want {
				t.Errorf("code/file/line/field = %v, want %v (%v)", got, want, err)
			}
		})
	}
}

func FuzzOFAC(f *testing.F) {
	sdn, _ := os.ReadFile("testdata/sdn.csv")
	alt, _ := os.ReadFile("testdata/alt.csv")
	add, _ := os.ReadFile("testdata/add.csv")
	f.Add(sdn, alt, add)
	f.Add([]byte(`1,"A, B","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB circa 01 Jan 1960 to 1962; Passport (x"`), []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, sdn, alt, add []byte) {
		c := Companions{Alt: File{"alt.csv", bytes.NewReader(alt)}, Add: File{"add.csv", bytes.NewReader(add)}}
		for rec, err := range Read(bytes.NewReader(sdn), "sdn.csv", "", c) {
			if err != nil {
				var e *vetgraph.Error
				if !errors.As(err, &e) || e.Code != vetgraph.Invalid || e.Line < 1 || e.File == "" {
					t.Fatalf("error %v is not a located Invalid *vetgraph.Error", err)
				}
				return
			}
			if rec.Key.ID == "" || rec.Schema == "" || rec.Key.Source != "ofac" {
				t.Fatalf("bad record %+v", rec)
			}
		}
	})
}
