package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/memstore"
)

type tick struct {
	mu sync.Mutex
	t  time.Time
}

// Now advances one second per call, so every entry has its own time.
func (c *tick) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newClock() *tick { return &tick{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

func fill(t *testing.T, l *audit.Log, n int) {
	t.Helper()
	actions := []vetgraph.AuditAction{vetgraph.AuditReadPerson, vetgraph.AuditSearch, vetgraph.AuditDecision, vetgraph.AuditConfigChange}
	for i := range n {
		if _, err := l.Record(context.Background(), fmt.Sprintf("user%d", i%3), actions[i%len(actions)], fmt.Sprintf("E%d", i), map[string]string{"i": fmt.Sprint(i), "note": "x"}); err != nil {
			t.Fatal(err)
		}
	}
}

// events copies the audit stream out of a store.
func events(t *testing.T, st vetgraph.EventStore) []vetgraph.Event {
	t.Helper()
	var evs []vetgraph.Event
	if err := st.ScanEvents(context.Background(), vetgraph.EventFilter{Stream: vetgraph.AuditStream}, func(ev vetgraph.Event) error {
		evs = append(evs, ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs
}

// frozen is a read-only event store over a slice the test may tamper with.
type frozen []vetgraph.Event

func (f frozen) AppendEvents(context.Context, ...vetgraph.Event) ([]vetgraph.Event, error) {
	return nil, vetgraph.Errorf(vetgraph.Internal, "frozen", "read only")
}
func (f frozen) ScanEvents(_ context.Context, _ vetgraph.EventFilter, fn func(vetgraph.Event) error) error {
	for _, ev := range f {
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}
func (f frozen) StreamVersion(context.Context, string) (int64, error) { return int64(len(f)), nil }

func TestChainVerifies(t *testing.T) {
	st := memstore.New()
	l := audit.New(st, newClock())
	if r, err := l.Verify(context.Background()); err != nil || !r.OK || r.Entries != 0 {
		t.Fatalf("empty log: %+v %v", r, err)
	}
	fill(t, l, 20)
	r, err := l.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	es, _ := l.Entries(context.Background(), audit.Filter{})
	if !r.OK || r.Entries != 20 || r.Head != es[19].Hash {
		t.Fatalf("verify: %+v, want OK over 20 with head %s", r, es[19].Hash)
	}
	if es[0].Prev != "" || es[1].Prev != es[0].Hash {
		t.Fatalf("chain links: %q %q %q", es[0].Prev, es[1].Prev, es[0].Hash)
	}
	// A second Log on the same store continues the chain.
	l2 := audit.New(st, newClock())
	e, err := l2.Record(context.Background(), "ann", vetgraph.AuditSearch, "q=Djuraev", nil)
	if err != nil || e.Version != 21 || e.Prev != r.Head {
		t.Fatalf("continued entry %+v err %v", e, err)
	}
	if r, _ := l.Verify(context.Background()); !r.OK || r.Entries != 21 {
		t.Fatalf("after second writer: %+v", r)
	}
}

func TestTamper(t *testing.T) {
	st := memstore.New()
	fill(t, audit.New(st, newClock()), 10)
	orig := events(t, st)
	edit := func(i int, fn func(*audit.Entry)) frozen {
		evs := slices.Clone(orig)
		var e audit.Entry
		json.Unmarshal(evs[i].Data, &e)
		fn(&e)
		evs[i].Data, _ = json.Marshal(e)
		return evs
	}
	tests := []struct {
		name    string
		evs     frozen
		version int64
		reason  string
	}{
		{"altered subject", edit(4, func(e *audit.Entry) { e.Subject = "someone else" }), 5, "altered"},
		{"altered detail", edit(7, func(e *audit.Entry) { e.Detail["note"] = "y" }), 8, "altered"},
		{"altered time", edit(2, func(e *audit.Entry) { e.At = e.At.Add(time.Hour) }), 3, "altered"},
		{"altered actor", edit(4, func(e *audit.Entry) { e.Actor = "mallory" }), 5, "altered"},
		{"deleted entry", append(slices.Clone(orig[:3]), orig[4:]...), 5, "removed"},
		{"swapped entries", func() frozen {
			evs := slices.Clone(orig)
			evs[5], evs[6] = evs[6], evs[5]
			return evs
		}(), 7, "removed, inserted or reordered"},
		{"event actor rewritten", func() frozen {
			evs := slices.Clone(orig)
			evs[9].Actor = "mallory"
			return evs
		}(), 10, "disagree"},
		{"garbage", func() frozen {
			evs := slices.Clone(orig)
			evs[1].Data = json.RawMessage(`{"version":`)
			return evs
		}(), 2, "decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := audit.New(tt.evs, newClock()).Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || r.Broken == nil || r.Broken.Version != tt.version || !strings.Contains(r.Broken.Reason, tt.reason) {
				t.Fatalf("got %+v (break %+v), want a break at version %d mentioning %q", r, r.Broken, tt.version, tt.reason)
			}
		})
	}
	t.Run("rehash forward is caught at the next unchanged link", func(t *testing.T) {
		// A forger who edits entry 5 and recomputes its hash still breaks
		// entry 6, whose Prev names the old hash.
		evs := slices.Clone(orig)
		var e audit.Entry
		json.Unmarshal(evs[4].Data, &e)
		e.Subject = "forged"
		e.Hash = audit.HashOf(e)
		evs[4].Data, _ = json.Marshal(e)
		r, _ := audit.New(frozen(evs), newClock()).Verify(context.Background())
		if r.OK || r.Broken.Version != 6 || !strings.Contains(r.Broken.Reason, "prev") {
			t.Fatalf("got %+v %+v, want a break at 6 on prev", r, r.Broken)
		}
	})
	if r, _ := audit.New(frozen(orig), newClock()).Verify(context.Background()); !r.OK {
		t.Fatalf("untouched copy: %+v", r.Broken)
	}
}

func TestConcurrentRecord(t *testing.T) {
	st := memstore.New()
	logs := []*audit.Log{audit.New(st, newClock()), audit.New(st, newClock()), audit.New(st, newClock())}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			if _, err := logs[i%3].Record(context.Background(), "u", vetgraph.AuditReadPerson, fmt.Sprint(i), nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r, err := logs[0].Verify(context.Background())
	if err != nil || !r.OK || r.Entries != 30 {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestRecordValidates(t *testing.T) {
	l := audit.New(memstore.New(), newClock())
	_, err := l.Record(context.Background(), "", vetgraph.AuditSearch, "x", nil)
	if vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Fatalf("err %v, want invalid", err)
	}
}

func TestEntriesFilter(t *testing.T) {
	l := audit.New(memstore.New(), newClock())
	fill(t, l, 8)
	got, err := l.Entries(context.Background(), audit.Filter{Action: vetgraph.AuditDecision})
	if err != nil {
		t.Fatal(err)
	}
	var subj []string
	for _, e := range got {
		subj = append(subj, e.Subject)
	}
	if diff := cmp.Diff([]string{"E2", "E6"}, subj); diff != "" {
		t.Fatalf("decisions (-want +got):\n%s", diff)
	}
}

// TestAnchor: a forger with write access rewrites entry 4 and recomputes
// every hash after it. The chain verifies on its own; an anchor taken
// before the rewrite catches it, and one naming a truncated entry too.
func TestAnchor(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	l := audit.New(st, newClock())
	fill(t, l, 8)
	es, _ := l.Entries(ctx, audit.Filter{})
	anchor := audit.Anchor{Version: 6, Hash: es[5].Hash}
	if r, _ := l.Verify(ctx, anchor); !r.OK {
		t.Fatalf("untouched chain with its anchor: %+v", r.Broken)
	}
	evs := events(t, st)
	prev := es[2].Hash
	for i := 3; i < len(evs); i++ {
		var e audit.Entry
		json.Unmarshal(evs[i].Data, &e)
		if i == 3 {
			e.Subject = "forged"
		}
		e.Prev = prev
		e.Hash = audit.HashOf(e)
		prev = e.Hash
		evs[i].Data, _ = json.Marshal(e)
	}
	forged := audit.New(frozen(evs), newClock())
	if r, _ := forged.Verify(ctx); !r.OK {
		t.Fatalf("a fully rehashed chain verifies without an anchor (that is why anchors exist); got %+v", r.Broken)
	}
	r, _ := forged.Verify(ctx, anchor)
	if r.OK || r.Broken.Version != 6 || !strings.Contains(r.Broken.Reason, "anchor") {
		t.Fatalf("with the anchor: %+v %+v, want a break at 6", r, r.Broken)
	}
	r, _ = audit.New(frozen(evs[:4]), newClock()).Verify(ctx, anchor)
	if r.OK || r.Broken.Version != 6 || !strings.Contains(r.Broken.Reason, "truncated") {
		t.Fatalf("truncated: %+v %+v", r, r.Broken)
	}
}
