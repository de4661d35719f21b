package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/resolve"
	"vetgraph/internal/review"
	"vetgraph/internal/source/ftm"
)

// flagView is a flag with its statement in the exact words.
type flagView struct {
	vetgraph.Flag
	// Statement is the flag in words: "connected to smuggling network N1".
	Statement string `json:"statement"`
}

func viewFlag(f vetgraph.Flag) flagView {
	return flagView{Flag: f, Statement: statement(f)}
}

func statement(f vetgraph.Flag) string {
	return f.Category.Describe() + " " + or(f.ConcernName, string(f.Concern))
}

func viewFlags(fs []vetgraph.Flag) []flagView {
	out := make([]flagView, 0, len(fs))
	for _, f := range fs {
		out = append(out, viewFlag(f))
	}
	return out
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseTime reads an as_of or since parameter: RFC 3339, or a date
// YYYY-MM-DD meaning the end of that day (UTC). "" gives the zero time.
func parseTime(param, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t.Add(24*time.Hour - time.Nanosecond).UTC(), nil
	}
	return time.Time{}, vetgraph.Errorf(vetgraph.Invalid, "server", "%s %q: want RFC 3339 (2024-03-01T12:00:00Z) or a date (2024-03-01)", param, v)
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// replayAsOf opens a read-only replay of the store as it stood at t.
func (s *Server) replayAsOf(ctx context.Context, st *state, t time.Time) (*pipeline.Pipeline, error) {
	opt := s.opt.Pipeline
	opt.AsOf, opt.Clock, opt.Logger = t, s.clock, s.log
	return pipeline.Open(ctx, st.store, opt)
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	var can []action
	for _, a := range []action{actRead, actScreen, actWork, actSupervise, actImport, actRetract, actAudit} {
		if u.Role.can(a) {
			can = append(can, a)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": u.Name, "role": u.Role, "may": can})
	return nil
}

// flagsAt returns the flags as of t (zero: now).
func (s *Server) flagsAt(ctx context.Context, st *state, t time.Time) ([]vetgraph.Flag, error) {
	if t.IsZero() {
		return st.p.Flags(ctx)
	}
	p, err := s.replayAsOf(ctx, st, t)
	if err != nil {
		return nil, err
	}
	return p.Flags(ctx)
}

func (s *Server) getFlags(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	q := r.URL.Query()
	asOf, err := parseTime("as_of", q.Get("as_of"))
	if err != nil {
		return err
	}
	cat := vetgraph.Topic(q.Get("category"))
	flags, err := s.flagsAt(r.Context(), st, asOf)
	if err != nil {
		return err
	}
	if cat != "" {
		flags = slices.DeleteFunc(flags, func(f vetgraph.Flag) bool { return f.Category != cat })
	}
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "flags", map[string]string{
		"category": string(cat), "as_of": fmtTime(asOf), "results": strconv.Itoa(len(flags)),
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"as_of": fmtTime(asOf), "flags": viewFlags(flags)})
	return nil
}

func (s *Server) getDeltas(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	since := vetgraph.BatchID(r.URL.Query().Get("since"))
	ds, err := st.p.Deltas(since)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []vetgraph.FlagDelta{}
	}
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "deltas", map[string]string{"since": string(since), "results": strconv.Itoa(len(ds))}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"since": since, "deltas": ds})
	return nil
}

// entityResponse is GET /api/entities/{id}.
type entityResponse struct {
	Entity vetgraph.Entity `json:"entity"`
	// RedirectedFrom is the id asked for when it was merged into Entity.
	RedirectedFrom vetgraph.EntityID `json:"redirected_from,omitempty"`
	// Flags are the entity's own flags (persons only), with their evidence
	// and context paths.
	Flags []flagView `json:"flags"`
	// Explanation says why the entity's records are one subject.
	Explanation resolve.EntityExplanation `json:"explanation"`
	// Review is the person's review item, when there is one.
	Review *vetgraph.ReviewItem `json:"review,omitempty"`
	// Linked lists the persons flagged through this entity as the concern
	// (a network's clients and members), at most 1000; LinkedTotal counts
	// them all.
	Linked      []linkedPerson `json:"linked,omitempty"`
	LinkedTotal int            `json:"linked_total,omitempty"`

	// linkedFlags are the flags behind Linked, all of them, for the graph.
	linkedFlags []vetgraph.Flag
}

