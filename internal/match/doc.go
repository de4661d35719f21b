// Package match owns the comparison of names and records: it turns two
// prepared names (internal/name) or two records into a [vetgraph.Score]
// whose pieces say which parts matched, how and with what weight.
//
// Name comparison (name*.go) aligns the tokens of two names in any order:
// every pair of tokens gets a similarity (exact, transliteration-equal,
// initial, gender or Baltic form of one name, the learned Latin↔Cyrillic
// transliteration model, Arabic-script skeletons, or the mean of
// Jaro-Winkler and normalized edit distance on canonical Latin, with a
// single typo worth 0.9 and a shared ending such as -zoda set aside), pairs
// are taken greedily best first (full names before initials), a token
// written as the run of two or three tokens of the other name pairs with the
// run (Ramimakhlouf, van der bilt), and tokens left without a partner count
// as missing (a little), except patronymics, which are optional. A father's
// name never stands in for the person's own given name. A pair that is poor
// counts up to three times against the score, so a name that conflicts in
// one part does not match however well the rest agrees; initials alone are
// weak evidence; a name reduced to one part by a title ("President Putin")
// is a surname reference, not a name missing its other parts.
//
// Scores are symmetric, deterministic, within [0,1] and computed without
// I/O; nationality, ethnicity and language never enter them.
package match
