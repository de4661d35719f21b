package resolve

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"math"
	"slices"
	"strconv"

	"vetgraph"
	"vetgraph/internal/match"
	"vetgraph/internal/name"
)

// Engine resolves subject records into entities, incrementally. Its state
// lives in memory and is a function of the records added and retracted:
//
//   - Two records are compared when they share an active blocking key (a
//     name key with a birth date, two name keys, a name key with a postal
//     code, an identifier value, the same FtM id), or when each was met at
//     the border with the same person (a companion: companion.go). A key shared by more
//     records than its limit is inactive: a common name alone does not make
//     records meet, and a link-grade value held by more records than the
//     generic limit neither blocks nor weighs.
//   - A compared pair scoring at least Config.Match is a same-entity edge, at
//     least Config.Possible a possible-match edge (kept for review). Records
//     with the same FtM id are always the same entity.
//   - Entities are the connected components of the same-entity edges,
//     except that people met together in one encounter are never one
//     entity: a component holding two of them is partitioned, strongest
//     matches first, and a record that fits both nearly equally stays on
//     its own for a reviewer (apart.go).
//
// Because each of these is a function of the set of records alone, any load
// order gives the same entities (sequence neutrality). Entity ids are stable:
// a new entity takes an id derived from its founding record's key; a merge
// keeps the id of the entity holding most of the records (ties: the larger
// entity, then the smaller id) and redirects the absorbed one; a split keeps
// the id on the larger part (ties: the part with the smallest record key)
// and records lineage on both. Ids are a function of the order of Add and
// Retract calls, so replaying a log gives the same ids.
//
// An Engine is not safe for concurrent mutation: callers serialize Add and
// Retract against everything else. Reads (Why, Explain, Candidates,
// Possible, WeakMerges, the entity queries) may run side by side.
type Engine struct {
	cfg Config
	log *slog.Logger
	// floor is Config.Possible in bits: pairs below it need no exact score.
	floor float64
	recs  recTable
	byID  keyIndex

	blocks    blockSet                 // the blocking index
	events    events                   // who was met together, hence is not one person
	judg      judgements               // decisions: one person, or two (judgements.go)
	topics    map[rid][]vetgraph.Topic // the topics of the held records that have any (few do)
	interned  names                    // the records' prepared whole names, shared
	entities  map[vetgraph.EntityID]*entity
	redirects map[vetgraph.EntityID]vetgraph.EntityID

	// scratch for one operation
	keys   keyer    // the added or removed record's keys
	active []*block // scratch: a record's active blocks (deactivate)
	joined []*block // scratch: the added record's blocks, nil where it holds a key alone
	one    [1]rid   // scratch: a key's single holder
	mark   []uint32
	gen    uint32
	dirty  []*entity
	// pending are pairs whose companion evidence may have changed, rescored
	// at the end of the operation (companion.go).
	pending [][2]rid
	pairs   [][2]rid                      // scratch: rescoreNamesakePairs
	typo    typoPairs                     // the pairs the namesakes rules may change (namesakes.go)
	scoring scoringPair                   // scratch: the pair evaluate scores (notePair)
	evmap   map[vetgraph.RecordKey]string // scratch: conflicted
	ch      *Change
	seq     int64
	cause   vetgraph.RecordKey
	evals   int64
}

type rid int32

// rec is a record held (or, !alive, retracted): its schema is feat.Schema.
type rec struct {
	key   vetgraph.RecordKey
	feat  *match.RecordFeatures
	names []string
	edges []edge
	ent   *entity
	pos   int32
	alive bool
}

type edge struct {
	to    rid
	value float32
	same  bool
	// base: the pair is the same entity on its own evidence, without a
	// shared companion (see companion.go); only base edges make companions.
	base bool
}

// verdict is a scored pair: its value and what it decides.
type verdict struct {
	v              float64
	same, possible bool
	base           bool // same without the companion evidence
}