// linkedPerson is one person flagged through a concern.
type linkedPerson struct {
	Person   vetgraph.EntityID `json:"person"`
	Name     string            `json:"name"`
	Category vetgraph.Topic    `json:"category"`
	Degree   vetgraph.Degree   `json:"degree"`
	Strength float64           `json:"strength"`
	Via      vetgraph.LinkType `json:"via"` // the link type of the path's first step
	// Role is how the person relates to the concern, from Via: member
	// (member, leader or facilitator), client (moved by, paid, travelled
	// with), identifier (shares an identifier) or other.
	Role      string `json:"role"`
	Statement string `json:"statement"`
}

const maxLinked = 1000

// entity gathers what the API and the person page show about one entity.
func (s *Server) entity(ctx context.Context, st *state, id vetgraph.EntityID) (entityResponse, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ent, ok := st.p.Entity(id)
	if !ok {
		return entityResponse{}, vetgraph.Errorf(vetgraph.NotFound, "server.entity", "no entity %s", id)
	}
	out := entityResponse{Entity: ent, Flags: viewFlags(st.p.Vetter().PersonFlags(ent.ID))}
	if ent.ID != id {
		out.RedirectedFrom = id
	}
	if ex, ok := st.p.Resolver().Explain(ent.ID); ok {
		out.Explanation = ex
	}
	it, err := st.p.Review().Item(ctx, ent.ID, time.Time{})
	switch {
	case err == nil:
		out.Review = &it
	case vetgraph.ErrorCode(err) != vetgraph.NotFound:
		return out, err
	}
	if ent.Schema != vetgraph.SchemaPerson {
		all, err := st.p.Flags(ctx)
		if err != nil {
			return out, err
		}
		for _, f := range all {
			if f.Concern != ent.ID {
				continue
			}
			out.linkedFlags = append(out.linkedFlags, f)
			out.LinkedTotal++
			if len(out.Linked) < maxLinked {
				lp := linkedPerson{Person: f.Person, Name: f.PersonName, Category: f.Category, Degree: f.Degree, Strength: f.Strength, Statement: statement(f)}
				if len(f.Paths) > 0 && len(f.Paths[0].Steps) > 0 {
					lp.Via = f.Paths[0].Steps[0].Link
				}
				lp.Role = linkRole(lp.Via)
				out.Linked = append(out.Linked, lp)
			}
		}
		slices.SortStableFunc(out.Linked, func(a, b linkedPerson) int {
			if a.Degree != b.Degree {
				return int(a.Degree - b.Degree)
			}
			return strings.Compare(a.Name, b.Name)
		})
	}
	return out, nil
}

