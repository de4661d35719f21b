package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"vetgraph"
)

func event(id string, involved ...string) vetgraph.Record {
	return vetgraph.Record{Key: vetgraph.RecordKey{Source: "ev", ID: id}, Schema: vetgraph.SchemaEvent,
		Properties: vetgraph.Properties{"involved": involved}}
}

func encKey(id string) vetgraph.RecordKey { return vetgraph.RecordKey{Source: "enc", ID: id} }

// sameEntity reports whether the engine holds a and b in one entity.
func sameEntity(e *Engine, a, b string) bool {
	x, _ := e.EntityOf(encKey(a))
	y, _ := e.EntityOf(encKey(b))
	return x != "" && x == y
}

// party is a family met twice: Rustam's records carry his passport (one
// person on their own evidence), Dilnoza's only her name.
func party() []vetgraph.Record {
	return []vetgraph.Record{
		person("enc", "a1", "name=Rustam Nazarov", "passportNumber=P1000001", "birthDate=1985-02-03"),
		person("enc", "b1", "name=Dilnoza Yusupova", "address=Lenin St 1, Dushanbe"),
		person("enc", "a2", "name=Рустам Назаров", "passportNumber=P1000001"),
		person("enc", "b2", "name=Дилноза Юсупова", "address=1008 Cactus St, Calexico"),
		event("ev1", "a1", "b1"),
		event("ev2", "a2", "b2"),
	}
}

func TestCompanionMergesFellowTraveller(t *testing.T) {
	recs := party()
	// Without the encounters Dilnoza's two records share a name alone: a
	// possible match at most.
	e := New(DefaultConfig(), nil)
	for _, r := range recs[:4] {
		e.Add(r)
	}
	if sameEntity(e, "b1", "b2") {
		t.Fatal("a name alone merged b1 and b2")
	}
	if !sameEntity(e, "a1", "a2") {
		t.Fatal("a1 and a2 (one passport) are not one entity")
	}
	// With them, each was met with Rustam: one person.
	for _, r := range recs[4:] {
		e.Add(r)
	}
	if !sameEntity(e, "b1", "b2") {
		t.Fatalf("b1 and b2, each met with Rustam, are not one entity: %+v", e.Why(encKey("b1"), encKey("b2")))
	}
	ex := e.Why(encKey("b1"), encKey("b2"))
	i := slices.IndexFunc(ex.Score.Pieces, func(p vetgraph.Piece) bool { return p.Kind == "companion" })
	if i < 0 {
		t.Fatalf("the explanation shows no companion piece: %+v", ex.Score.Pieces)
	}
	if p := ex.Score.Pieces[i]; p.A != "enc/a1" || p.B != "enc/a2" || p.Weight != e.cfg.Weights.Companion {
		t.Errorf("companion piece = %+v, want enc/a1 and enc/a2 at %v bits", p, e.cfg.Weights.Companion)
	}

	// Retracting Rustam's second record takes the companion away: split.
	e.Retract(encKey("a2"))
	if sameEntity(e, "b1", "b2") {
		t.Error("b1 and b2 still one entity after the companion's record was retracted")
	}
	// So does retracting an encounter.
	e.Add(recs[2])
	if !sameEntity(e, "b1", "b2") {
		t.Fatal("b1 and b2 not merged again when a2 came back")
	}
	e.Retract(vetgraph.RecordKey{Source: "ev", ID: "ev2"})
	if sameEntity(e, "b1", "b2") {
		t.Error("b1 and b2 still one entity after the encounter was retracted")
	}
}

