package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/pipeline"
	outcome "vetgraph/internal/report"
	"vetgraph/internal/resolve"
	"vetgraph/internal/scenario"
	"vetgraph/internal/synth"
)

// cmdDemo is the main job on the embedded default: it generates a scenario
// (the published case in miniature), imports it into a fresh SQLite store,
// plays the intelligence timeline, and prints after each step what an
// analyst sees, checked against the generator's ground truth.
func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := e.flags("demo")
	persons := fs.Int("persons", 3000, "true people in the generated population")
	seed := fs.Int64("seed", 1, "scenario seed")
	out := fs.String("out", "", "scenario folder (default: a new temporary folder)")
	dbFlagSet := false
	if err := fs.Parse(args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			dbFlagSet = true
		}
	})
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	work, err := os.MkdirTemp("", "vetgraph-demo-")
	if err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "demo", "temp folder: %w", err)
	}
	if *out == "" {
		*out = filepath.Join(work, "scenario")
	}
	// A fresh store unless --db (or VETGRAPH_DB) names one explicitly.
	if !dbFlagSet && e.getenv("VETGRAPH_DB") == "" {
		e.db = filepath.Join(work, "demo.db")
	}
	w := e.stdout

	fmt.Fprintf(w, "vetgraph demo: the published case in miniature\n\n")
	t0 := time.Now()
	sum, err := synth.Generate(ctx, synth.DefaultConfig(*seed, *persons), synth.DirSink(*out))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Generated a world (seed %d): %d people, %d records, %d border encounters, %d smuggling networks, in %s.\n",
		*seed, sum.Persons, sum.Records, sum.Encounters, sum.Networks, since(t0))
	fmt.Fprintf(w, "  files and ground truth: %s\n  store: %s\n\n", *out, e.db)

	sc, err := scenario.Load(*out)
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if bs, err := st.Batches(ctx); err != nil {
		return err
	} else if len(bs) > 0 {
		return vetgraph.Errorf(vetgraph.Conflict, "demo", "the store %s already holds %d batches: the demo needs an empty one (omit --db)", e.db, len(bs))
	}
	clock := &scenario.Clock{}
	p, err := pipeline.Open(ctx, st, pipeline.Options{Clock: clock, Logger: e.log})
	if err != nil {
		return err
	}

	allExact := true
	var flags []vetgraph.Flag // after the last step played
	for _, step := range sc.Steps {
		res, err := sc.Play(ctx, p, clock, step)
		if err != nil {
			return err
		}
		if flags, err = p.Flags(ctx); err != nil {
			return err
		}
		printStep(w, p, step, res, flags)
		want, err := sc.Truth(step)
		if err != nil {
			return err
		}
		diffs := scenario.Compare(want, sc.Translate(flags, p.Entity))
		exact := true
		var parts []string
		for _, d := range diffs {
			exact = exact && d.Exact()
			parts = append(parts, fmt.Sprintf("%s %d/%d", d.Category, d.Matched, d.Expected))
			if !d.Exact() {
				parts[len(parts)-1] += fmt.Sprintf(" (%d missing, %d extra)", len(d.Missing), len(d.Extra))
			}
		}
		verdict := "matches the ground truth exactly"
		if !exact {
			verdict = "DIFFERS from the ground truth"
			allExact = false
		}
		if len(parts) == 0 {
			parts = []string{"no flags expected, none raised"}
		}
		fmt.Fprintf(w, "  check: %s [%s]\n", verdict, strings.Join(parts, "; "))
		for _, d := range diffs {
			for _, x := range d.Missing[:min(len(d.Missing), 5)] {
				fmt.Fprintf(w, "    missing: %s %s %s degree %d\n", x.Cluster, x.Category, x.Concern, x.Degree)
			}
			for _, x := range d.Extra[:min(len(d.Extra), 5)] {
				fmt.Fprintf(w, "    extra:   %s %s %s degree %d\n", x.Cluster, x.Category, x.Concern, x.Degree)
			}
		}
		fmt.Fprintln(w)
	}

	// The closing report, in exact words.
	s := &session{store: st, p: p}
	in, err := s.p.ReportInput(ctx, time.Time{})
	if err != nil {
		return err
	}
	in.AsOf = clock.Now()
	r := outcome.Build(in)
	fmt.Fprintln(w, "What the agency can say now (vetgraph report):")
	for _, l := range r.Lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
	fmt.Fprintf(w, "\n%s\n\n", wrap(outcome.Note, 100))
	if pm := p.Resolver().Possible(); len(pm) > 0 {
		fmt.Fprintf(w, "Possible matches awaiting a reviewer: %d record pairs the evidence does not settle (not merged), e.g.\n", len(pm))
		printPairs(w, pm[:min(len(pm), 3)])
		fmt.Fprintf(w, "List them with: vetgraph --db %s matches; a reviewer decides with: vetgraph --db %s judge same|different A B --reason TEXT\n\n", e.db, e.db)
	}
	if wm := p.Resolver().WeakMerges(); len(wm) > 0 {
		fmt.Fprintf(w, "Weak merges a reviewer may want to confirm or undo: %d matches near the threshold that are all that join some of a person's records to the rest, e.g.\n", len(wm))
		printPairs(w, wm[:min(len(wm), 3)])
		fmt.Fprintln(w)
	}
	printNearMisses(w, p, flags, e.db)
	if !allExact {
		fmt.Fprintln(w, "Some steps differ from the ground truth; `vetgraph flags` and `vetgraph entity ID --explain` show why.")
	}
	fmt.Fprintf(w, "Explore it:\n  vetgraph --db %s flags --category crime.terror\n  vetgraph --db %s review list\n  vetgraph --db %s report --format html --out report.html\n  vetgraph --db %s serve --insecure-local     # the analyst console on http://127.0.0.1:8080\n",
		e.db, e.db, e.db, e.db)
	return nil
}

