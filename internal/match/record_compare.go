package match

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"vetgraph"
	"vetgraph/internal/name"
)

// Counts tells the scorer how common a value is among the records held.
// A nil Counts means nothing is known: no value is generic and every name
// weighs its level's weight.
type Counts interface {
	// Holders is the number of records holding a link-grade identifier value;
	// above RecordWeights.GenericLimit the value is generic.
	Holders(kind vetgraph.IdentifierKind, value string) int
	// NameHolders is the number of records holding a name token (canonical
	// Latin, as in FrequencyKeys).
	NameHolders(key string) int
	// Namesakes is the number of records held, other than a and b, that
	// are known namesakes of the pair ([NamesakeOf]), or, unless all, 1
	// when there is one and 0 when there is none; the scorer asks only for
	// pairs whose birth dates are one typo apart, and for the number only
	// to explain.
	Namesakes(a, b *RecordFeatures, all bool) int
	// HomeNamesakes is the same for household namesakes
	// ([HouseholdNamesakeOf]) at a household's address a and b share (one
	// held by at most RecordWeights.GenericLimit records); the scorer asks
	// only for pairs that agree on the name and share such an address and
	// nothing else that tells who they are (householdDate).
	HomeNamesakes(a, b *RecordFeatures, all bool) int
}

// NameBucket is the frequency class of a name key held by n records:
// floor(log2(n)), 0 for n <= 1. Name weights change only when a key's
// bucket does, that is when n crosses a power of two.
func NameBucket(n int) int {
	b := 0
	for n > 1 {
		n >>= 1
		b++
	}
	return b
}

// CompareRecords compares two prepared subject records and returns a score
// whose pieces are the prior and the per-feature log-likelihood weights (in
// bits) described at [RecordWeights]; Value is 1/(1+2^-sum) and Match is
// Value >= w.MatchAt.
//
// The comparison is symmetric (the pair is put in key order first), Value is
// in [0,1], and it is a pure function of the two records, the weights and,
// for link-grade values, whether holders says they are generic. A link-grade
// value held by more than w.GenericLimit records weighs nothing, and its
// piece says so ("generic phone: held by 312 records"). Nationality is never
// compared.
func CompareRecords(a, b *RecordFeatures, w *RecordWeights, counts Counts) vetgraph.Score {
	return CompareRecordsWith(a, b, w, counts, nil)
}

// CompareRecordsWith is CompareRecords with the evidence of a shared
// travel companion (nil: none); see [Companion].
func CompareRecordsWith(a, b *RecordFeatures, w *RecordWeights, counts Counts, comp *Companion) vetgraph.Score {
	total, pieces, _ := compare(make([]vetgraph.Piece, 0, 12), a, b, w, counts, true, math.Inf(-1), comp)
	v := Probability(total)
	return vetgraph.Score{Value: v, Match: v >= w.MatchAt, Pieces: pieces}
}

// Companion is the evidence that two records were each met with the same
// person: record A was met (in one encounter) with a person whose record
// there is one person with a record met with B in another encounter. Among
// the people ever met with one person (a travel party, a family met twice)
// few bear one name, so two of them who agree on the name are one person
// far more often than two people of that name in the population:
// RecordWeights.Companion bits are added and the names' frequency in the
// population does not apply. It applies under the conditions of
// [GenericWithName] (the names agree, at least MinName similar, the fathers'
// names do not disagree, and no birth date, gender or identity document says
// two people), and it corroborates the names (they are not capped as names
// alone: that cap stands for namesakes in the population). The engine says
// which pairs have one; the scorer weighs it.
type Companion struct {
	// A and B are the companion's records: A met with the first record of
	// the pair, B with the second (in the order given to the scorer).
	A, B vetgraph.RecordKey
}

// RecordBits returns the total weight in bits that CompareRecords would sum
// for a and b, without building notes. When the comparison cannot reach
// floor bits it may stop early and return an upper bound below floor; at or
// above floor the value is exact. Resolution uses it on every candidate pair.
func RecordBits(a, b *RecordFeatures, w *RecordWeights, counts Counts, floor float64) float64 {
	var buf [24]vetgraph.Piece // the pieces stay on the stack
	total, _, _ := compare(buf[:0], a, b, w, counts, false, floor, nil)
	return total
}

// RecordBitsWith is RecordBits with the evidence of a shared travel
// companion (see [Companion]); it is exact (no floor).
func RecordBitsWith(a, b *RecordFeatures, w *RecordWeights, counts Counts, comp *Companion) float64 {
	var buf [24]vetgraph.Piece
	total, _, _ := compare(buf[:0], a, b, w, counts, false, math.Inf(-1), comp)
	return total
}

// NamesAgree reports whether a and b agree on the name as [GenericWithName]
// and [Companion] require: every name piece at least MinName similar and
// the fathers' names, when both have one, not disagreeing.
func NamesAgree(a, b *RecordFeatures, w *RecordWeights) bool {
	var buf [8]vetgraph.Piece
	var level [3]float64
	pieces := compareNamesPieces(buf[:1], a, b, w, nil, false, &level)
	return namesAgree(pieces[1:], w.GenericWithName.MinName)
}

