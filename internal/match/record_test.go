package match

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func rec(id string, kv ...string) *RecordFeatures {
	p := vetgraph.Properties{}
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		p.Add(k, v)
	}
	return PrepareRecord(vetgraph.Record{Key: vetgraph.RecordKey{Source: "t", ID: id}, Schema: vetgraph.SchemaPerson, Properties: p})
}

// fixedCounts answers every frequency question with one number.
type fixedCounts struct{ holders, names int }

func (c fixedCounts) Holders(vetgraph.IdentifierKind, string) int  { return c.holders }
func (c fixedCounts) NameHolders(string) int                       { return c.names }
func (c fixedCounts) Namesakes(a, b *RecordFeatures, all bool) int { return 0 }

func (c fixedCounts) HomeNamesakes(a, b *RecordFeatures, all bool) int { return 0 }

// homeCounts is fixedCounts with n household namesakes known.
type homeCounts struct {
	fixedCounts
	n int
}

func (c homeCounts) HomeNamesakes(a, b *RecordFeatures, all bool) int { return c.n }

func piece(s vetgraph.Score, kind string) (vetgraph.Piece, bool) {
	for _, p := range s.Pieces {
		if p.Kind == kind {
			return p, true
		}
	}
	return vetgraph.Piece{}, false
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"1990-04-12", Date{1990, 4, 12}, true},
		{"19900412", Date{1990, 4, 12}, true},
		{"1990-04", Date{1990, 4, 0}, true},
		{"1990", Date{1990, 0, 0}, true},
		{"1990-04-12T10:00:00Z", Date{1990, 4, 12}, true},
		{"1990-13-01", Date{}, false},
		{"12.04.1990", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestComparePieces(t *testing.T) {
	w := DefaultRecordWeights()
	tests := []struct {
		name   string
		a, b   *RecordFeatures
		kind   string
		method string // "" when any method will do (the name layer decides)
		sign   int    // +1 for, -1 against, 0 nothing
	}{
		{"cyrillic and latin spelling", rec("1", "name=Алишер Каримов"), rec("2", "name=Alisher Karimov"), "name", "", +1},
		{"romanizations", rec("1", "name=Djamshid Tursunov"), rec("2", "name=Jamshid Tursunow"), "name", "", +1},
		{"typo", rec("1", "name=Jamshid Tursunov"), rec("2", "name=Jamshid Tursnov"), "name", "name_layer", +1},
		{"compound given name", rec("1", "firstName=Ali", "lastName=Ospanov"), rec("2", "firstName=Alikhan", "lastName=Ospanov"), "given_name", "", -1},
		{"compound given name, elements", rec("1", "firstName=Ali", "lastName=Kaliev"), rec("2", "firstName=Alinur", "lastName=Kaliev"), "given_name", "", -1},
		{"given name typo", rec("1", "firstName=Alisher", "lastName=Kaliev"), rec("2", "firstName=Alishr", "lastName=Kaliev"), "given_name", "jaro_winkler", +1},
		{"given name and a longer one", rec("1", "firstName=Alex", "lastName=Smith"), rec("2", "firstName=Alexander", "lastName=Smith"), "given_name", "jaro_winkler", +1},
		{"swapped structured names", rec("1", "firstName=Olim", "lastName=Sharipov"), rec("2", "firstName=Sharipov", "lastName=Olim"), "surname", "swapped", +1},
		{"day and month swapped", rec("1", "birthDate=1990-04-12"), rec("2", "birthDate=1990-12-04"), "birth_date", "day_month_swapped", +1},
		{"date typo", rec("1", "birthDate=1990-04-12"), rec("2", "birthDate=1990-04-13"), "birth_date", "typo", +1},
		{"year only", rec("1", "birthDate=1990"), rec("2", "birthDate=1990-04-12"), "birth_date", "partial", +1},
		{"other date", rec("1", "birthDate=1990-04-12"), rec("2", "birthDate=1961-08-30"), "birth_date", "mismatch", -1},
		{"passport exact, spacing", rec("1", "passportNumber=AB 123456"), rec("2", "passportNumber=ab123456"), "passport", "exact", +1},
		{"passport one typo", rec("1", "passportNumber=AB123456"), rec("2", "passportNumber=AB123465"), "passport", "one_typo", +1},
		{"passport conflict", rec("1", "passportNumber=AB123456"), rec("2", "passportNumber=XY998877"), "passport", "conflict", -1},
		{"gender differs", rec("1", "gender=male"), rec("2", "gender=f"), "gender", "exact", -1},
		{"phones differ", rec("1", "phone=+992 92 488 9422"), rec("2", "phone=+7 794 789 7177", "phone=+7 700 000 0000"), "phone", "mismatch", -1},
		{"addresses differ", rec("1", "address=Central St 35, apt 271, Fergana, UZ"), rec("2", "address=Calle Juarez 179, apt 217, Bishkek, KG"), "address", "mismatch", -1},
		{"same phone", rec("1", "phone=+992 900 11 22 33"), rec("2", "phone=00992900112233"), "phone", "exact", +1},
		{"near email", rec("1", "email=robert255@smith.net"), rec("2", "email=robert25@smith.net"), "email", "near", +1},
		{"nationality is never compared", rec("1", "nationality=tj"), rec("2", "nationality=uz"), "nationality", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CompareRecords(tt.a, tt.b, &w, nil)
			p, ok := piece(s, tt.kind)
			if tt.sign == 0 {
				if ok {
					t.Errorf("unexpected piece %+v", p)
				}
				return
			}
			if !ok {
				t.Fatalf("no %s piece in %+v", tt.kind, s.Pieces)
			}
			if tt.method != "" && p.Method != tt.method {
				t.Errorf("method = %q, want %q", p.Method, tt.method)
			}
			if got := int(math.Copysign(1, p.Weight)); p.Weight == 0 || got != tt.sign {
				t.Errorf("weight = %v, want sign %d", p.Weight, tt.sign)
			}
		})
	}
}

