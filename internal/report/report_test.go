package report_test

import (
	"bytes"
	"flag"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var asOf = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

func fl(person string, cat vetgraph.Topic, concern, name string, deg vetgraph.Degree, ctx ...vetgraph.Path) vetgraph.Flag {
	return vetgraph.Flag{Person: vetgraph.EntityID(person), Category: cat, Concern: vetgraph.EntityID(concern), ConcernName: name, Degree: deg, Strength: 0.8, Context: ctx}
}

// netTie is network N1's own tie to group G, shown as context.
var netTie = vetgraph.Path{Steps: []vetgraph.Step{
	{From: "N1", FromName: "N1", To: "N2", ToName: "N2", Link: vetgraph.LinkTiedTo, Evidence: []vetgraph.Evidence{{Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}}}},
	{From: "N2", FromName: "N2", To: "F", ToName: "Facilitator F", Link: vetgraph.LinkFacilitatorFor, Evidence: []vetgraph.Evidence{{Note: "stated as F facilitator_for N2"}}},
	{From: "F", FromName: "Facilitator F", To: "G", ToName: "G", Link: vetgraph.LinkTiedTo, Evidence: []vetgraph.Evidence{{Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}}}},
	{From: "G", FromName: "G", To: "crime.terror", Link: "has_topic", Evidence: []vetgraph.Evidence{{Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}}}},
}}

// input is a hand-built case: 6 persons (one under two ids) connected to N1,
// 2 to N2 (one also to N1), 1 with their own evidence of ties to G, none to
// G2, and one sanction hit.
func input() report.Input {
	item := func(p string, s vetgraph.Status) vetgraph.ReviewItem {
		return vetgraph.ReviewItem{Person: vetgraph.EntityID(p), Status: s, Flags: []vetgraph.FlagState{{}}}
	}
	return report.Input{
		AsOf: asOf,
		Flags: []vetgraph.Flag{
			fl("P1", vetgraph.TopicTraffick, "N1", "N1", 1, netTie),
			fl("P1-old", vetgraph.TopicTraffick, "N1", "N1", 2, netTie), // merged into P1: counts once, at degree 1
			fl("P2", vetgraph.TopicTraffick, "N1", "N1", 1, netTie),
			fl("P3", vetgraph.TopicTraffick, "N1", "N1", 2, netTie),
			fl("P4", vetgraph.TopicTraffick, "N1", "N1", 2, netTie),
			fl("P5", vetgraph.TopicTraffick, "N1", "N1", 1, netTie),
			fl("P6", vetgraph.TopicTraffick, "N1", "N1", 0),
			fl("P7", vetgraph.TopicTraffick, "N2", "N2", 1),
			fl("P1", vetgraph.TopicTraffick, "N2", "N2", 2),
			fl("P8", vetgraph.TopicTerror, "G", "G", 1),
			fl("P8", vetgraph.TopicTraffick, "N1", "N1", 2, netTie),
			fl("P9", vetgraph.TopicSanction, "S1", "Sanctioned S1", 0),
		},
		Items: []vetgraph.ReviewItem{
			item("P1", vetgraph.StatusVettingOngoing), item("P2", vetgraph.StatusDetained), item("P3", vetgraph.StatusCleared),
			item("P4", vetgraph.StatusOpen), item("P6", vetgraph.StatusRemoved), item("P7", vetgraph.StatusInReview),
			item("P8", vetgraph.StatusReferred), item("P9", vetgraph.StatusOpen),
			// P1-old was merged into P1: its item lost its flags; P1's counts.
			{Person: "P1-old", Status: vetgraph.StatusCleared, Withdrawn: []vetgraph.Flag{fl("P1-old", vetgraph.TopicTraffick, "N1", "N1", 2)}, Updated: asOf},
		},
		Concerns: []report.Concern{
			{ID: "G", Name: "G", Topic: vetgraph.TopicTerror},
			{ID: "G2", Name: "G2", Topic: vetgraph.TopicTerror},
			{ID: "N1", Name: "N1", Topic: vetgraph.TopicTraffick},
		},
		Resolve: func(id vetgraph.EntityID) vetgraph.EntityID {
			if id == "P1-old" {
				return "P1"
			}
			return id
		},
	}
}

