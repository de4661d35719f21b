package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"iter"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/memstore"
	"vetgraph/internal/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func rec(source, id, schema string, props ...string) vetgraph.Record {
	p := vetgraph.Properties{}
	for i := 0; i+1 < len(props); i += 2 {
		p.Add(props[i], props[i+1])
	}
	return vetgraph.Record{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: p}
}

func seq(recs ...vetgraph.Record) iter.Seq2[vetgraph.Record, error] {
	return func(yield func(vetgraph.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// The tokens of the test users, one per role (and a second analyst and
// supervisor for the claim race and the two-person rule).
var testTokens = map[string]Token{
	"viewer":      {Token: "viewer-token-0123456789", Name: "vera", Role: RoleViewer},
	"analyst":     {Token: "analyst-token-0123456789", Name: "anna", Role: RoleAnalyst},
	"analyst2":    {Token: "analyst2-token-012345678", Name: "arto", Role: RoleAnalyst},
	"supervisor":  {Token: "supervisor-token-0123456", Name: "sam", Role: RoleSupervisor},
	"supervisor2": {Token: "supervisor2-token-012345", Name: "sue", Role: RoleSupervisor},
	"auditor":     {Token: "auditor-token-0123456789", Name: "otto", Role: RoleAuditor},
	"admin":       {Token: "admin-token-01234567890", Name: "ada", Role: RoleAdmin},
}

// world is a server over a memstore loaded with a miniature of the
// published case: clients of network N1 (one through its guide), N1's
// facilitator with a graded tie to group G, and an unconnected person.
type world struct {
	t     testing.TB
	clk   *clock
	store *memstore.Store
	p     *pipeline.Pipeline
	srv   *Server
	http  *httptest.Server
	ids   map[string]vetgraph.EntityID // record id → entity id
}

func newWorld(t testing.TB, opt Options) *world {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)}
	st := memstore.New()
	p, err := pipeline.Open(ctx, st, pipeline.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	base := []vetgraph.Record{
		rec("enc", "c1", "Person", "name", "Alisher Qodirov", "birthDate", "1990-01-02", "passportNumber", "FA111", "nationality", "uz"),
		rec("enc", "c2", "Person", "name", "Jamshid Rahimov", "birthDate", "1985-03-04", "passportNumber", "FA222", "nationality", "uz"),
		rec("enc", "c3", "Person", "name", "Farrukh Tursunov", "birthDate", "1979-05-06", "passportNumber", "FA333", "nationality", "tj"),
		rec("case", "guide1", "Person", "name", "Rustam Nazarov", "birthDate", "1970-07-08"),
		rec("case", "net-1", "Organization", "name", "Network One"),
		rec("case", "m1", "Membership", "member", "guide1", "organization", "net-1", "role", "guide"),
		rec("case", "d1", "UnknownLink", "subject", "c1", "object", "guide1", "role", "moved_by"),
		rec("case", "d2", "UnknownLink", "subject", "c2", "object", "net-1", "role", "moved_by"),
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "b1", Source: "base", Format: "ftm", ImportedAt: clk.Now()}, seq(base...)); err != nil {
		t.Fatal(err)
	}
	clk.add(24 * time.Hour)
	intel := []vetgraph.Record{
		rec("R1", "net-1", "Organization", "name", "Network One", "topics", "crime.traffick"),
		rec("R1", "grp-1", "Organization", "name", "Group G", "topics", "crime.terror"),
		rec("R1", "fac1", "Person", "name", "Bahodir Karimov", "birthDate", "1975-01-01"),
		rec("R1", "m2", "Membership", "member", "fac1", "organization", "net-1", "role", "facilitator"),
		rec("R1", "t1", "UnknownLink", "subject", "fac1", "object", "grp-1", "role", "tied_to"),
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "b2", Source: "R1", Format: "ftm", ImportedAt: clk.Now(), Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}}, seq(intel...)); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Hour)
	ids := map[string]vetgraph.EntityID{}
	for _, k := range [][2]string{{"enc", "c1"}, {"enc", "c2"}, {"enc", "c3"}, {"case", "guide1"}, {"case", "net-1"}, {"R1", "grp-1"}, {"R1", "fac1"}} {
		id, ok := p.Resolver().EntityOf(vetgraph.RecordKey{Source: k[0], ID: k[1]})
		if !ok {
			t.Fatalf("no entity for %v", k)
		}
		ids[k[1]] = id
	}
	if opt.Tokens == nil && !opt.InsecureLocal {
		for _, tk := range testTokens {
			opt.Tokens = append(opt.Tokens, tk)
		}
	}
	opt.Clock = clk
	opt.TempDir = t.TempDir()
	opt.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv.Ready(st, p)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &world{t: t, clk: clk, store: st, p: p, srv: srv, http: hs, ids: ids}
}