func TestGenericLinkWeighsNothing(t *testing.T) {
	w := DefaultRecordWeights()
	a, b := rec("1", "name=Aziz Rahimov", "phone=+52 664 555 0101"), rec("2", "name=Davron Tursunov", "phone=+52 664 555 0101")
	s := CompareRecords(a, b, &w, fixedCounts{holders: 312, names: 1})
	p, _ := piece(s, "phone")
	want := vetgraph.Piece{Kind: "phone", Method: "exact", Score: 1, Exact: true, A: "526645550101", B: "526645550101", Note: "generic phone: held by 312 records"}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("generic phone piece (-want +got):\n%s", diff)
	}
	personal := CompareRecords(a, b, &w, fixedCounts{holders: 2, names: 1})
	if s.Match || personal.Match {
		t.Errorf("a shared phone alone matched (generic %v, personal %v)", s.Match, personal.Match)
	}
}

func TestLinkEvidenceAloneNeverMatches(t *testing.T) {
	w := DefaultRecordWeights()
	a := rec("1", "name=Aziz Rahimov", "phone=111", "email=a@b.c", "street=12 main st", "city=Dushanbe", "postalCode=734000", "region=DU", "address=12 main st dushanbe")
	b := rec("2", "name=Zarina Holova", "phone=111", "email=a@b.c", "street=12 main st", "city=Dushanbe", "postalCode=734000", "region=DU", "address=12 main st dushanbe")
	if s := CompareRecords(a, b, &w, fixedCounts{holders: 2, names: 1}); s.Match {
		t.Errorf("link-grade evidence alone matched: %.4f %+v", s.Value, s.Pieces)
	}
}

func TestCommonNamesWeighLess(t *testing.T) {
	w := DefaultRecordWeights()
	a, b := rec("1", "firstName=George", "lastName=Davies"), rec("2", "firstName=George", "lastName=Davies")
	rare := CompareRecords(a, b, &w, fixedCounts{names: 2})
	common := CompareRecords(a, b, &w, fixedCounts{names: 500})
	if !(rare.Value > common.Value) {
		t.Errorf("a name held by 500 records scores %.4f, by 2 records %.4f; want less", common.Value, rare.Value)
	}
	if common.Match {
		t.Errorf("a very common name alone matched")
	}
}

