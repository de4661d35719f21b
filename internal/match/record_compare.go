package match

import (
	"fmt"
	"math"
	"strings"

	"vetgraph"
)

// Holders reports how many records hold a link-grade identifier value. The
// scorer uses it to recognise generic values; nil means no value is generic.
type Holders func(kind vetgraph.IdentifierKind, value string) int

// CompareRecords compares two prepared subject records and returns a score
// whose pieces are the per-feature log-likelihood weights (in bits) described
// at [RecordWeights]; Value is 1/(1+2^-sum) and Match is Value >= w.MatchAt.
//
// The comparison is symmetric (the pair is put in key order first), Value is
// in [0,1], and it is a pure function of the two records, the weights and,
// for link-grade values, whether holders says they are generic. A link-grade
// value held by more than w.GenericLimit records weighs nothing, and its
// piece says so ("generic phone: held by 312 records"). Nationality is never
// compared.
func CompareRecords(a, b *RecordFeatures, w *RecordWeights, holders Holders) vetgraph.Score {
	if keyLess(b.Key, a.Key) {
		a, b = b, a
	}
	pieces := make([]vetgraph.Piece, 0, 8)
	pieces = compareNamesPieces(pieces, a, b, w)
	pieces = compareDates(pieces, a.DOBs, b.DOBs, &w.BirthDate)
	if a.Gender != 0 && b.Gender != 0 {
		p := vetgraph.Piece{Kind: "gender", Method: "exact", A: string(a.Gender), B: string(b.Gender)}
		if a.Gender == b.Gender {
			p.Score, p.Weight, p.Matched, p.Exact = 1, w.GenderAgree, true, true
		} else {
			p.Weight = w.GenderDisagree
		}
		pieces = append(pieces, p)
	}
	pieces = compareIdentity(pieces, a.Identity, b.Identity, w)
	pieces = compareLinks(pieces, a.Links, b.Links, w, holders)
	pieces = compareField(pieces, "postal_code", a.Postal, b.Postal, w.Postal, exactSim)
	pieces = compareField(pieces, "city", a.City, b.City, w.City, jaroWinkler)
	pieces = compareField(pieces, "street", a.Street, b.Street, w.Street, tokenSetSim)
	pieces = compareField(pieces, "region", a.Region, b.Region, w.Region, exactSim)
	total := 0.0
	for _, p := range pieces {
		total += p.Weight
	}
	v := Probability(total)
	return vetgraph.Score{Value: v, Match: v >= w.MatchAt, Pieces: pieces}
}

// Probability maps a total weight in bits to (0,1): 1/(1+2^-bits).
func Probability(bits float64) float64 {
	return 1 / (1 + math.Exp2(-bits))
}

func keyLess(a, b vetgraph.RecordKey) bool {
	if a.Source != b.Source {
		return a.Source < b.Source
	}
	return a.ID < b.ID
}

func compareNamesPieces(pieces []vetgraph.Piece, a, b *RecordFeatures, w *RecordWeights) []vetgraph.Piece {
	given := len(a.Given) > 0 && len(b.Given) > 0
	surname := len(a.Surname) > 0 && len(b.Surname) > 0
	switch {
	case given && surname:
		gs, ga, gb := bestPair(a.Given, b.Given, jaroWinkler)
		ss, sa, sb := bestPair(a.Surname, b.Surname, jaroWinkler)
		gw, gok := w.Given.Weigh(gs)
		sw, sok := w.Surname.Weigh(ss)
		// The swapped arrangement: a's given name is b's surname and vice versa.
		xs1, xa1, xb1 := bestPair(a.Given, b.Surname, jaroWinkler)
		xs2, xa2, xb2 := bestPair(a.Surname, b.Given, jaroWinkler)
		xw1, xok1 := w.Given.Weigh(xs1)
		xw2, xok2 := w.Surname.Weigh(xs2)
		if xw1+xw2 > gw+sw && xok1 && xok2 {
			pieces = append(pieces,
				namePiece("given_name", "swapped", xs1, xw1, xok1, xa1, xb1),
				namePiece("surname", "swapped", xs2, xw2, xok2, xa2, xb2))
		} else {
			pieces = append(pieces,
				namePiece("given_name", "jaro_winkler", gs, gw, gok, ga, gb),
				namePiece("surname", "jaro_winkler", ss, sw, sok, sa, sb))
		}
	case given:
		s, x, y := bestPair(a.Given, b.Given, jaroWinkler)
		wt, ok := w.Given.Weigh(s)
		pieces = append(pieces, namePiece("given_name", "jaro_winkler", s, wt, ok, x, y))
	case surname:
		s, x, y := bestPair(a.Surname, b.Surname, jaroWinkler)
		wt, ok := w.Surname.Weigh(s)
		pieces = append(pieces, namePiece("surname", "jaro_winkler", s, wt, ok, x, y))
	case len(a.names) > 0 && len(b.names) > 0:
		s, na, nb := bestNames(a, b)
		nw, ok := w.Name.Weigh(s)
		pieces = append(pieces, namePiece("name", "name_layer", s, nw, ok, na, nb))
	}
	if len(a.Father) > 0 && len(b.Father) > 0 {
		s, fa, fb := bestPair(a.Father, b.Father, jaroWinkler)
		fw, ok := w.Father.Weigh(s)
		pieces = append(pieces, namePiece("father_name", "jaro_winkler", s, fw, ok, fa, fb))
	}
	return pieces
}

