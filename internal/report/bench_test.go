package report_test

import (
	"fmt"
	"io"
	"testing"

	"vetgraph"
	"vetgraph/internal/report"
)

// published is the published case at full size: 400 clients of N1 (with
// N1's context tie to G), 8 persons with their own tie to G, items for all.
func published() report.Input {
	in := report.Input{AsOf: asOf, Concerns: []report.Concern{{ID: "G", Name: "G", Topic: vetgraph.TopicTerror}}}
	statuses := vetgraph.Statuses()
	for i := range 400 {
		p := fmt.Sprintf("C%03d", i)
		in.Flags = append(in.Flags, fl(p, vetgraph.TopicTraffick, "N1", "N1", vetgraph.Degree(1+i%2), netTie))
		in.Items = append(in.Items, vetgraph.ReviewItem{Person: vetgraph.EntityID(p), Status: statuses[i%len(statuses)]})
	}
	for i := range 8 {
		p := fmt.Sprintf("T%d", i)
		in.Flags = append(in.Flags, fl(p, vetgraph.TopicTerror, "G", "G", 1))
		in.Items = append(in.Items, vetgraph.ReviewItem{Person: vetgraph.EntityID(p), Status: vetgraph.StatusVettingOngoing})
	}
	return in
}

func BenchmarkBuild408(b *testing.B) {
	in := published()
	b.ReportAllocs()
	for b.Loop() {
		report.Build(in)
	}
}

func BenchmarkWriteHTML(b *testing.B) {
	r := report.Build(published())
	b.ReportAllocs()
	for b.Loop() {
		if err := report.WriteHTML(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
