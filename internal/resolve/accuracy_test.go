package resolve

import (
	"path/filepath"
	"testing"

	"vetgraph"
)

func resolveAll(recs []vetgraph.Record) *Engine {
	e := New(DefaultConfig(), nil)
	for _, r := range recs {
		e.Add(r)
	}
	return e
}

func logReport(t *testing.T, name string, rep Report) {
	t.Helper()
	t.Logf("%s: records %d, true pairs %d, predicted %d: P %.4f R %.4f F1 %.4f; B-cubed P %.4f R %.4f F1 %.4f",
		name, rep.Records, rep.TruePairs, rep.PredictedPairs, rep.Precision, rep.Recall, rep.F1, rep.BCubedP, rep.BCubedR, rep.BCubedF1)
	for i, ex := range rep.FalseMerges {
		if i == 5 {
			break
		}
		t.Logf("  false merge %s ~ %s: %s", ex.A, ex.B, ex.Reason)
	}
	for i, ex := range rep.Missed {
		if i == 5 {
			break
		}
		t.Logf("  missed %s ~ %s: %s", ex.A, ex.B, ex.Reason)
	}
}

func TestAccuracyFEBRL(t *testing.T) {
	dir := filepath.Join(dataDir(t), "febrl")
	cases := []struct {
		name  string
		files []string
		minF1 float64 // 0: reported only
	}{
		{"febrl4", []string{"dataset4a.csv", "dataset4b.csv"}, 0.999},
		{"febrl3", []string{"dataset3.csv"}, 0.995},
		{"febrl1", []string{"dataset1.csv"}, 0},
		{"febrl2", []string{"dataset2.csv"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var recs []vetgraph.Record
			truth := map[vetgraph.RecordKey]string{}
			for _, f := range c.files {
				r, tr := loadFEBRL(t, filepath.Join(dir, f), f)
				recs = append(recs, r...)
				for k, v := range tr {
					truth[k] = v
				}
			}
			e := resolveAll(recs)
			rep := e.Evaluate(truth, 10)
			logReport(t, c.name, rep)
			if rep.F1 < c.minF1 {
				t.Errorf("%s pairwise F1 = %.4f, want >= %.4f", c.name, rep.F1, c.minF1)
			}
		})
	}
}

func TestAccuracySplinkFake1000(t *testing.T) {
	recs, truth := loadSplinkFake(t, filepath.Join(dataDir(t), "splink", "fake_1000.csv"))
	e := resolveAll(recs)
	rep := e.Evaluate(truth, 10)
	logReport(t, "splink fake_1000", rep)
	// The README also reports it with the fallback keys at the block limit.
	cfg := DefaultConfig()
	cfg.FallbackBlockLimit = 12
	e = New(cfg, nil)
	for _, r := range recs {
		e.Add(r)
	}
	logReport(t, "splink fake_1000, fallback_block_limit 12", e.Evaluate(truth, 10))
}
