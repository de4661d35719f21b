package main

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vetgraph"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/sqlite"
)

// seedCase writes a miniature of the published case into a SQLite file
// through the pipeline: five clients moved by network net-1, whose
// facilitator has a graded tie to group G, and one unrelated person.
func seedCase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p, err := pipeline.Open(ctx, st, pipeline.Options{Clock: vetgraph.ClockFunc(func() time.Time { return now })})
	if err != nil {
		t.Fatal(err)
	}
	rec := func(source, id, schema string, props ...string) vetgraph.Record {
		pr := vetgraph.Properties{}
		for i := 0; i+1 < len(props); i += 2 {
			pr.Add(props[i], props[i+1])
		}
		return vetgraph.Record{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: pr}
	}
	seq := func(recs []vetgraph.Record) iter.Seq2[vetgraph.Record, error] {
		return func(yield func(vetgraph.Record, error) bool) {
			for _, r := range recs {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	names := []string{"Alisher Qodirov", "Jamshid Rahimov", "Farrukh Tursunov", "Sardor Umarov", "Bekzod Aliev"}
	base := []vetgraph.Record{rec("case", "net-1", "Organization", "name", "Network One"), rec("enc", "x1", "Person", "name", "Otabek Saidov", "birthDate", "1991-02-02")}
	for i, n := range names {
		base = append(base,
			rec("enc", fmt.Sprintf("c%d", i), "Person", "name", n, "birthDate", fmt.Sprintf("198%d-01-0%d", i, i+1), "passportNumber", fmt.Sprintf("FA%03d", i)),
			rec("case", fmt.Sprintf("d%d", i), "UnknownLink", "subject", fmt.Sprintf("c%d", i), "object", "net-1", "role", "moved_by"))
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "b1", Source: "case", Format: "ftm", ImportedAt: now}, seq(base)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(24 * time.Hour)
	intel := []vetgraph.Record{
		rec("R1", "net-1", "Organization", "name", "Network One", "topics", "crime.traffick"),
		rec("R1", "grp-1", "Organization", "name", "Group G", "topics", "crime.terror"),
		rec("R1", "fac1", "Person", "name", "Bahodir Karimov", "birthDate", "1975-01-01"),
		rec("R1", "m2", "Membership", "member", "fac1", "organization", "net-1", "role", "facilitator"),
		rec("R1", "t1", "UnknownLink", "subject", "fac1", "object", "grp-1", "role", "tied_to"),
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "b2", Source: "R1", Format: "ftm", ImportedAt: now, Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}}, seq(intel)); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReviewCommands(t *testing.T) {
	db := seedCase(t)
	run := func(user, role string, args ...string) (string, string, int) {
		t.Helper()
		env := map[string]string{"VETGRAPH_DB": db, "VETGRAPH_USER": user, "VETGRAPH_ROLE": role}
		var out, errb strings.Builder
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		return out.String(), errb.String(), code
	}
	out, errs, code := run("", "", "--format", "json", "review", "list")
	if code != 0 {
		t.Fatalf("review list: %d %s", code, errs)
	}
	var items []vetgraph.ReviewItem
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	// Five clients (network) and the facilitator (network member and his own tie to G).
	if len(items) != 6 {
		t.Fatalf("%d items, want 6: %s", len(items), out)
	}
	var terror, client vetgraph.EntityID
	for _, it := range items {
		for _, f := range it.Flags {
			if f.Flag.Category == vetgraph.TopicTerror {
				terror = it.Person
			}
		}
		if it.PersonName == "Alisher Qodirov" {
			client = it.Person
		}
	}
	if terror == "" || client == "" || items[0].Person != terror {
		t.Fatalf("want the facilitator's terror item first and a client item; got %+v", items)
	}

	steps := []struct {
		user, role string
		args       []string
		code       int
		want       string
	}{
		{"ann", "analyst", []string{"review", "assign", string(terror), "--claim"}, 0, "assigned to \"ann\""},
		{"bob", "analyst", []string{"review", "assign", string(terror), "--claim"}, exitConflict, "already claimed by ann"},
		{"ann", "analyst", []string{"review", "decide", string(terror), "--status", "cleared", "--rationale", "x"}, exitInvalid, "from open to cleared"},
		{"ann", "analyst", []string{"review", "decide", string(terror), "--status", "in_review", "--rationale", "reading the file"}, 0, "open → in_review"},
		{"ann", "analyst", []string{"review", "decide", string(terror), "--status", "detained", "--rationale", "arrest warrant"}, 0, "awaiting a second supervisor"},
		{"ann", "supervisor", []string{"review", "confirm", string(terror), "--approve", "--rationale", "me"}, exitDenied, "must differ"},
		{"sue", "supervisor", []string{"review", "confirm", string(terror), "--approve", "--rationale", "agree"}, 0, "status detained"},
		{"bob", "analyst", []string{"review", "assign", string(client), "--claim"}, 0, ""},
		{"cat", "analyst", []string{"review", "assign", "--next", "--category", "crime.terror"}, exitNotFound, "no unassigned item"},
		{"cat", "analyst", []string{"review", "assign", "--next", string(client)}, exitUsage, "--next alone"},
		{"cat", "analyst", []string{"review", "assign", "--next"}, 0, "assigned to \"cat\""},
		{"bob", "analyst", []string{"review", "decide", string(client), "in_review", "--rationale", "x"}, exitUsage, "one person id"},
		{"bob", "analyst", []string{"review", "decide", string(client), "--status", "vetting_ongoing", "--rationale", "interview booked", "--seen", "1"}, exitConflict, "changed since version 1"},
		{"bob", "analyst", []string{"review", "decide", string(client), "--status", "vetting_ongoing", "--rationale", "interview booked"}, 0, "open → vetting_ongoing"},
		{"", "", []string{"review", "show", string(client)}, exitUsage, "--as"},
		{"bob", "analyst", []string{"review", "show", string(client)}, 0, "connected to smuggling network Network One"},
		{"bob", "analyst", []string{"--format", "json", "review", "list", "--status", "detained,vetting_ongoing"}, 0, `"status": "vetting_ongoing"`},
		{"", "", []string{"audit", "verify"}, 0, "audit log intact: 8 entries"},
		{"", "", []string{"audit", "list", "--action", "person.read"}, 0, "bob"},
		{"", "", []string{"audit", "verify", "--anchor", "3:deadbeef"}, exitConflict, "differs from the anchor"},
		{"", "", []string{"audit", "verify", "--anchor", "99:deadbeef"}, exitConflict, "truncated"},
		{"", "", []string{"audit", "verify", "--anchor", "x"}, exitUsage, "VERSION:HASH"},
	}
	for _, s := range steps {
		out, errs, code := run(s.user, s.role, s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Fatalf("%s %v: code %d (want %d), output %q %q, want it to contain %q", s.user, s.args, code, s.code, out, errs, s.want)
		}
	}

	out, errs, code = run("pat", "analyst", "--format", "json", "report")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	var r struct {
		Lines    []string `json:"lines"`
		Sections []struct {
			Category vetgraph.Topic `json:"category"`
			Persons  int            `json:"persons"`
			ByStatus []struct {
				Status  vetgraph.Status `json:"status"`
				Persons int             `json:"persons"`
			} `json:"by_status"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	wantLines := []string{
		"Persons connected to smuggling network Network One: 6",
		"Persons with individual evidence of ties to designated group Group G: 1",
	}
	if !slices.Equal(r.Lines, wantLines) {
		t.Fatalf("report lines %q, want %q", r.Lines, wantLines)
	}
	st := map[vetgraph.Status]int{}
	for _, s := range r.Sections[0].ByStatus {
		st[s.Status] = s.Persons
	}
	if st[vetgraph.StatusDetained] != 1 || st[vetgraph.StatusVettingOngoing] != 1 || st[vetgraph.StatusOpen] != 4 {
		t.Fatalf("network section by status %v, want detained 1, vetting_ongoing 1, open 4", st)
	}
	// As of the first day (before the intelligence) nobody was connected to
	// anything; as of the second the network and the group are known.
	for _, tc := range []struct {
		asOf  string
		lines []string
	}{
		{"2024-01-01", []string{}},
		{"2024-01-02", wantLines},
	} {
		out, errs, code := run("pat", "analyst", "--format", "json", "report", "--as-of", tc.asOf)
		if code != 0 {
			t.Fatalf("report --as-of %s: %d %s", tc.asOf, code, errs)
		}
		r.Lines = nil
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Lines, tc.lines) {
			t.Fatalf("report --as-of %s: lines %q, want %q", tc.asOf, r.Lines, tc.lines)
		}
	}
	for _, f := range []string{"csv", "html", "table"} {
		out, errs, code := run("pat", "analyst", "--format", f, "report")
		if code != 0 || !strings.Contains(out, "Persons connected to smuggling network Network One: 6") {
			t.Fatalf("report --format %s: %d %s\n%s", f, code, errs, out)
		}
	}
}
