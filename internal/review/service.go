package review

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"vetgraph"
)

// Role is what a person working the queue may do. The deployment's
// authentication maps its own roles onto these two.
type Role string

// The roles.
const (
	RoleAnalyst    Role = "analyst"    // claims items and decides the ones assigned to them
	RoleSupervisor Role = "supervisor" // also assigns anyone, decides any item, confirms two-person decisions
)

// Actor is who asks for a change.
type Actor struct {
	ID   vetgraph.AnalystID
	Role Role
}

// Service is the review queue over an event store. It keeps no state between
// calls; it is safe for concurrent use.
type Service struct {
	store vetgraph.EventStore
	clock vetgraph.Clock
	cfg   Config
	log   *slog.Logger
}

// New returns a Service. cfg's zero fields take their defaults; a nil log
// discards.
func New(store vetgraph.EventStore, clock vetgraph.Clock, cfg Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{store: store, clock: clock, cfg: cfg.withDefaults(), log: log}
}

// Config returns the rules in force (defaults filled in).
func (s *Service) Config() Config { return s.cfg }

// Change says what Apply did to one person's item.
type Change struct {
	Person    vetgraph.EntityID `json:"person"`
	Opened    bool              `json:"opened,omitempty"`    // the item was created
	Reopened  bool              `json:"reopened,omitempty"`  // a closed item went back to open
	Withdrawn bool              `json:"withdrawn,omitempty"` // every flag's basis is gone
	Status    vetgraph.Status   `json:"status"`
}

// Apply records flag deltas on the persons' items, in the order given,
// grouped per person: it opens an item for a person's first flag, updates
// flags, re-opens an item in a Config.ReopenFrom status when a delta is new or
// raised (writing the reason on the item), and moves flags a cleared delta
// removes to the item's withdrawn list, marking the item "evidence withdrawn"
// when none remain. It never changes a status otherwise. Deltas that change
// nothing (already applied) append nothing, so re-applying is harmless. A
// cleared delta for a person without an item is ignored. All items' events are
// appended in one atomic call; if another writer changed one of the items
// meanwhile (Conflict), each person is applied on its own, re-reading and
// retrying on conflicts.
func (s *Service) Apply(ctx context.Context, deltas []vetgraph.FlagDelta) ([]Change, error) {
	var order []vetgraph.EntityID
	byPerson := map[vetgraph.EntityID][]vetgraph.FlagDelta{}
	for _, d := range deltas {
		if _, ok := byPerson[d.Key.Person]; !ok {
			order = append(order, d.Key.Person)
		}
		byPerson[d.Key.Person] = append(byPerson[d.Key.Person], d)
	}
	// Fast path: read every item, append all their events in one atomic
	// call. Nothing is stored if any stream moved under us; then each person
	// goes through the retry loop on its own.
	var (
		out []Change
		evs []vetgraph.Event
	)
	for _, p := range order {
		it, exists, err := s.load(ctx, p, time.Time{})
		if err != nil {
			return nil, err
		}
		ev, ch, err := s.evidenceEvent(&it, exists, byPerson[p])
		if err != nil {
			return nil, err
		}
		if ev != nil {
			evs = append(evs, *ev)
			out = append(out, *ch)
		}
	}
	if len(evs) == 0 {
		return nil, nil
	}
	_, err := s.store.AppendEvents(ctx, evs...)
	if err == nil {
		return out, nil
	}
	if vetgraph.ErrorCode(err) != vetgraph.Conflict {
		return nil, err
	}
	s.log.Debug("review: batch apply conflicted; applying per person", "persons", len(order))
	out = out[:0]
	for _, p := range order {
		var ch *Change
		err := s.retry(ctx, p, func(it *vetgraph.ReviewItem, exists bool) (*vetgraph.Event, error) {
			ev, c, err := s.evidenceEvent(it, exists, byPerson[p])
			ch = c
			return ev, err
		})
		if err != nil {
			return out, err
		}
		if ch != nil {
			out = append(out, *ch)
		}
	}
	return out, nil
}

