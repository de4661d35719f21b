package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"vetgraph"
	"vetgraph/internal/sqlite"
)

// seedStore imports two batches straight into the SQLite file at db: a list
// (b1) and a graded intelligence batch (b2) that changes one record of it and
// supersedes nothing, then a correction (b3) superseding b2.
func seedStore(t *testing.T, db string) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seedBatches(t, st)
}

func seedBatches(t *testing.T, st vetgraph.Store) {
	t.Helper()
	person := func(src, id, name string) vetgraph.Record {
		return vetgraph.Record{Key: vetgraph.RecordKey{Source: src, ID: id}, Schema: vetgraph.SchemaPerson,
			Properties: vetgraph.Properties{"name": {name}}}
	}
	seq := func(rs ...vetgraph.Record) func(func(vetgraph.Record, error) bool) {
		return func(yield func(vetgraph.Record, error) bool) {
			for _, r := range rs {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	for _, b := range []struct {
		b    vetgraph.Batch
		recs []vetgraph.Record
	}{
		{vetgraph.Batch{ID: "b1", Source: "list", Format: "ftm", ImportedAt: day(1)},
			[]vetgraph.Record{person("list", "p1", "Гайрат Джураев"), person("list", "p2", "Rustam Tursunov")}},
		{vetgraph.Batch{ID: "b2", Source: "intel", Format: "ftm", ImportedAt: day(2), Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}},
			[]vetgraph.Record{person("list", "p1", "Gayrat Djuraev"), person("list", "p2", "Rustam Tursunov"),
				{Key: vetgraph.RecordKey{Source: "intel", ID: "m1"}, Schema: vetgraph.SchemaMembership,
					Properties: vetgraph.Properties{"member": {"p1"}, "organization": {"o1"}, "role": {"facilitator"}}}}},
		{vetgraph.Batch{ID: "b3", Source: "intel", Format: "ftm", ImportedAt: day(3), Supersedes: "b2", Grade: vetgraph.Grade{Reliability: 'C', Credibility: '3'}},
			[]vetgraph.Record{person("intel", "x9", "Qodir Saidov")}},
	} {
		if _, err := st.ImportBatch(t.Context(), b.b, seq(b.recs...)); err != nil {
			t.Fatal(err)
		}
	}
}

func runDB(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "USER" || k == "VETGRAPH_USER" {
			return "tester"
		}
		return ""
	}
	code := Run(context.Background(), append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errb, env)
	return out.String(), errb.String(), code
}

func TestStoreCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	seedStore(t, db)
	testStoreCommands(t, db)
}

