// Package resolve owns entity resolution: which subject records are the same
// real person, organization or network. It holds the incremental engine
// ([Engine]: blocking index, pair graph, clustering, stable ids, merges and
// splits with lineage, retraction), its configuration ([Config], JSON over
// documented defaults), explanations of every decision ([Explanation]: why
// and why not, piece by piece), screening of prospective records
// ([Engine.Candidates]), the accuracy metrics analysts run on their own
// labelled data ([Evaluate], [Engine.Evaluate], [ReadTruth]) and the replay
// that rebuilds an engine from a store ([Replay]).
//
// The engine is pure: no I/O, state in memory, a function of the records
// added and retracted. Record comparison is internal/match's record scorer
// (Fellegi–Sunter weights in bits, names through internal/name).
//
// # Decisions
//
// Two records are compared when they share an active blocking key. A pair
// scoring at least Config.Match is the same entity; at least
// Config.Possible a possible match kept for review; below, nothing.
// Identity-grade identifiers (passport, national id) weigh enough to decide
// alone; link-grade ones (phone, email, account, address) add evidence but
// never match on their own, and a value held by more records than the
// generic limit weighs nothing ("generic phone: held by 312 records").
// Conflicting identity-grade identifiers count against. Nationality is never
// compared. Between two records whose birth dates differ by one typo, a
// whole name that other held records bear with birth dates far from both
// (known namesakes: namesakes.go) weighs no more than the prior against. Entities are the connected components of the same-entity pairs,
// except that two people met together in one encounter are never one entity,
// not even through a chain of matches: such a component is partitioned, and
// a record that fits both of them nearly equally is kept on its own, its
// matches listed as possible matches for a reviewer. A reviewer's decision
// (an UnknownLink record with role same_as or not_same_as: judgements.go)
// rules over the scores until it is retracted.
//
// # Sequence neutrality
//
// The candidate pairs, their scores and so the entities are functions of
// the set of records held, not of their order: keys that cross their limit,
// identifier values that become generic and names whose frequency class
// changes are re-evaluated for exactly the pairs they affect. A property test
// (TestSequenceNeutrality) checks it over shuffled adds and retractions.
package resolve
