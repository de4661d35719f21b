package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"vetgraph"
	"vetgraph/internal/vet"
)

// cmdFlags lists every person's flags (as of a time): person entity, its
// records, category, concern, degree, strength and the strongest evidence
// paths; jsonl gives one flag a line with everything, context included.
func cmdFlags(ctx context.Context, e *env, args []string) error {
	fs := e.flags("flags")
	asOf := fs.String("as-of", "", "flags as known then (RFC 3339 or a date; default now)")
	category := fs.String("category", "", "only this category (topic), e.g. crime.traffick")
	person := fs.String("person", "", "only this person entity")
	explain := fs.Bool("explain", false, "print each flag's explanation in words (evidence and context paths)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph flags [--as-of T] [--category TOPIC] [--person ENTITY] [--explain] [--format table|json|jsonl|csv]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("flags takes no arguments (got %q)", pos[0])
	}
	cut, err := parseTime("as-of", *asOf)
	if err != nil {
		return err
	}
	all, err := e.currentFlags(ctx, cut)
	if err != nil {
		return err
	}
	var out []vetgraph.Flag
	for _, f := range all {
		if (*category == "" || string(f.Category) == *category) && (*person == "" || string(f.Person) == *person) {
			out = append(out, f)
		}
	}
	if *explain && (e.format == "" || e.format == "table") {
		for _, f := range out {
			fmt.Fprintln(e.stdout, vet.Explain(f))
		}
		return nil
	}
	cols := []string{"person", "name", "records", "category", "concern", "concern_name", "degree", "strength", "path"}
	return emit(e, out, cols, func(f vetgraph.Flag) []string {
		var recs []string
		for _, r := range f.Records {
			recs = append(recs, r.String())
		}
		path := ""
		if len(f.Paths) > 0 {
			path = vet.PathText(f.Paths[0])
		}
		return []string{string(f.Person), f.PersonName, strings.Join(recs, " "), string(f.Category), string(f.Concern), f.ConcernName,
			strconv.Itoa(int(f.Degree)), strconv.FormatFloat(f.Strength, 'f', 4, 64), path}
	})
}