func (s *Service) evidenceEvent(it *vetgraph.ReviewItem, exists bool, ds []vetgraph.FlagDelta) (*vetgraph.Event, *Change, error) {
	// Dry-run the deltas on a copy to see whether anything changes.
	probe := *it
	probe.Flags = slices.Clone(it.Flags)
	probe.Withdrawn = slices.Clone(it.Withdrawn)
	var changed []vetgraph.FlagDelta
	raised := []string{}
	for _, d := range ds {
		if !exists && d.After == nil {
			continue
		}
		if _, ok := applyDelta(&probe, d, s.clock.Now()); ok {
			changed = append(changed, d)
			if d.After != nil && (d.Kind == vetgraph.DeltaNew || d.Kind == vetgraph.DeltaRaised) {
				raised = append(raised, fmt.Sprintf("%s %s (degree %d, %s)", describe(*d.After), d.Kind, d.After.Degree, d.Cause))
			}
		}
	}
	if len(changed) == 0 {
		return nil, nil, nil
	}
	data := evidenceData{Deltas: changed}
	ch := &Change{Person: it.Person, Opened: !exists, Status: it.Status}
	if exists && len(raised) > 0 && slices.Contains(s.cfg.ReopenFrom, it.Status) {
		data.Reopen = &reopen{From: it.Status, Reason: fmt.Sprintf("re-opened by new evidence after the item was %s: %s", it.Status, strings.Join(raised, "; "))}
		ch.Reopened, ch.Status = true, vetgraph.StatusOpen
	}
	ch.Withdrawn = len(probe.Flags) == 0 && len(probe.Withdrawn) > 0
	ev, err := s.event(it, KindEvidence, SystemActor, data)
	return ev, ch, err
}

// Item returns a person's item as of asOf (zero: now), or NotFound.
func (s *Service) Item(ctx context.Context, person vetgraph.EntityID, asOf time.Time) (vetgraph.ReviewItem, error) {
	it, exists, err := s.load(ctx, person, asOf)
	if err != nil {
		return it, err
	}
	if !exists {
		return it, vetgraph.Errorf(vetgraph.NotFound, "review.Item", "no review item for person %s", person)
	}
	return it, nil
}

// Filter selects items for List. Zero fields select everything.
type Filter struct {
	Status   []vetgraph.Status  // any of these
	Assignee vetgraph.AnalystID // assigned to this analyst
	Category vetgraph.Topic     // holding a current flag of this category
	AsOf     time.Time          // replay the queue as it stood then
	Limit    int
}

