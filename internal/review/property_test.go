package review_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/review"
)

// TestSystemNeverDecides: under any interleaving of flag deltas and human
// decisions, an Apply leaves the status as it was or re-opens it (to open,
// with a reason); only Decide and Confirm set an outcome, and withdrawn
// flags are never lost.
func TestSystemNeverDecides(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		c := &clock{t: t0}
		s := review.New(memstore.New(), c, review.Config{}, nil)
		cats := []vetgraph.Topic{vetgraph.TopicTraffick, vetgraph.TopicTerror, vetgraph.TopicSanction}
		held := map[vetgraph.FlagKey]*vetgraph.Flag{}
		everWithdrawn := map[vetgraph.FlagKey]bool{}
		steps := rapid.IntRange(1, 20).Draw(rt, "steps")
		for i := range steps {
			c.Add(time.Hour)
			before, err := s.Item(ctx, "P", time.Time{})
			exists := err == nil
			if !exists || rapid.Bool().Draw(rt, fmt.Sprint("delta", i)) {
				cat := rapid.SampledFrom(cats).Draw(rt, "cat")
				concern := rapid.SampledFrom([]string{"N1", "N2", "G"}).Draw(rt, "concern")
				f := flag("P", concern, cat, vetgraph.Degree(rapid.IntRange(0, 2).Draw(rt, "deg")), rapid.Float64Range(0, 1).Draw(rt, "str"))
				k := f.Key()
				var d vetgraph.FlagDelta
				switch {
				case held[k] != nil && rapid.Bool().Draw(rt, "clear"):
					d = delta(vetgraph.DeltaCleared, held[k], nil, "retract")
					delete(held, k)
					everWithdrawn[k] = true
				case held[k] != nil:
					d = delta(rapid.SampledFrom([]vetgraph.DeltaKind{vetgraph.DeltaRaised, vetgraph.DeltaLowered}).Draw(rt, "kind"), held[k], f, "b")
					held[k] = f
				default:
					d = delta(vetgraph.DeltaNew, nil, f, "b")
					held[k] = f
				}
				if _, err := s.Apply(ctx, []vetgraph.FlagDelta{d}); err != nil {
					rt.Fatal(err)
				}
				after, err := s.Item(ctx, "P", time.Time{})
				if err != nil {
					rt.Fatal(err)
				}
				if exists && after.Status != before.Status && !(after.Status == vetgraph.StatusOpen && after.ReopenReason != "" && before.Status.Closed()) {
					rt.Fatalf("Apply moved %s → %s", before.Status, after.Status)
				}
				if len(after.Decisions) != len(before.Decisions) {
					rt.Fatalf("Apply added a decision")
				}
				if len(after.Flags) != len(held) {
					rt.Fatalf("item holds %d flags, want %d", len(after.Flags), len(held))
				}
				for k := range everWithdrawn {
					found := held[k] != nil
					for _, w := range after.Withdrawn {
						found = found || w.Key() == k
					}
					if !found {
						rt.Fatalf("withdrawn flag %v lost", k)
					}
				}
				continue
			}
			by := rapid.SampledFrom([]review.Actor{alice, sue, sam}).Draw(rt, "by")
			if rapid.Bool().Draw(rt, "confirm") {
				s.Confirm(ctx, "P", by, rapid.Bool().Draw(rt, "approve"), "ok")
				continue
			}
			if by.Role == review.RoleAnalyst {
				s.Claim(ctx, "P", by)
			}
			to := rapid.SampledFrom(vetgraph.Statuses()).Draw(rt, "to")
			it, err := s.Decide(ctx, review.DecideRequest{Person: "P", By: by, To: to, Rationale: "r"})
			if err == nil && it.Status != to && it.Pending == nil {
				rt.Fatalf("accepted decision to %s left status %s without pending", to, it.Status)
			}
			if err == nil && review.Allowed(before.Status, to) == false {
				rt.Fatalf("accepted %s → %s, which the table refuses", before.Status, to)
			}
		}
	})
}
