package resolve

import (
	"testing"

	"vetgraph"
)

// A merge that rests on one match just over the threshold (namesakes whose
// birth dates differ by one digit) is listed for a reviewer; a merge on a
// passport is not; a reviewer's "different" undoes the weak one and its
// "same" takes it off the list.
func TestWeakMerges(t *testing.T) {
	e := New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{
		person("enc", "a", "name=Nurislam Ibragimov", "birthDate=1982-07-17", "phone=+525500316760", "address=1015 Cactus St, El Paso TX, US"),
		person("enc", "b", "name=Nurislam Ibragimov", "birthDate=1982-01-17", "phone=+525500308841", "address=Victory St 287, apt 69, Jalal-Abad, KG"),
		person("enc", "c", "name=Dilnoza Yusupova", "birthDate=1990-11-21", "passportNumber=P0001001"),
		person("enc", "d", "name=Дилноза Юсупова", "passportNumber=P0001001"),
	} {
		e.Add(r)
	}
	if !joined(e, key("enc", "a"), key("enc", "b")) || !joined(e, key("enc", "c"), key("enc", "d")) {
		t.Fatalf("the test needs both pairs merged: %v", clusters(e))
	}
	weak := e.WeakMerges()
	if len(weak) != 1 || weak[0].A != key("enc", "a") || weak[0].B != key("enc", "b") {
		t.Fatalf("weak merges: %+v, want only a~b", weak)
	}
	id, _ := e.EntityOf(key("enc", "a"))
	if ex, _ := e.Explain(id); len(ex.Matches) != 1 || !ex.Matches[0].Weak {
		t.Errorf("the entity's explanation does not mark its weak match: %+v", ex.Matches)
	}
	id, _ = e.EntityOf(key("enc", "c"))
	if ex, _ := e.Explain(id); len(ex.Matches) != 1 || ex.Matches[0].Weak {
		t.Errorf("a passport match is marked weak: %+v", ex.Matches)
	}
	e.Add(judgementRec("j1", vetgraph.RoleSameAs, "a", "b"))
	if weak := e.WeakMerges(); len(weak) != 0 {
		t.Errorf("a merge a reviewer confirmed is still listed: %+v", weak)
	}
	e.Retract(key("review", "j1"))
	e.Add(judgementRec("j2", vetgraph.RoleNotSameAs, "a", "b"))
	if joined(e, key("enc", "a"), key("enc", "b")) || len(e.WeakMerges()) != 0 {
		t.Errorf("after \"different\": %v, weak %+v", clusters(e), e.WeakMerges())
	}
}

// Two weak matches side by side (one record matching two records of one
// person, each near the threshold) are both listed: neither is a bridge,
// yet only weak matches join the record to the rest.
func TestWeakMergesParallel(t *testing.T) {
	// A stricter match threshold than the default (about 10 bits), so that
	// these few records, whose rare name weighs much, match near it.
	cfg := DefaultConfig()
	cfg.Match = 0.999
	e := New(cfg, nil)
	for _, r := range []vetgraph.Record{
		person("enc", "u1", "name=Usman Omarzoda", "birthDate=1998-10-04", "passportNumber=TJ111", "address=Central St 55, apt 62, Dushanbe, TJ"),
		person("enc", "u2", "name=Usman Omarzoda", "birthDate=1998-10-04", "passportNumber=TJ111", "address=Central St 55, apt 62, Dushanbe, TJ"),
		person("enc", "x", "name=Usman Omarzoda", "birthDate=1990-10-04", "address=1014 Mesa St, Calexico CA, US", "phone=+52 55 0031 6760"),
	} {
		e.Add(r)
	}
	if !joined(e, key("enc", "x"), key("enc", "u1")) {
		t.Fatalf("the test needs x merged with u1 and u2: %v; x~u1 %s", clusters(e), e.Why(key("enc", "x"), key("enc", "u1")).Reason)
	}
	weak := e.WeakMerges()
	if len(weak) != 2 {
		t.Fatalf("weak merges %+v, want x~u1 and x~u2", weak)
	}
	for _, w := range weak {
		if w.A != key("enc", "x") && w.B != key("enc", "x") {
			t.Errorf("%s ~ %s listed: the passport match is strong", w.A, w.B)
		}
	}
}
