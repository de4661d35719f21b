package audit_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"vetgraph/internal/audit"
	"vetgraph/internal/sqlite"
)

// TestSQLiteTamper writes a chain to a SQLite file, verifies it through a
// fresh store, then edits one row behind the program's back the way an
// insider with file access would, and checks Verify names that entry.
func TestSQLiteTamper(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, audit.New(st, newClock()), 12)
	st.Close()

	st, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := audit.New(st, newClock()).Verify(ctx); err != nil || !r.OK || r.Entries != 12 {
		t.Fatalf("reopened: %+v %v", r, err)
	}
	st.Close()

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var data string
	if err := db.QueryRow(`SELECT data FROM events WHERE stream = 'audit' AND version = 7`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(data, `"subject":"E6"`, `"subject":"E6-edited"`, 1)
	if forged == data {
		t.Fatalf("fixture: subject not found in %s", data)
	}
	if _, err := db.Exec(`UPDATE events SET data = ? WHERE stream = 'audit' AND version = 7`, []byte(forged)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	st, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := audit.New(st, newClock()).Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK || r.Broken == nil || r.Broken.Version != 7 || r.Entries != 7 {
		t.Fatalf("after tampering: %+v %+v, want a break at version 7", r, r.Broken)
	}
}
