// Package review owns the review queue: one case (a [vetgraph.ReviewItem]) per
// flagged person, its status machine, assignment, decisions and the
// two-person rule.
//
// # Storage
//
// An item is the fold of its event stream "review/<person entity id>" in a
// [vetgraph.EventStore]; nothing is kept in memory between calls, so any
// number of Service values (in one process or many) may share a store. Four
// event kinds exist:
//
//   - review.evidence (actor "system"): flag deltas applied to the item; may
//     carry a re-opening with its reason. It opens the item when it is first.
//   - review.assigned: the assignee changed (a claim or a supervisor's
//     assignment).
//   - review.decided: a human decision with its rationale and the evidence
//     snapshot (the flags the item held); pending under the two-person rule.
//   - review.confirmed: the second person's approval or rejection of a
//     pending decision.
//
// # A person decides
//
// The system never clears, detains or closes anything on its own. Flag deltas
// ([Service.Apply]) only add, update or withdraw flags, re-open a closed item
// when new evidence raises a flag on it (with the reason written on the item),
// and mark an item "evidence withdrawn" when a retraction removed every flag it
// held; the item keeps its status until a person decides. Withdrawn flags stay
// on the item; nothing is deleted.
//
// # Concurrency
//
// Every write reads the stream, validates against the folded item, and appends
// the next version. The store refuses a taken version with Conflict, so of
// several writers exactly one wins. The Service then re-reads and re-validates
// (up to Config.MaxRetries times): a system update (Apply) simply lands on the
// new state; a claim by a second analyst is then refused with Conflict
// ("claimed by X"); a decision made with a Seen version is refused with
// Conflict when the item changed since the author read it, so no one decides
// on evidence they have not seen.
package review
