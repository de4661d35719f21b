package vetgraph

import (
	"slices"
	"time"
)

// Status is where a review item stands. Only a recorded human decision moves
// an item into an outcome status (cleared, referred, detained, removed); flag
// deltas may only re-open an item or mark its evidence withdrawn, and say so.
type Status string

// The statuses. Open, in review and vetting ongoing are active; the others are
// outcomes ([Status.Closed]).
const (
	StatusOpen           Status = "open"            // flagged, nobody has looked yet
	StatusInReview       Status = "in_review"       // an analyst is looking at it
	StatusVettingOngoing Status = "vetting_ongoing" // additional vetting (interviews, checks) under way
	StatusCleared        Status = "cleared"         // reviewed, no threat found
	StatusReferred       Status = "referred"        // handed to another authority
	StatusDetained       Status = "detained"        // the person was detained
	StatusRemoved        Status = "removed"         // the person was removed from the country
)

// Statuses returns every status in queue order (a fresh slice).
func Statuses() []Status {
	return []Status{StatusOpen, StatusInReview, StatusVettingOngoing, StatusCleared, StatusReferred, StatusDetained, StatusRemoved}
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Closed reports whether s is an outcome: a human decided what happens to the
// person (cleared, referred, detained, removed).
func (s Status) Closed() bool {
	switch s {
	case StatusCleared, StatusReferred, StatusDetained, StatusRemoved:
		return true
	}
	return false
}

// AnalystID names a person who works the review queue (an analyst or a
// supervisor), as the deployment's authentication knows them.
type AnalystID string

// FlagState is one flag a review item currently holds, with when it was first
// raised on the item and when it last rose (new or raised delta).
type FlagState struct {
	Flag   Flag      `json:"flag"`
	Since  time.Time `json:"since"`
	Raised time.Time `json:"raised"`
}

// Decision is one recorded human decision on a review item: who, when, from
// which status to which, why, and the evidence (the flags the item held)
// it was made on. A decision under the two-person rule is first Pending and
// takes effect only when a second, different supervisor confirms it.
type Decision struct {
	Seq       int           `json:"seq"` // 1, 2, ... within the item
	Author    AnalystID     `json:"author"`
	Role      string        `json:"role,omitempty"`
	At        time.Time     `json:"at"`
	From      Status        `json:"from"`
	To        Status        `json:"to"`
	Rationale string        `json:"rationale"`
	Evidence  []Flag        `json:"evidence"`
	Version   int64         `json:"version"` // the item version the author saw
	Pending   bool          `json:"pending,omitempty"`
	Confirm   *Confirmation `json:"confirmation,omitempty"`
}

// Confirmation is the second person's answer to a pending decision.
type Confirmation struct {
	By        AnalystID `json:"by"`
	At        time.Time `json:"at"`
	Approved  bool      `json:"approved"`
	Rationale string    `json:"rationale"`
}

// ReviewNote is one line of an item's history that is not a decision: the
// system opening, re-opening or updating it from flag deltas, an assignment.
type ReviewNote struct {
	At    time.Time `json:"at"`
	Actor string    `json:"actor"` // an analyst id, or "system"
	Kind  string    `json:"kind"`  // opened, evidence, reopened, withdrawn, assigned
	Text  string    `json:"text"`
}

// ReviewItem is the case of one flagged person: the flags it holds now, the
// flags whose basis was withdrawn, its status, assignee and full history. It
// is derived by replaying the item's event stream ("review/<person>").
type ReviewItem struct {
	Person     EntityID    `json:"person"`
	PersonName string      `json:"person_name,omitempty"`
	Status     Status      `json:"status"`
	Assignee   AnalystID   `json:"assignee,omitempty"`
	Priority   float64     `json:"priority"`
	Flags      []FlagState `json:"flags"`
	// Withdrawn holds flags a retraction or correction removed; they stay
	// visible and are never deleted.
	Withdrawn []Flag `json:"withdrawn,omitempty"`
	// EvidenceWithdrawn is true when every flag the item held was withdrawn:
	// the item stays in its status until a person decides.
	EvidenceWithdrawn bool `json:"evidence_withdrawn,omitempty"`
	// ReopenReason says why the system re-opened a closed item, if it did.
	ReopenReason string `json:"reopen_reason,omitempty"`
	// NewEvidence is true when a flag arrived or rose after the last
	// decision on an item the system did not re-open (its status stays, e.g.
	// detained); the next decision clears it.
	NewEvidence bool `json:"new_evidence,omitempty"`
	// Pending is a decision awaiting its second person, if any.
	Pending   *Decision    `json:"pending,omitempty"`
	Decisions []Decision   `json:"decisions"`
	Notes     []ReviewNote `json:"notes"`
	Opened    time.Time    `json:"opened"`
	Updated   time.Time    `json:"updated"`
	// Version is the item stream's version this view was built from; pass it
	// back with a decision to refuse deciding on stale evidence.
	Version int64 `json:"version"`
}

// ReviewStream returns the event stream of a person's review item.
func ReviewStream(person EntityID) string { return ReviewStreamPrefix + string(person) }

// ReviewStreamPrefix prefixes every review item stream.
const ReviewStreamPrefix = "review/"

// AuditStream is the stream of the hash-chained audit log.
const AuditStream = "audit"

// AuditAction names what an audit entry records.
type AuditAction string

// The audited actions.
const (
	AuditReadPerson   AuditAction = "person.read"   // someone looked at a person or their case
	AuditSearch       AuditAction = "search"        // a screen or search query
	AuditDecision     AuditAction = "decision"      // a review decision, assignment or confirmation
	AuditConfigChange AuditAction = "config.change" // link policy, review rules, users
	AuditReport       AuditAction = "report"        // a report was produced
	AuditExport       AuditAction = "export"        // data left the system
)