func namePiece(kind, method string, s, weight float64, matched bool, a, b string) vetgraph.Piece {
	if s >= 1 {
		method = "exact"
	}
	return vetgraph.Piece{Kind: kind, Method: method, Score: round(s), Weight: weight, Matched: matched, Exact: s >= 1, A: a, B: b}
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

func bestPair(as, bs []string, sim func(a, b string) float64) (float64, string, string) {
	best, ba, bb := -1.0, "", ""
	for _, x := range as {
		for _, y := range bs {
			if s := sim(x, y); s > best {
				best, ba, bb = s, x, y
			}
		}
	}
	return best, ba, bb
}

func exactSim(a, b string) float64 {
	if a == b {
		return 1
	}
	return 0
}

// tokenSetSim is 1 for equal values and Jaro-Winkler otherwise.
func tokenSetSim(a, b string) float64 {
	if a == b {
		return 1
	}
	return jaroWinkler(a, b)
}

func compareField(pieces []vetgraph.Piece, kind string, as, bs []string, l Levels, sim func(a, b string) float64) []vetgraph.Piece {
	if len(as) == 0 || len(bs) == 0 {
		return pieces
	}
	s, a, b := bestPair(as, bs, sim)
	wt, ok := l.Weigh(s)
	method := "jaro_winkler"
	if s >= 1 {
		method = "exact"
	}
	return append(pieces, vetgraph.Piece{Kind: kind, Method: method, Score: round(s), Weight: wt, Matched: ok, Exact: s >= 1, A: a, B: b})
}

func compareDates(pieces []vetgraph.Piece, as, bs []Date, w *DateWeights) []vetgraph.Piece {
	if len(as) == 0 || len(bs) == 0 {
		return pieces
	}
	best := vetgraph.Piece{Kind: "birth_date", Method: "mismatch", Weight: w.Mismatch}
	first := true
	for _, x := range as {
		for _, y := range bs {
			method, score, wt := compareDate(x, y, w)
			if first || wt > best.Weight {
				first = false
				best = vetgraph.Piece{Kind: "birth_date", Method: method, Score: score, Weight: wt,
					Matched: wt > 0, Exact: method == "exact", A: x.String(), B: y.String()}
			}
		}
	}
	return append(pieces, best)
}

func compareDate(x, y Date, w *DateWeights) (method string, score, weight float64) {
	if x.Full() && y.Full() {
		switch {
		case x == y:
			return "exact", 1, w.Exact
		case x.Year == y.Year && x.Month == y.Day && x.Day == y.Month:
			return "day_month_swapped", 0.9, w.Swapped
		case dateTypo(x, y):
			return "typo", 0.8, w.Typo
		}
		return "mismatch", 0, w.Mismatch
	}
	// At least one side is partial: consistent on every known part?
	if x.Year == y.Year && (x.Month == 0 || y.Month == 0 || x.Month == y.Month) &&
		(x.Day == 0 || y.Day == 0 || x.Day == y.Day) {
		return "partial", 0.7, w.Partial
	}
	return "mismatch", 0, w.Mismatch
}

// dateTypo reports whether the YYYYMMDD forms differ in one digit or by two
// adjacent digits swapped.
func dateTypo(x, y Date) bool {
	a := pad(x.Year, 4) + pad(x.Month, 2) + pad(x.Day, 2)
	b := pad(y.Year, 4) + pad(y.Month, 2) + pad(y.Day, 2)
	diff := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff == 1 || (len(a) == len(b) && withinOneEdit(a, b))
}

func compareIdentity(pieces []vetgraph.Piece, as, bs []Ident, w *RecordWeights) []vetgraph.Piece {
	if len(as) == 0 || len(bs) == 0 {
		return pieces
	}
	for _, kind := range [...]vetgraph.IdentifierKind{vetgraph.IDPassport, vetgraph.IDNationalID, vetgraph.IDRegistration} {
		var best *vetgraph.Piece
		comparable, sameIssuer := false, false
		for _, x := range as {
			if x.Kind != kind {
				continue
			}
			for _, y := range bs {
				if y.Kind != kind {
					continue
				}
				if x.Country != "" && y.Country != "" && x.Country != y.Country {
					continue // different issuers: different documents, no evidence either way
				}
				comparable = true
				if x.Country != "" && x.Country == y.Country {
					sameIssuer = true
				}
				var p vetgraph.Piece
				switch {
				case x.Value == y.Value:
					p = vetgraph.Piece{Kind: string(kind), Method: "exact", Score: 1, Weight: w.IdentityExact, Matched: true, Exact: true}
					if kind != vetgraph.IDPassport && x.Country == "" && y.Country == "" {
						p.Weight = w.IdentityNoCountry
						p.Note = "no issuing country"
					}
				case withinOneEdit(x.Value, y.Value):
					p = vetgraph.Piece{Kind: string(kind), Method: "one_typo", Score: 0.8, Weight: w.IdentityNear, Matched: true}
				default:
					continue
				}
				p.A, p.B = x.Value, y.Value
				if best == nil || p.Weight > best.Weight {
					pp := p
					best = &pp
				}
			}
		}
		switch {
		case best != nil:
			pieces = append(pieces, *best)
		case comparable:
			p := vetgraph.Piece{Kind: string(kind), Method: "conflict", Weight: w.IdentityConflict,
				A: joinKind(as, kind), B: joinKind(bs, kind), Note: "different " + string(kind) + " numbers"}
			if sameIssuer {
				p.Weight = w.IdentityConflictIssuer
				p.Note += " from the same issuer"
			}
			pieces = append(pieces, p)
		}
	}
	return pieces
}

func joinKind(ids []Ident, kind vetgraph.IdentifierKind) string {
	var vs []string
	for _, id := range ids {
		if id.Kind == kind {
			vs = append(vs, id.Value)
		}
	}
	return strings.Join(vs, ",")
}

func compareLinks(pieces []vetgraph.Piece, as, bs []Ident, w *RecordWeights, holders Holders) []vetgraph.Piece {
	if len(as) == 0 || len(bs) == 0 {
		return pieces
	}
	emailNear := false
	var nearA, nearB string
	for _, x := range as {
		for _, y := range bs {
			if x.Kind != y.Kind {
				continue
			}
			if x.Value != y.Value {
				if x.Kind == vetgraph.IDEmail && !emailNear && emailsNear(x.Value, y.Value) {
					emailNear, nearA, nearB = true, x.Value, y.Value
				}
				continue
			}
			p := vetgraph.Piece{Kind: string(x.Kind), Method: "exact", Score: 1, Weight: w.LinkShared, Matched: true, Exact: true, A: x.Value, B: y.Value}
			if holders != nil {
				if n := holders(x.Kind, x.Value); n > w.GenericLimit {
					p.Weight, p.Matched = 0, false
					p.Note = fmt.Sprintf("generic %s: held by %d records", x.Kind, n)
				}
			}
			pieces = append(pieces, p)
		}
	}
	if emailNear && !hasKind(pieces, string(vetgraph.IDEmail)) {
		pieces = append(pieces, vetgraph.Piece{Kind: string(vetgraph.IDEmail), Method: "near", Score: 0.9, Weight: w.EmailNear, Matched: true, A: nearA, B: nearB})
	}
	return pieces
}

func hasKind(ps []vetgraph.Piece, kind string) bool {
	for _, p := range ps {
		if p.Kind == kind {
			return true
		}
	}
	return false
}

func emailsNear(a, b string) bool {
	la, da, ok1 := strings.Cut(a, "@")
	lb, db, ok2 := strings.Cut(b, "@")
	return ok1 && ok2 && da == db && jaroWinkler(la, lb) >= 0.9
}