func TestNameBucket(t *testing.T) {
	for n, want := range map[int]int{0: 0, 1: 0, 2: 1, 3: 1, 4: 2, 7: 2, 8: 3, 1024: 10} {
		if got := NameBucket(n); got != want {
			t.Errorf("NameBucket(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestParseRecordWeights(t *testing.T) {
	w, err := ParseRecordWeights([]byte(`{"prior": -4, "birth_date": {"exact": 12}}`))
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultRecordWeights()
	if w.Prior != -4 || w.BirthDate.Exact != 12 || w.BirthDate.Typo != d.BirthDate.Typo || w.IdentityExact != d.IdentityExact {
		t.Errorf("ParseRecordWeights: %+v", w)
	}
	if _, err := ParseRecordWeights([]byte(`{`)); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("bad JSON: %v, want invalid", err)
	}
}

// FuzzCompareRecords: the scorer is symmetric, within [0,1], and the same
// on a second call (pure), for any property values; so is DocumentsApart.
func FuzzCompareRecords(f *testing.F) {
	f.Add("Alisher Karimov", "1990-04-12", "AB123456", "+992900", "Алишер Каримов", "1990-12-04", "AB123465", "+992900")
	f.Add("George Davies", "1977", "", "g@x.com", "Davies George", "1977-12-07", "", "g@x.co")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("ʻO g‘li Қ", "2000-02-30", "  ", "\x00", "o'g'li K", "20000230", "-", "ÿ")
	w := DefaultRecordWeights()
	f.Fuzz(func(t *testing.T, n1, d1, p1, l1, n2, d2, p2, l2 string) {
		a := rec("a", "name="+n1, "firstName="+n1, "birthDate="+d1, "passportNumber="+p1, "phone="+l1, "email="+l1)
		b := rec("b", "name="+n2, "lastName="+n2, "birthDate="+d2, "passportNumber="+p2, "phone="+l2, "email="+l2)
		c := fixedCounts{holders: 3, names: 5}
		ab, ba := CompareRecords(a, b, &w, c), CompareRecords(b, a, &w, c)
		if ab.Value != ba.Value || ab.Match != ba.Match {
			t.Fatalf("asymmetric: %v vs %v", ab.Value, ba.Value)
		}
		if ab.Value < 0 || ab.Value > 1 || math.IsNaN(ab.Value) {
			t.Fatalf("value %v outside [0,1]", ab.Value)
		}
		if again := CompareRecords(a, b, &w, c); !cmp.Equal(again, ab) {
			t.Fatalf("not deterministic")
		}
		// Whole names (given name and surname) with known namesakes: the
		// namesakes rule applies to any of them alike.
		g1, s1, _ := strings.Cut(n1, " ")
		g2, s2, _ := strings.Cut(n2, " ")
		a = rec("a", "firstName="+g1, "lastName="+s1, "birthDate="+d1, "passportNumber="+p1, "phone="+l1)
		b = rec("b", "firstName="+g2, "lastName="+s2, "birthDate="+d2, "passportNumber="+p2, "phone="+l2)
		nc := namesakeCounts{c, 2}
		ab, ba = CompareRecords(a, b, &w, nc), CompareRecords(b, a, &w, nc)
		if ab.Value != ba.Value || ab.Value < 0 || ab.Value > 1 || math.IsNaN(ab.Value) {
			t.Fatalf("with namesakes: %v vs %v", ab.Value, ba.Value)
		}
		if bits := RecordBits(a, b, &w, nc, math.Inf(-1)); math.Abs(Probability(bits)-ab.Value) > 1e-12 {
			t.Fatalf("with namesakes: RecordBits gives %v, CompareRecords %v", Probability(bits), ab.Value)
		}
		// Documents that keep two records apart: symmetric, and never
		// between records that share their document.
		if apart := DocumentsApart(a, b); apart != DocumentsApart(b, a) {
			t.Fatalf("DocumentsApart asymmetric")
		} else if apart && sharesValue(a, b) {
			t.Fatalf("DocumentsApart on records sharing a value")
		}
		// Household namesakes: symmetric in the pair, whatever the third.
		const home = "address=Lenin St 159, apt 374, Shymkent, KZ"
		ha := rec("a", "name="+n1, "birthDate="+d1, "phone="+l1, home)
		hb := rec("b", "name="+n2, "birthDate="+d2, "phone="+l2, home)
		hr := rec("r", "name="+n1, "birthDate="+d2, "fatherName="+l1, home)
		if HouseholdNamesakeOf(ha, hb, hr, &w) != HouseholdNamesakeOf(hb, ha, hr, &w) {
			t.Fatalf("HouseholdNamesakeOf asymmetric in the pair")
		}
	})
}

func BenchmarkCompareRecords(b *testing.B) {
	w := DefaultRecordWeights()
	x := rec("1", "name=Alisher Karimov", "firstName=Alisher", "lastName=Karimov", "birthDate=1990-04-12", "passportNumber=AB123456", "phone=+992900112233", "gender=m")
	y := rec("2", "name=Алишер Каримов", "firstName=Алишер", "lastName=Каримов", "birthDate=1990-12-04", "passportNumber=AB123465", "phone=+992900112233", "gender=m")
	c := fixedCounts{holders: 2, names: 10}
	for b.Loop() {
		CompareRecords(x, y, &w, c)
	}
}

func BenchmarkPrepareRecord(b *testing.B) {
	r := vetgraph.Record{Key: vetgraph.RecordKey{Source: "s", ID: "1"}, Schema: vetgraph.SchemaPerson, Properties: vetgraph.Properties{
		"name": {"Alisher Karimov"}, "firstName": {"Alisher"}, "lastName": {"Karimov"}, "birthDate": {"1990-04-12"},
		"passportNumber": {"AB123456"}, "phone": {"+992900112233"}, "gender": {"male"}, "nationality": {"uz"},
	}}
	for b.Loop() {
		PrepareRecord(r)
	}
}

// TestNamesAloneNeverMerge: the same rare name with nothing else agreeing
// but gender stays below the match threshold (a possible match), with the
// cap noted; any other agreeing feature lifts the cap; a record without a
// birth date cannot chain same-named people of different birth dates.
func TestNamesAloneNeverMerge(t *testing.T) {
	w := DefaultRecordWeights()
	rare := fixedCounts{names: 1}
	bare := rec("a", "firstName=Aldiiar", "lastName=Ibragimov", "gender=male", "phone=+998918017428")
	uz := rec("b", "firstName=Aldiiar", "lastName=Ibragimov", "gender=male", "birthDate=1983-05-07", "phone=+998918017428")
	kz := rec("c", "firstName=Aldiiar", "lastName=Ibragimov", "gender=male", "birthDate=1989-01-24", "phone=+77939063584")
	tests := []struct {
		name      string
		a, b      *RecordFeatures
		wantMatch bool
		wantCap   bool
	}{
		{"name and gender only", bare, kz, false, true},
		{"name and shared phone", bare, uz, true, false},
		{"name and different birth dates", uz, kz, false, true},
	}
	for _, tt := range tests {
		s := CompareRecords(tt.a, tt.b, &w, rare)
		gotCap := false
		for _, p := range s.Pieces {
			if strings.Contains(p.Note, "names alone") {
				gotCap = true
			}
		}
		if s.Match != tt.wantMatch || gotCap != tt.wantCap {
			t.Errorf("%s: match %v (score %.4f), capped %v; want match %v, capped %v", tt.name, s.Match, s.Value, gotCap, tt.wantMatch, tt.wantCap)
		}
		if bits := RecordBits(tt.a, tt.b, &w, rare, math.Inf(-1)); math.Abs(Probability(bits)-s.Value) > 1e-12 {
			t.Errorf("%s: RecordBits gives %.6f, CompareRecords %.6f", tt.name, Probability(bits), s.Value)
		}
	}
	// Capped, a name-only pair is still a possible match.
	if s := CompareRecords(bare, kz, &w, rare); s.Value < 0.8 {
		t.Errorf("name and gender only: score %.4f, want a possible match (>= 0.8)", s.Value)
	}
}

// TestHouseholdNameInPart: a name written in part or with one slip at a
// household's address, with no other person of the name known there, is one
// person (names at their level, HouseholdAddress on top: 6 + 2.5 + 0.5 - 2
// = 7 bits); a household namesake, another phone or another birth year keeps
// the pair for review.
func TestHouseholdNameInPart(t *testing.T) {
	w := DefaultRecordWeights()
	const addr = "address=Central St 105, apt 261, Bishkek, KG"
	personal := fixedCounts{holders: 2, names: 500}
	tests := []struct {
		name   string
		a, b   []string
		counts Counts
		want   bool
	}{
		{"second surname left out", []string{"name=Santiago Garza Orozco"}, []string{"name=Santiago Garza", addr}, personal, true},
		{"letters swapped in the given name", []string{"name=Ravi Silva"}, []string{"name=Rvai Silva", addr}, personal, true},
		{"patronymic left out, one slip", []string{"name=Ismailzoda Alihan Nurislamovich"}, []string{"name=ISMAILZODA Alihkan", addr}, personal, true},
		{"a household namesake", []string{"name=Santiago Garza Orozco"}, []string{"name=Santiago Garza", addr}, homeCounts{personal, 1}, false},
		{"another phone", []string{"name=Santiago Garza Orozco", "phone=+52 806 722 014"}, []string{"name=Santiago Garza", addr, "phone=+52 806 911 377"}, personal, false},
		{"another birth year", []string{"name=Santiago Garza Orozco", "birthDate=1970"}, []string{"name=Santiago Garza", addr, "birthDate=1995-09-17"}, personal, false},
		{"no household address", []string{"name=Santiago Garza Orozco"}, []string{"name=Santiago Garza", "address=Lenin St 91, apt 153, Osh, KG"}, personal, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := rec("1", append([]string{"gender=male", addr}, tt.a...)...)
			b := rec("2", append([]string{"gender=male"}, tt.b...)...)
			s := CompareRecords(a, b, &w, tt.counts)
			if s.Match != tt.want {
				t.Errorf("match %v (score %.4f), want %v: %+v", s.Match, s.Value, tt.want, s.Pieces)
			}
			if p, ok := piece(s, "address"); tt.want && (!ok || p.Method != "household" || p.Weight != w.HouseholdAddress) {
				t.Errorf("address piece %+v, want household %v bits", p, w.HouseholdAddress)
			}
		})
	}
}

// TestSharedValueWithName: a generic value shared by two records that bear
// the same name adds GenericWithName on top of the capped names (a generic
// value alone, with other names, or with evidence of two people, still weighs
// nothing); a contact value
// held by few records (a phone, not an address: a household's) lifts the
// names' population frequency penalty.
func TestSharedValueWithName(t *testing.T) {
	w := DefaultRecordWeights()
	const phone, addr = "phone=+52 806 722 014", "address=Station Rd 238, apt 317, Monterrey, MX"
	same := func(id string, kv ...string) *RecordFeatures {
		return rec(id, append([]string{"firstName=Daniel", "lastName=Vargas", "gender=male"}, kv...)...)
	}
	generic, personal := fixedCounts{holders: 40, names: 1}, fixedCounts{holders: 2, names: 500}
	tests := []struct {
		name      string
		a, b      *RecordFeatures
		counts    Counts
		kind      string  // the shared value's piece
		method    string  // its method
		weight    float64 // its weight
		nameBits  float64 // the name pieces' total weight
		wantMatch bool
	}{
		{"generic phone, same name", same("1", phone), same("2", phone), generic, "phone", "generic_with_name", w.GenericWithName.Weight, w.NameAloneMax, true},
		// An address shared with the same family name weighs
		// HouseholdAddress at most (see TestHouseholdAddress); a generic one
		// (a shelter's) is no household's, though.
		{"generic address, same name", same("1", addr), same("2", addr), generic, "address", "generic_with_name", min(w.GenericWithName.Weight, w.HouseholdAddress), w.NameAloneMax, true},
		// Evidence of two people withholds the bonus: two full birth dates of
		// one year, two passport numbers.
		{"generic address, same name, other birth date", same("1", addr, "birthDate=1990-04-22"), same("2", addr, "birthDate=1990-09-27"), generic, "address", "exact", 0, w.NameAloneMax, false},
		{"generic address, same name, other passport", same("1", addr, "passportNumber=TJ671247088"), same("2", addr, "passportNumber=TJ980118610"), generic, "address", "exact", 0, w.NameAloneMax, false},
		{"generic phone, other names", rec("1", "firstName=Daniel", "lastName=Vargas", phone), rec("2", "firstName=Aziz", "lastName=Rahimov", phone), generic, "phone", "exact", 0, -10, false},
		{"generic phone, same surname only", rec("1", "firstName=Daniel", "lastName=Vargas", phone), rec("2", "firstName=Miguel", "lastName=Vargas", phone), generic, "phone", "exact", 0, 2, false},
		{"personal phone, common name", same("1", phone), same("2", phone), personal, "phone", "exact", w.LinkShared, 14, true},
		// A household's address and the name alone: the name's frequency
		// stands when another person of the name is known there (a father
		// and a son), not otherwise (householdDate).
		{"personal address, common name, a household namesake", same("1", addr), same("2", addr), homeCounts{personal, 1}, "address", "household", w.HouseholdAddress, 4, false},
		{"personal address, common name, no household namesake", same("1", addr), same("2", addr), personal, "address", "household", w.HouseholdAddress, w.NameAloneMax, true},
		// With a birth date that agrees (here the year of a full date), a
		// household's people are a handful and a relative of one name is born
		// another year: the names weigh their level (householdDate).
		{"household address and birth year, common name", same("1", addr, "birthDate=1995"), same("2", addr, "birthDate=1995-09-17"), personal, "address", "household", w.HouseholdAddress, 14, true},
		{"household address and other birth year, common name", same("1", addr, "birthDate=1970"), same("2", addr, "birthDate=1995-09-17"), personal, "address", "household", w.HouseholdAddress, 4, false},
		{"generic address, common name, no household namesake", same("1", addr), same("2", addr), fixedCounts{holders: 40, names: 500}, "address", "generic_with_name", min(w.GenericWithName.Weight, w.HouseholdAddress), 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CompareRecords(tt.a, tt.b, &w, tt.counts)
			p, ok := piece(s, tt.kind)
			if !ok || p.Method != tt.method || p.Weight != tt.weight {
				t.Errorf("%s piece: %+v, want method %s weight %v", tt.kind, p, tt.method, tt.weight)
			}
			names := 0.0
			for _, p := range s.Pieces {
				if nameKind(p.Kind) {
					names += p.Weight
				}
			}
			if math.Abs(names-tt.nameBits) > 1e-9 {
				t.Errorf("names weigh %v bits, want %v: %+v", names, tt.nameBits, s.Pieces)
			}
			if s.Match != tt.wantMatch {
				t.Errorf("match %v (score %.4f), want %v", s.Match, s.Value, tt.wantMatch)
			}
			if bits := RecordBits(tt.a, tt.b, &w, tt.counts, math.Inf(-1)); math.Abs(Probability(bits)-s.Value) > 1e-12 {
				t.Errorf("RecordBits gives %.6f, CompareRecords %.6f", Probability(bits), s.Value)
			}
		})
	}
	off := w
	off.GenericWithName.Weight = 0
	if s := CompareRecords(same("1", phone), same("2", phone), &off, generic); s.Match {
		t.Errorf("generic_with_name weight 0: a name and a generic phone matched (%.4f)", s.Value)
	}
}

