package resolve

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"vetgraph"
	"vetgraph/internal/match"
)

// People met together in one encounter are two people (events.go), and so
// are records a reviewer judged two people (judgements.go) and records
// whose documents tell them apart (match.DocumentsApart, unless an edge
// joins them directly: docPairs), though only against weak matches (see
// docBits in partition); that holds for entities, not only for pairs: a
// record that matches both of them (a "Aruzat Nurgalizoda" with no birth
// date, in a household where mother and daughter bear that name) must not
// join them through itself. Entities are
// therefore the connected components of the same-entity edges only where a
// component holds no such pair; a component that does is partitioned:
//
//   - Same-entity edges are taken strongest first (records with one FtM id,
//     or judged one person, before all others and never set aside; ties by
//     record key), and an edge that would put two people kept apart into
//     one group is set aside (a kept-apart match).
//   - A record whose set-aside match is within Config.AmbiguityBits of the match
//     that placed it (it fits two people nearly as well, and can be only one
//     of them) is ambiguous: it stays on its own (with the records it is one
//     with by id or decision), and its matches are listed with the possible
//     matches for a reviewer to decide. The partition is then taken again
//     without it.
//
// The partition is a function of the component's edges, their scores, the
// events, the judgements and the record keys, so the entities stay
// independent of the order of arrival: every change to one of those marks an
// entity of the component dirty, and settle recomputes the whole component
// at the end of the operation (merges, splits and moves between entities,
// with lineage).

// settle makes the entities over ent's records agree with the partition of
// their same-entity components: entities the components reach are merged,
// split or moved between as the partition says, with lineage and changes.
func (e *Engine) settle(ent *entity) {
	e.gen++
	set := []*entity{ent}
	var comps [][]rid
	for s := 0; s < len(set); s++ {
		for _, start := range set[s].members {
			if e.mark[start] == e.gen {
				continue
			}
			e.mark[start] = e.gen
			comp := []rid{start}
			for q := 0; q < len(comp); q++ {
				for _, ed := range e.rec(comp[q]).edges {
					if !ed.same || e.mark[ed.to] == e.gen {
						continue
					}
					e.mark[ed.to] = e.gen
					comp = append(comp, ed.to)
					if o := e.rec(ed.to).ent; !slices.Contains(set, o) {
						set = append(set, o)
					}
				}
			}
			comps = append(comps, comp)
		}
	}
	conflicted := false
	var groups [][]rid
	for _, comp := range comps {
		docs := e.docPairs(comp)
		if len(docs) == 0 && !e.conflicted(comp) {
			groups = append(groups, comp)
			continue
		}
		conflicted = true
		groups = append(groups, e.partition(comp, docs)...)
	}
	if len(set) > 1 || len(groups) > 1 {
		e.reconcile(set, groups)
	}
	// Any entity over these records, new ones too, is settled again when
	// its edges change if people met together are at stake.
	for _, g := range groups {
		e.rec(g[0]).ent.constrained = conflicted
	}
}

// conflicted reports whether the records of comp include two people kept
// apart by an event or a judgement (different FtM ids involved in one
// event, or judged two people); those their documents tell apart are
// docPairs'.
func (e *Engine) conflicted(comp []rid) bool {
	if len(e.events.of) == 0 && len(e.judg.of) == 0 || len(comp) < 2 {
		return false
	}
	if e.evmap == nil {
		e.evmap = make(map[vetgraph.RecordKey]string)
	}
	clear(e.evmap)
	conflict := false
	for _, m := range comp {
		e.apartKeys(e.rec(m).key.ID, func(k vetgraph.RecordKey, id string) {
			if o, ok := e.evmap[k]; ok && o != id {
				conflict = true
			}
			e.evmap[k] = id
		})
		if conflict {
			return true
		}
	}
	return false
}

// apartKeys calls f with every record that says FtM id is one of two
// people: the events involving it and the not_same_as judgements naming it.
// Two different ids under one such key are two people.
func (e *Engine) apartKeys(id string, f func(k vetgraph.RecordKey, id string)) {
	for _, ev := range e.events.of[id] {
		f(ev, id)
	}
	for _, k := range e.judg.of[id] {
		if !e.judg.pair[k].same {
			f(k, id)
		}
	}
}