type entity struct {
	id      vetgraph.EntityID
	members []rid
	lineage []vetgraph.Lineage
	dirty   bool
	dead    bool
	// constrained: the entity's same-entity component holds people met
	// together, so it was partitioned (apart.go) and any change to its
	// edges is settled again.
	constrained bool
}

// Change is what one Add or Retract did to the entities, so the link graph
// knows which nodes changed. A merge moves every record of the absorbed
// entity to the survivor (listed in Merged, not in Moved); Moved lists the
// records that changed entity in a split, and the added record itself.
type Change struct {
	Record   vetgraph.RecordKey     `json:"record"`
	Decision vetgraph.MatchDecision `json:"decision,omitempty"`
	// Entity holds the record after the change; empty after a retraction.
	Entity   vetgraph.EntityID   `json:"entity,omitempty"`
	Created  []vetgraph.EntityID `json:"created,omitempty"`
	Merged   []Merge             `json:"merged,omitempty"`
	Splits   []vetgraph.Lineage  `json:"splits,omitempty"`
	Moved    []Move              `json:"moved,omitempty"`
	Removed  []vetgraph.EntityID `json:"removed,omitempty"` // entities left without records
	Possible []Pair              `json:"possible,omitempty"`
}

// Merge says Absorbed was merged into Survivor; Absorbed now redirects.
type Merge struct {
	Absorbed vetgraph.EntityID `json:"absorbed"`
	Survivor vetgraph.EntityID `json:"survivor"`
}

// Move says a record changed entity ("" From for a new record, "" To for a
// retracted one).
type Move struct {
	Record vetgraph.RecordKey `json:"record"`
	From   vetgraph.EntityID  `json:"from,omitempty"`
	To     vetgraph.EntityID  `json:"to,omitempty"`
}

// Pair is a compared record pair with its decision.
type Pair struct {
	A, B     vetgraph.RecordKey
	Score    float64
	Decision vetgraph.MatchDecision
}

// Empty reports whether the change changed nothing.
func (c *Change) Empty() bool {
	return len(c.Created)+len(c.Merged)+len(c.Splits)+len(c.Moved)+len(c.Removed)+len(c.Possible) == 0
}

// New returns an empty engine. An invalid cfg is replaced by the defaults
// (and logged); validate configuration with [ParseConfig] first.
func New(cfg Config, log *slog.Logger) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := cfg.validate(); err != nil {
		log.Error("invalid resolution config, using defaults", "err", err)
		cfg = DefaultConfig()
	}
	return &Engine{
		floor:     math.Log2(cfg.Possible/(1-cfg.Possible)) - 1e-9,
		cfg:       cfg,
		log:       log,
		byID:      newKeyIndex(),
		blocks:    newBlockSet(),
		topics:    make(map[rid][]vetgraph.Topic),
		interned:  names{words: name.NewCache()},
		entities:  make(map[vetgraph.EntityID]*entity),
		redirects: make(map[vetgraph.EntityID]vetgraph.EntityID),
	}
}

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// Evaluations returns how many record pairs the engine has scored so far
// (a measure of blocking cost).
func (e *Engine) Evaluations() int64 { return e.evals }

// Len returns the number of records held.
func (e *Engine) Len() int { return e.byID.n }

// Add resolves a subject record against the entities and stores it. A record
// whose key is held already replaces the held version (as a retraction of the
// old one followed by the new one, in one Change). An Event record is held
// as evidence that the people it involves are different people (see
// events). Records of other schemata (relationships, documents) are ignored
// and give an empty Change.
func (e *Engine) Add(r vetgraph.Record) Change {
	if r.Schema == vetgraph.SchemaEvent {
		return e.addEvent(r)
	}
	if same, ok := vetgraph.Judgement(r); ok {
		return e.addJudgement(r, same)
	}
	if !vetgraph.IsSubject(r.Schema) {
		return Change{Record: r.Key}
	}
	var ch Change
	e.add(&ch, newRec(r, acquirer{&e.interned}), r.Seq)
	return ch
}

