package main

import (
	"context"
	"io"
	"strings"

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
		found := eng.Find(ref)
		switch len(found) {
		case 0:
			return vetgraph.Errorf(vetgraph.NotFound, "why", "no subject record %s", ref)
		case 1:
			keys[i] = found[0]
		default:
			ss := make([]string, len(found))
			for j, k := range found {
				ss[j] = k.String()
			}
			return vetgraph.Errorf(vetgraph.Invalid, "why", "%s names %d records (%s): give source/id", ref, len(found), strings.Join(ss, ", "))
		}
	}
	ex := eng.Why(keys[0], keys[1])
	return emitOne(e, ex, func(w io.Writer) { writeExplanation(w, ex, "") })
}
