package name

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// System is a romanization system: a convention for writing Cyrillic names in
// Latin letters.
type System string

// The romanization systems. Each covers Russian, Ukrainian and Belarusian
// letters and the Tajik, Uzbek, Kazakh and Kyrgyz letters ғ қ ҳ ҷ ӣ ӯ ў ә ө ү
// ұ і ң һ; none ever writes a modifier letter for them (Қ is K or Q, never
// K').
const (
	// ICAO is the passport machine-readable zone transliteration of ICAO Doc
	// 9303 (2015): Ж zh, Х kh, Ц ts, Щ shch, Ю iu, Я ia, Й i, Ъ ie; Central
	// Asian letters by their plain Latin base (Қ k, Ғ g, Ҳ h, Ҷ j, Ң n).
	ICAO System = "icao"
	// BGN is BGN/PCGN (1947 Russian): Й y, Ю yu, Я ya, Е ye word-initially
	// and after vowels, Ё ë; Central Asian letters per the BGN/PCGN tables of
	// those languages (Қ q, Ғ gh, Ҳ h, Ҷ j, Ә ä, Ө ö, Ү ü, Ұ ū, Ң ng).
	BGN System = "bgn"
	// ISO9 is ISO 9:1995, one Latin letter per Cyrillic letter (Ж ž, Х h,
	// Ц c, Ч č, Ш š, Щ ŝ, Ю û, Я â, Й j).
	ISO9 System = "iso9"
	// UzbekLatin is the Uzbek Latin alphabet (1995): Ў oʻ, Ғ gʻ, Қ q, Ҳ h,
	// Х x, Ж j, Ч ch, Ш sh, Й y, Ё yo, Ю yu, Я ya.
	UzbekLatin System = "uz"
	// KazakhLatin is the Kazakh Latin alphabet of 2021: Ә ä, Ғ ğ, Қ q, Ң ñ,
	// Ө ö, Ұ ū, Ү ü, Һ h, І ı, Ш ş, Ж j, Ч ch, Й i, Ю iu, Я ia.
	KazakhLatin System = "kk"
	// French is the French-style spelling (Djouraev, Tchoubinov): У ou,
	// Ч tch, Ш ch, Ж j, Дж dj, Х kh, С ss between vowels.
	French System = "fr"
	// German is the German (Duden) spelling (Dschurajew): В w, Ж sch,
	// З s, Ц z, Ч tsch, Ш sch, Дж dsch, Х ch, Й/Е/Ю/Я with j.
	German System = "de"
)

// Systems lists every System, in a stable order.
func Systems() []System {
	return []System{ICAO, BGN, ISO9, UzbekLatin, KazakhLatin, French, German}
}

type table struct {
	base    map[rune]string
	initial map[rune]string // word-initially and after a vowel, ъ or ь
	dzh     string          // for the pair дж, "" for none
	ssVowel bool            // с between vowels doubles
}

var cyrVowels = "аеёиоуыэюяіїєәөүұӣӯў"

func isCyrVowel(r rune) bool { return strings.ContainsRune(cyrVowels, r) }

// shared Russian core; systems override.
func core() map[rune]string {
	return map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
		'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
		'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
		'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
		'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
		// Ukrainian, Belarusian
		'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
		// Tajik, Uzbek, Kazakh, Kyrgyz
		'ғ': "g", 'қ': "k", 'ҳ': "h", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u",
		'ә': "a", 'ө': "o", 'ү': "u", 'ұ': "u", 'ң': "n", 'һ': "h",
		// Serbian, Macedonian
		'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	}
}

func with(m map[rune]string, kv ...any) map[rune]string {
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(rune)] = kv[i+1].(string)
	}
	return m
}

