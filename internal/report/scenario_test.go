package report_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/report"
	"vetgraph/internal/review"
	"vetgraph/internal/scenario"
	"vetgraph/internal/synth"
)

// tally is a report's counts in truth terms: per "category|concern
// cluster", the persons (true persons) by degree and by status.
type tally map[string]*counts

type counts struct {
	Persons  int
	ByDegree [3]int
	ByStatus map[vetgraph.Status]int
}

func (t tally) add(key string, deg int, st vetgraph.Status) {
	c := t[key]
	if c == nil {
		c = &counts{ByStatus: map[vetgraph.Status]int{}}
		t[key] = c
	}
	c.Persons++
	c.ByDegree[deg]++
	c.ByStatus[st]++
}

// fromExpected tallies flags in truth terms (persons as clusters), each
// person once per concern at their lowest degree, with status from status.
func fromExpected(es []scenario.Expected, status func(cluster string) vetgraph.Status) tally {
	low := map[string]int{}
	for _, e := range es {
		k := string(e.Category) + "|" + e.Concern + "|" + e.Cluster
		if d, ok := low[k]; !ok || e.Degree < d {
			low[k] = e.Degree
		}
	}
	t := tally{}
	for k, d := range low {
		i := strings.LastIndex(k, "|")
		t.add(k[:i], d, status(k[i+1:]))
	}
	return t
}

// fromFlags tallies the computed flags by resolved person entity (the
// report's unit), each once per concern at their lowest degree.
func fromFlags(flags []vetgraph.Flag, concernCluster func(vetgraph.EntityID) string, status func(vetgraph.EntityID) vetgraph.Status) tally {
	type pk struct {
		key    string
		person vetgraph.EntityID
	}
	low := map[pk]int{}
	for _, f := range flags {
		k := pk{string(f.Category) + "|" + concernCluster(f.Concern), f.Person}
		if d, ok := low[k]; !ok || int(f.Degree) < d {
			low[k] = int(f.Degree)
		}
	}
	t := tally{}
	for k, d := range low {
		t.add(k.key, d, status(k.person))
	}
	return t
}

// fromReport reads a report's rows into truth terms.
func fromReport(r report.Report, clusterOf func(vetgraph.EntityID) string) tally {
	t := tally{}
	for _, s := range r.Sections {
		for _, row := range s.Concerns {
			if row.Persons == 0 {
				continue
			}
			c := &counts{Persons: row.Persons, ByDegree: row.ByDegree, ByStatus: map[vetgraph.Status]int{}}
			for _, sc := range row.ByStatus {
				if sc.Persons > 0 {
					c.ByStatus[sc.Status] = sc.Persons
				}
			}
			t[string(s.Category)+"|"+clusterOf(row.Concern)] = c
		}
	}
	return t
}

