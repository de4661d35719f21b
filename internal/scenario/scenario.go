// Package scenario plays a generated scenario (internal/synth's folder:
// timeline.json, records, intelligence and truth) through a pipeline, one
// timeline step at a time at the step's system time, and compares the flags
// after each step with the generator's ground truth, per category. It is
// the harness behind `vetgraph demo` and the end-to-end accuracy tests.
package scenario

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"vetgraph"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/resolve"
	"vetgraph/internal/review"
	"vetgraph/internal/source"
	"vetgraph/internal/synth"
)

// Clock is a settable clock: the harness moves it to each step's time.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Scenario is a generated scenario folder.
type Scenario struct {
	Dir      string
	Steps    []synth.Step
	Clusters map[vetgraph.RecordKey]string
}

// Load reads a scenario folder's timeline and record clusters.
func Load(dir string) (*Scenario, error) {
	const op = "scenario.Load"
	b, err := os.ReadFile(filepath.Join(dir, synth.FileTimeline))
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "read timeline: %w", err)
	}
	s := &Scenario{Dir: dir}
	if err := json.Unmarshal(b, &s.Steps); err != nil {
		e := vetgraph.Errorf(vetgraph.Invalid, op, "timeline: %w", err)
		e.File = filepath.Join(dir, synth.FileTimeline)
		return nil, e
	}
	f, err := os.Open(filepath.Join(dir, synth.FileClusters))
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "read clusters: %w", err)
	}
	defer f.Close()
	if s.Clusters, err = resolve.ReadTruth(f, f.Name()); err != nil {
		return nil, err
	}
	return s, nil
}

// BatchID names the batch a step imports.
func BatchID(st synth.Step) vetgraph.BatchID {
	return vetgraph.BatchID(fmt.Sprintf("step%d-%s", st.Step, st.Source))
}

// Result is what one step did.
type Result struct {
	Step     synth.Step           `json:"step"`
	Batch    vetgraph.BatchID     `json:"batch,omitempty"`
	Records  int                  `json:"records"`
	Deltas   []vetgraph.FlagDelta `json:"-"`
	Counts   map[string]int       `json:"deltas"` // delta kind → n
	Review   []review.Change      `json:"-"`
	Duration time.Duration        `json:"duration_ns"`
	Revet    time.Duration        `json:"revet_ns"`
}

// Play runs one step through p, with clock set to the step's time.
func (s *Scenario) Play(ctx context.Context, p *pipeline.Pipeline, clock *Clock, st synth.Step) (Result, error) {
	clock.Set(st.At)
	res := Result{Step: st, Counts: map[string]int{}}
	start := time.Now()
	switch st.Kind {
	case "import":
		grade, err := vetgraph.ParseGrade(st.Grade)
		if err != nil {
			return res, err
		}
		var paths []string
		for _, f := range st.Files {
			paths = append(paths, filepath.Join(s.Dir, filepath.FromSlash(f)))
		}
		recs, files, err := source.Open(ctx, paths, source.Options{Format: source.FormatFTM, Source: st.Source, Grade: grade})
		if err != nil {
			return res, err
		}
		b := vetgraph.Batch{ID: BatchID(st), Source: st.Source, Format: source.FormatFTM, Files: files, ImportedAt: st.At, Grade: grade}
		if st.SupersedesStep > 0 {
			b.Supersedes = BatchID(s.step(st.SupersedesStep))
		}
		ir, err := p.Import(ctx, b, recs)
		if err != nil {
			return res, err
		}
		res.Batch, res.Deltas, res.Review, res.Revet = b.ID, ir.Deltas, ir.Review, ir.Revet
		for _, n := range ir.Batch.Counts {
			res.Records += n
		}
	case "retract":
		target := BatchID(s.step(st.TargetStep))
		t0 := time.Now()
		deltas, changes, err := p.Retract(ctx, target, st.Reason, "scenario")
		if err != nil {
			return res, err
		}
		res.Batch, res.Deltas, res.Review, res.Revet = target, deltas, changes, time.Since(t0)
	default:
		return res, vetgraph.Errorf(vetgraph.Invalid, "scenario.Play", "step %d: unknown kind %q", st.Step, st.Kind)
	}
	for _, d := range res.Deltas {
		res.Counts[string(d.Kind)]++
	}
	res.Duration = time.Since(start)
	return res, nil
}

