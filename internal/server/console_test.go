package server

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"vetgraph"
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

// TestBrowser renders the queue and a person page with headless Chromium,
// when it is installed, and checks the evidence graph drew (its node colour
// is on the page). It never downloads a browser. Set
// VETGRAPH_SCREENSHOT_DIR to keep the pictures.
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
	dir := os.Getenv("VETGRAPH_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	shoot := func(name, path string) image.Image {
		shot := filepath.Join(dir, name+".png")
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir="+filepath.Join(t.TempDir(), "profile"),
			"--virtual-time-budget=4000", "--screenshot="+shot, "--window-size=1280,1600", w.http.URL+path)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chromium: %v\n%s", err, out)
		}
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	count := func(img image.Image, r0, g0, b0 uint8) int {
		n := 0
		switch m := img.(type) {
		case *image.NRGBA:
			for i := 0; i+3 < len(m.Pix); i += 4 {
				if m.Pix[i] == r0 && m.Pix[i+1] == g0 && m.Pix[i+2] == b0 {
					n++
				}
			}
		case *image.RGBA:
			for i := 0; i+3 < len(m.Pix); i += 4 {
				if m.Pix[i] == r0 && m.Pix[i+1] == g0 && m.Pix[i+2] == b0 {
					n++
				}
			}
		default:
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					r, g, bb, _ := img.At(x, y).RGBA()
					if uint8(r>>8) == r0 && uint8(g>>8) == g0 && uint8(bb>>8) == b0 {
						n++
					}
				}
			}
		}
		return n
	}
	// One browser launch is the expensive part: the person page carries
	// both checks; the other pages are rendered only when asked to keep them.
	person := shoot("person", "/person/"+string(w.ids["c1"]))
	// The crime.traffick label is #3b6ea5 (drawn by CSS).
	if n := count(person, 0x3b, 0x6e, 0xa5); n < 50 {
		t.Errorf("person page: %d pixels of the category label colour: the stylesheet did not load", n)
	}
	// Person nodes of the graph are #4f7cac; the canvas draws them only when
	// the scripts ran.
	// The legend's person dot has that colour too (about 100 pixels); the
	// graph's four person nodes add over a thousand.
	n := count(person, 0x4f, 0x7c, 0xac)
	t.Logf("person page: %d pixels of the graph's person colour", n)
	if n < 600 {
		t.Errorf("person page: %d pixels of the graph's person colour: the graph did not draw", n)
	}
	if os.Getenv("VETGRAPH_SCREENSHOT_DIR") != "" {
		shoot("queue", "/")
		shoot("network", "/network/"+string(w.ids["net-1"]))
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
