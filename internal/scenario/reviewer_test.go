package scenario_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"vetgraph"
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
			r := playAndReview(t, seed, 1500, false)
			t.Logf("seed %d: %d flags differ before, %d possible matches decided (%d same), %d differ after", seed, r.before, r.decided, r.same, r.afterPossible)
			if r.before == 0 {
				t.Fatal("the world already matches the truth: the test needs one that differs")
			}
			if r.afterPossible != 0 {
				t.Errorf("after the reviewer's decisions %d flags still differ from the truth", r.afterPossible)
			}
		})
	}
}

// reviewed is a world played by playAndReview, with the flags that
// differ from the truth after the last step at each stage of the review.
type reviewed struct {
	sc    *scenario.Scenario
	p     *pipeline.Pipeline
	clock *scenario.Clock

	before        int // before any decision
	decided, same int // possible matches decided, and of those one person
	afterPossible int // after the possible matches
	weakDecided   int // weak merges decided
	final         int // after the weak merges too (afterPossible without them)
}

// playAndReview plays a world, then has a reviewer who knows the truth
// decide every possible match the engine lists (and, with weak, then every
// weak merge it lists), and counts the flags that differ from the truth
// after the last step at each stage.
func playAndReview(t *testing.T, seed int64, persons int, weak bool) reviewed {
	ctx := context.Background()
	r := reviewed{}
	r.sc, r.p, r.clock = newWorld(t, seed, persons)
	sc, p := r.sc, r.p
	for _, st := range sc.Steps {
		if _, err := sc.Play(ctx, p, r.clock, st); err != nil {
			t.Fatalf("step %d: %v", st.Step, err)
		}
	}
	r.before = differ(t, sc, p)
	decide := func(pairs []resolve.Pair) (same int) {
		for i, m := range pairs {
			ca, cb := sc.Clusters[m.A], sc.Clusters[m.B]
			judge(t, p, r.clock, m.A, m.B, ca == cb, "reviewer", fmt.Sprintf("reviewer decision %d", i))
			if ca == cb {
				same++
			}
		}
		return same
	}
	pairs := p.Resolver().Possible()
	r.same = decide(pairs)
	r.decided = len(pairs)
	r.afterPossible = differ(t, sc, p)
	r.final = r.afterPossible
	if weak {
		w := p.Resolver().WeakMerges()
		decide(w)
		r.weakDecided = len(w)
		r.final = differ(t, sc, p)
	}
	return r
}

// differ counts the flags, missing or extra, that differ from the truth
// after the world's last step.
func differ(t *testing.T, sc *scenario.Scenario, p *pipeline.Pipeline) int {
	t.Helper()
	want, err := sc.Truth(sc.Steps[len(sc.Steps)-1])
	if err != nil {
		t.Fatal(err)
	}
	flags, err := p.Flags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range scenario.Compare(want, sc.Translate(flags, p.Entity)) {
		n += len(d.Missing) + len(d.Extra)
	}
	return n
}

// TestReviewerSeeds measures, over the seeds in VETGRAPH_REVIEW_SEEDS
// ("8-139", 3,000 persons each), how many worlds match the truth after the
// timeline, after a reviewer decides the possible matches, after the
// reviewer also decides the weak merges, and after the reviewer also looks
// at the near misses on each flagged person's page; the decisions must
// never add a difference. An oracle then corrects every resolution error
// left, listed or not, after which every world must match: what differs is
// resolution's, not the flags'. Skipped unless the variable is set (a
// minute or two).
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
	exact := [5]int{}
	t.Run("worlds", func(t *testing.T) {
		for seed := from; seed <= to; seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				r := playAndReview(t, seed, 3000, true)
				sc, p, clock, before, after, final := r.sc, r.p, r.clock, r.before, r.afterPossible, r.final
				t.Logf("seed %d: %d flags differ before, %d possible matches decided (%d same), %d differ after; %d weak merges decided, %d differ at the end",
					seed, before, r.decided, r.same, after, r.weakDecided, final)
				if after > before || final > after {
					t.Errorf("the reviewer's decisions added differences: %d, %d, %d", before, after, final)
				}
				confirmed, left, pages, near := nearMisses(t, sc, p, clock)
				t.Logf("seed %d: on %d flagged persons' pages, %d near misses confirmed one person, %d left apart; %d flags differ", seed, pages, confirmed, left, near)
				if near > final {
					t.Errorf("the near-miss decisions added differences: %d, %d", final, near)
				}
				decisions, wrong := oracle(t, sc, p, clock)
				corrected := differ(t, sc, p)
				t.Logf("seed %d: %d further decisions correct every resolution error; %d record pairs still disagree with the truth, %d flags differ", seed, decisions, wrong, corrected)
				if wrong != 0 || corrected != 0 {
					t.Errorf("with every resolution error corrected, %d record pairs and %d flags still differ from the truth", wrong, corrected)
				}
				mu.Lock()
				exact[0] += b2i(before == 0)
				exact[1] += b2i(after == 0)
				exact[2] += b2i(final == 0)
				exact[3] += b2i(near == 0)
				exact[4] += b2i(corrected == 0)
				mu.Unlock()
			})
		}
	})
	t.Logf("seeds %s: of %d worlds, %d exact after the timeline, %d after the possible matches are decided, %d after the weak merges are too, %d after the near misses on flagged persons' pages, %d with every resolution error corrected",
		spec, to-from+1, exact[0], exact[1], exact[2], exact[3], exact[4])
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nearMisses has a reviewer who knows the truth open the page of every
// flagged person (as working the review queue does) and look at its near
// misses (resolve.EntityExplanation.Related): the ones that are the person
// are judged one person; the others are left as they are (they are apart
// already). It returns the decisions, the pairs left, the pages and the
// flags that differ from the truth after them.
func nearMisses(t *testing.T, sc *scenario.Scenario, p *pipeline.Pipeline, clock *scenario.Clock) (confirmed, left, pages, differs int) {
	t.Helper()
	ctx := context.Background()
	flags, err := p.Flags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var persons []vetgraph.EntityID
	for _, f := range flags {
		if !slices.Contains(persons, f.Person) {
			persons = append(persons, f.Person)
		}
	}
	for _, id := range persons {
		ex, ok := p.Resolver().Explain(id)
		if !ok {
			continue // merged away by an earlier decision: its page is the survivor's
		}
		pages++
		for _, m := range ex.Related {
			if sc.Clusters[m.A] != sc.Clusters[m.B] {
				left++
				continue
			}
			confirmed++
			judge(t, p, clock, m.A, m.B, true, "reviewer", fmt.Sprintf("near miss %d", confirmed))
		}
	}
	return confirmed, left, pages, differ(t, sc, p)
}

