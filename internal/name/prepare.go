package name

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says whether a name is a person's or an organization's.
type Kind uint8

// Name kinds.
const (
	Person Kind = iota
	Organization
)

// Role is the part a token plays in a name.
type Role uint8

// Token roles. RoleName is a name part whose role the structure does not
// reveal (given name or surname; order varies).
const (
	RoleName       Role = iota
	RoleGiven           // a given name, when the order reveals it
	RoleSurname         // a surname: Russianized ending, capitals in mixed case, before a comma
	RolePatronymic      // -ovich/-ovna/..., or a father's name with o'g'li, qizi, uly, kyzy
	RoleInitial         // a single letter
	RoleLegal           // an organization's legal form (AG, LLC, OOO), canonicalized
	RoleParticle        // bin, ibn, al, van, de, von, ...: compared but weighs little
)

var roleNames = [...]string{"name", "given_name", "surname", "patronymic", "initial", "legal_form", "particle"}

// String returns the role's name as used in score pieces.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown"
}

// Gender is a gender hint read from a name's grammatical form (Ivanov /
// Ivanova, -ovich / -ovna). It is a property of the spelling, not of the
// person.
type Gender uint8

// Gender hints.
const (
	GenderUnknown Gender = iota
	GenderMale
	GenderFemale
)

// Token is one prepared name part: its word's readings (shared by every
// token of the word a Cache prepared, so a million names of a few hundred
// thousand words hold each word's text once) and its role in this name.
type Token struct {
	*TokenText
	Role   Role
	Gender Gender
}

// TokenText is what a name part is whatever name it is in. It is immutable.
type TokenText struct {
	Norm  string // as normalized, e.g. "қасымов"
	Latin string // canonical Latin (see Canonical), e.g. "kasymov"
	Skel  string // phonetic skeleton of Latin, e.g. "ksmv"
	Stem  string // Latin without a gendered surname or patronymic ending ("kasym"), else Latin
	Plain string // a second canonical reading, "" if none: diacritics dropped rather than spelled (Vučić: "vucic"), Dutch oe as u (Poetin: "putin"), ё as yo (Артём: "artyom")
	// Written is the letters as written, in Latin (ToLatin, no canonical
	// rules), when they differ from Latin, else "": a typo can throw the
	// canonical reading off (Maaías reads "mas", Matías "matias"), while
	// the written letters still differ by one.
	Written string
	// Glide is the letters as written with an i, j or y between vowels
	// written y (ICAO Aiala, German Ajala, English Ayala: "ayala"), when
	// that differs from them, else "": romanizations differ in the glide,
	// so a typo on top of one (Ajaa) is still one letter from another.
	Glide  string
	First  byte // first letter of ToLatin(Norm), for initials; 0 if none
	Script Script

	tm *tmToken // the transliteration model's view (Latin or Cyrillic name parts), nil if none
}

// Prepared is a name parsed and prepared once for fast comparison. It is
// immutable after Prepare returns and safe for concurrent use.
type Prepared struct {
	Raw    string  // as given
	Norm   string  // Normalize(Raw)
	Kind   Kind    // Person or Organization
	Script Script  // script of the name's letters
	Tokens []Token // name parts, honorifics removed, in written order
	Titled bool    // an honorific was removed ("President Putin"): a lone remaining part is a surname
}

// Prepare parses a person's name: honorifics ("Mr", "President", "Президент",
// "Haji" is kept) are dropped, "SURNAME, Given" and capitalized surnames are
// recognized, patronymics (-ovich, -evna, o'g'li, qizi, uly, kyzy) marked
// optional, single letters marked as initials. A name with no letters gives a
// Prepared with no tokens.
func Prepare(raw string) *Prepared { return prepare(raw, Person) }

// PrepareOrg parses an organization's name: legal forms are canonicalized
// (Aktiengesellschaft → ag, Limited → ltd, ООО → ooo) and marked so that they
// weigh little.
func PrepareOrg(raw string) *Prepared { return prepare(raw, Organization) }

// PrepareKind prepares raw as a person's or an organization's name.
func PrepareKind(raw string, k Kind) *Prepared { return prepare(raw, k) }

func prepare(raw string, kind Kind) *Prepared { return prepareWith(raw, kind, nil, false) }