func (s *Scenario) step(n int) synth.Step {
	for _, st := range s.Steps {
		if st.Step == n {
			return st
		}
	}
	return synth.Step{Step: n}
}

// Expected is one expected (or computed) flag in truth terms.
type Expected struct {
	Cluster  string         `json:"cluster"`
	Category vetgraph.Topic `json:"category"`
	Concern  string         `json:"concern"`
	Degree   int            `json:"degree"`
}

func (e Expected) key() string {
	return e.Cluster + "|" + string(e.Category) + "|" + e.Concern + "|" + strconv.Itoa(e.Degree)
}

// Truth reads the expected flags after a step.
func (s *Scenario) Truth(st synth.Step) ([]Expected, error) {
	const op = "scenario.Truth"
	name := filepath.Join(s.Dir, filepath.FromSlash(st.Flags))
	f, err := os.Open(name)
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "read truth: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	var out []Expected
	for line := 1; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: name, Line: line, Msg: "reading row", Err: err}
		}
		if line == 1 {
			continue
		}
		if len(row) != 4 {
			return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: name, Line: line, Msg: "want cluster,category,concern,degree"}
		}
		d, err := strconv.Atoi(row[3])
		if err != nil {
			return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: name, Line: line, Field: "degree", Msg: "not a number"}
		}
		out = append(out, Expected{row[0], vetgraph.Topic(row[1]), row[2], d})
	}
}

// Translate maps computed flags into truth terms: the person entity's
// records give its clusters (an entity holding records of several true
// persons yields each, so a false merge shows as extra flags), the concern
// entity's records give the concern's cluster.
func (s *Scenario) Translate(flags []vetgraph.Flag, entity func(vetgraph.EntityID) (vetgraph.Entity, bool)) []Expected {
	clusterOf := func(id vetgraph.EntityID) []string {
		e, ok := entity(id)
		if !ok {
			return []string{"?" + string(id)}
		}
		var cs []string
		for _, k := range e.Records {
			if c, ok := s.Clusters[k]; ok && !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			return []string{"?" + string(id)}
		}
		slices.Sort(cs)
		return cs
	}
	seen := map[string]bool{}
	var out []Expected
	for _, f := range flags {
		concern := strings.Join(clusterOf(f.Concern), "+")
		for _, c := range clusterOf(f.Person) {
			e := Expected{c, f.Category, concern, int(f.Degree)}
			if !seen[e.key()] {
				seen[e.key()] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// CategoryDiff compares one category's flags.
type CategoryDiff struct {
	Category vetgraph.Topic `json:"category"`
	Expected int            `json:"expected"`
	Got      int            `json:"got"`
	Matched  int            `json:"matched"`
	Missing  []Expected     `json:"missing,omitempty"`
	Extra    []Expected     `json:"extra,omitempty"`
}

// Exact reports whether the category matched exactly.
func (d CategoryDiff) Exact() bool { return len(d.Missing) == 0 && len(d.Extra) == 0 }

// Compare compares computed flags (in truth terms) with the expected ones,
// per category, categories sorted.
func Compare(want, got []Expected) []CategoryDiff {
	by := map[vetgraph.Topic]*CategoryDiff{}
	diff := func(c vetgraph.Topic) *CategoryDiff {
		if by[c] == nil {
			by[c] = &CategoryDiff{Category: c}
		}
		return by[c]
	}
	w := map[string]Expected{}
	for _, e := range want {
		w[e.key()] = e
		diff(e.Category).Expected++
	}
	g := map[string]bool{}
	for _, e := range got {
		g[e.key()] = true
		d := diff(e.Category)
		d.Got++
		if _, ok := w[e.key()]; ok {
			d.Matched++
		} else {
			d.Extra = append(d.Extra, e)
		}
	}
	for k, e := range w {
		if !g[k] {
			diff(e.Category).Missing = append(diff(e.Category).Missing, e)
		}
	}
	var out []CategoryDiff
	for _, d := range by {
		sortExp(d.Missing)
		sortExp(d.Extra)
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b CategoryDiff) int { return cmp.Compare(a.Category, b.Category) })
	return out
}

func sortExp(es []Expected) {
	slices.SortFunc(es, func(a, b Expected) int { return cmp.Compare(a.key(), b.key()) })
}
