package match

import (
	"math"
	"slices"
	"strings"

	"vetgraph"
	"vetgraph/internal/name"
)

// DefaultNameThreshold is the Value at or above which two names match under
// the default configuration.
const DefaultNameThreshold = 0.7

// NameConfig tunes name comparison. The zero value is not useful; start from
// DefaultNameConfig.
type NameConfig struct {
	// Threshold: Score.Match is Value >= Threshold.
	Threshold float64
	// Missing is the weight, relative to a full name part, with which a part
	// present in one name and absent from the other counts against the score.
	Missing float64
}

// DefaultNameConfig returns the configuration Names and BestNames use.
func DefaultNameConfig() NameConfig {
	return NameConfig{Threshold: DefaultNameThreshold, Missing: 0.25}
}

// Names compares two prepared names with DefaultNameConfig: Value in [0,1],
// Match when Value >= DefaultNameThreshold, Pieces naming what matched and
// how. It is symmetric (Names(a, b) and Names(b, a) have the same Value and
// Match) and deterministic. A nil or empty name scores 0.
func Names(a, b *name.Prepared) vetgraph.Score {
	return DefaultNameConfig().Names(a, b)
}

// NameValue returns Names(a, b).Value without building the pieces; it does
// not allocate. Use it to rank many candidates and call Names for the few
// that are shown.
func NameValue(a, b *name.Prepared) float64 {
	c := DefaultNameConfig()
	var al nmAlignment
	return c.align(a, b, &al)
}

// BestNames compares every name of a with every name of b (aliases) and
// returns the best score; ties keep the first pair found. It returns a zero
// Score when either list is empty.
func BestNames(a, b []*name.Prepared) vetgraph.Score {
	return DefaultNameConfig().BestNames(a, b)
}

// Names is the configured form of the package-level Names.
func (c NameConfig) Names(a, b *name.Prepared) vetgraph.Score {
	var al nmAlignment
	v := c.align(a, b, &al)
	return vetgraph.Score{Value: v, Match: v >= c.Threshold, Pieces: al.pieces(a, b, c)}
}

// BestNames is the configured form of the package-level BestNames.
func (c NameConfig) BestNames(a, b []*name.Prepared) vetgraph.Score {
	best, bi, bj := -1.0, -1, -1
	for i, x := range a {
		for j, y := range b {
			var al nmAlignment
			if v := c.align(x, y, &al); v > best {
				best, bi, bj = v, i, j
			}
		}
	}
	if bi < 0 {
		return vetgraph.Score{}
	}
	return c.Names(a[bi], b[bj])
}

// nmMaxTokens bounds the tokens compared per name (longer names are rare; the
// rest are ignored, deterministically).
const nmMaxTokens = 8

type nmPair struct {
	i, j   int8
	sim    float32
	method uint8
}

const (
	nmMExact uint8 = iota
	nmMTranslit
	nmMInitial
	nmMGender
	nmMSkeleton
	nmMFuzzy
	nmMConcat
)

var nmMethodNames = [...]string{"exact", "translit", "initial", "gender_form", "phonetic", "jaro_winkler", "joined"}

type nmAlignment struct {
	pairs    [nmMaxTokens]nmPair
	np       int
	usedA    [nmMaxTokens]bool
	usedB    [nmMaxTokens]bool
	na, nb   int
	contribs [nmMaxTokens]float64
	weights  [nmMaxTokens]float64
	joinedA  [nmMaxTokens]bool // consumed by a joined pair (Ramimakhlouf ~ Rami Makhlouf)
	joinedB  [nmMaxTokens]bool
}

func nmTokenWeight(t *name.Token) float64 {
	switch t.Role {
	case name.RolePatronymic:
		return 0.5
	case name.RoleInitial:
		return 0.3
	case name.RoleParticle, name.RoleLegal:
		return 0.2
	}
	return 1
}

// nmMissingWeight is how much an unpaired token counts against the score.
func nmMissingWeight(t *name.Token, c *NameConfig) float64 {
	switch t.Role {
	case name.RolePatronymic:
		return 0
	case name.RoleParticle, name.RoleLegal:
		return 0.05
	case name.RoleInitial:
		return c.Missing * 0.3
	}
	return c.Missing
}

// nmCredit maps a token similarity to the credit a pair earns: full for
// equal tokens, falling steeply below 0.9, nothing below 0.6.
func nmCredit(sim float64) float64 {
	if sim >= 0.999 {
		return 1
	}
	x := (sim - 0.6) / 0.4
	if x <= 0 {
		return 0
	}
	return x
}