// add resolves a prepared subject record, the seq-th in the log, into ch
// (the caller's, so that AddAll's changes are not each a heap object).
func (e *Engine) add(ch *Change, p prepared, seq int64) {
	nr := p.rec
	*ch = Change{Record: nr.key}
	e.begin(ch, seq, nr.key)
	if old, ok := e.lookup(nr.key); ok {
		e.remove(old)
	}
	id := e.recs.add(nr)
	if len(p.topics) > 0 {
		e.topics[id] = p.topics
	}
	e.mark = append(e.mark, 0)
	e.index(nr.key, id)
	x := e.rec(id)

	// Join the blocks first, so that holder counts include the new record.
	var crossed, rare, phones []*block
	keys := p.keys
	if keys == nil {
		keys = blockKeys(&e.keys, x.feat, e.cfg)
	}
	e.joined = e.joined[:0]
	for _, k := range keys {
		b := e.blocks.add(k, id)
		e.joined = append(e.joined, b)
		switch {
		case b == nil: // held by this record alone
		case len(b.members) == int(b.limit)+1:
			crossed = append(crossed, b)
			if phoneKey(x.feat, k.h) {
				phones = append(phones, b)
			}
		case b.freq && e.cfg.Weights.NameFrequency.Changes(len(b.members)):
			rare = append(rare, b)
		}
	}
	for _, b := range crossed {
		e.deactivate(b)
	}
	for _, b := range phones {
		e.phoneTurnedGeneric(b)
	}
	for _, b := range rare {
		e.rescoreEdges(b, id)
	}
	e.rescoreNamesakes(x.feat)

	// Compare with every record that shares an active key, and with those
	// judged the same person.
	e.gen++
	e.mark[id] = e.gen
	var sameEnts []*entity
	possible := false
	compare := func(o rid) {
		if e.mark[o] == e.gen {
			return
		}
		e.mark[o] = e.gen
		vd := e.evaluate(id, o)
		if !vd.possible {
			return
		}
		e.setEdge(id, o, vd)
		if vd.same {
			if ent := e.rec(o).ent; !slices.Contains(sameEnts, ent) {
				sameEnts = append(sameEnts, ent)
			}
		} else {
			possible = true
		}
	}
	for _, b := range e.joined {
		if b == nil || !b.active() {
			continue
		}
		for _, o := range b.members {
			compare(o)
		}
	}
	if len(e.judg.pair) > 0 {
		e.judgedSame(id, compare)
	}

	if len(sameEnts) == 0 {
		ent := e.newEntity(x.key)
		e.join(ent, id)
		ch.Created = append(ch.Created, ent.id)
		ch.Decision = vetgraph.DecisionNew
		if possible {
			ch.Decision = vetgraph.DecisionPossible
		}
	} else {
		// The record joins the entity it matches; when it matches several,
		// or people met together may be at stake, the entities are settled
		// at the end of the operation (merged, or kept apart: apart.go).
		surv := sameEnts[0]
		for _, ent := range sameEnts[1:] {
			if better(ent, surv) {
				surv = ent
			}
		}
		e.join(surv, id)
		if len(sameEnts) > 1 || len(e.events.of[nr.key.ID]) > 0 || len(e.judg.of[nr.key.ID]) > 0 ||
			slices.ContainsFunc(sameEnts, func(o *entity) bool { return o.constrained }) || e.docConflict(surv, id) {
			for _, ent := range sameEnts {
				e.markDirty(ent)
			}
		}
		ch.Decision = vetgraph.DecisionSame
	}
	e.touchEvents(nr.key.ID)
	e.end()
	ch.Moved = append(ch.Moved, Move{Record: nr.key, To: x.ent.id})
}

