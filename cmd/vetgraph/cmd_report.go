package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
	outcome "vetgraph/internal/report"
)

// cmdReport writes the outcome report: persons connected to each network and
// persons with their own evidence of ties to each designated group, by degree
// and review status, as of a time.
func cmdReport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("report")
	asOf := fs.String("as-of", "", "report as things stood then (RFC 3339 or a date; default now)")
	out := fs.String("out", "", "write to this file instead of stdout")
	as := fs.String("as", reviewOr(e.getenv("VETGRAPH_USER"), "cli"), "who asks, for the audit log (env VETGRAPH_USER)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph report [--as-of T] [--format table|json|csv|html] [--out FILE] [--as NAME]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("report takes no arguments")
	}
	if *as == "" {
		return usagef("--as must name who asks")
	}
	cut, err := parseTime("as-of", *asOf)
	if err != nil {
		return err
	}
	var write func(io.Writer, outcome.Report) error
	switch e.format {
	case "json", "jsonl":
		write = outcome.WriteJSON
	case "csv":
		write = outcome.WriteCSV
	case "html":
		write = outcome.WriteHTML
	case "", "table":
		write = writeReportText
	default:
		return usagef("unknown --format %q (want table, json, csv or html)", e.format)
	}
	s, err := e.openPipeline(ctx, cut)
	if err != nil {
		return err
	}
	defer s.Close()
	in, err := s.p.ReportInput(ctx, cut)
	if err != nil {
		return err
	}
	r := outcome.Build(in)
	if _, err := audit.New(s.store, e.clock).Record(ctx, *as, vetgraph.AuditReport, "report", map[string]string{
		"as_of": r.AsOf.Format(time.RFC3339), "format": reviewOr(e.format, "table"),
	}); err != nil {
		return err
	}
	w := e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return vetgraph.Errorf(vetgraph.Invalid, "report", "create %s: %w", *out, err)
		}
		defer f.Close()
		w = f
	}
	if err := write(w, r); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *out != "" {
		return f.Close()
	}
	return nil
}

// reportInput gathers the report's input as of cut (zero: now) from a
// replayed pipeline: its flags, the review items as they stood then, the
// known concerns (non-person entities with a topic, so a group nobody is
// tied to still gets its zero row) and the resolver's redirects for
// de-duplication.
func writeReportText(w io.Writer, r outcome.Report) error {
	fmt.Fprintf(w, "Outcomes as of %s\n\n", r.AsOf.Format(time.RFC3339))
	for _, sec := range r.Sections {
		fmt.Fprintf(w, "%s (%s): %d distinct persons\n", sec.Title, sec.Category, sec.Persons)
		for _, c := range sec.Concerns {
			fmt.Fprintf(w, "  %s\n", c.Statement)
			fmt.Fprintf(w, "    by degree: direct %d, 1 link %d, 2 links %d\n", c.ByDegree[0], c.ByDegree[1], c.ByDegree[2])
			fmt.Fprint(w, "    by status:")
			for _, s := range c.ByStatus {
				if s.Persons > 0 {
					fmt.Fprintf(w, " %s %d", s.Status, s.Persons)
				}
			}
			fmt.Fprintln(w)
			for _, x := range c.Context {
				fmt.Fprintf(w, "    context (not counted): %s\n", x)
			}
		}
		fmt.Fprintf(w, "  Definition: %s\n\n", sec.Definition)
	}
	_, err := fmt.Fprintln(w, r.Note)
	return err
}
