package server

import (
	"context"
	"net/http"
	"strconv"

	"vetgraph"
	"vetgraph/internal/resolve"
)

// matchRow is one pair resolution leaves to a reviewer: decisions at odds,
// a possible match it did not merge, or a weak merge it did make.
type matchRow struct {
	Kind    string             `json:"kind"` // contradiction | possible | weak
	A       vetgraph.RecordKey `json:"a"`
	B       vetgraph.RecordKey `json:"b"`
	EntityA vetgraph.EntityID  `json:"entity_a"`
	EntityB vetgraph.EntityID  `json:"entity_b"`
	NameA   string             `json:"name_a,omitempty"`
	NameB   string             `json:"name_b,omitempty"`
	Score   float64            `json:"score"`
	Reason  string             `json:"reason"`
}

// matches lists the pairs awaiting a reviewer (kind: possible, weak or
// all), at most limit, and audits the listing as a search.
func (s *Server) matches(ctx context.Context, st *state, u User, kind string, limit int) ([]matchRow, int, error) {
	switch kind {
	case "":
		kind = "all"
	case "all", "contradiction", "possible", "weak":
	default:
		return nil, 0, vetgraph.Errorf(vetgraph.Invalid, "server.matches", "kind %q: want contradiction, possible, weak or all", kind)
	}
	s.mu.RLock()
	res := st.p.Resolver()
	var rows []matchRow
	add := func(k string, pairs []resolve.Pair) {
		for _, p := range pairs {
			ex := res.Why(p.A, p.B)
			row := matchRow{Kind: k, A: p.A, B: p.B, EntityA: ex.EntityA, EntityB: ex.EntityB, Score: p.Score, Reason: ex.Reason}
			if e, ok := st.p.Entity(ex.EntityA); ok && len(e.Names) > 0 {
				row.NameA = e.Names[0]
			}
			if e, ok := st.p.Entity(ex.EntityB); ok && len(e.Names) > 0 {
				row.NameB = e.Names[0]
			}
			rows = append(rows, row)
		}
	}
	if kind == "all" || kind == "contradiction" {
		add("contradiction", res.Contradictions())
	}
	if kind == "all" || kind == "possible" {
		add("possible", res.Possible())
	}
	if kind == "all" || kind == "weak" {
		add("weak", res.WeakMerges())
	}
	s.mu.RUnlock()
	total := len(rows)
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	err := st.record(ctx, u, vetgraph.AuditSearch, "matches", map[string]string{"kind": kind, "results": strconv.Itoa(total)})
	return rows, total, err
}

// getMatches answers GET /api/matches?kind=possible|weak|all&limit=N.
func (s *Server) getMatches(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	rows, total, err := s.matches(r.Context(), st, u, r.URL.Query().Get("kind"), limit)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []matchRow{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"matches": rows, "total": total})
	return nil
}

// matchesPage lists the pairs awaiting a reviewer, each with the decision
// form (same person / different people).
func (s *Server) matchesPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	kind := r.URL.Query().Get("kind")
	rows, total, err := s.matches(r.Context(), st, u, kind, 300)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "matches.html", pageData{
		Title: "Matches to review", User: u, Nav: "matches",
		Error: r.URL.Query().Get("error"), Note: r.URL.Query().Get("note"),
		Data: map[string]any{"Rows": rows, "Total": total, "Kind": or(kind, "all"), "CanWork": u.Role.can(actWork)},
	})
}
