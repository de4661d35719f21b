// Package source opens import files: it detects their format, digests them
// and streams their records through the reader of that format, one package
// per format:
//
//   - ftm: FollowTheMoney JSON Lines (OpenSanctions, Aleph), in and out;
//   - senzing: Senzing JSON records (flat attributes or a FEATURES list);
//   - csvmap: CSV with a mapping file naming schema, id column and properties;
//   - ofac: the OFAC SDN legacy CSV files (sdn.csv with alt.csv, add.csv);
//   - un: the UN Security Council consolidated XML list.
//
// Every reader maps its format onto FtM-shaped vetgraph.Record values and
// reports bad input as an Invalid *vetgraph.Error naming the file, the line
// (for XML, the line where the element starts) and the field; the first
// error ends the stream, so an import that uses it is all or nothing.
// Readers strip a UTF-8 BOM, accept CRLF, trim values of surrounding white
// space (keeping NBSP inside a value), reject invalid UTF-8 and never panic.
//
// Valid time: ValidFrom is the start of a record's startDate (or an Event's
// date) and ValidTo the end of its endDate, as an exclusive bound: "2024"
// gives [2024-01-01, 2025-01-01).
package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/source/csvmap"
	"vetgraph/internal/source/ftm"
	"vetgraph/internal/source/ofac"
	"vetgraph/internal/source/senzing"
	"vetgraph/internal/source/un"
)

// The format names.
const (
	FormatFTM     = ftm.Format
	FormatSenzing = senzing.Format
	FormatCSV     = csvmap.Format
	FormatOFAC    = ofac.Format
	FormatUN      = un.Format
)

// Formats lists the format names Open accepts.
var Formats = []string{FormatFTM, FormatSenzing, FormatCSV, FormatOFAC, FormatUN}

// Options for opening input.
type Options struct {
	// Format forces the format of every file; empty means Detect each.
	Format string
	// Source, when set, is every record's Key.Source. Otherwise each reader
	// uses the file's own dataset name (FtM "datasets", Senzing DATA_SOURCE,
	// the mapping's "source") or the format name.
	Source string
	// Mapping is the mapping file for csv input (see package csvmap).
	Mapping string
	// Grade grades the batch; readers carry it for the caller and do not
	// change records by it.
	Grade vetgraph.Grade
}

const op = "source.Open"

// HeadSize is how many leading bytes Detect needs.
const HeadSize = 4096

var ofacRow = regexp.MustCompile(`^\d+,"`)

// Detect infers the format from a file's name and first bytes (ftm,
// senzing, csv, ofac, un), or returns an Invalid error saying to pass
// --format.
func Detect(path string, head []byte) (string, error) {
	base := strings.ToLower(filepath.Base(path))
	switch base {
	case "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv":
		return FormatOFAC, nil
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(h) > 0 {
		switch h[0] {
		case '<':
			if bytes.Contains(h, []byte("<CONSOLIDATED_LIST")) {
				return FormatUN, nil
			}
		case '[':
			return FormatSenzing, nil
		case '{':
			if f := detectJSON(h); f != "" {
				return f, nil
			}
		default:
			first, _, _ := bytes.Cut(h, []byte("\n"))
			if ofacRow.Match(first) && strings.HasSuffix(base, ".csv") {
				return FormatOFAC, nil
			}
			if strings.HasSuffix(base, ".csv") || strings.HasSuffix(base, ".tsv") {
				return FormatCSV, nil
			}
		}
	}
	e := vetgraph.Errorf(vetgraph.Invalid, "source.Detect", "cannot tell the format of %s: pass --format (%s)", path, strings.Join(Formats, ", "))
	e.File = path
	return "", e
}

// detectJSON tells FtM from Senzing by the keys of the first object.
func detectJSON(h []byte) string {
	line, _, _ := bytes.Cut(h, []byte("\n"))
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) == nil {
		switch {
		case m["schema"] != nil && (m["id"] != nil || m["properties"] != nil):
			return FormatFTM
		case m["DATA_SOURCE"] != nil || m["RECORD_ID"] != nil || m["FEATURES"] != nil || m["RECORD_TYPE"] != nil:
			return FormatSenzing
		}
		return ""
	}
	// The head may cut a long first line: look for the keys.
	switch {
	case bytes.Contains(line, []byte(`"schema"`)) && bytes.Contains(line, []byte(`"properties"`)):
		return FormatFTM
	case bytes.Contains(line, []byte(`"RECORD_ID"`)) || bytes.Contains(line, []byte(`"DATA_SOURCE"`)):
		return FormatSenzing
	}
	return ""
}

