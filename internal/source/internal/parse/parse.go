// Package parse holds what every vetgraph reader shares: located input
// errors, value cleaning (BOM, CRLF, surrounding whitespace, UTF-8
// validation), line reading, partial dates and valid time, and the ids of the
// identity documents readers derive from a subject. It owns no format.
package parse

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"vetgraph"
)

// Err returns an Invalid *vetgraph.Error located at file, line and field.
func Err(op, file string, line int, field, format string, args ...any) *vetgraph.Error {
	e := vetgraph.Errorf(vetgraph.Invalid, op, format, args...)
	e.File, e.Line, e.Field = file, line, field
	return e
}

// Clean trims surrounding white space (including NBSP at the edges) from s.
// ok is false when s is not valid UTF-8; such a value must be rejected, never
// repaired.
func Clean(s string) (v string, ok bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	return strings.TrimSpace(s), true
}

// BOMReader returns a buffered reader over r with a leading UTF-8 byte order
// mark removed.
func BOMReader(r io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	return br
}

// Lines reads lines of any length, without their "\n" or "\r\n", and
// counts them from 1.
type Lines struct {
	r    *bufio.Reader
	n    int
	long []byte // reused for a line longer than the reader's buffer
}

// NewLines returns a line reader over r (a leading BOM is dropped).
func NewLines(r io.Reader) *Lines { return &Lines{r: BOMReader(r)} }

// Next returns the next line and its 1-based number, or io.EOF after the
// last. The returned slice is valid until the next call.
func (l *Lines) Next() ([]byte, int, error) {
	// ReadSlice returns the reader's own buffer: no allocation a line. A line
	// longer than the buffer is gathered in l.long.
	line, err := l.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = l.r.ReadSlice('\n')
			l.long = append(l.long, line...)
		}
		line = l.long
	}
	if len(line) == 0 && err != nil {
		return nil, l.n, err
	}
	l.n++
	line = bytes.TrimSuffix(line, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if err != nil && err != io.EOF {
		return nil, l.n, err
	}
	return line, l.n, nil
}

// Date is a possibly partial calendar date: Month and Day are zero when
// unknown.
type Date struct{ Year, Month, Day int }

