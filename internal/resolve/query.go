package resolve

import (
	"cmp"
	"iter"
	"slices"
	"strings"

	"vetgraph"
)

// EntityOf returns the entity holding the record with key k.
func (e *Engine) EntityOf(k vetgraph.RecordKey) (vetgraph.EntityID, bool) {
	if id, ok := e.lookup(k); ok {
		return e.rec(id).ent.id, true
	}
	return "", false
}

// EntityOfID returns the entity holding the records with the FtM id ftmID
// (FtM ids are global: all records with one id are one entity).
func (e *Engine) EntityOfID(ftmID string) (vetgraph.EntityID, bool) {
	var one [1]rid
	if members, _ := e.blocks.holders(idKey(ftmID), &one); len(members) > 0 {
		return e.rec(members[0]).ent.id, true
	}
	return "", false
}

// Resolve follows redirects: it returns the live id an entity id now
// resolves to, and false when there is none (never known, or every record
// retracted).
func (e *Engine) Resolve(id vetgraph.EntityID) (vetgraph.EntityID, bool) {
	for range len(e.redirects) + 1 {
		if _, ok := e.entities[id]; ok {
			return id, true
		}
		to, ok := e.redirects[id]
		if !ok {
			return "", false
		}
		id = to
	}
	return "", false
}

// Entity returns the entity with id, following the redirects of merged-away
// ids: the returned Entity's ID is the live id.
func (e *Engine) Entity(id vetgraph.EntityID) (vetgraph.Entity, bool) {
	live, ok := e.Resolve(id)
	if !ok {
		return vetgraph.Entity{}, false
	}
	return e.view(e.entities[live]), true
}

// Entities yields every entity in id order.
func (e *Engine) Entities() iter.Seq[vetgraph.Entity] {
	ids := make([]vetgraph.EntityID, 0, len(e.entities))
	for id := range e.entities {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return func(yield func(vetgraph.Entity) bool) {
		for _, id := range ids {
			ent, ok := e.entities[id]
			if !ok {
				continue
			}
			if !yield(e.view(ent)) {
				return
			}
		}
	}
}

// Count returns the number of entities.
func (e *Engine) Count() int { return len(e.entities) }

// Redirects returns every merged-away id with the id it redirected to when
// it was absorbed (follow with Resolve for the live id), sorted by From.
func (e *Engine) Redirects() []vetgraph.Redirect {
	out := make([]vetgraph.Redirect, 0, len(e.redirects))
	for from, to := range e.redirects {
		out = append(out, vetgraph.Redirect{From: from, To: to})
	}
	slices.SortFunc(out, func(a, b vetgraph.Redirect) int { return strings.Compare(string(a.From), string(b.From)) })
	return out
}

// Possible returns the possible-match pairs (kept for review, not merged)
// between records of different entities, strongest first: pairs scoring
// under the match threshold, and matches kept apart because they would
// make people met together one entity (apart.go).
func (e *Engine) Possible() []Pair {
	var out []Pair
	e.held(func(_ rid, x *rec) {
		for _, ed := range x.edges {
			y := e.rec(ed.to)
			if !keyLess(x.key, y.key) || x.ent == y.ent {
				continue
			}
			out = append(out, Pair{A: x.key, B: y.key, Score: float64(ed.value), Decision: vetgraph.DecisionPossible})
		}
	})
	sortPairs(out, true)
	return out
}

// sortPairs sorts pairs by score, the strongest first (or the weakest, when
// !strongest), then by their record keys.
func sortPairs(ps []Pair, strongest bool) {
	slices.SortFunc(ps, func(a, b Pair) int {
		c := cmp.Compare(a.Score, b.Score)
		if strongest {
			c = -c
		}
		return cmp.Or(c, keyCompare(a.A, b.A), keyCompare(a.B, b.B))
	})
}

func (e *Engine) view(ent *entity) vetgraph.Entity {
	v := vetgraph.Entity{ID: ent.id, Lineage: slices.Clone(ent.lineage)}
	members := slices.Clone(ent.members)
	slices.SortFunc(members, func(a, b rid) int {
		if keyLess(e.rec(a).key, e.rec(b).key) {
			return -1
		}
		return 1
	})
	var given []string // each record's names
	for _, m := range members {
		x := e.rec(m)
		v.Records = append(v.Records, x.key)
		if v.Schema == "" || x.feat.Schema == vetgraph.SchemaPerson {
			v.Schema = x.feat.Schema
		}
		given = append(given, x.names...)
		for _, t := range e.topics[m] {
			if !slices.Contains(v.Topics, t) {
				v.Topics = append(v.Topics, t)
			}
		}
	}
	slices.Sort(v.Topics)
	v.Names = vetgraph.ShownNames(given)
	return v
}
