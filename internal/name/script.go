package name

import "unicode"

// Script is the writing system of a name or token.
type Script uint8

// Scripts. Mixed means letters of more than one script; None means no
// letters at all.
const (
	ScriptNone Script = iota
	ScriptLatin
	ScriptCyrillic
	ScriptGreek
	ScriptArabic
	ScriptHebrew
	ScriptHan
	ScriptOther
	ScriptMixed
)

var scriptNames = [...]string{"none", "latin", "cyrillic", "greek", "arabic", "hebrew", "han", "other", "mixed"}

// String returns the lowercase script name ("latin", "cyrillic", ...).
func (s Script) String() string {
	if int(s) < len(scriptNames) {
		return scriptNames[s]
	}
	return "unknown"
}

// ScriptOf returns the script of one rune, ScriptNone for non-letters.
func ScriptOf(r rune) Script {
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return ScriptLatin
		}
		return ScriptNone
	case r >= 0x410 && r <= 0x481 || r >= 0x48a && r <= 0x4ff:
		return ScriptCyrillic // the common Cyrillic block (letters only)
	case r >= 0xc0 && r <= 0x24f && r != 0xd7 && r != 0xf7:
		return ScriptLatin
	case !unicode.IsLetter(r):
		return ScriptNone
	case unicode.Is(unicode.Latin, r):
		return ScriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return ScriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return ScriptGreek
	case unicode.Is(unicode.Arabic, r):
		return ScriptArabic
	case unicode.Is(unicode.Hebrew, r):
		return ScriptHebrew
	case unicode.Is(unicode.Han, r):
		return ScriptHan
	}
	return ScriptOther
}

// DetectScript returns the script of s's letters: the one script all letters
// belong to, ScriptMixed when they belong to several, ScriptNone when s has no
// letters.
func DetectScript(s string) Script {
	got := ScriptNone
	for _, r := range s {
		sc := ScriptOf(r)
		if sc == ScriptNone {
			continue
		}
		if got == ScriptNone {
			got = sc
		} else if got != sc {
			return ScriptMixed
		}
	}
	return got
}