// NamesShare reports whether the names of a and b agree at least in part:
// some name, given-name or surname piece of any similarity.
func NamesShare(a, b *RecordFeatures, w *RecordWeights) bool {
	var buf [8]vetgraph.Piece
	var level [3]float64
	for _, p := range compareNamesPieces(buf[:1], a, b, w, nil, false, &level)[1:] {
		if isNamePart(p.Kind) && p.Score > 0 {
			return true
		}
	}
	return false
}

// namesAgree is NamesAgree over name pieces.
func namesAgree(names []vetgraph.Piece, minName float64) bool {
	agree := false
	for _, p := range names {
		switch p.Kind {
		case "name", "given_name", "surname":
			if p.Score < minName {
				return false
			}
			agree = true
		case "father_name":
			if p.Weight < 0 {
				return false
			}
		}
	}
	return agree
}

// saysTwo reports whether a piece after the names says two people: birth
// dates both known that do not agree, a gender or an identity document
// against.
func saysTwo(rest []vetgraph.Piece) bool {
	for _, p := range rest {
		switch p.Kind {
		case "birth_date":
			if !p.Matched {
				return true
			}
		case "gender", string(vetgraph.IDPassport), string(vetgraph.IDNationalID), string(vetgraph.IDRegistration):
			if p.Weight < 0 {
				return true
			}
		}
	}
	return false
}

// methodCompanion is the method of the companion piece.
const methodCompanion = "same_companion"

// companion applies [Companion] to the pieces (names are pieces[1:names],
// their weights before the frequency adjustment in level).
func companion(pieces []vetgraph.Piece, names int, level [3]float64, comp *Companion, w *RecordWeights, explain bool) []vetgraph.Piece {
	if comp == nil || w.Companion <= 0 || !namesAgree(pieces[1:names], w.GenericWithName.MinName) || saysTwo(pieces[names:]) {
		return pieces
	}
	for i := range pieces[1:names] {
		if p := &pieces[1+i]; p.Kind != "father_name" && p.Weight < level[i] {
			p.Weight = level[i]
			if explain {
				p.Note += fmt.Sprintf("; met with the same person: the name's frequency in the population does not apply (%.1f bits)", level[i])
			}
		}
	}
	p := vetgraph.Piece{Kind: "companion", Method: methodCompanion, Score: 1, Weight: w.Companion, Matched: true}
	if explain {
		p.A, p.B = comp.A.String(), comp.B.String()
		p.Note = fmt.Sprintf("each was met at the border with the same person (%s and %s are one entity on their own evidence): among the few people met with that person, one name is one person", p.A, p.B)
	}
	return append(pieces, p)
}

// compare scores the pair: the non-name pieces first, so that a pair that
// cannot reach floor stops before the costly name comparison, then the
// pieces are summed in one fixed order (prior, names, the rest) whatever the
// mode, so that both modes give the same bits. The pieces are appended to
// dst; without explain they carry no compared values (A, B) or notes.
func compare(dst []vetgraph.Piece, a, b *RecordFeatures, w *RecordWeights, counts Counts, explain bool, floor float64, comp *Companion) (float64, []vetgraph.Piece, bool) {
	if keyLess(b.Key, a.Key) {
		a, b = b, a
		if comp != nil {
			comp = &Companion{A: comp.B, B: comp.A}
		}
	}
	var buf [16]vetgraph.Piece
	rest := buf[:0]
	rest = compareDates(rest, a.DOBs, b.DOBs, &w.BirthDate, explain)
	if a.Gender != 0 && b.Gender != 0 {
		p := vetgraph.Piece{Kind: "gender", Method: "exact"}
		if explain {
			p.A, p.B = string(a.Gender), string(b.Gender)
		}
		if a.Gender == b.Gender {
			p.Score, p.Weight, p.Matched, p.Exact = 1, w.GenderAgree, true, true
		} else {
			p.Weight = w.GenderDisagree
		}
		rest = append(rest, p)
	}
	rest = compareIdentity(rest, a.Identity, b.Identity, w)
	linkAt := len(rest)
	rest = compareLinks(rest, a.Links, b.Links, w, counts, explain)
	linkEnd := len(rest)
	// The phone and address mismatch pieces go right after the link pieces.
	// A mismatch only lowers the score, and comparing addresses is costly:
	// without explain (and with the default, non-positive weights) they are
	// left out of the bound and weighed only for a pair that can reach floor
	// without them, inserted at the same place, so the sum is the same.
	lazyDiffers := !explain && w.PhoneDiffers <= 0 && w.AddressDiffers <= 0
	if !lazyDiffers {
		rest = insertDiffers(rest, linkAt, linkEnd, a.Links, b.Links, w, counts, explain)
	}
	if a.addr != nil && b.addr != nil {
		x, y := a.addr, b.addr
		rest = compareField(rest, "postal_code", x.Postal, y.Postal, w.Postal, typoSim)
		rest = compareField(rest, "city", x.City, y.City, w.City, jaroWinkler)
		rest = compareField(rest, "street", x.Street, y.Street, w.Street, tokenSetSim)
		rest = compareField(rest, "region", x.Region, y.Region, w.Region, exactSim)
	}
	if !explain {
		bound := w.Prior + maxNameBits(a, b, w)
		for _, p := range rest {
			bound += p.Weight
			if isGeneric(p) {
				bound += max(w.GenericWithName.Weight, 0)
			}
		}
		if bound < floor {
			return bound, nil, false
		}
	}
	if lazyDiffers {
		rest = insertDiffers(rest, linkAt, linkEnd, a.Links, b.Links, w, counts, false)
	}
	pieces := dst
	prior := vetgraph.Piece{Kind: "prior", Weight: w.Prior}
	if explain {
		prior.Note = "prior odds of a candidate pair"
	}
	pieces = append(pieces, prior)
	var level [3]float64
	pieces = compareNamesPieces(pieces, a, b, w, counts, explain, &level)
	names := len(pieces)
	pieces = append(pieces, rest...)
	sharedWithName(pieces, names, level, &w.GenericWithName, explain)
	household(pieces, names, w.HouseholdAddress, explain)
	householdDate(pieces, names, level, w.GenericWithName.MinName, a, b, counts, explain)
	pieces = companion(pieces, names, level, comp, w, explain)
	capLinks(pieces, w.LinkMax, explain)
	capNames(pieces, w.NameAloneMax, explain)
	capHalfNameDate(pieces, w.HalfNameDateMax, explain)
	capNamesakes(pieces, names, a, b, w, counts, explain, floor)
	total := 0.0
	for _, p := range pieces {
		total += p.Weight
	}
	return total, pieces, true
}

