package resolve

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

// TestRelated: an entity lists its near misses, records its records meet
// that score below the possible-match threshold but no lower than
// related_bits, one pair per other entity, strongest first; not the pairs
// known to be two people (met together, or judged two), not the possible
// matches (listed as such), not the pairs below related_bits.
func TestRelated(t *testing.T) {
	// Each record of a person, with one slip each (Viraj: Vriaj, Viarj):
	// the same phone, two typos apart in a short name, other addresses.
	a := person("enc", "a", "name=Vriaj Ali", "gender=male", "phone=+91930585400", "address=1009 Border St, El Paso TX, US")
	b := person("enc", "b", "name=Viarj Ali", "gender=male", "phone=+91930585400", "address=Lenin St 91, apt 153, New Delhi, IN")
	b2 := person("enc", "b2", "name=Viarj Ali", "gender=male", "passportNumber=IN5550001", "phone=+91930585400", "address=Lenin St 91, apt 153, New Delhi, IN")
	b3 := person("enc", "b3", "name=Viarj Ali", "gender=male", "passportNumber=IN5550001")
	// Nothing in common with a but the phone and gender (a relative, the
	// smuggler's other client): -2 prior, +5 phone, -5 name, +0.5 gender.
	d := person("enc", "d", "name=Rustam Karimov", "gender=male", "phone=+91930585400")

	e := New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{a, b, b2, b3, d} {
		e.Add(r)
	}
	if sameEntity(e, "a", "b") || !sameEntity(e, "b", "b2") || !sameEntity(e, "b2", "b3") || sameEntity(e, "a", "d") {
		t.Fatalf("entities %v: want a alone and b, b2, b3 one person", clusters(e))
	}
	ids := func(exs []Explanation) []string {
		out := []string{}
		for _, ex := range exs {
			out = append(out, ex.A.ID+"~"+ex.B.ID)
		}
		return out
	}
	ea := mustEntity(t, e, encKey("a"))
	got := e.Related(ea, 0)
	// b and b2 tie (b3 does not meet a); b is the smaller key. d scores
	// -1.5 bits, but the names share nothing.
	if diff := cmp.Diff([]string{"a~b"}, ids(got)); diff != "" {
		t.Errorf("related of a (-want +got):\n%s", diff)
	}
	if len(got) == 1 && (got[0].Bits >= 2 || got[0].Bits < -3 || got[0].SameEntity || got[0].Reason == "") {
		t.Errorf("related pair %+v: want an explained pair between -3 and 2 bits", got[0])
	}
	eb := mustEntity(t, e, encKey("b"))
	if diff := cmp.Diff([]string{"b~a"}, ids(e.Related(eb, 0))); diff != "" {
		t.Errorf("related of b (-want +got):\n%s", diff)
	}
	if ex, _ := e.Explain(ea); len(ex.Related) != 1 {
		t.Errorf("Explain lists %d related, want 1: %+v", len(ex.Related), ex.Related)
	}

	// Judged two people (a and b3): the entities are two people, no pair
	// of theirs is listed.
	e.Add(judgementRec("j1", vetgraph.RoleNotSameAs, "a", "b3"))
	if got := e.Related(ea, 0); len(got) != 0 {
		t.Errorf("after a judgement of two people: related %v, want none", ids(got))
	}
	// Met together at the border: two people.
	e2 := New(DefaultConfig(), nil)
	for _, r := range []vetgraph.Record{a, b, event("ev1", "a", "b")} {
		e2.Add(r)
	}
	if got := e2.Related(mustEntity(t, e2, encKey("a")), 0); len(got) != 0 {
		t.Errorf("met together: related %v, want none", ids(got))
	}
	// The config's floor: at -2 bits the pair (-2.5) is not listed.
	cfg := DefaultConfig()
	cfg.RelatedBits = -2
	e3 := New(cfg, nil)
	for _, r := range []vetgraph.Record{a, b} {
		e3.Add(r)
	}
	if got := e3.Related(mustEntity(t, e3, encKey("a")), 0); len(got) != 0 {
		t.Errorf("related_bits -2: related %v, want none", ids(got))
	}
	// A possible match is listed as one, not as a near miss.
	e4 := New(DefaultConfig(), nil)
	p1 := person("enc", "p1", "name=Alinur Karimov", "gender=male", "phone=+996555000111", "address=Calle Juarez 125, apt 75, Bishkek, KG")
	p2 := person("enc", "p2", "name=Alinur Karimov", "gender=male", "phone=+996555000222", "address=1014 Mesa St, Calexico CA, US")
	e4.Add(p1)
	e4.Add(p2)
	if len(e4.Possible()) != 1 {
		t.Fatalf("want p1 ~ p2 a possible match: entities %v, possible %+v", clusters(e4), e4.Possible())
	}
	if got := e4.Related(mustEntity(t, e4, encKey("p1")), 0); len(got) != 0 {
		t.Errorf("a possible match listed as related: %v", ids(got))
	}
}

