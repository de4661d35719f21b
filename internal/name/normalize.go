package name

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form every other function of this package
// expects: valid UTF-8, NFKC, case folded, zero-width and other format
// characters removed, every kind of space (NBSP included) turned into one
// ASCII space and runs of spaces collapsed, apostrophe variants (ʻ ʼ ’ ‘ ` ´
// ′ ʹ) unified to ', and Latin/Cyrillic look-alike letters inside a word that
// mixes the two scripts mapped to the script the word is written in.
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	if n, ok := normalizeASCII(s); ok {
		return n
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// A few passes reach the fixed point: case folding and NFKC can each
	// produce text the other would change again (rare, e.g. ligatures).
	for range 4 {
		n, clean := normalizeOnce(s)
		if clean || n == s || isFixedPoint(n) {
			return n
		}
		s = n
	}
	return s
}

// isFixedPoint reports cheaply that normalizeOnce would leave s as it is:
// s is NFKC and case folded (the other steps of a pass are idempotent).
func isFixedPoint(s string) bool {
	return norm.NFKC.IsNormalString(s) && foldString(s) == s
}

// normalizeASCII is Normalize for plain ASCII text (most names): lower case,
// spaces collapsed, control characters and backquotes handled; ok is false
// when s has a byte outside ASCII.
func normalizeASCII(s string) (string, bool) {
	clean := true // already normalized
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case c >= 'A' && c <= 'Z', c == '`', c < 0x20 && c != ' ', c == 0x7f:
			clean = false
		case c == ' ':
			if space {
				clean = false
			}
			space = true
			continue
		}
		space = false
	}
	if clean && (len(s) == 0 || s[len(s)-1] != ' ') {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space = true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '`':
			c = '\''
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			if !space {
				b = append(b, ' ')
				space = true
			}
			continue
		case c < 0x20 || c == 0x7f:
			continue
		}
		b = append(b, c)
		space = false
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b), true
}

// normalizeOnce is one pass of Normalize; clean reports that the pass
// left its result NFKC and case folded (it removed no character that
// could join its neighbours into a new composition and changed no letter
// after folding), so no further pass is needed.
func normalizeOnce(s string) (out string, clean bool) {
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	if f := foldString(s); f != s {
		s = f
		if !norm.NFKC.IsNormalString(s) {
			s = norm.NFKC.String(s)
		}
	}
	clean = true
	var b strings.Builder
	b.Grow(len(s))
	space := true // at start: drop leading spaces
	for _, r := range s {
		switch {
		case isApostrophe(r):
			r = '\''
		case r == '\t' || r == '\n' || r == '\r' || unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r < 0x80 && r >= 0x20 && r != 0x7f:
		case unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
			clean = false
			continue
		}
		b.WriteRune(r)
		space = false
	}
	out = strings.TrimRight(b.String(), " ")
	if f := fixConfusables(out); f != out {
		return f, false
	}
	return out, clean
}

// foldString case-folds s: simple case folding to lower case per rune,
// with the full foldings that matter in names (ß → ss, ẞ → ss).
func foldString(s string) string {
	lower := true
	for _, r := range s {
		if r == 'ß' || r == 'ẞ' || foldRune(r) != r {
			lower = false
			break
		}
	}
	if lower {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r == 'ß' || r == 'ẞ' {
			b.WriteString("ss")
			continue
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune folds r to the lower case of its upper case, which merges the
// members of a case orbit (final sigma and σ, long s and s, Kelvin sign and
// k, ᲂ and о).
func foldRune(r rune) rune {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch r {
	case 'ς':
		return 'σ'
	case 'ſ':
		return 's'
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// isApostrophe reports whether r is one of the apostrophe-like characters
// used in names (Uzbek oʻ gʻ, O’Brien, d`Arc, Kazakh transcription marks).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', 'ʻ', 'ʼ', '’', '‘', '`', '´', '′', 'ʹ', 'ʽ', 'ˈ', '‛', 'ꞌ':
		return true
	}
	return false
}

// confusable maps lowercase look-alikes between Latin and Cyrillic.
var latinToCyr = map[rune]rune{
	'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х', 'y': 'у',
	'i': 'і', 'j': 'ј', 's': 'ѕ', 'h': 'һ', 'k': 'к',
}

var cyrToLatin = func() map[rune]rune {
	m := make(map[rune]rune, len(latinToCyr))
	for l, c := range latinToCyr {
		m[c] = l
	}
	return m
}()

// fixConfusables rewrites, in each word that mixes Latin and Cyrillic
// letters, the look-alike letters of the minority script into the script
// whose unambiguous letters dominate the word.
func fixConfusables(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	changed := false
	start := 0
	flush := func(end int) {
		w := s[start:end]
		if nw, ok := fixWord(w); ok {
			b.WriteString(nw)
			changed = true
		} else {
			b.WriteString(w)
		}
	}
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			flush(i)
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(s))
	if !changed {
		return s
	}
	return b.String()
}

func fixWord(w string) (string, bool) {
	var lat, cyr, latU, cyrU int
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Latin, r):
			lat++
			if _, ok := latinToCyr[r]; !ok {
				latU++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			if _, ok := cyrToLatin[r]; !ok {
				cyrU++
			}
		}
	}
	if lat == 0 || cyr == 0 {
		return w, false
	}
	var toCyr bool
	switch {
	case cyrU > latU:
		toCyr = true
	case latU > cyrU:
		toCyr = false
	case cyr > lat:
		toCyr = true
	case lat > cyr:
		toCyr = false
	default:
		return w, false
	}
	var b strings.Builder
	for _, r := range w {
		if toCyr {
			if c, ok := latinToCyr[r]; ok {
				r = c
			}
		} else if l, ok := cyrToLatin[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
