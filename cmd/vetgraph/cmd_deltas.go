package main

import (
	"context"
	"fmt"
	"strconv"

	"vetgraph"
)

// cmdDeltas lists the flag deltas (new, raised, lowered, cleared) caused
// after a batch: by later batches, corrections, retractions and entity
// changes, with before/after flags in json and jsonl.
func cmdDeltas(ctx context.Context, e *env, args []string) error {
	fs := e.flags("deltas")
	since := fs.String("since", "", "only deltas after this batch was applied (default: all)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph deltas [--since BATCH] [--format table|json|jsonl|csv]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("deltas takes no arguments (got %q)", pos[0])
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		return err
	}
	defer s.Close()
	ds, err := s.p.Deltas(vetgraph.BatchID(*since))
	if err != nil {
		return err
	}
	cols := []string{"kind", "person", "category", "concern", "degree_before", "degree_after", "strength_before", "strength_after", "cause", "at"}
	return emit(e, ds, cols, func(d vetgraph.FlagDelta) []string {
		deg := func(f *vetgraph.Flag) string {
			if f == nil {
				return ""
			}
			return strconv.Itoa(int(f.Degree))
		}
		str := func(f *vetgraph.Flag) string {
			if f == nil {
				return ""
			}
			return strconv.FormatFloat(f.Strength, 'f', 4, 64)
		}
		return []string{string(d.Kind), string(d.Key.Person), string(d.Key.Category), string(d.Key.Concern),
			deg(d.Before), deg(d.After), str(d.Before), str(d.After), d.Cause, d.At.UTC().Format("2006-01-02T15:04:05Z")}
	})
}