// docApartSource is the source of the keys partition gives the pairs of
// records their documents keep apart (docPairs): no record has it.
const docApartSource = "\x00documents"

// docPairs returns the pairs of comp's records (indexes into comp) that
// their documents keep apart (docApart).
func (e *Engine) docPairs(comp []rid) [][2]int32 {
	var held []int32
	for k, m := range comp {
		if len(e.rec(m).feat.Identity) > 0 {
			held = append(held, int32(k))
		}
	}
	var out [][2]int32
	for i, a := range held {
		for _, b := range held[i+1:] {
			if e.docApart(comp[a], comp[b]) {
				out = append(out, [2]int32{a, b})
			}
		}
	}
	return out
}

// docApart reports whether the documents of records i and j keep them
// apart (match.DocumentsApart) and nothing holds them together: no edge
// between them (the scorer, which saw the conflict, rated them a match or
// a possible one anyway), no FtM id in common and no decision that they
// are one person.
func (e *Engine) docApart(i, j rid) bool {
	return match.DocumentsApart(e.rec(i).feat, e.rec(j).feat) && !e.forced(i, j) && !e.hasEdge(i, j)
}

// docConflict reports whether record id's documents keep it apart from a
// member of ent (docApart), which then needs settling.
func (e *Engine) docConflict(ent *entity, id rid) bool {
	if len(e.rec(id).feat.Identity) == 0 {
		return false
	}
	for _, m := range ent.members {
		if m != id && e.docApart(id, m) {
			return true
		}
	}
	return false
}

// cedge is a same-entity edge of a component being partitioned, between
// its records of local indexes a and b (a's record key the smaller);
// forced: one FtM id, or judged one person, so never set aside.
type cedge struct {
	a, b   int32
	bits   float64
	forced bool
}