// do sends a request as the user (a key of testTokens, or "" for none) and
// returns the status and body.
func (w *world) do(method, path, user string, body io.Reader, header ...string) (int, []byte) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.http.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+testTokens[user].Token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return resp.StatusCode, b
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// json sends a JSON body and decodes a JSON answer into out (if non-nil).
func (w *world) json(method, path, user string, in, out any) int {
	w.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	code, b := w.do(method, path, user, body, "Content-Type", "application/json")
	if out != nil && code < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			w.t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	return code
}

func errCode(t *testing.T, b []byte) string {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("not a JSON error: %v\n%s", err, b)
	}
	return e.Error.Code
}

func (w *world) auditEntries() []audit.Entry {
	w.t.Helper()
	es, err := audit.New(w.store, w.clk).Entries(context.Background(), audit.Filter{})
	if err != nil {
		w.t.Fatal(err)
	}
	return es
}

func TestAuth(t *testing.T) {
	w := newWorld(t, Options{})
	tests := []struct {
		name, method, path, user string
		body                     string
		want                     int
		code                     string
	}{
		{"no token", "GET", "/api/flags", "", "", 401, "unauthorized"},
		{"viewer reads", "GET", "/api/flags", "viewer", "", 200, ""},
		{"viewer cannot screen", "POST", "/api/screen", "viewer", `{"id":"q","schema":"Person","properties":{"name":["X"]}}`, 403, "forbidden"},
		{"viewer cannot claim", "POST", "/api/review/" + string(w.ids["c2"]) + "/claim", "viewer", "", 403, "forbidden"},
		{"auditor cannot decide", "POST", "/api/review/" + string(w.ids["c2"]) + "/decide", "auditor", `{"status":"in_review","rationale":"x"}`, 403, "forbidden"},
		{"auditor cannot screen", "POST", "/api/screen", "auditor", `{"id":"q","schema":"Person","properties":{"name":["X"]}}`, 403, "forbidden"},
		{"auditor verifies", "GET", "/api/audit/verify", "auditor", "", 200, ""},
		{"analyst cannot read audit", "GET", "/api/audit", "analyst", "", 403, "forbidden"},
		{"analyst cannot confirm", "POST", "/api/review/" + string(w.ids["c2"]) + "/confirm", "analyst", `{"approve":true,"rationale":"x"}`, 403, "forbidden"},
		{"analyst cannot retract", "POST", "/api/batches/b2/retract", "analyst", `{"reason":"x"}`, 403, "forbidden"},
		{"viewer cannot judge", "POST", "/api/judgements", "viewer", `{"a":"c1","b":"c3","decision":"same","reason":"x"}`, 403, "forbidden"},
		{"admin verifies", "GET", "/api/audit/verify", "admin", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, b := w.do(tt.method, tt.path, tt.user, strings.NewReader(tt.body), "Content-Type", "application/json")
			if code != tt.want {
				t.Fatalf("status %d, want %d: %s", code, tt.want, b)
			}
			if tt.code != "" {
				if got := errCode(t, b); got != tt.code {
					t.Errorf("error code %q, want %q", got, tt.code)
				}
			}
		})
	}
	t.Run("wrong token", func(t *testing.T) {
		code, _ := w.do("GET", "/api/flags", "", nil, "Authorization", "Bearer not-a-token-at-all-xx")
		if code != 401 {
			t.Errorf("status %d, want 401", code)
		}
	})
	t.Run("sha256 token", func(t *testing.T) {
		// sha256("hashed-token-0123456789")
		ts, err := ReadTokens(strings.NewReader(`[{"token_sha256":"`+sha("hashed-token-0123456789")+`","name":"h","role":"viewer"}]`), "tokens.json")
		if err != nil {
			t.Fatal(err)
		}
		w2 := newWorld(t, Options{Tokens: ts})
		code, b := w2.do("GET", "/api/me", "", nil, "Authorization", "Bearer hashed-token-0123456789")
		if code != 200 || !strings.Contains(string(b), `"name":"h"`) {
			t.Errorf("status %d: %s", code, b)
		}
	})
}

