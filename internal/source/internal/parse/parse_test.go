package parse

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func TestParseISO(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = not a date
	}{
		{"1988", "1988"}, {"1988-03", "1988-03"}, {"1988-03-12", "1988-03-12"},
		{"2021-03-04T12:00:00Z", "2021-03-04"}, {"2024-02-29", "2024-02-29"},
		{"2023-02-29", ""}, {"1988-13", ""}, {"1988-00-01", ""}, {"88", ""}, {"1988/03/12", ""},
		{"0000", ""}, {"19880312", ""}, {"", ""}, {"1988-3-12", ""},
	}
	for _, tt := range tests {
		d, ok := ParseISO(tt.in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("ParseISO(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseLayout(t *testing.T) {
	tests := []struct{ in, layout, want string }{
		{"19081209", "YYYYMMDD", "1908-12-09"},
		{"19551192", "YYYYMMDD", ""},
		{"09/12/1908", "DD/MM/YYYY", "1908-12-09"},
		{"12/09/1908", "MM/DD/YYYY", "1908-12-09"},
		{"09.12.1908", "DD.MM.YYYY", "1908-12-09"},
		{"09-12-1908", "DD-MM-YYYY", "1908-12-09"},
		{"09/12/1908", "DD.MM.YYYY", ""},
		{"1908", "YYYY", "1908"},
		{"1908-12", "YYYY-MM-DD", "1908-12"},
	}
	for _, tt := range tests {
		d, ok := ParseLayout(tt.in, tt.layout)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("ParseLayout(%q, %q) = %q, want %q", tt.in, tt.layout, got, tt.want)
		}
	}
}

func TestMonth(t *testing.T) {
	for in, want := range map[string]int{"Dec": 12, "dec.": 12, "December": 12, "Sept": 9, "Decimal": 0, "Ma": 0, "May": 5} {
		if got := Month(in); got != want {
			t.Errorf("Month(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestValidTime(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		p        vetgraph.Properties
		from, to time.Time
	}{
		{"none", vetgraph.Properties{}, time.Time{}, time.Time{}},
		{"year", vetgraph.Properties{"startDate": {"2023"}, "endDate": {"2023"}}, day(2023, 1, 1), day(2024, 1, 1)},
		{"month end", vetgraph.Properties{"endDate": {"2024-02"}}, time.Time{}, day(2024, 3, 1)},
		{"earliest and latest", vetgraph.Properties{"startDate": {"2022-05-01", "2021"}, "endDate": {"2023-01-01", "2024-06-30"}}, day(2021, 1, 1), day(2024, 7, 1)},
		{"event date", vetgraph.Properties{"date": {"2024-05-01"}}, day(2024, 5, 1), day(2024, 5, 2)},
		{"not a date", vetgraph.Properties{"startDate": {"last spring"}}, time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		from, to := ValidTime(tt.p)
		if !from.Equal(tt.from) || !to.Equal(tt.to) {
			t.Errorf("%s: [%v, %v), want [%v, %v)", tt.name, from, to, tt.from, tt.to)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"  a b ", "a b", true},
		{"\u00a0Ali\u00a0Valiev\u00a0", "Ali\u00a0Valiev", true},
		{"\tВали\r", "Вали", true},
		{"a\xffb", "", false},
	}
	for _, tt := range tests {
		got, ok := Clean(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Clean(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestJSONPath(t *testing.T) {
	data := []byte(`{"id":"x","properties":{"name":["a","BAD"],"b":[]},"z":{"k":"BAD"}}`)
	tests := []struct{ needle, want string }{
		{`"x"`, "id"},
		{`"BAD"],`, "properties.name.1"},
		{`"b"`, "properties.b"},
		{`"k":`, "z.k"},
	}
	for _, tt := range tests {
		off := strings.Index(string(data), tt.needle) + 1
		if got := JSONPath(data, off); got != tt.want {
			t.Errorf("JSONPath at %q = %q, want %q", tt.needle, got, tt.want)
		}
	}
	if got := InvalidUTF8([]byte("ab\xc3")); got != 2 {
		t.Errorf("InvalidUTF8 = %d, want 2", got)
	}
	if got := InvalidUTF8([]byte("Қ ҳ")); got != -1 {
		t.Errorf("InvalidUTF8 of valid = %d", got)
	}
}

func TestLines(t *testing.T) {
	l := NewLines(strings.NewReader("\xef\xbb\xbfa\r\n\r\nb\nc"))
	var got []string
	for {
		line, n, err := l.Next()
		if err != nil {
			break
		}
		got = append(got, string(line)+"@"+string(rune('0'+n)))
	}
	if diff := cmp.Diff([]string{"a@1", "@2", "b@3", "c@4"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLinesLong reads lines longer than the reader's buffer (gathered
// across ReadSlice calls) between short ones, with and without a final
// newline, and checks each line is returned whole.
func TestLinesLong(t *testing.T) {
	for _, size := range []int{100, 65535, 65536, 65537, 200_000} { // the reader buffers 64 KiB
		long := strings.Repeat("x", size-1) + "y"
		for _, tail := range []string{"\n", ""} {
			in := "a\n" + long + "\r\nb\n" + long + tail
			l := NewLines(strings.NewReader(in))
			var got []string
			for {
				line, _, err := l.Next()
				if err != nil {
					break
				}
				got = append(got, string(line))
			}
			if diff := cmp.Diff([]string{"a", long, "b", long}, got); diff != "" {
				t.Errorf("size %d tail %q: (-want +got):\n%.300s", size, tail, diff)
			}
		}
	}
}

func TestDocument(t *testing.T) {
	got := Document("ofac", "ofac-1", vetgraph.SchemaPassport, "AB 12-34", "Iran")
	want := vetgraph.Record{Key: vetgraph.RecordKey{Source: "ofac", ID: "ofac-1-passport-ab1234"}, Schema: "Passport",
		Properties: vetgraph.Properties{"holder": {"ofac-1"}, "number": {"AB 12-34"}, "country": {"Iran"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	recs := AddDocument(nil, got)
	recs = AddDocument(recs, Document("ofac", "ofac-1", vetgraph.SchemaPassport, "AB1234", "Iraq"))
	if len(recs) != 1 || len(recs[0].Properties["country"]) != 2 {
		t.Errorf("AddDocument did not merge: %+v", recs)
	}
}

func FuzzJSONPath(f *testing.F) {
	f.Add([]byte(`{"id":"x","properties":{"name":["a","b"]}}`), 20)
	f.Add([]byte("[1,{\"a\":[\"\xff\"]}]"), 9)
	f.Add([]byte(`}]`), 0)
	f.Fuzz(func(t *testing.T, data []byte, off int) {
		_ = JSONPath(data, off) // must not panic, whatever the input
		if o := InvalidUTF8(data); o >= len(data) {
			t.Fatalf("InvalidUTF8 = %d beyond %d bytes", o, len(data))
		}
		if d, ok := ParseISO(string(data)); ok {
			if again, ok2 := ParseISO(d.String()); !ok2 || again != d {
				t.Fatalf("ParseISO(%q) = %v does not round-trip", data, d)
			}
		}
	})
}
