package review_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/review"
	"vetgraph/internal/sqlite"
)

// clock is a test clock that moves only when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

var (
	alice = review.Actor{ID: "alice", Role: review.RoleAnalyst}
	bob   = review.Actor{ID: "bob", Role: review.RoleAnalyst}
	sue   = review.Actor{ID: "sue", Role: review.RoleSupervisor}
	sam   = review.Actor{ID: "sam", Role: review.RoleSupervisor}
)

func newService(t testing.TB, cfg review.Config) (*review.Service, *clock) {
	t.Helper()
	c := &clock{t: t0}
	st := memstore.New()
	t.Cleanup(func() { st.Close() })
	return review.New(st, c, cfg, nil), c
}

func flag(person, concern string, cat vetgraph.Topic, deg vetgraph.Degree, strength float64) *vetgraph.Flag {
	return &vetgraph.Flag{
		Person: vetgraph.EntityID(person), PersonName: "Name of " + person,
		Category: cat, Concern: vetgraph.EntityID(concern), ConcernName: "Net " + concern,
		Degree: deg, Strength: strength, Policy: "p1",
	}
}

func delta(kind vetgraph.DeltaKind, before, after *vetgraph.Flag, cause string) vetgraph.FlagDelta {
	d := vetgraph.FlagDelta{Kind: kind, Before: before, After: after, Cause: cause, At: t0}
	if after != nil {
		d.Key = after.Key()
	} else {
		d.Key = before.Key()
	}
	return d
}

func apply(t *testing.T, s *review.Service, ds ...vetgraph.FlagDelta) []review.Change {
	t.Helper()
	ch, err := s.Apply(context.Background(), ds)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return ch
}

// toStatus drives a fresh item for person p to status st by allowed decisions
// of supervisor sue (two-person confirmations by sam).
func toStatus(t *testing.T, s *review.Service, p vetgraph.EntityID, st vetgraph.Status) {
	t.Helper()
	ctx := context.Background()
	path := map[vetgraph.Status][]vetgraph.Status{
		vetgraph.StatusOpen:           nil,
		vetgraph.StatusInReview:       {vetgraph.StatusInReview},
		vetgraph.StatusVettingOngoing: {vetgraph.StatusVettingOngoing},
		vetgraph.StatusCleared:        {vetgraph.StatusInReview, vetgraph.StatusCleared},
		vetgraph.StatusReferred:       {vetgraph.StatusInReview, vetgraph.StatusReferred},
		vetgraph.StatusDetained:       {vetgraph.StatusInReview, vetgraph.StatusDetained},
		vetgraph.StatusRemoved:        {vetgraph.StatusInReview, vetgraph.StatusDetained, vetgraph.StatusRemoved},
	}[st]
	for _, to := range path {
		it, err := s.Decide(ctx, review.DecideRequest{Person: p, By: sue, To: to, Rationale: "setup"})
		if err != nil {
			t.Fatalf("setup decide %s: %v", to, err)
		}
		if it.Pending != nil {
			if _, err := s.Confirm(ctx, p, sam, true, "setup confirm"); err != nil {
				t.Fatalf("setup confirm: %v", err)
			}
		}
	}
}

