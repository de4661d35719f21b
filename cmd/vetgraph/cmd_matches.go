package main

import (
	"context"
	"fmt"

	"vetgraph"
	"vetgraph/internal/resolve"
)

// matchLine is one pair awaiting a reviewer's decision.
type matchLine struct {
	Kind    string             `json:"kind"` // contradiction | possible | weak
	A       vetgraph.RecordKey `json:"a"`
	B       vetgraph.RecordKey `json:"b"`
	EntityA vetgraph.EntityID  `json:"entity_a"`
	EntityB vetgraph.EntityID  `json:"entity_b"`
	Score   float64            `json:"score"`
	Reason  string             `json:"reason"`
}

// cmdMatches lists what resolution leaves to a reviewer: decisions that
// contradict each other (pairs judged two people that other decisions hold
// together), the possible matches it did not merge (the strongest first)
// and the weak merges it did make (the weakest first). Each is decided with
// vetgraph judge (or by retracting a decision).
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
	if *kind != "all" && *kind != "contradiction" && *kind != "possible" && *kind != "weak" {
		return usagef("--kind %q: want contradiction, possible, weak or all", *kind)
	}
	eng, err := build(ctx)
	if err != nil {
		return err
	}
	var items []matchLine
	add := func(k string, pairs []resolve.Pair) {
		for _, p := range pairs {
			ex := eng.Why(p.A, p.B)
			items = append(items, matchLine{Kind: k, A: p.A, B: p.B, EntityA: ex.EntityA, EntityB: ex.EntityB, Score: p.Score, Reason: ex.Reason})
		}
	}
	if *kind == "all" || *kind == "contradiction" {
		add("contradiction", eng.Contradictions())
	}
	if *kind == "all" || *kind == "possible" {
		add("possible", eng.Possible())
	}
	if *kind == "all" || *kind == "weak" {
		add("weak", eng.WeakMerges())
	}
	return emit(e, items, []string{"kind", "score", "a", "b", "entity_a", "entity_b"}, func(m matchLine) []string {
		return []string{m.Kind, fmt.Sprintf("%.4f", m.Score), m.A.String(), m.B.String(), string(m.EntityA), string(m.EntityB)}
	})
}