// oracle has a reviewer who knows the truth correct every resolution error
// that remains, listed or not: two records of one person in different
// entities are judged one person (one pair per two entities), two records
// of different people in one entity two people (every such pair). It
// returns the decisions taken and the record pairs on which the entities
// and the truth still disagree (a decision the engine did not honour).
func oracle(t *testing.T, sc *scenario.Scenario, p *pipeline.Pipeline, clock *scenario.Clock) (decisions, wrong int) {
	t.Helper()
	decide := func(a, b vetgraph.RecordKey, same bool) {
		decisions++
		judge(t, p, clock, a, b, same, "oracle", fmt.Sprintf("oracle decision %d", decisions))
	}
	// errors lists, from the entities as they stand, one pair per split
	// (a person's first record against its first record in each further
	// entity) and every pair of records of two people held in one entity.
	errors := func() (split, merged [][2]vetgraph.RecordKey) {
		first := map[string]map[vetgraph.EntityID]vetgraph.RecordKey{}
		for ent := range p.Resolver().Entities() {
			var held []vetgraph.RecordKey
			for _, k := range ent.Records {
				c, ok := sc.Clusters[k]
				if !ok {
					continue
				}
				if first[c] == nil {
					first[c] = map[vetgraph.EntityID]vetgraph.RecordKey{}
				}
				if _, seen := first[c][ent.ID]; !seen {
					first[c][ent.ID] = k
				}
				for _, h := range held {
					if sc.Clusters[h] != c {
						merged = append(merged, [2]vetgraph.RecordKey{h, k})
					}
				}
				held = append(held, k)
			}
		}
		for _, byEnt := range first {
			var ks []vetgraph.RecordKey
			for _, k := range byEnt {
				ks = append(ks, k)
			}
			slices.SortFunc(ks, func(a, b vetgraph.RecordKey) int { return strings.Compare(a.String(), b.String()) })
			for i := 1; i < len(ks); i++ {
				split = append(split, [2]vetgraph.RecordKey{ks[0], ks[i]})
			}
		}
		slices.SortFunc(split, func(a, b [2]vetgraph.RecordKey) int {
			return strings.Compare(a[0].String()+" "+a[1].String(), b[0].String()+" "+b[1].String())
		})
		return split, merged
	}
	for range 3 {
		split, merged := errors()
		if len(split)+len(merged) == 0 {
			return decisions, 0
		}
		for _, m := range merged {
			decide(m[0], m[1], false)
		}
		for _, s := range split {
			decide(s[0], s[1], true)
		}
	}
	split, merged := errors()
	return decisions, len(split) + len(merged)
}

// judge records a decision on records a and b (one person, or two) a
// minute after the last, as actor, with reason.
func judge(t *testing.T, p *pipeline.Pipeline, clock *scenario.Clock, a, b vetgraph.RecordKey, same bool, actor, reason string) {
	t.Helper()
	clock.Set(clock.Now().Add(time.Minute))
	if _, err := p.Judge(context.Background(), pipeline.Judgement{A: a.String(), B: b.String(), Same: same, Reason: reason, Actor: actor, At: clock.Now()}); err != nil {
		t.Fatalf("judge %s ~ %s: %v", a, b, err)
	}
}
