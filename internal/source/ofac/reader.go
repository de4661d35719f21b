// Package ofac reads the US Treasury OFAC SDN list in its legacy header-less
// CSV form: sdn.csv (the entries), alt.csv (their aliases), add.csv (their
// addresses) and, when present, sdn_comments.csv (remarks too long for
// sdn.csv, continued). The reader (this file) turns the files into rows; the
// mapper (mapper.go) turns one entry with its aliases and addresses into
// FtM-shaped records.
//
// Mapping: individuals become Person (OFAC writes "LAST, First": name is
// reordered to "First LAST", with firstName and lastName), entities
// Organization, vessels Vessel and aircraft Airplane. Key.ID is
// "ofac-<ent_num>". Every alt.csv alias (a.k.a., f.k.a., n.k.a.) becomes an
// alias; the quoted a.k.a.s OFAC lists only in the remarks become weakAlias.
// The remarks give birthDate (partial dates; "circa 1954" gives "1954"; a
// range gives both ends), birthPlace, nationality, citizenship, gender,
// passportNumber and idNumber (each with a Passport or Identification record
// holding the issuing country), taxNumber, email, phone, website, imoNumber
// and mmsi; the whole remarks text is kept in notes. Every entry has topic
// "sanction", plus "crime.terror" under a terrorism program (SDGT, SDT, FTO,
// HIFPAA); its programs are in "program".
//
// "-0-" means empty. A trailing DOS end-of-file byte (0x1A) is ignored.
// Errors are Invalid *vetgraph.Error values naming the file, the line and
// the column.
package ofac

import (
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// Format is the format name, and the default record source.
const Format = "ofac"

const op = "ofac.Read"

// File is one named input.
type File struct {
	Name string
	R    io.Reader
}

// Companions are the files that go with sdn.csv; a nil R means absent.
type Companions struct {
	Alt      File // alt.csv
	Add      File // add.csv
	Comments File // sdn_comments.csv
}

// Column names, used in errors.
var (
	sdnCols      = []string{"ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type", "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks"}
	altCols      = []string{"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"}
	addCols      = []string{"ent_num", "add_num", "address", "city_state_zip", "country", "add_remarks"}
	commentsCols = []string{"ent_num", "Remarks"}
)

// row is one cleaned CSV row: "-0-" is "", values trimmed.
type row struct {
	line   int
	entNum int
	f      []string
}

// rows reads a header-less OFAC CSV file whose rows have exactly len(cols)
// fields (sdn_comments.csv: at least 2, the rest joined).
func rows(f File, cols []string) iter.Seq2[row, error] {
	return func(yield func(row, error) bool) {
		r := csv.NewReader(parse.BOMReader(f.R))
		r.FieldsPerRecord = -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					yield(row{}, parse.Err(op, f.Name, pe.Line, "", "column %d: %v", pe.Column, pe.Err))
				} else {
					yield(row{}, vetgraph.Errorf(vetgraph.Internal, op, "reading %s: %w", f.Name, err))
				}
				return
			}
			line, _ := r.FieldPos(0)
			if len(rec) == 1 && (rec[0] == "\x1a" || rec[0] == "") {
				continue // DOS end-of-file marker
			}
			if len(rec) != len(cols) {
				yield(row{}, parse.Err(op, f.Name, line, "", "%d fields, want %d (%v)", len(rec), len(cols), cols))
				return
			}
			out := row{line: line, f: make([]string, len(rec))}
			for i, v := range rec {
				c, ok := parse.Clean(v)
				if !ok {
					yield(row{}, parse.Err(op, f.Name, line, cols[i], "invalid UTF-8"))
					return
				}
				if c == "-0-" {
					c = ""
				}
				out.f[i] = c
			}
			n, err := strconv.Atoi(out.f[0])
			if err != nil || n <= 0 {
				yield(row{}, parse.Err(op, f.Name, line, cols[0], "ent_num %q is not a positive number", out.f[0]))
				return
			}
			out.entNum = n
			if !yield(out, nil) {
				return
			}
		}
	}
}

// companion reads one companion file into rows by ent_num.
func companion(f File, cols []string) (map[int][]row, error) {
	m := map[int][]row{}
	if f.R == nil {
		return m, nil
	}
	for r, err := range rows(f, cols) {
		if err != nil {
			return nil, err
		}
		m[r.entNum] = append(m[r.entNum], r)
	}
	return m, nil
}

// Read returns the records of the SDN list: for each sdn.csv entry, in file
// order, its subject record followed by the identity documents its remarks
// name. file names sdn in errors; source, when not empty, is every record's
// Key.Source (default "ofac"). The companion files are read first, whole
// (they are small); sdn.csv is streamed. An alias or address whose ent_num
// has no entry is an error. The stream ends at the first error.
func Read(sdn io.Reader, file, source string, c Companions) iter.Seq2[vetgraph.Record, error] {
	if source == "" {
		source = Format
	}
	return func(yield func(vetgraph.Record, error) bool) {
		alts, err := companion(c.Alt, altCols)
		if err != nil {
			yield(vetgraph.Record{}, err)
			return
		}
		adds, err := companion(c.Add, addCols)
		if err != nil {
			yield(vetgraph.Record{}, err)
			return
		}
		comments, err := companion(c.Comments, commentsCols)
		if err != nil {
			yield(vetgraph.Record{}, err)
			return
		}
		seen := map[int]bool{}
		for r, err := range rows(File{file, sdn}, sdnCols) {
			if err != nil {
				yield(vetgraph.Record{}, err)
				return
			}
			if seen[r.entNum] {
				yield(vetgraph.Record{}, parse.Err(op, file, r.line, "ent_num", "ent_num %d repeated", r.entNum))
				return
			}
			seen[r.entNum] = true
			e := entry{sdn: r, alts: alts[r.entNum], adds: adds[r.entNum]}
			for _, cm := range comments[r.entNum] {
				e.sdn.f[11] += cm.f[1]
			}
			recs, err := e.records(file, source)
			if err != nil {
				yield(vetgraph.Record{}, err)
				return
			}
			for _, rec := range recs {
				if !yield(rec, nil) {
					return
				}
			}
		}
		for _, m := range []struct {
			f    File
			rows map[int][]row
		}{{c.Alt, alts}, {c.Add, adds}, {c.Comments, comments}} {
			for _, n := range slices.Sorted(maps.Keys(m.rows)) {
				if rs := m.rows[n]; !seen[n] {
					yield(vetgraph.Record{}, parse.Err(op, m.f.Name, rs[0].line, "ent_num", "ent_num %d has no entry in %s", n, file))
					return
				}
			}
		}
	}
}
