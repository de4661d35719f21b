// Package match owns the comparison of names and records: it turns two
// prepared names (internal/name) or two records into a [vetgraph.Score]
// whose pieces say which parts matched, how and with what weight.
//
// Name comparison (name*.go) aligns the tokens of two names in any order:
// every pair of tokens gets a similarity (exact, transliteration-equal,
// initial, gender form of one surname, or Jaro-Winkler on canonical Latin),
// pairs are taken greedily best first, and tokens left without a partner
// count as missing (a little), except patronymics, which are optional. A pair
// that is poor counts fully against the score, so a name that conflicts in
// one part does not match however well the rest agrees.
//
// Scores are symmetric, deterministic, within [0,1] and computed without
// I/O; nationality, ethnicity and language never enter them.
package match
