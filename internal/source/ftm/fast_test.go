package ftm

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/source/ofac"
	"vetgraph/internal/source/un"
	"vetgraph/internal/synth"
)

const dataDir = "../../../../shared/data"

// errFields is what a caller can see of a decoding error.
type errFields struct {
	Text             string
	Code             vetgraph.Code
	File, Field, Msg string
	Line             int
}

func fields(err error) *errFields {
	if err == nil {
		return nil
	}
	f := &errFields{Text: err.Error()}
	var e *vetgraph.Error
	if errors.As(err, &e) {
		f.Code, f.File, f.Field, f.Msg, f.Line = e.Code, e.File, e.Field, e.Msg, e.Line
	}
	return f
}

// checkSame decodes line both ways, with no source and with a given one,
// fails t when the results differ, and reports whether the fast path took
// the line.
func checkSame(t testing.TB, d *decoder, line []byte) (handled bool) {
	t.Helper()
	for _, source := range []string{"", "given"} {
		want, werr := decodeLineStd(line, "in.jsonl", 7, source)
		got, gerr := d.decodeLine(line, "in.jsonl", 7, source)
		if diff := cmp.Diff(fields(werr), fields(gerr)); diff != "" {
			t.Fatalf("%q (source %q): error (-std +fast):\n%s", line, source, diff)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%q (source %q): record (-std +fast):\n%s", line, source, diff)
		}
		if source == "" {
			_, ok := d.decode(line, source)
			handled = ok && utf8.Valid(line) // decodeLine's condition
		}
	}
	return handled
}

