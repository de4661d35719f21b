package server

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/report"
	"vetgraph/internal/resolve"
	"vetgraph/internal/review"
	"vetgraph/internal/server/web"
)

// pageFunc renders a console page for an authenticated, authorized user.
type pageFunc func(w http.ResponseWriter, r *http.Request, st *state, u User) error

// page wraps a console handler: cookie (or local) authentication with a
// redirect to the login page, the role check, readiness and an HTML error
// page.
func (s *Server) page(act action, h pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.authenticate(r)
		if !ok {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !u.Role.can(act) {
			s.errorPage(w, u, vetgraph.Errorf(vetgraph.Forbidden, "server", "your role (%s) may not %s", u.Role, act))
			return
		}
		st := s.st.Load()
		if st == nil {
			w.Header().Set("Retry-After", "5")
			http.Error(w, "vetgraph is still replaying the store; try again in a few seconds", http.StatusServiceUnavailable)
			return
		}
		if err := h(w, r.WithContext(withUser(r.Context(), u)), st, u); err != nil {
			if vetgraph.ErrorCode(err) == vetgraph.Internal {
				s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
			}
			s.errorPage(w, u, err)
		}
	})
}

func parsePages() (*template.Template, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.UTC().Format("2006-01-02 15:04 UTC")
		},
		"day": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format(time.DateOnly)
		},
		"pct":      func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" },
		"num":      func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
		"status":   statusLabel,
		"degree":   degreeLabel,
		"link":     linkLabel,
		"describe": func(t vetgraph.Topic) string { return t.Describe() },
		"stmt":     statement,
		"catClass": catClass,
		"add":      func(a, b int) int { return a + b },
		"lower":    strings.ToLower,
		"judgeForm": func(person vetgraph.EntityID, a, b vetgraph.RecordKey, back string, undo bool) judgeForm {
			return judgeForm{Person: person, A: a, B: b, Back: back, Undo: undo}
		},
		"pairList": func(items []resolve.Explanation, d personData) pairList { return pairList{Items: items, Data: d} },
	}).ParseFS(web.FS, "templates/*.html")
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Internal, "server.New", "console templates: %w", err)
	}
	return t, nil
}

func statusLabel(s vetgraph.Status) string {
	switch s {
	case vetgraph.StatusOpen:
		return "open"
	case vetgraph.StatusInReview:
		return "in review"
	case vetgraph.StatusVettingOngoing:
		return "vetting ongoing"
	}
	return string(s)
}

func degreeLabel(d vetgraph.Degree) string {
	switch d {
	case vetgraph.DegreeDirect:
		return "direct (the person is the subject)"
	case vetgraph.DegreeFirst:
		return "1 link away"
	}
	return fmt.Sprintf("%d links away", d)
}

func linkLabel(l vetgraph.LinkType) string {
	switch l {
	case "has_topic":
		return "carries topic"
	case vetgraph.LinkSharesIdentifier:
		return "holds identifier"
	}
	return strings.ReplaceAll(string(l), "_", " ")
}

func catClass(t vetgraph.Topic) string {
	switch t {
	case vetgraph.TopicTraffick:
		return "cat-traffick"
	case vetgraph.TopicTerror:
		return "cat-terror"
	}
	return "cat-other"
}

// pageData is what every page template gets.
type pageData struct {
	Title string
	User  User
	Nav   string
	Local bool
	Error string
	Note  string
	Data  any
}

func (s *Server) render(w http.ResponseWriter, code int, name string, d pageData) error {
	d.Local = s.opt.InsecureLocal
	var b bytes.Buffer
	if err := s.pages.ExecuteTemplate(&b, name, d); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "server.render", "%s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, err := w.Write(b.Bytes())
	return err
}

func (s *Server) errorPage(w http.ResponseWriter, u User, err error) {
	code := status(vetgraph.ErrorCode(err))
	if rerr := s.render(w, code, "error.html", pageData{Title: http.StatusText(code), User: u, Error: vetgraph.ErrorMessage(err)}); rerr != nil {
		http.Error(w, vetgraph.ErrorMessage(err), code)
	}
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if err := s.render(w, http.StatusOK, "login.html", pageData{Title: "Sign in", Data: safeNext(r.URL.Query().Get("next"))}); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	tok := strings.TrimSpace(r.PostFormValue("token"))
	next := safeNext(r.PostFormValue("next"))
	probe := r.Clone(r.Context())
	probe.Header = http.Header{"Authorization": {"Bearer " + tok}}
	if _, ok := s.authenticate(probe); !ok || tok == "" {
		_ = s.render(w, http.StatusUnauthorized, "login.html", pageData{Title: "Sign in", Error: "That token is not valid.", Data: next})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: 12 * 3600})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// queueRow is one line of the review queue page.
