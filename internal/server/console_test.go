package server

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"vetgraph"
	"vetgraph/internal/resolve"
)

func TestConsolePages(t *testing.T) {
	w := newWorld(t, Options{})
	c1, net := string(w.ids["c1"]), string(w.ids["net-1"])
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{"Review queue", "Alisher Qodirov", "connected to smuggling network Network One", "individual evidence of ties to designated group Group G", "/person/" + c1}},
		{"/?status=open&category=crime.terror", []string{"Bahodir Karimov"}},
		{"/?sort=name", []string{"Alisher Qodirov"}},
		{"/person/" + c1, []string{"Alisher Qodirov", "crime.traffick", "2 links away", "Context — not counted", "moved by", "Group G", "Claim this item", "graph-data", "/static/cytoscape.min.js", "ungraded", "B2"}},
		{"/network/" + net, []string{"Network One", "Persons linked through this entity (4)", "Jamshid Rahimov", "Context — not counted"}},
		{"/report", []string{"/report/page"}},
		{"/report/page", []string{"Persons connected to smuggling network Network One: 4"}},
		{"/screen", []string{"Screen an encounter"}},
		{"/batches", []string{"b2", "R1", "B2", "Retract", "Import a batch"}},
		{"/?limit=2", []string{"Showing the first 2 of 4 matching items"}},
		{"/changes", []string{"Changes to flags", "new", "Bahodir Karimov", "individual evidence of ties to designated group Group G", "b2"}},
		{"/changes?since=b2", []string{"0 changes", "No flag changed."}},
		{"/audit", []string{"Hash chain verified", "person.read", "Audit log"}},
		{"/audit?action=search", []string{"review"}},
		{"/static/cytoscape.min.js", []string{"cytoscape"}},
		{"/static/style.css", []string{"--traffick"}},
	}
	for _, tt := range tests {
		code, b := w.do("GET", tt.path, "admin", nil)
		if code != 200 {
			t.Errorf("GET %s: %d %.200s", tt.path, code, b)
			continue
		}
		for _, s := range tt.want {
			if !strings.Contains(string(b), s) {
				t.Errorf("GET %s lacks %q", tt.path, s)
			}
		}
	}
	// The queue filter leaves out what does not match.
	if _, b := w.do("GET", "/?category=crime.terror", "admin", nil); strings.Contains(string(b), "Jamshid Rahimov") {
		t.Error("terror filter shows a client of the network")
	}
	// A network id on the person page goes to the network view.
	if code, _ := w.do("GET", "/person/"+net, "admin", nil); code != http.StatusSeeOther {
		t.Errorf("person page of a network: %d", code)
	}
	if code, _ := w.do("GET", "/person/nobody", "admin", nil); code != 404 {
		t.Errorf("unknown person page: %d", code)
	}
	if code, _ := w.do("GET", "/audit", "analyst", nil); code != 403 {
		t.Errorf("analyst audit page: %d", code)
	}
	// Role limits show on the pages: a viewer cannot screen.
	if code, b := w.do("GET", "/screen", "viewer", nil); code != 403 || !strings.Contains(string(b), "may not screen") {
		t.Errorf("viewer screen page: %d", code)
	}
}