// TestHouseholdAddress: an address shared by two records of one family
// name weighs HouseholdAddress and does not corroborate the names, so
// relatives of one travel party (a mother and a daughter of one name, twins)
// do not merge on it; with corroboration of its own (the same birth date) the
// pair still does, and an address shared across family names is weighed as
// any shared value.
func TestHouseholdAddress(t *testing.T) {
	w := DefaultRecordWeights()
	const addr = "address=Lenin St 195, apt 256, Wenzhou, CN"
	few := fixedCounts{holders: 5, names: 1}
	tests := []struct {
		name      string
		a, b      *RecordFeatures
		method    string // the address piece's method
		weight    float64
		wantMatch bool
	}{
		{"one name, other phones",
			rec("1", "firstName=Yinuo", "lastName=Law", "gender=female", addr, "phone=+86965660905"),
			rec("2", "firstName=Yinuo", "lastName=Law", "gender=female", addr, "phone=+86965709176"),
			"household", w.HouseholdAddress, false},
		{"one name, other birth dates",
			rec("1", "firstName=Fatima", "lastName=Karimova", "fatherName=Rustam", "gender=female", addr, "birthDate=1990-04-22"),
			rec("2", "firstName=Fatima", "lastName=Karimova", "fatherName=Rustam", "gender=female", addr, "birthDate=1994-11-03"),
			"household", w.HouseholdAddress, false},
		{"twins",
			rec("1", "firstName=Aziz", "lastName=Rahimov", "gender=male", addr, "birthDate=2001-02-13"),
			rec("2", "firstName=Anvar", "lastName=Rahimov", "gender=male", addr, "birthDate=2001-02-13"),
			"household", w.HouseholdAddress, false},
		{"one name, one birth date",
			rec("1", "firstName=Yinuo", "lastName=Law", "gender=female", addr, "birthDate=1971-07-30"),
			rec("2", "firstName=Yinuo", "lastName=Law", "gender=female", addr, "birthDate=1971-07-30"),
			"household", w.HouseholdAddress, true},
		// A woman under her maiden and her married name: not a household's
		// pair of relatives, the address is weighed as any shared value.
		{"other family names",
			rec("1", "firstName=Yinuo", "lastName=Law", "gender=female", addr, "birthDate=1971-07-30"),
			rec("2", "firstName=Yinuo", "lastName=Chen", "gender=female", addr, "birthDate=1971-07-30"),
			"exact", w.LinkShared, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CompareRecords(tt.a, tt.b, &w, few)
			p, ok := piece(s, "address")
			if !ok || p.Method != tt.method || p.Weight != tt.weight {
				t.Errorf("address piece: %+v, want method %s weight %v", p, tt.method, tt.weight)
			}
			if s.Match != tt.wantMatch {
				t.Errorf("match %v (score %.4f), want %v: %+v", s.Match, s.Value, tt.wantMatch, s.Pieces)
			}
			if bits := RecordBits(tt.a, tt.b, &w, few, math.Inf(-1)); math.Abs(Probability(bits)-s.Value) > 1e-12 {
				t.Errorf("RecordBits gives %.6f, CompareRecords %.6f", Probability(bits), s.Value)
			}
		})
	}
	// Off, the shared address corroborates the names as before.
	off := w
	off.HouseholdAddress = -1
	s := CompareRecords(tests[0].a, tests[0].b, &off, few)
	if p, _ := piece(s, "address"); p.Method != "exact" || p.Weight != w.LinkShared || !s.Match {
		t.Errorf("household_address off: address piece %+v, match %v; want exact %v bits and a match", p, s.Match, w.LinkShared)
	}
}

