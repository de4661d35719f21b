package name

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// latinFold spells letters with diacritics that carry a romanization's
// meaning (č is ch, not c) before the remaining marks are stripped.
var latinFold = map[rune]string{
	'č': "ch", 'ć': "ch", 'ç': "ch", 'ĉ': "ch",
	'š': "sh", 'ś': "sh", 'ş': "sh", 'ŝ': "shch", 'ș': "sh",
	'ž': "zh", 'ź': "zh", 'ż': "zh", 'ẑ': "zh",
	'ğ': "gh", 'ġ': "gh", 'ǧ': "gh",
	'ñ': "ng", 'ṇ': "ng", 'ń': "n",
	'ı': "i", 'ł': "l", 'ø': "o", 'đ': "dj", 'ð': "d", 'þ': "th",
	'æ': "ae", 'œ': "oe", 'ß': "ss", 'ķ': "k", 'ḩ': "h", 'ḥ': "h", 'ț': "ts",
}

// greek is a plain romanization of Greek letters, enough to compare Greek
// spellings with Latin ones.
var greek = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// arabic writes Arabic-script letters (Arabic, Persian, Urdu) in Latin the
// way names from those lists are commonly romanized: consonants by their
// usual letters, ا/ى a, و u (w before a vowel letter is not told apart),
// ي i; hamza, tatweel and the short-vowel marks are dropped.
var arabic = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ى': "a", 'ب': "b", 'پ': "p", 'ت': "t", 'ة': "a",
	'ث': "th", 'ج': "j", 'چ': "ch", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z",
	'ژ': "zh", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh",
	'ف': "f", 'ڤ': "v", 'ق': "q", 'ک': "k", 'ك': "k", 'گ': "g", 'ل': "l", 'م': "m", 'ن': "n",
	'ه': "h", 'ۀ': "h", 'و': "u", 'ؤ': "u", 'ي': "i", 'ی': "i", 'ئ': "i", 'ے': "e", 'ء': "", 'ـ': "",
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ھ': "h",
}

// armenian and georgian are the national romanizations (Armenian: ISO 9985
// without diacritics; Georgian: the 2002 national system).
var armenian = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y", 'թ': "t", 'ժ': "zh",
	'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m",
	'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v",
	'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "v", 'փ': "p", 'ք': "k", 'օ': "o", 'ֆ': "f", 'և': "ev",
}

var georgian = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z", 'თ': "t", 'ი': "i", 'კ': "k",
	'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o", 'პ': "p", 'ჟ': "zh", 'რ': "r", 'ს': "s", 'ტ': "t", 'უ': "u",
	'ფ': "p", 'ქ': "k", 'ღ': "gh", 'ყ': "q", 'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz", 'წ': "ts", 'ჭ': "ch",
	'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
}

// otherScript romanizes one rune of Greek, Arabic, Armenian or Georgian.
func otherScript(r rune) (string, bool) {
	switch {
	case r >= 0x370 && r <= 0x3ff:
		s, ok := greek[r]
		return s, ok
	case r >= 0x600 && r <= 0x6ff:
		s, ok := arabic[r]
		if !ok && unicode.Is(unicode.Mn, r) {
			return "", true // harakat
		}
		return s, ok
	case r >= 0x530 && r <= 0x58f:
		s, ok := armenian[r]
		return s, ok
	case r >= 0x10a0 && r <= 0x10ff:
		s, ok := georgian[r]
		return s, ok
	}
	return "", false
}

