// Package name owns person and organization names as text: Unicode
// normalization ([Normalize]), script detection ([DetectScript]),
// romanization of Cyrillic written for Russian, Ukrainian, Belarusian and the
// Tajik, Uzbek, Kazakh and Kyrgyz alphabets ([Romanize], one [System] per
// spelling convention people meet in documents), the structure of a name
// (given names, patronymics, surnames with their Russianized and gendered
// endings, initials, honorifics) and the phonetic skeletons used as blocking
// keys ([Prepared.Keys]).
//
// The package is pure: no I/O, no package-level mutable state. Comparison of
// prepared names lives in internal/match.
//
// # Canonical Latin
//
// Every token of a prepared name is brought into one canonical Latin form in
// which the common romanizations of the same Cyrillic spelling coincide or
// come close: Cyrillic is romanized (BGN/PCGN), diacritics are folded
// (č→ch, š→sh, ž→zh, ç→ch, ş→sh, ğ→gh, ñ→ng, ...), and romanization digraphs
// are collapsed (kh→h, zh/dzh/dj/dsch→j, tsch/tch→ch, sch/shch→sh, ts/tz→c,
// w→v, q→k, ou→u, x→h before a consonant or word-initially). The phonetic
// skeleton goes further: initial vowel class plus consonant classes with
// vowels, y and doubled letters dropped.
//
// Nationality, ethnicity and language never enter a score: at most they could
// select which romanization tables apply.
package name
