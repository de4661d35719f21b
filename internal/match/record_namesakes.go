package match

import (
	"fmt"
	"math"
	"slices"

	"vetgraph"
	"vetgraph/internal/name"
)

// Known namesakes. The name weights assume the population's name
// frequencies, but a name may be borne by several people the records
// themselves tell apart: records of that whole name whose birth dates are
// far from each other. Between two records whose birth dates differ by one
// slip (a digit, two adjacent digits swapped, or the day and the month
// swapped), the name cannot tell which of its bearers each is: a slip is
// rare (under one record in a hundred) while, among a few people of one
// name, a birth date one slip from another's is not. So when such a pair agrees on a whole
// name that known namesakes bear, the names weigh no more than the prior
// (the pair starts even) and the rest of the evidence decides: a shared
// phone or passport still merges, a date one slip apart alone stays a
// possible match for a reviewer.
//
// A record is a known namesake of the pair (NamesakeOf) when it has a given
// name and a surname that agree with both (NamesAgree), a full birth date
// that is neither one typo nor a day/month swap from any of theirs and at
// least NamesakeYears years from each, and no identity document or
// link-grade value in common with either: a record of the same name that
// shares a phone with one of them, or was born within a few years of one of
// them, may be that person written with a larger slip.

// NamesakeYears is how far (in years) a known namesake's birth date is from
// both of the pair's.
const NamesakeYears = 3

// namesakesNote explains the capped name pieces.
const namesakesNote = "known namesakes: %d other %s this name with birth dates far from both, and birth dates one slip apart do not tell its bearers apart: the names weigh %.1f bits instead of %.1f"

// FullName reports whether the record has a given name and a surname, the
// records among which NamesakeOf looks.
func (f *RecordFeatures) FullName() bool { return len(f.Given) > 0 && len(f.Surname) > 0 }

// FullBirthDate reports whether the record has a full birth date.
func (f *RecordFeatures) FullBirthDate() bool {
	for _, d := range f.DOBs {
		if d.Full() {
			return true
		}
	}
	return false
}

// TypoBirthDates reports whether the best agreement of a's and b's birth
// dates is one slip: one typo or the day and month swapped (see
// [DateWeights]): the pairs the known-namesakes rule may concern.
func TypoBirthDates(a, b *RecordFeatures, w *RecordWeights) bool {
	if len(a.DOBs) == 0 || len(b.DOBs) == 0 {
		return false
	}
	method, _, _, _, _ := bestDates(a.DOBs, b.DOBs, &w.BirthDate)
	return method == "typo" || method == "day_month_swapped"
}

// NamesakeOf reports whether r is a known namesake of the pair a, b (see
// above). It is a function of the three records alone.
func NamesakeOf(a, b, r *RecordFeatures, w *RecordWeights) bool {
	if !r.FullName() || !r.FullBirthDate() || sharesValue(r, a) || sharesValue(r, b) {
		return false
	}
	far := false
	for _, d := range r.DOBs {
		if d.Full() && farFrom(d, a.DOBs) && farFrom(d, b.DOBs) {
			far = true
			break
		}
	}
	return far && NamesAgree(a, r, w) && NamesAgree(b, r, w)
}

// farFrom reports whether the full date d is at least NamesakeYears years
// from each of ds (which rules out an equal date and a day/month swap) and
// not one typo from any (a slip in the year's digits: 1995, 1999).
func farFrom(d Date, ds []Date) bool {
	for _, o := range ds {
		if math.Abs(yearsOf(d)-yearsOf(o)) < NamesakeYears || o.Full() && dateTypo(d, o) {
			return false
		}
	}
	return true
}

// yearsOf is a date in years (a partial date at the middle of what it
// leaves open).
func yearsOf(d Date) float64 {
	m, day := float64(d.Month), float64(d.Day)
	if d.Month == 0 {
		m = 6.5
	}
	if d.Day == 0 {
		day = 15
	}
	return float64(d.Year) + (m-1)/12 + (day-1)/365
}

// sharesValue reports whether a and b hold one identity-grade or
// link-grade value in common.
func sharesValue(a, b *RecordFeatures) bool { return sharesValueBesides(a, b, "") }

// capNamesakes applies the known-namesakes rule to the pieces (names are
// pieces[1:names]): when the birth dates agree only as one slip, both
// records have a whole name that agrees and counts knows namesakes of it,
// the positive given-name and surname pieces are scaled down to add up to
// at most the prior's weight against. A pair whose pieces add up to less
// than floor already is left as it is: the rule would only lower it, and
// below floor the score need not be exact (RecordBits), so counts is not
// asked.
func capNamesakes(pieces []vetgraph.Piece, names int, a, b *RecordFeatures, w *RecordWeights, counts Counts, explain bool, floor float64) {
	if counts == nil || !a.FullName() || !b.FullName() {
		return
	}
	typo := false
	for _, p := range pieces[names:] {
		if p.Kind == "birth_date" {
			typo = p.Method == "typo" || p.Method == "day_month_swapped"
		}
	}
	if !typo || !namesAgree(pieces[1:names], w.GenericWithName.MinName) {
		return
	}
	allowed := max(0, -pieces[0].Weight)
	sum := 0.0
	for _, p := range pieces[1:names] {
		if isNamePart(p.Kind) && p.Weight > 0 {
			sum += p.Weight
		}
	}
	if sum <= allowed {
		return
	}
	if !math.IsInf(floor, -1) {
		total := 0.0
		for _, p := range pieces {
			total += p.Weight
		}
		if total < floor {
			return
		}
	}
	n := counts.Namesakes(a, b, explain)
	if n == 0 {
		return
	}
	note := ""
	if explain {
		note = fmt.Sprintf(namesakesNote, n, plural(n, "record bears", "records bear"), allowed, sum)
	}
	scaleDown(pieces[:names], func(p *vetgraph.Piece) bool { return isNamePart(p.Kind) }, sum, allowed, note)
}

