package synth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"vetgraph/internal/name"
)

//go:generate go run ./internal/gen -data ../../../shared/data/popular-names -out vocab.tsv

// vocabTSV is derived from the popular-names CSV files (CC0); see
// internal/gen for how.
//
//go:embed vocab.tsv
var vocabTSV string

// style is how one record spells a Cyrillic name: a romanization system as a
// document or an officer would use it, or the raw Cyrillic.
type style uint8

// The styles. The order is the index into word.forms.
const (
	styleICAO style = iota
	styleBGN
	styleISO9
	styleUzbek
	styleKazakh
	styleFrench
	styleGerman
	styleCyrillic
	nStyles
)

var styleSystems = [...]name.System{
	styleICAO: name.ICAO, styleBGN: name.BGN, styleISO9: name.ISO9, styleUzbek: name.UzbekLatin,
	styleKazakh: name.KazakhLatin, styleFrench: name.French, styleGerman: name.German,
}

var styleNames = [...]string{"icao", "bgn", "iso9", "uz", "kk", "fr", "de", "cyrillic"}

// word is one name part with every spelling precomputed: a Cyrillic native
// form romanized under every system, or a Latin form written as it is.
type word struct {
	native string
	cyr    bool
	forms  [nStyles]string
}

func newWord(native, latin string) *word {
	w := &word{native: native, cyr: latin == "" && hasCyr(native)}
	for s := range nStyles {
		switch {
		case !w.cyr:
			w.forms[s] = pick(latin, native)
		case s == styleCyrillic:
			w.forms[s] = native
		default:
			w.forms[s] = name.Romanize(native, styleSystems[s])
		}
	}
	return w
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (w *word) in(s style) string { return w.forms[s] }

func hasCyr(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// pool is a country's name vocabulary.
type pool struct {
	male, female []*word
	surnames     []*word
	// femSurname[i] is the feminine form of surnames[i] (Каримов →
	// Каримова); the same word where the surname has no gender.
	femSurname []*word
	// patr[i] holds the patronymics formed from male[i]: [0] the son's, [1]
	// the daughter's, in the Russian style (Каримович, Каримовна); [2], [3]
	// the national two-word style where the country has one (Karim o'g'li /
	// qizi, uly / kyzy, uulu / kyzy), else nil.
	patr [][4]*word
}

type vocab struct{ pools map[string]*pool }

// loadVocab parses the embedded vocabulary and precomputes every spelling.
func loadVocab() *vocab {
	v := &vocab{pools: map[string]*pool{}}
	for line := range strings.Lines(vocabTSV) {
		line = strings.TrimRight(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		p := v.pools[f[0]]
		if p == nil {
			p = &pool{}
			v.pools[f[0]] = p
		}
		w := newWord(f[2], f[3])
		switch f[1] {
		case "M":
			p.male = append(p.male, w)
		case "F":
			p.female = append(p.female, w)
		case "S":
			p.surnames = append(p.surnames, w)
		}
	}
	for c, p := range v.pools {
		for _, s := range p.surnames {
			p.femSurname = append(p.femSurname, feminine(s))
		}
		for _, m := range p.male {
			var pp [4]*word
			if m.cyr {
				son, daughter := russianPatronymic(m.native)
				pp[0], pp[1] = newWord(son, ""), newWord(daughter, "")
				if a, b := nationalPatronymic(c); a != "" {
					pp[2], pp[3] = newWord(m.native+" "+a, ""), newWord(m.native+" "+b, "")
				}
			}
			p.patr = append(p.patr, pp)
		}
	}
	return v
}

// feminine returns the feminine form of a Russianized surname (‑ов/‑ев/‑ин
// take ‑а), or w itself.
func feminine(w *word) *word {
	if !w.cyr {
		return w
	}
	for _, suf := range []string{"ов", "ев", "ёв", "ин"} {
		if strings.HasSuffix(w.native, suf) {
			return newWord(w.native+"а", "")
		}
	}
	return w
}

// russianPatronymic forms the Russian-style patronymics of a Cyrillic
// father's name: Карим → Каримович/Каримовна, Али → Алиевич/Алиевна,
// Андрей → Андреевич/Андреевна.
func russianPatronymic(father string) (son, daughter string) {
	last, size := utf8.DecodeLastRuneInString(father)
	stem := father
	switch last {
	case 'й', 'ь':
		stem = father[:len(father)-size]
		return stem + "евич", stem + "евна"
	case 'а', 'я', 'и', 'о', 'у', 'е', 'ы', 'э', 'ю':
		return stem + "евич", stem + "евна"
	}
	return stem + "ович", stem + "овна"
}

// nationalPatronymic returns the son/daughter words written after the
// father's name in the country's own tradition.
func nationalPatronymic(country string) (son, daughter string) {
	switch country {
	case "UZ":
		return "ўғли", "қизи"
	case "KZ":
		return "ұлы", "қызы"
	case "KG":
		return "уулу", "кызы"
	}
	return "", ""
}