// List returns the items matching f, highest priority first (ties: oldest
// opened first, then person id).
func (s *Service) List(ctx context.Context, f Filter) ([]vetgraph.ReviewItem, error) {
	now := s.clock.Now()
	if !f.AsOf.IsZero() {
		now = f.AsOf
	}
	streams := map[string][]vetgraph.Event{}
	err := s.store.ScanEvents(ctx, vetgraph.EventFilter{StreamPrefix: vetgraph.ReviewStreamPrefix, AsOf: f.AsOf}, func(ev vetgraph.Event) error {
		streams[ev.Stream] = append(streams[ev.Stream], ev)
		return nil
	})
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.ErrorCode(err), "review.List", "scan review streams: %w", err)
	}
	var out []vetgraph.ReviewItem
	for stream, evs := range streams {
		it, err := fold(vetgraph.EntityID(strings.TrimPrefix(stream, vetgraph.ReviewStreamPrefix)), evs, s.cfg, now)
		if err != nil {
			return nil, err
		}
		if len(f.Status) > 0 && !slices.Contains(f.Status, it.Status) {
			continue
		}
		if f.Assignee != "" && it.Assignee != f.Assignee {
			continue
		}
		if f.Category != "" && !slices.ContainsFunc(it.Flags, func(fs vetgraph.FlagState) bool { return fs.Flag.Category == f.Category }) {
			continue
		}
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b vetgraph.ReviewItem) int {
		return cmp.Or(cmp.Compare(b.Priority, a.Priority), a.Opened.Compare(b.Opened), strings.Compare(string(a.Person), string(b.Person)))
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// Claim assigns an item to the analyst asking, if nobody holds it (claiming
// an item one already holds is a no-op). When several analysts claim one item
// at once, exactly one wins; the others get Conflict naming the winner.
func (s *Service) Claim(ctx context.Context, person vetgraph.EntityID, by Actor) (vetgraph.ReviewItem, error) {
	const op = "review.Claim"
	if by.ID == "" {
		return vetgraph.ReviewItem{}, vetgraph.Errorf(vetgraph.Invalid, op, "no analyst id")
	}
	return s.write(ctx, person, op, func(it *vetgraph.ReviewItem) (*vetgraph.Event, error) {
		switch it.Assignee {
		case by.ID:
			return nil, nil
		case "":
			return s.event(it, KindAssigned, string(by.ID), assignedData{Assignee: by.ID, By: by.ID, Claim: true})
		}
		return nil, vetgraph.Errorf(vetgraph.Conflict, op, "item %s is already claimed by %s", person, it.Assignee)
	})
}

// ClaimNext claims the highest-priority unassigned item among those f
// selects (Status defaults to open) for the analyst asking, and returns it.
// Analysts calling it at once each get a different item; when no item is
// left it returns NotFound.
func (s *Service) ClaimNext(ctx context.Context, by Actor, f Filter) (vetgraph.ReviewItem, error) {
	const op = "review.ClaimNext"
	if len(f.Status) == 0 {
		f.Status = []vetgraph.Status{vetgraph.StatusOpen}
	}
	f.Assignee, f.Limit, f.AsOf = "", 0, time.Time{}
	items, err := s.List(ctx, f)
	if err != nil {
		return vetgraph.ReviewItem{}, err
	}
	for _, it := range items {
		if it.Assignee != "" {
			continue
		}
		got, err := s.Claim(ctx, it.Person, by)
		if err == nil {
			return got, nil
		}
		if vetgraph.ErrorCode(err) != vetgraph.Conflict {
			return vetgraph.ReviewItem{}, err
		}
	}
	return vetgraph.ReviewItem{}, vetgraph.Errorf(vetgraph.NotFound, op, "no unassigned item left in the queue")
}

// Assign gives an item to assignee (empty: unassign). A supervisor may assign
// anyone; an analyst may only release an item they hold (assignee empty).
func (s *Service) Assign(ctx context.Context, person vetgraph.EntityID, assignee vetgraph.AnalystID, by Actor) (vetgraph.ReviewItem, error) {
	const op = "review.Assign"
	return s.write(ctx, person, op, func(it *vetgraph.ReviewItem) (*vetgraph.Event, error) {
		if by.Role != RoleSupervisor && !(assignee == "" && it.Assignee == by.ID) {
			return nil, vetgraph.Errorf(vetgraph.Forbidden, op, "only a supervisor assigns items; an analyst may claim an unassigned item or release their own")
		}
		if it.Assignee == assignee {
			return nil, nil
		}
		return s.event(it, KindAssigned, string(by.ID), assignedData{Assignee: assignee, Previous: it.Assignee, By: by.ID})
	})
}

// DecideRequest is a human decision.
type DecideRequest struct {
	Person    vetgraph.EntityID
	By        Actor
	To        vetgraph.Status
	Rationale string
	// Seen is the item version the author read; the decision is refused with
	// Conflict if the item changed since. Zero skips the check.
	Seen int64
}

// Decide records a decision moving the item to r.To, allowed by the
// transition table ([Allowed]). The author must hold the item or be a
// supervisor, and must give a rationale. The decision records the flags the
// item holds as its evidence snapshot. When r.To is an outcome and the item
// holds a flag in a Config.TwoPerson category, the decision is recorded as
// pending and the status does not change until [Service.Confirm].
//
// Errors: NotFound (no item), Invalid (no rationale, unknown status, a
// transition the table refuses), Forbidden (not the assignee nor a
// supervisor), Conflict (a decision is already pending, or the item changed
// since r.Seen).
func (s *Service) Decide(ctx context.Context, r DecideRequest) (vetgraph.ReviewItem, error) {
	const op = "review.Decide"
	if strings.TrimSpace(r.Rationale) == "" {
		return vetgraph.ReviewItem{}, vetgraph.Errorf(vetgraph.Invalid, op, "a decision needs a rationale")
	}
	if !r.To.Valid() {
		return vetgraph.ReviewItem{}, vetgraph.Errorf(vetgraph.Invalid, op, "unknown status %q (want one of %v)", r.To, vetgraph.Statuses())
	}
	return s.write(ctx, r.Person, op, func(it *vetgraph.ReviewItem) (*vetgraph.Event, error) {
		if r.Seen != 0 && r.Seen != it.Version {
			return nil, vetgraph.Errorf(vetgraph.Conflict, op, "item %s changed since version %d (now %d): read it again before deciding", r.Person, r.Seen, it.Version)
		}
		if it.Pending != nil {
			return nil, vetgraph.Errorf(vetgraph.Conflict, op, "item %s has a decision to %s by %s awaiting confirmation", r.Person, it.Pending.To, it.Pending.Author)
		}
		if r.By.Role != RoleSupervisor && (it.Assignee == "" || it.Assignee != r.By.ID) {
			return nil, vetgraph.Errorf(vetgraph.Forbidden, op, "item %s is held by %q: only its assignee or a supervisor decides", r.Person, it.Assignee)
		}
		if !Allowed(it.Status, r.To) {
			return nil, vetgraph.Errorf(vetgraph.Invalid, op, "a decision cannot move an item from %s to %s", it.Status, r.To)
		}
		d := vetgraph.Decision{
			Seq: len(it.Decisions) + 1, Author: r.By.ID, Role: string(r.By.Role), At: s.clock.Now(),
			From: it.Status, To: r.To, Rationale: r.Rationale, Evidence: snapshot(it.Flags), Version: it.Version,
		}
		if _, two := s.cfg.needsTwo(it.Flags); two && r.To.Closed() {
			d.Pending = true
		}
		return s.event(it, KindDecided, string(r.By.ID), d)
	})
}

// Confirm answers a pending decision: a supervisor other than its author
// approves it (the status changes) or rejects it (the status stays).
//
// Errors: NotFound, Conflict (nothing pending), Forbidden (not a supervisor,
// or the decision's own author), Invalid (no rationale).
func (s *Service) Confirm(ctx context.Context, person vetgraph.EntityID, by Actor, approve bool, rationale string) (vetgraph.ReviewItem, error) {
	const op = "review.Confirm"
	if strings.TrimSpace(rationale) == "" {
		return vetgraph.ReviewItem{}, vetgraph.Errorf(vetgraph.Invalid, op, "a confirmation needs a rationale")
	}
	return s.write(ctx, person, op, func(it *vetgraph.ReviewItem) (*vetgraph.Event, error) {
		if it.Pending == nil {
			return nil, vetgraph.Errorf(vetgraph.Conflict, op, "item %s has no decision awaiting confirmation", person)
		}
		if by.Role != RoleSupervisor {
			return nil, vetgraph.Errorf(vetgraph.Forbidden, op, "only a supervisor confirms a two-person decision")
		}
		if by.ID == it.Pending.Author {
			return nil, vetgraph.Errorf(vetgraph.Forbidden, op, "the second person must differ from the decision's author %s", by.ID)
		}
		return s.event(it, KindConfirmed, string(by.ID), vetgraph.Confirmation{By: by.ID, At: s.clock.Now(), Approved: approve, Rationale: rationale})
	})
}

func snapshot(fs []vetgraph.FlagState) []vetgraph.Flag {
	out := make([]vetgraph.Flag, len(fs))
	for i, f := range fs {
		out[i] = f.Flag
	}
	return out
}

// write runs a human change on an existing item with conflict retries and
// returns the item after it.
func (s *Service) write(ctx context.Context, person vetgraph.EntityID, op string, fn func(*vetgraph.ReviewItem) (*vetgraph.Event, error)) (vetgraph.ReviewItem, error) {
	err := s.retry(ctx, person, func(it *vetgraph.ReviewItem, exists bool) (*vetgraph.Event, error) {
		if !exists {
			return nil, vetgraph.Errorf(vetgraph.NotFound, op, "no review item for person %s", person)
		}
		return fn(it)
	})
	if err != nil {
		return vetgraph.ReviewItem{}, err
	}
	return s.Item(ctx, person, time.Time{})
}

// retry loads the item, asks fn for the event to append (nil: nothing to do)
// and appends it as the next version; on a version conflict it starts over.
func (s *Service) retry(ctx context.Context, person vetgraph.EntityID, fn func(it *vetgraph.ReviewItem, exists bool) (*vetgraph.Event, error)) error {
	var last error
	for range s.cfg.MaxRetries {
		it, exists, err := s.load(ctx, person, time.Time{})
		if err != nil {
			return err
		}
		ev, err := fn(&it, exists)
		if err != nil || ev == nil {
			return err
		}
		_, err = s.store.AppendEvents(ctx, *ev)
		if err == nil {
			return nil
		}
		if vetgraph.ErrorCode(err) != vetgraph.Conflict {
			return err
		}
		last = err
		s.log.Debug("review: version conflict, retrying", "person", person, "version", ev.Version)
	}
	return vetgraph.Errorf(vetgraph.Conflict, "review", "item %s: still conflicting after %d attempts: %w", person, s.cfg.MaxRetries, last)
}

func (s *Service) load(ctx context.Context, person vetgraph.EntityID, asOf time.Time) (vetgraph.ReviewItem, bool, error) {
	var evs []vetgraph.Event
	err := s.store.ScanEvents(ctx, vetgraph.EventFilter{Stream: vetgraph.ReviewStream(person), AsOf: asOf}, func(ev vetgraph.Event) error {
		evs = append(evs, ev)
		return nil
	})
	if err != nil {
		return vetgraph.ReviewItem{}, false, vetgraph.Errorf(vetgraph.ErrorCode(err), "review.load", "read item %s: %w", person, err)
	}
	now := s.clock.Now()
	if !asOf.IsZero() {
		now = asOf
	}
	it, err := fold(person, evs, s.cfg, now)
	return it, len(evs) > 0, err
}

func (s *Service) event(it *vetgraph.ReviewItem, kind, actor string, data any) (*vetgraph.Event, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Internal, "review.event", "encode %s: %w", kind, err)
	}
	return &vetgraph.Event{Stream: vetgraph.ReviewStream(it.Person), Version: it.Version + 1, Kind: kind, At: s.clock.Now(), Actor: actor, Data: b}, nil
}
