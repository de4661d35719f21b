// Package ftm reads and writes FollowTheMoney (FtM) JSON Lines, the entity
// format of OpenSanctions and Aleph: one JSON object a line,
//
//	{"id": "...", "schema": "Person", "properties": {"name": ["..."], ...}}
//
// It owns the mapping of those lines onto vetgraph.Record values (Key.ID is
// the FtM id, Schema and Properties are kept as they are, every property
// included) and the encoder that writes records back out, so that read →
// write → read gives the same records.
//
// The keys "caption", "datasets", "referents", "first_seen", "last_seen",
// "last_change" and any other unknown key are accepted and ignored, except
// that the first of "datasets" is the record's source when the caller gives
// none. Values are trimmed of surrounding white space (NBSP inside a value
// is kept as data); empty values and repeated values are dropped. Valid time
// comes from startDate/endDate, or from "date" (an Event's encounter date):
// ValidFrom is the start of the earliest date, ValidTo the end (exclusive)
// of the latest.
//
// Top-level keys are matched as encoding/json matches struct fields (an
// exact "id" is preferred; "ID" is accepted). Errors are Invalid
// *vetgraph.Error values naming the file, the line and
// the field: a line that is not a JSON object, a missing or non-string id
// or schema, a property that is not an array of strings, invalid UTF-8.
package ftm

import (
	"bufio"
	"encoding/json"
	"io"
	"iter"
	"unicode/utf8"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// Format is the format name, and the source of records that name none.
const Format = "ftm"

const op = "ftm.Read"

// Read returns the records of the FtM JSON Lines in r, in file order. file
// names the input in errors. source, when not empty, is every record's
// Key.Source; otherwise the line's first dataset is, or "ftm". The stream
// ends at the first error, which is yielded with a zero Record.
func Read(r io.Reader, file, source string) iter.Seq2[vetgraph.Record, error] {
	return func(yield func(vetgraph.Record, error) bool) {
		lines := parse.NewLines(r)
		var d decoder
		for {
			line, n, err := lines.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(vetgraph.Record{}, vetgraph.Errorf(vetgraph.Internal, op, "reading %s: %w", file, err))
				return
			}
			if isBlank(line) {
				continue
			}
			rec, err := d.decodeLine(line, file, n, source)
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

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// fastLine is the shape of a well-formed line; a line that does not decode
// into it is decoded again, slowly, to name what is wrong.
type fastLine struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
}

// decodeLineStd decodes a line with encoding/json: the reference for the
// decoder's fast path and its fallback.
func decodeLineStd(line []byte, file string, n int, source string) (vetgraph.Record, error) {
	if !utf8.Valid(line) {
		off := parse.InvalidUTF8(line)
		return vetgraph.Record{}, parse.Err(op, file, n, parse.JSONPath(line, off), "invalid UTF-8 at byte %d", off+1)
	}
	var f fastLine
	if json.Unmarshal(line, &f) == nil {
		if rec, ok := fast(&f, source); ok {
			return rec, nil
		}
	}
	return slowLine(line, file, n, source)
}

// fast maps a decoded well-formed line; ok is false when the line needs the
// slow path's checks (a missing id or schema, an empty property name).
func fast(f *fastLine, source string) (vetgraph.Record, bool) {
	id, _ := parse.Clean(f.ID)
	schema, _ := parse.Clean(f.Schema)
	if id == "" || schema == "" {
		return vetgraph.Record{}, false
	}
	props := make(vetgraph.Properties, len(f.Properties))
	for name, vals := range f.Properties {
		if name == "" {
			return vetgraph.Record{}, false
		}
		for _, v := range vals {
			v, _ = parse.Clean(v)
			props.Add(name, v)
		}
	}
	if source == "" && len(f.Datasets) > 0 {
		source, _ = parse.Clean(f.Datasets[0])
	}
	if source == "" {
		source = Format
	}
	rec := vetgraph.Record{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: props}
	rec.ValidFrom, rec.ValidTo = parse.ValidTime(props)
	return rec, true
}

// slowLine decodes a line field by field and names the field that is wrong.
func slowLine(line []byte, file string, n int, source string) (vetgraph.Record, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(line, &top); err != nil {
		return vetgraph.Record{}, parse.Err(op, file, n, "", "not a JSON object: %v", err)
	}
	id, err := requiredString(top, "id", file, n)
	if err != nil {
		return vetgraph.Record{}, err
	}
	schema, err := requiredString(top, "schema", file, n)
	if err != nil {
		return vetgraph.Record{}, err
	}
	props := vetgraph.Properties{}
	if raw, ok := top["properties"]; ok && string(raw) != "null" {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return vetgraph.Record{}, parse.Err(op, file, n, "properties", "want an object of property arrays")
		}
		for name, vraw := range m {
			field := "properties." + name
			if name == "" {
				return vetgraph.Record{}, parse.Err(op, file, n, field, "empty property name")
			}
			var vals []string
			if err := json.Unmarshal(vraw, &vals); err != nil {
				return vetgraph.Record{}, parse.Err(op, file, n, field, "want an array of strings")
			}
			for _, v := range vals {
				v, _ = parse.Clean(v) // the line is valid UTF-8
				props.Add(name, v)
			}
		}
	}
	if source == "" {
		var ds []string
		if raw, ok := top["datasets"]; ok && json.Unmarshal(raw, &ds) == nil && len(ds) > 0 {
			source, _ = parse.Clean(ds[0])
		}
		if source == "" {
			source = Format
		}
	}
	rec := vetgraph.Record{
		Key:        vetgraph.RecordKey{Source: source, ID: id},
		Schema:     schema,
		Properties: props,
	}
	rec.ValidFrom, rec.ValidTo = parse.ValidTime(props)
	return rec, nil
}

func requiredString(top map[string]json.RawMessage, key, file string, n int) (string, error) {
	raw, ok := top[key]
	if !ok {
		return "", parse.Err(op, file, n, key, "missing %q", key)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", parse.Err(op, file, n, key, "want a string")
	}
	s, _ = parse.Clean(s)
	if s == "" {
		return "", parse.Err(op, file, n, key, "empty %q", key)
	}
	return s, nil
}

// Encoder writes records as FtM JSON Lines: id, schema, properties (keys
// sorted) and "datasets" holding the record's source, so that reading the
// output back gives the same records.
type Encoder struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewEncoder returns an Encoder writing to w. Call Flush when done.
func NewEncoder(w io.Writer) *Encoder {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &Encoder{w: bw, enc: enc}
}

type line struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties vetgraph.Properties `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
}

// Encode writes one record as one line.
func (e *Encoder) Encode(rec vetgraph.Record) error {
	l := line{ID: rec.Key.ID, Schema: rec.Schema, Properties: rec.Properties}
	if l.Properties == nil {
		l.Properties = vetgraph.Properties{}
	}
	if rec.Key.Source != "" {
		l.Datasets = []string{rec.Key.Source}
	}
	if err := e.enc.Encode(l); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "ftm.Encode", "writing %s: %w", rec.Key, err)
	}
	return nil
}

// Flush writes any buffered output.
func (e *Encoder) Flush() error {
	if err := e.w.Flush(); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "ftm.Encode", "flushing: %w", err)
	}
	return nil
}

// Write writes recs to w as FtM JSON Lines.
func Write(w io.Writer, recs ...vetgraph.Record) error {
	e := NewEncoder(w)
	for _, r := range recs {
		if err := e.Encode(r); err != nil {
			return err
		}
	}
	return e.Flush()
}
