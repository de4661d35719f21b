package main

import (
	"context"

	"vetgraph"
	"vetgraph/internal/source/ftm"
)

// cmdExport writes the stored records (the newest version of each, as of
// --as-of) as FtM JSON Lines, other schemata and properties unchanged.
func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("export")
	src := fs.String("source", "", "only records of this source")
	asOfArg := fs.String("as-of", "", "export what was known then (RFC 3339 or YYYY-MM-DD)")
	if e.format == "" {
		e.format = "ftm"
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if e.format != "ftm" && e.format != "jsonl" {
		return usagef("export writes FtM JSON Lines: --format ftm")
	}
	asOf, err := parseTime("as-of", *asOfArg)
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	enc := ftm.NewEncoder(e.stdout)
	err = st.ScanRecords(ctx, vetgraph.RecordFilter{Source: *src, AsOf: asOf, Latest: true}, func(r vetgraph.Record) error {
		return enc.Encode(r)
	})
	if err != nil {
		return err
	}
	return enc.Flush()
}
