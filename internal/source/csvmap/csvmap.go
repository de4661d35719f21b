// Package csvmap reads CSV files with a header row through a mapping file
// that says which FtM schema the rows are, which column is the record id and
// which column feeds which FtM property.
//
// # Mapping file
//
// A mapping is JSON (see testdata/febrl.json and testdata/splink.json):
//
//	{
//	  "schema": "Person",                  // FtM schema of every row (required)
//	  "id": "rec_id",                      // column holding the record id (required)
//	  "id_prefix": "",                     // prepended to every id
//	  "source": "febrl",                   // Key.Source unless the caller gives one
//	  "delimiter": ",",                    // one character; default ","
//	  "columns": [                         // column → property, in order
//	    {"column": "given_name", "property": "firstName"},
//	    {"column": "date_of_birth", "property": "birthDate",
//	     "date_format": "YYYYMMDD",        // parse and write as FtM YYYY-MM-DD
//	     "invalid": "keep"}                // unparseable date: "error" (default), "keep" raw, or "drop"
//	  ],
//	  "join": [                            // several columns → one value
//	    {"property": "name", "columns": ["given_name", "surname"], "separator": " "}
//	  ],
//	  "constants": {"country": ["au"]},   // added to every record
//	  "ignore": ["cluster"]                // columns deliberately left out
//	}
//
// A column may feed several properties (list it more than once). Every header
// column must be the id, mapped, joined or ignored, so nothing in the input is
// dropped without the mapping saying so. Header names and values are trimmed
// of surrounding white space (FEBRL writes ", " between fields); empty values
// are left out. Date formats: YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY,
// DD-MM-YYYY, MM/DD/YYYY, YYYY. Valid time comes from startDate/endDate (or
// an Event's date) as in every reader.
//
// Errors are Invalid *vetgraph.Error values: for the mapping, the mapping
// file and the JSON field; for the data, the CSV file, its line and the
// column name.
package csvmap

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// Format is the format name, and the source of records when neither the
// caller nor the mapping names one.
const Format = "csv"

const op = "csvmap.Read"

// Column maps one CSV column onto one FtM property.
type Column struct {
	Column     string `json:"column"`
	Property   string `json:"property"`
	DateFormat string `json:"date_format,omitempty"`
	// Invalid says what to do with a value DateFormat cannot parse:
	// "error" (the default), "keep" it as it is, or "drop" it.
	Invalid string `json:"invalid,omitempty"`
}

// Join builds one property value from several columns.
type Join struct {
	Property  string   `json:"property"`
	Columns   []string `json:"columns"`
	Separator string   `json:"separator,omitempty"` // default " "
}

// Mapping is a parsed mapping file.
type Mapping struct {
	Schema    string              `json:"schema"`
	ID        string              `json:"id"`
	IDPrefix  string              `json:"id_prefix,omitempty"`
	Source    string              `json:"source,omitempty"`
	Delimiter string              `json:"delimiter,omitempty"`
	Columns   []Column            `json:"columns"`
	Join      []Join              `json:"join,omitempty"`
	Constants map[string][]string `json:"constants,omitempty"`
	Ignore    []string            `json:"ignore,omitempty"`
}