func TestEveryTransition(t *testing.T) {
	ctx := context.Background()
	all := vetgraph.Statuses()
	want := map[[2]vetgraph.Status]bool{}
	for _, p := range [][2]vetgraph.Status{
		{"open", "in_review"}, {"open", "vetting_ongoing"},
		{"in_review", "open"}, {"in_review", "vetting_ongoing"}, {"in_review", "cleared"}, {"in_review", "referred"}, {"in_review", "detained"},
		{"vetting_ongoing", "in_review"}, {"vetting_ongoing", "cleared"}, {"vetting_ongoing", "referred"}, {"vetting_ongoing", "detained"},
		{"cleared", "in_review"},
		{"referred", "vetting_ongoing"}, {"referred", "cleared"}, {"referred", "detained"}, {"referred", "removed"},
		{"detained", "cleared"}, {"detained", "referred"}, {"detained", "removed"},
	} {
		want[p] = true
	}
	for _, from := range all {
		for _, to := range all {
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				if got := review.Allowed(from, to); got != want[[2]vetgraph.Status{from, to}] {
					t.Fatalf("Allowed = %v, want %v", got, !got)
				}
				s, _ := newService(t, review.Config{TwoPerson: []vetgraph.Topic{}})
				apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9), "b1"))
				toStatus(t, s, "P1", from)
				before, _ := s.Item(ctx, "P1", time.Time{})
				it, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: sue, To: to, Rationale: "test"})
				if want[[2]vetgraph.Status{from, to}] {
					if err != nil {
						t.Fatalf("Decide refused an allowed transition: %v", err)
					}
					if it.Status != to {
						t.Fatalf("status = %s, want %s", it.Status, to)
					}
					return
				}
				if got := vetgraph.ErrorCode(err); got != vetgraph.Invalid {
					t.Fatalf("Decide error code = %q (%v), want invalid", got, err)
				}
				after, _ := s.Item(ctx, "P1", time.Time{})
				if after.Status != from || after.Version != before.Version {
					t.Fatalf("refused decision changed the item: status %s v%d, want %s v%d", after.Status, after.Version, from, before.Version)
				}
			})
		}
	}
}

func TestDecisionRecordsAuthorTimeRationaleEvidence(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t, review.Config{})
	f := flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9)
	apply(t, s, delta(vetgraph.DeltaNew, nil, f, "b1"))
	if _, err := s.Claim(ctx, "P1", alice); err != nil {
		t.Fatal(err)
	}
	c.Add(time.Hour)
	it, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: alice, To: vetgraph.StatusInReview, Rationale: "starting review", Seen: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := vetgraph.Decision{Seq: 1, Author: "alice", Role: "analyst", At: t0.Add(time.Hour), From: "open", To: "in_review",
		Rationale: "starting review", Evidence: []vetgraph.Flag{*f}, Version: 2}
	if diff := cmp.Diff([]vetgraph.Decision{want}, it.Decisions); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
}

func TestDecideRefusals(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, review.Config{})
	apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9), "b1"))
	tests := []struct {
		name string
		req  review.DecideRequest
		code vetgraph.Code
	}{
		{"no rationale", review.DecideRequest{Person: "P1", By: sue, To: "in_review", Rationale: " "}, vetgraph.Invalid},
		{"unknown status", review.DecideRequest{Person: "P1", By: sue, To: "closed", Rationale: "x"}, vetgraph.Invalid},
		{"no item", review.DecideRequest{Person: "P9", By: sue, To: "in_review", Rationale: "x"}, vetgraph.NotFound},
		{"analyst not assignee", review.DecideRequest{Person: "P1", By: alice, To: "in_review", Rationale: "x"}, vetgraph.Forbidden},
		{"stale version", review.DecideRequest{Person: "P1", By: sue, To: "in_review", Rationale: "x", Seen: 7}, vetgraph.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Decide(ctx, tt.req)
			if got := vetgraph.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
		})
	}
}

