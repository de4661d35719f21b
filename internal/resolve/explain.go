package resolve

import (
	"fmt"
	"slices"
	"strings"

	"vetgraph"
	"vetgraph/internal/match"
)

// Explanation says why two records are, or are not, the same entity: the
// scored pieces of their comparison (each feature, how it was compared, its
// weight in bits), whether blocking made them meet at all, and, when they
// are in one entity without matching each other directly, the chain of
// matches that joins them.
type Explanation struct {
	A          vetgraph.RecordKey     `json:"a"`
	B          vetgraph.RecordKey     `json:"b"`
	EntityA    vetgraph.EntityID      `json:"entity_a,omitempty"`
	EntityB    vetgraph.EntityID      `json:"entity_b,omitempty"`
	SameEntity bool                   `json:"same_entity"`
	Decision   vetgraph.MatchDecision `json:"decision"`
	// Bits is the sum of the pieces' weights; Score.Value is 1/(1+2^-Bits).
	Bits  float64        `json:"bits"`
	Score vetgraph.Score `json:"score"`
	// Compared reports whether the pair shares an active blocking key;
	// Blocking lists the keys they share, inactive ones with their size.
	Compared bool     `json:"compared"`
	Blocking []string `json:"blocking,omitempty"`
	// Path is the chain of same-entity matches from A to B when they are in
	// one entity.
	Path []Pair `json:"path,omitempty"`
	// Apart says why a pair that matches is kept in two entities: people
	// met together at the border would be one entity through it (apart.go).
	Apart string `json:"apart,omitempty"`
	// Weak marks a match between parts of its entity that nothing stronger
	// joins (it scores near the threshold): a merge a reviewer may want to
	// confirm or undo (Engine.WeakMerges). Set in entity explanations.
	Weak bool `json:"weak,omitempty"`
	// Reason is a one-line summary for people.
	Reason string `json:"reason"`
}

// Why explains the pair of held records a and b. For a key that is not
// held, the explanation has an empty entity and says so in Reason.
func (e *Engine) Why(a, b vetgraph.RecordKey) Explanation {
	ex := Explanation{A: a, B: b, Decision: vetgraph.DecisionNew}
	i, okA := e.lookup(a)
	j, okB := e.lookup(b)
	switch {
	case !okA:
		ex.Reason = "record " + a.String() + " is not held"
		return ex
	case !okB:
		ex.Reason = "record " + b.String() + " is not held"
		return ex
	}
	x, y := e.rec(i), e.rec(j)
	ex.EntityA, ex.EntityB = x.ent.id, y.ent.id
	ex.SameEntity = x.ent == y.ent
	if x.key.ID == y.key.ID {
		ex.Score = vetgraph.Score{Value: 1, Match: true, Pieces: []vetgraph.Piece{{Kind: "ftm_id", Method: "exact", Score: 1, Matched: true, Exact: true, A: x.key.ID, B: y.key.ID, Note: "FtM ids are global: the same id is the same entity"}}}
	} else if same, apart, by := e.judg.judged(x.key.ID, y.key.ID); same || apart {
		p := vetgraph.Piece{Kind: "judgement", Method: vetgraph.RoleNotSameAs, A: x.key.ID, B: y.key.ID, Note: e.judgementNote(by, same)}
		if same {
			p.Method, p.Score, p.Matched = vetgraph.RoleSameAs, 1, true
			ex.Score.Value, ex.Score.Match = 1, true
		}
		ex.Score.Pieces = []vetgraph.Piece{p}
	} else if ev, ok := e.events.eventOf(x.key.ID, y.key.ID); ok {
		ex.Score = vetgraph.Score{Pieces: []vetgraph.Piece{{Kind: "event", Method: "same_event", A: x.key.ID, B: y.key.ID,
			Note: "both involved in " + ev.String() + ": people met together are two people"}}}
	} else if compatible(x.feat.Schema, y.feat.Schema) {
		var comp *match.Companion
		if c, ok := e.companion(i, j); ok {
			comp = &c
		}
		ex.Score = match.CompareRecordsWith(x.feat, y.feat, &e.cfg.Weights, counts{e}, comp)
	} else {
		ex.Score = vetgraph.Score{Pieces: []vetgraph.Piece{{Kind: "schema", A: x.feat.Schema, B: y.feat.Schema, Note: "a person and an organization are never the same entity"}}}
	}
	for _, p := range ex.Score.Pieces {
		ex.Bits += p.Weight
	}
	// The shared keys are named from their text, recomputed.
	kx := keyer{text: true}
	var ky keyer
	yk := blockKeys(&ky, y.feat, e.cfg)
	for i, k := range blockKeys(&kx, x.feat, e.cfg) {
		if k.freq || !slices.ContainsFunc(yk, func(o blockKey) bool { return o.h == k.h }) {
			continue
		}
		s := kx.texts[i]
		if n := e.blocks.count(k.h); n <= int(k.limit) {
			ex.Compared = true
		} else {
			s += fmt.Sprintf(" (inactive: shared by %d records, limit %d)", n, k.limit)
		}
		ex.Blocking = append(ex.Blocking, s)
	}
	if c, ok := e.companion(i, j); ok {
		ex.Compared = true
		ex.Blocking = append(ex.Blocking, "companion: each met with one person ("+c.A.String()+", "+c.B.String()+")")
	}
	if e.judgedOne(i, j) {
		ex.Compared = true
		ex.Blocking = append(ex.Blocking, "judged one person")
	}
	switch {
	case ex.Compared && ex.Score.Value >= e.cfg.Match && !ex.SameEntity && x.key.ID != y.key.ID:
		ex.Decision = vetgraph.DecisionPossible
		ex.Apart = e.apart(x.ent, y.ent)
	case ex.Compared && ex.Score.Value >= e.cfg.Match:
		ex.Decision = vetgraph.DecisionSame
	case ex.Compared && ex.Score.Value >= e.cfg.Possible:
		ex.Decision = vetgraph.DecisionPossible
	}
	if ex.SameEntity {
		ex.Path = e.path(i, j)
	}
	ex.Reason = e.reason(&ex)
	return ex
}