// tricky are lines at the edges of the fast path; handled says whether it
// should take them (else it must leave them to encoding/json).
var tricky = []struct {
	line    string
	handled bool
}{
	{`{"id":"a","schema":"Person"}`, true},
	{`{"id":"a","schema":"Person","properties":{}}`, true},
	{`{"id":"a","schema":"Person","properties":{},"datasets":[]}`, true},
	{` { "id" : "a" , "schema" : "Person" , "properties" : { "name" : [ "x" , "y" ] } , "datasets" : [ "d" , "e" ] } `, true},
	{"\t{\r\n\"id\"\t:\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"x\"\n]}}\r", true},
	{`{"id":"a","schema":"Person","properties":{"name":["a\"b","c\\d","e\/f","\b\f\n\r\t"]}}`, true},
	{`{"id":"a","schema":"Person","properties":{"name":["\u00e9t\u00C9","\u0416\u0436","\ud83d\ude00 smile","\u0000nul"]}}`, true},
	{`{"id":"\u0020 a \u00a0","schema":" Person ","properties":{"name":["  x  ","x","\u00a0x"," ","", "\u2028"]}}`, true},
	{`{"id":"a","schema":"Vessel","properties":{"flag":["pa"],"customProp":["v"],"name":["Ever Given"]}}`, true},
	{`{"id":"a","schema":"NotASchema","properties":{"name":["x","x","y","x"]}}`, true},
	{`{"id":"a","schema":"Person","caption":"A","referents":["x",{"k":[1,-2.5e+3,true,false,null,{}]}],"first_seen":"2024","n":0,"m":-0.0,"e":1E9,"properties":{"name":["A"]}}`, true},
	{`{"id":"a","schema":"Person","datasets":["  "],"properties":{}}`, true},
	{`{"id":"a","schema":"Person","datasets":[" ds ","\ud800"],"properties":{}}`, true},
	{`{"id":"a","schema":"Person","x":"\ud800 lone in a skipped string"}`, true},
	{`{"id":"a","schema":"Person","properties":{"name":["\ud800"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["\udc00\ud800"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["\ud83dx"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["\x"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["\u12"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"n\u0061me":["x"]}}`, false},
	{`{"i\u0064":"a","schema":"Person"}`, false},
	{`{"ID":"a","schema":"Person"}`, false},
	{`{"id":"a","ID":"b","schema":"Person"}`, false},
	{`{"id":"a","Schema":"Person"}`, false},
	{`{"id":"a","schema":"Person","ſchema":"Company"}`, false},
	{`{"id":"a","schema":"Person","PROPERTIES":{"name":["x"]}}`, false},
	{`{"id":"a","schema":"Person","Datasets":["ds"]}`, false},
	{`{"id":"a","id":"b","schema":"Person"}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["x"]},"properties":{"alias":["y"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["x"],"name":["y"]}}`, false},
	{`{"id":"a","schema":"Person","datasets":["x"],"datasets":["y"]}`, false},
	{`{"id":null,"schema":"Person"}`, false},
	{`{"id":"a","schema":"Person","properties":null}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":null}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":[null,"x"]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":[1]}}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":"x"}}`, false},
	{`{"id":"a","schema":"Person","properties":{"":["x"]}}`, false},
	{`{"id":"a","schema":"Person","datasets":null}`, false},
	{`{"id":"a","schema":"Person","datasets":[1]}`, false},
	{`{"id":"a","schema":"Person","datasets":["x",1]}`, false},
	{`{"id":7,"schema":"Person"}`, false},
	{`{"id":" ","schema":"Person"}`, false},
	{`{"id":"a","schema":""}`, false},
	{`{"id":"a"}`, false},
	{`{"schema":"Person"}`, false},
	{`{}`, false},
	{`[]`, false},
	{`null`, false},
	{``, false},
	{`{"id":"a","schema":"Person"} x`, false},
	{`{"id":"a","schema":"Person"}{}`, false},
	{`{"id":"a","schema":"Person",}`, false},
	{`{"id":"a","schema":"Person","properties":{"name":["x",]}}`, false},
	{`{"id":"a","schema":"Person","x":01}`, false},
	{`{"id":"a","schema":"Person","x":1.}`, false},
	{`{"id":"a","schema":"Person","x":-}`, false},
	{`{"id":"a","schema":"Person","x":1e}`, false},
	{`{"id":"a","schema":"Person","x":+1}`, false},
	{`{"id":"a","schema":"Person","x":tru}`, false},
	{`{"id":"a","schema":"Person","x":truex}`, false},
	{`{"id":"a","schema":"Person","x":[1 2]}`, false},
	{`{"id":"a","schema":"Person","x":{"k" 1}}`, false},
	{`{"id":"a","schema":"Person","x":{1:2}}`, false},
	{`{"id":"a","schema":"Person","x":"` + "\x01" + `"}`, false},
	{"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"a\tb\"]}}", false},
	{"{\"id\":\"a\",\"schema\":\"Person\"\v}", false},
	{"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xff\"]}}", false},
	{`{"id":"a","schema":"Person","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, false},
	{`{"id":"a","schema":"Person","x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}`, true},
	{`{"id":"a","schema":"Person","x":` + strings.Repeat("[", 20) + strings.Repeat("]", 19) + `}`, false},
	{`{"id":"m","schema":"Membership","properties":{"startDate":["2023"],"endDate":["2024-06-30","2022"]}}`, true},
	{`{"id":"e","schema":"Event","properties":{"date":["2024-05-01","bad","2023"]}}`, true},
}

func TestFastDecodeTricky(t *testing.T) {
	var d decoder
	for _, tt := range tricky {
		if got := checkSame(t, &d, []byte(tt.line)); got != tt.handled {
			t.Errorf("%q: handled = %v, want %v", tt.line, got, tt.handled)
		}
	}
}

// checkLines decodes every line of data both ways and returns how many
// the fast path took.
func checkLines(t testing.TB, data []byte) (lines, handled int) {
	t.Helper()
	var d decoder
	for line := range bytes.Lines(data) {
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if isBlank(line) {
			continue
		}
		lines++
		if checkSame(t, &d, line) {
			handled++
		}
	}
	return lines, handled
}

func TestFastDecodeTestdata(t *testing.T) {
	for _, name := range []string{"testdata/sample.jsonl", "testdata/bom_crlf.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		if n, h := checkLines(t, data); h != n {
			t.Errorf("%s: fast path took %d of %d lines", name, h, n)
		}
	}
	if n, h := checkLines(t, synthetic(100)); h != n {
		t.Errorf("synthetic: fast path took %d of %d lines", h, n)
	}
}

type memSink map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (m memSink) Create(name string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	m[name] = b
	return nopCloser{b}, nil
}

// TestFastDecodeSynth: every FtM line of a generated scenario decodes the
// same both ways, all of them on the fast path.
func TestFastDecodeSynth(t *testing.T) {
	persons := 2000
	if testing.Short() {
		persons = 200
	}
	sink := memSink{}
	if _, err := synth.Generate(context.Background(), synth.DefaultConfig(7, persons), sink); err != nil {
		t.Fatal(err)
	}
	total := 0
	for name, b := range sink {
		if !strings.HasSuffix(name, ".ftm.jsonl") {
			continue
		}
		n, h := checkLines(t, b.Bytes())
		if h != n {
			t.Errorf("%s: fast path took %d of %d lines", name, h, n)
		}
		total += n
	}
	if total == 0 {
		t.Fatal("no FtM lines generated")
	}
}

// TestFastDecodeRealData writes the real watchlists (OFAC, UN) as FtM and
// decodes every line both ways.
func TestFastDecodeRealData(t *testing.T) {
	var recs []vetgraph.Record
	add := func(seq func(func(vetgraph.Record, error) bool)) {
		for r, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, r)
		}
	}
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dataDir, name))
		if err != nil {
			t.Skip(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	ofacDir := "watchlists/ofac-2021/"
	add(ofac.Read(open(ofacDir+"sdn.csv"), "sdn.csv", "", ofac.Companions{
		Alt:      ofac.File{Name: "alt.csv", R: open(ofacDir + "alt.csv")},
		Add:      ofac.File{Name: "add.csv", R: open(ofacDir + "add.csv")},
		Comments: ofac.File{Name: "sdn_comments.csv", R: open(ofacDir + "sdn_comments.csv")},
	}))
	add(un.Read(open("watchlists/un-consolidated.xml"), "un.xml", ""))
	var buf bytes.Buffer
	if err := Write(&buf, recs...); err != nil {
		t.Fatal(err)
	}
	n, h := checkLines(t, buf.Bytes())
	t.Logf("%d records, %d lines, %d on the fast path", len(recs), n, h)
	if n != len(recs) || h != n {
		t.Errorf("fast path took %d of %d lines (%d records)", h, n, len(recs))
	}
}

// TestFastDecodeCompact: a record's id, source and values share one
// allocation that holds nothing else (not the skipped keys, not the line),
// and the line buffer can be reused.
func TestFastDecodeCompact(t *testing.T) {
	line := []byte(`{"id":" p-1 ","schema":"Person","caption":"` + strings.Repeat("c", 4096) +
		`","datasets":["intel","other"],"properties":{"name":["  Ali ","Ali","Вали\n"],"customProp":["x"],"birthDate":[""]}}`)
	var d decoder
	rec, ok := d.decode(line, "")
	if !ok {
		t.Fatal("fast path declined")
	}
	strs := []string{rec.Key.ID, rec.Key.Source}
	for _, vs := range rec.Properties {
		strs = append(strs, vs...)
	}
	lo, hi, sum := ^uintptr(0), uintptr(0), uintptr(0)
	for _, s := range strs {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		lo, hi, sum = min(lo, p), max(hi, p+uintptr(len(s))), sum+uintptr(len(s))
	}
	if hi-lo != sum {
		t.Errorf("strings span %d bytes, hold %d", hi-lo, sum)
	}
	for i := range line {
		line[i] = 'x'
	}
	want := vetgraph.Record{Key: vetgraph.RecordKey{Source: "intel", ID: "p-1"}, Schema: "Person",
		Properties: vetgraph.Properties{"name": {"Ali", "Вали"}, "customProp": {"x"}}}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("record after the line was overwritten (-want +got):\n%s", diff)
	}
	// Appending to one property must not reach into another's values.
	rec.Properties.Add("name", "Z")
	if diff := cmp.Diff([]string{"x"}, rec.Properties["customProp"]); diff != "" {
		t.Errorf("customProp after adding a name (-want +got):\n%s", diff)
	}
}

// TestFastDecodeAllocs is the allocation budget of a typical Person line:
// the string of kept bytes, the value slice, the map and its table.
func TestFastDecodeAllocs(t *testing.T) {
	line := bytes.TrimSpace(synthetic(1))
	var d decoder
	d.decode(line, "")
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok := d.decode(line, ""); !ok {
			t.Fatal("fast path declined")
		}
	})
	t.Logf("%v allocations a line", allocs)
	if allocs > 4 {
		t.Errorf("%v allocations a line, want at most 4", allocs)
	}
}

func FuzzFastDecode(f *testing.F) {
	for _, name := range []string{"testdata/sample.jsonl", "testdata/bom_crlf.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for line := range bytes.Lines(data) {
			f.Add(bytes.TrimRight(line, "\r\n"))
		}
	}
	for _, tt := range tricky {
		f.Add([]byte(tt.line))
	}
	f.Add(bytes.TrimSpace(synthetic(1)))
	f.Fuzz(func(t *testing.T, line []byte) {
		var d decoder
		checkSame(t, &d, line)
		// Reusing the decoder gives the same again.
		checkSame(t, &d, line)
	})
}