// input is one reader run: a main file and, for OFAC, its companions.
type input struct {
	format     string
	path       string
	companions map[string]string // OFAC role ("alt.csv", ...) → path
}

// Open returns the records of the given files as one stream, file by file
// in the order given; the first error (an Invalid *vetgraph.Error naming
// file, line or record number, and field) ends the stream. It also returns
// the FileDigest (sha256, size) of each input, companions and mapping file
// included; files are digested before streaming, so a file that changes
// between the two reads is not detected.
//
// OFAC: given sdn.csv, Open finds alt.csv, add.csv and sdn_comments.csv
// beside it; given them explicitly, it groups them with the sdn.csv of their
// directory (an alt.csv or add.csv without one is an error).
//
// Open itself returns NotFound for a missing file and Invalid for an unknown
// format, an undetectable file, or a bad or missing csv mapping.
func Open(ctx context.Context, paths []string, opt Options) (iter.Seq2[vetgraph.Record, error], []vetgraph.FileDigest, error) {
	if len(paths) == 0 {
		return nil, nil, vetgraph.Errorf(vetgraph.Invalid, op, "no input files")
	}
	if opt.Format != "" && !slices.Contains(Formats, opt.Format) {
		return nil, nil, vetgraph.Errorf(vetgraph.Invalid, op, "unknown format %q (want %s)", opt.Format, strings.Join(Formats, ", "))
	}
	var inputs []input
	ofacDirs := map[string]int{} // dir → index in inputs
	var orphans []string
	for _, p := range paths {
		format := opt.Format
		if format == "" {
			head, err := readHead(p)
			if err != nil {
				return nil, nil, err
			}
			if format, err = Detect(p, head); err != nil {
				return nil, nil, err
			}
		} else if _, err := os.Stat(p); err != nil {
			return nil, nil, fileErr(p, err)
		}
		if format != FormatOFAC {
			inputs = append(inputs, input{format: format, path: p})
			continue
		}
		dir, base := filepath.Dir(p), strings.ToLower(filepath.Base(p))
		switch base {
		case "alt.csv", "add.csv", "sdn_comments.csv":
			orphans = append(orphans, p)
			continue
		}
		if _, dup := ofacDirs[dir]; dup {
			return nil, nil, vetgraph.Errorf(vetgraph.Invalid, op, "two OFAC sdn files in %s", dir)
		}
		in := input{format: format, path: p, companions: map[string]string{}}
		for _, role := range []string{"alt.csv", "add.csv", "sdn_comments.csv"} {
			c := filepath.Join(dir, role)
			if _, err := os.Stat(c); err == nil {
				in.companions[role] = c
			}
		}
		ofacDirs[dir] = len(inputs)
		inputs = append(inputs, in)
	}
	for _, p := range orphans {
		i, ok := ofacDirs[filepath.Dir(p)]
		if !ok {
			e := vetgraph.Errorf(vetgraph.Invalid, op, "%s needs its sdn.csv: pass sdn.csv (alt.csv, add.csv beside it are found)", filepath.Base(p))
			e.File = p
			return nil, nil, e
		}
		inputs[i].companions[strings.ToLower(filepath.Base(p))] = p
	}

	var mapping csvmap.Mapping
	var digests []vetgraph.FileDigest
	if slices.ContainsFunc(inputs, func(in input) bool { return in.format == FormatCSV }) {
		if opt.Mapping == "" {
			return nil, nil, vetgraph.Errorf(vetgraph.Invalid, op, "csv input needs a mapping file (--mapping)")
		}
		f, err := os.Open(opt.Mapping)
		if err != nil {
			return nil, nil, fileErr(opt.Mapping, err)
		}
		mapping, err = csvmap.LoadMapping(f, opt.Mapping)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		d, err := digest(opt.Mapping)
		if err != nil {
			return nil, nil, err
		}
		digests = append(digests, d)
	}
	for _, in := range inputs {
		d, err := digest(in.path)
		if err != nil {
			return nil, nil, err
		}
		digests = append(digests, d)
		for _, role := range []string{"alt.csv", "add.csv", "sdn_comments.csv"} {
			if c, ok := in.companions[role]; ok {
				d, err := digest(c)
				if err != nil {
					return nil, nil, err
				}
				digests = append(digests, d)
			}
		}
	}

	seq := func(yield func(vetgraph.Record, error) bool) {
		for _, in := range inputs {
			if !stream(ctx, in, opt.Source, mapping, yield) {
				return
			}
		}
	}
	return seq, digests, nil
}