func TestCounts(t *testing.T) {
	r := report.Build(input())
	wantLines := []string{
		"Persons connected to smuggling network N1: 7",
		"Persons connected to smuggling network N2: 2",
		"Persons with individual evidence of ties to designated group G: 1",
		"Persons with individual evidence of ties to designated group G2: 0",
		"Persons linked to sanctioned entity Sanctioned S1: 1",
	}
	if diff := cmp.Diff(wantLines, r.Lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	type counts struct {
		Persons  int
		ByDegree [3]int
		ByStatus map[vetgraph.Status]int
	}
	byStatus := func(sc []report.StatusCount) map[vetgraph.Status]int {
		m := map[vetgraph.Status]int{}
		for _, s := range sc {
			if s.Persons > 0 {
				m[s.Status] = s.Persons
			}
		}
		return m
	}
	got := map[string]counts{}
	for _, s := range r.Sections {
		got[string(s.Category)] = counts{s.Persons, s.ByDegree, byStatus(s.ByStatus)}
		for _, c := range s.Concerns {
			got[string(c.Concern)] = counts{c.Persons, c.ByDegree, byStatus(c.ByStatus)}
		}
	}
	want := map[string]counts{
		// N1: P1 (1, not also 2 via P1-old), P2 1, P3 2, P4 2, P5 1 (no item), P6 0, P8 2.
		"N1": {7, [3]int{1, 3, 3}, map[vetgraph.Status]int{"vetting_ongoing": 1, "detained": 1, "cleared": 1, "open": 1, report.NoItem: 1, "removed": 1, "referred": 1}},
		"N2": {2, [3]int{0, 1, 1}, map[vetgraph.Status]int{"in_review": 1, "vetting_ongoing": 1}},
		// Any network: P1..P8 once each; P1 at its lowest degree (1); P7 only via N2.
		"crime.traffick": {8, [3]int{1, 4, 3}, map[vetgraph.Status]int{"vetting_ongoing": 1, "detained": 1, "cleared": 1, "open": 1, report.NoItem: 1, "removed": 1, "referred": 1, "in_review": 1}},
		"G":              {1, [3]int{0, 1, 0}, map[vetgraph.Status]int{"referred": 1}},
		"G2":             {0, [3]int{}, map[vetgraph.Status]int{}},
		"crime.terror":   {1, [3]int{0, 1, 0}, map[vetgraph.Status]int{"referred": 1}},
		"S1":             {1, [3]int{1, 0, 0}, map[vetgraph.Status]int{"open": 1}},
		"sanction":       {1, [3]int{1, 0, 0}, map[vetgraph.Status]int{"open": 1}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	n1 := r.Sections[0].Concerns[0]
	wantCtx := []string{"N1 –tied_to (B2)→ N2 ←facilitator_for– Facilitator F –tied_to (B2)→ G (topic crime.terror, B2)"}
	if diff := cmp.Diff(wantCtx, n1.Context); diff != "" {
		t.Errorf("N1 context (-want +got):\n%s", diff)
	}
}

// TestNeverMerged: a network's context tie to a group never makes its clients
// count under the group, however many there are.
func TestNeverMerged(t *testing.T) {
	in := report.Input{AsOf: asOf, Concerns: []report.Concern{{ID: "G", Name: "G", Topic: vetgraph.TopicTerror}}}
	for i := range 400 {
		in.Flags = append(in.Flags, fl("C"+string(rune('A'+i%26))+strings.Repeat("x", i/26), vetgraph.TopicTraffick, "N1", "N1", 1, netTie))
	}
	r := report.Build(in)
	want := []string{
		"Persons connected to smuggling network N1: 400",
		"Persons with individual evidence of ties to designated group G: 0",
	}
	if diff := cmp.Diff(want, r.Lines); diff != "" {
		t.Fatalf("lines (-want +got):\n%s", diff)
	}
}

func TestEmpty(t *testing.T) {
	r := report.Build(report.Input{AsOf: asOf})
	if len(r.Sections) != 2 || r.Sections[0].Category != vetgraph.TopicTraffick || r.Sections[1].Category != vetgraph.TopicTerror || len(r.Lines) != 0 {
		t.Fatalf("empty report: %+v", r)
	}
	var b bytes.Buffer
	for _, w := range []func(*bytes.Buffer, report.Report) error{
		func(b *bytes.Buffer, r report.Report) error { return report.WriteJSON(b, r) },
		func(b *bytes.Buffer, r report.Report) error { return report.WriteCSV(b, r) },
		func(b *bytes.Buffer, r report.Report) error { return report.WriteHTML(b, r) },
	} {
		if err := w(&b, r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGolden(t *testing.T) {
	r := report.Build(input())
	for _, tt := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"report.json", func(b *bytes.Buffer) error { return report.WriteJSON(b, r) }},
		{"report.csv", func(b *bytes.Buffer) error { return report.WriteCSV(b, r) }},
		{"report.html", func(b *bytes.Buffer) error { return report.WriteHTML(b, r) }},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestHTMLSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteHTML(&b, report.Build(input())); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"http://", "https://", "<script", "src=", "@import"} {
		if strings.Contains(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("page contains %q: it must need no network and run no script", bad)
		}
	}
	for _, must := range []string{
		"Persons connected to smuggling network N1: 7",
		"Persons with individual evidence of ties to designated group G2: 0",
		html.EscapeString(report.Definition(vetgraph.TopicTraffick)),
		html.EscapeString(report.Definition(vetgraph.TopicTerror)),
		"persons (distinct resolved persons)",
		"Context, not counted above",
	} {
		if !strings.Contains(page, must) {
			t.Errorf("page lacks %q", must)
		}
	}
}