// nmConflict is the weight multiplier of a pair: a pair of tokens that
// plainly differ (two different given names, two different patronymics) is
// evidence of two different people and weighs up to three times a pair
// that agrees.
func nmConflict(sim float64) float64 {
	x := (0.85 - sim) / 0.25
	if x <= 0 {
		return 1
	}
	if x > 1 {
		x = 1
	}
	return 1 + 2*x
}

func (c *NameConfig) align(a, b *name.Prepared, al *nmAlignment) float64 {
	return c.alignLazy(a, b, al, true)
}

// alignLazy is align; lazy says whether pairs of a father's name and a name
// part may be scored only when they might be chosen (the result is the
// same either way; the tests compare the two).
func (c *NameConfig) alignLazy(a, b *name.Prepared, al *nmAlignment, lazy bool) float64 {
	if a == nil || b == nil || len(a.Tokens) == 0 || len(b.Tokens) == 0 {
		return 0
	}
	ta, tb := a.Tokens, b.Tokens
	if len(ta) > nmMaxTokens {
		ta = ta[:nmMaxTokens]
	}
	if len(tb) > nmMaxTokens {
		tb = tb[:nmMaxTokens]
	}
	al.na, al.nb = len(ta), len(tb)
	var sims [nmMaxTokens][nmMaxTokens]float32
	var meth [nmMaxTokens][nmMaxTokens]uint8
	// A father's name against a name part scores at most nmFatherBound
	// (see nmTokenSim): such a pair holds the bound until it might be
	// the best pair left, and is scored only then, which in most names
	// (Путин Владимир Владимирович ~ Vladimir Putin) it never is. Bit
	// i*nmMaxTokens+j of bounded marks such a pair.
	var bounded uint64
	for i := range ta {
		for j := range tb {
			if lazy && nmFathersName(&ta[i], &tb[j]) {
				sims[i][j] = nmFatherBound
				bounded |= 1 << (i*nmMaxTokens + j)
				continue
			}
			s, m := nmTokenSim(&ta[i], &tb[j])
			sims[i][j], meth[i][j] = float32(s), m
		}
	}
	// A token written as the run of two or three tokens of the other name
	// (Ramimakhlouf, Vanderbilt, Goodwill) pairs with the run.
	if len(ta) != len(tb) {
		nmJoin(ta, tb, al, false)
		nmJoin(tb, ta, al, true)
	}
	// Greedy assignment, best pair first. Ties break on the tokens' text so
	// that swapping a and b picks the same pairs.
	for {
		bi, bj := -1, -1
		var bs float32 = -1
		for i := range ta {
			if al.usedA[i] {
				continue
			}
			for j := range tb {
				if al.usedB[j] {
					continue
				}
				if bounded&(1<<(i*nmMaxTokens+j)) != 0 {
					continue
				}
				s := sims[i][j]
				if meth[i][j] == nmMInitial && s < 1 {
					s -= 0.01 // full names pair before initials
				}
				if s > bs || s == bs && nmTieLess(&ta[i], &tb[j], &ta[bi], &tb[bj]) {
					bi, bj, bs = i, j, s
				}
			}
		}
		// A bounded pair that could reach the best one is scored, and the
		// search starts over; one that cannot would not have been chosen
		// had it been scored.
		if bounded != 0 && nmScoreBounded(ta, tb, al, &sims, &meth, &bounded, bs) {
			continue
		}
		if bi < 0 {
			break
		}
		// A poor pair of which one side is optional is better left unpaired.
		if bs < 0.6 && ta[bi].Role != tb[bj].Role && (ta[bi].Role == name.RolePatronymic || tb[bj].Role == name.RolePatronymic ||
			ta[bi].Role == name.RoleParticle || tb[bj].Role == name.RoleParticle) {
			if ta[bi].Role == name.RolePatronymic || ta[bi].Role == name.RoleParticle {
				al.usedA[bi] = true
			}
			if tb[bj].Role == name.RolePatronymic || tb[bj].Role == name.RoleParticle {
				al.usedB[bj] = true
			}
			// Mark as "left over" by not recording a pair.
			continue
		}
		al.usedA[bi], al.usedB[bj] = true, true
		al.pairs[al.np] = nmPair{int8(bi), int8(bj), sims[bi][bj], meth[bi][bj]}
		al.np++
	}
	var num, den float64
	for k := 0; k < al.np; k++ {
		p := &al.pairs[k]
		x, y := &ta[p.i], &tb[p.j]
		w := max(nmTokenWeight(x), nmTokenWeight(y))
		if p.method == nmMInitial {
			w = 0.6
		}
		if p.method == nmMConcat {
			w = 1
		}
		cr := nmCredit(float64(p.sim))
		w *= nmConflict(float64(p.sim))
		al.contribs[k], al.weights[k] = cr, w
		num += w * cr
		den += w
	}
	if al.np == 0 {
		return 0
	}
	// Initials alone (В. В. against Vladimir Vladimirovich) are weak
	// evidence: without a full name part in agreement the value is cut.
	full := false
	for k := 0; k < al.np; k++ {
		p := &al.pairs[k]
		if p.method != nmMInitial && ta[p.i].Role != name.RoleParticle && ta[p.i].Role != name.RoleLegal &&
			tb[p.j].Role != name.RoleParticle && tb[p.j].Role != name.RoleLegal {
			full = true
			break
		}
	}
	if !full {
		num *= 0.6
	}
	// Unpaired tokens: those never used, plus optional ones set aside. A
	// name reduced to one part by a title ("President Putin") is a surname
	// reference: the other name's further parts are not missing from it.
	ma, mb := nmMissingFactors(a, b)
	for i := range ta {
		if !nmPairedA(al, i) {
			den += ma * nmMissingWeight(&ta[i], c)
		}
	}
	for j := range tb {
		if !nmPairedB(al, j) {
			den += mb * nmMissingWeight(&tb[j], c)
		}
	}
	v := num / den
	return math.Round(v*1e6) / 1e6
}