func TestConsoleLoginAndForms(t *testing.T) {
	w := newWorld(t, Options{})
	// Without a session the console sends you to sign in.
	code, _ := w.do("GET", "/person/x", "", nil)
	if code != http.StatusSeeOther {
		t.Fatalf("anonymous page: %d", code)
	}
	form := url.Values{"token": {"wrong-token-0123456789"}, "next": {"/"}}
	if code, _ := w.do("POST", "/login", "", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded"); code != 401 {
		t.Errorf("bad login: %d", code)
	}
	form.Set("token", testTokens["analyst"].Token)
	form.Set("next", "//evil.example/")
	req, _ := http.NewRequest("POST", w.http.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
		t.Fatalf("login: %d to %q", resp.StatusCode, loc)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == cookieName {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	post := func(path string, v url.Values, header ...string) (int, string) {
		req, _ := http.NewRequest("POST", w.http.URL+path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	c2 := string(w.ids["c2"])
	if code, loc := post("/person/"+c2+"/claim", nil); code != http.StatusSeeOther || !strings.Contains(loc, "note=") {
		t.Fatalf("claim: %d %s", code, loc)
	}
	it, err := w.p.Review().Item(context.Background(), w.ids["c2"], time.Time{})
	if err != nil || it.Assignee != "anna" {
		t.Fatalf("after the claim form: %v %q", err, it.Assignee)
	}
	// A decision on a stale version comes back as a message, not a change.
	code, loc := post("/person/"+c2+"/decide", url.Values{"status": {"in_review"}, "rationale": {"checking"}, "seen": {"1"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "error=") {
		t.Errorf("stale decision: %d %s", code, loc)
	}
	code, loc = post("/person/"+c2+"/decide", url.Values{"status": {"in_review"}, "rationale": {"checking"}, "seen": {itoa(it.Version)}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "note=") {
		t.Errorf("decision: %d %s", code, loc)
	}
	if it, _ = w.p.Review().Item(context.Background(), w.ids["c2"], time.Time{}); it.Status != vetgraph.StatusInReview {
		t.Errorf("status after the form: %s", it.Status)
	}
	// Another site cannot post the form with the analyst's cookie.
	if code, _ := post("/person/"+c2+"/decide", url.Values{"status": {"open"}, "rationale": {"x"}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); code != http.StatusForbidden {
		t.Errorf("cross-site form post: %d", code)
	}
	// An analyst cannot retract a batch from the console either.
	if code, _ := post("/batches/b2/retract", url.Values{"reason": {"x"}}); code != http.StatusForbidden {
		t.Errorf("analyst retract form: %d", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestBrowser loads a person page in headless Chromium, when it is
// installed, and checks from the rendered DOM that the vendored scripts ran
// and drew the evidence graph with every node and link of the API's graph.
// It never downloads a browser. Set VETGRAPH_SCREENSHOT_DIR to also keep
// screenshots of the queue, a person and a network page to look at.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("renders with Chromium; skipped with -short")
	}
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("no chromium on PATH: install it (apt-get install -y chromium) to check the console in a browser")
	}
	w := newWorld(t, Options{InsecureLocal: true})
	chromium := func(args ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + filepath.Join(t.TempDir(), "profile"),
			"--virtual-time-budget=5000", "--window-size=1280,2000"}
		out, err := exec.CommandContext(ctx, bin, append(base, args...)...).Output()
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		return out
	}
	person := "/person/" + string(w.ids["c1"])
	var g graphResponse
	if code := w.json("GET", "/api/entities/"+string(w.ids["c1"])+"/graph", "", nil, &g); code != 200 {
		t.Fatalf("graph: %d", code)
	}
	dom := string(chromium("--dump-dom", w.http.URL+person))
	want := fmt.Sprintf("The graph draws %d nodes and %d links.", len(g.Nodes), len(g.Edges))
	if !strings.Contains(dom, want) {
		i := strings.Index(dom, `id="graph-detail"`)
		t.Errorf("the page does not say %q: the scripts did not run or drew something else; it says: %.200s", want, dom[max(i, 0):])
	}
	if n := strings.Count(dom, "<canvas"); n < 2 {
		t.Errorf("%d canvases in the graph box: cytoscape did not draw", n)
	}
	if dir := os.Getenv("VETGRAPH_SCREENSHOT_DIR"); dir != "" {
		for name, path := range map[string]string{"queue": "/", "person": person, "network": "/network/" + string(w.ids["net-1"])} {
			shot := filepath.Join(dir, name+".png")
			chromium("--screenshot="+shot, w.http.URL+path)
			f, err := os.Open(shot)
			if err != nil {
				t.Fatal(err)
			}
			_, err = png.Decode(f)
			f.Close()
			if err != nil {
				t.Errorf("%s: %v", shot, err)
			}
		}
	}
}

func TestConsoleScreenImportRetract(t *testing.T) {
	w := newWorld(t, Options{})
	form := "application/x-www-form-urlencoded"
	v := url.Values{"name": {"Jamshid Rakhimov"}, "birthDate": {"1985-03-04"}}
	code, b := w.do("POST", "/screen", "analyst", strings.NewReader(v.Encode()), "Content-Type", form)
	if code != 200 || !strings.Contains(string(b), "Candidates (1)") || !strings.Contains(string(b), "connected to smuggling network Network One") {
		t.Errorf("screen form: %d", code)
	}
	v = url.Values{"raw": {`{"id":"q","schema":"Membership","properties":{}}`}}
	if code, b := w.do("POST", "/screen", "analyst", strings.NewReader(v.Encode()), "Content-Type", form); code != 400 || !strings.Contains(string(b), "Membership") {
		t.Errorf("screen form with a relationship: %d", code)
	}

	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("grade", "A1")
	mw.WriteField("source", "R9")
	fw, _ := mw.CreateFormFile("file", "r9.ftm.jsonl")
	fw.Write([]byte(`{"id":"m9","schema":"Membership","properties":{"member":["c3"],"organization":["grp-1"]}}` + "\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", w.http.URL+"/batches/import", &mp)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+testTokens["analyst"].Token)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "note=") {
		t.Fatalf("console import: %d %s", resp.StatusCode, loc)
	}
	bs, _ := w.store.Batches(context.Background())
	if last := bs[len(bs)-1]; last.Source != "R9" || last.Grade.String() != "A1" {
		t.Errorf("imported batch: %+v", last)
	}
	if fs := w.p.Vetter().PersonFlags(w.ids["c3"]); len(fs) != 1 || fs[0].Category != vetgraph.TopicTerror || fs[0].Degree != 1 {
		t.Errorf("c3 after the membership: %+v", fs)
	}

	code, _ = w.do("POST", "/batches/b2/retract", "supervisor", strings.NewReader(url.Values{"reason": {"source clarified the link"}}.Encode()), "Content-Type", form)
	if code != http.StatusSeeOther {
		t.Fatalf("retract form: %d", code)
	}
	if r, ok := w.p.Retractions()["b2"]; !ok || r.Actor != "sam" || r.Reason != "source clarified the link" {
		t.Errorf("retraction: %+v", r)
	}
	_, b = w.do("GET", "/batches", "supervisor", nil)
	if !strings.Contains(string(b), "retracted") || !strings.Contains(string(b), "source clarified the link") {
		t.Error("batch page does not show the retraction")
	}
	// The item of a person whose every flag was withdrawn says so.
	_, b = w.do("GET", "/person/"+string(w.ids["c2"]), "viewer", nil)
	if !strings.Contains(string(b), "Evidence withdrawn") || !strings.Contains(string(b), "Withdrawn: connected to smuggling network") {
		t.Error("person page does not show the withdrawn evidence")
	}
}

// TestPersonLineage renders the person page template for an entity with a
// merge and a split in its history (hand-built: no scenario needed).
func TestPersonLineage(t *testing.T) {
	s, err := New(Options{InsecureLocal: true})
	if err != nil {
		t.Fatal(err)
	}
	ent := vetgraph.Entity{ID: "E1", Schema: "Person", Names: []string{"A"}, Lineage: []vetgraph.Lineage{
		{Kind: vetgraph.LineageMerged, From: []vetgraph.EntityID{"E2", "E3"}, Into: "E1", Cause: vetgraph.RecordKey{Source: "s", ID: "r9"}},
		{Kind: vetgraph.LineageSplit, From: []vetgraph.EntityID{"E1"}, Into: "E4", Cause: vetgraph.RecordKey{Source: "s", ID: "r7"}},
	}}
	rr := httptest.NewRecorder()
	if err := s.render(rr, 200, "person.html", pageData{Title: "A", Data: personData{entityResponse: entityResponse{Entity: ent}}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<code>E2</code>, <code>E3</code> merged into <code>E1</code>", "<code>E1</code> split: the records now in <code>E4</code> left it", "s/r7"} {
		if !strings.Contains(rr.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestConsoleJudge: the person page offers a decision on each possible
// match; "Same person" records it (with the analyst's name and reason) and
// the two records are one entity afterwards.
func TestConsoleJudge(t *testing.T) {
	w := newWorld(t, Options{})
	body := `{"id":"c9","schema":"Person","properties":{"name":["Alisher Qodirov"]}}` + "\n"
	if code, b := w.do("POST", "/api/import?format=ftm&filename=c9.jsonl&source=enc9", "analyst", strings.NewReader(body)); code != 200 {
		t.Fatalf("import: %d %s", code, b)
	}
	c1 := string(w.ids["c1"])
	_, b := w.do("GET", "/person/"+c1, "analyst", nil)
	page := string(b)
	if !strings.Contains(page, "Possible matches kept for review") || !strings.Contains(page, `action="/person/`+c1+`/judge"`) || !strings.Contains(page, `value="enc9/c9"`) {
		t.Fatalf("the person page offers no decision on the possible match:\n%.3000s", page)
	}
	if _, b := w.do("GET", "/person/"+c1, "viewer", nil); strings.Contains(string(b), "/judge\"") {
		t.Error("a viewer is offered the decision form")
	}
	// The matches page and API list the pair, with the form.
	var ml struct {
		Matches []matchRow
		Total   int
	}
	if code := w.json("GET", "/api/matches?kind=possible", "viewer", nil, &ml); code != 200 || ml.Total == 0 {
		t.Fatalf("api matches: %d %+v", code, ml)
	}
	listed := false
	for _, m := range ml.Matches {
		listed = listed || m.Kind == "possible" && (m.A.ID == "c9" || m.B.ID == "c9")
	}
	if !listed {
		t.Errorf("api matches does not list c9: %+v", ml.Matches)
	}
	if _, b := w.do("GET", "/matches", "analyst", nil); !strings.Contains(string(b), `value="enc9/c9"`) || !strings.Contains(string(b), `name="back" value="/matches"`) {
		t.Errorf("the matches page does not offer the decision on c9:\n%.2000s", b)
	}
	if code, _ := w.do("GET", "/api/matches?kind=maybe", "viewer", nil); code != 400 {
		t.Errorf("kind=maybe: %d, want 400", code)
	}
	form := url.Values{"a": {"enc/c1"}, "b": {"enc9/c9"}, "decision": {"same"}, "reason": {"same man, consulate confirmed"}}
	code, loc := w.do("POST", "/person/"+c1+"/judge", "analyst", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if code != http.StatusSeeOther {
		t.Fatalf("judge form: %d %s", code, loc)
	}
	a, _ := w.p.Resolver().EntityOf(vetgraph.RecordKey{Source: "enc", ID: "c1"})
	b9, _ := w.p.Resolver().EntityOf(vetgraph.RecordKey{Source: "enc9", ID: "c9"})
	if a == "" || a != b9 {
		t.Fatalf("after the decision c1 is in %s and c9 in %s", a, b9)
	}
}

// TestPersonWeakMerge renders the person page for an entity held together
// by a weak match: the page says so and offers to confirm or undo it.
func TestPersonWeakMerge(t *testing.T) {
	s, err := New(Options{InsecureLocal: true})
	if err != nil {
		t.Fatal(err)
	}
	a, b := vetgraph.RecordKey{Source: "enc", ID: "a"}, vetgraph.RecordKey{Source: "enc", ID: "b"}
	ent := vetgraph.Entity{ID: "E1", Schema: "Person", Names: []string{"Nurislam Ibragimov"}, Records: []vetgraph.RecordKey{a, b}}
	er := entityResponse{Entity: ent, Explanation: resolve.EntityExplanation{Entity: ent, Matches: []resolve.Explanation{
		{A: a, B: b, SameEntity: true, Weak: true, Reason: "same entity: the records match directly"},
	}}}
	rr := httptest.NewRecorder()
	if err := s.render(rr, 200, "person.html", pageData{Title: "N", Data: personData{entityResponse: er, CanWork: true}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Only weak matches like this one", `action="/person/E1/judge"`, `value="enc/b"`, "Different people (undo)"} {
		if !strings.Contains(rr.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestPersonNearMiss: the person page lists the entity's near misses, each
// linking the other person and, for those who may, with the decision form.
func TestPersonNearMiss(t *testing.T) {
	s, err := New(Options{InsecureLocal: true})
	if err != nil {
		t.Fatal(err)
	}
	a, b := vetgraph.RecordKey{Source: "enc", ID: "a"}, vetgraph.RecordKey{Source: "casefiles", ID: "payer-1"}
	ent := vetgraph.Entity{ID: "E1", Schema: "Person", Names: []string{"Alinur Karimov"}, Records: []vetgraph.RecordKey{a}}
	er := entityResponse{Entity: ent, Explanation: resolve.EntityExplanation{Entity: ent, Related: []resolve.Explanation{
		{A: a, B: b, EntityA: "E1", EntityB: "E2", Reason: "different entities: score 0.5000 (0.0 bits) is below the possible-match threshold 0.8000"},
	}}}
	for _, work := range []bool{true, false} {
		rr := httptest.NewRecorder()
		if err := s.render(rr, 200, "person.html", pageData{Title: "N", Data: personData{entityResponse: er, CanWork: work,
			Others: map[vetgraph.EntityID]string{"E2": "Alinuur Karimov"}}}); err != nil {
			t.Fatal(err)
		}
		body := rr.Body.String()
		for _, want := range []string{"Near misses", `href="/person/E2">Alinuur Karimov</a>`, "0.0 bits"} {
			if !strings.Contains(body, want) {
				t.Errorf("can work %v: page lacks %q", work, want)
			}
		}
		if form := strings.Contains(body, `value="casefiles/payer-1"`); form != work {
			t.Errorf("can work %v: decision form shown %v", work, form)
		}
	}
}
