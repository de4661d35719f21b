package resolve

import (
	"math"
	"slices"

	"vetgraph"
	"vetgraph/internal/match"
)

// Candidate is an entity ranked for a prospective record: its best-scoring
// record, that comparison's score and pieces, and the decision the score
// would lead to.
type Candidate struct {
	Entity   vetgraph.EntityID      `json:"entity"`
	Record   vetgraph.RecordKey     `json:"record"`
	Score    vetgraph.Score         `json:"score"`
	Decision vetgraph.MatchDecision `json:"decision"`
}

// Candidates ranks the entities a prospective record q would be compared
// with, best first, at most limit of them (limit <= 0: all), without storing
// anything. When nothing the query meets (eachMet) is a candidate, the
// holders of the keys too common to compare by on the way in are read too,
// up to Config.ScanLimit per key (eachCrowded): a screening query for a
// common name without a birth date finds its bearers; reading them for
// every query would cost a millisecond at a million records. Only
// entities scoring at least Config.Possible are returned,
// unless q carries the FtM id of a held record (that entity is returned with
// score 1). It reads the engine only, so it must not run concurrently with
// Add or Retract.
func (e *Engine) Candidates(q vetgraph.Record, limit int) []Candidate {
	if !vetgraph.IsSubject(q.Schema) {
		return nil
	}
	f := match.PrepareRecordWith(q, viewer{&e.interned})
	seen := make(map[rid]struct{}, 32)
	best := make(map[*entity]int, 8)
	type hit struct {
		ent  *entity
		rec  rid
		bits float64
	}
	var hits []hit
	var ky keyer
	rank := func(o rid) {
		y := e.rec(o)
		var bits float64
		switch {
		case y.key.ID == q.Key.ID && q.Key.ID != "":
			bits = math.Inf(1)
		case !compatible(q.Schema, y.feat.Schema):
			return
		default:
			bits = match.RecordBits(f, y.feat, &e.cfg.Weights, counts{e}, e.floor)
		}
		if bits < e.floor {
			return
		}
		if i, ok := best[y.ent]; ok {
			if bits > hits[i].bits || (bits == hits[i].bits && keyLess(y.key, e.rec(hits[i].rec).key)) {
				hits[i].rec, hits[i].bits = o, bits
			}
			return
		}
		best[y.ent] = len(hits)
		hits = append(hits, hit{y.ent, o, bits})
	}
	keys := e.eachMet(f, &ky, seen, rank)
	if len(hits) == 0 {
		// Nothing the query meets is a candidate: read the keys too
		// common to meet by (a common name without a birth date).
		e.eachCrowded(keys, seen, rank)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.bits != b.bits {
			if a.bits > b.bits {
				return -1
			}
			return 1
		}
		if a.ent.id < b.ent.id {
			return -1
		}
		return 1
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	// Only the candidates returned are explained.
	out := make([]Candidate, 0, len(hits))
	for _, h := range hits {
		y := e.rec(h.rec)
		var sc vetgraph.Score
		if y.key.ID == q.Key.ID {
			sc = vetgraph.Score{Value: 1, Match: true, Pieces: []vetgraph.Piece{{Kind: "ftm_id", Method: "exact", Score: 1, Matched: true, Exact: true, A: q.Key.ID, B: y.key.ID}}}
		} else {
			sc = match.CompareRecords(f, y.feat, &e.cfg.Weights, counts{e})
		}
		out = append(out, Candidate{Entity: h.ent.id, Record: y.key, Score: sc})
	}
	for i := range out {
		out[i].Decision = vetgraph.DecisionPossible
		if out[i].Score.Value >= e.cfg.Match {
			out[i].Decision = vetgraph.DecisionSame
		}
	}
	return out
}

// Crowded returns, for a prospective record q, the most records holding
// one of its keys past that key's limit (0 when none is): a query that
// finds no candidate because its name is too common to rank on alone
// (more holders than Config.ScanLimit, or none of them reaching the
// possible-match threshold) says so, so that the person screening adds a
// birth date, a document or a phone instead of reading "no one". It reads
// the engine only.
func (e *Engine) Crowded(q vetgraph.Record) int {
	if !vetgraph.IsSubject(q.Schema) {
		return 0
	}
	f := match.PrepareRecordWith(q, viewer{&e.interned})
	var ky keyer
	most := 0
	for _, k := range blockKeys(&ky, f, e.cfg) {
		if k.freq {
			continue
		}
		if n := e.blocks.count(k.h); n > int(k.limit) {
			most = max(most, n)
		}
	}
	return most
}

// eachCrowded calls fn once for each held record, not in seen, that holds
// one of keys (a record's, as eachMet returns them) past its limit but
// held by at most Config.ScanLimit records: the records a person who asks
// is shown beside those the record is compared with (eachMet, which the
// caller runs first with the same seen). It adds the records it visits to
// seen.
func (e *Engine) eachCrowded(keys []blockKey, seen map[rid]struct{}, fn func(o rid)) {
	if e.cfg.ScanLimit <= 0 {
		return
	}
	var one [1]rid
	for _, k := range keys {
		if k.freq {
			continue
		}
		members, _ := e.blocks.holders(k.h, &one)
		if len(members) <= int(k.limit) || len(members) > e.cfg.ScanLimit {
			continue // active (eachMet's), or too crowded to read
		}
		for _, o := range members {
			if _, ok := seen[o]; ok {
				continue
			}
			seen[o] = struct{}{}
			fn(o)
		}
	}
}

// eachMet calls fn once for each held record that shares an active
// blocking key with a record of features f: the records f is compared
// with. seen and ky are the caller's scratch (seen is cleared first), so
// that the scan only reads the engine. It returns f's keys (in ky's
// buffer), for eachCrowded.
func (e *Engine) eachMet(f *match.RecordFeatures, ky *keyer, seen map[rid]struct{}, fn func(o rid)) []blockKey {
	clear(seen)
	var one [1]rid
	keys := blockKeys(ky, f, e.cfg)
	for _, k := range keys {
		if k.freq {
			continue
		}
		members, _ := e.blocks.holders(k.h, &one)
		if len(members) > int(k.limit) {
			continue // inactive: its holders do not meet through it
		}
		for _, o := range members {
			if _, ok := seen[o]; ok {
				continue
			}
			seen[o] = struct{}{}
			fn(o)
		}
	}
	return keys
}
