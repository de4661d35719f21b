package vet

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"vetgraph"
)

// fullFlags computes every person's flags from scratch (a fresh view of the
// statements in force now), keyed by person.
func fullFlags(t *testing.T, v *Vetter) map[vetgraph.EntityID][]vetgraph.Flag {
	t.Helper()
	w := v.buildView(time.Time{})
	if err := w.computeAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := make(map[vetgraph.EntityID][]vetgraph.Flag)
	for n, fs := range w.flags {
		out[vetgraph.EntityID(w.g.Key(n))] = fs
	}
	return out
}

func heldFlags(v *Vetter) map[vetgraph.EntityID][]vetgraph.Flag {
	out := make(map[vetgraph.EntityID][]vetgraph.Flag)
	for n, fs := range v.cur.flags {
		out[vetgraph.EntityID(v.cur.g.Key(n))] = fs
	}
	return out
}

// diffFlags is the delta list between two full computations.
func diffFlags(before, after map[vetgraph.EntityID][]vetgraph.Flag) []vetgraph.FlagDelta {
	var out []vetgraph.FlagDelta
	for p, now := range after {
		out = appendDeltas(out, before[p], now, "", time.Time{})
	}
	for p, was := range before {
		if _, ok := after[p]; !ok {
			out = appendDeltas(out, was, nil, "", time.Time{})
		}
	}
	return out
}

var ignoreContext = cmpopts.IgnoreFields(vetgraph.Flag{}, "Context")

func stripContext(f *vetgraph.Flag) *vetgraph.Flag {
	if f == nil {
		return nil
	}
	c := *f
	c.Context = nil
	return &c
}

func noContext(m map[vetgraph.EntityID][]vetgraph.Flag) map[vetgraph.EntityID][]vetgraph.Flag {
	out := make(map[vetgraph.EntityID][]vetgraph.Flag, len(m))
	for k, fs := range m {
		for _, f := range fs {
			out[k] = append(out[k], *stripContext(&f))
		}
	}
	return out
}

func normDeltas(ds []vetgraph.FlagDelta) []vetgraph.FlagDelta {
	out := make([]vetgraph.FlagDelta, 0, len(ds))
	for _, d := range ds {
		d.Cause, d.At = "", time.Time{}
		d.Before, d.After = stripContext(d.Before), stripContext(d.After)
		out = append(out, d)
	}
	sortDeltas(out)
	return out
}