func TestNameInitials(t *testing.T) {
	tests := []struct{ a, b string }{
		{"name=Daniel Vargas Pérez", "name=DANIEL VARGAS PEREZ"},
		{"name=Алишер Каримов", "name=Alisher Karimov"},
		{"name=Alisher Karimov", "name=Karimov Alisher"},
	}
	for _, tt := range tests {
		a, b := string(rec("1", tt.a).NameInitials(nil)), string(rec("2", tt.b).NameInitials(nil))
		if a != b || a == "" {
			t.Errorf("initials %q of %s, %q of %s: want equal, not empty", a, tt.a, b, tt.b)
		}
	}
	if got := string(rec("1", "name=Daniel Vargas Pérez").NameInitials([]byte("x|"))); !strings.HasPrefix(got, "x|") || len(got) != 5 {
		t.Errorf("NameInitials appends: %q", got)
	}
}

// TestFatherNameForms: a Russian-style patronymic and the national form
// name the same father and agree; different fathers still disagree.
func TestFatherNameForms(t *testing.T) {
	w := DefaultRecordWeights()
	tests := []struct {
		a, b string
		sign int
	}{
		{"Ramadanovna", "Ramadan kizi", +1},
		{"Karimovich", "Karim o'g'li", +1},
		{"Alisherovich", "Alisher uulu", +1},
		{"Ramadanovna", "Ramadanovna", +1},
		{"Alinurovna", "Nurislamovna", -1},
		{"Ramadanovna", "Karim qizi", -1},
	}
	for _, tt := range tests {
		a := rec("1", "firstName=Medina", "lastName=Abdullaeva", "fatherName="+tt.a)
		b := rec("2", "firstName=Medina", "lastName=Abdullaeva", "fatherName="+tt.b)
		p, ok := piece(CompareRecords(a, b, &w, nil), "father_name")
		if !ok || int(math.Copysign(1, p.Weight)) != tt.sign || p.Weight == 0 {
			t.Errorf("%s vs %s: %+v, want sign %d", tt.a, tt.b, p, tt.sign)
		}
	}
}

