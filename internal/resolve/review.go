package resolve

import (
	"slices"
	"strings"

	"vetgraph"
)

// ReviewKinds are the kinds ToReview takes: all, or one kind of pair.
var ReviewKinds = []string{"all", "contradiction", "possible", "weak"}

// ReviewPair is one pair resolution leaves to a reviewer.
type ReviewPair struct {
	Kind    string             `json:"kind"` // contradiction | possible | weak
	A       vetgraph.RecordKey `json:"a"`
	B       vetgraph.RecordKey `json:"b"`
	EntityA vetgraph.EntityID  `json:"entity_a"`
	EntityB vetgraph.EntityID  `json:"entity_b"`
	Score   float64            `json:"score"`
	Reason  string             `json:"reason"`
}

// ToReview lists what resolution leaves to a reviewer, of kind (one of
// ReviewKinds): decisions at odds (Contradictions), the possible matches it
// did not merge (Possible, the strongest first) and the weak merges it made
// (WeakMerges, the weakest first), in that order, each with the entities
// holding the two records and the reason (Why). Each is decided with a
// judgement (or, for decisions at odds, by retracting one).
func (e *Engine) ToReview(kind string) ([]ReviewPair, error) {
	if !slices.Contains(ReviewKinds, kind) {
		return nil, vetgraph.Errorf(vetgraph.Invalid, "resolve.ToReview", "kind %q: want %s", kind, strings.Join(ReviewKinds, ", "))
	}
	var out []ReviewPair
	add := func(k string, pairs []Pair) {
		if kind != "all" && kind != k {
			return
		}
		for _, p := range pairs {
			ex := e.Why(p.A, p.B)
			out = append(out, ReviewPair{Kind: k, A: p.A, B: p.B, EntityA: ex.EntityA, EntityB: ex.EntityB, Score: p.Score, Reason: ex.Reason})
		}
	}
	add("contradiction", e.Contradictions())
	add("possible", e.Possible())
	add("weak", e.WeakMerges())
	return out, nil
}
