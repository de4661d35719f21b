package vetgraph

import (
	"cmp"
	"slices"
	"strings"
)

// Entity is a resolved real-world subject: a cluster of subject records that
// are the same person, organization or network, with a stable id.
//
// The id survives merges (an absorbed id redirects to the survivor, which is
// the larger entity) and splits (the larger part keeps the id); Lineage records
// both. Records are sorted by key; Names holds the distinct name values of
// the records in [ShownNames] order: the first is the one to show.
type Entity struct {
	ID      EntityID    `json:"id"`
	Schema  string      `json:"schema"`
	Names   []string    `json:"names"`
	Records []RecordKey `json:"records"`
	Topics  []Topic     `json:"topics,omitempty"`
	Lineage []Lineage   `json:"lineage,omitempty"`
}

// LineageKind says what happened to an entity id.
type LineageKind string

// The lineage kinds.
const (
	// LineageMerged: the entities in From were absorbed into Into; their ids
	// redirect to Into from then on.
	LineageMerged LineageKind = "merged"
	// LineageSplit: the entity From[0] lost the records now held by Into (a new
	// entity); From[0] keeps its id on the larger part.
	LineageSplit LineageKind = "split"
)

// Lineage is one merge or split in an entity's history. Seq is the log
// position of the record whose arrival (or retraction) caused it; Cause names
// that record.
type Lineage struct {
	Kind  LineageKind `json:"kind"`
	From  []EntityID  `json:"from"`
	Into  EntityID    `json:"into"`
	Seq   int64       `json:"seq,omitempty"`
	Cause RecordKey   `json:"cause"`
}

// Redirect says an entity id was merged away: From now resolves to To.
type Redirect struct {
	From EntityID `json:"from"`
	To   EntityID `json:"to"`
}

// MatchDecision is the outcome of comparing a record with an entity.
type MatchDecision string

// The match decisions.
const (
	// DecisionSame: the record is the same subject; it joins (or merges) the entity.
	DecisionSame MatchDecision = "same"
	// DecisionPossible: a possible match kept for human review, not merged.
	DecisionPossible MatchDecision = "possible"
	// DecisionNew: no entity is close enough; the record founds a new entity.
	DecisionNew MatchDecision = "new"
)

// ShownNames returns the distinct names of an entity in the order they are
// shown, the first being the one to show: the name more of its records
// give first (a typo is one record's, the subject's spelling most
// records'), then the smaller string (so that the name shown does not
// depend on the order the records arrived in). given holds the records'
// names, a name once for each record that gives it. Every view of an
// entity (resolution, flags, networks, the console) names it this way.
func ShownNames(given []string) []string {
	type held struct {
		name string
		n    int
	}
	var hs []held // an entity's names are few: a slice does
	for _, g := range given {
		if k := slices.IndexFunc(hs, func(h held) bool { return h.name == g }); k >= 0 {
			hs[k].n++
		} else {
			hs = append(hs, held{g, 1})
		}
	}
	slices.SortFunc(hs, func(a, b held) int { return cmp.Or(b.n-a.n, strings.Compare(a.name, b.name)) })
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.name
	}
	return out
}
