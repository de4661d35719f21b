package resolve

import (
	"testing"

	"vetgraph"
)

// TestEventKeepsApart: two records involved in one event are two people,
// whichever arrives first, and become one again when the event goes.
func TestEventKeepsApart(t *testing.T) {
	a := person("enc", "p1", "name=Ailin Kalizoda", "address=1008 Cactus St, Calexico CA, US", "birthDate=1971-03-20", "passportNumber=TJ380668434")
	b := person("enc", "p2", "name=Ailin Kalizoda", "address=1008 Cactus St, Calexico CA, US", "birthDate=1971-03-20")
	ev := vetgraph.Record{Key: vetgraph.RecordKey{Source: "enc", ID: "ev1"}, Schema: vetgraph.SchemaEvent,
		Properties: vetgraph.Properties{"involved": {"p1", "p2"}}}
	same := func(e *Engine) bool {
		x, _ := e.EntityOf(a.Key)
		y, _ := e.EntityOf(b.Key)
		return x == y
	}
	e := New(DefaultConfig(), nil)
	e.Add(a)
	e.Add(b)
	if !same(e) {
		t.Fatalf("without the event the two records should be one person: %+v", e.Why(a.Key, b.Key))
	}
	e.Add(ev)
	if same(e) {
		t.Fatal("the event did not keep its people apart")
	}
	if ex := e.Why(a.Key, b.Key); ex.SameEntity || len(ex.Score.Pieces) != 1 || ex.Score.Pieces[0].Method != "same_event" {
		t.Fatalf("explanation: %+v", ex)
	}
	e.Retract(ev.Key)
	if !same(e) {
		t.Fatal("retracting the event did not let its people meet again")
	}
	f := New(DefaultConfig(), nil)
	f.AddAll([]vetgraph.Record{ev, a, b})
	if same(f) {
		t.Fatal("event first: its people were merged")
	}
}
