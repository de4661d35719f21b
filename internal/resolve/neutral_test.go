package resolve

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"vetgraph"
)

// Spellings of a few people's names, across scripts and romanizations, with
// typos: records of one person are drawn from its row.
var neutralNames = [][]string{
	{"Rustam Nazarov", "Рустам Назаров", "Rustam Nazarow", "Rustam Nazarv"},
	{"Dilnoza Yusupova", "Дилноза Юсупова", "Dilnoza Iusupova"},
	{"Jamshid Tursunov", "Жамшид Турсунов", "Djamshid Tursunov", "Jamshid Tursunow"},
	{"Aziz Rahimov", "Азиз Рахимов", "Aziz Rakhimov"},
	{"Aziz Rahimov", "Aziz Rakhimov"}, // a namesake with another birth date
	{"Farrukh Saidov", "Фаррух Саидов", "Farrukh Saydov"},
}

var neutralDates = []string{"1985-02-03", "1990-11-21", "1979-06-30", "1988-01-15", "1961-08-08", "1993-03-12"}

// genRecords draws records of a few people: each record takes a spelling,
// the person's birth date (sometimes missing, swapped or partial), sometimes
// the person's passport, sometimes the smugglers' shared phone, sometimes
// the person's own phone, sometimes a shared FtM id.
func genRecords(t *rapid.T) []vetgraph.Record {
	n := rapid.IntRange(2, 28).Draw(t, "records")
	recs := make([]vetgraph.Record, 0, n)
	for i := range n {
		p := rapid.IntRange(0, len(neutralNames)-1).Draw(t, "person")
		props := []string{"name=" + rapid.SampledFrom(neutralNames[p]).Draw(t, "name")}
		switch rapid.IntRange(0, 5).Draw(t, "date") {
		case 0: // none
		case 1:
			props = append(props, "birthDate="+neutralDates[p][:4])
		case 2:
			d := neutralDates[p]
			props = append(props, "birthDate="+d[:5]+d[8:10]+"-"+d[5:7]) // day and month swapped
		default:
			props = append(props, "birthDate="+neutralDates[p])
		}
		if rapid.IntRange(0, 2).Draw(t, "passport") == 0 {
			props = append(props, fmt.Sprintf("passportNumber=P%07d", 1000+p))
		}
		if rapid.Bool().Draw(t, "phone") {
			props = append(props, "phone=+52 664 555 0101")
		}
		if rapid.IntRange(0, 2).Draw(t, "ownPhone") == 0 {
			// The person's own phone: against a record holding the shared
			// phone alone it counts only while that one is not generic.
			props = append(props, fmt.Sprintf("phone=+7 900 555 01%02d", p))
		}
		id := fmt.Sprintf("r%d", i)
		if rapid.IntRange(0, 9).Draw(t, "sharedID") == 0 && i > 0 {
			id = fmt.Sprintf("r%d", rapid.IntRange(0, i-1).Draw(t, "sameAs"))
		}
		recs = append(recs, person(fmt.Sprintf("src%d", i), id, props...))
	}
	// Encounters: a few events, each involving some of the records' ids
	// (people met together are different people).
	for k := range rapid.IntRange(0, 3).Draw(t, "events") {
		var inv []string
		for range rapid.IntRange(2, 3).Draw(t, "involved") {
			inv = append(inv, recs[rapid.IntRange(0, n-1).Draw(t, "member")].Key.ID)
		}
		recs = append(recs, vetgraph.Record{Key: vetgraph.RecordKey{Source: "ev", ID: fmt.Sprintf("ev%d", k)}, Schema: vetgraph.SchemaEvent,
			Properties: vetgraph.Properties{"involved": inv}})
	}
	// Judgements: a reviewer says two records are one person, or two.
	for k := range rapid.IntRange(0, 2).Draw(t, "judgements") {
		role := rapid.SampledFrom([]string{vetgraph.RoleSameAs, vetgraph.RoleNotSameAs}).Draw(t, "role")
		a := recs[rapid.IntRange(0, n-1).Draw(t, "subject")].Key.ID
		b := recs[rapid.IntRange(0, n-1).Draw(t, "object")].Key.ID
		recs = append(recs, judgementRec(fmt.Sprintf("j%d", k), role, a, b))
	}
	return recs
}

// judgementRec is a reviewer's judgement that FtM ids a and b are one
// person (role same_as) or two (not_same_as).
func judgementRec(id, role, a, b string) vetgraph.Record {
	return vetgraph.Record{Key: vetgraph.RecordKey{Source: "review", ID: id}, Schema: vetgraph.SchemaUnknownLink,
		Properties: vetgraph.Properties{"subject": {a}, "object": {b}, "role": {role}}}
}

