package main

import (
	"context"
	"encoding/json"

	"vetgraph"
)

// cmdRecords prints stored record versions in log order, filtered by source,
// batch, system time (--as-of) and --latest (the newest version of each key).
// jsonl is streamed, one vetgraph.Record a line; the other formats collect
// the records first.
func cmdRecords(ctx context.Context, e *env, args []string) error {
	fs := e.flags("records")
	source := fs.String("source", "", "only records of this source")
	batch := fs.String("batch", "", "only records of this batch")
	asOf := fs.String("as-of", "", "only what was recorded by then: RFC 3339, or YYYY-MM-DD for the end of that day (UTC)")
	latest := fs.Bool("latest", false, "only the newest version of each record (as of --as-of)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("usage: vetgraph records [--source NAME] [--batch ID] [--as-of TIME] [--latest]")
	}
	at, err := parseTime("as-of", *asOf)
	if err != nil {
		return err
	}
	f := vetgraph.RecordFilter{Source: *source, Batch: vetgraph.BatchID(*batch), AsOf: at, Latest: *latest}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if f.Batch != "" {
		if _, err := st.Batch(ctx, f.Batch); err != nil {
			return err
		}
	}

	if e.format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return st.ScanRecords(ctx, f, func(r vetgraph.Record) error { return enc.Encode(r) })
	}
	var recs []vetgraph.Record
	if err := st.ScanRecords(ctx, f, func(r vetgraph.Record) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		return err
	}
	return emit(e, recs, []string{"key", "schema", "caption", "batch"}, func(r vetgraph.Record) []string {
		return []string{r.Key.String(), r.Schema, caption(r), string(r.Batch)}
	})
}

// caption is a record's display name: its first name, else the first value
// of a property that names relationships and documents.
func caption(r vetgraph.Record) string {
	for _, p := range []string{"name", "caption", "title", "number", "role", "relationship"} {
		if v := r.Properties.First(p); v != "" {
			return v
		}
	}
	return ""
}