// TestScenarioCounts plays a generated scenario (the published case, a
// correction and a retraction) through the pipeline, makes review decisions
// on a deterministic share of the items, and after every step checks the
// report's counts per category, concern, degree and status against an
// independent tally of the flags in ground-truth terms (true persons, not
// entity ids) and, whenever the computed flags equal the generator's truth,
// against the truth itself.
func TestScenarioCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a generated scenario")
	}
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, synth.DefaultConfig(11, 500), synth.DirSink(dir)); err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := &scenario.Clock{}
	p, err := pipeline.Open(ctx, memstore.New(), pipeline.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	clusters := func(id vetgraph.EntityID) []string {
		e, ok := p.Entity(id)
		if !ok {
			return []string{"?" + string(id)}
		}
		var cs []string
		for _, k := range e.Records {
			if c, ok := sc.Clusters[k]; ok && !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		slices.Sort(cs)
		return cs
	}
	clusterOf := func(id vetgraph.EntityID) string { return strings.Join(clusters(id), "+") }
	// decided is the status we set by decision per person entity; the
	// system may only re-open (it says so in its review changes).
	decided := map[vetgraph.EntityID]vetgraph.Status{}
	ana := review.Actor{ID: "ana", Role: review.RoleSupervisor}
	sup := review.Actor{ID: "sup", Role: review.RoleSupervisor}
	decide := func(person vetgraph.EntityID, path ...vetgraph.Status) {
		for _, to := range path {
			it, err := p.Review().Decide(ctx, review.DecideRequest{Person: person, By: ana, To: to, Rationale: "scenario"})
			if err != nil {
				t.Fatalf("decide %s → %s: %v", person, to, err)
			}
			if it.Pending != nil {
				if _, err := p.Review().Confirm(ctx, person, sup, true, "second person"); err != nil {
					t.Fatal(err)
				}
			}
		}
		decided[person] = path[len(path)-1]
	}
	decisionsMade := false
	checkedTruth := 0
	for _, st := range sc.Steps {
		res, err := sc.Play(ctx, p, clock, st)
		if err != nil {
			t.Fatalf("step %d: %v", st.Step, err)
		}
		for _, ch := range res.Review {
			if ch.Reopened {
				decided[ch.Person] = vetgraph.StatusOpen
			}
		}
		flags, err := p.Flags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Once the network flags are up, decide on every 5th, 6th and 7th item.
		if !decisionsMade && len(flags) > 50 {
			items, err := p.Review().List(ctx, review.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(items, func(a, b vetgraph.ReviewItem) int { return strings.Compare(string(a.Person), string(b.Person)) })
			for i, it := range items {
				switch {
				case i%5 == 0:
					decide(it.Person, vetgraph.StatusVettingOngoing)
				case i%6 == 0:
					decide(it.Person, vetgraph.StatusInReview, vetgraph.StatusDetained)
				case i%7 == 0:
					decide(it.Person, vetgraph.StatusInReview, vetgraph.StatusCleared)
				}
			}
			decisionsMade = true
		}
		items, err := p.Review().List(ctx, review.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var concerns []report.Concern
		for _, f := range flags {
			concerns = append(concerns, report.Concern{ID: f.Concern, Name: f.ConcernName, Topic: f.Category})
		}
		r := report.Build(report.Input{Flags: flags, Items: items, Concerns: concerns, AsOf: st.At})
		got := fromReport(r, clusterOf)

		// Status by person entity, from our own record of decisions.
		hasItem := map[vetgraph.EntityID]bool{}
		for _, it := range items {
			hasItem[it.Person] = true
		}
		entityStatus := func(id vetgraph.EntityID) vetgraph.Status {
			if s, ok := decided[id]; ok {
				return s
			}
			if hasItem[id] {
				return vetgraph.StatusOpen
			}
			return report.NoItem
		}
		if diff := cmp.Diff(fromFlags(flags, clusterOf, entityStatus), got); diff != "" {
			t.Errorf("step %d: report counts differ from a tally of the flags (-flags +report):\n%s", st.Step, diff)
		}

		// Against the ground truth, in true persons: valid when the computed
		// flags equal the truth and every flagged entity is exactly one true
		// person (no false merge or split among them).
		truth, err := sc.Truth(st)
		if err != nil {
			t.Fatal(err)
		}
		computed := sc.Translate(flags, p.Entity)
		exact := true
		for _, d := range scenario.Compare(truth, computed) {
			exact = exact && d.Exact()
		}
		owner := map[string]vetgraph.EntityID{}
		clusterStatus := map[string]vetgraph.Status{}
		for _, f := range flags {
			cs := clusters(f.Person)
			if len(cs) != 1 || (owner[cs[0]] != "" && owner[cs[0]] != f.Person) {
				exact = false
				continue
			}
			owner[cs[0]] = f.Person
			clusterStatus[cs[0]] = entityStatus(f.Person)
		}
		if exact {
			truthTally := fromExpected(truth, func(c string) vetgraph.Status { return clusterStatus[c] })
			if diff := cmp.Diff(truthTally, got); diff != "" {
				t.Errorf("step %d: report counts differ from the ground truth (-truth +report):\n%s", st.Step, diff)
			}
			checkedTruth++
		} else {
			t.Logf("step %d: computed flags or entities differ from the generator's truth (see internal/scenario); report checked against the flags", st.Step)
		}
		// Words: the network and group sections never share a count.
		for _, l := range r.Lines {
			if strings.Contains(l, "smuggling network") == strings.Contains(l, "designated group") {
				t.Errorf("step %d: line mixes or lacks the categories: %q", st.Step, l)
			}
		}
		t.Logf("step %d %s%s: %v", st.Step, st.Source, st.Target, summary(got))
		if out := os.Getenv("VETGRAPH_SCENARIO_HTML"); out != "" {
			// Keep the page of each step to look at (…-step3.html).
			var b bytes.Buffer
			if err := report.WriteHTML(&b, r); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fmt.Sprintf("%s-step%d.html", out, st.Step), b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !decisionsMade {
		t.Fatal("the scenario raised no flags to decide on")
	}
	t.Logf("report compared with the ground truth at %d of %d steps", checkedTruth, len(sc.Steps))
}

func summary(t tally) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(t)) {
		fmt.Fprintf(&b, "%s=%d ", k, t[k].Persons)
	}
	return b.String()
}
