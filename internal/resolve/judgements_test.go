package resolve

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

// A reviewer's same_as joins two records the evidence leaves apart; the
// explanation names the decision; withdrawing it parts them again.
func TestJudgementSame(t *testing.T) {
	payer := person("case", "payer-1", "name=Bilal Alinurovich SMAGULOV", "passportNumber=TJ813960199", "address=River Rd 270, apt 50, Khujand, TJ")
	enc := person("enc", "e1", "name=Bilal Alinurovich Smagulov", "birthDate=1987-03-18", "address=1007 Mesa St, Douglas AZ, US")
	j := judgementRec("j1", vetgraph.RoleSameAs, "payer-1", "e1")
	j.Properties.Add("summary", "the receipt names the same father and town")

	e := New(DefaultConfig(), nil)
	e.Add(payer)
	e.Add(enc)
	if joined(e, key("case", "payer-1"), key("enc", "e1")) {
		t.Fatal("payer and encounter one entity before any decision: the test needs a pair the evidence leaves apart")
	}
	ch := e.Add(j)
	if !joined(e, key("case", "payer-1"), key("enc", "e1")) {
		t.Fatalf("not one entity after same_as: %v", clusters(e))
	}
	if len(ch.Merged) != 1 {
		t.Errorf("the judgement's change lists %d merges, want 1: %+v", len(ch.Merged), ch)
	}
	ex := e.Why(key("case", "payer-1"), key("enc", "e1"))
	if ex.Decision != vetgraph.DecisionSame || len(ex.Score.Pieces) != 1 || ex.Score.Pieces[0].Kind != "judgement" ||
		!strings.Contains(ex.Reason, "recorded decision") || !strings.Contains(ex.Reason, "review/j1: the receipt names the same father and town") {
		t.Errorf("why: %+v", ex)
	}
	e.Retract(j.Key)
	if joined(e, key("case", "payer-1"), key("enc", "e1")) {
		t.Fatalf("still one entity after the judgement was withdrawn: %v", clusters(e))
	}

	// The judgement may arrive first: the records meet when they come.
	e = New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{j, enc, payer} {
		e.Add(r)
	}
	if !joined(e, key("case", "payer-1"), key("enc", "e1")) {
		t.Fatalf("judgement first: %v", clusters(e))
	}
}

// A reviewer's not_same_as parts two records that share a passport; a third
// record that fits both equally stays on its own; a pair judged both ways is
// two people; withdrawing the decisions joins them again.
func TestJudgementDifferent(t *testing.T) {
	recs := []vetgraph.Record{
		person("enc", "a", "name=Mukhammad Isaev", "birthDate=1979-12-12", "passportNumber=KG858468016"),
		person("enc", "b", "name=Mukhammad Isaev", "birthDate=1979-12-12", "passportNumber=KG858468016"),
		person("enc", "c", "name=Mukhammad Isaev", "birthDate=1979-12-12", "passportNumber=KG858468016"),
	}
	two := judgementRec("j1", vetgraph.RoleNotSameAs, "a", "b")
	one := judgementRec("j2", vetgraph.RoleSameAs, "a", "b")
	e := New(DefaultConfig(), nil)
	for _, r := range recs {
		e.Add(r)
	}
	e.Add(two)
	if diff := cmp.Diff([][]string{{"enc/a"}, {"enc/b"}, {"enc/c"}}, clusters(e)); diff != "" {
		t.Fatalf("after not_same_as (-want +got):\n%s", diff)
	}
	if ex := e.Why(key("enc", "a"), key("enc", "b")); ex.SameEntity || ex.Score.Match || !strings.Contains(ex.Reason, "judged two people by review/j1") {
		t.Errorf("why a~b: %+v", ex)
	}
	if ex := e.Why(key("enc", "c"), key("enc", "a")); ex.Decision != vetgraph.DecisionPossible || !strings.Contains(ex.Apart, "judged two people") {
		t.Errorf("why c~a: %+v", ex)
	}
	// Judged both ways: two people.
	e.Add(one)
	if sameEntity(e, "a", "b") {
		t.Fatalf("judged both ways, yet one entity: %v", clusters(e))
	}
	e.Retract(two.Key)
	if !sameEntity(e, "a", "b") {
		t.Fatalf("only same_as left, yet apart: %v", clusters(e))
	}
	e.Retract(one.Key)
	if diff := cmp.Diff([][]string{{"enc/a", "enc/b", "enc/c"}}, clusters(e)); diff != "" {
		t.Fatalf("all decisions withdrawn (-want +got):\n%s", diff)
	}
}

// joined reports whether records a and b are held in one entity.
func joined(e *Engine, a, b vetgraph.RecordKey) bool {
	x, okA := e.EntityOf(a)
	y, okB := e.EntityOf(b)
	return okA && okB && x == y
}

// Decisions that contradict each other through a chain (a same as b, b same
// as c, a not c) make one entity and are listed for a reviewer to settle.
func TestJudgementContradictions(t *testing.T) {
	e := New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{
		person("enc", "a", "name=Rustam Nazarov"),
		person("enc", "b", "name=Dilnoza Yusupova"),
		person("enc", "c", "name=Farrukh Saidov"),
		judgementRec("j1", vetgraph.RoleSameAs, "a", "b"),
		judgementRec("j2", vetgraph.RoleSameAs, "b", "c"),
		judgementRec("j3", vetgraph.RoleNotSameAs, "a", "c"),
	} {
		e.Add(r)
	}
	if !joined(e, key("enc", "a"), key("enc", "c")) {
		t.Fatalf("the same_as chain should hold a, b and c together: %v", clusters(e))
	}
	got := e.Contradictions()
	if len(got) != 1 || got[0].A != key("enc", "a") || got[0].B != key("enc", "c") {
		t.Fatalf("contradictions %+v, want a~c", got)
	}
	e.Retract(key("review", "j2"))
	if got := e.Contradictions(); len(got) != 0 {
		t.Errorf("after withdrawing one decision: %+v", got)
	}
}