// tables is built once and never written afterwards.
var tables = map[System]table{
	ICAO: {base: with(core(),
		'й', "i", 'ъ', "ie", 'ю', "iu", 'я', "ia", 'ї', "i", 'є', "ie",
		'ң', "ng")},
	BGN: {base: with(core(),
		'ё', "ë", 'ғ', "gh", 'қ', "q", 'ә', "ä", 'ө', "ö", 'ү', "ü", 'ұ', "ū",
		'ң', "ng", 'ӣ', "ī", 'ӯ', "ū", 'ў', "ŭ"),
		initial: map[rune]string{'е': "ye", 'ё': "yë", 'є': "ye"}},
	ISO9: {base: with(core(),
		'ж', "ž", 'й', "j", 'х', "h", 'ц', "c", 'ч', "č", 'ш', "š", 'щ', "ŝ",
		'ъ', "ʺ", 'ь', "ʹ", 'э', "è", 'ю', "û", 'я', "â", 'ё', "ë",
		'і', "ì", 'ї', "ï", 'є', "ê", 'ґ', "g̀", 'ў', "ǔ",
		'ғ', "ġ", 'қ', "ķ", 'ҳ', "ḩ", 'ҷ', "ç", 'ӣ', "ī", 'ӯ', "ū",
		'ә', "a̋", 'ө', "ô", 'ү', "ù", 'ұ', "ū", 'ң', "ṇ", 'һ', "ḥ")},
	UzbekLatin: {base: with(core(),
		'ё', "yo", 'ж', "j", 'х', "x", 'ц', "ts", 'щ', "sh", 'ъ', "ʼ", 'ы', "i",
		'ў', "oʻ", 'ғ', "gʻ", 'қ', "q", 'ҳ', "h", 'ӯ', "oʻ", 'ң', "ng"),
		initial: map[rune]string{'е': "ye"}},
	KazakhLatin: {base: with(core(),
		'ё', "io", 'ж', "j", 'й', "i", 'х', "h", 'ш', "ş", 'щ', "şş", 'ю', "iu", 'я', "ia",
		'і', "ı", 'ә', "ä", 'ғ', "ğ", 'қ', "q", 'ң', "ñ", 'ө', "ö", 'ұ', "ū", 'ү', "ü", 'һ', "h")},
	French: {base: with(core(),
		'ё', "io", 'ж', "j", 'й', "ï", 'у', "ou", 'х', "kh", 'ч', "tch", 'ш', "ch", 'щ', "chtch",
		'ю', "iou", 'я', "ia", 'ў', "ou", 'ӯ', "ou", 'ұ', "ou", 'ҷ', "dj", 'ғ', "gh", 'ң', "ng"),
		dzh: "dj", ssVowel: true},
	German: {base: with(core(),
		'в', "w", 'ё', "jo", 'ж', "sch", 'з', "s", 'й', "j", 'х', "ch", 'ц', "z",
		'ч', "tsch", 'ш', "sch", 'щ', "schtsch", 'ю', "ju", 'я', "ja", 'є', "je", 'ї', "ji",
		'ҷ', "dsch", 'ә', "ä", 'ө', "ö", 'ү', "ü", 'ң', "ng"),
		initial: map[rune]string{'е': "je"}, dzh: "dsch", ssVowel: true},
}

// Romanize writes the Cyrillic letters of s in the Latin system sys and
// leaves every other character as it is, so Latin input passes through. The
// case shape is kept: an upper-case letter in a capitalized word gives a
// capitalized digraph (Ж → Zh), in an all-capitals word an all-capitals one
// (ЖУКОВ → ZHUKOV). Combining stress marks are dropped. An unknown system
// romanizes as BGN.
func Romanize(s string, sys System) string {
	t, ok := tables[sys]
	if !ok {
		t = tables[BGN]
	}
	if !hasCyrillic(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lr := unicode.ToLower(r)
		if unicode.Is(unicode.Mn, r) && i > 0 && ScriptOf(rs[i-1]) == ScriptCyrillic {
			continue // stress accents (Влади́мир)
		}
		if ScriptOf(r) != ScriptCyrillic {
			b.WriteRune(r)
			continue
		}
		prev := rune(0)
		if i > 0 {
			prev = unicode.ToLower(rs[i-1])
		}
		next := rune(0)
		if i+1 < len(rs) {
			next = unicode.ToLower(rs[i+1])
		}
		var out string
		switch {
		case lr == 'д' && next == 'ж' && t.dzh != "":
			out = t.dzh
			i++
		case lr == 'с' && t.ssVowel && isCyrVowel(prev) && isCyrVowel(next):
			out = "ss"
		default:
			var found bool
			if t.initial != nil && (prev == 0 || isCyrVowel(prev) || prev == 'ъ' || prev == 'ь' || !unicode.IsLetter(prev)) {
				out, found = t.initial[lr]
			}
			if !found {
				out, found = t.base[lr]
			}
			if !found {
				out = string(lr)
			}
		}
		if r != lr && out != "" { // upper case
			if allCapsAround(rs, i) {
				out = strings.ToUpper(out)
			} else {
				out = capitalize(out)
			}
		}
		b.WriteString(out)
	}
	return b.String()
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// allCapsAround reports whether the word around rs[i] is written in
// capitals: a neighbouring letter is upper case too.
func allCapsAround(rs []rune, i int) bool {
	for _, j := range []int{i + 1, i - 1} {
		if j >= 0 && j < len(rs) && unicode.IsLetter(rs[j]) {
			return unicode.IsUpper(rs[j])
		}
	}
	return false
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x400 && r <= 0x52F || r >= 0x1C80 && r <= 0x1C8F || r >= 0x2DE0 && r <= 0x2DFF || r >= 0xA640 && r <= 0xA69F {
			return true
		}
	}
	return false
}