// Retract removes records (unknown keys are skipped). A retracted record no
// longer holds anything together: an entity it alone connected splits, the
// larger part keeping the id. Retraction can also merge: a blocking key that
// falls back under its limit makes its records meet again.
func (e *Engine) Retract(keys ...vetgraph.RecordKey) Change {
	var ch Change
	if len(keys) == 1 {
		ch.Record = keys[0]
	}
	cause := vetgraph.RecordKey{}
	if len(keys) > 0 {
		cause = keys[0]
	}
	e.begin(&ch, 0, cause)
	for _, k := range keys {
		if id, ok := e.lookup(k); ok {
			e.remove(id)
		} else if !e.removeEvent(k) {
			e.removeJudgement(k)
		}
	}
	e.end()
	return ch
}

func (e *Engine) begin(ch *Change, seq int64, cause vetgraph.RecordKey) {
	e.ch, e.seq, e.cause = ch, seq, cause
	e.dirty = e.dirty[:0]
}

// end splits the entities that lost same-entity edges and finishes the change.
func (e *Engine) end() {
	e.rescoreCompanions()
	for i := 0; i < len(e.dirty); i++ {
		ent := e.dirty[i]
		ent.dirty = false
		if !ent.dead {
			e.settle(ent)
		}
	}
	e.dirty = e.dirty[:0]
	if e.ch.Entity == "" && e.ch.Record != (vetgraph.RecordKey{}) {
		if id, ok := e.lookup(e.ch.Record); ok {
			e.ch.Entity = e.rec(id).ent.id
		}
	}
	e.ch = nil
}

// remove takes a record out of its blocks, edges and entity.
func (e *Engine) remove(id rid) {
	x := e.rec(id)
	if !x.alive {
		return
	}
	var reopened, rarer, phones []*block
	for _, k := range blockKeys(&e.keys, x.feat, e.cfg) {
		edge := k.freq && e.cfg.Weights.NameFrequency.Changes(e.blocks.count(k.h))
		b, wasActive := e.blocks.remove(k.h, id)
		switch {
		case b == nil:
		case !wasActive && b.active():
			reopened = append(reopened, b)
			if phoneKey(x.feat, k.h) {
				phones = append(phones, b)
			}
		case edge:
			rarer = append(rarer, b)
		}
	}
	for _, ed := range x.edges {
		o := e.rec(ed.to)
		o.edges = slices.DeleteFunc(o.edges, func(d edge) bool { return d.to == id })
		if ed.same && (o.ent != x.ent || x.ent.constrained) {
			e.markDirty(o.ent) // what x kept apart may join again
		}
		if ed.base {
			e.flipped(id, ed.to)
		}
	}
	x.edges = nil
	e.touchEvents(x.key.ID)
	e.forgetPairs(id, x.feat)
	ent := x.ent
	e.leave(id)
	x.alive = false
	e.unindex(x.key)
	e.ch.Moved = append(e.ch.Moved, Move{Record: x.key, From: ent.id})
	if len(ent.members) == 0 {
		ent.dead = true
		delete(e.entities, ent.id)
		e.ch.Removed = append(e.ch.Removed, ent.id)
	} else {
		e.markDirty(ent)
	}
	delete(e.topics, id)
	e.interned.release(x.feat.PreparedNames())
	f := x.feat
	x.feat = nil
	for _, b := range reopened {
		e.activate(b)
	}
	for _, b := range phones {
		// A phone no longer generic is its holders' own again: it counts
		// against their pairs with records of other phones (lower).
		e.rescoreEdges(b, id)
	}
	for _, b := range rarer {
		e.recompare(b)
	}
	e.recompareNamesakes(f)
}