type op struct {
	add  bool
	rec  vetgraph.Record
	keys []vetgraph.RecordKey
}

// TestSequenceNeutrality: any order of adds and retractions gives the
// entities that resolving the final record set from scratch gives.
// rapid replays the fail files in testdata/rapid/TestSequenceNeutrality
// (named TestSequenceNeutrality-*.fail) before its random checks: one each
// for the rescoring when a name key becomes rarer (recompare) and when a
// phone turns generic or stops being so (phoneTurnedGeneric, and
// rescoreEdges in remove), each failing at once without its hook, and one
// kept from an earlier fix (89757c7) whose draws predate the own phones.
func TestSequenceNeutrality(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Weights.GenericLimit = 3 // so that the phone crosses the limit both ways
	cfg.BlockLimit = 4           // so that name blocks deactivate and reactivate
	rapid.Check(t, func(t *rapid.T) { checkNeutral(t, cfg, genRecords(t)) })
}

// TestSequenceNeutralityParties is TestSequenceNeutrality over travel
// parties met several times, their records often bearing a name alone, so
// that companions (companion.go) decide many pairs: the evidence from a
// fellow traveller comes and goes as records, events and base edges do.
func TestSequenceNeutralityParties(t *testing.T) {
	cfg := DefaultConfig()
	cfg.CompanionLimit = 2 // so that a companion becomes generic and stops being so
	companions := 0
	rapid.Check(t, func(t *rapid.T) {
		recs := genParties(t)
		checkNeutral(t, cfg, recs)
		companions += countCompanions(recs, cfg)
	})
	if companions == 0 {
		t.Fatal("no drawn world had a pair with a companion: the property tested nothing")
	}
}

// genParties draws two or three parties of people from neutralNames (a
// person may be in two parties: a guide), each met in two to four
// encounters by a subset of its people; a record bears the person's name
// and sometimes the birth date or passport.
func genParties(t *rapid.T) []vetgraph.Record {
	var recs []vetgraph.Record
	ev := 0
	for p := range rapid.IntRange(2, 3).Draw(t, "parties") {
		// People 3 and 4 are namesakes: in one party they make a companion
		// ambiguous.
		people := rapid.SliceOfNDistinct(rapid.IntRange(0, len(neutralNames)-1), 2, 4, rapid.ID[int]).Draw(t, "people")
		for k := range rapid.IntRange(2, 4).Draw(t, "meetings") {
			var inv []string
			for m, who := range people {
				if rapid.IntRange(0, 3).Draw(t, "absent") == 0 {
					continue
				}
				id := fmt.Sprintf("p%d-%d-%d", p, k, m)
				props := []string{"name=" + rapid.SampledFrom(neutralNames[who]).Draw(t, "name")}
				switch rapid.IntRange(0, 3).Draw(t, "evidence") {
				case 0:
					props = append(props, "birthDate="+neutralDates[who])
				case 1:
					props = append(props, fmt.Sprintf("passportNumber=P%07d", 1000+who))
				}
				recs = append(recs, person("enc", id, props...))
				inv = append(inv, id)
			}
			recs = append(recs, vetgraph.Record{Key: vetgraph.RecordKey{Source: "ev", ID: fmt.Sprintf("ev%d", ev)}, Schema: vetgraph.SchemaEvent,
				Properties: vetgraph.Properties{"involved": inv}})
			ev++
		}
	}
	return recs
}

// countCompanions counts the record pairs with a companion once all recs
// are held.
func countCompanions(recs []vetgraph.Record, cfg Config) int {
	e := New(cfg, nil)
	for _, r := range recs {
		e.Add(r)
	}
	n := 0
	for i := range e.recs.n {
		for j := range i {
			if _, ok := e.companion(rid(i), rid(j)); ok {
				n++
			}
		}
	}
	return n
}

