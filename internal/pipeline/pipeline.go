// Package pipeline owns the data flow from the record log to decisions: it
// replays a store into the resolution engine (internal/resolve) and the
// vetting engine (internal/vet), imports new batches all-or-nothing and
// re-vets what they change, applies retractions, and hands every flag delta
// to the review queue (internal/review). The CLI and the HTTP server drive
// vetgraph through it; it holds no storage code and no matching or policy
// rules of its own.
//
// # Replay
//
// The derived state (entities, link graph, flags) is a function of the log:
// batches in import order and retraction events, interleaved by system time.
// [Open] replays the log up to Options.AsOf (zero: everything), so "what did
// we know on the day this person was admitted?" is Open with that day.
// Review items and audit entries are events themselves and are not derived
// again on replay: deltas reach the review queue once, when they happen.
package pipeline

import (
	"cmp"
	"context"
	"encoding/json"
	"iter"
	"log/slog"
	"slices"
	"sync"
	"time"

	"vetgraph"
	"vetgraph/internal/report"
	"vetgraph/internal/resolve"
	"vetgraph/internal/review"
	"vetgraph/internal/vet"
)

// Options configure a Pipeline. Zero values take the defaults.
type Options struct {
	Resolve *resolve.Config
	Policy  *vet.Policy
	Review  *review.Config
	Clock   vetgraph.Clock
	Logger  *slog.Logger
	// AsOf limits the replay to what was recorded at or before it.
	AsOf time.Time
}

// Pipeline is the live state of one store. Its methods are safe for
// concurrent use; mutations are serialized.
type Pipeline struct {
	mu     sync.RWMutex
	store  vetgraph.Store
	res    *resolve.Engine
	vet    *vet.Vetter
	review *review.Service
	clock  vetgraph.Clock
	log    *slog.Logger
	asOf   time.Time

	batches   map[vetgraph.BatchID]vetgraph.Batch
	retracted map[vetgraph.BatchID]Retraction
	// holder maps a subject record key to the batch of its version the
	// resolver holds, so a retraction removes only what that batch brought.
	holder map[vetgraph.RecordKey]vetgraph.BatchID
	stats  ReplayStats
}

// Retraction is a batch's withdrawal.
type Retraction struct {
	Batch  vetgraph.BatchID `json:"batch"`
	Reason string           `json:"reason"`
	At     time.Time        `json:"at"`
	Actor  string           `json:"actor,omitempty"`
}

// ReplayStats says what Open replayed and how long it took.
type ReplayStats struct {
	Batches     int           `json:"batches"`
	Retractions int           `json:"retractions"`
	Records     int           `json:"records"`
	Duration    time.Duration `json:"duration_ns"`
}

