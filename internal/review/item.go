package review

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"vetgraph"
)

// Event kinds of a review item stream.
const (
	KindEvidence  = "review.evidence"
	KindAssigned  = "review.assigned"
	KindDecided   = "review.decided"
	KindConfirmed = "review.confirmed"
)

// SystemActor is the actor of events the system writes (flag deltas).
const SystemActor = "system"

// evidenceData is the Data of a review.evidence event.
type evidenceData struct {
	Deltas []vetgraph.FlagDelta `json:"deltas"`
	Reopen *reopen              `json:"reopen,omitempty"`
}

type reopen struct {
	From   vetgraph.Status `json:"from"`
	Reason string          `json:"reason"`
}

// assignedData is the Data of a review.assigned event.
type assignedData struct {
	Assignee vetgraph.AnalystID `json:"assignee"`
	Previous vetgraph.AnalystID `json:"previous,omitempty"`
	By       vetgraph.AnalystID `json:"by"`
	Claim    bool               `json:"claim,omitempty"`
}

// fold replays a stream's events into an item. Priority is computed at now.
func fold(person vetgraph.EntityID, evs []vetgraph.Event, cfg Config, now time.Time) (vetgraph.ReviewItem, error) {
	it := vetgraph.ReviewItem{Person: person, Status: vetgraph.StatusOpen, Flags: []vetgraph.FlagState{}, Decisions: []vetgraph.Decision{}, Notes: []vetgraph.ReviewNote{}}
	for _, ev := range evs {
		if err := step(&it, ev); err != nil {
			return it, err
		}
		it.Version = ev.Version
		it.Updated = ev.At
		if it.Opened.IsZero() {
			it.Opened = ev.At
		}
	}
	it.Priority = cfg.Priority(it.Flags, now)
	return it, nil
}

func step(it *vetgraph.ReviewItem, ev vetgraph.Event) error {
	const op = "review.fold"
	note := func(kind, text string) {
		it.Notes = append(it.Notes, vetgraph.ReviewNote{At: ev.At, Actor: ev.Actor, Kind: kind, Text: text})
	}
	switch ev.Kind {
	case KindEvidence:
		var d evidenceData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "%s v%d: %w", ev.Stream, ev.Version, err)
		}
		first := ev.Version == 1
		var lines []string
		rose := false
		for _, dl := range d.Deltas {
			if line, changed := applyDelta(it, dl, ev.At); changed {
				lines = append(lines, line)
				rose = rose || (dl.After != nil && (dl.Kind == vetgraph.DeltaNew || dl.Kind == vetgraph.DeltaRaised))
			}
		}
		it.EvidenceWithdrawn = len(it.Flags) == 0 && len(it.Withdrawn) > 0
		switch {
		case first:
			note("opened", strings.Join(lines, "; "))
		case d.Reopen != nil:
			it.Status = vetgraph.StatusOpen
			it.ReopenReason = d.Reopen.Reason
			it.NewEvidence = false
			note("reopened", d.Reopen.Reason)
		case rose && len(it.Decisions) > 0:
			it.NewEvidence = true
			note("new_evidence", fmt.Sprintf("new evidence since the last decision; the status stays %s until a person decides: %s", it.Status, strings.Join(lines, "; ")))
		case it.EvidenceWithdrawn:
			note("withdrawn", "evidence withdrawn: "+strings.Join(lines, "; ")+"; the item keeps its status until a person decides")
		default:
			note("evidence", strings.Join(lines, "; "))
		}
		if it.Pending != nil {
			voidPending(it, ev.At)
			note("pending_void", "pending decision voided: the evidence changed; propose it again on the new evidence")
		}
	case KindAssigned:
		var d assignedData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "%s v%d: %w", ev.Stream, ev.Version, err)
		}
		it.Assignee = d.Assignee
		verb := "assigned to " + string(d.Assignee)
		switch {
		case d.Claim:
			verb = "claimed by " + string(d.Assignee)
		case d.Assignee == "":
			verb = "unassigned"
		}
		note("assigned", verb)
	case KindDecided:
		var d vetgraph.Decision
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "%s v%d: %w", ev.Stream, ev.Version, err)
		}
		it.Decisions = append(it.Decisions, d)
		if d.Pending {
			p := d
			it.Pending = &p
		} else {
			it.Status = d.To
			it.ReopenReason = ""
			it.NewEvidence = false
		}
	case KindConfirmed:
		var c vetgraph.Confirmation
		if err := json.Unmarshal(ev.Data, &c); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "%s v%d: %w", ev.Stream, ev.Version, err)
		}
		if it.Pending == nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "%s v%d: confirmation without a pending decision", ev.Stream, ev.Version)
		}
		i := len(it.Decisions) - 1
		it.Decisions[i].Pending = false
		it.Decisions[i].Confirm = &c
		if c.Approved {
			it.Status = it.Decisions[i].To
			it.ReopenReason = ""
			it.NewEvidence = false
		}
		it.Pending = nil
	default:
		return vetgraph.Errorf(vetgraph.Internal, op, "%s v%d: unknown event kind %q", ev.Stream, ev.Version, ev.Kind)
	}
	return nil
}