// maxNameBits bounds what compareNamesPieces can add for a and b.
func maxNameBits(a, b *RecordFeatures, w *RecordWeights) float64 {
	top := func(l Levels) float64 {
		m := 0.0
		for _, lv := range l.Levels {
			m = max(m, lv.Weight)
		}
		return m + max(w.NameFrequency.MaxBonus, 0)
	}
	given := len(a.Given) > 0 && len(b.Given) > 0
	surname := len(a.Surname) > 0 && len(b.Surname) > 0
	bits := 0.0
	switch {
	case given && surname:
		bits = top(w.Given) + top(w.Surname)
	case given:
		bits = top(w.Given)
	case surname:
		bits = top(w.Surname)
	case len(a.names) > 0 && len(b.names) > 0:
		bits = top(w.Name) + max(w.NameFrequency.MaxBonus, 0)
	}
	if len(a.Father) > 0 && len(b.Father) > 0 {
		bits += top(w.Father)
	}
	return bits
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

// compareNamesPieces appends the name pieces to pieces and returns, in
// level, the weight of each piece appended before the frequency adjustment.
func compareNamesPieces(pieces []vetgraph.Piece, a, b *RecordFeatures, w *RecordWeights, counts Counts, explain bool, level *[3]float64) []vetgraph.Piece {
	given := len(a.Given) > 0 && len(b.Given) > 0
	surname := len(a.Surname) > 0 && len(b.Surname) > 0
	n0 := len(pieces)
	var lv [4]float64 // level weights of g, sn, x1, x2
	part := func(kind, method string, l Levels, as, bs []string, slot int) (vetgraph.Piece, float64) {
		sim := partSim
		if slot == 0 && kind == "given_name" {
			sim = givenSim
		}
		s, i, j := bestIndex(as, bs, sim)
		wt, ok := l.Weigh(s)
		lv[slot] = wt
		p := namePiece(kind, method, s, wt, ok, as[i], bs[j])
		if ok && wt > 0 && counts != nil {
			if n := max(rarestPart(as[i], counts), rarestPart(bs[j], counts)); n > 0 {
				p.Weight = w.NameFrequency.adjust(wt, n)
				if explain && p.Weight != wt {
					p.Note = frequencyNote(wt, p.Weight, n)
				}
			}
		}
		return p, p.Weight
	}
	switch {
	case given && surname:
		g, gw := part("given_name", "jaro_winkler", w.Given, a.Given, b.Given, 0)
		sn, sw := part("surname", "jaro_winkler", w.Surname, a.Surname, b.Surname, 1)
		// The swapped arrangement: a's given name is b's surname and vice versa.
		x1, xw1 := part("given_name", "swapped", w.Given, a.Given, b.Surname, 2)
		x2, xw2 := part("surname", "swapped", w.Surname, a.Surname, b.Given, 3)
		if xw1+xw2 > gw+sw && (x1.Matched || x2.Matched) {
			x1.Method, x2.Method = "swapped", "swapped"
			pieces = append(pieces, x1, x2)
			level[0], level[1] = lv[2], lv[3]
		} else {
			pieces = append(pieces, g, sn)
			level[0], level[1] = lv[0], lv[1]
		}
	case given:
		p, _ := part("given_name", "jaro_winkler", w.Given, a.Given, b.Given, 0)
		pieces = append(pieces, p)
		level[0] = lv[0]
	case surname:
		p, _ := part("surname", "jaro_winkler", w.Surname, a.Surname, b.Surname, 0)
		pieces = append(pieces, p)
		level[0] = lv[0]
	case len(a.names) > 0 && len(b.names) > 0:
		s, i, j := bestNameIndex(a, b)
		nw, ok := w.Name.Weigh(s)
		level[0] = nw
		p := namePiece("name", "name_layer", s, nw, ok, a.names[i].Raw, b.names[j].Raw)
		if ok && nw > 0 && counts != nil {
			// A whole name counts as two parts: each side's two rarest keys.
			n1, n2 := rarest2(a.names[i], counts)
			m1, m2 := rarest2(b.names[j], counts)
			half := nw / 2
			w1 := w.NameFrequency.adjust(half, max(n1, m1))
			w2 := w.NameFrequency.adjust(half, max(n2, m2))
			p.Weight = w1 + w2
			if explain && p.Weight != nw {
				p.Note = frequencyNote(nw, p.Weight, max(n1, m1, n2, m2))
			}
		}
		pieces = append(pieces, p)
		if len(a.Father) == 0 || len(b.Father) == 0 {
			if fp, ok := wholeFather(a.names[i], b.names[j], w); ok && p.Weight > 0 {
				level[len(pieces)-n0] = fp.Weight
				pieces = append(pieces, fp)
			}
		}
	}
	if len(a.Father) > 0 && len(b.Father) > 0 {
		s, fa, fb := bestPair(a.Father, b.Father, jaroWinkler)
		method := "jaro_winkler"
		if a.fatherRoots != nil || b.fatherRoots != nil {
			// A patronymic against the national form: compare the fathers'
			// given names (Ramadanovna and Ramadan qizi both name Ramadan).
			if r, _, _ := bestPair(orSelf(a.fatherRoots, a.Father), orSelf(b.fatherRoots, b.Father), jaroWinkler); r > s {
				s, method = r, "father_given_name"
			}
		}
		fw, ok := w.Father.Weigh(s)
		level[len(pieces)-n0] = fw
		p := namePiece("father_name", method, s, fw, ok, fa, fb)
		if method != "jaro_winkler" && s >= 1 {
			p.Method, p.Exact = method, false
		}
		pieces = append(pieces, p)
	}
	return pieces
}

// wholeFather weighs the fathers' names two whole names both write (Amir
// Alievich Kusainov, Кусаинов Амир Алиевич) when they agree: the name's
// level tops out at the given name and surname, so a father's name
// written in both adds what the fatherName property would (Father). A
// differing one is already counted against by the name layer.
func wholeFather(a, b *name.Prepared, w *RecordWeights) (vetgraph.Piece, bool) {
	x, y := patronymic(a), patronymic(b)
	if x == nil || y == nil {
		return vetgraph.Piece{}, false
	}
	s, _ := nmTokenSim(x, y)
	fw, ok := w.Father.Weigh(s)
	if !ok || fw <= 0 {
		return vetgraph.Piece{}, false
	}
	return namePiece("father_name", "name_layer", s, fw, true, x.Norm, y.Norm), true
}

// patronymic returns the first patronymic token of n, or nil.
func patronymic(n *name.Prepared) *name.Token {
	for k := range n.Tokens {
		if n.Tokens[k].Role == name.RolePatronymic {
			return &n.Tokens[k]
		}
	}
	return nil
}

func orSelf(roots, values []string) []string {
	if roots != nil {
		return roots
	}
	return values
}

// rarest returns the holder count of the rarest key (at least 1), or 0
// when there are no keys.
// rarestPart returns the holder count of the rarest token of a canonical
// name part (0 when it has none).
func rarestPart(v string, counts Counts) int {
	n := 0
	partTokens(v, func(k string) {
		if c := max(counts.NameHolders(k), 1); n == 0 || c < n {
			n = c
		}
	})
	return n
}

// rarest2 returns the holder counts of the two rarest tokens of a name (the
// second is the first again for a one-token name).
func rarest2(n *name.Prepared, counts Counts) (int, int) {
	a, b := 0, 0
	for _, t := range n.Tokens {
		if t.Role == name.RoleInitial || t.Role == name.RolePatronymic || t.Latin == "" {
			continue
		}
		c := max(counts.NameHolders(t.Latin), 1)
		switch {
		case a == 0 || c < a:
			a, b = c, a
		case b == 0 || c < b:
			b = c
		}
	}
	a = max(a, 1)
	if b == 0 {
		b = a
	}
	return a, b
}

// bestIndex returns the best similarity of a value of as with one of bs
// and their indexes (-1 and 0, 0 when either is empty).
func bestIndex(as, bs []string, sim func(a, b string) float64) (float64, int, int) {
	best, bi, bj := -1.0, 0, 0
	for i, x := range as {
		for j, y := range bs {
			if s := sim(x, y); s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	return best, bi, bj
}

// partSim compares two structured name parts (canonical Latin words):
// Jaro-Winkler over the whole, or, when one has fewer words, how well each
// of its words finds one of the other's, discounted by partDrop: a second
// surname (Spanish naming) or a second given name written on one record
// only leaves the rest agreeing, though less than the whole would.
func partSim(a, b string) float64 {
	s := jaroWinkler(a, b)
	na, nb := strings.Count(a, " "), strings.Count(b, " ")
	if na == nb {
		return s
	}
	if na > nb {
		a, b = b, a
	}
	sum, n := 0.0, 0
	for x := range strings.FieldsSeq(a) {
		best := 0.0
		for y := range strings.FieldsSeq(b) {
			best = max(best, jaroWinkler(x, y))
		}
		sum += best
		n++
	}
	if n == 0 {
		return s
	}
	return max(s, partDrop*sum/float64(n))
}

// givenSim is partSim for two given names, except that a name and the same
// name with a name element added (Ali and Alikhan, Alinur, Alijon, Alisher)
// are two names, not two spellings of one: in the naming traditions of
// Central Asia and beyond a compound is a given name of its own, while
// Jaro-Winkler rewards the shared beginning (Ali ~ Alikhan 0.88).
func givenSim(a, b string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) >= 3 && strings.HasPrefix(b, a) && nameElements[b[len(a):]] && !strings.Contains(b, " ") {
		return compoundSim
	}
	return partSim(a, b)
}

// compoundSim is the similarity givenSim gives a name and its compound:
// below the lowest level of the default weights, so it counts against.
const compoundSim = 0.5

// nameElements are the elements that make a compound given name from
// another (in canonical Latin: khan is "han", jon and zhan "jon", "jan").
var nameElements = map[string]bool{
	"han": true, "hon": true, "jon": true, "jan": true, "bek": true, "beg": true, "bai": true,
	"nur": true, "sher": true, "gul": true, "din": true, "ddin": true, "ali": true, "sultan": true,
	"mirza": true, "murod": true, "murat": true, "ullo": true, "ulla": true, "ulah": true,
}

// partDrop is the similarity of a name part to the same part with a word
// left out: at the second level of the default weights (0.94), below exact.
const partDrop = 0.95

func namePiece(kind, method string, s, weight float64, matched bool, a, b string) vetgraph.Piece {
	if s >= 1 {
		method = "exact"
	}
	return vetgraph.Piece{Kind: kind, Method: method, Score: round(s), Weight: weight, Matched: matched, Exact: s >= 1, A: a, B: b}
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

// bestPair is bestIndex with the values instead of their indexes ("" when
// either is empty).
func bestPair(as, bs []string, sim func(a, b string) float64) (float64, string, string) {
	best, i, j := bestIndex(as, bs, sim)
	if best < 0 {
		return best, "", ""
	}
	return best, as[i], bs[j]
}

// typoSim is 1 for equal values, 0.9 for values one typo apart, else 0.
func typoSim(a, b string) float64 {
	switch {
	case a == b:
		return 1
	case withinOneEdit(a, b):
		return 0.9
	}
	return 0
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

func compareDates(pieces []vetgraph.Piece, as, bs []Date, w *DateWeights, explain bool) []vetgraph.Piece {
	if len(as) == 0 || len(bs) == 0 {
		return pieces
	}
	method, score, wt, bx, by := bestDates(as, bs, w)
	best := vetgraph.Piece{Kind: "birth_date", Method: method, Score: score, Weight: wt, Matched: wt > 0, Exact: method == "exact"}
	if explain {
		best.A, best.B = bx.String(), by.String()
	}
	return append(pieces, best)
}

// bestDates compares every date of as with every date of bs (both not
// empty) and returns the comparison that weighs most (the first of equals)
// and its two dates.
func bestDates(as, bs []Date, w *DateWeights) (method string, score, weight float64, bx, by Date) {
	first := true
	for _, x := range as {
		for _, y := range bs {
			if m, s, wt := compareDate(x, y, w); first || wt > weight {
				first = false
				method, score, weight, bx, by = m, s, wt, x, y
			}
		}
	}
	return method, score, weight, bx, by
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
		case x.Year == y.Year:
			return "same_year", 0.5, w.SameYear
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
	var ab, bb [8]byte
	a, b := x.digits(&ab), y.digits(&bb)
	diff := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff == 1 || (len(a) == len(b) && withinOneEdit(string(a), string(b)))
}

// digits writes d as YYYYMMDD into buf (the form pad would give, for years
// of four digits) and returns it; other years give their padded decimal
// form, which may be longer.
func (d Date) digits(buf *[8]byte) []byte {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return []byte(pad(d.Year, 4) + pad(d.Month, 2) + pad(d.Day, 2))
	}
	put := func(at, n, w int) {
		for i := at + w - 1; i >= at; i-- {
			buf[i] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, d.Year, 4)
	put(4, d.Month, 2)
	put(6, d.Day, 2)
	return buf[:]
}

// identityKinds are the identity-grade identifier kinds, in the order
// their pieces are written.
var identityKinds = [...]vetgraph.IdentifierKind{vetgraph.IDPassport, vetgraph.IDNationalID, vetgraph.IDRegistration}

func compareIdentity(pieces []vetgraph.Piece, as, bs []Ident, w *RecordWeights) []vetgraph.Piece {
	if len(as) == 0 || len(bs) == 0 {
		return pieces
	}
	for _, kind := range identityKinds {
		var best vetgraph.Piece
		found, comparable, sameIssuer := false, false, false
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
				if !found || p.Weight > best.Weight {
					best, found = p, true
				}
			}
		}
		switch {
		case found:
			pieces = append(pieces, best)
		case comparable:
			p := vetgraph.Piece{Kind: string(kind), Method: "conflict", Weight: w.IdentityConflict,
				A: joinKind(as, kind), B: joinKind(bs, kind), Note: conflictNotes[kind][0]}
			if sameIssuer {
				p.Weight = w.IdentityConflictIssuer
				p.Note = conflictNotes[kind][1]
			}
			pieces = append(pieces, p)
		}
	}
	return pieces
}

// conflictNotes are the notes of an identity conflict, per kind: without
// and with a shared issuer (constants, so scoring a conflict allocates none).
var conflictNotes = func() map[vetgraph.IdentifierKind][2]string {
	m := map[vetgraph.IdentifierKind][2]string{}
	for _, k := range identityKinds {
		n := "different " + string(k) + " numbers"
		m[k] = [2]string{n, n + " from the same issuer"}
	}
	return m
}()

// joinKind lists ids' values of kind, comma-separated (one value is
// returned as it is, without allocating).
func joinKind(ids []Ident, kind vetgraph.IdentifierKind) string {
	one, n := "", 0
	for _, id := range ids {
		if id.Kind == kind {
			one = id.Value
			n++
		}
	}
	if n == 1 {
		return one
	}
	var vs []string
	for _, id := range ids {
		if id.Kind == kind {
			vs = append(vs, id.Value)
		}
	}
	return strings.Join(vs, ",")
}

func compareLinks(pieces []vetgraph.Piece, as, bs []Ident, w *RecordWeights, counts Counts, explain bool) []vetgraph.Piece {
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
			if counts != nil {
				if n := counts.Holders(x.Kind, x.Value); n > w.GenericLimit {
					p.Weight, p.Matched = 0, false
					if explain {
						p.Note = fmt.Sprintf("generic %s: held by %d records", x.Kind, n)
					}
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

// insertDiffers inserts the phone and address mismatch pieces (see
// linkDiffers) of as and bs at end, after the link pieces rest[start:end].
func insertDiffers(rest []vetgraph.Piece, start, end int, as, bs []Ident, w *RecordWeights, counts Counts, explain bool) []vetgraph.Piece {
	var buf [2]vetgraph.Piece
	diff := linkDiffers(buf[:0], rest[start:end], as, bs, vetgraph.IDPhone, w.PhoneDiffers, exactSim, counts, w.GenericLimit, explain)
	diff = linkDiffers(diff, rest[start:end], as, bs, vetgraph.IDAddress, w.AddressDiffers, tokenSetSim, nil, 0, explain)
	return slices.Insert(rest, end, diff...)
}

// linkDiffers appends a mismatch piece of weight wt when both records hold
// values of kind and none of a's is like one of b's (sim at least 0.9) and
// none that weighs was shared (no matched piece of kind in shared, the link
// pieces). A generic value both hold is set aside: the smuggler's phone two
// clients called says nothing of whether their own numbers agree, and two
// records that share it and hold different numbers of their own differ.
// With counts (phones), a value held by more than limit records is set
// aside on either side too: a record that gives the smuggler's phone alone
// (a guide's number, written on every client's encounter) holds none of
// its own to differ. Addresses are not so treated (counts nil): an address
// given is a stash house's about as often as the person's own, which
// AddressDiffers already weighs. A phone turning generic so changes the
// scores of its holders' pairs with anyone (the engine compares its
// holders again; a phone no longer generic, it rescores their edges).
func linkDiffers(pieces, shared []vetgraph.Piece, as, bs []Ident, kind vetgraph.IdentifierKind, wt float64, sim func(a, b string) float64, counts Counts, limit int, explain bool) []vetgraph.Piece {
	if wt == 0 {
		return pieces
	}
	generic := false // a generic value of kind both hold
	for _, p := range shared {
		if p.Kind == string(kind) {
			if p.Matched {
				return pieces
			}
			generic = generic || p.Exact
		}
	}
	// aside reports whether v is a generic value both hold, or, with
	// counts, a generic value.
	aside := func(v string) bool {
		if counts != nil && counts.Holders(kind, v) > limit {
			return true
		}
		return generic && slices.ContainsFunc(shared, func(p vetgraph.Piece) bool {
			return p.Kind == string(kind) && !p.Matched && p.Exact && p.A == v
		})
	}
	inA, inB := false, false
	for _, x := range as {
		if x.Kind != kind || aside(x.Value) {
			continue
		}
		inA = true
		for _, y := range bs {
			if y.Kind != kind || aside(y.Value) {
				continue
			}
			inB = true
			if sim(x.Value, y.Value) >= 0.9 {
				return pieces
			}
		}
	}
	if !inA || !inB {
		return pieces
	}
	p := vetgraph.Piece{Kind: string(kind), Method: "mismatch", Weight: wt}
	if explain {
		p.A, p.B, p.Note = joinKind(as, kind), joinKind(bs, kind), "different "+string(kind)+" values"
		switch {
		case generic:
			p.Note += " besides the generic one both hold"
		case slices.ContainsFunc(as, func(x Ident) bool { return x.Kind == kind && aside(x.Value) }) ||
			slices.ContainsFunc(bs, func(x Ident) bool { return x.Kind == kind && aside(x.Value) }):
			p.Note += fmt.Sprintf(" besides generic ones (held by more than %d records)", limit)
		}
	}
	return append(pieces, p)
}

// methodGenericWithName is the method of a generic value shared by two
// records that agree on the name.
const methodGenericWithName = "generic_with_name"

// isGeneric reports whether p is a link-grade value both records hold that
// weighs nothing because it is generic: the only exact piece that is not a
// match.
func isGeneric(p vetgraph.Piece) bool { return p.Exact && !p.Matched && linkKinds[p.Kind] }

// sharedWithName applies [GenericWithName] when the name pieces, which
// are pieces[1:names] (after the prior) with their weights before the
// frequency adjustment in level, agree: each generic value shared among
// pieces[names:] weighs GenericWithName.Weight, and when a value held by few
// records (not generic) is shared, the names weigh at least their level's
// weight: their frequency in the population says how many different people
// bear them, but the people who could hold this value are a handful, among
// whom a whole name shared by two different people is rare however common
// the name.
func sharedWithName(pieces []vetgraph.Piece, names int, level [3]float64, g *GenericWithName, explain bool) {
	if g.Weight <= 0 && g.MinName <= 0 {
		return
	}
	if !namesAgree(pieces[1:names], g.MinName) {
		return
	}
	// The generic bonus says that two holders of the value who agree on the
	// name are one person; evidence of two people overrides it: birth dates
	// that are both known and do not agree (a same-year pair is two different
	// full dates), a gender or identity document against.
	against := saysTwo(pieces[names:])
	personal := ""
	for i := names; i < len(pieces); i++ {
		p := &pieces[i]
		switch {
		case isGeneric(*p) && g.Weight > 0 && !against:
			p.Method, p.Weight, p.Matched = methodGenericWithName, g.Weight, true
			if explain {
				p.Note += fmt.Sprintf("; with the same name: %.1f bits", g.Weight)
			}
		case personal == "" && contactKinds[p.Kind] && p.Method == "exact" && p.Weight > 0:
			personal = p.Kind
		}
	}
	if personal == "" {
		return
	}
	for i := range pieces[1:names] {
		if p := &pieces[1+i]; p.Kind != "father_name" && p.Weight < level[i] {
			p.Weight = level[i]
			if explain {
				p.Note += fmt.Sprintf("; with a shared %s held by few records: the name's frequency in the population does not apply (%.1f bits)", personal, level[i])
			}
		}
	}
}

// methodHousehold is the method of an address shared by two records that
// agree on the family name.
const methodHousehold = "household"

// household applies [RecordWeights.HouseholdAddress]: when the family name
// agrees (a surname piece, or a whole-name piece when the records have no
// structured parts, of positive weight among pieces[1:names]), every shared
// address among pieces[names:] weighs at most weight bits and is marked as
// a household's, which capNames and capHalfNameDate do not count as
// corroboration. A weight below zero turns it off.
func household(pieces []vetgraph.Piece, names int, weight float64, explain bool) {
	if weight < 0 {
		return
	}
	family := false
	for _, p := range pieces[1:names] {
		if (p.Kind == "surname" || p.Kind == "name") && p.Weight > 0 {
			family = true
		}
	}
	if !family {
		return
	}
	for i := names; i < len(pieces); i++ {
		p := &pieces[i]
		if p.Kind != string(vetgraph.IDAddress) || !p.Matched || p.Weight <= 0 {
			continue
		}
		if p.Method == methodGenericWithName {
			p.Weight = min(p.Weight, weight)
			continue
		}
		p.Method, p.Weight = methodHousehold, min(p.Weight, weight)
		if explain {
			note := fmt.Sprintf("with the same family name: a household's address, %.1f bits, not corroboration of the names", p.Weight)
			if p.Note != "" {
				note = p.Note + "; " + note
			}
			p.Note = note
		}
	}
}

// householdDate: when two records share a household's address (see
// household), agree on the names (namesAgree) and nothing says two people,
// the names weigh at least their level's weight: their frequency in the
// population says how many different people bear them, but the people of
// one household are a handful. What it takes besides:
//
//   - the birth date (a birth-date piece that matched: exact, swapped, one
//     typo or a partial date consistent with the other): a relative of one
//     name (a father and a son) is born another year;
//   - or an agreeing father's name: a father and his son never share it,
//     brothers do not share the given name;
//   - or, with neither (a record without a birth date), no household
//     namesake known (counts.HomeNamesakes, [HouseholdNamesakeOf]): no other
//     record at the address bears the name and is, on its own evidence,
//     another person. A household that holds two people of one name (a
//     mother and a daughter, a father and a son) shows it in its records;
//     without counts the frequency stands.
func householdDate(pieces []vetgraph.Piece, names int, level [3]float64, minName float64, a, b *RecordFeatures, counts Counts, explain bool) {
	home, born, father := false, false, false
	for _, p := range pieces[names:] {
		switch {
		case p.Method == methodHousehold:
			home = true
		case p.Kind == "birth_date" && p.Matched && p.Weight > 0:
			born = true
		}
	}
	for _, p := range pieces[1:names] {
		if p.Kind == "father_name" && p.Matched && p.Weight > 0 {
			father = true
		}
	}
	if !home || !namesAgree(pieces[1:names], minName) || saysTwo(pieces[names:]) {
		return
	}
	what := "the birth date"
	switch {
	case born:
	case father:
		what = "the father's name"
	case counts == nil:
		return
	default:
		if n := counts.HomeNamesakes(a, b, explain); n > 0 {
			if explain {
				for i := names; i < len(pieces); i++ {
					if p := &pieces[i]; p.Method == methodHousehold {
						p.Note += fmt.Sprintf("; %d other %s this name at this address and %s another person on its own evidence: the name's frequency in the population stands", n, plural(n, "record bears", "records bear"), plural(n, "is", "are"))
					}
				}
			}
			return
		}
		what = "no other person of this name known at the address"
	}
	for i := range pieces[1:names] {
		if p := &pieces[1+i]; p.Kind != "father_name" && p.Weight < level[i] {
			p.Weight = level[i]
			if explain {
				p.Note += fmt.Sprintf("; with a household's address and %s: the name's frequency in the population does not apply (%.1f bits)", what, level[i])
			}
		}
	}
}

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// contactKinds are the link-grade values a person holds as their own
// (phone, email, account). An address or a vehicle is a household's: its
// holders are relatives, among whom one name may recur (a father and a
// son), so a shared address alone does not lift the name's frequency here;
// householdDate does, with what tells the relatives apart.
var contactKinds = map[string]bool{
	string(vetgraph.IDPhone): true, string(vetgraph.IDEmail): true, string(vetgraph.IDAccount): true,
}

func frequencyNote(base, got float64, n int) string {
	if got < base {
		return fmt.Sprintf("common name: a key held by %d records (%.1f bits instead of %.1f)", n, got, base)
	}
	return fmt.Sprintf("rare name (%.1f bits instead of %.1f)", got, base)
}

// linkKinds are the link-grade pieces.
var linkKinds = map[string]bool{
	string(vetgraph.IDPhone): true, string(vetgraph.IDEmail): true, string(vetgraph.IDAccount): true,
	string(vetgraph.IDAddress): true, string(vetgraph.IDVehicle): true,
	"postal_code": true, "city": true, "street": true, "region": true,
}

// capLinks: when nothing but link-grade evidence agrees (no name, date,
// gender or identity document), it scales the positive link-grade
// pieces down to add up to at most max, and notes it on them.
func capLinks(pieces []vetgraph.Piece, max float64, explain bool) {
	sum, support := 0.0, false
	for _, p := range pieces {
		switch {
		case linkKinds[p.Kind]:
			if p.Weight > 0 {
				sum += p.Weight
			}
		case p.Kind != "prior" && p.Weight > 0:
			support = true
		}
	}
	if max <= 0 || sum <= max || support {
		return
	}
	f := max / sum
	for i := range pieces {
		if p := &pieces[i]; linkKinds[p.Kind] && p.Weight > 0 {
			p.Weight *= f
			if explain && p.Note == "" {
				p.Note = fmt.Sprintf("link-grade evidence alone: capped at %.1f bits in all", max)
			}
		}
	}
}

// nameKinds are the name pieces.
func nameKind(kind string) bool {
	switch kind {
	case "name", "given_name", "surname", "father_name":
		return true
	}
	return false
}

// capNames: when nothing but names (and gender) agrees, it scales the
// positive name pieces down to add up to at most max, and notes it on them.
func capNames(pieces []vetgraph.Piece, max float64, explain bool) {
	sum := 0.0
	for _, p := range pieces {
		switch {
		case nameKind(p.Kind):
			if p.Weight > 0 {
				sum += p.Weight
			}
		case p.Kind != "prior" && p.Kind != "gender" && p.Method != methodGenericWithName && p.Method != methodHousehold && p.Weight > 0:
			// A generic value shared with the same name and a household's
			// address add their weight on top of the capped names: they are
			// not corroboration of their own. A shared companion is: the
			// names-alone cap stands for namesakes in the population, and
			// among the people met with one person there are few.
			return // corroborated
		}
	}
	if max <= 0 || sum <= max {
		return
	}
	note := ""
	if explain {
		note = fmt.Sprintf("names alone: capped at %.1f bits in all", max)
	}
	scaleDown(pieces, func(p *vetgraph.Piece) bool { return nameKind(p.Kind) }, sum, max, note)
}

// scaleDown scales the positive pieces sel picks, whose weights add up to
// sum, down to add up to max, and adds note (unless empty) to their notes.
func scaleDown(pieces []vetgraph.Piece, sel func(p *vetgraph.Piece) bool, sum, max float64, note string) {
	f := max / sum
	for i := range pieces {
		if p := &pieces[i]; p.Weight > 0 && sel(p) {
			p.Weight *= f
			switch {
			case note == "":
			case p.Note == "":
				p.Note = note
			default:
				p.Note += "; " + note
			}
		}
	}
}

// capHalfNameDate: when both records have a given name and a surname, one
// of them does not agree (weight at most 0) and nothing else agrees but the
// birth date, the father's name and gender, it scales the positive pieces
// down to add up to at most max, and notes it on them.
func capHalfNameDate(pieces []vetgraph.Piece, max float64, explain bool) {
	if max <= 0 {
		return
	}
	given, surname, date := false, false, false
	half := false
	sum := 0.0
	for _, p := range pieces {
		switch p.Kind {
		case "prior":
			continue
		case "given_name", "surname":
			if p.Kind == "given_name" {
				given = true
			} else {
				surname = true
			}
			half = half || p.Weight <= 0
		case "birth_date":
			date = date || p.Weight > 0
		case "father_name", "gender":
		default:
			if p.Method == methodHousehold || p.Method == methodCompanion {
				continue // twins share them: on top of the capped pieces
			}
			if p.Weight > 0 {
				return // corroborated
			}
		}
		if p.Weight > 0 {
			sum += p.Weight
		}
	}
	if !given || !surname || !half || !date || sum <= max {
		return
	}
	note := ""
	if explain {
		note = fmt.Sprintf("one name part and the birth date alone: capped at %.1f bits in all", max)
	}
	scaleDown(pieces, func(p *vetgraph.Piece) bool {
		return p.Kind != "prior" && p.Method != methodHousehold && p.Method != methodCompanion
	}, sum, max, note)
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