func TestTwoPersonRule(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) *review.Service {
		s, _ := newService(t, review.Config{})
		apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "G", vetgraph.TopicTerror, 1, 0.7), "intel-1"))
		if _, err := s.Claim(ctx, "P1", alice); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: alice, To: vetgraph.StatusInReview, Rationale: "looking"}); err != nil {
			t.Fatal(err)
		}
		it, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: alice, To: vetgraph.StatusCleared, Rationale: "interviewed, no tie"})
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != vetgraph.StatusInReview || it.Pending == nil || it.Pending.To != vetgraph.StatusCleared {
			t.Fatalf("after first decision: status %s pending %+v, want in_review with a pending clear", it.Status, it.Pending)
		}
		return s
	}
	t.Run("author cannot confirm", func(t *testing.T) {
		s := setup(t)
		if _, err := s.Confirm(ctx, "P1", review.Actor{ID: "alice", Role: review.RoleSupervisor}, true, "me"); vetgraph.ErrorCode(err) != vetgraph.Forbidden {
			t.Fatalf("err = %v, want forbidden", err)
		}
	})
	t.Run("analyst cannot confirm", func(t *testing.T) {
		s := setup(t)
		if _, err := s.Confirm(ctx, "P1", bob, true, "ok"); vetgraph.ErrorCode(err) != vetgraph.Forbidden {
			t.Fatalf("err = %v, want forbidden", err)
		}
	})
	t.Run("no second decision while pending", func(t *testing.T) {
		s := setup(t)
		if _, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: sue, To: vetgraph.StatusDetained, Rationale: "x"}); vetgraph.ErrorCode(err) != vetgraph.Conflict {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
	t.Run("different supervisor approves", func(t *testing.T) {
		s := setup(t)
		it, err := s.Confirm(ctx, "P1", sue, true, "agree")
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != vetgraph.StatusCleared || it.Pending != nil {
			t.Fatalf("status %s pending %v, want cleared", it.Status, it.Pending)
		}
		last := it.Decisions[len(it.Decisions)-1]
		if last.Confirm == nil || last.Confirm.By != "sue" || !last.Confirm.Approved || last.Pending {
			t.Fatalf("last decision %+v: want confirmed by sue", last)
		}
	})
	t.Run("rejection keeps status", func(t *testing.T) {
		s := setup(t)
		it, err := s.Confirm(ctx, "P1", sue, false, "not enough")
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != vetgraph.StatusInReview || it.Pending != nil {
			t.Fatalf("status %s pending %v, want in_review and nothing pending", it.Status, it.Pending)
		}
	})
	t.Run("new evidence voids pending", func(t *testing.T) {
		s := setup(t)
		apply(t, s, delta(vetgraph.DeltaRaised, flag("P1", "G", vetgraph.TopicTerror, 1, 0.7), flag("P1", "G", vetgraph.TopicTerror, 1, 0.9), "intel-2"))
		it, _ := s.Item(ctx, "P1", time.Time{})
		if it.Pending != nil || it.Status != vetgraph.StatusInReview {
			t.Fatalf("pending %v status %s, want voided and in_review", it.Pending, it.Status)
		}
		if _, err := s.Confirm(ctx, "P1", sue, true, "late"); vetgraph.ErrorCode(err) != vetgraph.Conflict {
			t.Fatalf("confirm after void: %v, want conflict", err)
		}
	})
	t.Run("other category needs one person", func(t *testing.T) {
		s, _ := newService(t, review.Config{})
		apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P2", "N1", vetgraph.TopicTraffick, 1, 0.7), "b1"))
		toStatus(t, s, "P2", vetgraph.StatusInReview)
		it, err := s.Decide(ctx, review.DecideRequest{Person: "P2", By: sue, To: vetgraph.StatusCleared, Rationale: "client only"})
		if err != nil || it.Status != vetgraph.StatusCleared || it.Pending != nil {
			t.Fatalf("status %s pending %v err %v, want cleared at once", it.Status, it.Pending, err)
		}
	})
	t.Run("non-closing decision needs one person", func(t *testing.T) {
		s := setup(t)
		if _, err := s.Confirm(ctx, "P1", sue, false, "no"); err != nil {
			t.Fatal(err)
		}
		it, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: alice, To: vetgraph.StatusVettingOngoing, Rationale: "more checks"})
		if err != nil || it.Status != vetgraph.StatusVettingOngoing || it.Pending != nil {
			t.Fatalf("status %s pending %v err %v", it.Status, it.Pending, err)
		}
	})
}

