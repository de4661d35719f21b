package match

import (
	"math"
	"strings"
	"testing"
)

// namesakeCounts answers Namesakes with a fixed number.
type namesakeCounts struct {
	fixedCounts
	n int
}

func (c namesakeCounts) Namesakes(a, b *RecordFeatures, all bool) int { return c.n }

func (c namesakeCounts) HomeNamesakes(a, b *RecordFeatures, all bool) int { return 0 }

// TestNamesakeOf: a known namesake of a pair bears the whole name and a
// full birth date far from both, and shares no value with either.
func TestNamesakeOf(t *testing.T) {
	w := DefaultRecordWeights()
	a := rec("a", "name=Khadicha Omarova", "firstName=Khadicha", "lastName=Omarova", "birthDate=1995-11-25", "phone=+992942460066")
	b := rec("b", "name=Khadicha Omarova", "firstName=Khadicha", "lastName=Omarova", "birthDate=1999-11-25", "phone=+998944035497")
	tests := []struct {
		name string
		r    *RecordFeatures
		want bool
	}{
		{"the same name, born twenty years earlier", rec("r", "firstName=Khadicha", "lastName=Omarova", "birthDate=1974-11-03"), true},
		{"in Cyrillic", rec("r", "firstName=Хадича", "lastName=Омарова", "birthDate=1974-11-03"), true},
		{"another given name", rec("r", "firstName=Amina", "lastName=Omarova", "birthDate=1974-11-03"), false},
		{"no given name", rec("r", "lastName=Omarova", "birthDate=1974-11-03"), false},
		{"a year only", rec("r", "firstName=Khadicha", "lastName=Omarova", "birthDate=1974"), false},
		{"no birth date", rec("r", "firstName=Khadicha", "lastName=Omarova"), false},
		{"born within three years of one", rec("r", "firstName=Khadicha", "lastName=Omarova", "birthDate=1997-02-01"), false},
		{"one typo from one", rec("r", "firstName=Khadicha", "lastName=Omarova", "birthDate=1995-11-26"), false},
		{"a day/month swap of one, far from the other", rec("r", "firstName=Khadicha", "lastName=Omarova", "birthDate=1999-11-25"), false},
		{"sharing the first one's phone", rec("r", "firstName=Khadicha", "lastName=Omarova", "birthDate=1974-11-03", "phone=+992942460066"), false},
	}
	for _, tt := range tests {
		if got := NamesakeOf(a, b, tt.r, &w); got != tt.want {
			t.Errorf("%s: NamesakeOf = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !TypoBirthDates(a, b, &w) {
		t.Errorf("TypoBirthDates(1995-11-25, 1999-11-25) = false, want true")
	}
	if c := rec("c", "birthDate=1995-11-25"); TypoBirthDates(a, c, &w) {
		t.Errorf("TypoBirthDates of equal dates = true, want false")
	}
	// The day and the month swapped is a slip as well (Muhamad Ibragimov
	// 1969-10-05, Muhamed Ibragimov 1969-05-10).
	if !TypoBirthDates(rec("s", "birthDate=1969-10-05"), rec("t", "birthDate=1969-05-10"), &w) {
		t.Errorf("TypoBirthDates(1969-10-05, 1969-05-10) = false, want true")
	}
	if TypoBirthDates(rec("s", "birthDate=1969-10-05"), rec("t", "birthDate=1969-08-21"), &w) {
		t.Errorf("TypoBirthDates(1969-10-05, 1969-08-21) = true, want false")
	}
}

// TestNamesakesCap: birth dates one typo apart and known namesakes: the
// names weigh no more than the prior against, and say why; without
// namesakes, or with dates that agree, they weigh as before.
func TestNamesakesCap(t *testing.T) {
	w := DefaultRecordWeights()
	a := rec("a", "firstName=Khadicha", "lastName=Omarova", "birthDate=1995-11-25", "gender=female")
	b := rec("b", "firstName=Khadicha", "lastName=Omarova", "birthDate=1999-11-25", "gender=female")
	sum := func(a, b *RecordFeatures, n int) (float64, string) {
		s := CompareRecords(a, b, &w, namesakeCounts{fixedCounts{1, 1}, n})
		total, notes := 0.0, ""
		for _, p := range s.Pieces {
			if p.Kind == "given_name" || p.Kind == "surname" {
				total += p.Weight
				notes += p.Note
			}
		}
		return total, notes
	}
	before, _ := sum(a, b, 0)
	if before <= 2 {
		t.Fatalf("names weigh %.1f bits without namesakes: want more than the prior's 2", before)
	}
	after, note := sum(a, b, 2)
	if after > 2+1e-9 || after < 2-1e-9 {
		t.Errorf("with namesakes the names weigh %.2f bits, want 2 (the prior against)", after)
	}
	if !strings.Contains(note, "known namesakes: 2 other records bear this name") {
		t.Errorf("note %q does not say why", note)
	}
	nc := namesakeCounts{fixedCounts{1, 1}, 2}
	s := CompareRecords(a, b, &w, nc)
	if s.Match {
		t.Errorf("with namesakes, names and a date one typo apart match: %+v", s.Pieces)
	}
	if bits := RecordBits(a, b, &w, nc, math.Inf(-1)); math.Abs(Probability(bits)-s.Value) > 1e-12 {
		t.Errorf("RecordBits gives %v, CompareRecords %v", Probability(bits), s.Value)
	}
	exact := rec("c", "firstName=Khadicha", "lastName=Omarova", "birthDate=1995-11-25", "gender=female")
	if got, _ := sum(a, exact, 2); got != before {
		t.Errorf("dates that agree: names weigh %.1f with namesakes, want %.1f as without", got, before)
	}
	// The day and the month swapped: the same rule.
	sw := rec("e", "firstName=Khadicha", "lastName=Omarova", "birthDate=1995-12-11", "gender=female")
	x := rec("x", "firstName=Khadicha", "lastName=Omarova", "birthDate=1995-11-12", "gender=female")
	if got, note := sum(x, sw, 2); math.Abs(got-2) > 1e-9 || !strings.Contains(note, "known namesakes") {
		t.Errorf("day and month swapped, with namesakes: names weigh %.2f (%q), want 2", got, note)
	}
}

// TestHouseholdNamesakeOf: a household namesake of a pair holds their
// address, bears their name and is, on its own evidence, another person
// than one of them: a birth date far from one of theirs, or another
// father's name.
func TestHouseholdNamesakeOf(t *testing.T) {
	w := DefaultRecordWeights()
	const home = "address=Lenin St 159, apt 374, Shymkent, KZ"
	// A daughter's two records: one without a birth date.
	a := rec("a", "name=Ibraeva Aiym Aisultanovna", home)
	b := rec("b", "name=Aiym Ibraeva", "birthDate=2003-03-30", home, "phone=+77902491678")
	tests := []struct {
		name string
		r    *RecordFeatures
		want bool
	}{
		{"the mother: another father, born 1970", rec("r", "name=Ibraeva Aiym Alievna", "birthDate=1970-06-16", home), true},
		{"born 1970, no father's name", rec("r", "name=Aiym Ibraeva", "birthDate=1970-06-16", home), true},
		{"another father's name only", rec("r", "name=Aiym Nurlanovna Ibraeva", home), true},
		{"in Cyrillic", rec("r", "name=Ибраева Айым", "birthDate=1970-06-16", home), true},
		{"elsewhere", rec("r", "name=Aiym Ibraeva", "birthDate=1970-06-16", "address=Abai Ave 12, apt 3, Almaty, KZ"), false},
		{"another given name", rec("r", "name=Dana Ibraeva", "birthDate=1970-06-16", home), false},
		{"born near her", rec("r", "name=Aiym Ibraeva", "birthDate=2002-11-02", home), false},
		{"one typo from her birth date", rec("r", "name=Aiym Ibraeva", "birthDate=2008-03-30", home), false},
		{"her father's name, no birth date", rec("r", "name=Aiym Aisultanovna Ibraeva", home), false},
		{"sharing her phone", rec("r", "name=Aiym Ibraeva", "birthDate=1970-06-16", home, "phone=+77902491678"), false},
	}
	for _, tt := range tests {
		if got := HouseholdNamesakeOf(a, b, tt.r, &w); got != tt.want {
			t.Errorf("%s: HouseholdNamesakeOf = %v, want %v", tt.name, got, tt.want)
		}
		if got := HouseholdNamesakeOf(b, a, tt.r, &w); got != tt.want {
			t.Errorf("%s, the pair reversed: HouseholdNamesakeOf = %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := SharedAddresses(a, b, nil); len(got) != 1 {
		t.Errorf("SharedAddresses = %q, want one", got)
	}
}
