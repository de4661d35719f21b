package main

import (
	"context"
	"fmt"
	"io"

	"vetgraph"
)

// cmdRetract withdraws a batch: an append-only retraction event (nothing is
// deleted), then re-vetting; the flags the batch alone supported clear and
// their review items are marked "evidence withdrawn".
func cmdRetract(ctx context.Context, e *env, args []string) error {
	fs := e.flags("retract")
	reason := fs.String("reason", "", "why the batch is withdrawn (required)")
	actor := fs.String("as", e.getenv("VETGRAPH_USER"), "who retracts it (env VETGRAPH_USER)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: vetgraph retract BATCH --reason TEXT")
	}
	if *reason == "" {
		return vetgraph.Errorf(vetgraph.Invalid, "vetgraph retract", "--reason is required: say why the batch is withdrawn")
	}
	if *actor == "" {
		return usagef("say who retracts: --as NAME or VETGRAPH_USER")
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		return err
	}
	defer s.Close()
	deltas, changes, err := s.p.Retract(ctx, vetgraph.BatchID(pos[0]), *reason, *actor)
	if err != nil {
		return err
	}
	counts := map[vetgraph.DeltaKind]int{}
	for _, d := range deltas {
		counts[d.Kind]++
	}
	out := struct {
		Batch       string                     `json:"batch"`
		Reason      string                     `json:"reason"`
		Deltas      map[vetgraph.DeltaKind]int `json:"deltas"`
		ReviewItems int                        `json:"review_items_changed"`
	}{pos[0], *reason, counts, len(changes)}
	return emitOne(e, out, func(w io.Writer) {
		fmt.Fprintf(w, "batch %s retracted: %s\n", pos[0], *reason)
		fmt.Fprintf(w, "  re-vetting: %d new, %d raised, %d lowered, %d cleared flags; %d review items updated\n",
			counts[vetgraph.DeltaNew], counts[vetgraph.DeltaRaised], counts[vetgraph.DeltaLowered], counts[vetgraph.DeltaCleared], len(changes))
	})
}
