package vetgraph

import "time"

// EntityID is the stable id of a resolved entity. It survives merges (the
// absorbed id redirects to the survivor) and splits (the larger part keeps it;
// lineage is recorded).
type EntityID string

// Topic is a concern on an entity, after the open sanctions data conventions.
type Topic string

// The topics vetgraph gives meaning to; others are kept and shown.
const (
	TopicTraffick Topic = "crime.traffick" // a smuggling or trafficking network
	TopicTerror   Topic = "crime.terror"   // a designated terrorist group
	TopicSanction Topic = "sanction"
	TopicWanted   Topic = "wanted"
)

// Describe returns the exact words for a person flagged with this topic. A
// client of a crime.traffick network is "connected to smuggling network N",
// never anything about the network's own ties.
func (t Topic) Describe() string {
	switch t {
	case TopicTraffick:
		return "connected to smuggling network"
	case TopicTerror:
		return "individual evidence of ties to designated group"
	case TopicSanction:
		return "linked to sanctioned entity"
	case TopicWanted:
		return "linked to wanted person"
	}
	return "linked to entity with topic " + string(t)
}

// LinkType is the type of a directed relationship.
type LinkType string

// The link types.
const (
	LinkSameAs         LinkType = "same_as"
	LinkMovedBy        LinkType = "moved_by"
	LinkPaid           LinkType = "paid"
	LinkTravelledWith  LinkType = "travelled_with"
	LinkMemberOf       LinkType = "member_of"
	LinkLeaderOf       LinkType = "leader_of"
	LinkFacilitatorFor LinkType = "facilitator_for"
	LinkTiedTo         LinkType = "tied_to"
	LinkFamilyOf       LinkType = "family_of"
	LinkAssociateOf    LinkType = "associate_of"
	LinkOwnerOf        LinkType = "owner_of"
	LinkDirectorOf     LinkType = "director_of"
	// LinkSharesIdentifier joins a subject to an identifier node (a phone, an
	// account, an address) it holds.
	LinkSharesIdentifier LinkType = "has_identifier"
)

// Degree is how far a flagged person is from the concern: 0 when the person
// is the subject of the concern, 1 when one link away, 2 when two.
type Degree int

// The degrees.
const (
	DegreeDirect Degree = 0
	DegreeFirst  Degree = 1
	DegreeSecond Degree = 2
)

// Evidence is where one link comes from: a source record or an intelligence
// statement, its grade, and when it was learned.
type Evidence struct {
	Record     RecordKey `json:"record"`
	Batch      BatchID   `json:"batch"`
	Source     string    `json:"source"`
	Grade      Grade     `json:"grade,omitzero"`
	RecordedAt time.Time `json:"recorded_at"`
	ValidFrom  time.Time `json:"valid_from,omitzero"`
	ValidTo    time.Time `json:"valid_to,omitzero"`
	Note       string    `json:"note,omitempty"` // e.g. "shared phone +992..."
}

// Step is one link on an evidence path.
type Step struct {
	From     EntityID   `json:"from"`
	FromName string     `json:"from_name,omitempty"`
	To       EntityID   `json:"to"`
	ToName   string     `json:"to_name,omitempty"`
	Link     LinkType   `json:"link"`
	Weight   float64    `json:"weight"`
	Evidence []Evidence `json:"evidence"`
}

// Path is an evidence path from a person to a concern; Strength is the
// product of its steps' weights.
type Path struct {
	Steps    []Step  `json:"steps"`
	Strength float64 `json:"strength"`
}

// Flag says a person is linked to a concern. Category is the topic reached
// under the link policy; Context holds paths shown to explain the concern
// (e.g. network N's own tie to group G) that do not count for the person.
type Flag struct {
	Person      EntityID    `json:"person"`
	PersonName  string      `json:"person_name,omitempty"`
	Records     []RecordKey `json:"records"`
	Category    Topic       `json:"category"`
	Concern     EntityID    `json:"concern"`
	ConcernName string      `json:"concern_name,omitempty"`
	Degree      Degree      `json:"degree"`
	Strength    float64     `json:"strength"`
	Paths       []Path      `json:"paths"`
	Context     []Path      `json:"context,omitempty"`
	Policy      string      `json:"policy"` // digest of the link policy in force
}

// FlagKey identifies a flag across recomputations.
type FlagKey struct {
	Person   EntityID `json:"person"`
	Category Topic    `json:"category"`
	Concern  EntityID `json:"concern"`
}

// Key returns the flag's key.
func (f *Flag) Key() FlagKey { return FlagKey{f.Person, f.Category, f.Concern} }

// DeltaKind says how a flag changed.
type DeltaKind string

// The delta kinds.
const (
	DeltaNew     DeltaKind = "new"
	DeltaRaised  DeltaKind = "raised"
	DeltaLowered DeltaKind = "lowered"
	DeltaCleared DeltaKind = "cleared"
)

// FlagDelta is one change to one flag, with the before and after evidence.
// Before is nil for DeltaNew; After is nil for DeltaCleared.
type FlagDelta struct {
	Kind   DeltaKind `json:"kind"`
	Key    FlagKey   `json:"key"`
	Before *Flag     `json:"before,omitempty"`
	After  *Flag     `json:"after,omitempty"`
	// Cause names what triggered it: a batch id, or "retract:<batch>".
	Cause string    `json:"cause"`
	At    time.Time `json:"at"`
}
