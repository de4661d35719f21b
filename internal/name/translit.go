package name

import (
	_ "embed"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// The Latin↔Cyrillic transliteration model.
//
// Fixed romanization tables cannot tell that Sutherland is Сазерленд or
// Whitmore Уитмор: Russian writes foreign names by their sound. The model is
// a joint "grapheme chunk" model learned from Wikidata's English↔Russian
// name pairs (the lines of translit-ru/wd_russian_80 with frequency below 5;
// the lines with frequency 5 or more are held out for measurement): the
// probability of a Latin chunk of 1–4 letters and a Cyrillic chunk of 0–2
// letters being written for one another (th/т, wh/у, igh/ай, x/кс, e/∅),
// estimated by expectation maximization over all alignments of each pair
// (translit_train_test.go, run with -train-translit). The model is embedded
// (translit_ru.txt: Latin chunk, Cyrillic chunk, natural log probability)
// and read once; the package stays pure.

//go:embed translit_ru.txt
var translitModelText string

const (
	tmMaxLat   = 4  // longest Latin chunk
	tmMaxCyr   = 2  // longest Cyrillic chunk
	tmMaxLen   = 24 // longer tokens are not scored by the model
	tmFloor    = -16.0
	tmCyrBase  = 34 // Cyrillic letters coded 1..33
	tmLatBase  = 27 // Latin letters coded 1..26
	tmLatCodes = tmLatBase * tmLatBase * tmLatBase * tmLatBase
	tmCyrCodes = tmCyrBase * tmCyrBase
)

// tmModel is the parsed model: chunk codes mapped to dense vocabulary
// indexes and a dense matrix of log probabilities. It is built once and
// never written afterwards.
type tmModel struct {
	latIdx []int16   // Latin chunk code → vocabulary index, -1 if absent
	cyrIdx []int16   // Cyrillic chunk code → vocabulary index, -1 if absent
	nCyr   int       // Cyrillic vocabulary size (index 0 is the empty chunk)
	logp   []float32 // [latIdx*nCyr + cyrIdx]; index 0 on either side is the empty chunk
	prob   []float32 // exp(logp), with a zero column at the end of each row: [latIdx*(nCyr+1) + cyrIdx]
	best   []float32 // per Latin vocabulary index, its best log probability with any Cyrillic chunk
	bestC  []float32 // per Cyrillic vocabulary index, its best log probability with any Latin chunk
}

var tmLoad = sync.OnceValue(func() *tmModel {
	return parseTranslitModel(translitModelText).conditional(tmCondLat, tmCondCyr)
})

// tmCondLat and tmCondCyr are the powers of the chunk marginals the joint
// probabilities are divided by (see conditional). They were first chosen on
// frequency >= 5 lines of translit-ru (every 20th from the 7th); on a
// development split of the frequency < 5 lines, held out from a retraining
// (TestTuneTranslit), they rank 0.9375 at rank 1, within noise of the best
// powers tried (0.9390 at 0.25, 0.5; 0.9357 with the joint probabilities).
const (
	tmCondLat = 0.5
	tmCondCyr = 0.5
)

// tmCyrLetters lists the Russian letters the model knows, coded 1..33 in
// this order.
const tmCyrLetters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"

// tmCyrCode returns the model's letter codes of a normalized Cyrillic
// token; ok is false when it has letters the model does not know: the
// model learned Russian orthography, and names written with Ukrainian,
// Belarusian or Central Asian letters are left to the romanization tables.
func tmCyrCode(s string, buf []byte) ([]byte, bool) {
	for _, r := range s {
		if c := tmCyrLetter(r); c > 0 {
			buf = append(buf, c)
			continue
		}
		if ScriptOf(r) == ScriptNone {
			continue // apostrophes, hyphens
		}
		return buf, false
	}
	return buf, len(buf) > 0
}

// tmCyrLetter returns the code of a lower-case Russian letter in
// tmCyrLetters (а=1 ... е=6, ё=7, ж=8 ... я=33), 0 for any other rune.
func tmCyrLetter(r rune) byte {
	switch {
	case r >= 'а' && r <= 'е':
		return byte(r-'а') + 1
	case r == 'ё':
		return 7
	case r >= 'ж' && r <= 'я':
		return byte(r-'а') + 2
	}
	return 0
}

// tmLatCode returns the model's letter codes (1..26) of a ToLatin token;
// ok is false when it has characters other than a–z.
func tmLatCode(s string, buf []byte) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			return buf, false
		}
		buf = append(buf, c-'a'+1)
	}
	return buf, len(buf) > 0
}

func tmChunk(codes []byte, base int) int {
	k := 0
	for _, c := range codes {
		k = k*base + int(c)
	}
	return k
}