// TestLinkDiffersOnlyWhenNoneAlike: phones count against only when none is
// shared, addresses only when none is alike; a record without the kind
// says nothing.
func TestLinkDiffersOnlyWhenNoneAlike(t *testing.T) {
	w := DefaultRecordWeights()
	tests := []struct {
		name string
		a, b *RecordFeatures
		kind string
	}{
		{"one phone shared", rec("1", "phone=111", "phone=222"), rec("2", "phone=222", "phone=333"), "phone"},
		{"address spelled apart", rec("1", "address=Calle Juárez 145, apt 347, Bishkek"), rec("2", "address=Calle Juarez 145 apt 347 Bishkek"), "address"},
		{"one side without a phone", rec("1", "phone=111"), rec("2", "email=a@b.c"), "phone"},
	}
	for _, tt := range tests {
		for _, p := range CompareRecords(tt.a, tt.b, &w, nil).Pieces {
			if p.Kind == tt.kind && p.Weight < 0 {
				t.Errorf("%s: %+v counts against", tt.name, p)
			}
		}
	}
}

// TestHalfNameAndDateNeverMerge: one name part and the birth date, the
// other part not agreeing and nothing else, stay a possible match (twins,
// strangers born the same day); anything else that agrees lifts the cap.
func TestHalfNameAndDateNeverMerge(t *testing.T) {
	w := DefaultRecordWeights()
	c := fixedCounts{holders: 2, names: 1}
	tests := []struct {
		name      string
		a, b      *RecordFeatures
		wantMatch bool
		wantCap   bool
	}{
		{"other given name", rec("1", "firstName=Emir", "lastName=Iskakov", "birthDate=1987-05-02", "gender=m"), rec("2", "firstName=Muhamed", "lastName=Iskakov", "birthDate=1987-05-02", "gender=m"), false, true},
		{"similar given name", rec("1", "firstName=Umar", "lastName=Smagulov", "birthDate=1990-10-25"), rec("2", "firstName=Usman", "lastName=Smagulov", "birthDate=1990-10-25"), false, true},
		{"other surname", rec("1", "firstName=Ailin", "lastName=Ismailova", "birthDate=1988-10-21"), rec("2", "firstName=Ailin", "lastName=Isaeva", "birthDate=1988-10-21"), false, true},
		{"and a shared phone", rec("1", "firstName=Umar", "lastName=Smagulov", "birthDate=1990-10-25", "phone=111"), rec("2", "firstName=Usman", "lastName=Smagulov", "birthDate=1990-10-25", "phone=111"), true, false},
		{"second surname left out", rec("1", "firstName=Lukas", "lastName=Lagos Sepulveda", "birthDate=1990-10-25"), rec("2", "firstName=Lukas", "lastName=Lagos", "birthDate=1990-10-25"), true, false},
	}
	for _, tt := range tests {
		s := CompareRecords(tt.a, tt.b, &w, c)
		gotCap := false
		for _, p := range s.Pieces {
			gotCap = gotCap || strings.Contains(p.Note, "birth date alone")
		}
		if s.Match != tt.wantMatch || gotCap != tt.wantCap {
			t.Errorf("%s: match %v (score %.4f), capped %v; want match %v, capped %v: %+v", tt.name, s.Match, s.Value, gotCap, tt.wantMatch, tt.wantCap, s.Pieces)
		}
		if bits := RecordBits(tt.a, tt.b, &w, c, math.Inf(-1)); math.Abs(Probability(bits)-s.Value) > 1e-12 {
			t.Errorf("%s: RecordBits gives %.6f, CompareRecords %.6f", tt.name, Probability(bits), s.Value)
		}
		if tt.name == "similar given name" && s.Value < 0.8 {
			t.Errorf("%s: score %.4f, want still a possible match (>= 0.8)", tt.name, s.Value)
		}
	}
}

