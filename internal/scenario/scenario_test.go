package scenario_test

import (
	"context"
	"testing"

	"vetgraph/internal/memstore"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/scenario"
	"vetgraph/internal/synth"
)

// TestScenarioMatchesTruth plays a generated scenario step by step and
// checks the flags against the generator's ground truth per category,
// before and after the correction and the retraction.
func TestScenarioMatchesTruth(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, synth.DefaultConfig(7, 1500), synth.DirSink(dir)); err != nil {
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
	for _, st := range sc.Steps {
		res, err := sc.Play(ctx, p, clock, st)
		if err != nil {
			t.Fatalf("step %d: %v", st.Step, err)
		}
		want, err := sc.Truth(st)
		if err != nil {
			t.Fatal(err)
		}
		flags, err := p.Flags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := sc.Translate(flags, p.Entity)
		for _, d := range scenario.Compare(want, got) {
			t.Logf("step %d (%s %s): %s expected %d got %d matched %d", st.Step, st.Kind, st.Source+st.Target, d.Category, d.Expected, d.Got, d.Matched)
			if !d.Exact() {
				for i, m := range d.Missing {
					if i < 5 {
						t.Errorf("step %d %s missing %+v", st.Step, d.Category, m)
					}
				}
				for i, x := range d.Extra {
					if i < 5 {
						t.Errorf("step %d %s extra %+v", st.Step, d.Category, x)
					}
				}
				t.Errorf("step %d %s: %d missing, %d extra", st.Step, d.Category, len(d.Missing), len(d.Extra))
			}
		}
		_ = res
	}
}
