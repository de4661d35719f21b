// Package vetgraph is the vocabulary of continuous vetting and network link
// analysis for border-encounter screening: records, batches, grades, events,
// flags, scores and the error type, plus the store interfaces with their error
// contracts. It imports only the standard library.
//
// # The shape of the system
//
// Everything vetgraph knows arrives as a [Record]: one immutable observation from
// one source, shaped after FollowTheMoney (a schema such as "Person" or
// "Membership", and multi-valued string properties). Records arrive in import
// [Batch]es, which are all-or-nothing: a batch that fails validation is not
// applied at all. Intelligence batches carry a [Grade] (NATO/Admiralty code) that
// applies to every statement in them; a batch may supersede an earlier one (a
// correction) and may later be retracted. Nothing is ever deleted: records and
// batches are immutable, and everything that happens afterwards (retractions,
// human decisions, audit entries) is an append-only [Event].
//
// From that log the use-case packages derive, in memory and reproducibly:
//
//   - entities (internal/resolve): clusters of records that are the same real
//     subject, with stable ids;
//   - the link graph, flags and their deltas (internal/vet), under a link policy
//     that is data;
//   - review items (internal/review), reports (internal/report) and the
//     hash-chained audit log (internal/audit).
//
// Because the derived state is a function of the log up to a point in system
// time, any past state can be replayed: "what did we know on the day this
// person was admitted?" is the same computation with an earlier cut-off.
//
// # Principles the vocabulary encodes
//
// Evidence, not identity: nationality, ethnicity, religion or language never
// raise a flag or a score; they may only select name-matching rules. Words
// matter: a [Topic] reached through a network's client link is "connected to
// network N" ([CategoryNetwork]); only an individual evidence path gives a person
// a designated-group category.
//
// # Errors
//
// Every function that can fail returns an *[Error] (possibly wrapped) with a
// [Code]; [ErrorCode] and [ErrorMessage] read them. Store implementations
// document which codes each method returns.
package vetgraph