func (e *Engine) reason(ex *Explanation) string {
	var for_, against, notes []string
	for _, p := range ex.Score.Pieces {
		switch {
		case p.Kind == "prior":
			continue
		case p.Weight > 0:
			for_ = append(for_, p.Kind)
		case p.Weight < 0:
			against = append(against, p.Kind)
		}
		if p.Note != "" {
			notes = append(notes, p.Note)
		}
	}
	var b strings.Builder
	judged := len(ex.Score.Pieces) == 1 && ex.Score.Pieces[0].Kind == "judgement"
	switch {
	case judged && ex.SameEntity:
		b.WriteString("same entity by a recorded decision")
	case judged:
		b.WriteString("different entities by a recorded decision")
	case ex.SameEntity && ex.Decision == vetgraph.DecisionSame:
		fmt.Fprintf(&b, "same entity: the records match directly (score %.4f, %.1f bits)", ex.Score.Value, ex.Bits)
	case ex.SameEntity:
		fmt.Fprintf(&b, "same entity through a chain of %d matches; directly they score %.4f (%.1f bits)", len(ex.Path), ex.Score.Value, ex.Bits)
	case ex.Apart != "":
		fmt.Fprintf(&b, "possible match kept for review, not merged: the records match (score %.4f, %.1f bits), but %s", ex.Score.Value, ex.Bits, ex.Apart)
	case !ex.Compared && len(ex.Blocking) > 0:
		fmt.Fprintf(&b, "different entities: every blocking key they share is too common to compare by: %s (score would be %.4f, %.1f bits)", strings.Join(ex.Blocking, "; "), ex.Score.Value, ex.Bits)
	case !ex.Compared:
		fmt.Fprintf(&b, "different entities: no active blocking key in common (score would be %.4f, %.1f bits)", ex.Score.Value, ex.Bits)
	case ex.Decision == vetgraph.DecisionPossible:
		fmt.Fprintf(&b, "possible match kept for review, not merged: score %.4f (%.1f bits) is below the match threshold %.4f", ex.Score.Value, ex.Bits, e.cfg.Match)
	default:
		fmt.Fprintf(&b, "different entities: score %.4f (%.1f bits) is below the possible-match threshold %.4f", ex.Score.Value, ex.Bits, e.cfg.Possible)
	}
	if len(for_) > 0 {
		b.WriteString("; for: " + strings.Join(for_, ", "))
	}
	if len(against) > 0 {
		b.WriteString("; against: " + strings.Join(against, ", "))
	}
	if len(notes) > 0 {
		b.WriteString("; " + strings.Join(notes, "; "))
	}
	return b.String()
}

// path returns the chain of same-entity edges from i to j (breadth first,
// so the shortest), or nil.
func (e *Engine) path(i, j rid) []Pair {
	if i == j {
		return nil
	}
	prev := map[rid]rid{i: i}
	q := []rid{i}
	for found := false; len(q) > 0 && !found; {
		c := q[0]
		q = q[1:]
		for _, ed := range e.rec(c).edges {
			if _, seen := prev[ed.to]; !ed.same || seen || e.rec(ed.to).ent != e.rec(i).ent {
				continue
			}
			prev[ed.to] = c
			if ed.to == j {
				found = true
				break
			}
			q = append(q, ed.to)
		}
	}
	if _, ok := prev[j]; !ok {
		return nil
	}
	var out []Pair
	for c := j; c != i; c = prev[c] {
		p := prev[c]
		v := float32(0)
		for _, ed := range e.rec(p).edges {
			if ed.to == c {
				v = ed.value
			}
		}
		out = append(out, Pair{A: e.rec(p).key, B: e.rec(c).key, Score: float64(v), Decision: vetgraph.DecisionSame})
	}
	slices.Reverse(out)
	return out
}