func TestPartSim(t *testing.T) {
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"lagos sepulveda", "lagos", 0.94, 0.99},
		{"miguel angel", "miguel", 0.94, 0.99},
		{"vargas perez", "vargas perez", 1, 1},
		{"lagos sepulveda", "ramos", 0, 0.8},
	}
	for _, tt := range tests {
		if s := partSim(tt.a, tt.b); s < tt.min || s > tt.max || s != partSim(tt.b, tt.a) {
			t.Errorf("partSim(%q, %q) = %.4f, want in [%v, %v] and symmetric", tt.a, tt.b, s, tt.min, tt.max)
		}
	}
}

// TestJaroASCII: the bit-set Jaro on ASCII gives jaro's value bit for bit.
func TestJaroASCII(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "martha", "marhta", "dwayne", "duane", "dixon", "dicksonx",
		"navoi st 156 block 187 apt 215 khujand tj", "lenin st 252 block 187 apt 216 kulob tj",
		"mill rd 48 block 187 apt 218 bokhtar tj", "park ave 144 block 187 apt 219 istaravshan tj",
		"0123456789012345678901234567890123456789012345678901234567890123", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := r.IntN(65)
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcde 0123"[r.IntN(10)]
		}
		words = append(words, string(b))
	}
	for i, a := range words {
		for _, b := range words[max(0, i-30):i] {
			var ab, bb [64]rune
			want := jaro(toRunes(a, ab[:0]), toRunes(b, bb[:0]))
			if got := jaroASCII(a, b); got != want {
				t.Fatalf("jaroASCII(%q, %q) = %v, jaro %v", a, b, got, want)
			}
		}
	}
}

// TestWholeNameFather: two whole names that both write the father's name
// and agree on it get a father_name piece (what fatherName would add); with
// a household's address the agreeing father's name, like an agreeing birth
// date, lifts the names' population frequency (a father and a son never
// share it). A name without one, or a differing one, adds nothing, unless
// no other person of the name is known at the address (householdDate).
func TestWholeNameFather(t *testing.T) {
	w := DefaultRecordWeights()
	const addr = "address=Garden Ln 132, block 187, apt 223, Kulob, TJ"
	common := fixedCounts{holders: 2, names: 500}
	// With a household namesake known at the address (a father and a son
	// of one name), a record without the father's name tells nothing.
	namesake := homeCounts{common, 1}
	tests := []struct {
		name       string
		a, b       *RecordFeatures
		counts     Counts
		father     bool // a father_name piece for
		wantMatch  bool
		minNameAll float64 // the name pieces weigh at least this much in all
	}{
		{"same father, cross-script", rec("1", "name=Akhmetov Mukhammad Alikhanovich", addr), rec("2", "name=Ахметов Мухаммад Алиханович", addr), namesake, true, true, w.NameAloneMax},
		{"same father, romanizations", rec("1", "name=Alinur Aliyevich Sultanov", addr), rec("2", "name=Alinur Alievich Sultanov", addr), namesake, true, true, w.NameAloneMax},
		{"one without", rec("1", "name=Akhmetov Mukhammad Alikhanovich", addr), rec("2", "name=Mukhammad Akhmetov", addr), namesake, false, false, 0},
		{"neither", rec("1", "name=Mukhammad Akhmetov", addr), rec("2", "name=Mukhammad Akhmetov", addr), namesake, false, false, 0},
		{"one without, no household namesake", rec("1", "name=Akhmetov Mukhammad Alikhanovich", addr), rec("2", "name=Mukhammad Akhmetov", addr), common, false, true, w.NameAloneMax},
		{"other father", rec("1", "name=Akhmetov Mukhammad Alikhanovich", addr), rec("2", "name=Akhmetov Mukhammad Bilalovich", addr), common, false, false, math.Inf(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CompareRecords(tt.a, tt.b, &w, tt.counts)
			p, ok := piece(s, "father_name")
			switch {
			case !tt.father && ok:
				t.Errorf("unexpected father_name piece %+v", p)
			case tt.father && (!ok || p.Weight <= 0):
				t.Errorf("father_name piece %+v (found %v), want one for", p, ok)
			}
			names := 0.0
			for _, p := range s.Pieces {
				if nameKind(p.Kind) {
					names += p.Weight
				}
			}
			if names < tt.minNameAll {
				t.Errorf("names weigh %v bits, want at least %v: %+v", names, tt.minNameAll, s.Pieces)
			}
			if s.Match != tt.wantMatch {
				t.Errorf("match %v (score %.4f), want %v: %+v", s.Match, s.Value, tt.wantMatch, s.Pieces)
			}
			if bits := RecordBits(tt.a, tt.b, &w, tt.counts, math.Inf(-1)); math.Abs(Probability(bits)-s.Value) > 1e-12 {
				t.Errorf("RecordBits gives %.6f, CompareRecords %.6f", Probability(bits), s.Value)
			}
		})
	}
}