// rescoreEdges runs when a name key becomes more common (its bucket grows):
// the name weighs less, so the edges of its holders are rescored. Pairs
// without an edge cannot gain one. skip is the record being added (or
// removed). It runs too when a phone stops being generic (remove): it
// counts against its holders' pairs again.
func (e *Engine) rescoreEdges(b *block, skip rid) {
	for _, i := range b.members {
		if i == skip {
			continue
		}
		x := e.rec(i)
		for k := 0; k < len(x.edges); k++ {
			j := x.edges[k].to
			// A pair of holders is rescored once, from its smaller record.
			if j == skip || j < i && e.holdsFreq(j, b) {
				continue
			}
			vd := e.evaluate(i, j)
			e.setEdge(i, j, vd)
			if !vd.possible {
				k--
			}
		}
	}
}

// recompare runs when a name key becomes rarer (a holder was retracted):
// the name weighs more, so each holder is compared again with every record
// it shares an active key with.
func (e *Engine) recompare(b *block) {
	for _, i := range slices.Clone(b.members) {
		keys := slices.Clone(blockKeys(&e.keys, e.rec(i).feat, e.cfg))
		for _, k := range keys {
			kb := e.blocks.block(k.h)
			if kb == nil || !kb.active() {
				continue
			}
			for _, j := range slices.Clone(kb.members) {
				if j != i {
					e.setEdge(i, j, e.evaluate(i, j))
				}
			}
		}
	}
}

// phoneTurnedGeneric runs when a phone's block grows past the generic
// limit: the phone is no holder's own and no longer counts against a
// holder's pairs with records of other phones (match.linkDiffers), which
// may now score higher. Only a holder left with no phone of its own
// changes, and only its pairs with records that hold phones (not this
// one: deactivate rescored the holders' pairs); those are compared again.
func (e *Engine) phoneTurnedGeneric(b *block) {
	for _, i := range slices.Clone(b.members) {
		x := e.rec(i)
		if e.ownPhone(x.feat) {
			continue
		}
		var act [32]*block // not e.active: evaluate uses it (companion)
		for _, kb := range e.activeBlocks(i, act[:0]) {
			for _, j := range slices.Clone(kb.members) {
				if j == i || slices.Contains(b.members, j) || !hasPhone(e.rec(j).feat) {
					continue
				}
				e.setEdge(i, j, e.evaluate(i, j))
			}
		}
	}
}

// ownPhone reports whether f holds a phone held by at most the generic
// limit (one of its own).
func (e *Engine) ownPhone(f *match.RecordFeatures) bool {
	for _, id := range f.Links {
		if id.Kind == vetgraph.IDPhone && e.blocks.count(linkKey(vetgraph.IDPhone, id.Value)) <= e.cfg.Weights.GenericLimit {
			return true
		}
	}
	return false
}

// hasPhone reports whether f holds a phone.
func hasPhone(f *match.RecordFeatures) bool {
	return slices.ContainsFunc(f.Links, func(id match.Ident) bool { return id.Kind == vetgraph.IDPhone })
}

// phoneKey reports whether h is the link-grade key of one of f's phones.
func phoneKey(f *match.RecordFeatures, h uint64) bool {
	for _, id := range f.Links {
		if id.Kind == vetgraph.IDPhone && linkKey(vetgraph.IDPhone, id.Value) == h {
			return true
		}
	}
	return false
}

// deactivate runs when a block grows past its limit: its pairs stay linked
// only if they still share an active key, rescored (a link-grade value that
// became generic no longer weighs).
func (e *Engine) deactivate(b *block) {
	for _, i := range b.members {
		x := e.rec(i)
		// i's active keys held by others, found once for all its pairs
		// (nothing below changes which blocks are active).
		var active []*block
		found := false
		for k := 0; k < len(x.edges); k++ {
			j := x.edges[k].to
			if j < i || !slices.Contains(b.members, j) {
				continue
			}
			if !found {
				active, found = e.activeBlocks(i, e.active[:0]), true
				e.active = active
			}
			if !e.meets(i, j, active) {
				e.setEdge(i, j, verdict{})
				k--
				continue
			}
			vd := e.evaluate(i, j)
			e.setEdge(i, j, vd)
			if !vd.possible {
				k--
			}
		}
	}
}

