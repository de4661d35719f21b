package pipeline_test

import (
	"context"
	"errors"
	"iter"
	"testing"
	"time"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/review"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func rec(source, id, schema string, props ...string) vetgraph.Record {
	p := vetgraph.Properties{}
	for i := 0; i+1 < len(props); i += 2 {
		p.Add(props[i], props[i+1])
	}
	return vetgraph.Record{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: p}
}

func seq(recs ...vetgraph.Record) iter.Seq2[vetgraph.Record, error] {
	return func(yield func(vetgraph.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

type flagSet map[string]vetgraph.Degree // "person category concern" → degree

func flagsOf(t *testing.T, p *pipeline.Pipeline) flagSet {
	t.Helper()
	fs, err := p.Flags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := flagSet{}
	for _, f := range fs {
		out[string(f.Person)+" "+string(f.Category)+" "+string(f.Concern)] = f.Degree
	}
	return out
}

// TestPublishedCase plays a miniature of the published case through the
// pipeline: clients of network N1 are connected to N1 only; N1's
// facilitator's tie to group G is context; a retraction clears exactly what
// it alone supported; a replay of the store gives the same flags.
func TestPublishedCase(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	clk := &clock{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	p, err := pipeline.Open(ctx, st, pipeline.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	base := []vetgraph.Record{
		rec("enc", "c1", "Person", "name", "Alisher Qodirov", "birthDate", "1990-01-02", "passportNumber", "FA111"),
		rec("enc", "c2", "Person", "name", "Jamshid Rahimov", "birthDate", "1985-03-04", "passportNumber", "FA222"),
		rec("enc", "c3", "Person", "name", "Farrukh Tursunov", "birthDate", "1979-05-06", "passportNumber", "FA333"),
		rec("case", "guide1", "Person", "name", "Rustam Nazarov", "birthDate", "1970-07-08"),
		rec("case", "net-1", "Organization", "name", "Network One"),
		rec("case", "m1", "Membership", "member", "guide1", "organization", "net-1", "role", "guide"),
		rec("case", "d1", "UnknownLink", "subject", "c1", "object", "guide1", "role", "moved_by"),
		rec("case", "d2", "UnknownLink", "subject", "c2", "object", "net-1", "role", "moved_by"),
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "b1", Source: "base", Format: "ftm", ImportedAt: clk.t}, seq(base...)); err != nil {
		t.Fatal(err)
	}
	if got := flagsOf(t, p); len(got) != 0 {
		t.Fatalf("flags before any intelligence: %v", got)
	}

	clk.t = clk.t.Add(24 * time.Hour)
	b2 := vetgraph.Grade{Reliability: 'B', Credibility: '2'}
	intel := []vetgraph.Record{
		rec("R1", "net-1", "Organization", "name", "Network One", "topics", "crime.traffick"),
		rec("R1", "grp-1", "Organization", "name", "Group G", "topics", "crime.terror"),
		rec("R1", "fac1", "Person", "name", "Bahodir Karimov", "birthDate", "1975-01-01"),
		rec("R1", "m2", "Membership", "member", "fac1", "organization", "net-1", "role", "facilitator"),
		rec("R1", "t1", "UnknownLink", "subject", "fac1", "object", "grp-1", "role", "tied_to"),
	}
	res, err := p.Import(ctx, vetgraph.Batch{ID: "b2", Source: "R1", Format: "ftm", ImportedAt: clk.t, Grade: b2}, seq(intel...))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Deltas) == 0 {
		t.Fatal("intelligence produced no deltas")
	}
	ent := func(source, id string) string {
		e, ok := p.Resolver().EntityOf(vetgraph.RecordKey{Source: source, ID: id})
		if !ok {
			t.Fatalf("no entity for %s/%s", source, id)
		}
		return string(e)
	}
	net, grp := ent("case", "net-1"), ent("R1", "grp-1")
	got := flagsOf(t, p)
	for _, c := range []string{"c1", "c2"} {
		if _, ok := got[ent("enc", c)+" crime.traffick "+net]; !ok {
			t.Errorf("client %s not connected to network: %v", c, got)
		}
		if _, ok := got[ent("enc", c)+" crime.terror "+grp]; ok {
			t.Errorf("client %s got the facilitator's terror tie: %v", c, got)
		}
	}
	if d := got[ent("enc", "c2")+" crime.traffick "+net]; d != vetgraph.DegreeFirst {
		t.Errorf("c2 (debrief names the network) degree %d, want 1", d)
	}
	if d := got[ent("enc", "c1")+" crime.traffick "+net]; d != vetgraph.DegreeSecond {
		t.Errorf("c1 (via guide) degree %d, want 2", d)
	}
	if _, ok := got[ent("R1", "fac1")+" crime.terror "+grp]; !ok {
		t.Errorf("facilitator lacks own terror flag: %v", got)
	}
	for k := range got {
		if k[:len(ent("enc", "c3"))] == ent("enc", "c3") {
			t.Errorf("unconnected person flagged: %s", k)
		}
	}
	items, err := p.Review().List(ctx, review.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Error("no review items after flags were raised")
	}

	// Retract the intelligence: every flag it alone supported clears.
	clk.t = clk.t.Add(24 * time.Hour)
	deltas, _, err := p.Retract(ctx, "b2", "source withdrew the report", "analyst1")
	if err != nil {
		t.Fatal(err)
	}
	if got := flagsOf(t, p); len(got) != 0 {
		t.Errorf("flags after retraction: %v", got)
	}
	cleared := 0
	for _, d := range deltas {
		if d.Kind == vetgraph.DeltaCleared {
			cleared++
		}
	}
	if cleared == 0 {
		t.Error("retraction produced no cleared deltas")
	}
	if _, _, err := p.Retract(ctx, "b2", "again", "analyst1"); vetgraph.ErrorCode(err) != vetgraph.Conflict {
		t.Errorf("second retraction: %v, want conflict", err)
	}
	if _, _, err := p.Retract(ctx, "nope", "x", "analyst1"); vetgraph.ErrorCode(err) != vetgraph.NotFound {
		t.Errorf("unknown batch: %v, want not_found", err)
	}

	// Replays: now (no flags) and as of the day between (the flags were up).
	again, err := pipeline.Open(ctx, st, pipeline.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if got := flagsOf(t, again); len(got) != 0 {
		t.Errorf("replayed flags after retraction: %v", got)
	}
	then, err := pipeline.Open(ctx, st, pipeline.Options{Clock: clk, AsOf: clk.t.Add(-12 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	past := flagsOf(t, then)
	if len(past) != len(got) {
		t.Errorf("as-of replay has %d flags, live had %d before retraction", len(past), len(got))
	}
	if _, err := then.Import(ctx, vetgraph.Batch{ID: "x"}, seq()); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("import into as-of replay: %v", err)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	p, err := pipeline.Open(ctx, st, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bad := errors.New("line 2: bad")
	recs := func(yield func(vetgraph.Record, error) bool) {
		if !yield(rec("s", "1", "Person", "name", "A B"), nil) {
			return
		}
		yield(vetgraph.Record{}, bad)
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "b1", Source: "s", ImportedAt: time.Now()}, recs); !errors.Is(err, bad) {
		t.Fatalf("err = %v, want the reader's", err)
	}
	bs, _ := st.Batches(ctx)
	if len(bs) != 0 || len(p.Entities()) != 0 {
		t.Errorf("failed import left %d batches, %d entities", len(bs), len(p.Entities()))
	}
}
