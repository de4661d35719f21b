package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

// person builds a Person record from "prop=value" pairs.
func person(src, id string, kv ...string) vetgraph.Record {
	return subject(vetgraph.SchemaPerson, src, id, kv...)
}

func subject(schema, src, id string, kv ...string) vetgraph.Record {
	p := vetgraph.Properties{}
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		p.Add(k, v)
	}
	return vetgraph.Record{Key: vetgraph.RecordKey{Source: src, ID: id}, Schema: schema, Properties: p}
}

func key(src, id string) vetgraph.RecordKey { return vetgraph.RecordKey{Source: src, ID: id} }

// clusters returns the engine's entities as sorted lists of "src/id".
func clusters(e *Engine) [][]string {
	var out [][]string
	for ent := range e.Entities() {
		var c []string
		for _, k := range ent.Records {
			c = append(c, k.String())
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

func mustEntity(t *testing.T, e *Engine, k vetgraph.RecordKey) vetgraph.EntityID {
	t.Helper()
	id, ok := e.EntityOf(k)
	if !ok {
		t.Fatalf("EntityOf(%s): not held", k)
	}
	return id
}

func TestDecisions(t *testing.T) {
	base := person("case", "a", "name=Alisher Karimov", "birthDate=1990-04-12", "passportNumber=AB123456", "nationality=uz")
	tests := []struct {
		name string
		rec  vetgraph.Record
		want vetgraph.MatchDecision
	}{
		{"cyrillic spelling, same date", person("intel", "b", "name=Алишер Каримов", "birthDate=1990-04-12"), vetgraph.DecisionSame},
		{"same passport, name typo", person("border", "c", "name=Alisher Karimv", "passportNumber=AB 123456"), vetgraph.DecisionSame},
		{"same passport only", person("border", "d", "name=Someone Else", "passportNumber=AB123456"), vetgraph.DecisionSame},
		{"same name, different date", person("border", "e", "name=Alisher Karimov", "birthDate=1971-09-30"), vetgraph.DecisionNew},
		{"same name and birth year, conflicting passport", person("border", "f", "name=Alisher Karimov", "birthDate=1990", "passportNumber=ZZ9988776", "nationality=uz"), vetgraph.DecisionPossible},
		{"shared phone only", person("border", "g", "name=Bobur Aliev", "phone=+992 900 111 222"), vetgraph.DecisionNew},
		{"organization with the same name", subject(vetgraph.SchemaOrganization, "org", "h", "name=Alisher Karimov"), vetgraph.DecisionNew},
		{"same FtM id, other source", person("intel", "a", "name=Completely Different"), vetgraph.DecisionSame},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(DefaultConfig(), nil)
			e.Add(base)
			if tt.name == "shared phone only" {
				e.Add(person("case", "a2", "name=Alisher Karimov", "phone=+992900111222"))
			}
			ch := e.Add(tt.rec)
			if ch.Decision != tt.want {
				ex := e.Why(base.Key, tt.rec.Key)
				t.Errorf("decision = %s, want %s\n%s", ch.Decision, tt.want, ex.Reason)
			}
			same := mustEntity(t, e, base.Key) == mustEntity(t, e, tt.rec.Key)
			if same != (tt.want == vetgraph.DecisionSame) {
				t.Errorf("same entity = %v, want %v", same, !same)
			}
		})
	}
}

func TestConflictingPassportCountsAgainst(t *testing.T) {
	e := New(DefaultConfig(), nil)
	e.Add(person("a", "1", "name=Alisher Karimov", "birthDate=1990", "passportNumber=AB123456"))
	e.Add(person("a", "2", "name=Alisher Karimov", "birthDate=1990"))
	e.Add(person("a", "3", "name=Alisher Karimov", "birthDate=1990", "passportNumber=CD654321"))
	without, with := e.Why(key("a", "1"), key("a", "2")), e.Why(key("a", "1"), key("a", "3"))
	if with.Bits >= without.Bits {
		t.Errorf("conflicting passports: %.1f bits, without passport on one side %.1f; want less", with.Bits, without.Bits)
	}
	if with.Decision == vetgraph.DecisionSame {
		t.Errorf("name, birth year and conflicting passports decided same: %s", with.Reason)
	}
}

func TestBridgeMergeAndRetractSplit(t *testing.T) {
	e := New(DefaultConfig(), nil)
	// Two records of one man that share too little to meet...
	e.Add(person("s", "1", "name=Rustam Nazarov", "birthDate=1985-02-03"))
	e.Add(person("s", "2", "name=Rustam Nazarov", "birthDate=1985-02-03"))
	e.Add(person("s", "3", "name=R. Nazarov", "passportNumber=TJ4455667"))
	a, b := mustEntity(t, e, key("s", "1")), mustEntity(t, e, key("s", "3"))
	if a == b {
		t.Fatalf("records 1 and 3 merged before the bridge")
	}
	// ...until a bridge holds name, date and passport.
	ch := e.Add(person("s", "4", "name=Rustam Nazarov", "birthDate=1985-02-03", "passportNumber=TJ4455667"))
	if ch.Decision != vetgraph.DecisionSame || len(ch.Merged) != 1 {
		t.Fatalf("bridge: decision %s, merged %v; want same and one merge", ch.Decision, ch.Merged)
	}
	// The larger entity (records 1, 2) survives; the absorbed id redirects.
	if got, want := ch.Merged[0], (Merge{Absorbed: b, Survivor: a}); got != want {
		t.Errorf("merge = %+v, want %+v", got, want)
	}
	ent, ok := e.Entity(b)
	if !ok || ent.ID != a || len(ent.Records) != 4 {
		t.Errorf("Entity(absorbed %s) = %s with %d records, want %s with 4", b, ent.ID, len(ent.Records), a)
	}
	// Retracting the bridge splits again: the larger part keeps the id.
	ch = e.Retract(key("s", "4"))
	if len(ch.Splits) != 1 {
		t.Fatalf("retract bridge: splits %v, want one", ch.Splits)
	}
	if got := mustEntity(t, e, key("s", "1")); got != a {
		t.Errorf("after split record 1 is in %s, want the original id %s", got, a)
	}
	part := mustEntity(t, e, key("s", "3"))
	if part == a {
		t.Fatalf("record 3 still in %s after the split", a)
	}
	ent, _ = e.Entity(a)
	want := []vetgraph.Lineage{
		{Kind: vetgraph.LineageMerged, From: []vetgraph.EntityID{b}, Into: a, Cause: key("s", "4")},
		{Kind: vetgraph.LineageSplit, From: []vetgraph.EntityID{a}, Into: part, Cause: key("s", "4")},
	}
	if diff := cmp.Diff(want, ent.Lineage); diff != "" {
		t.Errorf("lineage (-want +got):\n%s", diff)
	}
}

func TestSmugglerPhoneNeverMerges(t *testing.T) {
	e := New(DefaultConfig(), nil)
	const phone = "+52 664 555 0101"
	n := 40
	for i := range n {
		// Different people, some sharing a surname, all calling one phone.
		e.Add(person("encounters", fmt.Sprintf("m%d", i),
			fmt.Sprintf("name=%s %s", []string{"Aziz", "Davron", "Jamshid", "Sardor", "Farrukh"}[i%5], []string{"Rahimov", "Tursunov", "Yusupov", "Karimov", "Saidov", "Ergashev", "Nazarov", "Umarov"}[i/5]),
			fmt.Sprintf("birthDate=19%02d-0%d-1%d", 70+i, 1+i%9, i%10),
			"phone="+phone))
	}
	if got := e.Count(); got != n {
		t.Errorf("%d people sharing one phone resolved into %d entities, want %d", n, got, n)
	}
	ex := e.Why(key("encounters", "m0"), key("encounters", "m5"))
	if !strings.Contains(ex.Reason, fmt.Sprintf("generic phone: held by %d records", n)) {
		t.Errorf("explanation does not name the generic phone: %s", ex.Reason)
	}
	// Two records of one man who also called it still merge, on their own evidence.
	e.Add(person("intel", "x", "name=Aziz Rahimov", "birthDate=1970-01-10", "phone="+phone))
	if a, b := mustEntity(t, e, key("encounters", "m0")), mustEntity(t, e, key("intel", "x")); a != b {
		t.Errorf("same man (name and date) not merged: %s", e.Why(key("encounters", "m0"), key("intel", "x")).Reason)
	}
}

func TestGenericThresholdCrossingUnlinks(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Weights.GenericLimit = 3
	// With few holders, a shared phone plus a similar name is a possible
	// match; once the phone is held by more than the limit it weighs nothing.
	e := New(cfg, nil)
	e.Add(person("s", "a", "name=Olim Sharipov", "phone=111222333"))
	e.Add(person("s", "b", "name=Olim Sharipov", "phone=111222333"))
	if got := e.Why(key("s", "a"), key("s", "b")); got.Decision == vetgraph.DecisionNew {
		t.Fatalf("phone and name under the limit: decision new, want at least possible: %s", got.Reason)
	}
	for i := range 3 {
		e.Add(person("s", fmt.Sprint("z", i), fmt.Sprintf("name=Other Person%c", 'a'+i), "phone=111222333"))
	}
	got := e.Why(key("s", "a"), key("s", "b"))
	if !strings.Contains(got.Reason, "generic phone: held by 5 records") {
		t.Errorf("after crossing the limit: %s", got.Reason)
	}
	if len(e.Possible()) != 0 && got.Decision == vetgraph.DecisionNew {
		t.Errorf("stale possible-match edge kept after the phone became generic: %v", e.Possible())
	}
}

func TestReAddReplacesVersion(t *testing.T) {
	e := New(DefaultConfig(), nil)
	e.Add(person("s", "1", "name=Nodira Ismoilova", "birthDate=1992-07-07"))
	e.Add(person("s", "2", "name=Nodira Ismoilova", "birthDate=1992-07-07"))
	if mustEntity(t, e, key("s", "1")) != mustEntity(t, e, key("s", "2")) {
		t.Fatal("not merged")
	}
	// A corrected version of record 2 names someone else: they part.
	e.Add(person("s", "2", "name=Zarina Holova", "birthDate=1960-01-01"))
	if mustEntity(t, e, key("s", "1")) == mustEntity(t, e, key("s", "2")) {
		t.Error("new version of record 2 still merged")
	}
	if e.Len() != 2 {
		t.Errorf("Len = %d, want 2", e.Len())
	}
}

func TestEntityOfIDAndEntityView(t *testing.T) {
	e := New(DefaultConfig(), nil)
	e.Add(subject(vetgraph.SchemaOrganization, "casefile", "net-1", "name=Network One"))
	e.Add(subject(vetgraph.SchemaOrganization, "report-7", "net-1", "topics=crime.traffick"))
	id, ok := e.EntityOfID("net-1")
	if !ok {
		t.Fatal("EntityOfID(net-1): not found")
	}
	got, _ := e.Entity(id)
	want := vetgraph.Entity{
		ID: id, Schema: vetgraph.SchemaOrganization, Names: []string{"Network One"},
		Records: []vetgraph.RecordKey{key("casefile", "net-1"), key("report-7", "net-1")},
		Topics:  []vetgraph.Topic{vetgraph.TopicTraffick},
	}
	if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Lineage" }, cmp.Ignore())); diff != "" {
		t.Errorf("entity (-want +got):\n%s", diff)
	}
	if ch := e.Add(vetgraph.Record{Key: key("s", "m1"), Schema: vetgraph.SchemaMembership}); !ch.Empty() {
		t.Errorf("a relationship record changed entities: %+v", ch)
	}
}

