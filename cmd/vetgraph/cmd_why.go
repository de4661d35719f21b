package main

import (
	"context"
	"io"

	"vetgraph"
)

// cmdWhy explains why two records are, or are not, one entity.
func cmdWhy(ctx context.Context, e *env, args []string) error {
	fs := e.flags("why")
	build := resolveFlags(e, fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want two records: vetgraph why RECORD_A RECORD_B (each source/id or id)")
	}
	eng, err := build(ctx)
	if err != nil {
		return err
	}
	var keys [2]vetgraph.RecordKey
	for i, ref := range pos {
		if keys[i], err = eng.FindOne(ref); err != nil {
			return err
		}
	}
	ex := eng.Why(keys[0], keys[1])
	return emitOne(e, ex, func(w io.Writer) { writeExplanation(w, ex, "") })
}
