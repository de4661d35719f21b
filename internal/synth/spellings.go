package synth

// Spelling is one written form of a person's name, as an encounter record
// would carry it. Two spellings with the same Identity are the same person;
// different identities are different people, even when every name part is
// the same (look-alikes).
type Spelling struct {
	Identity   int    `json:"identity"`
	Country    string `json:"country"`
	Name       string `json:"name"` // the full name as written
	Given      string `json:"given"`
	Surname    string `json:"surname"`
	Patronymic string `json:"patronymic,omitempty"`
	BirthDate  string `json:"birth_date"` // as written: day/month swaps and year-only dates happen
	Style      string `json:"style"`      // icao, bgn, iso9, uz, kk, fr, de or cyrillic
	Typo       bool   `json:"typo"`
}

// Spellings returns a labelled set of Central Asian identities for name
// matching: n people of TJ, UZ, KZ and KG (in the default client shares),
// each written k times the way the generator writes encounter records
// (script and romanization, order, patronymic or not, typos), with every
// fourth person a look-alike of an earlier one (the same given name and
// surname; another father and birth date). Deterministic in seed; it uses
// the default noise rates, and no randomness is shared with Generate.
func Spellings(seed int64, n, k int) []Spelling {
	cfg, _ := DefaultConfig(seed, 100).withDefaults()
	g := &gen{cfg: cfg, v: loadVocab()}
	g.caC, _ = newPicker(cfg.CentralAsianClients)
	ref := cfg.Start.AddDate(cfg.Years/2, 0, 0)
	var out []Spelling
	var names []nameChoice
	for i := range n {
		r := newRNG(seed, streamSpelling, int64(i))
		var nc nameChoice
		if i%4 == 3 && len(names) > 0 {
			nc = names[r.intn(len(names))]
			nc.fa = r.intn(len(g.v.pools[nc.country].male))
		} else {
			nc = g.drawName(r, g.caC.pick(r), r.chance(.3))
		}
		names = append(names, nc)
		p := g.newPerson(r, "", nc, int64(i), int64(i), birthBetween(r, ref, 18, 60))
		for range k {
			sp := g.spell(r, p, recordOpts{at: ref})
			out = append(out, Spelling{
				Identity: i, Country: p.country, Name: sp.full, Given: sp.given, Surname: sp.last,
				Patronymic: sp.patr, BirthDate: g.birthDate(r, p.birth, false), Style: styleNames[sp.st], Typo: sp.typo,
			})
		}
	}
	return out
}

const streamSpelling uint64 = 7