// prepareWith is prepare with each word's context-free part (see wordToken)
// taken from c when c is not nil (and added to it when add is set).
func prepareWith(raw string, kind Kind, c *Cache, add bool) *Prepared {
	p := &Prepared{Raw: raw, Kind: kind}
	p.Norm = Normalize(raw)
	p.Script = DetectScript(p.Norm)
	// Surname hints from the raw spelling: a comma ("PUTIN, Vladimir"), or
	// capitals among mixed case ("Vladimir PUTIN").
	words, commaAt := splitWords(p.Norm)
	var rawWords []string
	if kind == Person {
		split := splitCamel(raw)
		if split != raw {
			if sw, c := splitWords(Normalize(split)); len(sw) != len(words) {
				words, commaAt = sw, c
			}
		}
		rawWords, _ = splitWords(strings.ToValidUTF8(split, "\uFFFD"))
	} else {
		words = legalPhrases(joinLetters(words))
	}
	caps := capsWords(rawWords, len(words))
	p.Tokens = make([]Token, 0, len(words))
	for i, w := range words {
		var wt wordToken
		if c != nil {
			wt = c.word(w, kind, add)
		} else {
			wt = newWordToken(w, kind)
		}
		if kind == Person && len(words) > 1 && wt.honorific {
			p.Titled = true
			continue
		}
		if wt.t.TokenText == nil { // no letters
			continue
		}
		t := wt.t
		// The one part of a token that depends on its place in the name: a
		// part with no role of its own is a surname when the raw spelling
		// marks it so.
		if wt.contextual && (commaAt > 0 && i < commaAt || caps[i]) {
			t.Role = RoleSurname
		}
		p.Tokens = append(p.Tokens, t)
	}
	if kind == Person {
		markPatronymicMarkers(p.Tokens)
	}
	return p
}

// wordToken is what a name part's token is regardless of the other parts:
// its readings, skeleton, role from its own letters (initial, particle,
// legal form, patronymic or gendered surname ending) and the
// transliteration model's view.
type wordToken struct {
	t Token
	// honorific: the word is a title ("Mr", "President"), dropped from a
	// person's name of several words.
	honorific bool
	// contextual: the word has no role of its own, so a comma or capitals in
	// the raw name may make it a surname.
	contextual bool
}

func newWordToken(w string, kind Kind) wordToken {
	pl := ToLatin(w)
	wt := wordToken{honorific: kind == Person && isHonorificLatin(pl)}
	t := Token{TokenText: &TokenText{Norm: w, Script: DetectScript(w)}}
	t.Latin = canonLatin(pl)
	if t.Latin == "" {
		return wt
	}
	t.Stem = t.Latin
	if pl != "" {
		t.First = pl[0]
	}
	t.Skel = Skeleton(t.Latin)
	t.Plain = altReading(w, t.Latin, t.Script)
	if pl != t.Latin && isASCII(pl) {
		t.Written = pl
	}
	if isASCII(pl) {
		if g := glide(pl); g != pl {
			t.Glide = g
		}
	}
	switch {
	case kind == Organization:
		if lf, ok := legalForm(pl); ok {
			t.Role, t.Latin, t.Stem, t.Skel = RoleLegal, lf, lf, lf
		}
	case len([]rune(w)) == 1 && unicode.IsLetter([]rune(w)[0]) && t.Script != ScriptHan && t.Script != ScriptOther:
		t.Role = RoleInitial
	case isParticle(t.Latin):
		t.Role = RoleParticle
		if c, ok := particleCanon[t.Latin]; ok {
			t.Latin, t.Stem, t.Skel = c, c, c
		}
	default:
		if stem, g, ok := patronymicStem(t.Latin); ok {
			t.Role, t.Stem, t.Gender = RolePatronymic, stem, g
		} else if stem, g, ok := surnameStem(t.Latin); ok {
			t.Role, t.Stem, t.Gender = RoleSurname, stem, g
		} else {
			wt.contextual = true
		}
	}
	if t.Role != RoleInitial && t.Role != RoleLegal && t.Role != RoleParticle {
		if tm := tmPrepare(w, pl, t.Script); tm.n > 0 {
			t.tm = &tm
		}
	}
	wt.t = t
	return wt
}