// TestStoreCommandsPostgres runs the same commands with --db set to a
// PostgreSQL URL (a fresh schema on the VETGRAPH_TEST_POSTGRES server).
func TestStoreCommandsPostgres(t *testing.T) {
	base := os.Getenv("VETGRAPH_TEST_POSTGRES")
	if base == "" {
		t.Skip("set VETGRAPH_TEST_POSTGRES to run the CLI against PostgreSQL")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	schema := "vetgraph_cli_" + strings.ReplaceAll(strings.ToLower(t.Name()), "/", "_") + "_" + time.Now().Format("150405000000")
	if _, err := admin.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`)
		admin.Close(ctx)
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db := u.String()
	e := &env{db: db, log: slog.New(slog.DiscardHandler), clock: vetgraph.ClockFunc(time.Now)}
	st, err := e.openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seedBatches(t, st)
	st.Close()
	testStoreCommands(t, db)
}

func testStoreCommands(t *testing.T, db string) {
	// batches, table.
	out, errs, code := runDB(t, db, "batches")
	if code != 0 {
		t.Fatalf("batches: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "id ") {
		t.Fatalf("batches table:\n%s", out)
	}
	for i, want := range [][]string{
		{"b1", "list", "2026-03-01T10:00:00Z", "-", "2", "0", "0"},
		{"b2", "intel", "B2", "-", "1", "1", "1"},
		{"b3", "C3", "b2", "-", "1", "0", "0"},
	} {
		got := strings.Fields(lines[i+1])
		for _, w := range want {
			if !contains(got, w) {
				t.Errorf("batches row %d %q lacks %q", i+1, lines[i+1], w)
			}
		}
	}

	// records: all versions, then filters.
	type rec struct{ Key, Batch string }
	records := func(args ...string) []rec {
		t.Helper()
		out, errs, code := runDB(t, db, append([]string{"--format", "jsonl", "records"}, args...)...)
		if code != 0 {
			t.Fatalf("records %v: exit %d: %s", args, code, errs)
		}
		var got []rec
		dec := json.NewDecoder(strings.NewReader(out))
		for dec.More() {
			var r vetgraph.Record
			if err := dec.Decode(&r); err != nil {
				t.Fatalf("records %v: %v in %q", args, err, out)
			}
			if r.Seq == 0 || r.RecordedAt.IsZero() || r.Schema == "" {
				t.Errorf("records %v: incomplete record %+v", args, r)
			}
			got = append(got, rec{r.Key.String(), string(r.Batch)})
		}
		return got
	}
	tests := []struct {
		args []string
		want []rec
	}{
		{nil, []rec{{"list/p1", "b1"}, {"list/p2", "b1"}, {"list/p1", "b2"}, {"intel/m1", "b2"}, {"intel/x9", "b3"}}},
		{[]string{"--source", "intel"}, []rec{{"intel/m1", "b2"}, {"intel/x9", "b3"}}},
		{[]string{"--batch", "b2"}, []rec{{"list/p1", "b2"}, {"intel/m1", "b2"}}},
		{[]string{"--as-of", "2026-03-01"}, []rec{{"list/p1", "b1"}, {"list/p2", "b1"}}},
		{[]string{"--as-of", "2026-03-02T09:59:59Z", "--latest"}, []rec{{"list/p1", "b1"}, {"list/p2", "b1"}}},
		{[]string{"--latest"}, []rec{{"list/p2", "b1"}, {"list/p1", "b2"}, {"intel/m1", "b2"}, {"intel/x9", "b3"}}},
		{[]string{"--latest", "--source", "list"}, []rec{{"list/p2", "b1"}, {"list/p1", "b2"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, records(tt.args...)); diff != "" {
			t.Errorf("records %v (-want +got):\n%s", tt.args, diff)
		}
	}
	out, _, code = runDB(t, db, "records", "--latest", "--source", "list")
	if code != 0 || !strings.Contains(out, "Gayrat Djuraev") || strings.Contains(out, "Гайрат") || !strings.HasPrefix(out, "key ") {
		t.Errorf("records table: exit %d\n%s", code, out)
	}
	for _, bad := range []struct {
		args []string
		code int
	}{
		{[]string{"records", "--as-of", "yesterday"}, exitUsage},
		{[]string{"records", "--batch", "nope"}, exitNotFound},
		{[]string{"records", "extra"}, exitUsage},
		{[]string{"batches", "extra"}, exitUsage},
	} {
		if _, errs, code := runDB(t, db, bad.args...); code != bad.code {
			t.Errorf("%v: exit %d (%s), want %d", bad.args, code, errs, bad.code)
		}
	}

	// retract: errors first, then once, then again.
	for _, bad := range []struct {
		args []string
		code int
	}{
		{[]string{"retract", "nope", "--reason", "x"}, exitNotFound},
		{[]string{"retract", "b2"}, exitInvalid},
		{[]string{"retract"}, exitUsage},
	} {
		if _, errs, code := runDB(t, db, bad.args...); code != bad.code {
			t.Errorf("%v: exit %d (%s), want %d", bad.args, code, errs, bad.code)
		}
	}
	if _, errs, code := runDB(t, db, "retract", "b2", "--reason", "source clarified the link"); code != 0 {
		t.Fatalf("retract b2: exit %d: %s", code, errs)
	}
	if _, errs, code := runDB(t, db, "retract", "b2", "--reason", "again"); code != exitConflict {
		t.Errorf("retract b2 twice: exit %d (%s), want %d", code, errs, exitConflict)
	}

	// batches --format json shows the retraction, and the event is in the
	// batch's stream at version 1.
	out, errs, code = runDB(t, db, "--format", "json", "batches")
	if code != 0 {
		t.Fatalf("batches json: exit %d: %s", code, errs)
	}
	var views []batchView
	if err := json.Unmarshal([]byte(out), &views); err != nil {
		t.Fatalf("batches json: %v\n%s", err, out)
	}
	if len(views) != 3 {
		t.Fatalf("batches json: %d batches, want 3", len(views))
	}
	if views[0].Retracted != nil || views[2].Retracted != nil {
		t.Errorf("only b2 is retracted: %+v", views)
	}
	r := views[1].Retracted
	if r == nil || r.Reason != "source clarified the link" || r.Actor != "tester" || r.At.IsZero() {
		t.Errorf("b2 retraction = %+v", r)
	}
	if views[1].Grade.String() != "B2" || views[2].Supersedes != "b2" || views[1].Changed != 1 || views[1].Counts["Person"] != 2 {
		t.Errorf("batch fields lost in json: %+v", views)
	}
	out, _, _ = runDB(t, db, "batches")
	if !strings.Contains(out, "yes: source clarified the link") {
		t.Errorf("batches table does not show the retraction:\n%s", out)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