func TestReopenOnNewEvidence(t *testing.T) {
	ctx := context.Background()
	for _, closed := range []vetgraph.Status{vetgraph.StatusCleared, vetgraph.StatusRemoved} {
		t.Run(string(closed), func(t *testing.T) {
			s, _ := newService(t, review.Config{})
			apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.5), "b1"))
			toStatus(t, s, "P1", closed)
			// A lowered flag does not re-open.
			ch := apply(t, s, delta(vetgraph.DeltaLowered, flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.5), flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.4), "b2"))
			if len(ch) != 1 || ch[0].Reopened {
				t.Fatalf("lowered: changes %+v, want one, not re-opened", ch)
			}
			ch = apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "G", vetgraph.TopicTerror, 1, 0.72), "intel-7"))
			want := []review.Change{{Person: "P1", Reopened: true, Status: vetgraph.StatusOpen}}
			if diff := cmp.Diff(want, ch); diff != "" {
				t.Fatalf("changes (-want +got):\n%s", diff)
			}
			it, _ := s.Item(ctx, "P1", time.Time{})
			wantReason := "re-opened by new evidence after the item was " + string(closed) + ": individual evidence of ties to designated group Net G new (degree 1, intel-7)"
			if it.Status != vetgraph.StatusOpen || it.ReopenReason != wantReason {
				t.Fatalf("status %s reason %q, want open %q", it.Status, it.ReopenReason, wantReason)
			}
			// The earlier outcome stays in the history.
			if last := it.Decisions[len(it.Decisions)-1]; last.To != closed {
				t.Fatalf("last decision to %s, want %s", last.To, closed)
			}
		})
	}
	for _, kept := range []vetgraph.Status{vetgraph.StatusReferred, vetgraph.StatusDetained, vetgraph.StatusVettingOngoing} {
		t.Run(string(kept)+" keeps its status", func(t *testing.T) {
			s, _ := newService(t, review.Config{})
			apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.5), "b1"))
			toStatus(t, s, "P1", kept)
			ch := apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "G", vetgraph.TopicTerror, 1, 0.72), "intel-7"))
			it, _ := s.Item(ctx, "P1", time.Time{})
			if ch[0].Reopened || it.Status != kept || !it.NewEvidence || it.ReopenReason != "" {
				t.Fatalf("change %+v item status %s new evidence %v, want %s kept and marked", ch[0], it.Status, it.NewEvidence, kept)
			}
			if n := it.Notes[len(it.Notes)-1]; n.Kind != "new_evidence" || !strings.Contains(n.Text, "status stays "+string(kept)) {
				t.Fatalf("last note %+v", n)
			}
			// The next decision clears the marker.
			next := map[vetgraph.Status]vetgraph.Status{"referred": "vetting_ongoing", "detained": "referred", "vetting_ongoing": "in_review"}[kept]
			it, err := s.Decide(ctx, review.DecideRequest{Person: "P1", By: sue, To: next, Rationale: "seen the new evidence"})
			if err != nil {
				t.Fatal(err)
			}
			if it.Pending != nil {
				it, _ = s.Confirm(ctx, "P1", sam, true, "ok")
			}
			if it.NewEvidence {
				t.Fatalf("marker kept after decision to %s", it.Status)
			}
		})
	}
	t.Run("active item is not re-opened", func(t *testing.T) {
		s, _ := newService(t, review.Config{})
		apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.5), "b1"))
		toStatus(t, s, "P1", vetgraph.StatusVettingOngoing)
		ch := apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "G", vetgraph.TopicTerror, 1, 0.72), "intel-7"))
		if ch[0].Reopened || ch[0].Status != vetgraph.StatusVettingOngoing {
			t.Fatalf("change %+v, want vetting_ongoing, not re-opened", ch[0])
		}
	})
	t.Run("ReopenFrom empty never re-opens", func(t *testing.T) {
		s, _ := newService(t, review.Config{ReopenFrom: []vetgraph.Status{}})
		apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 2, 0.5), "b1"))
		toStatus(t, s, "P1", vetgraph.StatusCleared)
		apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "G", vetgraph.TopicTerror, 1, 0.72), "intel-7"))
		if it, _ := s.Item(ctx, "P1", time.Time{}); it.Status != vetgraph.StatusCleared {
			t.Fatalf("status %s, want cleared", it.Status)
		}
	})
}

