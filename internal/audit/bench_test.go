package audit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/memstore"
	"vetgraph/internal/sqlite"
)

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

// BenchmarkRecord appends one audit entry (hash, encode, store).
func BenchmarkRecord(b *testing.B) {
	benchStores(b, func(b *testing.B, st vetgraph.EventStore) {
		l := audit.New(st, newClock())
		ctx := context.Background()
		detail := map[string]string{"via": "review show", "as_of": ""}
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			if _, err := l.Record(ctx, "ann", vetgraph.AuditReadPerson, fmt.Sprint(i), detail); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerify10k recomputes a chain of 10,000 entries.
func BenchmarkVerify10k(b *testing.B) {
	benchStores(b, func(b *testing.B, st vetgraph.EventStore) {
		ctx := context.Background()
		clk := newClock()
		evs := make([]vetgraph.Event, 0, 10_000)
		// Build the chain through a Log on a scratch store, then copy it in
		// one append (fast setup).
		scratch := memstore.New()
		l := audit.New(scratch, clk)
		for i := range 10_000 {
			if _, err := l.Record(ctx, "ann", vetgraph.AuditSearch, fmt.Sprint(i), map[string]string{"q": "Djuraev"}); err != nil {
				b.Fatal(err)
			}
		}
		scratch.ScanEvents(ctx, vetgraph.EventFilter{}, func(ev vetgraph.Event) error { evs = append(evs, ev); return nil })
		if _, err := st.AppendEvents(ctx, evs...); err != nil {
			b.Fatal(err)
		}
		v := audit.New(st, clk)
		b.ReportAllocs()
		for b.Loop() {
			r, err := v.Verify(ctx)
			if err != nil || !r.OK || r.Entries != 10_000 {
				b.Fatal(r, err)
			}
		}
	})
}
