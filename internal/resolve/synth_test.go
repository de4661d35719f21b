package resolve

import (
	"bytes"
	"context"
	"io"
	"testing"

	"vetgraph"
	"vetgraph/internal/source/ftm"
	"vetgraph/internal/synth"
)

// memSink keeps a scenario's files in memory.
type memSink map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (m memSink) Create(name string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	m[name] = b
	return nopCloser{b}, nil
}

// scenario generates a synthetic world and returns its subject and
// relationship records (encounters then casefiles) and the cluster truth.
func scenario(t testing.TB, seed int64, persons int) ([]vetgraph.Record, map[vetgraph.RecordKey]string) {
	t.Helper()
	sink := memSink{}
	if _, err := synth.Generate(context.Background(), synth.DefaultConfig(seed, persons), sink); err != nil {
		t.Fatal(err)
	}
	var recs []vetgraph.Record
	for _, f := range []struct{ file, source string }{
		{synth.FileEncounters, synth.SourceEncounters},
		{synth.FileCasefiles, synth.SourceCasefiles},
	} {
		for r, err := range ftm.Read(bytes.NewReader(sink[f.file].Bytes()), f.file, f.source) {
			if err != nil {
				t.Fatal(err)
			}
			r.Seq = int64(len(recs) + 1)
			recs = append(recs, r)
		}
	}
	truth, err := ReadTruth(bytes.NewReader(sink[synth.FileClusters].Bytes()), synth.FileClusters)
	if err != nil {
		t.Fatal(err)
	}
	return recs, truth
}

// TestAccuracySynthCrossScript: the scenario's people, spelled across
// scripts and romanizations with typos, swaps and missing fields: recall at
// least 0.97 at precision at least 0.99 (pairwise).
func TestAccuracySynthCrossScript(t *testing.T) {
	persons := 4000
	if testing.Short() {
		persons = 1000
	}
	recs, truth := scenario(t, 7, persons)
	e := resolveAll(recs)
	rep := e.Evaluate(truth, 10)
	logReport(t, "synth", rep)
	if rep.Precision < 0.99 || rep.Recall < 0.97 {
		t.Errorf("synth cross-script: P %.4f R %.4f, want P >= 0.99 and R >= 0.97", rep.Precision, rep.Recall)
	}
}
