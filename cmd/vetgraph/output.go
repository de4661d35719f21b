package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// emit writes items in the env's format: json (an indented array), jsonl (one
// object a line), csv (header + rows) or table (aligned columns, the default).
// cols and row give the csv/table view of an item; json formats marshal the
// item itself.
func emit[T any](e *env, items []T, cols []string, row func(T) []string) error {
	switch e.format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if items == nil {
			items = []T{}
		}
		return enc.Encode(items)
	case "jsonl":
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, it := range items {
			if err := enc.Encode(it); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		w := csv.NewWriter(e.stdout)
		w.Write(cols)
		for _, it := range items {
			w.Write(row(it))
		}
		w.Flush()
		return w.Error()
	case "", "table":
		return writeTable(e.stdout, cols, items, row)
	}
	return usagef("unknown --format %q (want table, json, jsonl or csv)", e.format)
}

// emitOne writes a single object: JSON for json/jsonl, else key/value lines.
func emitOne(e *env, v any, lines func(w io.Writer)) error {
	switch e.format {
	case "json", "jsonl":
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		if e.format == "json" {
			enc.SetIndent("", "  ")
		}
		return enc.Encode(v)
	case "", "table", "csv":
		lines(e.stdout)
		return nil
	}
	return usagef("unknown --format %q (want table, json, jsonl or csv)", e.format)
}

func writeTable[T any](w io.Writer, cols []string, items []T, row func(T) []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, it := range items {
		r := row(it)
		for i := range r {
			r[i] = strings.ReplaceAll(r[i], "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}