func voidPending(it *vetgraph.ReviewItem, at time.Time) {
	i := len(it.Decisions) - 1
	it.Decisions[i].Pending = false
	it.Decisions[i].Confirm = &vetgraph.Confirmation{By: SystemActor, At: at, Approved: false, Rationale: "voided: the evidence changed before confirmation"}
	it.Pending = nil
}

// applyDelta changes the item's flags by one delta and describes the change.
// It reports false when the delta changes nothing (already applied).
func applyDelta(it *vetgraph.ReviewItem, d vetgraph.FlagDelta, at time.Time) (string, bool) {
	i := slices.IndexFunc(it.Flags, func(f vetgraph.FlagState) bool { return f.Flag.Key() == d.Key })
	if d.After == nil { // cleared: the basis was withdrawn
		if i < 0 {
			return "", false
		}
		gone := it.Flags[i].Flag
		it.Flags = slices.Delete(it.Flags, i, i+1)
		it.Withdrawn = append(it.Withdrawn, gone)
		return fmt.Sprintf("%s withdrawn (%s)", describe(gone), d.Cause), true
	}
	if d.After.PersonName != "" {
		it.PersonName = d.After.PersonName
	}
	if i >= 0 && sameFlag(&it.Flags[i].Flag, d.After) {
		return "", false
	}
	st := vetgraph.FlagState{Flag: *d.After, Since: at, Raised: at}
	if i >= 0 {
		st.Since = it.Flags[i].Since
		if d.Kind == vetgraph.DeltaLowered {
			st.Raised = it.Flags[i].Raised
		}
		it.Flags[i] = st
	} else {
		it.Flags = append(it.Flags, st)
		slices.SortFunc(it.Flags, func(a, b vetgraph.FlagState) int { return cmpKey(a.Flag.Key(), b.Flag.Key()) })
	}
	it.Withdrawn = slices.DeleteFunc(it.Withdrawn, func(f vetgraph.Flag) bool { return f.Key() == d.Key })
	return fmt.Sprintf("%s %s, degree %d, strength %.2f (%s)", describe(*d.After), d.Kind, d.After.Degree, d.After.Strength, d.Cause), true
}

func describe(f vetgraph.Flag) string {
	name := f.ConcernName
	if name == "" {
		name = string(f.Concern)
	}
	return fmt.Sprintf("%s %s", f.Category.Describe(), name)
}

func sameFlag(a, b *vetgraph.Flag) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func cmpKey(a, b vetgraph.FlagKey) int {
	if c := strings.Compare(string(a.Category), string(b.Category)); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Concern), string(b.Concern)); c != 0 {
		return c
	}
	return strings.Compare(string(a.Person), string(b.Person))
}