// TestCrowdedKeys: a payer's casefile (Mkhammed Alinurovich Kusainov, a
// passport and a phone) and the encounter of the same man (Кусаинов Мұхаммед
// Алинур ўғли, a birth date and a stash address) share one blocking key, his
// two names, and more namesakes than the block limit hold it: they are
// never compared on the way in. Someone who asks, on the payer's page
// (Related) or in a screening query (Candidates), is shown the encounter,
// which scores above the possible-match threshold (the father's name
// agrees); the namesakes below it are not listed. With scan_limit 0, or
// below the key's holders, nothing is.
func TestCrowdedKeys(t *testing.T) {
	payer := person("cf", "payer", "name=Mkhammed Alinurovich Kusainov", "firstName=Mkhammed", "lastName=Kusainov", "fatherName=Alinurovich", "passportNumber=UZ067352289", "phone=+998902377624")
	enc := person("enc", "x", "name=Кусаинов Мұхаммед Алинур ўғли", "firstName=Мұхаммед", "lastName=Кусаинов", "fatherName=Алинур ўғли", "birthDate=1972-10-29", "gender=male", "address=1014 Mesa St, Calexico CA, US")
	recs := []vetgraph.Record{payer, enc}
	for i := range 14 {
		recs = append(recs, person("enc", fmt.Sprintf("n%d", i), "name=Muhammed Kusainov", fmt.Sprintf("birthDate=%d-0%d-1%d", 1950+2*i, 1+i%9, i%10), "gender=male", fmt.Sprintf("passportNumber=UZ%09d", 100000+i*7919)))
	}
	play := func(cfg Config) *Engine {
		e := New(cfg, nil)
		for _, r := range recs {
			e.Add(r)
		}
		return e
	}
	e := play(DefaultConfig())
	if mustEntity(t, e, payer.Key) == mustEntity(t, e, enc.Key) || e.Why(payer.Key, enc.Key).Compared {
		t.Fatalf("the payer and the encounter met: %+v", e.Why(payer.Key, enc.Key))
	}
	ep := mustEntity(t, e, payer.Key)
	rel := e.Related(ep, 0)
	if len(rel) != 1 || rel[0].B != enc.Key || rel[0].Score.Value < DefaultConfig().Possible {
		t.Fatalf("related of the payer: %+v, want the encounter alone, above the possible-match threshold", rel)
	}
	if !strings.Contains(rel[0].Reason, "too common to compare by") || !strings.Contains(strings.Join(rel[0].Blocking, " "), "inactive") {
		t.Errorf("the explanation does not say the shared key is too common: %q %q", rel[0].Reason, rel[0].Blocking)
	}
	q := person("screen", "q", "name=Muhammed Alinur ugli Kusainov")
	got := e.Candidates(q, 5)
	if len(got) == 0 || got[0].Entity != mustEntity(t, e, enc.Key) && got[0].Entity != ep {
		t.Errorf("screening %q: candidates %+v, want the man (payer or encounter) first", q.Properties["name"], got)
	}
	// Crowded names the most holders of the query's keys past their limit:
	// the man, the payer and the 14 namesakes bear the two names.
	if n := e.Crowded(q); n != 16 {
		t.Errorf("Crowded(%q) = %d, want 16", q.Properties["name"], n)
	}
	if n := e.Crowded(person("screen", "r", "name=Zafar Qodirov")); n != 0 {
		t.Errorf("Crowded of a name nobody bears = %d, want 0", n)
	}
	for name, cfg := range map[string]Config{"scan_limit 0": withScan(0), "scan_limit below the holders": withScan(10)} {
		e := play(cfg)
		if rel := e.Related(mustEntity(t, e, payer.Key), 0); len(rel) != 0 {
			t.Errorf("%s: related %+v, want none", name, rel)
		}
		if got := e.Candidates(q, 5); len(got) != 0 {
			t.Errorf("%s: candidates %+v, want none", name, got)
		}
	}
}

func withScan(n int) Config {
	c := DefaultConfig()
	c.ScanLimit = n
	return c
}