// Open replays store into a new Pipeline.
func Open(ctx context.Context, store vetgraph.Store, opt Options) (*Pipeline, error) {
	if opt.Clock == nil {
		opt.Clock = vetgraph.ClockFunc(time.Now)
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	rcfg := resolve.DefaultConfig()
	if opt.Resolve != nil {
		rcfg = *opt.Resolve
	}
	pol := opt.Policy
	if pol == nil {
		pol = vet.DefaultPolicy()
	}
	vcfg := review.DefaultConfig()
	if opt.Review != nil {
		vcfg = *opt.Review
	}
	res := resolve.New(rcfg, opt.Logger)
	p := &Pipeline{
		store:     store,
		res:       res,
		vet:       vet.New(pol, res, opt.Logger),
		review:    review.New(store, opt.Clock, vcfg, opt.Logger),
		clock:     opt.Clock,
		log:       opt.Logger,
		asOf:      opt.AsOf,
		batches:   map[vetgraph.BatchID]vetgraph.Batch{},
		retracted: map[vetgraph.BatchID]Retraction{},
		holder:    map[vetgraph.RecordKey]vetgraph.BatchID{},
	}
	if err := p.replay(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// step is one item of the log's timeline: a batch or a retraction.
type step struct {
	at      time.Time
	batch   *vetgraph.Batch
	retract *Retraction
}

func (p *Pipeline) replay(ctx context.Context) error {
	const op = "pipeline.Open"
	start := time.Now()
	batches, err := p.store.Batches(ctx)
	if err != nil {
		return err
	}
	var steps []step
	for i := range batches {
		b := &batches[i]
		if !p.asOf.IsZero() && b.ImportedAt.After(p.asOf) {
			continue
		}
		steps = append(steps, step{at: b.ImportedAt, batch: b})
	}
	err = p.store.ScanEvents(ctx, vetgraph.EventFilter{Kind: vetgraph.EventBatchRetracted, AsOf: p.asOf}, func(ev vetgraph.Event) error {
		r, err := retractionOf(ev)
		if err != nil {
			return err
		}
		steps = append(steps, step{at: ev.At, retract: &r})
		return nil
	})
	if err != nil {
		return err
	}
	// Batches keep import order; a retraction goes after everything recorded
	// at or before its time.
	slices.SortStableFunc(steps, func(a, b step) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(kindRank(a), kindRank(b))
	})
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, op, "replay: %w", err)
		}
		if s.batch != nil {
			recs, err := p.batchRecords(ctx, s.batch.ID)
			if err != nil {
				return err
			}
			if _, err := p.applyBatch(*s.batch, recs); err != nil {
				return err
			}
			p.stats.Batches++
			p.stats.Records += len(recs)
			continue
		}
		if _, ok := p.batches[s.retract.Batch]; !ok {
			continue // retraction of a batch outside the replay window
		}
		if _, err := p.applyRetraction(ctx, *s.retract); err != nil {
			return err
		}
		p.stats.Retractions++
	}
	p.stats.Duration = time.Since(start)
	return nil
}

func kindRank(s step) int {
	if s.batch != nil {
		return 0
	}
	return 1
}

func retractionOf(ev vetgraph.Event) (Retraction, error) {
	var d struct {
		Reason string `json:"reason"`
	}
	if len(ev.Data) > 0 {
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return Retraction{}, vetgraph.Errorf(vetgraph.Internal, "pipeline.retraction", "event %d: %w", ev.Seq, err)
		}
	}
	id := vetgraph.BatchID(ev.Stream[len("batch/"):])
	return Retraction{Batch: id, Reason: d.Reason, At: ev.At, Actor: ev.Actor}, nil
}

func (p *Pipeline) batchRecords(ctx context.Context, id vetgraph.BatchID) ([]vetgraph.Record, error) {
	var recs []vetgraph.Record
	err := p.store.ScanRecords(ctx, vetgraph.RecordFilter{Batch: id}, func(r vetgraph.Record) error {
		recs = append(recs, r)
		return nil
	})
	return recs, err
}

// applyBatch feeds one stored batch to the resolver and the vetter and
// returns the flag deltas.
func (p *Pipeline) applyBatch(b vetgraph.Batch, recs []vetgraph.Record) ([]vetgraph.FlagDelta, error) {
	p.batches[b.ID] = b
	var changed []vetgraph.EntityID
	restated := map[vetgraph.RecordKey]bool{}
	subjects := make([]vetgraph.Record, 0, len(recs))
	for _, r := range recs {
		// Events go to the resolver too (people met together in one
		// encounter are two people), and judgements (same_as, not_same_as).
		if vetgraph.Resolves(r) {
			subjects = append(subjects, r)
			restated[r.Key] = true
			p.holder[r.Key] = b.ID
		}
	}
	// AddAll prepares records on every core and resolves them in order,
	// exactly as consecutive Add calls would.
	for _, ch := range p.res.AddAll(subjects) {
		changed = appendChanged(changed, &ch)
	}
	// A correction replaces what the corrected batch said: subjects it does
	// not restate leave the resolver.
	if b.Supersedes != "" {
		var drop []vetgraph.RecordKey
		for k, holder := range p.holder {
			if holder == b.Supersedes && !restated[k] {
				drop = append(drop, k)
			}
		}
		changed = p.retractKeys(changed, drop)
	}
	deltas, err := p.vet.Apply(b, recs)
	if err != nil {
		return nil, err
	}
	if len(changed) > 0 {
		deltas = append(deltas, p.vet.EntitiesChanged(string(b.ID), b.ImportedAt, changed...)...)
	}
	return deltas, nil
}