// activate runs when a block falls back to its limit: all its pairs meet.
func (e *Engine) activate(b *block) {
	ms := slices.Clone(b.members)
	for a, i := range ms {
		for _, j := range ms[a+1:] {
			e.setEdge(i, j, e.evaluate(i, j))
		}
	}
}

// activeBlocks appends to dst the active blocks record i holds with other
// records (a key i holds alone has no block).
func (e *Engine) activeBlocks(i rid, dst []*block) []*block {
	for _, k := range blockKeys(&e.keys, e.rec(i).feat, e.cfg) {
		if b := e.blocks.block(k.h); b != nil && b.active() {
			dst = append(dst, b)
		}
	}
	return dst
}

// holdsAny reports whether record j is a member of one of the blocks.
func holdsAny(blocks []*block, j rid) bool {
	return slices.ContainsFunc(blocks, func(b *block) bool { return slices.Contains(b.members, j) })
}

// holdsFreq reports whether record j holds the name-frequency key of block b
// (a block of holders, from the record's frequency keys, whose hashes are
// cheap to recompute).
func (e *Engine) holdsFreq(j rid, b *block) bool {
	for _, t := range e.rec(j).feat.FrequencyKeys() {
		if e.blocks.block(freqKey(t)) == b {
			return true
		}
	}
	return false
}

// oneSubject is the verdict on records that are one subject whatever they
// score: one FtM id, or judged one person.
var oneSubject = verdict{1, true, true, true}

// evaluate scores a pair under the current generic state.
func (e *Engine) evaluate(i, j rid) verdict {
	e.evals++
	x, y := e.rec(i), e.rec(j)
	if x.key.ID == y.key.ID {
		return oneSubject
	}
	if !compatible(x.feat.Schema, y.feat.Schema) {
		return verdict{}
	}
	if len(e.judg.pair) > 0 {
		switch same, apart, _ := e.judg.judged(x.key.ID, y.key.ID); {
		case apart:
			return verdict{}
		case same:
			return oneSubject
		}
	}
	if e.events.together(x.key.ID, y.key.ID) {
		return verdict{}
	}
	e.notePair(i, j, x.feat, y.feat)
	v := match.Probability(match.RecordBits(x.feat, y.feat, &e.cfg.Weights, counts{e}, e.floor))
	base := v >= e.cfg.Match
	if base && len(e.events.of) > 0 {
		// Only a pair that meets by a blocking key is one person on its own
		// evidence: two pairs that met only through each other's companion
		// would otherwise hold each other up, or not, as the order of
		// arrival had it.
		var buf [32]*block
		base = holdsAny(e.activeBlocks(i, buf[:0]), j)
	}
	if c, ok := e.companion(i, j); ok {
		v = match.Probability(match.RecordBitsWith(x.feat, y.feat, &e.cfg.Weights, counts{e}, &c))
	}
	e.scoring = scoringPair{}
	return verdict{v, v >= e.cfg.Match, v >= e.cfg.Possible, base}
}

// counts answers the scorer's frequency questions from the blocks.
type counts struct{ e *Engine }

// Holders counts the records holding a link-grade value.
func (c counts) Holders(kind vetgraph.IdentifierKind, value string) int {
	return c.e.blocks.count(linkKey(kind, value))
}

// NameHolders counts the records holding a name key.
func (c counts) NameHolders(key string) int {
	return c.e.blocks.count(freqKey(key))
}

// compatible reports whether records of the two schemata may be the same
// subject: persons only with persons, organizations with organizations.
func compatible(a, b string) bool {
	return (a == vetgraph.SchemaPerson) == (b == vetgraph.SchemaPerson)
}