// nmMissingFactors returns the factors applied to the missing weights of
// the unpaired tokens of a and of b: a name reduced to one part by a title
// ("President Putin") is a surname reference, so the other name's further
// parts are not missing from it.
func nmMissingFactors(a, b *name.Prepared) (ma, mb float64) {
	ma, mb = 1, 1
	if a.Titled && nmNameParts(a.Tokens) == 1 {
		mb = 0.2
	}
	if b.Titled && nmNameParts(b.Tokens) == 1 {
		ma = 0.2
	}
	return ma, mb
}

// nmNameParts counts the tokens that are names (not initials, particles,
// patronymics or legal forms).
func nmNameParts(ts []name.Token) int {
	n := 0
	for i := range ts {
		switch ts[i].Role {
		case name.RoleName, name.RoleGiven, name.RoleSurname:
			n++
		}
	}
	return n
}

// nmJoin pairs each token of xs that is written as the run of two or three
// consecutive tokens of ys (compared in canonical Latin); swapped says xs
// is the second name.
func nmJoin(xs, ys []name.Token, al *nmAlignment, swapped bool) {
	for i := range xs {
		w := xs[i].Latin
		if len(w) < 5 || nmUsed(al, i, swapped) {
			continue
		}
	starts:
		for j := 0; j+1 < len(ys); j++ {
			rest := w
			for k := j; k < len(ys) && k < j+3; k++ {
				if nmUsed(al, k, !swapped) {
					continue starts
				}
				y := ys[k].Latin
				if y == "" || len(y) > len(rest) || rest[:len(y)] != y {
					continue starts
				}
				rest = rest[len(y):]
				if rest == "" {
					if k == j {
						continue starts
					}
					nmSetUsed(al, i, swapped, false)
					for m := j; m <= k; m++ {
						nmSetUsed(al, m, !swapped, m != j)
					}
					pi, pj := i, j
					if swapped {
						pi, pj = j, i
					}
					al.pairs[al.np] = nmPair{int8(pi), int8(pj), 1, nmMConcat}
					al.np++
					break starts
				}
			}
		}
	}
}

func nmUsed(al *nmAlignment, i int, second bool) bool {
	if second {
		return al.usedB[i]
	}
	return al.usedA[i]
}

// nmSetUsed marks token i as used; joined says it is covered by a pair
// recorded for another token of its run.
func nmSetUsed(al *nmAlignment, i int, second, joined bool) {
	if second {
		al.usedB[i], al.joinedB[i] = true, joined
	} else {
		al.usedA[i], al.joinedA[i] = true, joined
	}
}

func nmPairedA(al *nmAlignment, i int) bool {
	if al.joinedA[i] {
		return true
	}
	for k := 0; k < al.np; k++ {
		if int(al.pairs[k].i) == i {
			return true
		}
	}
	return false
}