func TestWithdrawal(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, review.Config{})
	fN := flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9)
	fG := flag("P1", "G", vetgraph.TopicTerror, 1, 0.72)
	apply(t, s, delta(vetgraph.DeltaNew, nil, fN, "b1"), delta(vetgraph.DeltaNew, nil, fG, "intel-1"))
	toStatus(t, s, "P1", vetgraph.StatusVettingOngoing)
	hi, _ := s.Item(ctx, "P1", time.Time{})

	// The retraction removes the terror flag: the item is lowered, not closed.
	ch := apply(t, s, delta(vetgraph.DeltaCleared, fG, nil, "retract:intel-1"))
	it, _ := s.Item(ctx, "P1", time.Time{})
	if ch[0].Withdrawn || it.EvidenceWithdrawn || it.Status != vetgraph.StatusVettingOngoing || !(it.Priority < hi.Priority) {
		t.Fatalf("partial withdrawal: change %+v item status %s withdrawn %v priority %v (was %v)", ch[0], it.Status, it.EvidenceWithdrawn, it.Priority, hi.Priority)
	}
	if diff := cmp.Diff([]vetgraph.Flag{*fG}, it.Withdrawn); diff != "" {
		t.Fatalf("withdrawn (-want +got):\n%s", diff)
	}

	// The last basis goes: marked, kept, status unchanged.
	ch = apply(t, s, delta(vetgraph.DeltaCleared, fN, nil, "retract:b1"))
	it, _ = s.Item(ctx, "P1", time.Time{})
	if !ch[0].Withdrawn || !it.EvidenceWithdrawn || it.Status != vetgraph.StatusVettingOngoing || it.Priority != 0 || len(it.Flags) != 0 || len(it.Withdrawn) != 2 {
		t.Fatalf("full withdrawal: change %+v item %+v", ch[0], it)
	}
	if n := it.Notes[len(it.Notes)-1]; n.Kind != "withdrawn" || n.Actor != review.SystemActor {
		t.Fatalf("last note %+v, want a system 'withdrawn' note", n)
	}
	// Re-applying the same retraction changes nothing.
	if ch := apply(t, s, delta(vetgraph.DeltaCleared, fN, nil, "retract:b1")); len(ch) != 0 {
		t.Fatalf("re-applied retraction: %+v, want no change", ch)
	}
	// A cleared delta for an unknown person opens nothing.
	apply(t, s, delta(vetgraph.DeltaCleared, flag("P9", "N1", vetgraph.TopicTraffick, 1, 1), nil, "retract:b1"))
	if _, err := s.Item(ctx, "P9", time.Time{}); vetgraph.ErrorCode(err) != vetgraph.NotFound {
		t.Fatalf("P9: %v, want not found", err)
	}
}

func TestApplyIdempotent(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, review.Config{})
	d := delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9), "b1")
	if ch := apply(t, s, d); len(ch) != 1 || !ch[0].Opened {
		t.Fatalf("first apply: %+v", ch)
	}
	if ch := apply(t, s, d); len(ch) != 0 {
		t.Fatalf("second apply: %+v, want nothing", ch)
	}
	if it, _ := s.Item(ctx, "P1", time.Time{}); it.Version != 1 {
		t.Fatalf("version %d, want 1", it.Version)
	}
}

func TestConcurrentClaims(t *testing.T) {
	t.Run("memstore", func(t *testing.T) {
		concurrentClaims(t, review.New(memstore.New(), &clock{t: t0}, review.Config{MaxRetries: 100}, nil))
	})
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		concurrentClaims(t, review.New(st, &clock{t: t0}, review.Config{MaxRetries: 100}, nil))
	})
}