type queueRow struct {
	vetgraph.ReviewItem
	Statements []flagWord
	Note       string
}

// flagWord is a flag's statement with its category, for a coloured label.
type flagWord struct {
	Category vetgraph.Topic
	Text     string
	Degree   vetgraph.Degree
}

type queueData struct {
	Rows       []queueRow
	Statuses   []vetgraph.Status
	Categories []vetgraph.Topic
	Status     []vetgraph.Status
	Category   vetgraph.Topic
	Assignee   string
	Sort       string
	Counts     map[vetgraph.Status]int
	Total      int
	Matching   int // rows matching the filter; Rows holds at most the limit
	Query      string
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	q := r.URL.Query()
	if q.Has("status") {
		q.Set("status", strings.Join(q["status"], ","))
	}
	f, err := reviewFilter(q)
	if err != nil {
		return err
	}
	all, err := st.p.Review().List(r.Context(), review.Filter{AsOf: f.AsOf})
	if err != nil {
		return err
	}
	d := queueData{Statuses: vetgraph.Statuses(), Status: f.Status, Category: f.Category, Assignee: string(f.Assignee),
		Sort: or(q.Get("sort"), "priority"), Counts: map[vetgraph.Status]int{}, Total: len(all)}
	cats := map[vetgraph.Topic]bool{vetgraph.TopicTraffick: true, vetgraph.TopicTerror: true}
	for _, it := range all {
		d.Counts[it.Status]++
		for _, fs := range it.Flags {
			cats[fs.Flag.Category] = true
		}
	}
	d.Categories = slices.Sorted(func(yield func(vetgraph.Topic) bool) {
		for c := range cats {
			if !yield(c) {
				return
			}
		}
	})
	for _, it := range all {
		if len(f.Status) > 0 && !slices.Contains(f.Status, it.Status) {
			continue
		}
		if f.Assignee != "" && it.Assignee != f.Assignee {
			continue
		}
		if f.Category != "" && !slices.ContainsFunc(it.Flags, func(fs vetgraph.FlagState) bool { return fs.Flag.Category == f.Category }) {
			continue
		}
		row := queueRow{ReviewItem: it}
		for _, fs := range it.Flags {
			row.Statements = append(row.Statements, flagWord{fs.Flag.Category, statement(fs.Flag), fs.Flag.Degree})
		}
		switch {
		case it.Pending != nil:
			row.Note = "awaiting a second supervisor: " + statusLabel(it.Pending.To)
		case it.EvidenceWithdrawn:
			row.Note = "evidence withdrawn"
		case it.ReopenReason != "":
			row.Note = "re-opened: " + it.ReopenReason
		}
		d.Rows = append(d.Rows, row)
	}
	sortQueue(d.Rows, d.Sort)
	d.Matching = len(d.Rows)
	if f.Limit == 0 {
		f.Limit = 200
	}
	if len(d.Rows) > f.Limit {
		d.Rows = d.Rows[:f.Limit]
	}
	q.Del("sort")
	q.Del("limit")
	d.Query = q.Encode()
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "review", map[string]string{
		"via": "console", "status": q.Get("status"), "category": string(f.Category), "results": strconv.Itoa(len(d.Rows)),
	}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "queue.html", pageData{Title: "Review queue", User: u, Nav: "queue", Data: d})
}

// sortQueue orders the queue rows by a column; priority (highest first) by
// default.
func sortQueue(rows []queueRow, by string) {
	slices.SortStableFunc(rows, func(a, b queueRow) int {
		switch by {
		case "name":
			return cmp.Compare(strings.ToLower(a.PersonName), strings.ToLower(b.PersonName))
		case "status":
			return cmp.Compare(slices.Index(vetgraph.Statuses(), a.Status), slices.Index(vetgraph.Statuses(), b.Status))
		case "opened":
			return a.Opened.Compare(b.Opened)
		case "updated":
			return b.Updated.Compare(a.Updated)
		case "assignee":
			return cmp.Compare(a.Assignee, b.Assignee)
		}
		return cmp.Compare(b.Priority, a.Priority)
	})
}

