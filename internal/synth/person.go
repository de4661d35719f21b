package synth

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"vetgraph/internal/name"
)

// person is a true person of the world: the facts every record of them is
// a noisy rendering of.
type person struct {
	cluster string
	country string // ISO alpha-2, upper case
	female  bool
	given   *word
	surname *word // in the person's gender
	second  *word // a second (maternal) surname, Spanish-style; may be nil
	patr    *word // Russian-style patronymic; nil when the country has none
	natPatr *word // national two-word patronymic (Karim o'g'li); may be nil
	birth   time.Time
	// passport is the document number; renewed, when not zero, is the date a
	// second passport (passport2) replaced it.
	passport, passport2 string
	renewed             time.Time
	phone               string
	address             string
}

// nameChoice is the draw that fixes a person's names, so a look-alike can
// copy an earlier person's names exactly.
type nameChoice struct {
	country              string
	female               bool
	given, sur, sur2, fa int
}

func (g *gen) drawName(r *rng, country string, female bool) nameChoice {
	p := g.v.pools[country]
	nc := nameChoice{country: country, female: female, sur2: -1}
	if female {
		nc.given = r.intn(len(p.female))
	} else {
		nc.given = r.intn(len(p.male))
	}
	nc.sur = r.intn(len(p.surnames))
	nc.fa = r.intn(len(p.male))
	if spanishSurnames[country] {
		nc.sur2 = r.intn(len(p.surnames))
	}
	return nc
}

var spanishSurnames = map[string]bool{"MX": true, "SV": true, "CO": true, "PE": true, "AR": true, "CL": true, "GT": true, "ES": true}

var patronymicCountries = map[string]bool{"RU": true, "BY": true, "KZ": true, "KG": true, "TJ": true, "UZ": true}

// newPerson makes a person from a name choice; pidx must be unique in the
// world (it fixes the phone and passport numbers) and household fixes the
// home address (shared by a family).
func (g *gen) newPerson(r *rng, cluster string, nc nameChoice, pidx, household int64, born time.Time) *person {
	pl := g.v.pools[nc.country]
	p := &person{cluster: cluster, country: nc.country, female: nc.female, birth: born}
	if nc.female {
		p.given = pl.female[nc.given]
		p.surname = pl.femSurname[nc.sur]
	} else {
		p.given = pl.male[nc.given]
		p.surname = pl.surnames[nc.sur]
	}
	if nc.sur2 >= 0 {
		p.second = pl.surnames[nc.sur2]
	}
	if patronymicCountries[nc.country] && p.given.cyr {
		pp := pl.patr[nc.fa]
		k := 0
		if nc.female {
			k = 1
		}
		p.patr, p.natPatr = pp[k], pp[k+2]
	}
	letters := nc.country
	p.passport = passportNumber(letters, pidx, 0)
	if r.chance(.25) {
		p.passport2 = passportNumber(letters, pidx, 1)
		p.renewed = g.cfg.Start.AddDate(0, r.intn(12*g.cfg.Years), 0)
	}
	p.phone = phoneNumber(nc.country, pidx)
	p.address = homeAddress(nc.country, household)
	p.birth = g.namesakes.distinct(p.given, p.surname, p.birth)
	return p
}

// namesakes keeps two people of the world from sharing their given name,
// surname (in any script) and birth day by chance: nothing in their records
// could then tell them apart, and the truth would call them two people the
// evidence calls one. It is a Bloom filter of fixed size (memory stays
// bounded whatever the population); a person whose names and birth day it
// has (or seems to have) seen is born some weeks later instead. That only
// moves a birth day, and draws nothing from the random stream, so the rest
// of the world is unchanged.
type namesakes struct{ bits []uint64 }

const namesakeBits = 1 << 24 // 2 MiB: a few percent false positives at a million people

func (s *namesakes) distinct(given, surname *word, born time.Time) time.Time {
	if s.bits == nil {
		s.bits = make([]uint64, namesakeBits/64)
	}
	g, sn := name.Canonical(given.native), name.Canonical(surname.native)
	for range 8 {
		h := fnv.New64a()
		h.Write([]byte(g))
		h.Write([]byte{0})
		h.Write([]byte(sn))
		h.Write([]byte{0})
		h.Write([]byte(born.Format(time.DateOnly)))
		x := h.Sum64()
		probes := [3]uint64{x % namesakeBits, (x >> 21) % namesakeBits, (x >> 42) % namesakeBits}
		seen := true
		for _, b := range probes {
			seen = seen && s.bits[b/64]&(1<<(b%64)) != 0
		}
		if !seen {
			for _, b := range probes {
				s.bits[b/64] |= 1 << (b % 64)
			}
			return born
		}
		born = born.AddDate(0, 0, 97)
	}
	return born
}

