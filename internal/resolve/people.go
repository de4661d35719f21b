package resolve

// A link-grade value (a phone, an address) held by more records than the
// generic limit is generic, a smuggler's hotline or a shelter's address,
// and weighs nothing, unless the many records are one person's: a guide
// met at the border twenty times writes his own phone and address on each
// of his records, and counting records made them generic. Past the limit
// the holders are counted as people, by their names' blocking keys
// (match.RecordFeatures.NameKeys: every script and romanization of a name
// shares them; a typo or a dropped second surname makes one person count
// twice, which errs towards generic), and the value is generic when more
// than the limit of those hold it (Engine.holders). Records without a name
// count one each. (Initials are too coarse for this: vowel-initial names
// share one, and twelve clients of one hotline made nine.)
//
// The count is a function of the records held, kept for the values past
// the limit only (people). It changes the scores of pairs that share the
// value when the value turns generic or back while still past the limit:
// then the pairs are rescored (an added holder) or compared again (a
// removed one). Crossing the limit itself is the block's: deactivate and
// activate rescore there, with the count in place first.

// groupOf is the people-count group of record i: its name keys, or its
// key when it has no name.
func (e *Engine) groupOf(i rid, buf []byte) string {
	x := e.rec(i)
	for k, nk := range x.feat.NameKeys() {
		if k > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, nk...)
	}
	if len(buf) > 0 {
		return string(buf)
	}
	return "#" + x.key.String()
}

// holders is the holder count of a link-grade value for the scorer: the
// records holding it, or past the generic limit the people among them.
func (e *Engine) holders(h uint64) int {
	n := e.blocks.count(h)
	if n > e.cfg.Weights.GenericLimit {
		if g, ok := e.people[h]; ok {
			return len(g)
		}
	}
	return n
}

// countPeople counts record id (just joined its blocks) among the people
// holding each of its link-grade values past the limit, and rescores the
// pairs of holders of a value that it turns generic.
func (e *Engine) countPeople(id rid) {
	limit := e.cfg.Weights.GenericLimit
	var buf [64]byte
	for _, l := range e.rec(id).feat.Links {
		h := linkKey(l.Kind, l.Value)
		members, _ := e.blocks.holders(h, &e.one)
		if len(members) <= limit {
			continue
		}
		g, ok := e.people[h]
		if !ok { // the value just crossed the limit: count everyone
			g = make(map[string]int32, len(members))
			for _, m := range members {
				g[e.groupOf(m, buf[:0])]++
			}
			e.people[h] = g
			continue // deactivate rescores its pairs
		}
		before := len(g)
		g[e.groupOf(id, buf[:0])]++
		if before <= limit && len(g) > limit {
			e.rescoreHolders(members, id)
		}
	}
}

// uncountPeople takes record id (about to leave its blocks) out of the
// people counts and returns the values it turns personal again while they
// stay past the limit, whose holders are compared again once it is gone
// (comparePeople).
func (e *Engine) uncountPeople(id rid) []uint64 {
	limit := e.cfg.Weights.GenericLimit
	var buf [64]byte
	var personal []uint64
	for _, l := range e.rec(id).feat.Links {
		h := linkKey(l.Kind, l.Value)
		g, ok := e.people[h]
		if !ok {
			continue
		}
		if e.blocks.count(h)-1 <= limit {
			delete(e.people, h) // back under the limit: activate compares its pairs
			continue
		}
		before := len(g)
		k := e.groupOf(id, buf[:0])
		if g[k]--; g[k] <= 0 {
			delete(g, k)
		}
		if before > limit && len(g) <= limit {
			personal = append(personal, h)
		}
	}
	return personal
}

// rescoreHolders rescores the pairs of holders with an edge (skip, the
// record being added, has none yet): the value they share weighs less.
func (e *Engine) rescoreHolders(members []rid, skip rid) {
	for _, i := range members {
		if i == skip {
			continue
		}
		x := e.rec(i)
		for k := 0; k < len(x.edges); k++ {
			j := x.edges[k].to
			if j < i || j == skip || !holdsRid(members, j) {
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

// comparePeople compares again every pair of holders of value h that
// meets (an active key, a companion, a judgement): the value they share
// weighs more now, so pairs may gain an edge.
func (e *Engine) comparePeople(h uint64) {
	members, _ := e.blocks.holders(h, &e.one)
	members = append([]rid(nil), members...)
	for a, i := range members {
		active := e.activeBlocks(i, nil)
		for _, j := range members[a+1:] {
			if e.meets(i, j, active) {
				e.setEdge(i, j, e.evaluate(i, j))
			}
		}
	}
}

func holdsRid(members []rid, j rid) bool {
	for _, m := range members {
		if m == j {
			return true
		}
	}
	return false
}
