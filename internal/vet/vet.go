// Package vet owns continuous vetting: the link policy, the mapping of FtM
// relationship records onto links, the in-force rule for graded, superseded
// and retracted batches, flag computation for persons, and incremental
// re-vetting that turns each batch, correction, retraction or entity change
// into flag deltas.
//
// A [Vetter] is fed the record log in order ([Vetter.Apply] per batch,
// [Vetter.Retract] per retraction event, [Vetter.EntitiesChanged] when the
// resolver merges or splits). It keeps every record version it was given
// (compactly, nothing is deleted) and a live view: the link graph
// (internal/graph) of the statements in force now, and every person's flags.
// A change touches only the changed nodes: a bounded reverse search finds the
// persons that can reach them within the policy's degree, their flags are
// recomputed and compared, and the differences come back as deltas.
// [Vetter.Flags] with an as-of time replays the log up to that system time.
//
// # In-force rule
//
// A batch's statements count from its ImportedAt on, until the batch is
// retracted (from the retraction event's time) or superseded by a correction
// (from the correction's ImportedAt). Of several versions of one record key,
// the newest whose batch is in force counts.
//
// # Flags
//
// Flags are computed for Person entities only, by walking outward from the
// person under the [Policy]: membership links carry the organization's topics;
// tied_to carries graded; a personal identifier (few holders) carries the
// other holder's concerns one degree further; client links (moved_by, paid,
// travelled_with, a widely shared identifier) carry only the client topics
// (crime.traffick: the network's own topic) and after them only membership
// links are followed; family and associate links never flag. Degree is the
// least number of entity-to-entity links on any path (identifier nodes do not
// count); strength is the best path's product of link weights, evidence
// grade weights and the concern's topic grade weight. The concern's own
// surroundings (e.g. the network's facilitator's graded tie to a group) are
// shown as Context and never counted. tied_to is followed in its stated
// direction only; membership only from member to organization.
//
// # Deltas
//
// A flag that appears is new, one that disappears is cleared; one whose
// strength rises (or, at equal strength, whose degree falls) is raised, the
// opposite lowered. A change of evidence or context alone that leaves
// degree and strength as they were produces no delta (the held flag is still
// updated).
package vet

import (
	"cmp"
	"hash/maphash"
	"log/slog"
	"slices"
	"sync"
	"time"

	"vetgraph"
	"vetgraph/internal/graph"
)

// Resolver maps an FtM id (a subject record's Key.ID, or an id a
// relationship names) to its resolved entity. ok is false for an id the
// resolver has not seen; the id then stands for itself.
// internal/resolve's *Engine satisfies it.
type Resolver interface {
	EntityOfID(ftmID string) (vetgraph.EntityID, bool)
}

// IdentityResolver resolves every id to itself (tests, and a store without
// resolution).
type IdentityResolver struct{}

// EntityOfID returns id itself.
func (IdentityResolver) EntityOfID(id string) (vetgraph.EntityID, bool) {
	return vetgraph.EntityID(id), true
}

type batchInfo struct {
	b            vetgraph.Batch
	retractedAt  time.Time // zero: not retracted
	supersededAt time.Time // zero: not superseded
	supersededBy vetgraph.BatchID
	recs         []int32
	deltaEnd     int // len(Vetter.deltas) once the batch was applied
}

type recKind uint8

const (
	recRelation recKind = iota
	recPerson
	recOrg // any other subject
)

// recInfo is what a Vetter keeps of one record version: 64 bytes.
type recInfo struct {
	id         string // Key.ID
	src        uint16 // Key.Source: index into Vetter.sources
	kind       recKind
	batch      int32
	prev       int32 // previous version of the same key, -1
	atom       int32 // the subject's atom, -1 for relationships
	f0, nf     int32 // its facts: facts[f0 : f0+nf]
	name       int32 // display name: index into Vetter.names, -1 for none
	vfrom, vto int64 // valid time, unix seconds, 0 unbounded
}

// atomInfo is one FtM id.
type atomInfo struct {
	id    string
	subj  []int32 // subject record versions with this id
	facts []int32 // every fact naming this atom
}