// passportNumber is injective in (pidx, version) for pidx < 5e8.
func passportNumber(letters string, pidx int64, version int64) string {
	x := ((pidx + version*500000000) % 1000000000 * 2654435761) % 1000000000
	b := make([]byte, 0, 12)
	b = append(b, letters...)
	return string(appendPadded(b, x, 9))
}

// phoneNumber is injective in pidx: the population, network members and
// the cast have their own leading digit, and the number is a bijection of
// the index below 1e8.
func phoneNumber(country string, pidx int64) string {
	lead := 9
	switch {
	case pidx >= castPidx:
		lead, pidx = 7, pidx-castPidx
	case pidx >= memberPidx:
		lead, pidx = 8, pidx-memberPidx
	}
	b := make([]byte, 0, 16)
	b = append(b, callingCode(country)...)
	b = append(b, byte('0'+lead))
	return string(appendPadded(b, (pidx*48271+12345)%100000000, 8))
}

// addressSpace is how many households the street/house/apt scheme holds
// before a block number is added.
const addressSpace = 20 * 300 * 400

// homeAddress is injective in household: its rest modulo addressSpace is
// scrambled by a bijection into street, house and apartment, and the
// quotient, when not zero, is a block number.
func homeAddress(country string, h int64) string {
	n := int64(len(streets))
	x := (h % addressSpace) * 7919 % addressSpace // 7919 is prime to 2,400,000
	b := make([]byte, 0, 64)
	b = append(b, streets[x%n]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, (x/n)%300+1, 10)
	b = append(b, ',')
	if q := h / addressSpace; q > 0 {
		b = append(b, " block "...)
		b = strconv.AppendInt(b, q, 10)
		b = append(b, ',')
	}
	b = append(b, " apt "...)
	b = strconv.AppendInt(b, x/(n*300)+1, 10)
	b = append(b, ", "...)
	b = append(b, cityOf(country, h)...)
	b = append(b, ", "...)
	b = append(b, country...)
	return string(b)
}

// birthBetween draws a birth day for someone aged lo..hi years at ref.
func birthBetween(r *rng, ref time.Time, lo, hi int) time.Time {
	days := (hi - lo) * 365
	return ref.AddDate(-hi, 0, 0).AddDate(0, 0, r.intn(days))
}

// recordOpts are the per-record extras a person record carries.
type recordOpts struct {
	at       time.Time // the day the record speaks of (encounter day)
	phones   []string  // further phones in the phone list (a guide's phone)
	address  string    // address given instead of the home address
	formal   bool      // a document-based record: ICAO most of the time, fewer gaps
	noNoise  bool      // an agency's curated record: no typos or swaps
	styleSet style     // force a style (with forceStyle)
	force    bool
	// keepPhone writes the person's own phone whatever the missing rate
	// (a phone the truth relies on).
	keepPhone bool
	// idRequired writes the passport number whatever the missing rate (a
	// money transfer needs an identity document).
	idRequired bool
}

// writePerson writes one Person record of p as a document or an officer
// would have written it on opts.at.
// spelled is a person's name as one record writes it.
type spelled struct {
	st                      style
	full, given, last, patr string
	typo                    bool
}

// spell draws how one record writes p's name: the style, the parts kept,
// typos, case and order.
func (g *gen) spell(r *rng, p *person, o recordOpts) spelled {
	c := &g.cfg
	st := styleICAO
	switch {
	case o.force:
		st = o.styleSet
	case !p.given.cyr:
		st = styleICAO // Latin names are written as they are
	case r.chance(c.CyrillicShare):
		st = styleCyrillic
	default:
		st = g.latinStyle(r, p.country, o.formal)
	}
	given := p.given.in(st)
	sur := p.surname.in(st)
	sur2 := ""
	if p.second != nil && r.chance(.6) {
		sur2 = p.second.in(st)
	}
	patr := ""
	if p.patr != nil && r.chance(c.PatronymicRate) {
		if p.natPatr != nil && r.chance(.35) {
			patr = p.natPatr.in(st)
		} else {
			patr = p.patr.in(st)
		}
	}
	typoed := false
	if !o.noNoise && r.chance(c.TypoRate) {
		typoed = true
		if r.chance(.5) {
			given = typo(r, given)
		} else {
			sur = typo(r, sur)
		}
	}
	if st != styleCyrillic && r.chance(.12) {
		sur = strings.ToUpper(sur)
	}
	last := sur
	if sur2 != "" {
		last = sur + " " + sur2
	}
	var full string
	surFirst := (st == styleCyrillic && r.chance(.5)) || (p.patr != nil && r.chance(.25))
	if !o.noNoise && r.chance(c.SwapOrderRate) {
		surFirst = !surFirst
	}
	if surFirst {
		full = join(last, given, patr)
	} else {
		full = join(given, patr, last)
	}
	return spelled{st, full, given, last, patr, typoed}
}