// checkNeutral adds recs in a drawn order with drawn retractions and checks
// the entities and possible matches equal those of the final set resolved
// from scratch.
func checkNeutral(t *rapid.T, cfg Config, recs []vetgraph.Record) {
	{
		order := rapid.Permutation(recs).Draw(t, "order")
		var ops []op
		held := map[vetgraph.RecordKey]vetgraph.Record{}
		for _, r := range order {
			ops = append(ops, op{add: true, rec: r})
			held[r.Key] = r
			if rapid.IntRange(0, 2).Draw(t, "retract") == 0 {
				keys := make([]vetgraph.RecordKey, 0, len(held))
				for k := range held {
					keys = append(keys, k)
				}
				sortKeys(keys)
				k := rapid.SampledFrom(keys).Draw(t, "victim")
				ops = append(ops, op{keys: []vetgraph.RecordKey{k}})
				delete(held, k)
			}
		}
		e := New(cfg, nil)
		for n, o := range ops {
			if o.add {
				e.Add(o.rec)
			} else {
				e.Retract(o.keys...)
			}
			// Every edge held scores what the pair scores now.
			e.held(func(i rid, x *rec) {
				for _, ed := range x.edges {
					if vd := e.evaluate(i, ed.to); float32(vd.v) != ed.value {
						t.Fatalf("after operation %d (add %v, %v %v): edge %s-%s holds %v, the pair scores %v", n, o.add, o.rec.Key, o.keys, x.key, e.rec(ed.to).key, ed.value, vd.v)
					}
				}
			})
		}
		final := make([]vetgraph.Record, 0, len(held))
		for _, r := range held {
			final = append(final, r)
		}
		slices.SortFunc(final, func(a, b vetgraph.Record) int {
			if keyLess(a.Key, b.Key) {
				return -1
			}
			return 1
		})
		oracle := New(cfg, nil)
		for _, r := range final {
			oracle.Add(r)
		}
		if diff := cmp.Diff(clusters(oracle), clusters(e)); diff != "" {
			t.Fatalf("entities depend on the order (-from scratch +incremental):\n%s", diff)
		}
		if diff := cmp.Diff(oracle.Possible(), e.Possible()); diff != "" {
			t.Fatalf("possible matches depend on the order (-from scratch +incremental):\n%s", diff)
		}
		checkInvariants(t, e)
	}
}

// checkInvariants: every held record is in exactly one live entity, and
// every redirect leads to a live entity or to one whose records were all
// retracted.
func checkInvariants(t *rapid.T, e *Engine) {
	seen := map[vetgraph.RecordKey]vetgraph.EntityID{}
	for ent := range e.Entities() {
		if len(ent.Records) == 0 {
			t.Fatalf("entity %s has no records", ent.ID)
		}
		for _, k := range ent.Records {
			if prev, dup := seen[k]; dup {
				t.Fatalf("record %s in %s and %s", k, prev, ent.ID)
			}
			seen[k] = ent.ID
			if got, _ := e.EntityOf(k); got != ent.ID {
				t.Fatalf("EntityOf(%s) = %s, but %s lists it", k, got, ent.ID)
			}
		}
	}
	if len(seen) != e.Len() {
		t.Fatalf("entities hold %d records, engine %d", len(seen), e.Len())
	}
	// People met together in one encounter are two people: no entity holds
	// two records (of different FtM ids) involved in one event, unless
	// reviewers judged them one person (directly or through others judged
	// so: a decision rules over the evidence).
	judgedOne := map[string]string{} // FtM id → its class under same_as judgements
	var class func(string) string
	class = func(id string) string {
		if p, ok := judgedOne[id]; ok && p != id {
			return class(p)
		}
		return id
	}
	for _, j := range e.judg.pair {
		if same, _, _ := e.judg.judged(j.a, j.b); same {
			if a, b := class(j.a), class(j.b); a != b {
				judgedOne[a] = b
			}
		}
	}
	// Records judged two people are in two entities (unless a chain of
	// other judgements makes them one); records judged one person (and not
	// also two) are in one.
	for k, j := range e.judg.pair {
		for _, i := range e.holdersOf([]string{j.a}) {
			for _, h := range e.holdersOf([]string{j.b}) {
				same, apart, _ := e.judg.judged(j.a, j.b)
				if together := e.rec(i).ent == e.rec(h).ent; apart && together && class(j.a) != class(j.b) || same && !together {
					t.Fatalf("%s judged by %s (same %v, apart %v), yet in one entity: %v", k, k, same, apart, together)
				}
			}
		}
	}
	for ev, ids := range e.events.involved {
		for a, x := range ids {
			for _, y := range ids[a+1:] {
				if class(x) == class(y) {
					continue
				}
				for _, i := range e.holdersOf([]string{x}) {
					for _, j := range e.holdersOf([]string{y}) {
						if e.rec(i).ent == e.rec(j).ent {
							t.Fatalf("entity %s holds %s and %s, both involved in %s", e.rec(i).ent.id, e.rec(i).key, e.rec(j).key, ev)
						}
					}
				}
			}
		}
	}
}

// TestReplayGivesSameIDs: the same log order gives the same ids.
func TestReplayGivesSameIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		recs := genRecords(t)
		run := func() []vetgraph.Entity {
			e := New(DefaultConfig(), nil)
			for i, r := range recs {
				e.Add(r)
				if i%4 == 3 {
					e.Retract(recs[i/2].Key)
				}
			}
			return slices.Collect(e.Entities())
		}
		if diff := cmp.Diff(run(), run()); diff != "" {
			t.Fatalf("replay gave other entities or ids:\n%s", diff)
		}
	})
}