func (s *Server) getEntity(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	id := vetgraph.EntityID(r.PathValue("id"))
	out, err := s.entity(r.Context(), st, id)
	if err != nil {
		return err
	}
	if err := st.record(r.Context(), u, vetgraph.AuditReadPerson, string(out.Entity.ID), map[string]string{"via": "api"}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getGraph(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	id := vetgraph.EntityID(r.PathValue("id"))
	out, err := s.entity(r.Context(), st, id)
	if err != nil {
		return err
	}
	g := s.graphOf(st, out)
	if err := st.record(r.Context(), u, vetgraph.AuditReadPerson, string(out.Entity.ID), map[string]string{"via": "api graph"}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

// screenCandidate is one ranked candidate of a screening.
type screenCandidate struct {
	resolve.Candidate
	Name   string     `json:"name"`
	Schema string     `json:"schema"`
	Flags  []flagView `json:"flags"`
}

// screenResponse is POST /api/screen.
type screenResponse struct {
	Query      vetgraph.Record   `json:"query"`
	Candidates []screenCandidate `json:"candidates"`
	// Stored is always false: screening stores nothing.
	Stored bool `json:"stored"`
	// Crowded, when there is no candidate, is the most records holding one
	// of the query's keys too common to rank on alone (a common name): the
	// query needs a birth date, a document or a phone.
	Crowded int `json:"crowded,omitempty"`
}

// screen ranks the entities a prospective FtM subject would match, with
// their flags, storing nothing.
func (s *Server) screen(ctx context.Context, st *state, u User, body []byte, limit int) (screenResponse, error) {
	const op = "server.screen"
	var q vetgraph.Record
	n := 0
	for rec, err := range ftm.Read(bytes.NewReader(bytes.TrimSpace(body)), "request", "screen") {
		if err != nil {
			return screenResponse{}, err
		}
		q, n = rec, n+1
	}
	if n != 1 {
		return screenResponse{}, vetgraph.Errorf(vetgraph.Invalid, op, "want one FtM entity, a JSON object on one line, got %d", n)
	}
	if !vetgraph.IsSubject(q.Schema) {
		return screenResponse{}, vetgraph.Errorf(vetgraph.Invalid, op, "schema %q: screen a Person, Organization, Company or LegalEntity", q.Schema)
	}
	if limit <= 0 || limit > 100 {
		limit = 10
	}
	out := screenResponse{Query: q, Candidates: []screenCandidate{}}
	s.mu.RLock()
	for _, c := range st.p.Resolver().Candidates(q, limit) {
		sc := screenCandidate{Candidate: c, Flags: viewFlags(st.p.Vetter().PersonFlags(c.Entity))}
		if e, ok := st.p.Entity(c.Entity); ok {
			sc.Schema = e.Schema
			if len(e.Names) > 0 {
				sc.Name = e.Names[0]
			}
		}
		out.Candidates = append(out.Candidates, sc)
	}
	if len(out.Candidates) == 0 {
		out.Crowded = st.p.Resolver().Crowded(q)
	}
	s.mu.RUnlock()
	flagged := 0
	for _, c := range out.Candidates {
		if len(c.Flags) > 0 {
			flagged++
		}
	}
	err := st.record(ctx, u, vetgraph.AuditSearch, "screen", map[string]string{
		"name": strings.Join(q.Properties["name"], "; "), "birthDate": q.Properties.First("birthDate"),
		"candidates": strconv.Itoa(len(out.Candidates)), "flagged": strconv.Itoa(flagged),
	})
	return out, err
}

func (s *Server) postScreen(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		return vetgraph.Errorf(vetgraph.Invalid, "server.screen", "request body: %v", err)
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	out, err := s.screen(r.Context(), st, u, body, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// reviewFilter reads status (comma separated), assignee, category, as_of and
// limit.
func reviewFilter(q map[string][]string) (review.Filter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := review.Filter{Assignee: vetgraph.AnalystID(get("assignee")), Category: vetgraph.Topic(get("category"))}
	for v := range strings.SplitSeq(get("status"), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if !vetgraph.Status(v).Valid() {
			return f, vetgraph.Errorf(vetgraph.Invalid, "server", "status %q: want one of %v", v, vetgraph.Statuses())
		}
		f.Status = append(f.Status, vetgraph.Status(v))
	}
	var err error
	if f.AsOf, err = parseTime("as_of", get("as_of")); err != nil {
		return f, err
	}
	if l := get("limit"); l != "" {
		if f.Limit, err = strconv.Atoi(l); err != nil || f.Limit < 0 {
			return f, vetgraph.Errorf(vetgraph.Invalid, "server", "limit %q: want a number", l)
		}
	}
	return f, nil
}

func (s *Server) getReview(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	f, err := reviewFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, err := st.p.Review().List(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []vetgraph.ReviewItem{}
	}
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "review", map[string]string{
		"status": r.URL.Query().Get("status"), "category": string(f.Category), "assignee": string(f.Assignee),
		"as_of": fmtTime(f.AsOf), "results": strconv.Itoa(len(items)),
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) getReviewItem(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	asOf, err := parseTime("as_of", r.URL.Query().Get("as_of"))
	if err != nil {
		return err
	}
	person := vetgraph.EntityID(r.PathValue("person"))
	it, err := st.p.Review().Item(r.Context(), person, asOf)
	if err != nil {
		return err
	}
	if err := st.record(r.Context(), u, vetgraph.AuditReadPerson, string(person), map[string]string{"via": "api review", "as_of": fmtTime(asOf)}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

// decision runs one review action and audits it.
func (s *Server) decision(ctx context.Context, st *state, u User, person vetgraph.EntityID, op string, run func(*review.Service) (vetgraph.ReviewItem, error), detail func(vetgraph.ReviewItem) map[string]string) (vetgraph.ReviewItem, error) {
	it, err := run(st.p.Review())
	if err != nil {
		return it, err
	}
	d := detail(it)
	d["op"] = op
	d["version"] = strconv.FormatInt(it.Version, 10)
	d["role"] = string(u.Role)
	return it, st.record(ctx, u, vetgraph.AuditDecision, string(person), d)
}

func (s *Server) postClaim(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	person := vetgraph.EntityID(r.PathValue("person"))
	it, err := s.decision(r.Context(), st, u, person, "claim",
		func(rs *review.Service) (vetgraph.ReviewItem, error) { return rs.Claim(r.Context(), person, u.actor()) },
		func(it vetgraph.ReviewItem) map[string]string {
			return map[string]string{"assignee": string(it.Assignee)}
		})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

// assignRequest is the body of POST /api/review/{person}/assign.
type assignRequest struct {
	Assignee vetgraph.AnalystID `json:"assignee"`
}

func (s *Server) postAssign(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	var req assignRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	person := vetgraph.EntityID(r.PathValue("person"))
	it, err := s.decision(r.Context(), st, u, person, "assign",
		func(rs *review.Service) (vetgraph.ReviewItem, error) {
			return rs.Assign(r.Context(), person, req.Assignee, u.actor())
		},
		func(it vetgraph.ReviewItem) map[string]string {
			return map[string]string{"assignee": string(it.Assignee)}
		})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

// decideRequest is the body of POST /api/review/{person}/decide.
type decideRequest struct {
	Status    vetgraph.Status `json:"status"`
	Rationale string          `json:"rationale"`
	// Seen is the item version the author read; 0 skips the check.
	Seen int64 `json:"seen"`
}

func (s *Server) postDecide(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	var req decideRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	person := vetgraph.EntityID(r.PathValue("person"))
	it, err := s.decide(r.Context(), st, u, person, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) decide(ctx context.Context, st *state, u User, person vetgraph.EntityID, req decideRequest) (vetgraph.ReviewItem, error) {
	return s.decision(ctx, st, u, person, "decide",
		func(rs *review.Service) (vetgraph.ReviewItem, error) {
			return rs.Decide(ctx, review.DecideRequest{Person: person, By: u.actor(), To: req.Status, Rationale: req.Rationale, Seen: req.Seen})
		},
		func(it vetgraph.ReviewItem) map[string]string {
			d := it.Decisions[len(it.Decisions)-1]
			return map[string]string{"from": string(d.From), "to": string(d.To), "pending": strconv.FormatBool(d.Pending), "rationale": d.Rationale}
		})
}

// confirmRequest is the body of POST /api/review/{person}/confirm.
type confirmRequest struct {
	Approve   bool   `json:"approve"`
	Rationale string `json:"rationale"`
}

func (s *Server) postConfirm(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	var req confirmRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	person := vetgraph.EntityID(r.PathValue("person"))
	it, err := s.confirm(r.Context(), st, u, person, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) confirm(ctx context.Context, st *state, u User, person vetgraph.EntityID, req confirmRequest) (vetgraph.ReviewItem, error) {
	return s.decision(ctx, st, u, person, "confirm",
		func(rs *review.Service) (vetgraph.ReviewItem, error) {
			return rs.Confirm(ctx, person, u.actor(), req.Approve, req.Rationale)
		},
		func(it vetgraph.ReviewItem) map[string]string {
			return map[string]string{"approved": strconv.FormatBool(req.Approve), "rationale": req.Rationale, "status": string(it.Status)}
		})
}

func (s *Server) getAudit(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	q := r.URL.Query()
	asOf, err := parseTime("as_of", q.Get("as_of"))
	if err != nil {
		return err
	}
	entries, err := st.audit.Entries(r.Context(), auditFilter(q.Get("actor"), q.Get("action"), q.Get("subject"), asOf))
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	// Reading the log is itself on the record.
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "audit", map[string]string{
		"actor": q.Get("actor"), "action": q.Get("action"), "subject": q.Get("subject"), "results": strconv.Itoa(len(entries)),
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries})
	return nil
}

func (s *Server) getAuditVerify(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	res, err := st.audit.Verify(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// linkRole names how a person relates to a concern by the first link of
// their path.
func linkRole(l vetgraph.LinkType) string {
	switch l {
	case vetgraph.LinkMemberOf, vetgraph.LinkLeaderOf, vetgraph.LinkFacilitatorFor:
		return "member"
	case vetgraph.LinkMovedBy, vetgraph.LinkPaid, vetgraph.LinkTravelledWith:
		return "client"
	case vetgraph.LinkSharesIdentifier:
		return "identifier"
	}
	return "other"
}