func (g *gen) writePerson(w *ftmWriter, r *rng, id string, p *person, o recordOpts) {
	c := &g.cfg
	sp := g.spell(r, p, o)
	st, full, given, last, patr := sp.st, sp.full, sp.given, sp.last, sp.patr
	miss := c.MissingRate
	if o.formal {
		miss /= 2
	}
	w.begin(id, "Person")
	w.prop("name", full)
	if r.chance(.7) {
		w.prop("firstName", given)
		w.prop("lastName", last)
		if patr != "" {
			w.prop("fatherName", patr)
		}
	}
	if p.given.cyr && r.chance(.08) { // a second spelling on the same form
		alt := g.latinStyle(r, p.country, false)
		w.prop("alias", join(p.given.in(alt), p.surname.in(alt)))
	}
	if !r.chance(miss) {
		w.prop("birthDate", g.birthDate(r, p.birth, o.noNoise))
	}
	if !r.chance(miss) {
		if p.female {
			w.prop("gender", "female")
		} else {
			w.prop("gender", "male")
		}
	}
	if !r.chance(miss) {
		w.prop("nationality", strings.ToLower(p.country))
	}
	if !r.chance(2*miss) || o.idRequired {
		pp := p.passport
		if p.passport2 != "" && !o.at.Before(p.renewed) {
			pp = p.passport2
		}
		w.prop("passportNumber", pp)
	}
	own := p.phone
	if r.chance(3*miss) && !o.keepPhone {
		own = ""
	}
	phones := append([]string{own}, o.phones...)
	w.prop("phone", phones...)
	switch {
	case o.address != "":
		w.prop("address", o.address)
	case !r.chance(2 * miss):
		w.prop("address", p.address)
	}
	w.end()
	g.sum.Records++
	g.sum.PersonRecords++
	if p.given.cyr && !o.force { // forced styles (remittances, intelligence) are not officers' choices
		g.sum.CyrillicNamedRecords++
		if st == styleCyrillic {
			g.sum.CyrillicRecords++
		}
	}
}

// latinStyle picks the romanization a document or officer uses.
func (g *gen) latinStyle(r *rng, country string, formal bool) style {
	x := r.float()
	if formal {
		x *= .6 // documents: mostly the passport spelling
	}
	switch {
	case x < .50:
		return styleICAO
	case x < .62:
		switch country {
		case "UZ":
			return styleUzbek
		case "KZ":
			return styleKazakh
		}
		return styleICAO
	case x < .80:
		return styleBGN
	case x < .85:
		return styleISO9
	case x < .93:
		return styleFrench
	}
	return styleGerman
}

func join(parts ...string) string {
	var b strings.Builder
	for _, s := range parts {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// typo makes one keyboard or hearing slip: drop, double or swap a letter,
// or replace one with another letter of the same word.
func typo(r *rng, s string) string {
	rs := []rune(s)
	if len(rs) < 4 {
		return s
	}
	i := 1 + r.intn(len(rs)-2)
	switch r.intn(4) {
	case 0:
		rs = append(rs[:i], rs[i+1:]...)
	case 1:
		rs = append(rs[:i+1], rs[i:]...)
	case 2:
		rs[i], rs[i+1] = rs[i+1], rs[i]
	default:
		rs[i] = rs[r.intn(len(rs))]
	}
	return string(rs)
}

// birthDate writes a birth date with the usual slips: day and month
// swapped, only the year, nothing else is changed.
func (g *gen) birthDate(r *rng, d time.Time, clean bool) string {
	y, m, day := d.Date()
	mo := int(m)
	if !clean {
		if mo != day && day <= 12 && r.chance(g.cfg.DateSwapRate) {
			g.sum.DateSwaps++
			mo, day = day, mo
		} else if r.chance(.02) {
			return string(appendPadded(nil, int64(y), 4))
		}
	}
	b := make([]byte, 0, 10)
	b = appendPadded(b, int64(y), 4)
	b = append(b, '-')
	b = appendPadded(b, int64(mo), 2)
	b = append(b, '-')
	return string(appendPadded(b, int64(day), 2))
}

// appendPadded appends x >= 0 in decimal, zero-padded to width digits.
func appendPadded(b []byte, x int64, width int) []byte {
	var d [20]byte
	i := len(d)
	for x > 0 || i == len(d) {
		i--
		d[i] = byte('0' + x%10)
		x /= 10
	}
	for n := len(d) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, d[i:]...)
}