func TestCandidates(t *testing.T) {
	e := New(DefaultConfig(), nil)
	e.Add(person("list", "1", "name=Шерзод Рахимов", "birthDate=1979-11-05"))
	e.Add(person("list", "2", "name=Sherzod Rakhimov", "birthDate=1979-11-05"))
	e.Add(person("list", "3", "name=Sherzod Rakhimov", "birthDate=1950-01-01"))
	e.Add(person("list", "4", "name=Anvar Qodirov", "birthDate=1979-11-05"))
	n := e.Len()
	got := e.Candidates(person("screen", "q", "name=Sherzod Rahimov", "birthDate=1979-11-05"), 5)
	if e.Len() != n {
		t.Errorf("Candidates stored the query")
	}
	if len(got) == 0 {
		t.Fatal("no candidates")
	}
	if want := mustEntity(t, e, key("list", "1")); got[0].Entity != want || got[0].Decision != vetgraph.DecisionSame {
		t.Errorf("best candidate = %s (%s), want %s (same)", got[0].Entity, got[0].Decision, want)
	}
	for _, c := range got {
		if c.Entity == mustEntity(t, e, key("list", "4")) {
			t.Errorf("a different name with the same birth date is a candidate: %+v", c)
		}
	}
}

func TestConfigJSON(t *testing.T) {
	c, err := ParseConfig([]byte(`{"match": 0.995, "weights": {"generic_limit": 3}}`))
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultConfig()
	if c.Match != 0.995 || c.Weights.GenericLimit != 3 || c.Possible != d.Possible || c.Weights.IdentityExact != d.Weights.IdentityExact {
		t.Errorf("ParseConfig kept/overrode the wrong fields: %+v", c)
	}
	if _, err := ParseConfig([]byte(`{"match": 0.5, "possible": 0.9}`)); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("possible > match: err %v, want invalid", err)
	}
	if c, err := ParseConfig([]byte(`{"fallback_block_limit": 12}`)); err != nil || c.FallbackBlockLimit != 12 || c.BlockLimit != d.BlockLimit {
		t.Errorf("fallback_block_limit 12: %+v, %v", c, err)
	}
	if _, err := ParseConfig([]byte(`{"fallback_block_limit": 1}`)); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("fallback_block_limit 1: err %v, want invalid", err)
	}
	if c, err := ParseConfig([]byte(`{"date_block_limit": 12}`)); err != nil || c.DateBlockLimit != 12 || d.DateBlockLimit != 50 {
		t.Errorf("date_block_limit 12: %+v, %v", c, err)
	}
	if _, err := ParseConfig([]byte(`{"date_block_limit": 0}`)); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("date_block_limit 0: err %v, want invalid", err)
	}
	if d.AmbiguityBits != 3 {
		t.Errorf("default ambiguity_bits %v, want 3", d.AmbiguityBits)
	}
	if c, err := ParseConfig([]byte(`{"ambiguity_bits": 0}`)); err != nil || c.AmbiguityBits != 0 || c.CompanionLimit != d.CompanionLimit {
		t.Errorf("ambiguity_bits 0: %+v, %v", c, err)
	}
	if _, err := ParseConfig([]byte(`{"ambiguity_bits": -1}`)); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("ambiguity_bits -1: err %v, want invalid", err)
	}
	if d.RelatedBits != -3 {
		t.Errorf("default related_bits %v, want -3", d.RelatedBits)
	}
	if c, err := ParseConfig([]byte(`{"related_bits": 2}`)); err != nil || c.RelatedBits != 2 {
		t.Errorf("related_bits 2 (the possible-match threshold): %+v, %v", c, err)
	}
	for _, bad := range []string{`{"related_bits": 2.5}`, `{"related_bits": -31}`, `{"possible": 0.6, "related_bits": 1}`} {
		if _, err := ParseConfig([]byte(bad)); vetgraph.ErrorCode(err) != vetgraph.Invalid {
			t.Errorf("%s: err %v, want invalid", bad, err)
		}
	}
}

// TestEntityNameOrder: an entity shows the name most of its records give
// (a typo is one record's), ties going to the smaller string, whatever the
// order the records arrive in.
func TestEntityNameOrder(t *testing.T) {
	recs := []vetgraph.Record{
		person("s1", "g", "name=Leordo Castilllo"),
		person("s2", "g", "name=Leordo Castillo"),
		person("s3", "g", "name=Castillo Leordo"),
		person("s4", "g", "name=Leordo Castillo"),
		person("s5", "g", "name=Castillo, Leordo"),
	}
	want := []string{"Leordo Castillo", "Castillo Leordo", "Castillo, Leordo", "Leordo Castilllo"}
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}} {
		e := New(DefaultConfig(), nil)
		for _, i := range order {
			e.Add(recs[i])
		}
		id := mustEntity(t, e, key("s1", "g"))
		got, _ := e.Entity(id)
		if diff := cmp.Diff(want, got.Names); diff != "" {
			t.Errorf("order %v: names (-want +got):\n%s", order, diff)
		}
	}
}
