package vet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func TestLoadPolicyDefault(t *testing.T) {
	p := DefaultPolicy()
	if !strings.HasPrefix(p.Digest(), "default@sha256:") || len(p.Digest()) != len("default@sha256:")+12 {
		t.Errorf("Digest = %q", p.Digest())
	}
	if got := p.Rule(vetgraph.LinkMovedBy).Carry; got != CarryClient {
		t.Errorf("moved_by carry = %q, want client", got)
	}
	if p.MaxDegree != 2 || p.PersonalIdentifierMax != 5 {
		t.Errorf("max_degree %d personal_identifier_max %d, want 2 and 5", p.MaxDegree, p.PersonalIdentifierMax)
	}
}

func TestLoadPolicyInvalid(t *testing.T) {
	base := string(defaultPolicy)
	for _, tc := range []struct{ name, from, to string }{
		{"degree", `"max_degree": 2`, `"max_degree": 9`},
		{"carry", `"moved_by":        {"carry": "client"`, `"moved_by":        {"carry": "maybe"`},
		{"weight", `"paid":            {"carry": "client",     "weight": 0.9`, `"paid":            {"carry": "client",     "weight": 1.5`},
		{"identity-grade identifier", `"link_identifiers": ["phone"`, `"link_identifiers": ["passport"`},
		{"unknown field", `"paths": 3`, `"paths": 3, "colour": 1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			js := strings.Replace(base, tc.from, tc.to, 1)
			if js == base {
				t.Fatalf("replacement %q not found", tc.from)
			}
			_, err := LoadPolicy(strings.NewReader(js))
			if got := vetgraph.ErrorCode(err); got != vetgraph.Invalid {
				t.Errorf("code = %q (err %v), want invalid", got, err)
			}
		})
	}
	// A different policy has a different digest.
	p2, err := LoadPolicy(strings.NewReader(strings.Replace(base, `"max_degree": 2`, `"max_degree": 3`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if p2.Digest() == DefaultPolicy().Digest() {
		t.Error("changed policy kept the digest")
	}
}

// The published case in miniature: network N1 (crime.traffick by
// intelligence), its facilitator F with a graded tie to group G
// (crime.terror), clients moved by N1 itself or by F.
func publishedCase() []vetgraph.Record {
	return []vetgraph.Record{
		rec("Organization", "N1", "name=Network One"),
		rec("Organization", "G", "name=Group G", "topics=crime.terror"),
		rec("Person", "F", "name=Facilitator F"),
		rec("Membership", "m-f", "member=F", "organization=N1", "role=facilitator"),
		rec("Person", "C1", "name=Client One"),
		rec("Person", "C2", "name=Client Two"),
		rec("UnknownLink", "l-c1", "subject=C1", "object=N1", "role=moved_by"),
		rec("UnknownLink", "l-c2", "subject=C2", "object=F", "role=moved_by"),
	}
}

func TestPolicyRules(t *testing.T) {
	type batch struct {
		source, grade string
		recs          []vetgraph.Record
	}
	agency := func(recs ...vetgraph.Record) batch { return batch{"agency", "", recs} }
	intel := func(grade string, recs ...vetgraph.Record) batch { return batch{"report", grade, recs} }
	shared := func(phone string, ids ...string) []vetgraph.Record {
		var out []vetgraph.Record
		for _, id := range ids {
			out = append(out, rec("Person", id, "name="+id, "phone="+phone))
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		batches []batch
		want    []string
	}{
		{
			name: "client of N gets only crime.traffick",
			batches: []batch{
				agency(publishedCase()...),
				intel("B2", rec("Organization", "N1", "topics=crime.traffick"), rec("UnknownLink", "t-f", "subject=F", "object=G", "role=tied_to")),
			},
			want: []string{
				// C1 is named with the network itself; C2 through its facilitator.
				"C1 crime.traffick N1 d1 0.7225",
				"C2 crime.traffick N1 d2 0.7225",
				// F has their own graded tie to G.
				"F crime.terror G d1 0.7225",
				"F crime.traffick N1 d1 0.7225",
			},
		},
		{
			name: "personal phone shared with a G member gives crime.terror at degree 2",
			batches: []batch{agency(
				rec("Organization", "G", "topics=crime.terror"),
				rec("Person", "M", "phone=+992 90 111 2233"),
				rec("Membership", "m", "member=M", "organization=G"),
				rec("Person", "P", "phone=+99290-111-2233"),
			)},
			want: []string{"M crime.terror G d1 1.0000", "P crime.terror G d2 0.9000"},
		},
		{
			name: "widely shared phone gives only crime.traffick",
			batches: []batch{agency(append(shared("+992900000777", "Q1", "Q2", "Q3", "Q4", "Q5"),
				rec("Organization", "N1", "topics=crime.traffick"),
				rec("Organization", "G", "topics=crime.terror"),
				rec("Person", "Gd", "phone=+992900000777"),
				rec("Membership", "m1", "member=Gd", "organization=N1", "role=guide"),
				rec("Membership", "m2", "member=Gd", "organization=G"),
			)...)},
			want: []string{
				"Gd crime.terror G d1 1.0000", "Gd crime.traffick N1 d1 1.0000",
				"Q1 crime.traffick N1 d2 0.5000", "Q2 crime.traffick N1 d2 0.5000", "Q3 crime.traffick N1 d2 0.5000",
				"Q4 crime.traffick N1 d2 0.5000", "Q5 crime.traffick N1 d2 0.5000",
			},
		},
		{
			name: "the same phone held by few is personal: terror passes",
			batches: []batch{agency(append(shared("+992900000777", "Q1"),
				rec("Organization", "G", "topics=crime.terror"),
				rec("Person", "Gd", "phone=+992900000777"),
				rec("Membership", "m2", "member=Gd", "organization=G"),
			)...)},
			want: []string{"Gd crime.terror G d1 1.0000", "Q1 crime.terror G d2 0.9000"},
		},
		{
			name: "family and associate never flag",
			batches: []batch{agency(
				rec("Organization", "G", "topics=crime.terror"),
				rec("Person", "M"), rec("Person", "P"), rec("Person", "A"),
				rec("Membership", "m", "member=M", "organization=G"),
				rec("Family", "f", "person=P", "relative=M", "relationship=brother"),
				rec("Associate", "a", "person=A", "associate=M"),
				rec("UnknownLink", "u", "subject=A", "object=M", "role=neighbour"),
			)},
			want: []string{"M crime.terror G d1 1.0000"},
		},
		{
			name: "degree limit: three links away is not flagged",
			batches: []batch{agency(
				rec("Organization", "G", "topics=crime.terror"),
				rec("Person", "R", "phone=+992900000003"),
				rec("Membership", "m", "member=R", "organization=G"),
				rec("Person", "Q", "phone=+992900000003", "email=q@example.org"),
				rec("Person", "P", "email=Q@example.org"),
			)},
			want: []string{"Q crime.terror G d2 0.9000", "R crime.terror G d1 1.0000"},
		},
		{
			name: "graded tie strength follows the grade",
			batches: []batch{
				agency(rec("Organization", "G", "topics=crime.terror"), rec("Person", "X"), rec("Person", "Y")),
				intel("C3", rec("UnknownLink", "t1", "subject=X", "object=G", "role=tied_to")),
				intel("A1", rec("UnknownLink", "t2", "subject=Y", "object=G", "role=tied_to")),
			},
			want: []string{"X crime.terror G d1 0.4900", "Y crime.terror G d1 1.0000"},
		},
		{
			name: "a person holding a topic is degree 0",
			batches: []batch{
				agency(rec("Person", "W", "name=W")),
				intel("B2", rec("Person", "W", "topics=wanted")),
			},
			want: []string{"W wanted W d0 0.7225"},
		},
		{
			name: "past a client link a guide's tie does not pass",
			batches: []batch{agency(
				rec("Organization", "G", "topics=crime.terror"),
				rec("Person", "Gd"), rec("Person", "C"),
				rec("UnknownLink", "t", "subject=Gd", "object=G", "role=tied_to"),
				rec("UnknownLink", "mv", "subject=C", "object=Gd", "role=moved_by"),
				rec("Payment", "pay", "payer=C", "beneficiary=Gd"),
				rec("Event", "ev", "involved=C", "involved=Gd"),
			)},
			want: []string{"Gd crime.terror G d1 1.0000"},
		},
		{
			name: "organizations are not flagged; membership reaches the network's ties",
			batches: []batch{agency(
				rec("Organization", "G", "topics=crime.terror"),
				rec("Organization", "N2", "topics=crime.traffick"),
				rec("UnknownLink", "t", "subject=N2", "object=G", "role=tied_to"),
				rec("Person", "M"),
				rec("Membership", "m", "member=M", "organization=N2"),
			)},
			want: []string{"M crime.terror G d2 1.0000", "M crime.traffick N2 d1 1.0000"},
		},
		{
			name: "sanction record gives the sanction topic",
			batches: []batch{agency(
				rec("Person", "S"), rec("Person", "P", "phone=+992900000009"), rec("Person", "S2", "phone=+992900000009"),
				rec("Sanction", "s", "entity=S2", "program=SDGT"),
			)},
			want: []string{"P sanction S2 d1 0.9000", "S2 sanction S2 d0 1.0000"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newTW(t, nil)
			for i, b := range tc.batches {
				w.apply(fmt.Sprint("B", i+1), b.source, b.grade, "", b.recs...)
			}
			if diff := cmp.Diff(tc.want, summary(w.flags(time.Time{}))); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzLoadPolicy: any input either loads into a valid policy whose digest
// is stable under a reload of its own encoding, or fails with Invalid.
func FuzzLoadPolicy(f *testing.F) {
	f.Add(string(defaultPolicy))
	f.Add(`{"name":"x","max_degree":1,"paths":1,"personal_identifier_max":1,"personal_identifier":{"carry":"full","weight":1},"shared_identifier":{"carry":"client","weight":0.5}}`)
	f.Add(`{"max_degree":0}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := LoadPolicy(strings.NewReader(s))
		if err != nil {
			if code := vetgraph.ErrorCode(err); code != vetgraph.Invalid {
				t.Fatalf("code %q for %v", code, err)
			}
			return
		}
		if p.MaxDegree < 1 || p.MaxDegree > 4 || p.Paths < 1 {
			t.Fatalf("invalid policy accepted: %+v", p)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := LoadPolicy(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("reloading %s: %v", b, err)
		}
		if q.Digest() != p.Digest() {
			t.Fatalf("digest changed on reload: %s vs %s", q.Digest(), p.Digest())
		}
	})
}