// partition splits a component holding people kept apart into groups (see
// the top of this file); docs are its docPairs.
func (e *Engine) partition(comp []rid, docs [][2]int32) [][]rid {
	local := make(map[rid]int32, len(comp))
	for k, m := range comp {
		local[m] = int32(k)
	}
	var edges []cedge
	for k, m := range comp {
		x := e.rec(m)
		for _, ed := range x.edges {
			if l, ok := local[ed.to]; ok && ed.same && int32(k) < l {
				a, b := int32(k), l
				if keyLess(e.rec(ed.to).key, x.key) {
					a, b = b, a // a holds the smaller record key: the order is the keys'
				}
				edges = append(edges, cedge{a, b, edgeBits(ed.value), e.forced(m, ed.to)})
			}
		}
	}
	slices.SortFunc(edges, func(p, q cedge) int {
		if p.forced != q.forced {
			if p.forced {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(q.bits, p.bits),
			keyCompare(e.rec(comp[p.a]).key, e.rec(comp[q.a]).key),
			keyCompare(e.rec(comp[p.b]).key, e.rec(comp[q.b]).key))
	})
	// A pair of records their documents keep apart is a key of its own,
	// each record on one side of it.
	docKeys := make(map[int32][]vetgraph.RecordKey, 2*len(docs))
	for n, p := range docs {
		k := vetgraph.RecordKey{Source: docApartSource, ID: strconv.Itoa(n)}
		docKeys[p[0]] = append(docKeys[p[0]], k)
		docKeys[p[1]] = append(docKeys[p[1]], k)
	}
	evs := func(k int32) map[vetgraph.RecordKey]string {
		var m map[vetgraph.RecordKey]string
		put := func(ev vetgraph.RecordKey, id string) {
			if m == nil {
				m = make(map[vetgraph.RecordKey]string)
			}
			m[ev] = id
		}
		e.apartKeys(e.rec(comp[k]).key.ID, put)
		for _, ev := range docKeys[k] {
			put(ev, strconv.Itoa(int(k)))
		}
		return m
	}

	// One greedy pass over the edges, skipping the records in out; it
	// returns the union-find and the edges it set aside.
	type forest struct {
		parent []int32
		evs    []map[vetgraph.RecordKey]string
	}
	find := func(f *forest, k int32) int32 {
		for f.parent[k] != k {
			f.parent[k] = f.parent[f.parent[k]]
			k = f.parent[k]
		}
		return k
	}
	// Documents keep apart only what a weak edge would join: an edge that
	// still passes the match threshold with the conflict's weight against
	// it joins its records whatever their documents say (a clerk wrote one
	// number wrong, or another document).
	docBits := math.Log2(e.cfg.Match/(1-e.cfg.Match)) - e.cfg.Weights.IdentityConflict
	clash := func(a, b map[vetgraph.RecordKey]string, bits float64) bool {
		if len(a) > len(b) {
			a, b = b, a
		}
		for ev, id := range a {
			if o, ok := b[ev]; ok && o != id && (ev.Source != docApartSource || bits < docBits) {
				return true
			}
		}
		return false
	}
	pass := func(out []bool) (*forest, []cedge, []float64) {
		f := &forest{parent: make([]int32, len(comp)), evs: make([]map[vetgraph.RecordKey]string, len(comp))}
		for k := range comp {
			f.parent[k] = int32(k)
			f.evs[k] = evs(int32(k))
		}
		best := make([]float64, len(comp)) // the strongest edge that placed each record
		for k := range best {
			best[k] = math.Inf(-1)
		}
		var aside []cedge
		for _, ed := range edges {
			if out != nil && (out[ed.a] || out[ed.b]) && !ed.forced {
				continue // an ambiguous record keeps only what it is by id or judgement
			}
			ra, rb := find(f, ed.a), find(f, ed.b)
			if ra != rb {
				if !ed.forced && clash(f.evs[ra], f.evs[rb], ed.bits) {
					aside = append(aside, ed)
					continue
				}
				if len(f.evs[ra]) < len(f.evs[rb]) {
					ra, rb = rb, ra
				}
				f.parent[rb] = ra
				if f.evs[ra] == nil {
					f.evs[ra] = f.evs[rb]
				} else {
					for ev, id := range f.evs[rb] {
						f.evs[ra][ev] = id
					}
				}
				f.evs[rb] = nil
			}
			best[ed.a] = max(best[ed.a], ed.bits)
			best[ed.b] = max(best[ed.b], ed.bits)
		}
		return f, aside, best
	}

	f, aside, best := pass(nil)
	var out []bool
	for _, ed := range aside {
		for _, s := range [2][2]int32{{ed.a, ed.b}, {ed.b, ed.a}} {
			u, w := s[0], s[1]
			// A record met with someone of the other group simply is not
			// that person: no ambiguity.
			if clash(evs(u), f.evs[find(f, w)], ed.bits) {
				continue
			}
			if best[u]-ed.bits < e.cfg.AmbiguityBits {
				if out == nil {
					out = make([]bool, len(comp))
				}
				out[u] = true
			}
		}
	}
	if out != nil {
		f, _, _ = pass(out)
	}
	byRoot := make(map[int32][]rid)
	var roots []int32
	for k, m := range comp {
		r := find(f, int32(k))
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], m)
	}
	groups := make([][]rid, 0, len(roots))
	for _, r := range roots {
		groups = append(groups, byRoot[r])
	}
	return groups
}

// edgeBits is an edge's score in bits, capped (a float32 probability
// rounds to 1 above about 24 bits).
func edgeBits(v float32) float64 {
	p := float64(v)
	if p >= 1 {
		return 30
	}
	return min(30, math.Log2(p/(1-p)))
}

