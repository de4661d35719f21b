package vetgraph_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"vetgraph"
)

func TestErrorFormatting(t *testing.T) {
	cause := errors.New("unexpected EOF")
	tests := []struct {
		err      *vetgraph.Error
		want     string
		wantSafe string
	}{
		{
			&vetgraph.Error{Code: vetgraph.Invalid, Op: "ftm.Read", Msg: "bad JSON", File: "a.jsonl", Line: 12, Field: "properties.name", Err: cause},
			`ftm.Read: a.jsonl:12: field "properties.name": bad JSON: unexpected EOF`,
			`a.jsonl:12: field "properties.name": bad JSON`,
		},
		{vetgraph.Errorf(vetgraph.NotFound, "Batch", "batch %q", "b1"), `Batch: batch "b1"`, `batch "b1"`},
		{vetgraph.Errorf(vetgraph.Internal, "x", "open: %w", cause), `x: open: unexpected EOF`, `open: unexpected EOF`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if got := vetgraph.ErrorMessage(fmt.Errorf("wrapped: %w", tt.err)); got != tt.wantSafe {
			t.Errorf("ErrorMessage = %q, want %q", got, tt.wantSafe)
		}
	}
	if got := vetgraph.ErrorCode(fmt.Errorf("w: %w", vetgraph.Errorf(vetgraph.Conflict, "op", "dup"))); got != vetgraph.Conflict {
		t.Errorf("ErrorCode through wrap = %q", got)
	}
	if got := vetgraph.ErrorCode(errors.New("plain")); got != vetgraph.Internal {
		t.Errorf("ErrorCode(plain) = %q, want internal", got)
	}
	if got := vetgraph.ErrorCode(nil); got != "" {
		t.Errorf("ErrorCode(nil) = %q", got)
	}
	if !errors.Is(vetgraph.Errorf(vetgraph.Internal, "x", "y: %w", cause), cause) {
		t.Error("Errorf with %w does not wrap its cause")
	}
	if got := vetgraph.ErrorMessage(errors.New("secret detail")); got != "internal error" {
		t.Errorf("ErrorMessage(plain) = %q, leaks detail", got)
	}
}

func TestGrade(t *testing.T) {
	for _, s := range []string{"A1", "B2", "F6", "C3"} {
		g, err := vetgraph.ParseGrade(s)
		if err != nil || g.String() != s {
			t.Errorf("ParseGrade(%q) = %v, %v", s, g, err)
		}
		if w := g.Weight(); w <= 0 || w > 1 {
			t.Errorf("%s weight %v outside (0,1]", s, w)
		}
	}
	for _, s := range []string{"G1", "A7", "a1", "B", "B22"} {
		if _, err := vetgraph.ParseGrade(s); vetgraph.ErrorCode(err) != vetgraph.Invalid {
			t.Errorf("ParseGrade(%q) err = %v, want invalid", s, err)
		}
	}
	a1, _ := vetgraph.ParseGrade("A1")
	b2, _ := vetgraph.ParseGrade("B2")
	e5, _ := vetgraph.ParseGrade("E5")
	if !(a1.Weight() > b2.Weight() && b2.Weight() > e5.Weight()) {
		t.Errorf("weights not ordered: A1 %v B2 %v E5 %v", a1.Weight(), b2.Weight(), e5.Weight())
	}
	if (vetgraph.Grade{}).Weight() != 1 || !(vetgraph.Grade{}).IsZero() {
		t.Error("zero grade should be ungraded with weight 1")
	}
	var g vetgraph.Grade
	if err := g.UnmarshalText([]byte("D4")); err != nil || g.String() != "D4" {
		t.Errorf("UnmarshalText: %v %v", g, err)
	}
}

func TestRecordDigest(t *testing.T) {
	r := vetgraph.Record{Key: vetgraph.RecordKey{Source: "s", ID: "1"}, Schema: "Person",
		Properties: vetgraph.Properties{"name": {"Қасымов Алишер"}, "birthDate": {"1990"}}}
	same := r
	same.Properties = r.Properties.Clone()
	same.Batch, same.Seq, same.RecordedAt = "other", 99, time.Now()
	if r.Digest() != same.Digest() {
		t.Error("digest depends on batch, seq or system time")
	}
	changed := r
	changed.Properties = r.Properties.Clone()
	changed.Properties.Add("alias", "Kasymov")
	if r.Digest() == changed.Digest() {
		t.Error("digest ignores a property change")
	}
	valid := r
	valid.ValidFrom = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if r.Digest() == valid.Digest() {
		t.Error("digest ignores valid time")
	}
}

func TestPropertiesAdd(t *testing.T) {
	p := vetgraph.Properties{}
	p.Add("name", "a", "", "b", "a")
	if got := p["name"]; len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("Add = %v", got)
	}
	if p.First("name") != "a" || p.First("missing") != "" {
		t.Error("First")
	}
}