// LoadMapping parses and checks a mapping file; name names it in errors.
func LoadMapping(r io.Reader, name string) (Mapping, error) {
	const op = "csvmap.LoadMapping"
	data, err := io.ReadAll(r)
	if err != nil {
		return Mapping{}, vetgraph.Errorf(vetgraph.Internal, op, "reading %s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if off := parse.InvalidUTF8(data); off >= 0 {
		return Mapping{}, parse.Err(op, name, 0, parse.JSONPath(data, off), "invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, parse.Err(op, name, 0, "", "not a mapping: %v", err)
	}
	bad := func(field, format string, args ...any) (Mapping, error) {
		return Mapping{}, parse.Err(op, name, 0, field, format, args...)
	}
	if m.Schema == "" {
		return bad("schema", "missing schema")
	}
	if m.ID == "" {
		return bad("id", "missing id column")
	}
	if m.Delimiter != "" && utf8.RuneCountInString(m.Delimiter) != 1 {
		return bad("delimiter", "want one character, got %q", m.Delimiter)
	}
	for i, c := range m.Columns {
		field := fmt.Sprintf("columns.%d", i)
		if c.Column == "" || c.Property == "" {
			return bad(field, "want column and property")
		}
		if c.DateFormat != "" && !parse.KnownLayout(c.DateFormat) {
			return bad(field+".date_format", "unknown date format %q", c.DateFormat)
		}
		switch c.Invalid {
		case "", "error", "keep", "drop":
		default:
			return bad(field+".invalid", "want error, keep or drop, got %q", c.Invalid)
		}
	}
	for i, j := range m.Join {
		if j.Property == "" || len(j.Columns) == 0 {
			return bad(fmt.Sprintf("join.%d", i), "want property and columns")
		}
	}
	return m, nil
}

// plan is a mapping resolved against one header.
type plan struct {
	id    int
	cols  []int // index per m.Columns
	joins [][]int
	names []string // header names
}

func (m *Mapping) plan(header []string, file string, line int) (plan, error) {
	idx := map[string]int{}
	for i, h := range header {
		h, ok := parse.Clean(h)
		if !ok {
			return plan{}, parse.Err(op, file, line, fmt.Sprintf("column %d", i+1), "invalid UTF-8 in header")
		}
		if h == "" {
			return plan{}, parse.Err(op, file, line, fmt.Sprintf("column %d", i+1), "empty column name")
		}
		if _, dup := idx[h]; dup {
			return plan{}, parse.Err(op, file, line, h, "column %q repeated", h)
		}
		idx[h] = i
		header[i] = h
	}
	used := map[string]bool{}
	find := func(name string) (int, error) {
		i, ok := idx[name]
		if !ok {
			return 0, parse.Err(op, file, line, name, "mapped column %q not in header %v", name, header)
		}
		used[name] = true
		return i, nil
	}
	p := plan{names: header}
	var err error
	if p.id, err = find(m.ID); err != nil {
		return plan{}, err
	}
	for _, c := range m.Columns {
		i, err := find(c.Column)
		if err != nil {
			return plan{}, err
		}
		p.cols = append(p.cols, i)
	}
	for _, j := range m.Join {
		var is []int
		for _, c := range j.Columns {
			i, err := find(c)
			if err != nil {
				return plan{}, err
			}
			is = append(is, i)
		}
		p.joins = append(p.joins, is)
	}
	for _, c := range m.Ignore {
		used[c] = true
	}
	for _, h := range header {
		if !used[h] {
			return plan{}, parse.Err(op, file, line, h, "column %q is neither mapped nor ignored", h)
		}
	}
	return p, nil
}

// Read returns one record per data row of the CSV in r, mapped by m. file
// names the input in errors; source, when not empty, is every record's
// Key.Source (else m.Source, else "csv"). The stream ends at the first error.
func Read(r io.Reader, file string, m Mapping, source string) iter.Seq2[vetgraph.Record, error] {
	if source == "" {
		source = m.Source
	}
	if source == "" {
		source = Format
	}
	return func(yield func(vetgraph.Record, error) bool) {
		cr := csv.NewReader(parse.BOMReader(r))
		cr.FieldsPerRecord = 0 // every row as wide as the header
		cr.TrimLeadingSpace = true
		cr.ReuseRecord = true
		if m.Delimiter != "" {
			cr.Comma, _ = utf8.DecodeRuneInString(m.Delimiter)
		}
		var p plan
		first := true
		for {
			row, err := cr.Read()
			if err == io.EOF {
				if first {
					yield(vetgraph.Record{}, parse.Err(op, file, 1, "", "no header row"))
				}
				return
			}
			if err != nil {
				var pe *csv.ParseError
				switch {
				case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
					yield(vetgraph.Record{}, parse.Err(op, file, pe.Line, "", "%d fields, the header has %d", len(row), len(p.names)))
				case errors.As(err, &pe):
					yield(vetgraph.Record{}, parse.Err(op, file, pe.Line, "", "column %d: %v", pe.Column, pe.Err))
				default:
					yield(vetgraph.Record{}, vetgraph.Errorf(vetgraph.Internal, op, "reading %s: %w", file, err))
				}
				return
			}
			line, _ := cr.FieldPos(0)
			if first {
				first = false
				if p, err = m.plan(append([]string(nil), row...), file, line); err != nil {
					yield(vetgraph.Record{}, err)
					return
				}
				continue
			}
			rec, err := m.record(p, row, file, line, source)
			if err != nil {
				yield(vetgraph.Record{}, err)
				return
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

func (m *Mapping) record(p plan, row []string, file string, line int, source string) (vetgraph.Record, error) {
	vals := make([]string, len(row))
	for i, v := range row {
		c, ok := parse.Clean(v)
		if !ok {
			return vetgraph.Record{}, parse.Err(op, file, line, p.names[i], "invalid UTF-8")
		}
		vals[i] = c
	}
	id := vals[p.id]
	if id == "" {
		return vetgraph.Record{}, parse.Err(op, file, line, p.names[p.id], "empty id")
	}
	props := vetgraph.Properties{}
	for k, v := range m.Constants {
		props.Add(k, v...)
	}
	for ci, c := range m.Columns {
		v := vals[p.cols[ci]]
		if v != "" && c.DateFormat != "" {
			if d, ok := parse.ParseLayout(v, c.DateFormat); ok {
				v = d.String()
			} else {
				switch c.Invalid {
				case "keep":
				case "drop":
					v = ""
				default:
					return vetgraph.Record{}, parse.Err(op, file, line, c.Column, "%q is not a date in format %s", v, c.DateFormat)
				}
			}
		}
		props.Add(c.Property, v)
	}
	for ji, j := range m.Join {
		var parts []string
		for _, i := range p.joins[ji] {
			if vals[i] != "" {
				parts = append(parts, vals[i])
			}
		}
		sep := j.Separator
		if sep == "" {
			sep = " "
		}
		props.Add(j.Property, strings.Join(parts, sep))
	}
	rec := vetgraph.Record{
		Key:        vetgraph.RecordKey{Source: source, ID: m.IDPrefix + id},
		Schema:     m.Schema,
		Properties: props,
	}
	rec.ValidFrom, rec.ValidTo = parse.ValidTime(props)
	return rec, nil
}
