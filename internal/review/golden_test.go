package review_test

import (
	"context"
	"encoding/json"
	stdflag "flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/review"
)

var update = stdflag.Bool("update", false, "rewrite the golden files in testdata")

// TestItemGolden pins the item a whole history produces: opened by a
// network flag, claimed, a terror flag arrives, a two-person detention,
// the intelligence is retracted (evidence withdrawn, status kept), a
// supervisor clears it, new evidence re-opens it.
func TestItemGolden(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t, review.Config{})
	fN := flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.85)
	fG := flag("P1", "G", vetgraph.TopicTerror, 1, 0.72)
	step := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c.Add(time.Hour)
	}
	_, err := s.Apply(ctx, []vetgraph.FlagDelta{delta(vetgraph.DeltaNew, nil, fN, "casefiles-1")})
	step("open", err)
	_, err = s.Claim(ctx, "P1", alice)
	step("claim", err)
	_, err = s.Decide(ctx, review.DecideRequest{Person: "P1", By: alice, To: vetgraph.StatusInReview, Rationale: "client of N1; reading the debrief"})
	step("in review", err)
	_, err = s.Apply(ctx, []vetgraph.FlagDelta{delta(vetgraph.DeltaNew, nil, fG, "intel-7")})
	step("terror flag", err)
	_, err = s.Decide(ctx, review.DecideRequest{Person: "P1", By: alice, To: vetgraph.StatusDetained, Rationale: "intelligence names him; warrant issued", Seen: 4})
	step("propose detention", err)
	_, err = s.Confirm(ctx, "P1", sue, true, "warrant checked")
	step("confirm", err)
	_, err = s.Apply(ctx, []vetgraph.FlagDelta{delta(vetgraph.DeltaCleared, fG, nil, "retract:intel-7")})
	step("retraction", err)
	_, err = s.Decide(ctx, review.DecideRequest{Person: "P1", By: sue, To: vetgraph.StatusCleared, Rationale: "the source withdrew the report; no other basis"})
	step("clear", err)
	fN2 := flag("P1", "N1", vetgraph.TopicTraffick, 1, 1)
	_, err = s.Apply(ctx, []vetgraph.FlagDelta{delta(vetgraph.DeltaRaised, fN, fN2, "casefiles-2")})
	step("reopen", err)

	it, err := s.Item(ctx, "P1", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(it, "", "  ")
	got = append(got, '\n')
	path := filepath.Join("testdata", "item.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
