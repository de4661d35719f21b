package resolve

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

const household = "address=Manas Ave 298, apt 17, Bokhtar, TJ"

// A mother and her daughter of one name, met together, each met again
// later; a record with the name and the household address alone fits both
// and may be only one: it stays on its own, a possible match for review,
// and never makes mother and daughter one entity.
func TestKeptApartAmbiguous(t *testing.T) {
	recs := []vetgraph.Record{
		person("enc", "m0", "name=Aruuzat Nurgalizoda", "birthDate=1980-12-02", "passportNumber=TJ780037131", household),
		person("enc", "d0", "name=Aruuzat Nurgalizoda", "birthDate=2012-08-25", "phone=+992904905228", household),
		event("ev0", "m0", "d0"),
		person("enc", "m1", "name=Aruuzat Nurgalizoda", "birthDate=1980-12-02", "passportNumber=TJ780037131", household),
		person("enc", "d1", "name=Aruuzat Nurgalizoda", "birthDate=2012-08-25", "phone=+992904905228", household),
		person("enc", "x", "name=Aruzat Nurgalizoda", household),
	}
	want := [][]string{{"enc/d0", "enc/d1"}, {"enc/m0", "enc/m1"}, {"enc/x"}}
	// Every order gives the same entities (the event first, last, between).
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5}, {5, 3, 4, 0, 1, 2}, {0, 5, 1, 3, 4, 2}, {2, 5, 4, 3, 1, 0}} {
		e := New(DefaultConfig(), nil)
		for _, k := range order {
			e.Add(recs[k])
		}
		if diff := cmp.Diff(want, clusters(e)); diff != "" {
			t.Fatalf("order %v: entities (-want +got):\n%s", order, diff)
		}
		// x matches each of them, and the pairs wait for a reviewer.
		ex := e.Why(key("enc", "x"), key("enc", "m1"))
		if ex.Score.Value < e.Config().Match || ex.SameEntity || ex.Decision != vetgraph.DecisionPossible || ex.Apart == "" {
			t.Fatalf("order %v: x~m1 %+v", order, ex)
		}
		if !strings.Contains(ex.Reason, "kept for review") || !strings.Contains(ex.Reason, "reviewer decides") ||
			!strings.Contains(ex.Reason, "enc/m0 and enc/d0 were both met in ev/ev0") && !strings.Contains(ex.Reason, "enc/d0 and enc/m0 were both met in ev/ev0") {
			t.Errorf("reason: %s", ex.Reason)
		}
		var xs []string
		for _, p := range e.Possible() {
			if p.A == key("enc", "x") || p.B == key("enc", "x") {
				xs = append(xs, p.A.String()+"~"+p.B.String())
			}
		}
		if len(xs) != 4 {
			t.Errorf("order %v: possible matches of x: %v, want its four matches", order, xs)
		}
	}
}

// A record that fits one of the two clearly better (it has the mother's
// birth date) joins her; the daughter stays apart.
func TestKeptApartClearWinner(t *testing.T) {
	e := New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{
		person("enc", "m0", "name=Aruuzat Nurgalizoda", "birthDate=1980-12-02", household),
		person("enc", "d0", "name=Aruuzat Nurgalizoda", "birthDate=2012-08-25", household),
		event("ev0", "m0", "d0"),
		person("enc", "x", "name=Aruzat Nurgalizoda", "birthDate=1980", household),
	} {
		e.Add(r)
	}
	want := [][]string{{"enc/d0"}, {"enc/m0", "enc/x"}}
	if diff := cmp.Diff(want, clusters(e)); diff != "" {
		t.Fatalf("entities (-want +got):\n%s", diff)
	}
}

// An event arriving after the records splits the entity the records had
// made of two people; retracting the event joins them again. Both are
// recorded as changes, and the ids follow the merge and split rules.
func TestKeptApartEventLateAndRetracted(t *testing.T) {
	e := New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{
		person("enc", "a0", "name=Rustam Nazarov", "birthDate=1985-02-03", "passportNumber=P0001000"),
		person("enc", "a1", "name=Rustam Nazarov", "passportNumber=P0001000"),
		person("enc", "b0", "name=Rustam Nazarov", "birthDate=1985-02-03", "passportNumber=P0001000"),
	} {
		e.Add(r)
	}
	if got := clusters(e); len(got) != 1 {
		t.Fatalf("before the event: %v, want one entity", got)
	}
	before := mustEntity(t, e, key("enc", "a0"))
	// a0 and b0 were met together: two people, though every field agrees;
	// a1 fits both equally and stays on its own.
	ch := e.Add(event("ev0", "a0", "b0"))
	got := clusters(e)
	if diff := cmp.Diff([][]string{{"enc/a0"}, {"enc/a1"}, {"enc/b0"}}, got); diff != "" {
		t.Fatalf("after the event (-want +got):\n%s", diff)
	}
	if mustEntity(t, e, key("enc", "a0")) == mustEntity(t, e, key("enc", "b0")) {
		t.Fatalf("a0 and b0 in one entity after the event: %v", got)
	}
	if len(ch.Splits) == 0 || len(ch.Created) == 0 {
		t.Fatalf("the event's change lists no split: %+v", ch)
	}
	if mustEntity(t, e, key("enc", "a0")) != before && mustEntity(t, e, key("enc", "b0")) != before {
		t.Errorf("neither part kept the id %s", before)
	}
	parts := []vetgraph.EntityID{mustEntity(t, e, key("enc", "a0")), mustEntity(t, e, key("enc", "a1")), mustEntity(t, e, key("enc", "b0"))}
	ch = e.Retract(key("ev", "ev0"))
	if got := clusters(e); len(got) != 1 {
		t.Fatalf("after retracting the event: %v, want one entity again", got)
	}
	if len(ch.Merged) != 2 {
		t.Fatalf("the retraction's change lists %d merges, want 2: %+v", len(ch.Merged), ch)
	}
	// The survivor is the part with the smallest id (equal sizes); the
	// others redirect to it.
	surv := mustEntity(t, e, key("enc", "a0"))
	if surv != min(parts[0], parts[1], parts[2]) {
		t.Errorf("survivor %s, want the smallest of %v", surv, parts)
	}
	for _, p := range parts {
		if live, ok := e.Resolve(p); !ok || live != surv {
			t.Errorf("Resolve(%s) = %s, %v; want %s", p, live, ok, surv)
		}
	}
}

// With ambiguity_bits 0 a record is left on its own only when it fits the
// other person better than the one it was placed with, never on a tie: the
// tied record of TestKeptApartAmbiguous joins one of them (by record key),
// and mother and daughter still stay apart.
func TestKeptApartMarginConfig(t *testing.T) {
	cfg := DefaultConfig()
	cfg.AmbiguityBits = 0
	e := New(cfg, nil)
	for _, r := range []vetgraph.Record{
		person("enc", "m0", "name=Aruuzat Nurgalizoda", "birthDate=1980-12-02", "passportNumber=TJ780037131", household),
		person("enc", "d0", "name=Aruuzat Nurgalizoda", "birthDate=2012-08-25", "phone=+992904905228", household),
		event("ev0", "m0", "d0"),
		person("enc", "x", "name=Aruzat Nurgalizoda", household),
	} {
		e.Add(r)
	}
	if joined(e, key("enc", "m0"), key("enc", "d0")) {
		t.Fatalf("mother and daughter in one entity: %v", clusters(e))
	}
	if !joined(e, key("enc", "x"), key("enc", "m0")) && !joined(e, key("enc", "x"), key("enc", "d0")) {
		t.Errorf("with no margin the tied record should be placed: %v", clusters(e))
	}
}
