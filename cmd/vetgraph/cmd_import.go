package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"vetgraph"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/source"
)

// importSummary is what `vetgraph import --format json` prints.
type importSummary struct {
	Batch       vetgraph.BatchID           `json:"batch"`
	Source      string                     `json:"source"`
	Format      string                     `json:"format"`
	Grade       string                     `json:"grade,omitempty"`
	Supersedes  vetgraph.BatchID           `json:"supersedes,omitempty"`
	Files       []vetgraph.FileDigest      `json:"files"`
	Counts      map[string]int             `json:"counts"`
	Records     int                        `json:"records"`
	Added       int                        `json:"added"`
	Changed     int                        `json:"changed"`
	Unchanged   int                        `json:"unchanged"`
	Deltas      map[vetgraph.DeltaKind]int `json:"deltas"`
	StoreMillis float64                    `json:"store_ms"`
	RevetMillis float64                    `json:"revet_ms"`
}

// inputFormats are the --format values that name an input format; the
// others (table, json, jsonl) name the summary's output format.
func isInputFormat(f string) bool { return slices.Contains(source.Formats, f) }

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("vetgraph import", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.db, "db", e.db, "database: a SQLite file path or postgres://... (env VETGRAPH_DB)")
	var formatArg, input string
	fs.StringVar(&formatArg, "format", "", "input format ("+strings.Join(source.Formats, "|")+"), or the summary's output format (table|json|jsonl)")
	fs.StringVar(&input, "input", "", "input format, when --format names the output format")
	mapping := fs.String("mapping", "", "column mapping file for csv input")
	src := fs.String("source", "", "source (dataset or report) name; default: the file's own dataset name or the format")
	gradeArg := fs.String("grade", "", "intelligence grade of every statement in the batch: source reliability A-F and credibility 1-6, e.g. B2")
	supersedes := fs.String("supersedes", "", "batch id this batch corrects")
	batchID := fs.String("batch", "", "batch id (default: derived from the time and the file digests)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph import [--format FORMAT] [--mapping FILE] [--source NAME] [--grade B2] [--supersedes BATCH] PATH...")
		fs.PrintDefaults()
	}
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	switch {
	case formatArg == "":
	case isInputFormat(formatArg):
		input = formatArg
	default:
		e.format = formatArg
	}
	if len(paths) == 0 {
		return usagef("name at least one file to import")
	}
	grade, err := vetgraph.ParseGrade(*gradeArg)
	if err != nil {
		return err
	}
	format := input
	if format == "" {
		if format, err = source.DetectFile(paths[0], ""); err != nil {
			return err
		}
	}
	name, readerSource := source.Names(format, *src, paths[0])
	recs, files, err := source.Open(ctx, paths, source.Options{Format: input, Source: readerSource, Mapping: *mapping, Grade: grade})
	if err != nil {
		return err
	}
	now := e.clock.Now().UTC()
	b := vetgraph.Batch{
		ID: vetgraph.BatchID(*batchID), Source: name, Format: format, Files: files,
		ImportedAt: now, Grade: grade, Supersedes: vetgraph.BatchID(*supersedes),
	}
	if b.ID == "" {
		b.ID = source.NewBatchID(now, files)
	}

	s, err := e.openPipeline(ctx, time.Time{})
	if err != nil {
		return err
	}
	defer s.Close()

	var bar *progressbar.ProgressBar
	if isTerminal(e.stderr) {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("importing "+string(b.ID)), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("records"), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	res, err := s.p.Import(ctx, b, counted(recs, bar))
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	return printImport(e, res)
}

func counted(recs iter.Seq2[vetgraph.Record, error], bar *progressbar.ProgressBar) iter.Seq2[vetgraph.Record, error] {
	if bar == nil {
		return recs
	}
	return func(yield func(vetgraph.Record, error) bool) {
		for r, err := range recs {
			bar.Add(1)
			if !yield(r, err) {
				return
			}
		}
	}
}

func printImport(e *env, res pipeline.ImportResult) error {
	b := res.Batch
	sum := importSummary{
		Batch: b.ID, Source: b.Source, Format: b.Format, Grade: b.Grade.String(), Supersedes: b.Supersedes,
		Files: b.Files, Counts: b.Counts, Added: b.Added, Changed: b.Changed, Unchanged: b.Unchanged,
		Deltas:      map[vetgraph.DeltaKind]int{},
		StoreMillis: float64(res.Store.Microseconds()) / 1000, RevetMillis: float64(res.Revet.Microseconds()) / 1000,
	}
	if sum.Files == nil {
		sum.Files = []vetgraph.FileDigest{}
	}
	for _, n := range b.Counts {
		sum.Records += n
	}
	for _, d := range res.Deltas {
		sum.Deltas[d.Kind]++
	}
	return emitOne(e, sum, func(w io.Writer) {
		fmt.Fprintf(w, "batch %s: %d records from %s (%s)", b.ID, sum.Records, b.Source, b.Format)
		if b.Grade.String() != "" {
			fmt.Fprintf(w, ", grade %s", b.Grade)
		}
		if b.Supersedes != "" {
			fmt.Fprintf(w, ", supersedes %s", b.Supersedes)
		}
		fmt.Fprintln(w)
		for _, k := range slices.Sorted(maps.Keys(b.Counts)) {
			fmt.Fprintf(w, "  %-16s %d\n", k, b.Counts[k])
		}
		fmt.Fprintf(w, "  stored: %d new, %d changed, %d unchanged (%.0f ms)\n", b.Added, b.Changed, b.Unchanged, sum.StoreMillis)
		fmt.Fprintf(w, "  re-vetting: %d new, %d raised, %d lowered, %d cleared flags (%.1f ms)\n",
			sum.Deltas[vetgraph.DeltaNew], sum.Deltas[vetgraph.DeltaRaised], sum.Deltas[vetgraph.DeltaLowered], sum.Deltas[vetgraph.DeltaCleared], sum.RevetMillis)
	})
}
