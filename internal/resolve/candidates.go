package resolve

import (
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
// anything. Only entities scoring at least Config.Possible are returned,
// unless q carries the FtM id of a held record (that entity is returned with
// score 1). It reads the engine only, so it must not run concurrently with
// Add or Retract.
func (e *Engine) Candidates(q vetgraph.Record, limit int) []Candidate {
	if !vetgraph.IsSubject(q.Schema) {
		return nil
	}
	f := match.PrepareRecord(q)
	seen := make(map[rid]struct{}, 32)
	best := make(map[*entity]int, 8)
	var out []Candidate
	for _, k := range blockKeys(f, e.cfg) {
		b := e.blocks[k.key]
		if b == nil || len(b.members) >= b.limit+1 {
			continue
		}
		for _, o := range b.members {
			if _, ok := seen[o]; ok {
				continue
			}
			seen[o] = struct{}{}
			y := &e.recs[o]
			var sc vetgraph.Score
			switch {
			case y.key.ID == q.Key.ID && q.Key.ID != "":
				sc = vetgraph.Score{Value: 1, Match: true, Pieces: []vetgraph.Piece{{Kind: "ftm_id", Method: "exact", Score: 1, Matched: true, Exact: true, A: q.Key.ID, B: y.key.ID}}}
			case !compatible(q.Schema, y.schema):
				continue
			default:
				sc = match.CompareRecords(f, y.feat, &e.cfg.Weights, counts{e})
			}
			if sc.Value < e.cfg.Possible {
				continue
			}
			if i, ok := best[y.ent]; ok {
				if sc.Value > out[i].Score.Value || (sc.Value == out[i].Score.Value && keyLess(y.key, out[i].Record)) {
					out[i].Record, out[i].Score = y.key, sc
				}
				continue
			}
			best[y.ent] = len(out)
			out = append(out, Candidate{Entity: y.ent.id, Record: y.key, Score: sc})
		}
	}
	for i := range out {
		out[i].Decision = vetgraph.DecisionPossible
		if out[i].Score.Value >= e.cfg.Match {
			out[i].Decision = vetgraph.DecisionSame
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if a.Score.Value != b.Score.Value {
			if a.Score.Value > b.Score.Value {
				return -1
			}
			return 1
		}
		if a.Entity < b.Entity {
			return -1
		}
		return 1
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}