func TestInsecureLocal(t *testing.T) {
	w := newWorld(t, Options{InsecureLocal: true})
	code, b := w.do("GET", "/api/me", "", nil)
	if code != 200 || !strings.Contains(string(b), `"local"`) {
		t.Fatalf("loopback request without a token: %d %s", code, b)
	}
	// A request that does not come from a loopback address gets nothing.
	req := httptest.NewRequest("GET", "/api/me", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	rr := httptest.NewRecorder()
	w.srv.ServeHTTP(rr, req)
	if rr.Code != 401 {
		t.Errorf("non-loopback request in insecure-local mode: %d", rr.Code)
	}
	// Nor does a loopback request for another site's name (DNS rebinding).
	req = httptest.NewRequest("GET", "/api/me", nil)
	req.RemoteAddr, req.Host = "127.0.0.1:5555", "evil.example:8080"
	rr = httptest.NewRecorder()
	w.srv.ServeHTTP(rr, req)
	if rr.Code != 401 {
		t.Errorf("rebound host in insecure-local mode: %d", rr.Code)
	}
	for _, tt := range []struct {
		addr string
		ok   bool
	}{{"127.0.0.1:8080", true}, {"localhost:0", true}, {"[::1]:80", true}, {"0.0.0.0:8080", false}, {":8080", false}, {"192.0.2.1:80", false}} {
		if err := CheckAddr(tt.addr, true); (err == nil) != tt.ok {
			t.Errorf("CheckAddr(%q) = %v, want ok %v", tt.addr, err, tt.ok)
		}
	}
	if _, err := New(Options{}); vetgraph.ErrorCode(err) != vetgraph.Invalid {
		t.Errorf("New without tokens or insecure-local: %v, want invalid", err)
	}
}

func TestReadTokens(t *testing.T) {
	tests := []struct {
		in, field string
	}{
		{`[{"token":"0123456789abcdef","name":"a","role":"analyst"}]`, ""},
		{`[{"token":"0123456789abcdef","name":"a","role":"boss"}]`, "role"},
		{`[{"token":"0123456789abcdef","role":"viewer"}]`, "name"},
		{`[{"token":"short","name":"a","role":"viewer"}]`, "token"},
		{`[{"name":"a","role":"viewer"}]`, "token"},
		{`[{"token_sha256":"xyz","name":"a","role":"viewer"}]`, "token_sha256"},
		{`{"token":"x"}`, "?"},
	}
	for _, tt := range tests {
		_, err := ReadTokens(strings.NewReader(tt.in), "tokens.json")
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.in, err)
		case tt.field != "" && vetgraph.ErrorCode(err) != vetgraph.Invalid:
			t.Errorf("%s: %v, want invalid", tt.in, err)
		case tt.field != "" && tt.field != "?":
			var e *vetgraph.Error
			if errors.As(err, &e) && e.Field != tt.field {
				t.Errorf("%s: field %q, want %q", tt.in, e.Field, tt.field)
			}
		}
	}
}