// splitWords splits a name at spaces and punctuation; commaAt is the number
// of words before the first comma (0 if none).
func splitWords(s string) (words []string, commaAt int) {
	start := -1
	for i, r := range s {
		sep := r == ' ' || r == ',' || r == '.' || r == '-' || r == '/' || r == '(' || r == ')' || r == ';' || r == '"' || r == '_' || r == '·' || r == '・' || r == '&' || r == '+' || r == ':' || r == '|' || r == '\u30fb'
		if sep {
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
			if r == ',' && commaAt == 0 {
				commaAt = len(words)
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words, commaAt
}

// capsWords marks the words written in capitals when others are not.
func capsWords(raw []string, n int) []bool {
	caps := make([]bool, n)
	if len(raw) != n {
		return caps
	}
	var upper, lower int
	isCaps := make([]bool, n)
	for i, w := range raw {
		u, l := 0, 0
		for _, r := range w {
			if unicode.IsUpper(r) {
				u++
			} else if unicode.IsLower(r) {
				l++
			}
		}
		if u > 1 && l == 0 {
			isCaps[i] = true
			upper++
		} else if l > 0 {
			lower++
		}
	}
	if upper > 0 && lower > 0 {
		copy(caps, isCaps)
	}
	return caps
}

var honorifics = []string{
	"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "hon", "rev",
	"president", "prasident", "predsjednik", "presedintele", "presiden", "presidente", "preshedintele", "prezident", "elnok",
	"prezydent", "premier", "minister", "general", "gen", "colonel", "col", "major", "captain", "capt",
	"sheikh", "shaikh", "sheik", "mullah", "mulla", "mawlawi", "maulvi", "mawlavi", "king", "prince", "princess",
	"gospodin", "gospozha", "janob", "honim", "hanim", "mister", "madame", "monsieur", "herr", "frau", "senor", "senora",
}

// isHonorificLatin reports whether a word, given as ToLatin spells it, is
// a title.
func isHonorificLatin(pl string) bool {
	if len(pl) < 2 {
		return false
	}
	if slices.Contains(honorifics, pl) {
		return true
	}
	if c := pl[0]; c != 'p' && c != 'g' && c != 's' {
		return false
	}
	switch canonLatin(pl) {
	case "prezident", "general", "gospodin", "gospoja", "ser":
		return true
	}
	return false
}

var particles = []string{"bin", "ibn", "bn", "bint", "ben", "binti", "al", "el", "ul", "ad", "ud", "abu", "umm",
	"van", "von", "der", "den", "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "zu", "y", "e", "ter", "ten"}

// particleCanon merges spellings of one particle.
var particleCanon = map[string]string{"ibn": "bin", "bn": "bin", "ben": "bin", "binti": "bint", "el": "al", "ul": "al", "ad": "al", "ud": "al"}

func isParticle(c string) bool { return slices.Contains(particles, c) }

// patronymic endings in canonical Latin, longest first, with the gender
// they mark.
var patronymicEndings = []struct {
	end string
	g   Gender
}{
	{"ovich", GenderMale}, {"evich", GenderMale}, {"ovych", GenderMale}, {"evych", GenderMale},
	{"ovici", GenderMale}, {"oviks", GenderMale}, {"ovitj", GenderMale}, {"ovitks", GenderMale},
	{"avich", GenderMale}, {"ich", GenderUnknown},
	{"ovna", GenderFemale}, {"evna", GenderFemale}, {"ivna", GenderFemale}, {"ichna", GenderFemale},
}

// patronymicStem recognizes a Slavic patronymic and returns the father's
// name stem ("vladimir" for "vladimirovich").
func patronymicStem(c string) (string, Gender, bool) {
	for _, e := range patronymicEndings {
		if e.end == "ich" {
			continue // too short to tell alone
		}
		if len(c) > len(e.end)+2 && strings.HasSuffix(c, e.end) {
			return c[:len(c)-len(e.end)], e.g, true
		}
	}
	return c, GenderUnknown, false
}

var surnameEndings = []struct {
	end, stem string
	g         Gender
}{
	{"skaya", "sk", GenderFemale}, {"skaia", "sk", GenderFemale}, {"ckaya", "ck", GenderFemale},
	{"ski", "sk", GenderMale}, {"sky", "sk", GenderMale}, {"cki", "ck", GenderMale},
	{"ova", "ov", GenderFemale}, {"eva", "ev", GenderFemale}, {"ina", "in", GenderFemale}, {"yna", "yn", GenderFemale},
	{"ov", "ov", GenderMale}, {"ev", "ev", GenderMale}, {"in", "in", GenderMale}, {"yn", "yn", GenderMale},
	{"zoda", "zod", GenderUnknown}, {"zade", "zod", GenderUnknown}, {"zada", "zod", GenderUnknown},
	{"enko", "enko", GenderUnknown},
}

// surnameStem recognizes a Russianized or Central Asian surname ending and
// returns the stem shared by its gender forms ("kasymov" and "kasymova" →
// "kasymov").
func surnameStem(c string) (string, Gender, bool) {
	for _, e := range surnameEndings {
		if len(c) > len(e.end)+2 && strings.HasSuffix(c, e.end) {
			return c[:len(c)-len(e.end)] + e.stem, e.g, true
		}
	}
	return c, GenderUnknown, false
}

// markers after a father's name: o'g'li (son of), qizi (daughter of), uly,
// kyzy; and before it in Azerbaijani-style "oglu".
var patronymicMarkers = map[string]Gender{
	"ogli": GenderMale, "ugli": GenderMale, "ogly": GenderMale, "ogli'": GenderMale, "oglu": GenderMale, "uli": GenderMale, "uly": GenderMale, "ulu": GenderMale,
	"kizi": GenderFemale, "kyzy": GenderFemale, "kizy": GenderFemale, "gizi": GenderFemale, "kisi": GenderFemale,
}

func markPatronymicMarkers(ts []Token) {
	for i := range ts {
		if g, ok := patronymicMarkers[ts[i].Latin]; ok && i > 0 {
			ts[i].Role, ts[i].Gender = RolePatronymic, g
			ts[i-1].Role = RolePatronymic
		}
	}
}

var legalForms = map[string]string{
	"aktiengesellschaft": "ag", "ag": "ag", "gmbh": "gmbh", "gesellschaft": "ges",
	"limited": "ltd", "ltd": "ltd", "llc": "llc", "llp": "llp", "plc": "plc", "inc": "inc", "incorporated": "inc",
	"corporation": "corp", "corp": "corp", "company": "co", "co": "co", "sa": "sa", "sarl": "sarl", "srl": "srl",
	"bv": "bv", "nv": "nv", "ab": "ab", "as": "as", "oy": "oy", "spa": "spa", "jsc": "jsc", "ojsc": "ojsc", "pjsc": "pjsc",
	"ooo": "llc", "oao": "ojsc", "zao": "cjsc", "pao": "pjsc", "ao": "jsc", "cjsc": "cjsc", "tov": "llc", "fze": "fze", "fzco": "fzco",
	"spzoo":   "spzoo",
	"holding": "holding", "holdings": "holding", "group": "group", "the": "the", "and": "and", "of": "of",
	"obshchestvo": "llc", "obshestvo": "llc",
}

// legalPhraseList lists legal forms written out in several words (as
// ToLatin spells them) with the abbreviation they stand for.
var legalPhraseList = []struct {
	words []string
	form  string
}{
	{[]string{"limited", "liability", "company"}, "llc"},
	{[]string{"limited", "liability", "partnership"}, "llp"},
	{[]string{"public", "limited", "company"}, "plc"},
	{[]string{"open", "joint", "stock", "company"}, "ojsc"},
	{[]string{"closed", "joint", "stock", "company"}, "cjsc"},
	{[]string{"public", "joint", "stock", "company"}, "pjsc"},
	{[]string{"joint", "stock", "company"}, "jsc"},
	{[]string{"gesellschaft", "mit", "beschrankter", "haftung"}, "gmbh"},
	{[]string{"societatea", "cu", "raspundere", "limitata"}, "srl"},
	{[]string{"obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"}, "llc"},
	{[]string{"otkrytoye", "aktsionernoye", "obshchestvo"}, "ojsc"},
	{[]string{"zakrytoye", "aktsionernoye", "obshchestvo"}, "cjsc"},
	{[]string{"publichnoye", "aktsionernoye", "obshchestvo"}, "pjsc"},
	{[]string{"aktsionernoye", "obshchestvo"}, "jsc"},
	{[]string{"sp", "zoo"}, "spzoo"},
	{[]string{"sp", "z", "o", "o"}, "spzoo"},
}

// legalPhrases replaces each legal form written out in words by its
// abbreviation.
func legalPhrases(ws []string) []string {
	var out []string
	var lat []string
	for _, w := range ws {
		lat = append(lat, ToLatin(w))
	}
	for i := 0; i < len(ws); i++ {
		matched := false
		for _, ph := range legalPhraseList {
			if i+len(ph.words) <= len(ws) && slices.Equal(lat[i:i+len(ph.words)], ph.words) {
				out = append(out, ph.form)
				i += len(ph.words) - 1
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, ws[i])
		}
	}
	return out
}

func legalForm(c string) (string, bool) {
	v, ok := legalForms[c]
	return v, ok
}

// Keys returns the blocking keys of the name: the phonetic skeletons of its
// name tokens (not initials, patronymics, particles or legal forms), sorted
// and without duplicates, each prefixed "n:". Two spellings of the same name
// in Cyrillic, any supported romanization or with a typo in a vowel share at
// least one key.
func (p *Prepared) Keys() []string {
	ks := p.AppendKeys(nil)
	for i, k := range ks {
		ks[i] = "n:" + k
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// AppendKeys appends the skeletons Keys is made of (without the "n:"
// prefix, unsorted, possibly repeated) to dst: the tokens' own strings, so
// holding them costs no memory of their own.
func (p *Prepared) AppendKeys(dst []string) []string {
	n := len(dst)
	for _, t := range p.Tokens {
		switch t.Role {
		case RoleInitial, RolePatronymic, RoleParticle, RoleLegal:
			continue
		}
		if t.Skel != "" {
			dst = append(dst, t.Skel)
		}
	}
	if len(dst) == n { // only initials or particles: fall back to all tokens
		for _, t := range p.Tokens {
			if t.Skel != "" {
				dst = append(dst, t.Skel)
			}
		}
	}
	return dst
}

// splitCamel puts a space where a lower-case letter is followed by an
// upper-case one inside a word ("VladimirPutin" → "Vladimir Putin"), so
// names written without spaces split into their parts. Prefixes of two or
// fewer letters ("McDonald", "LeBron", "DeVries") are kept whole.
func splitCamel(s string) string {
	if !hasCamel(s) {
		return s
	}
	var b strings.Builder
	camelBreaks(s, func(r rune, brk bool) {
		if brk {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	})
	return b.String()
}

// JoinCamel is the other reading of what splitCamel splits: the capital
// inside a word a slip of the keyboard ("AliAev" for "Aliev", a letter of
// the word typed again with the shift key held) rather than the start of a
// second name. It lower-cases each capital splitCamel would split at, and
// returns s itself when there is none. A record keeps both readings as
// names of its own (the scorer takes the better).
func JoinCamel(s string) string {
	if !hasCamel(s) {
		return s
	}
	var b strings.Builder
	changed := false
	camelBreaks(s, func(r rune, brk bool) {
		if brk {
			r, changed = unicode.ToLower(r), true
		}
		b.WriteRune(r)
	})
	if !changed {
		return s
	}
	return b.String()
}

// camelBreaks calls f with each rune of s and whether a word breaks before
// it: a capital after a lower-case letter, followed by a lower-case one,
// after more than two letters of the word.
func camelBreaks(s string, f func(r rune, brk bool)) {
	rs := []rune(s)
	run := 0 // letters since the word started
	for i, r := range rs {
		brk := i > 0 && unicode.IsUpper(r) && unicode.IsLower(rs[i-1]) && run > 2 && i+1 < len(rs) && unicode.IsLower(rs[i+1])
		if brk {
			run = 0
		}
		if unicode.IsLetter(r) {
			run++
		} else {
			run = 0
		}
		f(r, brk)
	}
}

// joinLetters joins runs of single letters ("a b c" from "A.B.C.") into
// one word.
func joinLetters(ws []string) []string {
	out := ws[:0:0]
	for i := 0; i < len(ws); i++ {
		if utf8.RuneCountInString(ws[i]) == 1 && i+1 < len(ws) && utf8.RuneCountInString(ws[i+1]) == 1 {
			j := i
			var b strings.Builder
			for j < len(ws) && utf8.RuneCountInString(ws[j]) == 1 {
				b.WriteString(ws[j])
				j++
			}
			out = append(out, b.String())
			i = j - 1
			continue
		}
		out = append(out, ws[i])
	}
	return out
}

// hasCamel reports whether s may have a lower-case letter followed by an
// upper-case one (always true for text outside ASCII).
func hasCamel(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if i > 0 && c >= 'A' && c <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			return true
		}
	}
	return false
}

// altReading returns the second reading of a token (see Token.Plain), ""
// when there is none or it equals latin.
func altReading(w, latin string, sc Script) string {
	var alt string
	switch {
	case sc == ScriptLatin && !isASCII(w):
		alt = canonLatin(plainLatin(w))
	case sc == ScriptLatin && (strings.Contains(latin, "oe") || strings.Contains(latin, "ch") || strings.Contains(latin, "ks") || rewritten(latin)):
		// Dutch oe (Poetin), German ch for х (Muchammad), Uzbek x for х
		// (Muxammad, which canonLatin reads as ks between vowels), German s
		// for з between vowels (Kalisoda: Kalizoda), ё written yo, io or jo
		// between consonants where ICAO writes e (Semyonov, Fiodor,
		// Artiom: Semenov, Fedor, Artem).
		alt = secondLatin(altLetters.Replace(latin))
	case sc == ScriptCyrillic && (strings.ContainsRune(w, 'ё') || strings.ContainsAny(w, "іў")):
		alt = canonLatin(ToLatin(russianReading(w)))
	}
	if alt == latin {
		return ""
	}
	return alt
}

// altLetters rewrites the letter groups of a second reading: Dutch oe,
// German ch and Uzbek x (canonLatin's ks) for х.
var altLetters = strings.NewReplacer("oe", "u", "ch", "h", "ks", "h")

// voicedAt reports whether latin[i] is a single s between two vowels
// (German writes з so: Kalisoda, Musafar; с between vowels is ss).
func voicedAt(latin string, i int) bool {
	return i > 0 && i+1 < len(latin) && latin[i] == 's' && isVowel(latin[i-1]) && isVowel(latin[i+1])
}

// yoAt reports whether latin[i:i+2] is io or jo (canonLatin reads yo as
// io) between two consonants, in a word of five letters or more (Semionov,
// Fjodor: ё).
func yoAt(latin string, i int) bool {
	return len(latin) >= 5 && i > 0 && i+2 < len(latin) && (latin[i] == 'i' || latin[i] == 'j') && latin[i+1] == 'o' &&
		isLetterConsonant(latin[i-1]) && isLetterConsonant(latin[i+2])
}

// rewritten reports whether secondLatin changes latin.
func rewritten(latin string) bool {
	for i := range len(latin) {
		if voicedAt(latin, i) || yoAt(latin, i) {
			return true
		}
	}
	return false
}

// secondLatin writes z for each voiced s (voicedAt) and e for each io or
// jo for ё (yoAt).
func secondLatin(latin string) string {
	if !rewritten(latin) {
		return latin
	}
	b := make([]byte, 0, len(latin))
	for i := 0; i < len(latin); i++ {
		switch {
		case voicedAt(latin, i):
			b = append(b, 'z')
		case yoAt(latin, i):
			b = append(b, 'e')
			i++
		default:
			b = append(b, latin[i])
		}
	}
	return string(b)
}

// isLetterConsonant reports whether c is an ASCII letter and no vowel.
func isLetterConsonant(c byte) bool { return c >= 'a' && c <= 'z' && !isVowel(c) }

// russianReading rewrites a Cyrillic word the way Russian would spell the
// same name: ё as йо, and for Belarusian spellings (with і or ў) ць/ці as
// ть/ти (цеканне), дз before a soft vowel as д (дзеканне), a word-initial у
// before a consonant as в (Уладзімір → Владимир), і as и, ў as в.
func russianReading(w string) string {
	rs := []rune(w)
	bel := strings.ContainsAny(w, "іў")
	out := make([]rune, 0, len(rs)+2)
	soft := func(r rune) bool { return strings.ContainsRune("іеяюёьи", r) }
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == 'ё':
			out = append(out, 'й', 'о')
		case !bel:
			out = append(out, r)
		case r == 'ц' && soft(next):
			out = append(out, 'т')
		case r == 'д' && next == 'з' && i+2 < len(rs) && soft(rs[i+2]):
			out = append(out, 'д')
			i++
		case r == 'у' && i == 0 && next != 0 && !isCyrVowel(next):
			out = append(out, 'в')
		case r == 'і':
			out = append(out, 'и')
		case r == 'ў':
			out = append(out, 'в')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