func parseTranslitModel(text string) *tmModel {
	m := &tmModel{latIdx: make([]int16, tmLatCodes), cyrIdx: make([]int16, tmCyrCodes)}
	for i := range m.latIdx {
		m.latIdx[i] = -1
	}
	for i := range m.cyrIdx {
		m.cyrIdx[i] = -1
	}
	type entry struct {
		l, c int
		p    float32
	}
	var es []entry
	nLat, nCyr := 1, 1 // index 0: the empty chunk
	m.latIdx[0], m.cyrIdx[0] = 0, 0
	var lb, cb []byte
	for line := range strings.SplitSeq(text, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || strings.HasPrefix(line, "#") {
			continue
		}
		lat, cyr := f[0], f[1]
		if lat == "-" {
			lat = ""
		}
		if cyr == "-" {
			cyr = ""
		}
		p, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			continue
		}
		lb, _ = tmLatCode(lat, lb[:0])
		cb, _ = tmCyrCode(cyr, cb[:0])
		if len(lb) > tmMaxLat || len(cb) > tmMaxCyr || len(lb)+len(cb) == 0 {
			continue
		}
		lk, ck := tmChunk(lb, tmLatBase), tmChunk(cb, tmCyrBase)
		if m.latIdx[lk] < 0 {
			m.latIdx[lk] = int16(nLat)
			nLat++
		}
		if m.cyrIdx[ck] < 0 {
			m.cyrIdx[ck] = int16(nCyr)
			nCyr++
		}
		es = append(es, entry{int(m.latIdx[lk]), int(m.cyrIdx[ck]), float32(p)})
	}
	m.nCyr = nCyr
	m.logp = make([]float32, nLat*nCyr)
	for i := range m.logp {
		m.logp[i] = float32(math.Inf(-1))
	}
	for _, e := range es {
		m.logp[e.l*nCyr+e.c] = e.p
	}
	// Single letters always align, however unlikely, so that every pair
	// has a score.
	for l := 1; l <= 26; l++ {
		li := m.latIdx[l]
		if li < 0 {
			continue
		}
		for c := 1; c <= 33; c++ {
			if ci := m.cyrIdx[c]; ci >= 0 && m.logp[int(li)*nCyr+int(ci)] < tmFloor {
				m.logp[int(li)*nCyr+int(ci)] = tmFloor
			}
		}
	}
	m.derive()
	return m
}

// derive fills prob, best and bestC from logp.
func (m *tmModel) derive() {
	nCyr := m.nCyr
	nLat := len(m.logp) / nCyr
	// prob has one more column than logp, always 0, which logSum reads
	// for a chunk the vocabulary lacks.
	m.prob = make([]float32, nLat*(nCyr+1))
	for l := 0; l < nLat; l++ {
		for c := 0; c < nCyr; c++ {
			m.prob[l*(nCyr+1)+c] = float32(math.Exp(float64(m.logp[l*nCyr+c])))
		}
	}
	m.best = make([]float32, nLat)
	for l := 0; l < nLat; l++ {
		b := float32(math.Inf(-1))
		for c := 0; c < nCyr; c++ {
			b = max(b, m.logp[l*nCyr+c])
		}
		m.best[l] = b
	}
	m.bestC = make([]float32, nCyr)
	for c := 0; c < nCyr; c++ {
		b := float32(math.Inf(-1))
		for l := 0; l < nLat; l++ {
			b = max(b, m.logp[l*nCyr+c])
		}
		m.bestC[c] = b
	}
}

// conditional returns a copy of m whose chunk weights are the joint
// probability divided by the a-th power of the Latin chunk's marginal and
// the b-th power of the Cyrillic chunk's (with a = b = 1/2, the geometric
// mean of the two conditional probabilities). Joint probabilities favour
// pairs of few chunks, so short candidates (Hand: Хан over Хэнд); the
// conditional weights score each chunk against its alternatives instead.
func (m *tmModel) conditional(a, b float64) *tmModel {
	nc := m.nCyr
	nl := len(m.logp) / nc
	zl := make([]float64, nl)
	zc := make([]float64, nc)
	for l := 0; l < nl; l++ {
		for c := 0; c < nc; c++ {
			p := math.Exp(float64(m.logp[l*nc+c]))
			zl[l] += p
			zc[c] += p
		}
	}
	m2 := *m
	m2.logp = make([]float32, len(m.logp))
	for l := 0; l < nl; l++ {
		for c := 0; c < nc; c++ {
			v := float64(m.logp[l*nc+c])
			if l > 0 {
				v -= a * math.Log(zl[l])
			}
			if c > 0 {
				v -= b * math.Log(zc[c])
			}
			m2.logp[l*nc+c] = float32(v)
		}
	}
	m2.derive()
	return &m2
}

