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
// Each token may carry a second reading (Token.Plain) where spellings
// genuinely fork: diacritics dropped rather than spelled (Vučić, Vucic),
// Dutch oe (Poetin), German ch and Uzbek x for х (Muchammad, Muxammad), ё as
// yo, and Belarusian spellings read the Russian way (Уладзімір Пуцін).
// Ukrainian and Belarusian given names and their patronymics are brought to
// the Russian form (Volodymyr, Uladzimir → vladimir).
//
// # Other scripts
//
// Greek, Arabic-script (Arabic, Persian, Urdu), Armenian and Georgian
// letters are transliterated by compact tables (ToLatin). Arabic writes
// consonants and long vowels only; internal/match compares it with Latin by
// phonetic skeleton.
//
// # The transliteration model
//
// Russian writes foreign names by their sound (Sutherland, Сазерленд), which
// no fixed table captures. [TranslitSim] scores a Latin token against a
// Cyrillic one written in Russian letters with a joint chunk model (Latin
// chunks of up to four letters against Cyrillic chunks of up to two, summed
// over all alignments, measured against both tokens' own best readings)
// learned by
// expectation maximization from the Wikidata name pairs of
// translit-ru/wd_russian_80 with frequency below 5 (translit_train_test.go,
// -train-translit); the lines with frequency 5 or more are held out for
// measurement. The model is embedded (translit_ru.txt) and parsed once.
//
// Nationality, ethnicity and language never enter a score: at most they could
// select which romanization tables apply.
package name
