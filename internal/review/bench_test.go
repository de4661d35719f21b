package review_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/review"
	"vetgraph/internal/sqlite"
)

// deltas400 is the published case's shape: 400 clients newly connected to
// one network by one intelligence fact.
func deltas400() []vetgraph.FlagDelta {
	ds := make([]vetgraph.FlagDelta, 400)
	for i := range ds {
		ds[i] = delta(vetgraph.DeltaNew, nil, flag(fmt.Sprintf("P%04d", i), "N1", vetgraph.TopicTraffick, vetgraph.Degree(1+i%2), 0.8), "intel-1")
	}
	return ds
}

func benchStores(b *testing.B, fn func(b *testing.B, st vetgraph.EventStore)) {
	b.Run("memstore", func(b *testing.B) { fn(b, memstore.New()) })
	b.Run("sqlite", func(b *testing.B) {
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "v.db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		fn(b, st)
	})
}

// BenchmarkApply400 opens 400 review items from one batch of deltas (each
// iteration on fresh person ids, so every item is new).
func BenchmarkApply400(b *testing.B) {
	benchStores(b, func(b *testing.B, st vetgraph.EventStore) {
		s := review.New(st, &clock{t: t0}, review.Config{}, nil)
		ctx := context.Background()
		ds := deltas400()
		n := 0
		b.ReportAllocs()
		for b.Loop() {
			for i := range ds {
				f := *ds[i].After
				f.Person = vetgraph.EntityID(fmt.Sprintf("R%d-%04d", n, i))
				ds[i].After, ds[i].Key = &f, f.Key()
			}
			n++
			if _, err := s.Apply(ctx, ds); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ds)), "ns/item")
	})
}

// BenchmarkList400 lists a queue of 400 items (replaying each item's events).
func BenchmarkList400(b *testing.B) {
	benchStores(b, func(b *testing.B, st vetgraph.EventStore) {
		s := review.New(st, &clock{t: t0}, review.Config{}, nil)
		ctx := context.Background()
		if _, err := s.Apply(ctx, deltas400()); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			items, err := s.List(ctx, review.Filter{Status: []vetgraph.Status{vetgraph.StatusOpen}})
			if err != nil || len(items) != 400 {
				b.Fatal(len(items), err)
			}
		}
	})
}

// BenchmarkClaimDecide claims an item and records a decision on it.
func BenchmarkClaimDecide(b *testing.B) {
	benchStores(b, func(b *testing.B, st vetgraph.EventStore) {
		s := review.New(st, &clock{t: t0}, review.Config{}, nil)
		ctx := context.Background()
		if _, err := s.Apply(ctx, deltas400()); err != nil {
			b.Fatal(err)
		}
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			p := vetgraph.EntityID(fmt.Sprintf("P%04d", i%400))
			i++
			it, err := s.Item(ctx, p, t0)
			if err != nil {
				b.Fatal(err)
			}
			if it.Assignee == "" {
				if _, err := s.Claim(ctx, p, alice); err != nil {
					b.Fatal(err)
				}
			}
			to := vetgraph.StatusInReview
			if it.Status == vetgraph.StatusInReview {
				to = vetgraph.StatusVettingOngoing
			} else if it.Status == vetgraph.StatusVettingOngoing {
				to = vetgraph.StatusInReview
			}
			if _, err := s.Decide(ctx, review.DecideRequest{Person: p, By: alice, To: to, Rationale: "bench"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