// isNamePart reports whether a piece weighs the name itself (not the
// father's name).
func isNamePart(kind string) bool { return nameKind(kind) && kind != "father_name" }

// HouseholdNamesakeOf reports whether r is a household namesake of the
// pair a, b: a record that holds an address both hold, bears a name that
// agrees with both (the fathers' names aside), shares no document, phone or
// other link-grade value but addresses with either, and is on its own
// evidence another person than one of them: a full birth date at least
// NamesakeYears years from (and not one typo from) each full birth date of
// one of them, or a father's name that disagrees with one of theirs (a
// mother Aiym Alievna beside a daughter Aiym Aisultanovna). It is a
// function of the three records alone.
func HouseholdNamesakeOf(a, b, r *RecordFeatures, w *RecordWeights) bool {
	if !holdsSharedAddress(r, a, b) || sharesValueBesides(r, a, vetgraph.IDAddress) || sharesValueBesides(r, b, vetgraph.IDAddress) {
		return false
	}
	other := false
	for _, x := range [2]*RecordFeatures{a, b} {
		agree, fatherDiffers := nameAgreement(x, r, w)
		if !agree {
			return false
		}
		if fatherDiffers || x.FullBirthDate() && bornFar(r, x) {
			other = true
		}
	}
	return other
}

// SharedAddresses appends to dst the address values a and b both hold.
func SharedAddresses(a, b *RecordFeatures, dst []string) []string {
	for _, x := range a.Links {
		if x.Kind != vetgraph.IDAddress {
			continue
		}
		for _, y := range b.Links {
			if y.Kind == vetgraph.IDAddress && y.Value == x.Value {
				dst = append(dst, x.Value)
				break
			}
		}
	}
	return dst
}

// holdsSharedAddress reports whether r holds an address value that a and
// b both hold.
func holdsSharedAddress(r, a, b *RecordFeatures) bool {
	for _, x := range r.Links {
		if x.Kind == vetgraph.IDAddress && slices.Contains(a.Links, x) && slices.Contains(b.Links, x) {
			return true
		}
	}
	return false
}

// sharesValueBesides reports whether a and b hold one identity-grade or
// link-grade value (kind and value) in common, leaving out the link-grade
// values of kind skip ("": none).
func sharesValueBesides(a, b *RecordFeatures, skip vetgraph.IdentifierKind) bool {
	same := func(x Ident) func(Ident) bool {
		return func(y Ident) bool { return x.Kind == y.Kind && x.Value == y.Value }
	}
	for _, x := range a.Identity {
		if slices.ContainsFunc(b.Identity, same(x)) {
			return true
		}
	}
	for _, x := range a.Links {
		if x.Kind != skip && slices.ContainsFunc(b.Links, same(x)) {
			return true
		}
	}
	return false
}

// nameAgreement compares x's and r's names: whether every name piece
// agrees (as namesAgree, the fathers' names aside: whole names are compared
// without their patronymics) and whether the fathers' names, when both
// have one, disagree.
func nameAgreement(x, r *RecordFeatures, w *RecordWeights) (agree, fatherDiffers bool) {
	var buf [8]vetgraph.Piece
	var level [3]float64
	for _, p := range compareNamesPieces(buf[:1], x, r, w, nil, false, &level)[1:] {
		switch p.Kind {
		case "given_name", "surname":
			if p.Score < w.GenericWithName.MinName {
				return false, false
			}
			agree = true
		case "name":
			s, differs := wholeSansFathers(x, r, w)
			if s < w.GenericWithName.MinName {
				return false, false
			}
			agree, fatherDiffers = true, fatherDiffers || differs
		case "father_name":
			fatherDiffers = fatherDiffers || p.Weight < 0
		}
	}
	return agree, fatherDiffers
}

// wholeSansFathers compares x's and r's whole names without their
// patronymics (Ibraeva Aiym Aisultanovna, Ibraeva Aiym Alievna: one name,
// two fathers): the best similarity, and whether the best pair both write
// a father's name and the two disagree.
func wholeSansFathers(x, r *RecordFeatures, w *RecordWeights) (float64, bool) {
	best, differs := -1.0, false
	for _, a := range x.names {
		for _, b := range r.names {
			if s := NameValue(sansPatronymic(a), sansPatronymic(b)); s > best {
				best, differs = s, false
				if pa, pb := patronymic(a), patronymic(b); pa != nil && pb != nil {
					fs, _ := nmTokenSim(pa, pb)
					fw, _ := w.Father.Weigh(fs)
					differs = fw < 0
				}
			}
		}
	}
	return best, differs
}

// sansPatronymic returns n without its patronymic tokens (n itself when it
// has none).
func sansPatronymic(n *name.Prepared) *name.Prepared {
	is := func(t name.Token) bool { return t.Role == name.RolePatronymic }
	if !slices.ContainsFunc(n.Tokens, is) {
		return n
	}
	c := *n
	c.Tokens = slices.DeleteFunc(slices.Clone(n.Tokens), is)
	return &c
}

// bornFar reports whether a full birth date of r is far from every birth
// date of x (farFrom).
func bornFar(r, x *RecordFeatures) bool {
	for _, d := range r.DOBs {
		if d.Full() && farFrom(d, x.DOBs) {
			return true
		}
	}
	return false
}