func (p *Pipeline) retractKeys(changed []vetgraph.EntityID, keys []vetgraph.RecordKey) []vetgraph.EntityID {
	if len(keys) == 0 {
		return changed
	}
	slices.SortFunc(keys, func(a, b vetgraph.RecordKey) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID))
	})
	for _, k := range keys {
		if id, ok := p.res.EntityOf(k); ok {
			changed = append(changed, id)
		}
		delete(p.holder, k)
	}
	ch := p.res.Retract(keys...)
	return appendChanged(changed, &ch)
}

func (p *Pipeline) applyRetraction(ctx context.Context, r Retraction) ([]vetgraph.FlagDelta, error) {
	p.retracted[r.Batch] = r
	var keys []vetgraph.RecordKey
	for k, holder := range p.holder {
		if holder == r.Batch {
			keys = append(keys, k)
		}
	}
	changed := p.retractKeys(nil, keys)
	deltas, err := p.vet.Retract(r.Batch, r.At)
	if err != nil {
		return nil, err
	}
	if len(changed) > 0 {
		deltas = append(deltas, p.vet.EntitiesChanged("retract:"+string(r.Batch), r.At, changed...)...)
	}
	return deltas, nil
}

// appendChanged adds every entity a resolver change touched.
func appendChanged(ids []vetgraph.EntityID, ch *resolve.Change) []vetgraph.EntityID {
	ids = append(ids, ch.Created...)
	ids = append(ids, ch.Removed...)
	for _, m := range ch.Merged {
		ids = append(ids, m.Absorbed, m.Survivor)
	}
	for _, l := range ch.Splits {
		ids = append(ids, l.From...)
		ids = append(ids, l.Into)
	}
	for _, m := range ch.Moved {
		if m.From != "" {
			ids = append(ids, m.From)
		}
		if m.To != "" {
			ids = append(ids, m.To)
		}
	}
	return ids
}

// ImportResult is what one import did.
type ImportResult struct {
	Batch   vetgraph.Batch       `json:"batch"`
	Deltas  []vetgraph.FlagDelta `json:"deltas"`
	Review  []review.Change      `json:"review,omitempty"`
	Store   time.Duration        `json:"store_ns"`
	Revet   time.Duration        `json:"revet_ns"`
	Applied bool                 `json:"applied"`
}

// Import stores a batch all-or-nothing (an error from recs leaves the store
// as it was and is returned as it is), resolves its subjects, re-vets what
// changed, and hands the deltas to the review queue. Importing content the
// store already holds changes nothing and yields no deltas.
func (p *Pipeline) Import(ctx context.Context, b vetgraph.Batch, recs iter.Seq2[vetgraph.Record, error]) (ImportResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.asOf.IsZero() {
		return ImportResult{}, vetgraph.Errorf(vetgraph.Invalid, "pipeline.Import", "cannot import into an as-of replay")
	}
	if b.Supersedes != "" {
		if _, ok := p.batches[b.Supersedes]; !ok {
			return ImportResult{}, vetgraph.Errorf(vetgraph.NotFound, "pipeline.Import", "--supersedes: no batch %s", b.Supersedes)
		}
	}
	t0 := time.Now()
	stored, err := p.store.ImportBatch(ctx, b, recs)
	if err != nil {
		return ImportResult{}, err
	}
	t1 := time.Now()
	res := ImportResult{Batch: stored, Store: t1.Sub(t0), Applied: true}
	got, err := p.batchRecords(ctx, stored.ID)
	if err != nil {
		return res, err
	}
	deltas, err := p.applyBatch(stored, got)
	if err != nil {
		return res, err
	}
	res.Revet = time.Since(t1)
	res.Deltas = deltas
	res.Review, err = p.review.Apply(ctx, deltas)
	return res, err
}

