package server

import (
	"context"
	"net/http"
	"strconv"

	"vetgraph"
	"vetgraph/internal/resolve"
)

// matchRow is one pair resolution leaves to a reviewer, with the names of
// the two persons.
type matchRow struct {
	resolve.ReviewPair
	NameA string `json:"name_a,omitempty"`
	NameB string `json:"name_b,omitempty"`
}

// matches lists the pairs awaiting a reviewer (kind: contradiction,
// possible, weak or all; "" is all), at most limit, and audits the listing
// as a search.
func (s *Server) matches(ctx context.Context, st *state, u User, kind string, limit int) ([]matchRow, int, error) {
	kind = or(kind, "all")
	s.mu.RLock()
	pairs, err := st.p.Resolver().ToReview(kind)
	rows := make([]matchRow, 0, len(pairs))
	for _, p := range pairs {
		row := matchRow{ReviewPair: p}
		if e, ok := st.p.Entity(p.EntityA); ok {
			row.NameA = firstName(e)
		}
		if e, ok := st.p.Entity(p.EntityB); ok {
			row.NameB = firstName(e)
		}
		rows = append(rows, row)
	}
	s.mu.RUnlock()
	if err != nil {
		return nil, 0, err
	}
	total := len(rows)
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	err = st.record(ctx, u, vetgraph.AuditSearch, "matches", map[string]string{"kind": kind, "results": strconv.Itoa(total)})
	return rows, total, err
}

// getMatches answers GET /api/matches?kind=possible|weak|all&limit=N.
func (s *Server) getMatches(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	rows, total, err := s.matches(r.Context(), st, u, r.URL.Query().Get("kind"), limit)
	if err != nil {
		return err
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
