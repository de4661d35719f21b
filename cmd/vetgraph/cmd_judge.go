package main

import (
	"context"
	"fmt"
	"io"

	"vetgraph"
	"vetgraph/internal/pipeline"
)

// cmdJudge records a person's resolution decision: two records are one
// person (same) or two (different). The decision is a record of its own
// (an FtM UnknownLink with role same_as or not_same_as, the reason and who
// decided) imported as a batch, so it is kept, replayed and can be
// withdrawn with `vetgraph retract BATCH` like any other; resolution
// honours it over the scores, and flags are re-vetted.
func cmdJudge(ctx context.Context, e *env, args []string) error {
	fs := e.flags("judge")
	reason := fs.String("reason", "", "why (required): what the reviewer saw")
	actor := fs.String("as", e.getenv("VETGRAPH_USER"), "who decides (env VETGRAPH_USER)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph judge same|different RECORD_A RECORD_B --reason TEXT [--as NAME]")
		fmt.Fprintln(e.stderr, "Each record is source/id or an FtM id; `vetgraph matches` lists the pairs awaiting a decision.")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 || pos[0] != "same" && pos[0] != "different" {
		return usagef("usage: vetgraph judge same|different RECORD_A RECORD_B --reason TEXT (each record source/id or id)")
	}
	if *actor == "" {
		return usagef("say who decides: --as NAME or VETGRAPH_USER")
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.p.Judge(ctx, pipeline.Judgement{A: pos[1], B: pos[2], Same: pos[0] == "same", Reason: *reason, Actor: *actor, At: e.clock.Now()})
	if err != nil {
		return err
	}
	counts := map[vetgraph.DeltaKind]int{}
	for _, d := range res.Deltas {
		counts[d.Kind]++
	}
	out := struct {
		Batch   vetgraph.BatchID           `json:"batch"`
		Role    string                     `json:"role"`
		A       vetgraph.RecordKey         `json:"a"`
		B       vetgraph.RecordKey         `json:"b"`
		Reason  string                     `json:"reason"`
		Actor   string                     `json:"actor"`
		Deltas  map[vetgraph.DeltaKind]int `json:"deltas"`
		EntityA vetgraph.EntityID          `json:"entity_a"`
		EntityB vetgraph.EntityID          `json:"entity_b"`
	}{res.Batch.ID, res.Role, res.A, res.B, *reason, *actor, counts, res.EntityA, res.EntityB}
	return emitOne(e, out, func(w io.Writer) {
		fmt.Fprintf(w, "recorded as batch %s: %s judged %s and %s %s\n", res.Batch.ID, *actor, res.A, res.B, vetgraph.JudgedAs(res.Role))
		fmt.Fprintf(w, "  now %s is in %s, %s in %s\n", res.A, res.EntityA, res.B, res.EntityB)
		fmt.Fprintf(w, "  re-vetting: %d new, %d raised, %d lowered, %d cleared flags\n",
			counts[vetgraph.DeltaNew], counts[vetgraph.DeltaRaised], counts[vetgraph.DeltaLowered], counts[vetgraph.DeltaCleared])
		fmt.Fprintf(w, "  withdraw it with: vetgraph retract %s --reason TEXT\n", res.Batch.ID)
	})
}