// Retract withdraws a batch: it appends the retraction event (nothing is
// deleted), re-vets, and hands the deltas to the review queue.
// Errors: NotFound for an unknown batch, Conflict if already retracted,
// Invalid without a reason.
func (p *Pipeline) Retract(ctx context.Context, id vetgraph.BatchID, reason, actor string) ([]vetgraph.FlagDelta, []review.Change, error) {
	const op = "pipeline.Retract"
	p.mu.Lock()
	defer p.mu.Unlock()
	if reason == "" {
		return nil, nil, vetgraph.Errorf(vetgraph.Invalid, op, "a retraction needs a reason")
	}
	if _, ok := p.batches[id]; !ok {
		return nil, nil, vetgraph.Errorf(vetgraph.NotFound, op, "no batch %s", id)
	}
	if _, ok := p.retracted[id]; ok {
		return nil, nil, vetgraph.Errorf(vetgraph.Conflict, op, "batch %s is already retracted", id)
	}
	stream := vetgraph.BatchStream(id)
	ver, err := p.store.StreamVersion(ctx, stream)
	if err != nil {
		return nil, nil, err
	}
	data, _ := json.Marshal(map[string]string{"reason": reason})
	evs, err := p.store.AppendEvents(ctx, vetgraph.Event{
		Stream: stream, Version: ver + 1, Kind: vetgraph.EventBatchRetracted,
		At: p.clock.Now().UTC(), Actor: actor, Data: data,
	})
	if err != nil {
		return nil, nil, err
	}
	r, err := retractionOf(evs[0])
	if err != nil {
		return nil, nil, err
	}
	deltas, err := p.applyRetraction(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	changes, err := p.review.Apply(ctx, deltas)
	return deltas, changes, err
}

// Flags returns every person's current flags (as of the replay's cut-off).
func (p *Pipeline) Flags(ctx context.Context) ([]vetgraph.Flag, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.vet.Flags(ctx, time.Time{})
}

// Deltas returns the flag deltas after batch since ("" for all), in order.
func (p *Pipeline) Deltas(since vetgraph.BatchID) ([]vetgraph.FlagDelta, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.vet.Deltas(since)
}

// Retractions returns the batches withdrawn so far, with reason and time.
func (p *Pipeline) Retractions() map[vetgraph.BatchID]Retraction {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[vetgraph.BatchID]Retraction, len(p.retracted))
	for k, v := range p.retracted {
		out[k] = v
	}
	return out
}

// Stats returns what the replay did.
func (p *Pipeline) Stats() ReplayStats { return p.stats }

// Resolver returns the resolution engine. Callers must not mutate it and
// must hold no expectation of it across Import or Retract calls.
func (p *Pipeline) Resolver() *resolve.Engine { return p.res }

// Vetter returns the vetting engine (safe for concurrent reads).
func (p *Pipeline) Vetter() *vet.Vetter { return p.vet }

// Review returns the review queue.
func (p *Pipeline) Review() *review.Service { return p.review }

// Entity returns a resolved entity (following redirects).
func (p *Pipeline) Entity(id vetgraph.EntityID) (vetgraph.Entity, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.res.Entity(id)
}