func TestNotReady(t *testing.T) {
	srv, err := New(Options{InsecureLocal: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 503, "/api/flags": 503, "/openapi.json": 200} {
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s before Ready: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestReadyAndMetrics(t *testing.T) {
	w := newWorld(t, Options{})
	if code, b := w.do("GET", "/readyz", "", nil); code != 200 {
		t.Fatalf("readyz %d %s", code, b)
	}
	w.do("GET", "/api/flags", "viewer", nil)
	code, b := w.do("GET", "/metrics", "", nil)
	if code != 200 {
		t.Fatalf("metrics %d", code)
	}
	for _, want := range []string{
		`vetgraph_flags{category="crime.traffick"} 4`,
		`vetgraph_flags{category="crime.terror"} 1`,
		`vetgraph_review_items{status="open"} 4`,
		`vetgraph_http_requests_total{code="200",method="GET",route="GET /api/flags"} 1`,
		`vetgraph_http_request_duration_seconds_count{route="GET /api/flags"} 1`,
		`vetgraph_replay_duration_seconds`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestFlagsAndDeltas(t *testing.T) {
	w := newWorld(t, Options{})
	var got struct{ Flags []flagView }
	if code := w.json("GET", "/api/flags?category=crime.terror", "viewer", nil, &got); code != 200 {
		t.Fatalf("status %d", code)
	}
	var words []string
	for _, f := range got.Flags {
		words = append(words, f.PersonName+": "+f.Statement)
	}
	if diff := cmp.Diff([]string{"Bahodir Karimov: individual evidence of ties to designated group Group G"}, words); diff != "" {
		t.Errorf("terror flags (-want +got):\n%s", diff)
	}
	// Before the intelligence arrived nobody was flagged.
	if code := w.json("GET", "/api/flags?as_of=2024-01-01", "viewer", nil, &got); code != 200 || len(got.Flags) != 0 {
		t.Errorf("flags as of the first day: %d flags, status %d", len(got.Flags), code)
	}
	if code, b := w.do("GET", "/api/flags?as_of=yesterday", "viewer", nil); code != 400 || errCode(t, b) != "invalid" {
		t.Errorf("bad as_of: %d %s", code, b)
	}
	var ds struct{ Deltas []vetgraph.FlagDelta }
	if code := w.json("GET", "/api/deltas?since=b1", "viewer", nil, &ds); code != 200 || len(ds.Deltas) == 0 {
		t.Errorf("deltas since b1: %d, status %d", len(ds.Deltas), code)
	}
	if code, b := w.do("GET", "/api/deltas?since=nope", "viewer", nil); code != 404 || errCode(t, b) != "not_found" {
		t.Errorf("deltas since unknown batch: %d %s", code, b)
	}
}

func TestEntityGolden(t *testing.T) {
	w := newWorld(t, Options{})
	for _, name := range []string{"c1", "net-1"} {
		code, b := w.do("GET", "/api/entities/"+string(w.ids[name]), "viewer", nil)
		if code != 200 {
			t.Fatalf("status %d: %s", code, b)
		}
		var ind bytes.Buffer
		if err := json.Indent(&ind, b, "", "  "); err != nil {
			t.Fatal(err)
		}
		b = ind.Bytes()
		golden := filepath.Join("testdata", "entity_"+name+".golden.json")
		if *update {
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if diff := cmp.Diff(string(want), string(b)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", golden, diff)
		}
	}
	// The client's flag says "connected to smuggling network", and its
	// explanation shows the facilitator's tie to G as context only.
	var er entityResponse
	w.json("GET", "/api/entities/"+string(w.ids["c1"]), "viewer", nil, &er)
	if len(er.Flags) != 1 || er.Flags[0].Category != vetgraph.TopicTraffick || er.Flags[0].Degree != 2 {
		t.Fatalf("c1 flags: %+v", er.Flags)
	}
	if len(er.Flags[0].Context) == 0 {
		t.Error("c1's flag shows no context")
	}
	if code, b := w.do("GET", "/api/entities/nobody", "viewer", nil); code != 404 || errCode(t, b) != "not_found" {
		t.Errorf("unknown entity: %d %s", code, b)
	}
	// Each read is on the record, by the viewer.
	n := 0
	for _, e := range w.auditEntries() {
		if e.Action == vetgraph.AuditReadPerson && e.Actor == "vera" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d person reads audited, want 3", n)
	}
}

func TestGraph(t *testing.T) {
	w := newWorld(t, Options{})
	var g graphResponse
	if code := w.json("GET", "/api/entities/"+string(w.ids["c1"])+"/graph", "viewer", nil, &g); code != 200 {
		t.Fatalf("status %d", code)
	}
	kinds := map[string]string{}
	for _, n := range g.Nodes {
		kinds[n.Label] = n.Kind
	}
	want := map[string]string{"Alisher Qodirov": "person", "Rustam Nazarov": "person", "Network One": "organization",
		"crime.traffick": "topic", "Bahodir Karimov": "person", "Group G": "organization", "crime.terror": "topic"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
	var counted, context []string
	for _, e := range g.Edges {
		s := string(e.Link)
		if e.Context {
			context = append(context, s)
		} else {
			counted = append(counted, s)
		}
		if len(e.Evidence) == 0 {
			t.Errorf("edge %s without evidence", e.ID)
		}
	}
	slices.Sort(counted)
	slices.Sort(context)
	if diff := cmp.Diff([]string{"facilitator_for", "has_topic", "moved_by"}, counted); diff != "" {
		t.Errorf("counted links (-want +got):\n%s", diff)
	}
	if !slices.Contains(context, "tied_to") {
		t.Errorf("the facilitator's tie to G is not context: %v", context)
	}
	// A network's graph draws its linked persons.
	if code := w.json("GET", "/api/entities/"+string(w.ids["net-1"])+"/graph", "viewer", nil, &g); code != 200 {
		t.Fatalf("status %d", code)
	}
	persons := 0
	for _, n := range g.Nodes {
		if n.Kind == "person" {
			persons++
		}
	}
	if persons < 3 {
		t.Errorf("network graph has %d persons", persons)
	}
	if code, _ := w.do("GET", "/api/entities/nobody/graph", "viewer", nil); code != 404 {
		t.Errorf("unknown entity graph: %d", code)
	}
}

func TestScreen(t *testing.T) {
	w := newWorld(t, Options{})
	before := len(w.auditEntries())
	batches, _ := w.store.Batches(context.Background())
	var res screenResponse
	q := `{"id":"q1","schema":"Person","properties":{"name":["Jamshid Rakhimov"],"birthDate":["1985-03-04"],"passportNumber":["FA222"]}}`
	code, b := w.do("POST", "/api/screen", "analyst", strings.NewReader(q))
	if code != 200 {
		t.Fatalf("status %d: %s", code, b)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) == 0 || res.Candidates[0].Entity != w.ids["c2"] {
		t.Fatalf("best candidate: %+v, want %s", res.Candidates, w.ids["c2"])
	}
	c := res.Candidates[0]
	if len(c.Score.Pieces) == 0 || len(c.Flags) != 1 || c.Flags[0].Statement != "connected to smuggling network Network One" {
		t.Errorf("candidate: pieces %d, flags %+v", len(c.Score.Pieces), c.Flags)
	}
	after, _ := w.store.Batches(context.Background())
	if len(after) != len(batches) {
		t.Error("screening stored a batch")
	}
	es := w.auditEntries()
	if len(es) != before+1 || es[len(es)-1].Action != vetgraph.AuditSearch || es[len(es)-1].Actor != "anna" {
		t.Errorf("screen not audited as a search by anna: %+v", es[before:])
	}
	// A name nobody bears: no candidates, and no key too common either.
	var none screenResponse
	code, b = w.do("POST", "/api/screen", "analyst", strings.NewReader(`{"id":"q2","schema":"Person","properties":{"name":["Zafar Qodirov"]}}`))
	if err := json.Unmarshal(b, &none); err != nil || code != 200 || len(none.Candidates) != 0 || none.Crowded != 0 || strings.Contains(string(b), "crowded") {
		t.Errorf("unknown name: %d %s", code, b)
	}
	for _, bad := range []string{`not json`, `{"id":"m","schema":"Membership","properties":{}}`, ``} {
		if code, b := w.do("POST", "/api/screen", "analyst", strings.NewReader(bad)); code != 400 {
			t.Errorf("screen %q: %d %s", bad, code, b)
		}
	}
}

func TestReviewFlow(t *testing.T) {
	w := newWorld(t, Options{})
	var items struct{ Items []vetgraph.ReviewItem }
	if code := w.json("GET", "/api/review?status=open&category=crime.traffick", "viewer", nil, &items); code != 200 || len(items.Items) != 4 {
		t.Fatalf("open traffick items: %d, status %d", len(items.Items), code)
	}
	if code, _ := w.do("GET", "/api/review?status=bogus", "viewer", nil); code != 400 {
		t.Errorf("bad status filter: %d", code)
	}
	fac := string(w.ids["fac1"])
	var it vetgraph.ReviewItem
	if code := w.json("POST", "/api/review/"+fac+"/claim", "analyst", nil, &it); code != 200 || it.Assignee != "anna" {
		t.Fatalf("claim: %d %+v", code, it.Assignee)
	}
	if code, b := w.do("POST", "/api/review/"+fac+"/claim", "analyst2", nil); code != 409 || errCode(t, b) != "conflict" {
		t.Errorf("second claim: %d %s", code, b)
	}
	if code, b := w.do("POST", "/api/review/"+fac+"/decide", "analyst2", strings.NewReader(`{"status":"in_review","rationale":"x"}`)); code != 403 {
		t.Errorf("decide by non-assignee: %d %s", code, b)
	}
	if code := w.json("POST", "/api/review/"+fac+"/decide", "analyst", decideRequest{Status: vetgraph.StatusInReview, Rationale: "looking", Seen: it.Version}, &it); code != 200 || it.Status != vetgraph.StatusInReview {
		t.Fatalf("decide in_review: %d %s", code, it.Status)
	}
	if code, b := w.do("POST", "/api/review/"+fac+"/decide", "analyst", strings.NewReader(`{"status":"cleared","rationale":"","seen":0}`)); code != 400 {
		t.Errorf("decision without rationale: %d %s", code, b)
	}
	if code, b := w.do("POST", "/api/review/"+fac+"/decide", "analyst", strings.NewReader(`{"status":"cleared","rationale":"x","seen":1}`)); code != 409 {
		t.Errorf("decision on a stale version: %d %s", code, b)
	}
	if code, b := w.do("POST", "/api/review/"+fac+"/decide", "analyst", strings.NewReader(`{"status":"cleared","rationale":"x","bogus":1}`)); code != 400 {
		t.Errorf("unknown field: %d %s", code, b)
	}
	// Closing a crime.terror item needs a second supervisor.
	if code := w.json("POST", "/api/review/"+fac+"/decide", "analyst", decideRequest{Status: vetgraph.StatusReferred, Rationale: "hand to the JTTF", Seen: it.Version}, &it); code != 200 || it.Pending == nil {
		t.Fatalf("referral: %d, pending %v", code, it.Pending)
	}
	if code := w.json("POST", "/api/review/"+fac+"/confirm", "supervisor", confirmRequest{Approve: true, Rationale: "agreed"}, &it); code != 200 || it.Status != vetgraph.StatusReferred {
		t.Fatalf("confirm: %d %s", code, it.Status)
	}
	if code, b := w.do("POST", "/api/review/"+fac+"/confirm", "supervisor2", strings.NewReader(`{"approve":true,"rationale":"x"}`)); code != 409 {
		t.Errorf("confirm with nothing pending: %d %s", code, b)
	}
	c2 := string(w.ids["c2"])
	if code := w.json("POST", "/api/review/"+c2+"/assign", "supervisor", assignRequest{Assignee: "arto"}, &it); code != 200 || it.Assignee != "arto" {
		t.Errorf("assign: %d %s", code, it.Assignee)
	}
	if code, _ := w.do("POST", "/api/review/"+c2+"/assign", "analyst", strings.NewReader(`{"assignee":"anna"}`)); code != 403 {
		t.Errorf("analyst assigns: %d", code)
	}
	if code := w.json("GET", "/api/review/"+fac, "viewer", nil, &it); code != 200 || len(it.Decisions) != 2 {
		t.Errorf("item: %d, %d decisions", code, len(it.Decisions))
	}
	if code, _ := w.do("GET", "/api/review/"+string(w.ids["c3"]), "viewer", nil); code != 404 {
		t.Errorf("item of an unflagged person: %d", code)
	}
	// Every decision, claim and assignment is on the record, and the chain holds.
	var ops []string
	for _, e := range w.auditEntries() {
		if e.Action == vetgraph.AuditDecision {
			ops = append(ops, e.Actor+" "+e.Detail["op"])
		}
	}
	want := []string{"anna claim", "anna decide", "anna decide", "sam confirm", "sam assign"}
	if diff := cmp.Diff(want, ops); diff != "" {
		t.Errorf("audited decisions (-want +got):\n%s", diff)
	}
	var v audit.Result
	if code := w.json("GET", "/api/audit/verify", "auditor", nil, &v); code != 200 || !v.OK || v.Entries == 0 {
		t.Errorf("verify: %d %+v", code, v)
	}
	var es struct{ Entries []audit.Entry }
	if code := w.json("GET", "/api/audit?action=decision&actor=sam", "auditor", nil, &es); code != 200 || len(es.Entries) != 2 {
		t.Errorf("audit entries of sam's decisions: %d, status %d", len(es.Entries), code)
	}
}

func TestReport(t *testing.T) {
	w := newWorld(t, Options{})
	code, b := w.do("GET", "/api/report", "viewer", nil)
	if code != 200 {
		t.Fatalf("status %d %s", code, b)
	}
	for _, want := range []string{"Persons connected to smuggling network Network One: 4", "Group G: 1"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report lacks %q:\n%s", want, b)
		}
	}
	if code, b := w.do("GET", "/api/report?format=csv", "viewer", nil); code != 200 || !strings.HasPrefix(string(b), "as_of,category") {
		t.Errorf("csv: %d %.80s", code, b)
	}
	if code, b := w.do("GET", "/api/report?format=html&as_of=2024-01-01", "viewer", nil); code != 200 || !strings.Contains(string(b), "<html") {
		t.Errorf("html: %d %.80s", code, b)
	}
	if code, _ := w.do("GET", "/api/report?format=pdf", "viewer", nil); code != 400 {
		t.Errorf("pdf: %d", code)
	}
}

func TestImportAndRetract(t *testing.T) {
	w := newWorld(t, Options{})
	// A raw-body FtM import, graded: c3 shares the guide's phone... no: a
	// new membership puts c3 in group G directly.
	body := `{"id":"m9","schema":"Membership","properties":{"member":["c3"],"organization":["grp-1"]}}` + "\n"
	var res importResult
	code, b := w.do("POST", "/api/import?format=ftm&source=R2&grade=C3&filename=r2.ftm.jsonl&batch=b3", "analyst", strings.NewReader(body))
	if code != 200 {
		t.Fatalf("import: %d %s", code, b)
	}
	json.Unmarshal(b, &res)
	if res.Batch.ID != "b3" || res.Batch.Grade.String() != "C3" || res.Deltas[vetgraph.DeltaNew] != 1 || len(res.Review) != 1 {
		t.Errorf("import result: %+v", res)
	}
	// A bad line fails the whole batch with its file and line.
	bad := `{"id":"x1","schema":"Person","properties":{"name":["A"]}}` + "\n" + `{"id":"x2","schema":"Person","properties":{"name":"B"}}` + "\n"
	code, b = w.do("POST", "/api/import?format=ftm&filename=bad.jsonl", "analyst", strings.NewReader(bad))
	if code != 400 || !strings.Contains(string(b), "bad.jsonl") && !strings.Contains(string(b), ":2") {
		t.Errorf("bad import: %d %s", code, b)
	}
	// Multipart, format detected.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "more.ftm.jsonl")
	fw.Write([]byte(`{"id":"c4","schema":"Person","properties":{"name":["Said Aliev"]}}` + "\n"))
	mw.WriteField("source", "enc2")
	mw.Close()
	code, b = w.do("POST", "/api/import", "analyst", &mp, "Content-Type", mw.FormDataContentType())
	if code != 200 {
		t.Fatalf("multipart import: %d %s", code, b)
	}
	json.Unmarshal(b, &res)
	if res.Batch.Source != "enc2" || res.Batch.Format != "ftm" || res.Batch.Added != 1 || res.Batch.Files[0].Name != "more.ftm.jsonl" {
		t.Errorf("multipart batch: %+v", res.Batch)
	}
	var bs struct{ Batches []batchView }
	if code := w.json("GET", "/api/batches", "viewer", nil, &bs); code != 200 || len(bs.Batches) != 4 {
		t.Fatalf("batches: %d, status %d", len(bs.Batches), code)
	}
	// Retract the intelligence: every flag it alone held clears.
	var rr retractResult
	if code := w.json("POST", "/api/batches/b2/retract", "supervisor", retractRequest{Reason: "source clarified"}, &rr); code != 200 || rr.Deltas[vetgraph.DeltaCleared] == 0 {
		t.Fatalf("retract: %d %+v", code, rr)
	}
	if code, b := w.do("POST", "/api/batches/b2/retract", "supervisor", strings.NewReader(`{"reason":"again"}`)); code != 409 {
		t.Errorf("second retraction: %d %s", code, b)
	}
	if code, _ := w.do("POST", "/api/batches/zz/retract", "supervisor", strings.NewReader(`{"reason":"x"}`)); code != 404 {
		t.Errorf("unknown batch: %d", code)
	}
	if code, _ := w.do("POST", "/api/batches/b1/retract", "supervisor", strings.NewReader(`{"reason":""}`)); code != 400 {
		t.Errorf("retraction without reason: %d", code)
	}
	w.json("GET", "/api/batches", "viewer", nil, &bs)
	if bs.Batches[1].Retracted == nil || bs.Batches[1].Retracted.Reason != "source clarified" {
		t.Errorf("b2 not shown retracted: %+v", bs.Batches[1])
	}
	var changes []string
	for _, e := range w.auditEntries() {
		if e.Action == vetgraph.AuditConfigChange {
			changes = append(changes, e.Actor+" "+e.Detail["op"]+" "+e.Subject)
		}
	}
	if diff := cmp.Diff([]string{"anna import batch/b3", "anna import batch/" + string(res.Batch.ID), "sam retract batch/b2"}, changes); diff != "" {
		t.Errorf("audited changes (-want +got):\n%s", diff)
	}
}

func TestOpenAPICoversRoutes(t *testing.T) {
	srv, err := New(Options{InsecureLocal: true})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	described := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			described[strings.ToUpper(m)+" "+p] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range srv.routes {
		if r.API {
			registered[r.Pattern] = true
			if !described[r.Pattern] {
				t.Errorf("route %s is not described in openapi.json", r.Pattern)
			}
		}
	}
	for d := range described {
		if !registered[d] {
			t.Errorf("openapi.json describes %s, which is not registered", d)
		}
	}
	// Every $ref points at a component that exists.
	var full map[string]any
	json.Unmarshal(openAPI, &full)
	comps := full["components"].(map[string]any)
	for _, ref := range refs(full) {
		parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
		if m, ok := comps[parts[0]].(map[string]any); !ok || m[parts[1]] == nil {
			t.Errorf("dangling $ref %s", ref)
		}
	}
}

func refs(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			if s, ok := y.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(y)...)
		}
	case []any:
		for _, y := range x {
			out = append(out, refs(y)...)
		}
	}
	return out
}

func TestErrorPaths(t *testing.T) {
	w := newWorld(t, Options{})
	tests := []struct {
		method, path, user, body string
		want                     int
		code                     string
	}{
		{"GET", "/api/me", "", "", 401, "unauthorized"},
		{"GET", "/api/batches", "", "", 401, "unauthorized"},
		{"GET", "/api/audit?as_of=soon", "auditor", "", 400, "invalid"},
		{"GET", "/api/audit/verify", "viewer", "", 403, "forbidden"},
		{"GET", "/api/review/" + string(w.ids["c1"]) + "?as_of=soon", "viewer", "", 400, "invalid"},
		{"GET", "/api/review?limit=-1", "viewer", "", 400, "invalid"},
		{"POST", "/api/review/nobody/claim", "analyst", "", 404, "not_found"},
		{"POST", "/api/review/nobody/assign", "supervisor", "{}", 404, "not_found"},
		{"POST", "/api/review/" + string(w.ids["c1"]) + "/assign", "supervisor", "", 400, "invalid"},
		{"POST", "/api/review/" + string(w.ids["c1"]) + "/decide", "supervisor", `{"status":"gone","rationale":"x"}`, 400, "invalid"},
		{"POST", "/api/review/" + string(w.ids["c1"]) + "/decide", "supervisor", `{"status":"cleared","rationale":"straight from open"}`, 400, "invalid"},
		{"POST", "/api/review/" + string(w.ids["c1"]) + "/confirm", "supervisor", `{"approve":true,"rationale":"x"}`, 409, "conflict"},
		{"POST", "/api/import?grade=Z9", "analyst", "{}", 400, "invalid"},
		{"POST", "/api/import?format=ftm&supersedes=nope", "analyst", `{"id":"x","schema":"Person","properties":{"name":["A"]}}`, 404, "not_found"},
		{"POST", "/api/import?format=nope", "analyst", "x", 400, "invalid"},
		{"GET", "/api/report?as_of=soon", "viewer", "", 400, "invalid"},
	}
	for _, tt := range tests {
		code, b := w.do(tt.method, tt.path, tt.user, strings.NewReader(tt.body), "Content-Type", "application/json")
		if code != tt.want {
			t.Errorf("%s %s as %q: %d, want %d: %s", tt.method, tt.path, tt.user, code, tt.want, b)
			continue
		}
		if got := errCode(t, b); got != tt.code {
			t.Errorf("%s %s: code %q, want %q", tt.method, tt.path, got, tt.code)
		}
	}
	if code, b := w.do("GET", "/api/nothing", "viewer", nil); code != 404 {
		t.Errorf("unknown route: %d %s", code, b)
	}
}

// TestJudgement: an analyst's decision that two records are one person
// joins their entities, is audited as a decision, and is refused when the
// decision, the reason or a record is missing.
func TestJudgement(t *testing.T) {
	w := newWorld(t, Options{})
	var res judgeResult
	if code := w.json("POST", "/api/judgements", "analyst", judgeRequest{A: "c1", B: "enc/c3", Decision: "same", Reason: "the same man, per the consulate"}, &res); code != 200 {
		t.Fatalf("judge: %d", code)
	}
	if res.Role != "same_as" || res.EntityA == "" || res.EntityA != res.EntityB || res.Batch == "" {
		t.Fatalf("judge result: %+v", res)
	}
	found := false
	for _, e := range w.auditEntries() {
		if e.Action == vetgraph.AuditDecision && e.Detail["op"] == "judge" && e.Detail["reason"] == "the same man, per the consulate" {
			found = true
		}
	}
	if !found {
		t.Error("the decision is not in the audit log")
	}
	for _, tt := range []struct {
		body string
		want int
	}{
		{`{"a":"c1","b":"c2","decision":"maybe","reason":"x"}`, 400},
		{`{"a":"c1","b":"c2","decision":"different","reason":""}`, 400},
		{`{"a":"c1","b":"nobody","decision":"different","reason":"x"}`, 404},
	} {
		if code, b := w.do("POST", "/api/judgements", "analyst", strings.NewReader(tt.body), "Content-Type", "application/json"); code != tt.want {
			t.Errorf("%s: status %d, want %d: %s", tt.body, code, tt.want, b)
		}
	}
}