// personData is the person (or any entity) page.
type personData struct {
	entityResponse
	Flags      []flagPage // shadows entityResponse.Flags with readable paths
	Graph      graphResponse
	Next       []vetgraph.Status // statuses a decision may move the item to
	CanWork    bool
	CanSuper   bool
	IsAssignee bool
	Records    []recordView
	// Others names the entities on the other side of the possible matches
	// and near misses.
	Others map[vetgraph.EntityID]string
}

// judgeForm is the decision form on one record pair (the "judge"
// template): posted to Person's page, which redirects to Back when set;
// Undo labels the buttons for a merge already made (confirm, undo).
type judgeForm struct {
	Person vetgraph.EntityID
	A, B   vetgraph.RecordKey
	Back   string
	Undo   bool
}

// pairList is the "pairs" template's argument: record pairs of the page's
// person and other entities (possible matches, near misses).
type pairList struct {
	Items []resolve.Explanation
	Data  personData
}

// recordView is one of an entity's records with its stored properties.
type recordView struct {
	Key    vetgraph.RecordKey
	Schema string
	Batch  vetgraph.BatchID
	At     time.Time
	Props  [][2]string
}

// records reads an entity's subject records (the newest version of each
// key, at most 50) from the store: one scan per source, stopped as soon as
// every key of that source is found. The store has no lookup by key, so on a
// large source this is the slow part of the person page.
func (s *Server) records(ctx context.Context, st *state, keys []vetgraph.RecordKey) ([]recordView, error) {
	if len(keys) > 50 {
		keys = keys[:50]
	}
	want := map[string]map[vetgraph.RecordKey]bool{}
	for _, k := range keys {
		if want[k.Source] == nil {
			want[k.Source] = map[vetgraph.RecordKey]bool{}
		}
		want[k.Source][k] = true
	}
	found := map[vetgraph.RecordKey]vetgraph.Record{}
	errDone := errors.New("done")
	for src, ks := range want {
		left := len(ks)
		err := st.store.ScanRecords(ctx, vetgraph.RecordFilter{Source: src, Latest: true}, func(r vetgraph.Record) error {
			if ks[r.Key] {
				found[r.Key] = r
				if left--; left == 0 {
					return errDone
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, errDone) {
			return nil, err
		}
	}
	var out []recordView
	for _, k := range keys {
		r, ok := found[k]
		if !ok {
			continue
		}
		v := recordView{Key: k, Schema: r.Schema, Batch: r.Batch, At: r.RecordedAt}
		for _, p := range slices.Sorted(maps.Keys(r.Properties)) {
			v.Props = append(v.Props, [2]string{p, strings.Join(r.Properties[p], "; ")})
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	id := vetgraph.EntityID(r.PathValue("id"))
	er, err := s.entity(r.Context(), st, id)
	if err != nil {
		return err
	}
	if er.Entity.Schema != vetgraph.SchemaPerson && er.RedirectedFrom == "" && r.URL.Query().Get("as") != "person" {
		http.Redirect(w, r, "/network/"+url.PathEscape(string(er.Entity.ID)), http.StatusSeeOther)
		return nil
	}
	g := s.graphOf(st, er)
	recs, err := s.records(r.Context(), st, er.Entity.Records)
	if err != nil {
		return err
	}
	nm := newNamer(st)
	d := personData{entityResponse: er, Flags: nm.flags(er.Flags), Graph: nm.graph(g), CanWork: u.Role.can(actWork), CanSuper: u.Role.can(actSupervise), Records: recs,
		Others: map[vetgraph.EntityID]string{}}
	for _, ex := range slices.Concat(er.Explanation.Possible, er.Explanation.Related) {
		d.Others[ex.EntityB] = nm.text(string(ex.EntityB))
	}
	if it := er.Review; it != nil {
		d.IsAssignee = it.Assignee == vetgraph.AnalystID(u.Name)
		for _, to := range vetgraph.Statuses() {
			if review.Allowed(it.Status, to) {
				d.Next = append(d.Next, to)
			}
		}
	}
	if err := st.record(r.Context(), u, vetgraph.AuditReadPerson, string(er.Entity.ID), map[string]string{"via": "console"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "person.html", pageData{
		Title: or(firstName(er.Entity), string(er.Entity.ID)), User: u, Nav: "queue",
		Error: r.URL.Query().Get("error"), Note: r.URL.Query().Get("note"), Data: d,
	})
}

func firstName(e vetgraph.Entity) string {
	if len(e.Names) > 0 {
		return e.Names[0]
	}
	return ""
}

// personAction handles the person page's forms: claim, release, assign,
// decide and confirm. It answers with a redirect back to the page, carrying
// the outcome or the error.
func (s *Server) personAction(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return vetgraph.Errorf(vetgraph.Invalid, "server", "form: %v", err)
	}
	person := vetgraph.EntityID(r.PathValue("id"))
	ctx := r.Context()
	var note string
	var err error
	switch op := r.PathValue("op"); op {
	case "claim":
		_, err = s.decision(ctx, st, u, person, "claim",
			func(rs *review.Service) (vetgraph.ReviewItem, error) { return rs.Claim(ctx, person, u.actor()) },
			func(it vetgraph.ReviewItem) map[string]string {
				return map[string]string{"assignee": string(it.Assignee), "via": "console"}
			})
		note = "You hold this item now."
	case "assign":
		to := vetgraph.AnalystID(strings.TrimSpace(r.PostFormValue("assignee")))
		_, err = s.decision(ctx, st, u, person, "assign",
			func(rs *review.Service) (vetgraph.ReviewItem, error) { return rs.Assign(ctx, person, to, u.actor()) },
			func(it vetgraph.ReviewItem) map[string]string {
				return map[string]string{"assignee": string(it.Assignee), "via": "console"}
			})
		note = "Assigned to " + or(string(to), "nobody") + "."
	case "decide":
		seen, _ := strconv.ParseInt(r.PostFormValue("seen"), 10, 64)
		var it vetgraph.ReviewItem
		it, err = s.decide(ctx, st, u, person, decideRequest{Status: vetgraph.Status(r.PostFormValue("status")), Rationale: strings.TrimSpace(r.PostFormValue("rationale")), Seen: seen})
		if err == nil {
			note = "Decision recorded: " + statusLabel(it.Status) + "."
			if it.Pending != nil {
				note = "Decision recorded, awaiting a second supervisor (two-person rule); the status stays " + statusLabel(it.Status) + "."
			}
		}
	case "confirm":
		if !u.Role.can(actSupervise) {
			return vetgraph.Errorf(vetgraph.Forbidden, "server", "only a supervisor confirms a decision")
		}
		approve := r.PostFormValue("answer") == "approve"
		_, err = s.confirm(ctx, st, u, person, confirmRequest{Approve: approve, Rationale: strings.TrimSpace(r.PostFormValue("rationale"))})
		note = map[bool]string{true: "Decision confirmed.", false: "Decision rejected; the status stays."}[approve]
	case "judge":
		var res judgeResult
		res, err = s.judge(ctx, st, u, judgeRequest{A: r.PostFormValue("a"), B: r.PostFormValue("b"), Decision: r.PostFormValue("decision"), Reason: r.PostFormValue("reason")})
		if err == nil {
			note = fmt.Sprintf("Recorded as batch %s: %s and %s are %s. Retract the batch to withdraw the decision.", res.Batch, res.A, res.B, vetgraph.JudgedAs(res.Role))
			if res.EntityA != person {
				person = res.EntityA // the page of the person the record is in now
			}
		}
	default:
		return vetgraph.Errorf(vetgraph.NotFound, "server", "no action %q", op)
	}
	v := url.Values{}
	if err != nil {
		if vetgraph.ErrorCode(err) == vetgraph.Internal {
			return err
		}
		v.Set("error", vetgraph.ErrorMessage(err))
	} else {
		v.Set("note", note)
	}
	if r.PostFormValue("back") == "/matches" {
		http.Redirect(w, r, "/matches?"+v.Encode(), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/person/"+url.PathEscape(string(person))+"?"+v.Encode(), http.StatusSeeOther)
	return nil
}

func (s *Server) networkPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	er, err := s.entity(r.Context(), st, vetgraph.EntityID(r.PathValue("id")))
	if err != nil {
		return err
	}
	g := s.graphOf(st, er)
	recs, err := s.records(r.Context(), st, er.Entity.Records)
	if err != nil {
		return err
	}
	nm := newNamer(st)
	// The concern's context paths, from any linked person's flag.
	var context []vetgraph.Path
	if er.LinkedTotal > 0 {
		for _, f := range st.p.Vetter().PersonFlags(er.Linked[0].Person) {
			if f.Concern == er.Entity.ID {
				context = f.Context
				break
			}
		}
	}
	type group struct {
		Title, Hint string
		Persons     []linkedPerson
	}
	groups := []group{
		{"Members, leaders and facilitators", "Linked by a membership, leadership or facilitator statement (or through one of them).", nil},
		{"Clients", "Moved by, paid or travelled with the network or one of its people. A client is connected to the network only: the network's own ties do not pass to its clients.", nil},
		{"Sharing an identifier", "Hold a phone, account or address the network's people also hold.", nil},
		{"Other links", "", nil},
	}
	for _, lp := range er.Linked {
		i := map[string]int{"member": 0, "client": 1, "identifier": 2}[lp.Role]
		if lp.Role == "other" {
			i = 3
		}
		groups[i].Persons = append(groups[i].Persons, lp)
	}
	if err := st.record(r.Context(), u, vetgraph.AuditReadPerson, string(er.Entity.ID), map[string]string{"via": "console network"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "network.html", pageData{Title: or(firstName(er.Entity), string(er.Entity.ID)), User: u, Nav: "queue",
		Data: struct {
			personData
			Context []pathView
			Groups  []group
		}{personData{entityResponse: er, Flags: nm.flags(er.Flags), Graph: nm.graph(g), Records: recs}, nm.paths(context), groups}})
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	asOf := r.URL.Query().Get("as_of")
	if _, err := parseTime("as_of", asOf); err != nil {
		return err
	}
	q := url.Values{}
	if asOf != "" {
		q.Set("as_of", asOf)
	}
	return s.render(w, http.StatusOK, "report.html", pageData{Title: "Report", User: u, Nav: "report", Data: map[string]string{"AsOf": asOf, "Query": q.Encode()}})
}

// reportFrame serves report.WriteHTML's page, shown in the report page's
// frame.
func (s *Server) reportFrame(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	t, err := parseTime("as_of", r.URL.Query().Get("as_of"))
	if err != nil {
		return err
	}
	rep, err := s.buildReport(r.Context(), st, t)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := report.WriteHTML(&b, rep); err != nil {
		return err
	}
	if err := st.record(r.Context(), u, vetgraph.AuditReport, "report", map[string]string{"as_of": fmtTime(rep.AsOf), "format": "html", "via": "console"}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
	_, err = io.Copy(w, &b)
	return err
}

// screenForm is the screening form's fields.
type screenForm struct {
	Name, BirthDate, Nationality, Passport, Phone, Raw string
}

func (s *Server) screenPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	d := struct {
		Form   screenForm
		Result *screenResponse
	}{}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			return vetgraph.Errorf(vetgraph.Invalid, "server", "form: %v", err)
		}
		f := screenForm{Name: r.PostFormValue("name"), BirthDate: r.PostFormValue("birthDate"), Nationality: r.PostFormValue("nationality"),
			Passport: r.PostFormValue("passportNumber"), Phone: r.PostFormValue("phone"), Raw: strings.TrimSpace(r.PostFormValue("raw"))}
		d.Form = f
		body := []byte(f.Raw)
		if f.Raw == "" {
			p := vetgraph.Properties{}
			for k, v := range map[string]string{"name": f.Name, "birthDate": f.BirthDate, "nationality": f.Nationality, "passportNumber": f.Passport, "phone": f.Phone} {
				for x := range strings.SplitSeq(v, ";") {
					p.Add(k, strings.TrimSpace(x))
				}
			}
			body, _ = jsonLine(map[string]any{"id": "screen-query", "schema": "Person", "properties": p})
		}
		res, err := s.screen(r.Context(), st, u, body, 10)
		if err != nil {
			if vetgraph.ErrorCode(err) == vetgraph.Internal {
				return err
			}
			return s.render(w, http.StatusBadRequest, "screen.html", pageData{Title: "Screen", User: u, Nav: "screen", Error: vetgraph.ErrorMessage(err), Data: d})
		}
		d.Result = &res
	}
	return s.render(w, http.StatusOK, "screen.html", pageData{Title: "Screen", User: u, Nav: "screen", Data: d})
}

func (s *Server) batchesPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	bs, err := s.batches(r.Context(), st)
	if err != nil {
		return err
	}
	slices.Reverse(bs) // newest first
	return s.render(w, http.StatusOK, "batches.html", pageData{Title: "Batches", User: u, Nav: "batches",
		Error: r.URL.Query().Get("error"), Note: r.URL.Query().Get("note"),
		Data: map[string]any{"Batches": bs, "CanRetract": u.Role.can(actRetract), "CanImport": u.Role.can(actImport)}})
}

func (s *Server) retractAction(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	id := vetgraph.BatchID(r.PathValue("id"))
	res, err := s.retract(r.Context(), st, u, id, strings.TrimSpace(r.PostFormValue("reason")))
	v := url.Values{}
	switch {
	case err != nil && vetgraph.ErrorCode(err) == vetgraph.Internal:
		return err
	case err != nil:
		v.Set("error", vetgraph.ErrorMessage(err))
	default:
		v.Set("note", fmt.Sprintf("Batch %s retracted: %d flags new, %d raised, %d lowered, %d cleared; %d review items updated.", id,
			res.Deltas[vetgraph.DeltaNew], res.Deltas[vetgraph.DeltaRaised], res.Deltas[vetgraph.DeltaLowered], res.Deltas[vetgraph.DeltaCleared], len(res.Review)))
	}
	http.Redirect(w, r, "/batches?"+v.Encode(), http.StatusSeeOther)
	return nil
}

func (s *Server) importAction(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload)
	res, err := s.importFiles(r.Context(), st, u, r, func() importParams {
		return importParams{Format: r.Form.Get("format"), Source: r.Form.Get("source"), Grade: r.Form.Get("grade"), Supersedes: r.Form.Get("supersedes")}
	})
	v := url.Values{}
	switch {
	case err != nil && vetgraph.ErrorCode(err) == vetgraph.Internal:
		return err
	case err != nil:
		v.Set("error", vetgraph.ErrorMessage(err))
	default:
		v.Set("note", fmt.Sprintf("Batch %s imported: %d new, %d changed, %d unchanged records; flags %d new, %d raised, %d lowered, %d cleared.", res.Batch.ID,
			res.Batch.Added, res.Batch.Changed, res.Batch.Unchanged,
			res.Deltas[vetgraph.DeltaNew], res.Deltas[vetgraph.DeltaRaised], res.Deltas[vetgraph.DeltaLowered], res.Deltas[vetgraph.DeltaCleared]))
	}
	http.Redirect(w, r, "/batches?"+v.Encode(), http.StatusSeeOther)
	return nil
}

func jsonLine(v any) ([]byte, error) { return json.Marshal(v) }

// entityIDRE matches resolver entity ids inside free text (evidence notes).
var entityIDRE = regexp.MustCompile(`\bE[0-9a-f]{12}(?:-[0-9]+)?\b`)

// namer replaces entity ids in evidence notes with the entities' names, for
// people to read; the API keeps the ids.
type namer struct {
	st    *state
	names map[string]string
}

func newNamer(st *state) *namer { return &namer{st: st, names: map[string]string{}} }

func (n *namer) text(s string) string {
	return entityIDRE.ReplaceAllStringFunc(s, func(id string) string {
		if name, ok := n.names[id]; ok {
			return name
		}
		name := id
		if e, ok := n.st.p.Entity(vetgraph.EntityID(id)); ok && len(e.Names) > 0 {
			name = e.Names[0]
		}
		n.names[id] = name
		return name
	})
}

func (n *namer) evidence(evs []vetgraph.Evidence) []vetgraph.Evidence {
	out := slices.Clone(evs)
	for i := range out {
		out[i].Note = n.text(out[i].Note)
	}
	return out
}

// pathView is an evidence path as the console shows it.
type pathView struct {
	Strength float64
	Steps    []stepView
}

// stepView is a path step; Reversed says the path follows the link against
// the direction it was stated in, so the page shows the stated direction.
type stepView struct {
	vetgraph.Step
	Reversed bool
}

func (n *namer) paths(ps []vetgraph.Path) []pathView {
	out := make([]pathView, len(ps))
	for i, p := range ps {
		out[i].Strength = p.Strength
		for _, st := range p.Steps {
			sv := stepView{Step: st, Reversed: reversed(st)}
			sv.Evidence = n.evidence(st.Evidence)
			out[i].Steps = append(out[i].Steps, sv)
		}
	}
	return out
}

// flagPage is a flag as the console shows it.
type flagPage struct {
	flagView
	Paths   []pathView
	Context []pathView
}

func (n *namer) flags(fs []flagView) []flagPage {
	out := make([]flagPage, len(fs))
	for i, f := range fs {
		out[i] = flagPage{flagView: f, Paths: n.paths(f.Paths), Context: n.paths(f.Context)}
	}
	return out
}

func (n *namer) graph(g graphResponse) graphResponse {
	g.Edges = slices.Clone(g.Edges)
	for i := range g.Edges {
		g.Edges[i].Evidence = n.evidence(g.Edges[i].Evidence)
	}
	return g
}

// auditPage lists the audit log (newest first, at most 500 entries of the
// filter) and verifies its chain.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	q := r.URL.Query()
	entries, err := st.audit.Entries(r.Context(), auditFilter(q.Get("actor"), q.Get("action"), q.Get("subject"), time.Time{}))
	if err != nil {
		return err
	}
	res, err := st.audit.Verify(r.Context())
	if err != nil {
		return err
	}
	total := len(entries)
	slices.Reverse(entries)
	if len(entries) > 500 {
		entries = entries[:500]
	}
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "audit", map[string]string{
		"via": "console", "actor": q.Get("actor"), "action": q.Get("action"), "subject": q.Get("subject"), "results": strconv.Itoa(total),
	}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "audit.html", pageData{Title: "Audit log", User: u, Nav: "audit", Data: map[string]any{
		"Entries": entries, "Total": total, "Verify": res, "Actor": q.Get("actor"), "Action": q.Get("action"), "Subject": q.Get("subject"),
		"Actions": []vetgraph.AuditAction{vetgraph.AuditReadPerson, vetgraph.AuditSearch, vetgraph.AuditDecision, vetgraph.AuditConfigChange, vetgraph.AuditReport, vetgraph.AuditExport},
	}})
}

// changeRow is one flag delta on the changes page.
type changeRow struct {
	vetgraph.FlagDelta
	Name      string
	Statement string
	Before    string // degree and strength before, "" for new
	After     string // degree and strength after, "" for cleared
}

func flagBrief(f *vetgraph.Flag) string {
	if f == nil {
		return ""
	}
	return degreeLabel(f.Degree) + ", strength " + strconv.FormatFloat(f.Strength, 'f', 2, 64)
}

// changesPage lists the flag deltas after a batch (newest first): what each
// import, correction and retraction did to whom.
func (s *Server) changesPage(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	since := vetgraph.BatchID(r.URL.Query().Get("since"))
	ds, err := st.p.Deltas(since)
	if err != nil {
		return err
	}
	bs, err := s.batches(r.Context(), st)
	if err != nil {
		return err
	}
	total := len(ds)
	slices.Reverse(ds)
	if len(ds) > 500 {
		ds = ds[:500]
	}
	rows := make([]changeRow, 0, len(ds))
	for _, d := range ds {
		f := d.After
		if f == nil {
			f = d.Before
		}
		row := changeRow{FlagDelta: d, Before: flagBrief(d.Before), After: flagBrief(d.After)}
		if f != nil {
			row.Name, row.Statement = f.PersonName, statement(*f)
		}
		rows = append(rows, row)
	}
	if err := st.record(r.Context(), u, vetgraph.AuditSearch, "deltas", map[string]string{"via": "console", "since": string(since), "results": strconv.Itoa(total)}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "changes.html", pageData{Title: "Changes", User: u, Nav: "changes", Data: map[string]any{
		"Rows": rows, "Total": total, "Since": since, "Batches": bs,
	}})
}
