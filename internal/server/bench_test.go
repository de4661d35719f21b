package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"vetgraph"
)

// benchServe sends one request straight to the handler (no network), as an
// authenticated analyst, and fails on a non-200 answer.
func benchServe(b *testing.B, w *world, method, path, body string) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testTokens["analyst"].Token)
		rr := httptest.NewRecorder()
		w.srv.ServeHTTP(rr, req)
		if rr.Code != http.StatusOK {
			b.Fatalf("%s %s: %d %s", method, path, rr.Code, rr.Body)
		}
	}
}

// The benchmarks run on the small hand-built world of the tests: they
// measure the server's own cost per request (routing, auth, audit append,
// JSON or HTML rendering), not the engines' scaling.

func BenchmarkEntity(b *testing.B) {
	w := newWorld(b, Options{})
	benchServe(b, w, "GET", "/api/entities/"+string(w.ids["c1"]), "")
}

func BenchmarkGraph(b *testing.B) {
	w := newWorld(b, Options{})
	benchServe(b, w, "GET", "/api/entities/"+string(w.ids["net-1"])+"/graph", "")
}

func BenchmarkScreen(b *testing.B) {
	w := newWorld(b, Options{})
	benchServe(b, w, "POST", "/api/screen", `{"id":"q1","schema":"Person","properties":{"name":["Jamshid Rakhimov"],"birthDate":["1985-03-04"]}}`)
}

func BenchmarkPersonPage(b *testing.B) {
	w := newWorld(b, Options{})
	benchServe(b, w, "GET", "/person/"+string(w.ids["c1"]), "")
}

func BenchmarkQueuePage(b *testing.B) {
	w := newWorld(b, Options{})
	benchServe(b, w, "GET", "/", "")
}

func FuzzReadTokens(f *testing.F) {
	f.Add(`[{"token":"0123456789abcdef","name":"a","role":"analyst"}]`)
	f.Add(`[{"token_sha256":"` + strings.Repeat("ab", 32) + `","name":"b","role":"auditor"}]`)
	f.Add(`[{"token":"x","name":"","role":"boss"}]`)
	f.Add(`{}`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, in string) {
		ts, err := ReadTokens(strings.NewReader(in), "tokens.json")
		if err != nil {
			if c := vetgraph.ErrorCode(err); c != vetgraph.Invalid {
				t.Fatalf("error code %q: %v", c, err)
			}
			return
		}
		// Whatever ReadTokens accepts, New accepts too (unless tokens repeat).
		for _, tk := range ts {
			if tk.Name == "" || !tk.Role.Valid() {
				t.Fatalf("accepted %+v", tk)
			}
		}
		if _, err := newTokenTable(ts); err != nil && !strings.Contains(err.Error(), "twice") {
			t.Fatalf("newTokenTable refused what ReadTokens accepted: %v", err)
		}
	})
}