// valueCounts gives each listed identifier value its holder count (1 for
// any other) and every name token one holder.
type valueCounts map[string]int

func (c valueCounts) Holders(_ vetgraph.IdentifierKind, v string) int {
	if n, ok := c[v]; ok {
		return n
	}
	return 1
}
func (c valueCounts) NameHolders(string) int                       { return 1 }
func (c valueCounts) Namesakes(a, b *RecordFeatures, all bool) int { return 0 }

func (c valueCounts) HomeNamesakes(a, b *RecordFeatures, all bool) int { return 0 }

// TestPhoneDiffersBesideGeneric: a generic phone (the smuggler's phone
// clients called), whether both records or one holds it, is set aside when
// their phones are compared: if each also holds a number of its own and
// those differ, the phones differ; a shared number that weighs (not
// generic) or no own numbers on one side say nothing against.
func TestPhoneDiffersBesideGeneric(t *testing.T) {
	w := DefaultRecordWeights()
	const smuggler, ownA, ownB = "phone=+52 5500 190 056", "phone=+998 91 335 2653", "phone=+996 93 734 3340"
	who := []string{"firstName=Saliha", "lastName=Yusupova", "gender=female"}
	r := func(id string, kv ...string) *RecordFeatures {
		return rec(id, append(append([]string(nil), who...), kv...)...)
	}
	counts := valueCounts{"525500190056": 26}
	tests := []struct {
		name   string
		a, b   *RecordFeatures
		counts Counts
		differ bool
	}{
		{"generic shared, own numbers differ", r("1", smuggler, ownA), r("2", smuggler, ownB), counts, true},
		{"generic shared, own number on one side only", r("1", smuggler, ownA), r("2", smuggler), counts, false},
		{"generic shared, same own number", r("1", smuggler, ownA), r("2", smuggler, ownA), counts, false},
		{"shared number not generic, own numbers differ", r("1", smuggler, ownA), r("2", smuggler, ownB), valueCounts{}, false},
		{"nothing shared, numbers differ", r("1", ownA), r("2", ownB), counts, true},
		// A record that gives the smuggler's number alone holds none of its
		// own to differ (the guide's phone on a client's encounter), while
		// that number is generic; a number held by few is the holder's own.
		{"generic on one side alone, own number on the other", r("1", smuggler), r("2", ownB), counts, false},
		{"generic and own on one side, another own on the other", r("1", smuggler, ownA), r("2", ownB), counts, true},
		{"the same number held by few, own number on the other", r("1", smuggler), r("2", ownB), valueCounts{"525500190056": 3}, true},
		{"without counts", r("1", smuggler), r("2", ownB), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CompareRecords(tt.a, tt.b, &w, tt.counts)
			differ := false
			for _, p := range s.Pieces {
				if p.Kind == "phone" && p.Method == "mismatch" {
					differ = true
					if p.Weight != w.PhoneDiffers {
						t.Errorf("mismatch weight %v, want %v", p.Weight, w.PhoneDiffers)
					}
				}
			}
			if differ != tt.differ {
				t.Errorf("phones differ = %v, want %v: %+v", differ, tt.differ, s.Pieces)
			}
		})
	}
}

// TestCamelReadings: a capital typed inside a word ("AliAev") is read both
// as two names and as a slip of the keyboard, so the record still matches
// its person's others ("Aliev", one typo); a name written without spaces
// ("VladimirPutin") still matches the spaced one.
func TestCamelReadings(t *testing.T) {
	w := DefaultRecordWeights()
	counts := fixedCounts{holders: 1, names: 1}
	const dob = "birthDate=1973-07-10"
	tests := []struct {
		a, b string
		min  float64 // the name pieces weigh at least this much
	}{
		{"Emir Usmanovich AliAev", "Emir ALIEV", 1},
		{"VladimirPutin", "Vladimir Putin", 1},
	}
	for _, tt := range tests {
		s := CompareRecords(rec("1", "name="+tt.a, dob), rec("2", "name="+tt.b, dob), &w, counts)
		names := 0.0
		for _, p := range s.Pieces {
			if nameKind(p.Kind) {
				names += p.Weight
			}
		}
		if names < tt.min || !s.Match {
			t.Errorf("%q ~ %q: names weigh %.1f bits (want at least %.1f), match %v: %+v", tt.a, tt.b, names, tt.min, s.Match, s.Pieces)
		}
	}
}
