package scenario_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"vetgraph/internal/pipeline"
	"vetgraph/internal/resolve"
	"vetgraph/internal/scenario"
)

// TestReviewerClosesTheGap plays worlds whose flags differ from the truth
// after the timeline because the evidence leaves some records only possible
// matches (a payer's casefile and an encounter sharing a common name, ...).
// A reviewer who knows the answer then decides every possible match the
// engine lists (vetgraph judge: same person, or different people); after
// those decisions the flags equal the truth exactly. It checks the whole
// human step: the possible matches are where the gap is, and a recorded
// decision closes it through resolution and re-vetting.
func TestReviewerClosesTheGap(t *testing.T) {
	// Seeds 11, 16 and 29 (1,500 persons) each differ by one flag, from a
	// payer's record left a possible match. (Seed 30 differs for another
	// reason, a wrong merge of namesakes born 1982-07-17 and 1982-01-17,
	// which no possible-match review shows: not here.)
	for _, seed := range []int64{11, 16, 29} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			before, decided, same, _, _, after := playAndReview(t, seed, 1500, false)
			t.Logf("seed %d: %d flags differ before, %d possible matches decided (%d same), %d differ after", seed, before, decided, same, after)
			if before == 0 {
				t.Fatal("the world already matches the truth: the test needs one that differs")
			}
			if after != 0 {
				t.Errorf("after the reviewer's decisions %d flags still differ from the truth", after)
			}
		})
	}
}

// playAndReview plays a world, then has a reviewer who knows the truth
// decide every possible match the engine lists (and, with weak, then every
// weak merge it lists), and counts the flags that differ from the truth
// after the last step: before the decisions, after the possible matches
// (after) and at the end (final).
func playAndReview(t *testing.T, seed int64, persons int, weak bool) (before, decided, same, after, weakDecided, final int) {
	ctx := context.Background()
	sc, p, clock := newWorld(t, seed, persons)
	for _, st := range sc.Steps {
		if _, err := sc.Play(ctx, p, clock, st); err != nil {
			t.Fatalf("step %d: %v", st.Step, err)
		}
	}
	last := sc.Steps[len(sc.Steps)-1]
	want, err := sc.Truth(last)
	if err != nil {
		t.Fatal(err)
	}
	differ := func() int {
		flags, err := p.Flags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range scenario.Compare(want, sc.Translate(flags, p.Entity)) {
			n += len(d.Missing) + len(d.Extra)
		}
		return n
	}
	before = differ()
	decide := func(pairs []resolve.Pair) (same int) {
		for i, m := range pairs {
			ca, cb := sc.Clusters[m.A], sc.Clusters[m.B]
			clock.Set(clock.Now().Add(time.Minute))
			_, err := p.Judge(ctx, pipeline.Judgement{A: m.A.String(), B: m.B.String(), Same: ca == cb,
				Reason: fmt.Sprintf("reviewer decision %d", i), Actor: "reviewer", At: clock.Now()})
			if err != nil {
				t.Fatalf("judge %s ~ %s: %v", m.A, m.B, err)
			}
			if ca == cb {
				same++
			}
		}
		return same
	}
	pairs := p.Resolver().Possible()
	same = decide(pairs)
	decided = len(pairs)
	if weak {
		after = differ()
		w := p.Resolver().WeakMerges()
		decide(w)
		weakDecided = len(w)
	}
	return before, decided, same, after, weakDecided, differ()
}

// TestReviewerSeeds measures, over the seeds in VETGRAPH_REVIEW_SEEDS
// ("8-139", 3,000 persons each), how many worlds match the truth after the
// timeline, after a reviewer decides the possible matches, and after the
// reviewer also decides the weak merges; the decisions must never add a
// difference. Skipped unless the variable is set (a minute or two).
func TestReviewerSeeds(t *testing.T) {
	spec := os.Getenv("VETGRAPH_REVIEW_SEEDS")
	if spec == "" {
		t.Skip("set VETGRAPH_REVIEW_SEEDS=FROM-TO to measure the reviewer's step over many worlds")
	}
	var from, to int64
	if _, err := fmt.Sscanf(spec, "%d-%d", &from, &to); err != nil || from > to {
		t.Fatalf("VETGRAPH_REVIEW_SEEDS=%q: want FROM-TO", spec)
	}
	var mu sync.Mutex
	exact := [3]int{}
	t.Run("worlds", func(t *testing.T) {
		for seed := from; seed <= to; seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				before, decided, same, after, weak, final := playAndReview(t, seed, 3000, true)
				t.Logf("seed %d: %d flags differ before, %d possible matches decided (%d same), %d differ after; %d weak merges decided, %d differ at the end",
					seed, before, decided, same, after, weak, final)
				if after > before || final > after {
					t.Errorf("the reviewer's decisions added differences: %d, %d, %d", before, after, final)
				}
				mu.Lock()
				exact[0] += b2i(before == 0)
				exact[1] += b2i(after == 0)
				exact[2] += b2i(final == 0)
				mu.Unlock()
			})
		}
	})
	t.Logf("seeds %s: of %d worlds, %d exact after the timeline, %d after the possible matches are decided, %d after the weak merges are too",
		spec, to-from+1, exact[0], exact[1], exact[2])
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
