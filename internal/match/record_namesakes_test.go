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
}