// EntityExplanation explains an entity: each same-entity match that holds
// it together, with its pieces, and the possible matches to other entities.
type EntityExplanation struct {
	Entity   vetgraph.Entity `json:"entity"`
	Matches  []Explanation   `json:"matches"`
	Possible []Explanation   `json:"possible,omitempty"`
	// Related are the entity's strongest near misses (Engine.Related), at
	// most RelatedShown: below the possible-match threshold, listed so
	// that a reviewer who knows better can decide them.
	Related []Explanation `json:"related,omitempty"`
}

// RelatedShown is how many near misses an entity's explanation lists.
const RelatedShown = 5

// Explain explains the entity with id (redirects are followed).
func (e *Engine) Explain(id vetgraph.EntityID) (EntityExplanation, bool) {
	live, ok := e.Resolve(id)
	if !ok {
		return EntityExplanation{}, false
	}
	ent := e.entities[live]
	out := EntityExplanation{Entity: e.view(ent)}
	parts := e.strongParts(ent)
	for _, k := range out.Entity.Records {
		i, _ := e.lookup(k)
		for _, ed := range e.rec(i).edges {
			o := e.rec(ed.to).key
			if !keyLess(k, o) && e.rec(ed.to).ent == ent {
				continue
			}
			ex := e.Why(k, o)
			ex.Path = nil
			if ed.same && e.rec(ed.to).ent == ent {
				ex.Weak = parts != nil && parts[i] != parts[ed.to]
				out.Matches = append(out.Matches, ex)
			} else {
				out.Possible = append(out.Possible, ex)
			}
		}
	}
	out.Related = e.Related(live, RelatedShown)
	return out, true
}

// apart says why entities a and b, which a match joins, are kept apart:
// each holds one of two people met together, or the record between them
// fits people met together nearly equally well (apart.go).
func (e *Engine) apart(a, b *entity) string {
	if why := e.conflict(a, b); why != "" {
		return why + ", and joining these records would make them one; a reviewer decides which person each record is"
	}
	// The record on one side also matches a third entity that the other
	// side is kept apart from: name the two people it fits.
	for _, pair := range [2][2]*entity{{a, b}, {b, a}} {
		own, other := pair[0], pair[1]
		for _, i := range own.members {
			for _, ed := range e.rec(i).edges {
				third := e.rec(ed.to).ent
				if !ed.same || third == own || third == other {
					continue
				}
				if why := e.conflict(other, third); why != "" {
					return fmt.Sprintf("%s also matches %s, and %s; it fits both nearly equally well (within %g bits) and can be only one of them, so it is kept on its own; a reviewer decides which person it is",
						e.rec(i).key, e.rec(ed.to).key, why, e.cfg.AmbiguityBits)
				}
			}
		}
	}
	return fmt.Sprintf("a record here fits two people kept apart (met together at the border, judged two people, or told apart by their documents) nearly equally well (within %g bits), so it is kept on its own; a reviewer decides which person it is", e.cfg.AmbiguityBits)
}

// conflict says why entities a and b are two people (a member of each met
// together, or judged two people), or "".
func (e *Engine) conflict(a, b *entity) string {
	for _, i := range a.members {
		for _, j := range b.members {
			x, y := e.rec(i).key, e.rec(j).key
			if _, two, by := e.judg.judged(x.ID, y.ID); two {
				return fmt.Sprintf("%s and %s are two people (%s)", x, y, e.judgementNote(by, false))
			}
			if ev, ok := e.events.eventOf(x.ID, y.ID); ok {
				return fmt.Sprintf("%s and %s were both met in %s, so they are two people", x, y, ev)
			}
		}
	}
	for _, i := range a.members {
		for _, j := range b.members {
			if e.docApart(i, j) {
				return fmt.Sprintf("%s and %s hold different identity documents and share nothing else only one person holds (no document, phone or address, no full birth date), so they are two people", e.rec(i).key, e.rec(j).key)
			}
		}
	}
	return ""
}

// judgementNote says which judgement decided a pair, and why.
func (e *Engine) judgementNote(by vetgraph.RecordKey, same bool) string {
	j := e.judg.pair[by]
	s := "judged two people by " + by.String()
	if same {
		s = "judged one person by " + by.String()
	}
	if j.summary != "" {
		s += ": " + j.summary
	}
	return s
}