// reconcile makes the entities of set hold exactly groups (which partition
// their records). Groups are served largest first (ties: the smallest
// record key); each keeps the id of the entity holding most of its records
// that no earlier group kept (ties: the larger entity, then the smaller id),
// or takes a new id from its smallest record key (a split). An entity left
// without records was merged into the group that took most of them.
func (e *Engine) reconcile(set []*entity, groups [][]rid) {
	type grp struct {
		members []rid
		min     vetgraph.RecordKey
		target  *entity
		fresh   bool // the target is a new entity
	}
	gs := make([]grp, len(groups))
	for g, members := range groups {
		gs[g].members = members
		gs[g].min = e.rec(members[0]).key
		for _, m := range members[1:] {
			if k := e.rec(m).key; keyLess(k, gs[g].min) {
				gs[g].min = k
			}
		}
	}
	slices.SortFunc(gs, func(a, b grp) int {
		return cmp.Or(cmp.Compare(len(b.members), len(a.members)), keyCompare(a.min, b.min))
	})
	size := make(map[*entity]int, len(set)) // sizes before any move
	for _, o := range set {
		size[o] = len(o.members)
	}
	prefer := func(a, b *entity, na, nb int) bool { // a over b
		if na != nb {
			return na > nb
		}
		if size[a] != size[b] {
			return size[a] > size[b]
		}
		return a.id < b.id
	}
	taken := make(map[*entity]bool, len(set))
	overlap := make(map[*entity]int)
	for g := range gs {
		clear(overlap)
		for _, m := range gs[g].members {
			overlap[e.rec(m).ent]++
		}
		var pick *entity
		for o, n := range overlap {
			if !taken[o] && (pick == nil || prefer(o, pick, n, overlap[pick])) {
				pick = o
			}
		}
		if pick == nil {
			pick = e.newEntity(gs[g].min)
			gs[g].fresh = true
		}
		taken[pick] = true
		gs[g].target = pick
	}

	// Move the records, counting where each entity's records went.
	type flow struct{ from, to *entity }
	type move struct {
		m        rid
		from, to *entity
	}
	moved := make(map[flow]int)
	var moves []move
	for _, g := range gs {
		for _, m := range g.members {
			from := e.rec(m).ent
			if from == g.target {
				continue
			}
			e.leave(m)
			e.join(g.target, m)
			moved[flow{from, g.target}]++
			moves = append(moves, move{m, from, g.target})
		}
	}
	absorbed := make(map[*entity]*entity)
	for _, o := range set {
		if len(o.members) > 0 {
			continue
		}
		var surv *entity
		for _, g := range gs {
			if n := moved[flow{o, g.target}]; n > 0 && (surv == nil || n > moved[flow{o, surv}]) {
				surv = g.target
			}
		}
		absorbed[o] = surv
		o.dead = true
		delete(e.entities, o.id)
		e.redirects[o.id] = surv.id
		surv.lineage = append(surv.lineage, vetgraph.Lineage{
			Kind: vetgraph.LineageMerged, From: []vetgraph.EntityID{o.id}, Into: surv.id, Seq: e.seq, Cause: e.cause,
		})
		e.ch.Merged = append(e.ch.Merged, Merge{Absorbed: o.id, Survivor: surv.id})
		e.log.Debug("entities merged", "absorbed", o.id, "survivor", surv.id, "cause", e.cause.String())
	}
	// A merge moves its records without listing them (as Merged says);
	// every other move is listed.
	for _, mv := range moves {
		if absorbed[mv.from] != mv.to {
			e.ch.Moved = append(e.ch.Moved, Move{Record: e.rec(mv.m).key, From: mv.from.id, To: mv.to.id})
		}
	}
	// Lineage of the records that left an entity that lives on (or went
	// elsewhere than the entity it was merged into): a split from it.
	for _, g := range gs {
		for _, o := range set {
			if absorbed[o] == g.target || o == g.target || moved[flow{o, g.target}] == 0 {
				continue
			}
			l := vetgraph.Lineage{Kind: vetgraph.LineageSplit, From: []vetgraph.EntityID{o.id}, Into: g.target.id, Seq: e.seq, Cause: e.cause}
			o.lineage = append(o.lineage, l)
			g.target.lineage = append(g.target.lineage, l)
			e.ch.Splits = append(e.ch.Splits, l)
			e.log.Debug("entity split", "from", o.id, "into", g.target.id, "cause", e.cause.String())
		}
		if g.fresh {
			e.ch.Created = append(e.ch.Created, g.target.id)
		}
	}
}