func nmPairedB(al *nmAlignment, j int) bool {
	if al.joinedB[j] {
		return true
	}
	for k := 0; k < al.np; k++ {
		if int(al.pairs[k].j) == j {
			return true
		}
	}
	return false
}

// nmTieLess orders candidate pairs of equal similarity by their text,
// independent of which name is a and which is b.
func nmTieLess(x, y, bx, by *name.Token) bool {
	if bx == nil || by == nil {
		return true
	}
	lo, hi := nmMinmax(x.Latin, y.Latin)
	blo, bhi := nmMinmax(bx.Latin, by.Latin)
	if lo != blo {
		return lo < blo
	}
	return hi < bhi
}

func nmMinmax(a, b string) (string, string) {
	if a < b {
		return a, b
	}
	return b, a
}

// nmTokenSim compares two tokens.
func nmTokenSim(x, y *name.Token) (float64, uint8) {
	s, m := nmTokenSim1(x, y)
	if ts, ok := name.TranslitSim(x, y); ok && m != nmMInitial {
		// Latin and Cyrillic: the learned model reads foreign names the
		// way Russian writes them (Whitmore, Уитмор); the canonical forms
		// cover the romanization systems. The better reading counts.
		if c := nmTranslitCombine(s, ts); c != s {
			s = c
			if ts >= s {
				m = nmMTranslit
			}
		}
	}
	if m != nmMInitial && nmFathersName(x, y) {
		s *= 0.6 // a father's name is not the person's own (Ali Omarov, Emir Ali uulu Omarov)
	}
	return s, m
}

// nmFathersName reports whether one of x and y is a father's name
// (patronymic) and the other a name part of the person's own: their
// similarity is cut to 0.6 of what it would be.
func nmFathersName(x, y *name.Token) bool {
	return (x.Role == name.RolePatronymic) != (y.Role == name.RolePatronymic) &&
		x.Role != name.RoleParticle && y.Role != name.RoleParticle && x.Role != name.RoleInitial && y.Role != name.RoleInitial
}

// nmFatherBound is at least the similarity of any pair nmFathersName
// reports: 0.6 times a similarity of at most 1, with a margin for
// rounding.
const nmFatherBound float32 = 0.61

// nmScoreBounded scores the pairs of unused tokens that hold only a bound
// (see align) if the bound reaches bs, the best similarity among the
// scored pairs; it reports whether it scored any.
func nmScoreBounded(ta, tb []name.Token, al *nmAlignment, sims *[nmMaxTokens][nmMaxTokens]float32, meth *[nmMaxTokens][nmMaxTokens]uint8, bounded *uint64, bs float32) bool {
	scored := false
	for i := range ta {
		if al.usedA[i] {
			continue
		}
		for j := range tb {
			bit := uint64(1) << (i*nmMaxTokens + j)
			if al.usedB[j] || *bounded&bit == 0 || sims[i][j] < bs {
				continue
			}
			s, m := nmTokenSim(&ta[i], &tb[j])
			sims[i][j], meth[i][j] = float32(s), m
			*bounded &^= bit
			scored = true
		}
	}
	return scored
}

