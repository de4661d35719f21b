package vet

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"vetgraph"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// rec builds a record: rec("Person", "p1", "name=Ali", "phone=+992900000001").
func rec(schema, id string, props ...string) vetgraph.Record {
	p := vetgraph.Properties{}
	for _, kv := range props {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			panic("rec: bad property " + kv)
		}
		p.Add(k, v)
	}
	return vetgraph.Record{Key: vetgraph.RecordKey{Source: "src", ID: id}, Schema: schema, Properties: p}
}

func src(source string, r vetgraph.Record) vetgraph.Record {
	r.Key.Source = source
	return r
}

// tw is a test world: a Vetter and a clock that moves one day per batch.
type tw struct {
	t   *testing.T
	v   *Vetter
	day int
}

func newTW(t *testing.T, r Resolver) *tw {
	return &tw{t: t, v: New(DefaultPolicy(), r, nil)}
}

func (w *tw) now() time.Time { return t0.AddDate(0, 0, w.day) }

// apply applies a batch; grade "" means ungraded, supersedes "" none.
func (w *tw) apply(id, source, grade, supersedes string, recs ...vetgraph.Record) []vetgraph.FlagDelta {
	w.t.Helper()
	w.day++
	g, err := vetgraph.ParseGrade(grade)
	if err != nil {
		w.t.Fatal(err)
	}
	b := vetgraph.Batch{ID: vetgraph.BatchID(id), Source: source, Format: "ftm", ImportedAt: w.now(), Grade: g, Supersedes: vetgraph.BatchID(supersedes)}
	for i := range recs {
		recs[i].Key.Source = source
		recs[i].Batch = b.ID
		recs[i].RecordedAt = b.ImportedAt
	}
	ds, err := w.v.Apply(b, recs)
	if err != nil {
		w.t.Fatal(err)
	}
	return ds
}

func (w *tw) retract(id string) []vetgraph.FlagDelta {
	w.t.Helper()
	w.day++
	ds, err := w.v.Retract(vetgraph.BatchID(id), w.now())
	if err != nil {
		w.t.Fatal(err)
	}
	return ds
}

// summary renders flags as "person category concern dN strength" lines.
func summary(fs []vetgraph.Flag) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s d%d %.4f", f.Person, f.Category, f.Concern, f.Degree, f.Strength))
	}
	return out
}

func deltaSummary(ds []vetgraph.FlagDelta) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %s %s %s", d.Kind, d.Key.Person, d.Key.Category, d.Key.Concern))
	}
	return out
}

func (w *tw) flags(asOf time.Time) []vetgraph.Flag {
	w.t.Helper()
	fs, err := w.v.Flags(context.Background(), asOf)
	if err != nil {
		w.t.Fatal(err)
	}
	return fs
}

// mapResolver resolves through an alias map (merges); unknown ids are
// themselves.
type mapResolver map[string]vetgraph.EntityID

func (m mapResolver) EntityOfID(id string) (vetgraph.EntityID, bool) {
	if e, ok := m[id]; ok {
		return e, true
	}
	return vetgraph.EntityID(id), true
}