// stream runs one input's reader, yielding its records; it returns false
// when the stream must end (an error, or the consumer stopped).
func stream(ctx context.Context, in input, source string, m csvmap.Mapping, yield func(vetgraph.Record, error) bool) bool {
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	open := func(p string) (*os.File, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, fileErr(p, err)
		}
		closers = append(closers, f)
		return f, nil
	}
	f, err := open(in.path)
	if err != nil {
		yield(vetgraph.Record{}, err)
		return false
	}
	name := in.path
	var recs iter.Seq2[vetgraph.Record, error]
	switch in.format {
	case FormatFTM:
		recs = ftm.Read(f, name, source)
	case FormatSenzing:
		recs = senzing.Read(f, name, source)
	case FormatCSV:
		recs = csvmap.Read(f, name, m, source)
	case FormatUN:
		recs = un.Read(f, name, source)
	case FormatOFAC:
		var c ofac.Companions
		for role, dst := range map[string]*ofac.File{"alt.csv": &c.Alt, "add.csv": &c.Add, "sdn_comments.csv": &c.Comments} {
			if p, ok := in.companions[role]; ok {
				cf, err := open(p)
				if err != nil {
					yield(vetgraph.Record{}, err)
					return false
				}
				*dst = ofac.File{Name: p, R: cf}
			}
		}
		recs = ofac.Read(f, name, source, c)
	}
	for rec, err := range recs {
		if err == nil {
			if cerr := ctx.Err(); cerr != nil {
				err = vetgraph.Errorf(vetgraph.Internal, op, "reading %s: %w", name, cerr)
			}
		}
		if err != nil {
			yield(vetgraph.Record{}, err)
			return false
		}
		if !yield(rec, nil) {
			return false
		}
	}
	return true
}

func fileErr(p string, err error) error {
	code := vetgraph.Internal
	if errors.Is(err, fs.ErrNotExist) {
		code = vetgraph.NotFound
	}
	e := vetgraph.Errorf(code, op, "%w", err)
	e.File = p
	return e
}

func readHead(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fileErr(p, err)
	}
	defer f.Close()
	buf := make([]byte, HeadSize)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fileErr(p, err)
	}
	return buf[:n], nil
}

func digest(p string) (vetgraph.FileDigest, error) {
	f, err := os.Open(p)
	if err != nil {
		return vetgraph.FileDigest{}, fileErr(p, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return vetgraph.FileDigest{}, fileErr(p, err)
	}
	return vetgraph.FileDigest{Name: p, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// DetectFile reads the first bytes of the file at path and infers its
// format with [Detect]; name is the file's name as the user knows it (an
// upload's client-side name), path when empty.
func DetectFile(path, name string) (string, error) {
	if name == "" {
		name = path
	}
	head, err := readHead(path)
	if err != nil {
		return "", err
	}
	return Detect(name, head)
}

// Names returns the source name of a batch read from file in format, and
// the Options.Source to read it with. A given name is used for both.
// Otherwise the batch is named after the list (ofac, un) or the file name
// without its extensions ("encounters" for encounters.ftm.jsonl), and the
// records take that name too, except Senzing records, which keep their own
// DATA_SOURCE.
func Names(format, given, file string) (batch, reader string) {
	if given != "" {
		return given, given
	}
	switch format {
	case FormatOFAC, FormatUN:
		return format, format
	case FormatSenzing:
		return stem(file), ""
	}
	return stem(file), stem(file)
}

func stem(file string) string {
	base := filepath.Base(file)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// NewBatchID derives a readable, unique batch id from the import time and
// the files' digests: "b20240301T120000-3fa2c1".
func NewBatchID(now time.Time, files []vetgraph.FileDigest) vetgraph.BatchID {
	h := sha256.New()
	fmt.Fprint(h, now.UnixNano())
	for _, f := range files {
		h.Write([]byte(f.SHA256))
	}
	return vetgraph.BatchID("b" + now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(h.Sum(nil))[:6])
}