// concurrentClaims: 32 analysts claim one item at once while the system
// applies evidence to it; exactly one claim wins and every update lands.
func concurrentClaims(t *testing.T, s *review.Service) {
	ctx := context.Background()
	apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9), "b1"))
	const n = 32
	var wins, conflicts atomic.Int32
	var winner atomic.Value
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			a := review.Actor{ID: vetgraph.AnalystID(fmt.Sprintf("analyst-%02d", i)), Role: review.RoleAnalyst}
			_, err := s.Claim(ctx, "P1", a)
			switch {
			case err == nil:
				wins.Add(1)
				winner.Store(a.ID)
			case vetgraph.ErrorCode(err) == vetgraph.Conflict:
				conflicts.Add(1)
			default:
				t.Errorf("claim: %v", err)
			}
		})
	}
	// Meanwhile the system keeps applying evidence to the same item.
	wg.Go(func() {
		<-start
		for i := range 10 {
			f := flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.5+float64(i)/100)
			if _, err := s.Apply(ctx, []vetgraph.FlagDelta{delta(vetgraph.DeltaLowered, nil, f, "b2")}); err != nil {
				t.Errorf("apply: %v", err)
			}
		}
	})
	close(start)
	wg.Wait()
	if wins.Load() != 1 || conflicts.Load() != n-1 {
		t.Fatalf("wins %d conflicts %d, want 1 and %d", wins.Load(), conflicts.Load(), n-1)
	}
	it, _ := s.Item(ctx, "P1", time.Time{})
	if it.Assignee != winner.Load() {
		t.Fatalf("assignee %s, winner %v", it.Assignee, winner.Load())
	}
	if got, want := len(it.Notes), 1+1+10; got != want {
		t.Fatalf("%d notes, want %d (open, claim, 10 evidence updates): %+v", got, want, it.Notes)
	}
}

func TestClaimAndAssign(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, review.Config{})
	apply(t, s, delta(vetgraph.DeltaNew, nil, flag("P1", "N1", vetgraph.TopicTraffick, 1, 0.9), "b1"))
	steps := []struct {
		name     string
		do       func() (vetgraph.ReviewItem, error)
		code     vetgraph.Code
		assignee vetgraph.AnalystID
	}{
		{"alice claims", func() (vetgraph.ReviewItem, error) { return s.Claim(ctx, "P1", alice) }, "", "alice"},
		{"alice claims again", func() (vetgraph.ReviewItem, error) { return s.Claim(ctx, "P1", alice) }, "", "alice"},
		{"bob cannot claim", func() (vetgraph.ReviewItem, error) { return s.Claim(ctx, "P1", bob) }, vetgraph.Conflict, "alice"},
		{"bob cannot assign", func() (vetgraph.ReviewItem, error) { return s.Assign(ctx, "P1", "bob", bob) }, vetgraph.Forbidden, "alice"},
		{"sue assigns bob", func() (vetgraph.ReviewItem, error) { return s.Assign(ctx, "P1", "bob", sue) }, "", "bob"},
		{"bob releases", func() (vetgraph.ReviewItem, error) { return s.Assign(ctx, "P1", "", bob) }, "", ""},
		{"no item", func() (vetgraph.ReviewItem, error) { return s.Claim(ctx, "P9", bob) }, vetgraph.NotFound, ""},
	}
	for _, st := range steps {
		_, err := st.do()
		if got := vetgraph.ErrorCode(err); got != st.code {
			t.Fatalf("%s: code %q (%v), want %q", st.name, got, err, st.code)
		}
		if it, _ := s.Item(ctx, "P1", time.Time{}); it.Assignee != st.assignee {
			t.Fatalf("%s: assignee %q, want %q", st.name, it.Assignee, st.assignee)
		}
	}
}

