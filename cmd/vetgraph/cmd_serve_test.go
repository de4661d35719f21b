package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServe boots the real program on 127.0.0.1:0 over a SQLite store with
// one imported batch, waits until it is ready, talks to it as a bearer-token
// user, and shuts it down by cancelling its context.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	data := filepath.Join(dir, "intel.ftm.jsonl")
	os.WriteFile(data, []byte(`{"id":"net-1","schema":"Organization","properties":{"name":["Network One"],"topics":["crime.traffick"]}}
{"id":"p1","schema":"Person","properties":{"name":["Alisher Qodirov"],"birthDate":["1990-01-02"]}}
{"id":"l1","schema":"UnknownLink","properties":{"subject":["p1"],"object":["net-1"],"role":["moved_by"]}}
`), 0o644)
	if _, errs, code := runCLI(t, "", "--db", db, "import", "--grade", "B2", data); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	tokens := filepath.Join(dir, "tokens.json")
	os.WriteFile(tokens, []byte(`[{"token":"viewer-token-0123456789","name":"vera","role":"viewer"}]`), 0o600)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--tokens", tokens}, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	}()
	urlRE := regexp.MustCompile(`serving on (http://[0-9.:]+)/`)
	var base string
	deadline := time.Now().Add(20 * time.Second)
	for base == "" || !strings.Contains(out.String(), "ready:") {
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: stdout %q stderr %q", out.String(), errb.String())
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, errb.String())
		case <-time.After(20 * time.Millisecond):
		}
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	get := func(path, token string) (int, []byte) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, b := get("/readyz", ""); code != 200 {
		t.Fatalf("readyz %d %s", code, b)
	}
	if code, _ := get("/api/flags", ""); code != 401 {
		t.Errorf("no token: %d", code)
	}
	code, b := get("/api/flags", "viewer-token-0123456789")
	var flags struct {
		Flags []struct {
			Statement string `json:"statement"`
		} `json:"flags"`
	}
	if err := json.Unmarshal(b, &flags); code != 200 || err != nil || len(flags.Flags) != 1 || flags.Flags[0].Statement != "connected to smuggling network Network One" {
		t.Errorf("flags: %d %s", code, b)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
	// The read was audited in the store.
	if out, errs, code := runCLI(t, "", "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("audit verify: %d %s %s", code, out, errs)
	}
}

func TestServeUsage(t *testing.T) {
	if _, errs, code := runCLI(t, "", "serve"); code != exitUsage || !strings.Contains(errs, "--tokens") {
		t.Errorf("serve without tokens: %d %s", code, errs)
	}
	if _, errs, code := runCLI(t, "", "serve", "--insecure-local", "--addr", "0.0.0.0:0"); code == 0 || !strings.Contains(errs, "127.0.0.1") {
		t.Errorf("insecure-local on 0.0.0.0: %d %s", code, errs)
	}
}