// String formats d as FtM does: YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch {
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Start returns the first instant of the period d names, in UTC.
func (d Date) Start() time.Time {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// End returns the first instant after the period d names (an exclusive
// bound), in UTC.
func (d Date) End() time.Time {
	s := d.Start()
	switch {
	case d.Month == 0:
		return s.AddDate(1, 0, 0)
	case d.Day == 0:
		return s.AddDate(0, 1, 0)
	}
	return s.AddDate(0, 0, 1)
}

// MakeDate validates year, month and day (month and day may be zero for a
// partial date; day needs month).
func MakeDate(y, m, d int) (Date, bool) {
	if y < 1 || y > 9999 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0) {
		return Date{}, false
	}
	if d > 0 && d > daysIn(y, m) {
		return Date{}, false
	}
	return Date{y, m, d}, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseISO parses YYYY, YYYY-MM or YYYY-MM-DD; a longer ISO timestamp
// ("2021-03-04T12:00:00Z") gives its date.
func ParseISO(s string) (Date, bool) {
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	switch len(s) {
	case 4:
		return digitsDate(s, "", "")
	case 7:
		if s[4] == '-' {
			return digitsDate(s[:4], s[5:7], "")
		}
	case 10:
		if s[4] == '-' && s[7] == '-' {
			return digitsDate(s[:4], s[5:7], s[8:10])
		}
	}
	return Date{}, false
}

// ParseLayout parses s in one of the layouts YYYYMMDD, YYYY-MM-DD (partial
// ISO accepted), DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, DD-MM-YYYY or YYYY.
func ParseLayout(s, layout string) (Date, bool) {
	switch layout {
	case "YYYY-MM-DD", "ISO", "":
		return ParseISO(s)
	case "YYYYMMDD":
		if len(s) == 8 {
			return digitsDate(s[:4], s[4:6], s[6:])
		}
	case "YYYY":
		if len(s) == 4 {
			return digitsDate(s, "", "")
		}
	case "DD/MM/YYYY", "DD.MM.YYYY", "DD-MM-YYYY":
		if len(s) == 10 && s[2] == layout[2] && s[5] == layout[5] {
			return digitsDate(s[6:], s[3:5], s[:2])
		}
	case "MM/DD/YYYY":
		if len(s) == 10 && s[2] == '/' && s[5] == '/' {
			return digitsDate(s[6:], s[:2], s[3:5])
		}
	}
	return Date{}, false
}

// KnownLayout reports whether ParseLayout understands layout.
func KnownLayout(layout string) bool {
	switch layout {
	case "YYYY-MM-DD", "ISO", "", "YYYYMMDD", "YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "DD-MM-YYYY", "MM/DD/YYYY":
		return true
	}
	return false
}

func digitsDate(y, m, d string) (Date, bool) {
	yi, ok1 := atoi(y)
	mi, ok2 := atoi(m)
	di, ok3 := atoi(d)
	if !ok1 || !ok2 || !ok3 {
		return Date{}, false
	}
	return MakeDate(yi, mi, di)
}

// atoi parses ASCII digits; "" is 0.
func atoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// Month returns the month number of an English month name or its
// three-letter abbreviation (any case, a trailing "." allowed), or 0.
func Month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	m := months[s[:3]]
	if m == 0 {
		return 0
	}
	full := [...]string{"", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	if len(s) > 3 && s != full[m] && !(m == 9 && s == "sept") {
		return 0
	}
	return m
}

// ValidTime derives a record's valid time from its properties: startDate
// (the earliest) and endDate (the latest, as an exclusive bound after the
// period it names); when there is no startDate or endDate, "date" (Event,
// Payment) gives both. Values that are not FtM dates leave the side
// unbounded.
func ValidTime(p vetgraph.Properties) (from, to time.Time) {
	starts, ends := p["startDate"], p["endDate"]
	if len(starts) == 0 && len(ends) == 0 {
		starts, ends = p["date"], p["date"]
	}
	for _, s := range starts {
		if d, ok := ParseISO(s); ok && (from.IsZero() || d.Start().Before(from)) {
			from = d.Start()
		}
	}
	for _, s := range ends {
		if d, ok := ParseISO(s); ok && d.End().After(to) {
			to = d.End()
		}
	}
	return from, to
}

// DocID returns the record id of an identity document a reader derives from
// a subject: "<holder>-<kind>-<number>", the number reduced to its letters and
// digits, so the same document read twice gets the same id.
func DocID(holder, kind, number string) string {
	var b strings.Builder
	b.WriteString(holder)
	b.WriteByte('-')
	b.WriteString(kind)
	b.WriteByte('-')
	for _, r := range number {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Document returns an FtM identity-document record (schema Passport or
// Identification) of holder, with its number and, when known, its country.
func Document(source, holder, schema, number, country string) vetgraph.Record {
	kind := "id"
	if schema == vetgraph.SchemaPassport {
		kind = "passport"
	}
	p := vetgraph.Properties{}
	p.Add("holder", holder)
	p.Add("number", number)
	p.Add("country", country)
	return vetgraph.Record{
		Key:        vetgraph.RecordKey{Source: source, ID: DocID(holder, kind, number)},
		Schema:     schema,
		Properties: p,
	}
}

// AddDocument appends doc to recs unless a record with its key is there
// already, in which case doc's properties are merged into that one.
func AddDocument(recs []vetgraph.Record, doc vetgraph.Record) []vetgraph.Record {
	for _, r := range recs {
		if r.Key == doc.Key {
			for k, v := range doc.Properties {
				r.Properties.Add(k, v...)
			}
			return recs
		}
	}
	return append(recs, doc)
}