func nmTokenSim1(x, y *name.Token) (float64, uint8) {
	if x.Norm == y.Norm {
		return 1, nmMExact
	}
	if x.Latin == y.Latin {
		return 1, nmMTranslit
	}
	xi, yi := x.Role == name.RoleInitial, y.Role == name.RoleInitial
	if xi || yi {
		if x.Latin != "" && y.Latin != "" && (x.Latin[0] == y.Latin[0] || x.First == y.First && x.First != 0 ||
			x.Plain != "" && x.Plain[0] == y.Latin[0] || y.Plain != "" && y.Plain[0] == x.Latin[0]) {
			if xi && yi {
				return 1, nmMInitial
			}
			return 0.9, nmMInitial
		}
		return 0, nmMInitial
	}
	if x.Stem == y.Stem && x.Stem != x.Latin || x.Stem == y.Stem && y.Stem != y.Latin {
		return 0.9, nmMGender
	}
	if x.Role == name.RolePatronymic && y.Role == name.RolePatronymic && x.Stem != x.Latin && y.Stem != y.Latin {
		// Two patronymics: the fathers' names decide, not the shared ending.
		return nmStringSim(x.Stem, y.Stem), nmMFuzzy
	}
	if px, py := nmOr(x.Plain, x.Latin), nmOr(y.Plain, y.Latin); nmBaltic(x.Latin, y.Latin) || nmBaltic(y.Latin, x.Latin) ||
		nmBaltic(px, py) || nmBaltic(py, px) {
		return 0.9, nmMGender
	}
	if bx, by := nmBalticStem(x.Latin), nmBalticStem(y.Latin); len(bx) != len(x.Latin) || len(by) != len(y.Latin) {
		if s := 0.97 * nmStringSim(bx, by); s >= 0.8 {
			return s, nmMGender
		}
	}
	if s, ok := nmArabicSim(x, y); ok {
		return s, nmMSkeleton
	}
	s := nmSuffixedSim(x.Latin, y.Latin)
	if x.Plain != "" || y.Plain != "" {
		s = max(s, nmStringSim(nmOr(x.Plain, x.Latin), nmOr(y.Plain, y.Latin)))
	}
	if s < 0.9 && (x.Written != "" || y.Written != "" || x.Glide != "" || y.Glide != "") {
		// A typo can throw the canonical reading off (Maaías reads "mas"):
		// the letters as written, one typo apart, count as a typo. Only
		// one: the canonical reading alone weighs anything further apart.
		typo := func(a, b string) {
			if len(a) <= nmJwMax && len(b) <= nmJwMax && nmOneEdit(a, b) {
				s = max(s, nmStringSim(a, b))
			}
		}
		wx, wy := nmOr(x.Written, x.Latin), nmOr(y.Written, y.Latin)
		typo(wx, wy)
		if y.Written != "" { // else the pair above
			typo(wx, y.Latin)
		}
		if x.Written != "" {
			typo(x.Latin, wy)
		}
		if x.Glide != "" || y.Glide != "" {
			// A typo on top of another romanization's glide (Ajaa, Aiala).
			typo(nmOr(x.Glide, wx), nmOr(y.Glide, wy))
		}
	}
	if x.Gender != y.Gender && x.Gender != name.GenderUnknown && y.Gender != name.GenderUnknown {
		s *= 0.9 // Ivanov/Petrova: different spelling and different grammatical gender
	}
	if x.Skel == y.Skel && (x.Gender == y.Gender || x.Gender == name.GenderUnknown || y.Gender == name.GenderUnknown) && s >= 0.8 && s < 0.92 && (len(x.Skel) >= 4 || len(x.Skel) >= 3 && max(len(x.Latin), len(y.Latin)) >= 5) {
		return 0.92, nmMSkeleton
	}
	return s, nmMFuzzy
}

func (al *nmAlignment) pieces(a, b *name.Prepared, c NameConfig) []vetgraph.Piece {
	if al.np == 0 && (a == nil || b == nil) {
		return nil
	}
	ps := make([]vetgraph.Piece, 0, al.na+al.nb)
	for k := 0; k < al.np; k++ {
		p := &al.pairs[k]
		x, y := &a.Tokens[p.i], &b.Tokens[p.j]
		kind := x.Role
		if kind == name.RoleName || kind == name.RoleInitial {
			kind = y.Role
		}
		if kind == name.RoleInitial {
			kind = name.RoleName
		}
		ps = append(ps, vetgraph.Piece{
			Kind:    kind.String(),
			Method:  nmMethodNames[p.method],
			Score:   nmRound3(float64(p.sim)),
			Weight:  nmRound3(al.weights[k]),
			Matched: p.sim >= 0.85,
			Exact:   p.method == nmMExact,
			A:       x.Norm,
			B:       y.Norm,
		})
	}
	ma, mb := nmMissingFactors(a, b)
	for i := 0; i < al.na; i++ {
		if !nmPairedA(al, i) {
			t := &a.Tokens[i]
			ps = append(ps, vetgraph.Piece{Kind: t.Role.String(), Method: "missing", Weight: -nmRound3(ma * nmMissingWeight(t, &c)), A: t.Norm, Note: "only in the first name"})
		}
	}
	for j := 0; j < al.nb; j++ {
		if !nmPairedB(al, j) {
			t := &b.Tokens[j]
			ps = append(ps, vetgraph.Piece{Kind: t.Role.String(), Method: "missing", Weight: -nmRound3(mb * nmMissingWeight(t, &c)), B: t.Norm, Note: "only in the second name"})
		}
	}
	slices.SortStableFunc(ps, func(p, q vetgraph.Piece) int { return strings.Compare(p.Kind, q.Kind) * 0 })
	return ps
}

func nmRound3(x float64) float64 { return math.Round(x*1000) / 1000 }

