package resolve

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

// guideRecords are a guide's fifteen crossings: his name in three forms,
// his own phone and his flat on every record, no birth date.
func guideRecords() []vetgraph.Record {
	var out []vetgraph.Record
	for i := range 15 {
		n := []string{"Sebastián Solís", "Sebastián SOLÍS", "Solís Sebastián"}[i%3]
		out = append(out, person("enc", fmt.Sprintf("g%02d", i), "name="+n, "gender=male",
			"phone=+52 55 0018 2137", "address=School St 97, block 166, apt 233, Guadalajara, MX"))
	}
	return out
}

// hotlineClients are twelve different people who each called the guide's
// phone.
func hotlineClients() []vetgraph.Record {
	var out []vetgraph.Record
	for i, n := range []string{"Aziz Rahimov", "Bahrom Tursunov", "Davron Yusupov", "Eldor Karimov", "Farrukh Saidov", "Gulom Ergashev",
		"Hamid Nazarov", "Ilhom Umarov", "Jasur Aliev", "Komil Sultanov", "Lutfullo Ospanov", "Mansur Kaliev"} {
		out = append(out, person("enc", fmt.Sprintf("k%02d", i), "name="+n, "phone=+52 55 0018 2137"))
	}
	return out
}

// TestGuideOwnPhone: a phone on more records than the generic limit that
// are all one man's (a guide met fifteen times) is his own, not generic:
// his records are one entity. Once twelve other people hold it too it is
// generic, his records' pairs are rescored, and the entities are those a
// fresh engine gives; when they are retracted it is his own again.
func TestGuideOwnPhone(t *testing.T) {
	guide, clients := guideRecords(), hotlineClients()
	fresh := func(recs ...[]vetgraph.Record) [][]string {
		e := New(DefaultConfig(), nil)
		for _, rs := range recs {
			for _, r := range rs {
				e.Add(r)
			}
		}
		return clusters(e)
	}
	e := New(DefaultConfig(), nil)
	for _, r := range guide {
		e.Add(r)
	}
	if e.Count() != 1 {
		t.Fatalf("the guide's fifteen records make %d entities, want 1: %s", e.Count(), e.Why(key("enc", "g00"), key("enc", "g01")).Reason)
	}
	ex := e.Why(key("enc", "g00"), key("enc", "g03"))
	if strings.Contains(ex.Reason, "generic phone") {
		t.Errorf("the guide's own phone is called generic: %s", ex.Reason)
	}
	// Every edge held scores what its pair scores now: the pairs of the
	// guide's records were rescored when the phone turned generic.
	current := func(when string) {
		t.Helper()
		e.held(func(i rid, x *rec) {
			for _, ed := range x.edges {
				if vd := e.evaluate(i, ed.to); float32(vd.v) != ed.value {
					t.Errorf("%s: edge %s-%s holds %v, the pair scores %v", when, x.key, e.rec(ed.to).key, ed.value, vd.v)
				}
			}
		})
	}
	for _, r := range clients {
		e.Add(r)
	}
	current("after the clients")
	if !strings.Contains(e.Why(key("enc", "g00"), key("enc", "g03")).Reason, "generic phone: held by 13 people") {
		t.Errorf("with twelve other holders the phone is not generic: %s", e.Why(key("enc", "g00"), key("enc", "g03")).Reason)
	}
	if diff := cmp.Diff(fresh(guide, clients), clusters(e)); diff != "" {
		t.Errorf("after the clients, entities differ from a fresh engine's (-fresh +incremental):\n%s", diff)
	}
	// Clients first, the guide after: the same entities.
	if diff := cmp.Diff(fresh(guide, clients), fresh(clients, guide)); diff != "" {
		t.Errorf("order changes the entities (-guide first +clients first):\n%s", diff)
	}
	var keys []vetgraph.RecordKey
	for _, r := range clients {
		keys = append(keys, r.Key)
	}
	e.Retract(keys[:len(keys)-1]...)
	current("after all clients but one are retracted")
	e.Retract(keys[len(keys)-1])
	if diff := cmp.Diff(fresh(guide), clusters(e)); diff != "" {
		t.Errorf("after the clients are retracted, entities differ from a fresh engine's (-fresh +incremental):\n%s", diff)
	}
	if e.Count() != 1 {
		t.Errorf("after the clients are retracted the guide's records make %d entities, want 1", e.Count())
	}
}