// TestIncrementalEqualsFull drives random worlds through batches,
// corrections, retractions, merges and splits, and checks after every step
// that the held flags equal a full recomputation and that the step's deltas
// equal the difference of the full recomputations before and after it.
func TestIncrementalEqualsFull(t *testing.T) {
	trials := 60
	if testing.Short() {
		trials = 15
	}
	pol, err := LoadPolicy(strings.NewReader(strings.Replace(string(defaultPolicy), `"personal_identifier_max": 5`, `"personal_identifier_max": 2`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for trial := range trials {
		r := rand.New(rand.NewPCG(uint64(trial), 7))
		res := mapResolver{}
		v := New(pol, res, nil)
		persons := []string{"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"}
		orgs := []string{"o0", "o1", "o2", "o3"}
		any := func() string {
			if r.IntN(3) == 0 {
				return orgs[r.IntN(len(orgs))]
			}
			return persons[r.IntN(len(persons))]
		}
		topics := []string{"crime.traffick", "crime.terror", "sanction"}
		roles := []string{"moved_by", "paid", "travelled_with", "tied_to", "knows"}
		grades := []string{"", "A1", "B2", "C3", "F6"}
		now := t0
		var batches []string
		prev := fullFlags(t, v)
		for step := range 25 {
			now = now.Add(time.Hour)
			var ds []vetgraph.FlagDelta
			var what string
			switch op := r.IntN(10); {
			case op < 6 || len(batches) == 0:
				id := fmt.Sprintf("b%d", step)
				b := vetgraph.Batch{ID: vetgraph.BatchID(id), Source: "s", ImportedAt: now}
				b.Grade, _ = vetgraph.ParseGrade(grades[r.IntN(len(grades))])
				if len(batches) > 0 && r.IntN(4) == 0 {
					b.Supersedes = vetgraph.BatchID(batches[r.IntN(len(batches))])
				}
				var recs []vetgraph.Record
				for range 1 + r.IntN(6) {
					var x vetgraph.Record
					switch r.IntN(6) {
					case 0:
						x = rec("Person", persons[r.IntN(len(persons))], "phone=+99290000000"+fmt.Sprint(r.IntN(4)))
					case 1:
						x = rec("Organization", orgs[r.IntN(len(orgs))], "topics="+topics[r.IntN(len(topics))])
					case 2:
						x = rec("Person", persons[r.IntN(len(persons))], "topics="+topics[r.IntN(len(topics))])
					case 3:
						x = rec("Membership", fmt.Sprintf("m%d", r.IntN(12)), "member="+any(), "organization="+orgs[r.IntN(len(orgs))],
							"role="+[]string{"member", "guide", "leader"}[r.IntN(3)])
					case 4:
						x = rec("UnknownLink", fmt.Sprintf("u%d", r.IntN(12)), "subject="+any(), "object="+any(), "role="+roles[r.IntN(len(roles))])
					default:
						x = rec("Family", fmt.Sprintf("f%d", r.IntN(4)), "person="+any(), "relative="+any())
					}
					x.Key.Source = []string{"s", "t"}[r.IntN(2)]
					recs = append(recs, x)
				}
				ds, err = v.Apply(b, recs)
				if err != nil {
					t.Fatal(err)
				}
				batches = append(batches, id)
				what = fmt.Sprintf("apply %s (supersedes %q) %d records", id, b.Supersedes, len(recs))
			case op < 8:
				id := batches[r.IntN(len(batches))]
				ds, err = v.Retract(vetgraph.BatchID(id), now)
				if err != nil {
					t.Fatal(err)
				}
				what = "retract " + id
			case op == 8:
				a, b := persons[r.IntN(len(persons))], persons[r.IntN(len(persons))]
				ea, _ := res.EntityOfID(a)
				eb, _ := res.EntityOfID(b)
				if ea == eb {
					continue
				}
				// Merge b's entity into a's.
				for id, e := range res {
					if e == eb {
						res[id] = ea
					}
				}
				res[string(eb)] = ea
				ds = v.EntitiesChanged("resolve", now, ea, eb)
				what = fmt.Sprintf("merge %s into %s", eb, ea)
			default:
				a := persons[r.IntN(len(persons))]
				if _, ok := res[a]; !ok {
					continue
				}
				e := res[a]
				delete(res, a)
				ds = v.EntitiesChanged("resolve", now, e, vetgraph.EntityID(a))
				what = fmt.Sprintf("split %s from %s", a, e)
			}
			full := fullFlags(t, v)
			// reflect.DeepEqual first: cmp.Diff is slow on big flags.
			if held := heldFlags(v); !reflect.DeepEqual(noContext(full), noContext(held)) {
				t.Fatalf("trial %d step %d (%s): held flags differ from a full recomputation (-full +held):\n%s", trial, step, what,
					cmp.Diff(full, held, ignoreContext, cmpopts.EquateEmpty()))
			}
			if want, got := normDeltas(diffFlags(prev, full)), normDeltas(ds); !reflect.DeepEqual(want, got) {
				diff := cmp.Diff(want, got, ignoreContext, cmpopts.EquateEmpty())
				t.Fatalf("trial %d step %d (%s): deltas differ from the difference of full recomputations (-full +incremental):\n%s", trial, step, what, diff)
			}
			prev = full
		}
		// Recompute (the batch form) agrees and reports nothing.
		ds, err := v.Recompute(context.Background(), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 0 {
			t.Fatalf("trial %d: Recompute found %d deltas: %v", trial, len(ds), deltaSummary(ds))
		}
	}
}