// printStep tells what one step did, as an analyst would want to hear it.
func printStep(w io.Writer, p *pipeline.Pipeline, step synth.Step, res scenario.Result, flags []vetgraph.Flag) {
	title := step.Source
	if step.Kind == "retract" {
		title = "retraction of " + step.Target
	}
	fmt.Fprintf(w, "Step %d, %s: %s", step.Step, step.At.Format("2006-01-02"), title)
	if step.Grade != "" {
		fmt.Fprintf(w, " (grade %s)", step.Grade)
	}
	if step.Supersedes != "" {
		fmt.Fprintf(w, ", correcting %s", step.Supersedes)
	}
	fmt.Fprintln(w)
	if step.Note != "" {
		fmt.Fprintf(w, "  %s\n", step.Note)
	}
	if step.Reason != "" {
		fmt.Fprintf(w, "  reason: %s\n", step.Reason)
	}
	if res.Records > 0 {
		fmt.Fprintf(w, "  %d records imported; %d entities resolved so far.\n", res.Records, len(p.Entities()))
	}
	fmt.Fprintf(w, "  re-vetting took %s: %d new, %d raised, %d lowered, %d cleared flags; %d review items touched.\n",
		fmtDur(res.Revet), res.Counts["new"], res.Counts["raised"], res.Counts["lowered"], res.Counts["cleared"], len(res.Review))

	type tally struct {
		name    string
		persons map[vetgraph.EntityID]bool
		via     map[string]int
	}
	by := map[vetgraph.Topic]map[vetgraph.EntityID]*tally{}
	for _, f := range flags {
		if by[f.Category] == nil {
			by[f.Category] = map[vetgraph.EntityID]*tally{}
		}
		t := by[f.Category][f.Concern]
		if t == nil {
			t = &tally{name: cmp.Or(f.ConcernName, string(f.Concern)), persons: map[vetgraph.EntityID]bool{}, via: map[string]int{}}
			by[f.Category][f.Concern] = t
		}
		t.persons[f.Person] = true
		if len(f.Paths) > 0 && len(f.Paths[0].Steps) > 0 {
			t.via[string(f.Paths[0].Steps[0].Link)]++
		} else {
			t.via["direct"]++
		}
	}
	for _, cat := range []vetgraph.Topic{vetgraph.TopicTraffick, vetgraph.TopicTerror} {
		total := map[vetgraph.EntityID]bool{}
		for _, t := range by[cat] {
			for id := range t.persons {
				total[id] = true
			}
		}
		fmt.Fprintf(w, "  %s: %d\n", outcome.Title(cat), len(total))
		ids := slices.Sorted(maps.Keys(by[cat]))
		for _, id := range ids {
			t := by[cat][id]
			var via []string
			for _, k := range slices.Sorted(maps.Keys(t.via)) {
				via = append(via, fmt.Sprintf("%s %d", k, t.via[k]))
			}
			fmt.Fprintf(w, "    %s: %d (first link: %s)\n", t.name, len(t.persons), strings.Join(via, ", "))
		}
	}
}

func since(t time.Time) string { return fmtDur(time.Since(t)) }

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
	}
	return d.Round(100 * time.Millisecond).String()
}

// wrap breaks text into lines of at most width characters.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		if n > 0 && n+1+len(word) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// printNearMisses counts the near misses on the pages of the flagged
// persons (resolve.Engine.Related): what a reviewer working the queue sees
// below the possible matches, and the pairs the engine never compared
// because the only keys they share are too common.
func printNearMisses(w io.Writer, p *pipeline.Pipeline, flags []vetgraph.Flag, db string) {
	seen := map[vetgraph.EntityID]bool{}
	var near []resolve.Pair
	listed := map[[2]vetgraph.RecordKey]bool{} // a pair on both its persons' pages counts once
	pages := 0
	for _, f := range flags {
		if seen[f.Person] {
			continue
		}
		seen[f.Person] = true
		rel := p.Resolver().Related(f.Person, resolve.RelatedShown)
		if len(rel) > 0 {
			pages++
		}
		for _, ex := range rel {
			k := [2]vetgraph.RecordKey{ex.A, ex.B}
			if ex.B.String() < ex.A.String() {
				k = [2]vetgraph.RecordKey{ex.B, ex.A}
			}
			if listed[k] {
				continue
			}
			listed[k] = true
			near = append(near, resolve.Pair{A: ex.A, B: ex.B, Score: ex.Score.Value})
		}
	}
	if len(near) == 0 {
		return
	}
	slices.SortStableFunc(near, func(a, b resolve.Pair) int { return cmp.Compare(b.Score, a.Score) })
	fmt.Fprintf(w, "Near misses on the pages of %d of the %d flagged persons: %d record pairs whose names agree in part, below the possible-match threshold or never compared (the keys they share too common); most are other people, e.g.\n", pages, len(seen), len(near))
	printPairs(w, near[:min(len(near), 3)])
	fmt.Fprintf(w, "See them with: vetgraph --db %s entity ENTITY --explain, or on the person's page.\n\n", db)
}

// printPairs prints record pairs with their scores, one per line.
func printPairs(w io.Writer, pairs []resolve.Pair) {
	for _, m := range pairs {
		fmt.Fprintf(w, "  %s ~ %s (score %.4f)\n", m.A, m.B, m.Score)
	}
}