// Vetter is the vetting state. Its methods are safe for concurrent use.
type Vetter struct {
	mu  sync.RWMutex
	pol *Policy
	res Resolver
	log *slog.Logger

	batches  []batchInfo
	batchIdx map[vetgraph.BatchID]int32
	recs     []recInfo
	sources  []string
	srcIdx   map[string]uint16
	names    []string
	// latest maps a record key's hash to its newest version; keys whose
	// hash slot holds another key (rare) live in latestX.
	latest   map[uint64]int32
	latestX  map[vetgraph.RecordKey]int32
	seed     maphash.Seed
	facts    []fact
	atoms    []atomInfo
	atomIdx  map[string]int32
	idents   []string
	identIdx map[string]int32
	topics   []vetgraph.Topic
	topicIdx map[vetgraph.Topic]int32

	cur    *view
	deltas []vetgraph.FlagDelta
}

// New returns an empty Vetter. A nil resolver is IdentityResolver; a nil
// logger discards.
func New(p *Policy, r Resolver, log *slog.Logger) *Vetter {
	if r == nil {
		r = IdentityResolver{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	v := &Vetter{
		pol: p, res: r, log: log,
		batchIdx: make(map[vetgraph.BatchID]int32),
		srcIdx:   make(map[string]uint16),
		latest:   make(map[uint64]int32),
		latestX:  make(map[vetgraph.RecordKey]int32),
		seed:     maphash.MakeSeed(),
		atomIdx:  make(map[string]int32),
		identIdx: make(map[string]int32),
		topicIdx: make(map[vetgraph.Topic]int32),
	}
	v.cur = newView(v, time.Time{})
	return v
}

// Policy returns the policy in force.
func (v *Vetter) Policy() *Policy { return v.pol }

func (v *Vetter) source(s string) uint16 {
	if i, ok := v.srcIdx[s]; ok {
		return i
	}
	if len(v.sources) == 1<<16-1 {
		panic("vet: more than 65535 sources")
	}
	i := uint16(len(v.sources))
	v.sources = append(v.sources, s)
	v.srcIdx[s] = i
	return i
}

// key returns record version ri's key.
func (v *Vetter) key(ri int32) vetgraph.RecordKey {
	r := &v.recs[ri]
	return vetgraph.RecordKey{Source: v.sources[r.src], ID: r.id}
}

func (v *Vetter) hashKey(k vetgraph.RecordKey) uint64 {
	var h maphash.Hash
	h.SetSeed(v.seed)
	h.WriteString(k.Source)
	h.WriteByte(0)
	h.WriteString(k.ID)
	return h.Sum64()
}

// latestOf returns the newest version of key k.
func (v *Vetter) latestOf(k vetgraph.RecordKey) (int32, bool) {
	ri, ok := v.latest[v.hashKey(k)]
	if !ok {
		return -1, false
	}
	if r := &v.recs[ri]; r.id == k.ID && v.sources[r.src] == k.Source {
		return ri, true
	}
	ri, ok = v.latestX[k]
	return ri, ok
}

func (v *Vetter) setLatest(k vetgraph.RecordKey, ri int32) {
	h := v.hashKey(k)
	old, ok := v.latest[h]
	if !ok {
		v.latest[h] = ri
		return
	}
	if r := &v.recs[old]; r.id == k.ID && v.sources[r.src] == k.Source {
		v.latest[h] = ri
		return
	}
	v.latestX[k] = ri
}

func (v *Vetter) atom(id string) int32 {
	if a, ok := v.atomIdx[id]; ok {
		return a
	}
	a := int32(len(v.atoms))
	v.atoms = append(v.atoms, atomInfo{id: id})
	v.atomIdx[id] = a
	return a
}

func (v *Vetter) ident(key string) int32 {
	if i, ok := v.identIdx[key]; ok {
		return i
	}
	i := int32(len(v.idents))
	v.idents = append(v.idents, key)
	v.identIdx[key] = i
	return i
}

func (v *Vetter) topic(t vetgraph.Topic) int32 {
	if i, ok := v.topicIdx[t]; ok {
		return i
	}
	i := int32(len(v.topics))
	v.topics = append(v.topics, t)
	v.topicIdx[t] = i
	return i
}

func (v *Vetter) entityOf(a int32) vetgraph.EntityID {
	id := v.atoms[a].id
	if e, ok := v.res.EntityOfID(id); ok && e != "" {
		return e
	}
	return vetgraph.EntityID(id)
}

// inForce reports whether batch bi's statements count at system time at; the
// zero time means now (everything known).
func (v *Vetter) inForce(bi int32, at time.Time) bool {
	b := &v.batches[bi]
	if at.IsZero() {
		return b.retractedAt.IsZero() && b.supersededAt.IsZero()
	}
	if b.b.ImportedAt.After(at) {
		return false
	}
	if !b.retractedAt.IsZero() && !b.retractedAt.After(at) {
		return false
	}
	if !b.supersededAt.IsZero() && !b.supersededAt.After(at) {
		return false
	}
	return true
}

// effective returns the version of key in force at at, or -1.
func (v *Vetter) effective(latest int32, at time.Time) int32 {
	for i := latest; i >= 0; i = v.recs[i].prev {
		if v.inForce(v.recs[i].batch, at) {
			return i
		}
	}
	return -1
}

// Apply adds a batch and its records (every record of the batch, in order)
// and returns the flag deltas it causes, cause = the batch id. A batch
// that supersedes another replaces that batch's statements from
// b.ImportedAt on. The resolver must already know the batch's records.
// Errors: Conflict when the batch id was applied before.
func (v *Vetter) Apply(b vetgraph.Batch, recs []vetgraph.Record) ([]vetgraph.FlagDelta, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	keys, subjects, err := v.load(b, recs)
	if err != nil {
		return nil, err
	}
	w := v.cur
	for _, k := range keys {
		w.refreshKey(k)
	}
	for _, a := range subjects {
		w.rehome(a)
	}
	out := v.revet(string(b.ID), b.ImportedAt)
	v.batches[len(v.batches)-1].deltaEnd = len(v.deltas)
	return out, nil
}

// load records the batch and its record versions and returns the keys whose
// in-force version may have changed and the subject atoms to re-resolve.
func (v *Vetter) load(b vetgraph.Batch, recs []vetgraph.Record) ([]vetgraph.RecordKey, []int32, error) {
	if _, ok := v.batchIdx[b.ID]; ok {
		return nil, nil, vetgraph.Errorf(vetgraph.Conflict, "vet.Apply", "batch %s was applied before", b.ID)
	}
	bi := int32(len(v.batches))
	v.batches = append(v.batches, batchInfo{b: b})
	v.batchIdx[b.ID] = bi
	keys := make([]vetgraph.RecordKey, 0, len(recs))
	var subjects []int32
	for i := range recs {
		r := &recs[i]
		ri := int32(len(v.recs))
		prev, _ := v.latestOf(r.Key)
		ri0 := recInfo{
			id: r.Key.ID, src: v.source(r.Key.Source), batch: bi, prev: prev, atom: -1, name: -1,
			f0: int32(len(v.facts)), vfrom: unix(r.ValidFrom), vto: unix(r.ValidTo),
		}
		if vetgraph.IsSubject(r.Schema) {
			ri0.atom = v.atom(r.Key.ID)
			ri0.kind = recOrg
			if r.Schema == vetgraph.SchemaPerson {
				ri0.kind = recPerson
			}
			if n := subjectName(r.Properties); n != "" {
				ri0.name = int32(len(v.names))
				v.names = append(v.names, n)
			}
			v.atoms[ri0.atom].subj = append(v.atoms[ri0.atom].subj, ri)
			subjects = append(subjects, ri0.atom)
		}
		v.recs = append(v.recs, ri0)
		v.derive(ri, r)
		v.recs[ri].nf = int32(len(v.facts)) - v.recs[ri].f0
		v.setLatest(r.Key, ri)
		v.batches[bi].recs = append(v.batches[bi].recs, ri)
		keys = append(keys, r.Key)
	}
	if b.Supersedes != "" {
		if si, ok := v.batchIdx[b.Supersedes]; ok {
			sb := &v.batches[si]
			if sb.supersededAt.IsZero() {
				sb.supersededAt, sb.supersededBy = b.ImportedAt, b.ID
			}
			for _, ri := range sb.recs {
				keys = append(keys, v.key(ri))
			}
		} else {
			v.log.Warn("vet: correction supersedes an unknown batch", "batch", b.ID, "supersedes", b.Supersedes)
		}
	}
	return keys, subjects, nil
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

// Retract withdraws a batch's statements from at on and returns the deltas,
// cause "retract:<id>". Retracting a retracted batch changes nothing.
// Errors: NotFound for an unknown batch.
func (v *Vetter) Retract(id vetgraph.BatchID, at time.Time) ([]vetgraph.FlagDelta, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	bi, ok := v.batchIdx[id]
	if !ok {
		return nil, vetgraph.Errorf(vetgraph.NotFound, "vet.Retract", "no batch %s", id)
	}
	b := &v.batches[bi]
	if !b.retractedAt.IsZero() {
		return nil, nil
	}
	b.retractedAt = at
	for _, ri := range b.recs {
		v.cur.refreshKey(v.key(ri))
	}
	return v.revet("retract:"+string(id), at), nil
}

// EntitiesChanged tells the Vetter that the resolver changed these entities
// (created, merged, merged away or split): every id it holds under them is
// re-resolved, the links are moved, and the deltas come back with the given
// cause.
func (v *Vetter) EntitiesChanged(cause string, at time.Time, ids ...vetgraph.EntityID) []vetgraph.FlagDelta {
	v.mu.Lock()
	defer v.mu.Unlock()
	w := v.cur
	var atoms []int32
	for _, id := range ids {
		if n, ok := w.g.Lookup(graph.KindEntity, string(id)); ok && int(n) < len(w.atomsOf) {
			atoms = append(atoms, w.atomsOf[n]...)
		}
		if a, ok := v.atomIdx[string(id)]; ok {
			atoms = append(atoms, a)
		}
	}
	for _, a := range atoms {
		w.rehome(a)
	}
	return v.revet(cause, at)
}

// revet recomputes the flags of every person within reach of the view's
// dirty nodes and returns the deltas, which it also logs.
func (v *Vetter) revet(cause string, at time.Time) []vetgraph.FlagDelta {
	w := v.cur
	affected := w.affected()
	var out []vetgraph.FlagDelta
	memo := make(contextMemo)
	for _, p := range affected {
		var now []vetgraph.Flag
		if w.isPerson(p) {
			now = w.computeFlags(p, memo)
		}
		out = appendDeltas(out, w.flags[p], now, cause, at)
		if len(now) == 0 {
			delete(w.flags, p)
		} else {
			w.flags[p] = now
		}
	}
	sortDeltas(out)
	v.deltas = append(v.deltas, out...)
	return out
}

func sortDeltas(ds []vetgraph.FlagDelta) {
	slices.SortFunc(ds, func(a, b vetgraph.FlagDelta) int { return compareKeys(a.Key, b.Key) })
}

func compareKeys(a, b vetgraph.FlagKey) int {
	return cmp.Or(cmp.Compare(a.Person, b.Person), cmp.Compare(a.Category, b.Category), cmp.Compare(a.Concern, b.Concern))
}

// appendDeltas compares a person's flags before and after.
func appendDeltas(out []vetgraph.FlagDelta, before, after []vetgraph.Flag, cause string, at time.Time) []vetgraph.FlagDelta {
	old := make(map[vetgraph.FlagKey]*vetgraph.Flag, len(before))
	for i := range before {
		old[before[i].Key()] = &before[i]
	}
	for i := range after {
		a := &after[i]
		k := a.Key()
		b, ok := old[k]
		delete(old, k)
		var kind vetgraph.DeltaKind
		switch {
		case !ok:
			kind = vetgraph.DeltaNew
		case a.Strength > b.Strength+1e-9 || a.Strength >= b.Strength-1e-9 && a.Degree < b.Degree:
			kind = vetgraph.DeltaRaised
		case a.Strength < b.Strength-1e-9 || a.Degree > b.Degree:
			kind = vetgraph.DeltaLowered
		default:
			continue // same degree and strength: evidence may differ, the flag does not
		}
		out = append(out, vetgraph.FlagDelta{Kind: kind, Key: k, Before: b, After: a, Cause: cause, At: at})
	}
	for k, b := range old {
		out = append(out, vetgraph.FlagDelta{Kind: vetgraph.DeltaCleared, Key: k, Before: b, Cause: cause, At: at})
	}
	return out
}

// Deltas returns the deltas logged after batch since was applied (those of
// later batches, retractions and entity changes), in order; since "" returns
// all. Errors: NotFound for an unknown batch.
func (v *Vetter) Deltas(since vetgraph.BatchID) ([]vetgraph.FlagDelta, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	start := 0
	if since != "" {
		bi, ok := v.batchIdx[since]
		if !ok {
			return nil, vetgraph.Errorf(vetgraph.NotFound, "vet.Deltas", "no batch %s", since)
		}
		start = v.batches[bi].deltaEnd
	}
	return slices.Clone(v.deltas[start:]), nil
}