// hasEdge reports whether records i and j have an edge (same entity or
// possible match).
func (e *Engine) hasEdge(i, j rid) bool {
	return slices.ContainsFunc(e.rec(i).edges, func(d edge) bool { return d.to == j })
}

// setEdge records (or, when !possible, removes) the edge between i and j and
// marks the entities it may change, settled at the end of the operation
// (apart.go).
func (e *Engine) setEdge(i, j rid, vd verdict) {
	v, same, possible := vd.v, vd.same, vd.possible
	base := possible && vd.base
	x, y := e.rec(i), e.rec(j)
	k := slices.IndexFunc(x.edges, func(d edge) bool { return d.to == j })
	wasSame := k >= 0 && x.edges[k].same
	changed := !wasSame || x.edges[k].value != float32(v)
	if wasBase := k >= 0 && x.edges[k].base; wasBase != base {
		defer e.flipped(i, j) // once the edge is as it now is
	}
	switch {
	case !possible && k < 0:
		return
	case !possible:
		x.edges = slices.Delete(x.edges, k, k+1)
		y.edges = slices.DeleteFunc(y.edges, func(d edge) bool { return d.to == i })
	case k >= 0:
		x.edges[k] = edge{j, float32(v), same, base}
		m := slices.IndexFunc(y.edges, func(d edge) bool { return d.to == i })
		y.edges[m] = edge{i, float32(v), same, base}
	default:
		x.edges = append(x.edges, edge{j, float32(v), same, base})
		y.edges = append(y.edges, edge{i, float32(v), same, base})
		if !same && e.ch != nil {
			e.ch.Possible = append(e.ch.Possible, Pair{A: x.key, B: y.key, Score: v, Decision: vetgraph.DecisionPossible})
		}
	}
	if x.ent == nil || y.ent == nil {
		return // the record being added: add settles it
	}
	// The entities are settled at the end of the operation: a new match
	// merges, a lost one may split, and a changed score may move a record
	// where people met together are kept apart (apart.go).
	if wasSame && !same || same && changed && (x.ent != y.ent || x.ent.constrained) {
		e.markDirty(x.ent)
		e.markDirty(y.ent)
	}
}

func (e *Engine) markDirty(ent *entity) {
	if !ent.dirty {
		ent.dirty = true
		e.dirty = append(e.dirty, ent)
	}
}

// better reports whether a should survive a merge with b: the larger
// entity, ties to the smaller id.
func better(a, b *entity) bool {
	if len(a.members) != len(b.members) {
		return len(a.members) > len(b.members)
	}
	return a.id < b.id
}

func (e *Engine) join(ent *entity, id rid) {
	x := e.rec(id)
	x.ent = ent
	x.pos = int32(len(ent.members))
	ent.members = append(ent.members, id)
}

func (e *Engine) leave(id rid) {
	x := e.rec(id)
	ent := x.ent
	last := ent.members[len(ent.members)-1]
	ent.members[x.pos] = last
	e.rec(last).pos = x.pos
	ent.members = ent.members[:len(ent.members)-1]
}

// newEntity makes an entity whose id derives from the founding record's key.
func (e *Engine) newEntity(founder vetgraph.RecordKey) *entity {
	sum := sha256.Sum256([]byte(founder.String()))
	base := "E" + hex.EncodeToString(sum[:6])
	id := vetgraph.EntityID(base)
	for n := 2; e.taken(id); n++ {
		id = vetgraph.EntityID(base + "-" + strconv.Itoa(n))
	}
	ent := &entity{id: id}
	e.entities[id] = ent
	return ent
}

func (e *Engine) taken(id vetgraph.EntityID) bool {
	_, live := e.entities[id]
	_, gone := e.redirects[id]
	return live || gone
}

// keyCompare orders record keys by source, then id.
func keyCompare(a, b vetgraph.RecordKey) int {
	return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID))
}

func keyLess(a, b vetgraph.RecordKey) bool { return keyCompare(a, b) < 0 }