// tmToken is a token's view for the model: for each position, the chunks
// of the model's vocabulary that end there. ent[0:n+2] are offsets (in idx)
// into ent: the chunks ending at position i are ent[ent[i].idx:ent[i+1].idx].
// The zero value (n == 0) means the model does not read the token.
type tmToken struct {
	n    int // letters
	ent  []tmEnt
	best float32 // Latin only: the log probability of its most likely Cyrillic writing
	cyr  bool
}

// tmEnt is a chunk ending at some position: its length and vocabulary index.
type tmEnt struct {
	len uint8
	idx int16
}

func (t *tmToken) at(i int) []tmEnt { return t.ent[t.ent[i].idx:t.ent[i+1].idx] }

func tmPrepare(norm, latin string, sc Script) tmToken {
	return tmLoad().prepare(norm, latin, sc)
}

func (m *tmModel) prepare(norm, latin string, sc Script) tmToken {
	var buf [tmMaxLen*2 + 2]byte
	var codes []byte
	var ok bool
	maxc, base, vocab := tmMaxLat, tmLatBase, m.latIdx
	switch sc {
	case ScriptCyrillic:
		codes, ok = tmCyrCode(norm, buf[:0])
		maxc, base, vocab = tmMaxCyr, tmCyrBase, m.cyrIdx
	case ScriptLatin:
		codes, ok = tmLatCode(latin, buf[:0])
	}
	if !ok || len(codes) > tmMaxLen {
		return tmToken{}
	}
	n := len(codes)
	t := tmToken{n: n, cyr: sc == ScriptCyrillic, ent: make([]tmEnt, n+2, n+2+3*n)}
	var bestAt [tmMaxLen + 1]float32
	for i := 0; i <= n; i++ {
		t.ent[i].idx = int16(len(t.ent))
		if i == 0 {
			continue
		}
		bestAt[i] = float32(math.Inf(-1))
		for a := 1; a <= maxc && a <= i; a++ {
			if v := vocab[tmChunk(codes[i-a:i], base)]; v >= 0 {
				t.ent = append(t.ent, tmEnt{uint8(a), v})
				if t.cyr {
					bestAt[i] = max(bestAt[i], bestAt[i-a]+m.bestC[v])
				} else {
					bestAt[i] = max(bestAt[i], bestAt[i-a]+m.best[v])
				}
			}
		}
	}
	t.ent[n+1].idx = int16(len(t.ent))
	t.best = bestAt[n]
	return t
}

// translitGap returns how much less likely (natural log, per Latin letter)
// the model finds the pair lat, cyr (summed over all alignments) than lat's
// own most likely Cyrillic writing and than cyr's own most likely Latin
// reading, averaged: 0 when each is the other's most likely form (below 0
// when the pair, summed over its alignments, is likelier than either best
// single alignment). Measuring
// against both sides, not only the Latin one, keeps the joint model from
// preferring short candidates (Hand is Хэнд, not Хан; Franks is Фрэнкс, not
// Франк).
func translitGap(lat, cyr *tmToken) float64 {
	lp := tmLoad().logSum(lat, cyr)
	if math.IsInf(lp, -1) {
		return math.Inf(1)
	}
	return (float64(lat.best) - lp + float64(cyr.best) - lp) / float64(2*lat.n)
}

