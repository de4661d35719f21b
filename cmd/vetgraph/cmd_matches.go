package main

import (
	"context"
	"fmt"
	"slices"

	"vetgraph/internal/resolve"
)

// cmdMatches lists what resolution leaves to a reviewer (resolve.ToReview):
// decisions that contradict each other, the possible matches it did not
// merge and the weak merges it did make. Each is decided with vetgraph
// judge (or by retracting a decision).
func cmdMatches(ctx context.Context, e *env, args []string) error {
	fs := e.flags("matches")
	build := resolveFlags(e, fs)
	kind := fs.String("kind", "all", "contradiction (decisions at odds), possible (not merged), weak (merged on matches near the threshold) or all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	if !slices.Contains(resolve.ReviewKinds, *kind) {
		return usagef("--kind %q: want contradiction, possible, weak or all", *kind)
	}
	eng, err := build(ctx)
	if err != nil {
		return err
	}
	items, err := eng.ToReview(*kind)
	if err != nil {
		return err
	}
	return emit(e, items, []string{"kind", "score", "a", "b", "entity_a", "entity_b"}, func(m resolve.ReviewPair) []string {
		return []string{m.Kind, fmt.Sprintf("%.4f", m.Score), m.A.String(), m.B.String(), string(m.EntityA), string(m.EntityB)}
	})
}