func TestPriorityAndList(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t, review.Config{})
	apply(t, s,
		delta(vetgraph.DeltaNew, nil, flag("A", "N1", vetgraph.TopicTraffick, 2, 1), "b1"),  // 100·0.6·0.5 = 30
		delta(vetgraph.DeltaNew, nil, flag("B", "G", vetgraph.TopicTerror, 1, 0.72), "b1"),  // 100·1·0.8·0.72 = 57.6
		delta(vetgraph.DeltaNew, nil, flag("C", "N1", vetgraph.TopicTraffick, 1, 1), "b1"),  // 48
		delta(vetgraph.DeltaNew, nil, flag("C", "S", vetgraph.TopicSanction, 0, 0.5), "b1"), // 40; max 48
	)
	c.Add(30 * 24 * time.Hour)                                                                      // one half-life: recency 0.75
	apply(t, s, delta(vetgraph.DeltaNew, nil, flag("D", "N1", vetgraph.TopicTraffick, 1, 1), "b2")) // 48, fresh
	items, err := s.List(ctx, review.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		P vetgraph.EntityID
		Q float64
	}
	var got []row
	for _, it := range items {
		got = append(got, row{it.Person, it.Priority})
	}
	want := []row{{"D", 48}, {"B", 43.2}, {"C", 36}, {"A", 22.5}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("queue (-want +got):\n%s", diff)
	}
	// As of before D existed, at that moment's recency.
	items, _ = s.List(ctx, review.Filter{AsOf: t0})
	if len(items) != 3 || items[0].Person != "B" || items[0].Priority != 57.6 {
		t.Fatalf("as of t0: %+v", items)
	}
	toStatus(t, s, "B", vetgraph.StatusInReview)
	items, _ = s.List(ctx, review.Filter{Status: []vetgraph.Status{vetgraph.StatusOpen}, Category: vetgraph.TopicTraffick})
	if len(items) != 3 {
		t.Fatalf("open traffick items: %d, want 3", len(items))
	}
}

func TestStoreErrorsPropagate(t *testing.T) {
	s := review.New(failing{}, &clock{t: t0}, review.Config{}, nil)
	_, err := s.Apply(context.Background(), []vetgraph.FlagDelta{delta(vetgraph.DeltaNew, nil, flag("P", "N", vetgraph.TopicTraffick, 1, 1), "b")})
	if !errors.Is(err, errBoom) {
		t.Fatalf("err %v, want the store's", err)
	}
}

var errBoom = errors.New("boom")

type failing struct{}

func (failing) AppendEvents(context.Context, ...vetgraph.Event) ([]vetgraph.Event, error) {
	return nil, errBoom
}
func (failing) ScanEvents(context.Context, vetgraph.EventFilter, func(vetgraph.Event) error) error {
	return errBoom
}
func (failing) StreamVersion(context.Context, string) (int64, error) { return 0, errBoom }

// TestConcurrentClaimNext: 16 analysts take work from a queue of 10 items at
// once; each item goes to exactly one analyst, in priority order overall,
// and the rest are told the queue is empty.
func TestConcurrentClaimNext(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, review.Config{MaxRetries: 100})
	var ds []vetgraph.FlagDelta
	for i := range 10 {
		ds = append(ds, delta(vetgraph.DeltaNew, nil, flag(fmt.Sprintf("P%02d", i), "N1", vetgraph.TopicTraffick, 1, 0.1+float64(i)/20), "b1"))
	}
	apply(t, s, ds...)
	const n = 16
	var (
		mu    sync.Mutex
		got   = map[vetgraph.EntityID]vetgraph.AnalystID{}
		empty int
		wg    sync.WaitGroup
	)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			a := review.Actor{ID: vetgraph.AnalystID(fmt.Sprintf("a%02d", i)), Role: review.RoleAnalyst}
			it, err := s.ClaimNext(ctx, a, review.Filter{})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				if prev, dup := got[it.Person]; dup {
					t.Errorf("%s claimed by %s and %s", it.Person, prev, a.ID)
				}
				got[it.Person] = a.ID
			case vetgraph.ErrorCode(err) == vetgraph.NotFound:
				empty++
			default:
				t.Errorf("ClaimNext: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if len(got) != 10 || empty != n-10 {
		t.Fatalf("%d items claimed, %d told empty; want 10 and %d", len(got), empty, n-10)
	}
	for p, a := range got {
		if it, _ := s.Item(ctx, p, time.Time{}); it.Assignee != a {
			t.Errorf("%s held by %s, ClaimNext said %s", p, it.Assignee, a)
		}
	}
	// Sequentially, the queue hands out the highest priority first.
	s2, _ := newService(t, review.Config{})
	apply(t, s2, ds...)
	for _, want := range []vetgraph.EntityID{"P09", "P08", "P07"} {
		it, err := s2.ClaimNext(ctx, alice, review.Filter{})
		if err != nil || it.Person != want {
			t.Fatalf("ClaimNext = %s %v, want %s", it.Person, err, want)
		}
	}
}