// nmStringSim is the similarity of two spellings: the mean of Jaro-Winkler
// (which rewards a shared beginning) and normalized edit distance (which
// counts every differing letter, so Zuckermann and Zuckerberg, sharing six
// letters, stay apart); a single typo (one letter changed, added, dropped,
// or two swapped) scores at least 0.9, in a word of two letters 0.8.
func nmStringSim(a, b string) float64 {
	if a == b {
		return 1
	}
	jw := nmJaroWinkler(a, b)
	if !nmASCII(a) || !nmASCII(b) {
		return jw
	}
	lev := nmLevSim(a, b)
	s := (jw + lev) / 2
	if l := max(len(a), len(b)); l >= 2 && int(math.Round((1-lev)*float64(l))) == 1 {
		t := 0.9
		if min(len(a), len(b)) <= 2 {
			t = 0.8
		}
		s = max(s, t)
	}
	return s
}

func nmOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nmASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nmArabicSim compares an Arabic-script token with a Latin one. Arabic
// writes consonants and long vowels only, so the two are compared by their
// phonetic skeletons (vowels dropped), with the letters Arabic lacks read as
// their nearest Arabic ones (p as b, v as f). ok is false for other pairs.
func nmArabicSim(x, y *name.Token) (float64, bool) {
	if x.Script == y.Script || (x.Script != name.ScriptArabic && y.Script != name.ScriptArabic) ||
		(x.Script != name.ScriptLatin && y.Script != name.ScriptLatin) {
		return 0, false
	}
	var ba, bb [nmJwMax]byte
	a, b := nmAbjad(x.Skel, ba[:0]), nmAbjad(y.Skel, bb[:0])
	if len(a) == 0 || len(b) == 0 {
		return 0, true
	}
	if string(a) == string(b) {
		return 0.95, true
	}
	return 0.95 * nmJaroWinkler(string(a), string(b)), true
}

func nmAbjad(skel string, buf []byte) []byte {
	for i := 0; i < len(skel) && len(buf) < nmJwMax; i++ {
		c := skel[i]
		switch c {
		case 'p':
			c = 'b'
		case 'v':
			c = 'f'
		}
		if n := len(buf); n > 0 && buf[n-1] == c {
			continue
		}
		buf = append(buf, c)
	}
	return buf
}

// nmBaltic reports whether long is short with a Lithuanian or Latvian
// nominative ending (Putinas, Vladimiras, Putins).
func nmBaltic(long, short string) bool {
	if len(short) >= 5 && short[len(short)-1] == 'e' && len(long) >= len(short) && long[len(short)-1] != 'e' {
		short = short[:len(short)-1] // French Poutine
	}
	if len(short) < 4 || len(long) <= len(short) || long[:len(short)] != short {
		return false
	}
	switch long[len(short):] {
	case "as", "is", "us", "ys", "s":
		return true
	}
	return false
}

// nmBalticStem drops a Lithuanian or Latvian nominative ending from a long
// enough word.
func nmBalticStem(w string) string {
	if len(w) < 6 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "as") || strings.HasSuffix(w, "is") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "ys"):
		return w[:len(w)-2]
	case w[len(w)-1] == 's' && !isVowelByte(w[len(w)-2]):
		return w[:len(w)-1]
	}
	return w
}

func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// nmTranslitCombine merges the canonical-form similarity c and the model's
// similarity m of a Latin and a Cyrillic token: the larger decides, and the
// model's view breaks ties a little (кен and кэн both read "ken"; the model
// knows which Russian writes for Ken).
func nmTranslitCombine(c, m float64) float64 {
	return max(nmTranslitCanon*c, m) - nmTranslitTie*(1-m)
}

// nmTranslitCanon discounts the canonical forms' similarity across Latin
// and Cyrillic, where it is the weaker witness; nmTranslitTie is the
// model's tie-breaking share. Both were chosen on frequency >= 5 lines of
// translit-ru not in TestTranslitRU's sample.
const (
	nmTranslitCanon = 1
	nmTranslitTie   = 0.02
)

// nmSuffixedSim is nmStringSim, except that two words sharing an ending of
// three letters or more (-zoda, -ovich, -uddin, -dottir) that differ by more
// than one typo are compared by what precedes the ending: the shared
// morpheme says nothing about whether the names are the same (Isazoda,
// Iskakzoda).
func nmSuffixedSim(a, b string) float64 {
	s := nmStringSim(a, b)
	if s >= 0.9 {
		return s
	}
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	if n < 3 || len(a)-n < 2 || len(b)-n < 2 {
		return s
	}
	return min(s, nmStringSim(a[:len(a)-n], b[:len(b)-n]))
}