// Entities returns every entity, sorted by id.
func (p *Pipeline) Entities() []vetgraph.Entity {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []vetgraph.Entity
	for e := range p.res.Entities() {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b vetgraph.Entity) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Hit is one candidate entity for a screened encounter: how well it
// matches (score pieces), whether it is on a watchlist, and the flags it
// carries with their evidence paths.
type Hit struct {
	Entity    vetgraph.EntityID      `json:"entity"`
	Schema    string                 `json:"schema"`
	Names     []string               `json:"names"`
	Record    vetgraph.RecordKey     `json:"best_record"`
	Score     vetgraph.Score         `json:"score"`
	Decision  vetgraph.MatchDecision `json:"decision"`
	Watchlist []string               `json:"watchlist,omitempty"` // watchlist sources holding the entity (ofac, un)
	Topics    []vetgraph.Topic       `json:"topics,omitempty"`
	Flags     []vetgraph.Flag        `json:"flags,omitempty"`
}

// watchlistFormats are the import formats of official lists.
func watchlistFormat(f string) bool { return f == "ofac" || f == "un" }

// Screen ranks the entities a prospective encounter q matches, best first
// (at most limit), with their watchlist membership and flags. Nothing is
// stored: the encounter is not imported.
func (p *Pipeline) Screen(ctx context.Context, q vetgraph.Record, limit int) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, vetgraph.Errorf(vetgraph.Internal, "pipeline.Screen", "%w", err)
	}
	if !vetgraph.IsSubject(q.Schema) {
		return nil, vetgraph.Errorf(vetgraph.Invalid, "pipeline.Screen", "screen a Person or Organization, not %q", q.Schema)
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	cands := p.res.Candidates(q, limit)
	hits := make([]Hit, 0, len(cands))
	for _, c := range cands {
		ent, ok := p.res.Entity(c.Entity)
		if !ok {
			continue
		}
		h := Hit{Entity: ent.ID, Schema: ent.Schema, Names: ent.Names, Record: c.Record, Score: c.Score, Decision: c.Decision, Topics: ent.Topics}
		for _, k := range ent.Records {
			if b, ok := p.batches[p.holder[k]]; ok && watchlistFormat(b.Format) && !slices.Contains(h.Watchlist, k.Source) {
				h.Watchlist = append(h.Watchlist, k.Source)
			}
		}
		slices.Sort(h.Watchlist)
		h.Flags = p.vet.PersonFlags(ent.ID)
		hits = append(hits, h)
	}
	return hits, nil
}

// ScreenCrowded is resolve.Engine.Crowded for a prospective encounter: the
// most records holding one of its keys too common to compare by (0 when
// none is), for a screening that found no candidate to say why.
func (p *Pipeline) ScreenCrowded(q vetgraph.Record) int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.res.Crowded(q)
}

// ReportInput gathers what an outcome report is built from, as of the
// replay's cut-off (asOf: the time the report speaks for; zero means now by
// the pipeline's clock): every person's flags, the review items as they stood
// then, every known concern (so a network nobody is linked to still gets a
// zero row), and the resolver's redirects for merged-away person ids.
func (p *Pipeline) ReportInput(ctx context.Context, asOf time.Time) (report.Input, error) {
	flags, err := p.Flags(ctx)
	if err != nil {
		return report.Input{}, err
	}
	items, err := p.review.List(ctx, review.Filter{AsOf: asOf})
	if err != nil {
		return report.Input{}, err
	}
	if asOf.IsZero() {
		asOf = p.clock.Now()
	}
	in := report.Input{AsOf: asOf, Flags: flags, Items: items}
	p.mu.RLock()
	redirect := map[vetgraph.EntityID]vetgraph.EntityID{}
	for _, rd := range p.res.Redirects() {
		if live, ok := p.res.Resolve(rd.From); ok {
			redirect[rd.From] = live
		}
	}
	for ent := range p.res.Entities() {
		if ent.Schema == vetgraph.SchemaPerson {
			continue
		}
		name := ""
		if len(ent.Names) > 0 {
			name = ent.Names[0]
		}
		for _, t := range ent.Topics {
			in.Concerns = append(in.Concerns, report.Concern{ID: ent.ID, Name: name, Topic: t})
		}
	}
	p.mu.RUnlock()
	in.Resolve = func(id vetgraph.EntityID) vetgraph.EntityID {
		if live, ok := redirect[id]; ok {
			return live
		}
		return id
	}
	return in, nil
}