// logSum returns the natural log of the model's probability of the pair
// lat, cyr summed over all alignments, -Inf if none.
//
// It is the forward sum d[i][j] over the first i Latin and j Cyrillic
// letters. Each cell adds its terms one after the other, a chain of
// dependent float additions; the cells are visited by anti-diagonals
// (i+j constant), whose cells do not depend on each other, so that the
// processor overlaps their chains. Each cell adds the same terms in the
// same order as a row by row pass: first the Cyrillic chunks ending at j
// for no Latin letter (the one-letter chunk, then the two-letter one), then
// for each Latin chunk ending at i (shortest first) that chunk for nothing,
// for the one-letter and for the two-letter Cyrillic chunk. A chunk not in
// the vocabulary reads probability 0 (the zero column of prob): adding
// x*0 = +0 to a sum of non-negative finite terms leaves it bit for bit as
// it was, so the result is the plain sum's.
func (m *tmModel) logSum(lat, cyr *tmToken) float64 {
	n, k := lat.n, cyr.n
	st := m.nCyr + 1 // prob's row stride
	zero := int32(m.nCyr)
	pr := m.prob
	// Columns are shifted by two (j at j+2) so that j-1 and j-2 are
	// always indexes; the two columns before 0 stay zero.
	const sh = 2
	// c1 and c2 below hold the Cyrillic chunks of one and of two letters:
	// this does not compile unless tmMaxCyr is 2.
	const _ = uint(tmMaxCyr-2) + uint(2-tmMaxCyr)
	var c1, c2 [tmMaxLen + 1 + sh]int32 // Cyrillic chunk ending at j, of one and of two letters: vocabulary index, or zero
	var z1, z2 [tmMaxLen + 1 + sh]float32
	for j := 0; j <= k; j++ {
		c1[j+sh], c2[j+sh] = zero, zero
		for _, c := range cyr.at(j) {
			if c.len == 1 {
				c1[j+sh] = int32(c.idx)
			} else {
				c2[j+sh] = int32(c.idx)
			}
		}
		z1[j+sh], z2[j+sh] = pr[c1[j+sh]], pr[c2[j+sh]]
	}
	// Latin chunks ending at i: count, source row and prob row offset.
	var ne [tmMaxLen + 1]uint8
	var src [tmMaxLen + 1][tmMaxLat]uint8
	var off [tmMaxLen + 1][tmMaxLat]int32
	for i := 1; i <= n; i++ {
		for e, l := range lat.at(i) {
			src[i][e], off[i][e] = uint8(i-int(l.len)), int32(l.idx)*int32(st)
			ne[i]++
		}
	}
	// Probabilities in float32: a pair so unlike that its total underflows
	// (below 1e-38) scores as no match, which it is.
	var d [tmMaxLen + 1][tmMaxLen + 1 + sh]float32
	d[0][sh] = 1
	for s := 1; s <= n+k; s++ {
		for i := max(0, s-k); i <= min(n, s); i++ {
			J := s - i + sh
			cur := &d[i]
			b := cur[J-1] * z1[J]
			b += cur[J-2] * z2[J]
			for e := range ne[i] {
				r, o := &d[src[i][e]], off[i][e]
				b += r[J] * pr[o] // a Latin chunk for nothing
				b += r[J-1] * pr[o+c1[J]]
				b += r[J-2] * pr[o+c2[J]]
			}
			cur[J] = b
		}
	}
	if d[n][k+sh] <= 0 {
		return math.Inf(-1)
	}
	return math.Log(float64(d[n][k+sh]))
}

// TranslitSim returns how well the transliteration model finds that one of
// x and y, a Latin token, and the other, a Cyrillic one, write the same name
// (Sutherland and Сазерленд, Whitmore and Уитмор): 0.999 when each is the
// other's most likely writing, up to 1 for pairs likelier still (so that
// those do not tie), falling towards 0 as the pair becomes less likely (see
// translitGap); 0 when their phonetic skeletons share less than
// half their letters. ok is false unless one token is Latin and the other
// Cyrillic and both are name parts the model reads (letters a–z after
// ToLatin; Russian letters only; at most 24 letters). It is symmetric in x
// and y.
func TranslitSim(x, y *Token) (sim float64, ok bool) {
	if x.tm == nil || y.tm == nil || x.tm.cyr == y.tm.cyr {
		return 0, false
	}
	lat, cyr := x.tm, y.tm
	if lat.cyr {
		lat, cyr = cyr, lat
	}
	// The model runs only for tokens whose phonetic skeletons share at
	// least half of the shorter one's letters; others it would find
	// unlike anyway.
	ma, mb := gateMask(x.Skel), gateMask(y.Skel)
	if 2*bits.OnesCount32(ma&mb) < min(bits.OnesCount32(ma), bits.OnesCount32(mb)) || ma == 0 || mb == 0 {
		return 0, true
	}
	gap := translitGap(lat, cyr)
	if gap < 0 {
		// Likelier than each side's best single reading: the last
		// thousandth orders such pairs instead of tying them at 1.
		return 1 - tmTop*math.Exp(gap), true
	}
	return (1 - tmTop) * math.Exp(-gap*tmScale), true
}

// tmScale turns the per-letter log probability gap into a similarity;
// tmTop is the share of the scale above a gap of 0.
const (
	tmScale = 0.15
	tmTop   = 0.001
)

// gateMask is skelMask with the skeleton class x (ch, sh, j) merged into s
// (s, z, c): Russian writes Japanese and Chinese sh, ch and j with с, з and ц
// (Shōji Сёдзи, Shuichi Сюити, Jie Цзе), which the skeletons of the two
// scripts' spellings put in different classes.
func gateMask(skel string) uint32 {
	m := skelMask(skel)
	if x := uint32(1) << ('x' - 'a'); m&x != 0 {
		m = m&^x | 1<<('s'-'a')
	}
	return m
}

// skelMask is the set of letters of an ASCII skeleton, one bit per letter.
func skelMask(skel string) uint32 {
	var m uint32
	for i := 0; i < len(skel); i++ {
		if c := skel[i]; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}