// ToLatin returns the Latin letters of a normalized token, lower case and
// without diacritics: Cyrillic is romanized (BGN/PCGN), Greek, Arabic-script,
// Armenian and Georgian plainly transliterated, diacritics folded (č→ch, š→sh, ž→zh, ß→ss, ...). Letters of
// other scripts are kept (without combining marks); digits are kept;
// everything else (apostrophes, hyphens, dots) is dropped.
func ToLatin(tok string) string {
	if hasCyrillic(tok) {
		tok = Romanize(tok, BGN)
	}
	ascii := true
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= 0x80 || !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			ascii = false
			break
		}
	}
	if ascii {
		return tok
	}
	var b strings.Builder
	b.Grow(len(tok))
	for _, r := range norm.NFC.String(tok) {
		r = unicode.ToLower(r)
		if s, ok := latinFold[r]; ok {
			b.WriteString(s)
			continue
		}
		if s, ok := otherScript(r); ok {
			b.WriteString(s)
			continue
		}
		if r < 0x80 {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			if d < 0x80 {
				if d >= 'a' && d <= 'z' {
					b.WriteRune(d)
				}
				continue
			}
			if s, ok := otherScript(d); ok {
				b.WriteString(s)
			} else if unicode.IsLetter(d) || unicode.IsDigit(d) {
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// glide writes y for an i, j or y between vowels (the second of ii too:
// Mariia, Marija, Mariya: "mariya") in lower-case ASCII letters.
func glide(s string) string {
	var b []byte
	for i := 1; i+1 < len(s); i++ {
		c := s[i]
		if (c == 'i' || c == 'j') && isVowel(s[i-1]) && isVowel(s[i+1]) && s[i+1] != 'i' && s[i+1] != 'y' {
			if b == nil {
				b = []byte(s)
			}
			b[i] = 'y'
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' }

// Canonical returns the canonical Latin form of a token: ToLatin, then the
// romanization digraphs and spelling variants collapsed so that the common
// systems meet (Zhukov, Joukov, Schukow → jukov; Djuraev, Dzhurayev,
// Dschurajew → juraev). Tokens in other scripts are returned as ToLatin gives
// them.
func Canonical(tok string) string {
	return canonLatin(ToLatin(tok))
}

// leet reads digits written for look-alike letters inside words ("Ig0r
// Sech1n").
func leet(s string) string {
	letters, digits := false, false
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits = true
		} else {
			letters = true
		}
	}
	if !letters || !digits {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		switch c {
		case '0':
			b[i] = 'o'
		case '1':
			b[i] = 'i'
		case '3':
			b[i] = 'e'
		case '4':
			b[i] = 'a'
		case '5':
			b[i] = 's'
		case '7':
			b[i] = 't'
		case '9':
			b[i] = 'g'
		}
	}
	return string(b)
}

func canonLatin(s string) string {
	if s == "" {
		return s
	}
	s = leet(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return s // not Latin: leave as is
		}
	}
	b := make([]byte, 0, len(s))
	n := len(s)
	has := func(i int, p string) bool { return len(s)-i >= len(p) && s[i:i+len(p)] == p }
	for i := 0; i < n; {
		c := s[i]
		var next byte
		if i+1 < n {
			next = s[i+1]
		}
		switch {
		case c == 's' && has(i, "shsh"):
			b, i = append(b, 's', 'h'), i+4
		case c == 's' && has(i, "schtsch"):
			b, i = append(b, 's', 'h'), i+7
		case c == 's' && has(i, "shch"):
			b, i = append(b, 's', 'h'), i+4
		case c == 'c' && has(i, "chtch"):
			b, i = append(b, 's', 'h'), i+5
		case c == 'd' && has(i, "dsch"):
			b, i = append(b, 'j'), i+4
		case c == 't' && has(i, "tsch"):
			b, i = append(b, 'c', 'h'), i+4
		case c == 's' && has(i, "sch"):
			b, i = append(b, 's', 'h'), i+3
		case c == 'd' && has(i, "dzh"):
			b, i = append(b, 'j'), i+3
		case c == 't' && (has(i, "tch") || has(i, "tsh") || has(i, "tsj")):
			b, i = append(b, 'c', 'h'), i+3
		case c == 'd' && next == 'j', c == 'z' && next == 'h':
			b, i = append(b, 'j'), i+2
		case c == 'k' && next == 'h':
			b, i = append(b, 'h'), i+2
		case c == 'g' && next == 'h':
			b, i = append(b, 'g'), i+2
		case c == 'p' && next == 'h':
			b, i = append(b, 'f'), i+2
		case c == 't' && (next == 's' || next == 'z'):
			b, i = append(b, 'c'), i+2
		case c == 'c' && next == 'z':
			b, i = append(b, 'c', 'h'), i+2
		case c == 'c' && next == 'k':
			b, i = append(b, 'k'), i+2
		case c == 'o' && next == 'u':
			b, i = append(b, 'u'), i+2
		case c == 'g' && next == 'y' && i+2 < n && isVowel(s[i+2]):
			b, i = append(b, 'd'), i+2
		case c == 'w':
			b, i = append(b, 'v'), i+1
		case c == 'q':
			b, i = append(b, 'k'), i+1
		case c == 'c':
			if i+1 < n && s[i+1] == 'h' {
				b, i = append(b, 'c', 'h'), i+2
			} else if i+1 < n && (s[i+1] == 'e' || s[i+1] == 'i' || s[i+1] == 'y') {
				b, i = append(b, 'c'), i+1
			} else {
				b, i = append(b, 'k'), i+1
			}
		case c == 'x':
			if i == 0 || i+1 < n && !isVowel(s[i+1]) && isLetterByte(s[i+1]) {
				b = append(b, 'h')
			} else {
				b = append(b, 'k', 's')
			}
			i++
		default:
			b, i = append(b, c), i+1
		}
	}
	// Second pass: j after a vowel is y; y between a consonant and a vowel
	// is i; a y between vowels goes; final y is i; "ye"/"je" at the start is
	// e; doubled letters are single.
	out := make([]byte, 0, len(b))
	m := len(b)
	for i := 0; i < m; i++ {
		c := b[i]
		prevV := i > 0 && isVowel(b[i-1])
		nextV := i+1 < m && isVowel(b[i+1])
		switch c {
		case 'i', 'j':
			if i == 0 && i+1 < m && (b[i+1] == 'a' || b[i+1] == 'o' || b[i+1] == 'u') {
				c = 'y'
				break
			}
			if c == 'i' {
				if prevV && i+1 < m && (b[i+1] == 'a' || b[i+1] == 'o' || b[i+1] == 'u') {
					continue // ICAO ia/iu/io after a vowel is BGN ya/yu/yo, whose y goes
				}
				break
			}
			if i == 0 && i+1 < m && b[i+1] == 'e' {
				continue
			}
			if prevV {
				c = 'y'
			}
		}
		if c == 'y' {
			switch {
			case i == 0 && i+1 < m && b[i+1] == 'e':
				continue
			case prevV && nextV:
				continue
			case i > 0 && !prevV && nextV && isLetterByte(b[i-1]):
				c = 'i'
			case i > 0 && !nextV:
				c = 'i' // y as a vowel (ы, final y) is i
			}
		}
		if len(out) > 0 && out[len(out)-1] == c && isLetterByte(c) {
			continue
		}
		out = append(out, c)
	}
	return eastSlavic(string(out))
}

// eastSlavicNames maps Ukrainian and Belarusian forms of given names (in
// canonical Latin) to the Russian form, so that Volodymyr, Uladzimir and
// Vladimir, and the patronymics made from them, meet.
var eastSlavicNames = []struct{ from, to string }{
	{"volodimir", "vladimir"}, {"uladzimir", "vladimir"}, {"uladimir", "vladimir"},
	{"oleksandr", "aleksandr"}, {"aliaksandr", "aleksandr"}, {"alaksandr", "aleksandr"}, {"aleksandar", "aleksandr"},
	{"mikola", "nikolai"}, {"mikalai", "nikolai"}, {"serhii", "sergei"}, {"siarhei", "sergei"},
	{"andrii", "andrei"}, {"andrei", "andrei"}, {"hrihorii", "grigorii"}, {"mihailo", "mihail"}, {"mihail", "mihail"},
	{"petro", "petr"}, {"piotr", "petr"}, {"pavlo", "pavel"}, {"oleh", "oleg"}, {"alieh", "oleg"},
}

// eastSlavic rewrites a leading Ukrainian or Belarusian given name (alone or
// as the stem of a patronymic) to its Russian form.
func eastSlavic(w string) string {
	for _, e := range eastSlavicNames {
		if len(w) < len(e.from) || w[:len(e.from)] != e.from || e.from == e.to {
			continue
		}
		rest := w[len(e.from):]
		switch rest {
		case "", "ovich", "ovych", "ovna", "ivna", "avich", "auna", "evich", "evna", "ich", "ovici":
			return e.to + rest
		}
	}
	return w
}

// Skeleton returns the phonetic skeleton of a canonical Latin token: the
// class of its first letter (all vowels one class) followed by the classes of
// its consonants, vowels and y dropped and repeats collapsed. Classes merge
// what romanizations confuse: s z c(ts); ch sh j; g h; k q. Tokens that are
// not Latin are returned unchanged.
func Skeleton(canon string) string {
	if canon == "" {
		return ""
	}
	for i := 0; i < len(canon); i++ {
		if canon[i] >= 0x80 {
			return canon
		}
	}
	b := make([]byte, 0, len(canon))
	var last byte
	for i := 0; i < len(canon); i++ {
		c := canon[i]
		var k byte
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			if i == 0 {
				k = 'a'
			} else {
				last = 0
				continue
			}
		case 's', 'z':
			k = 's'
			if c == 's' && i+1 < len(canon) && canon[i+1] == 'h' {
				k, i = 'x', i+1
			}
		case 'c':
			k = 's'
			if i+1 < len(canon) && canon[i+1] == 'h' {
				k, i = 'x', i+1
			}
		case 'j':
			k = 'x'
		case 'g', 'h':
			k = 'g'
		case 'q':
			k = 'k'
		case 'w':
			k = 'v'
		default:
			if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' {
				k = c
			} else {
				continue
			}
		}
		if k == last {
			continue
		}
		b = append(b, k)
		last = k
	}
	return string(b)
}

// plainLatin is ToLatin with diacritics dropped instead of spelled out
// (č → c, š → s, ñ → n), the way names are often typed without them.
func plainLatin(tok string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(tok) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r < 0x80, unicode.Is(unicode.Mn, r):
		default:
			if s, ok := latinFold[r]; ok {
				b.WriteString(s)
			}
		}
	}
	return b.String()
}