func TestCompanionAmbiguousWithNamesake(t *testing.T) {
	// In the second encounter two people bear Dilnoza's name: the companion
	// says nothing about which of them b1 is.
	recs := append(party(), person("enc", "c2", "name=Dilnoza Yusupova", "address=Navoi St 9, Khujand"))
	recs[5] = event("ev2", "a2", "b2", "c2")
	e := New(DefaultConfig(), nil)
	for _, r := range recs {
		e.Add(r)
	}
	if sameEntity(e, "b1", "b2") || sameEntity(e, "b1", "c2") {
		t.Error("an ambiguous companion merged b1 with a namesake")
	}
	// The mother met with her daughter of one name in both encounters: the
	// mother's records are one person, so the daughter's are not ambiguous.
	recs = []vetgraph.Record{
		person("enc", "m1", "name=Dilnoza Yusupova", "passportNumber=P2000001"),
		person("enc", "d1", "name=Dilnoza Yusupova"),
		person("enc", "m2", "name=Dilnoza Yusupova", "passportNumber=P2000001"),
		person("enc", "d2", "name=Дилноза Юсупова"),
		event("ev1", "m1", "d1"),
		event("ev2", "m2", "d2"),
	}
	e = New(DefaultConfig(), nil)
	for _, r := range recs {
		e.Add(r)
	}
	if !sameEntity(e, "d1", "d2") || sameEntity(e, "d1", "m1") {
		t.Errorf("mother and daughter of one name: d1~d2 %v (want true), d1~m1 %v (want false)", sameEntity(e, "d1", "d2"), sameEntity(e, "d1", "m1"))
	}
}

func TestCompanionGenericGuide(t *testing.T) {
	// A guide met with more parties than CompanionLimit makes no companion:
	// two clients of his who share a name stay apart.
	cfg := DefaultConfig()
	e := New(cfg, nil)
	for k := range cfg.CompanionLimit + 1 {
		g := fmt.Sprintf("g%d", k)
		e.Add(person("enc", g, "name=Leordo Rojas", "passportNumber=MX5560675", "birthDate=1988-08-05"))
		c := fmt.Sprintf("c%d", k)
		e.Add(person("enc", c, "name=Ali Karimov", fmt.Sprintf("address=Street %d", k)))
		e.Add(event(fmt.Sprintf("ev%d", k), g, c))
	}
	if sameEntity(e, "c0", "c1") {
		t.Error("a generic guide's clients of one name were merged")
	}
	// Within the limit the same guide is a companion.
	e = New(cfg, nil)
	for k := range 2 {
		g := fmt.Sprintf("g%d", k)
		e.Add(person("enc", g, "name=Leordo Rojas", "passportNumber=MX5560675", "birthDate=1988-08-05"))
		c := fmt.Sprintf("c%d", k)
		e.Add(person("enc", c, "name=Ali Karimov", fmt.Sprintf("address=Street %d", k)))
		e.Add(event(fmt.Sprintf("ev%d", k), g, c))
	}
	if !sameEntity(e, "c0", "c1") {
		t.Error("clients of one name met with the same guide twice were not merged")
	}
}

func TestCompanionMeetsOutsideBlocks(t *testing.T) {
	// Dilnoza's name is too common to block on (five holders, limit 2): her
	// two records meet only as fellow travellers of Rustam.
	cfg := DefaultConfig()
	cfg.BlockLimit = 2
	e := New(cfg, nil)
	for k := range 3 {
		e.Add(person("enc", fmt.Sprintf("n%d", k), "name=Dilnoza Yusupova", fmt.Sprintf("address=Navoi St %d, Khujand", k)))
	}
	for _, r := range party() {
		e.Add(r)
	}
	if !sameEntity(e, "b1", "b2") {
		t.Fatalf("b1 and b2 did not meet through their companion: %+v", e.Why(encKey("b1"), encKey("b2")))
	}
	ex := e.Why(encKey("b1"), encKey("b2"))
	if !ex.Compared || !slices.ContainsFunc(ex.Blocking, func(s string) bool { return strings.HasPrefix(s, "companion:") }) {
		t.Errorf("why: compared %v, blocking %q; want compared through the companion", ex.Compared, ex.Blocking)
	}
	for k := range 3 {
		if sameEntity(e, "b1", fmt.Sprintf("n%d", k)) {
			t.Errorf("b1 merged with the namesake n%d", k)
		}
	}
	// Without the companion they no longer meet: the edge goes.
	e.Retract(encKey("a1"))
	if sameEntity(e, "b1", "b2") {
		t.Error("b1 and b2 still one entity after the companion's first record was retracted")
	}
}
