package review

import "vetgraph"

// transitions is the explicit table of human status changes: from → allowed
// destinations. A status missing on the right cannot be reached by a decision
// from the status on the left. The system itself only ever moves an item to
// open (re-opening on new evidence), never through this table.
func transitions() map[vetgraph.Status][]vetgraph.Status {
	return map[vetgraph.Status][]vetgraph.Status{
		vetgraph.StatusOpen:           {vetgraph.StatusInReview, vetgraph.StatusVettingOngoing},
		vetgraph.StatusInReview:       {vetgraph.StatusOpen, vetgraph.StatusVettingOngoing, vetgraph.StatusCleared, vetgraph.StatusReferred, vetgraph.StatusDetained},
		vetgraph.StatusVettingOngoing: {vetgraph.StatusInReview, vetgraph.StatusCleared, vetgraph.StatusReferred, vetgraph.StatusDetained},
		vetgraph.StatusCleared:        {vetgraph.StatusInReview},
		vetgraph.StatusReferred:       {vetgraph.StatusVettingOngoing, vetgraph.StatusCleared, vetgraph.StatusDetained, vetgraph.StatusRemoved},
		vetgraph.StatusDetained:       {vetgraph.StatusCleared, vetgraph.StatusReferred, vetgraph.StatusRemoved},
		vetgraph.StatusRemoved:        {},
	}
}

// Allowed reports whether a human decision may move an item from one status
// to another. It is the one place the transition table is consulted:
//
//	open            → in_review, vetting_ongoing
//	in_review       → open (released), vetting_ongoing, cleared, referred, detained
//	vetting_ongoing → in_review, cleared, referred, detained
//	cleared         → in_review (a person re-opens it)
//	referred        → vetting_ongoing, cleared, detained, removed
//	detained        → cleared, referred, removed
//	removed         → (nothing: final)
//
// An outcome is never reached straight from open: someone reviews first.
func Allowed(from, to vetgraph.Status) bool {
	for _, s := range transitions()[from] {
		if s == to {
			return true
		}
	}
	return false
}
