package resolve

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/memstore"
)

func asError(err error, target **vetgraph.Error) bool { return errors.As(err, target) }

func importRecs(t *testing.T, st vetgraph.Store, b vetgraph.Batch, recs ...vetgraph.Record) {
	t.Helper()
	seq := func(yield func(vetgraph.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
	if _, err := st.ImportBatch(context.Background(), b, iter.Seq2[vetgraph.Record, error](seq)); err != nil {
		t.Fatal(err)
	}
}

func TestReplay(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	defer st.Close()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	importRecs(t, st, vetgraph.Batch{ID: "b1", Source: "case", ImportedAt: t0},
		person("case", "1", "name=Rustam Nazarov", "birthDate=1985-02-03"),
		person("case", "2", "name=Dilnoza Yusupova", "birthDate=1990-11-21"),
		vetgraph.Record{Key: key("case", "m1"), Schema: vetgraph.SchemaMembership, Properties: vetgraph.Properties{"member": {"1"}}})
	importRecs(t, st, vetgraph.Batch{ID: "b2", Source: "intel", ImportedAt: t0.Add(time.Hour)},
		person("intel", "x", "name=Рустам Назаров", "birthDate=1985-02-03"))
	importRecs(t, st, vetgraph.Batch{ID: "b3", Source: "intel2", ImportedAt: t0.Add(2 * time.Hour)},
		person("intel2", "y", "name=Dilnoza Yusupova", "birthDate=1990-11-21"))
	data, _ := json.Marshal(map[string]string{"reason": "withdrawn"})
	if _, err := st.AppendEvents(ctx, vetgraph.Event{Stream: vetgraph.BatchStream("b3"), Version: 1, Kind: vetgraph.EventBatchRetracted, At: t0.Add(3 * time.Hour), Data: data}); err != nil {
		t.Fatal(err)
	}

	e, err := Replay(ctx, st, DefaultConfig(), nil, ReplayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"case/1", "intel/x"}, {"case/2"}}
	if diff := cmp.Diff(want, clusters(e)); diff != "" {
		t.Errorf("replay (-want +got):\n%s", diff)
	}
	// As of before the intelligence: no merge yet.
	e, err = Replay(ctx, st, DefaultConfig(), nil, ReplayOptions{AsOf: t0.Add(30 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"case/1"}, {"case/2"}}, clusters(e)); diff != "" {
		t.Errorf("replay as of t0+30m (-want +got):\n%s", diff)
	}
	// The same log gives the same ids.
	a, _ := Replay(ctx, st, DefaultConfig(), nil, ReplayOptions{})
	b, _ := Replay(ctx, st, DefaultConfig(), nil, ReplayOptions{})
	if !cmp.Equal(slices.Collect(a.Entities()), slices.Collect(b.Entities())) {
		t.Error("two replays of one log differ")
	}
}

func TestReplaySupersedes(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	defer st.Close()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	importRecs(t, st, vetgraph.Batch{ID: "r1", Source: "REPORT-1", ImportedAt: t0},
		person("REPORT-1", "p1", "name=Olim Sharipov"), person("REPORT-1", "p2", "name=Aziz Rahimov"))
	importRecs(t, st, vetgraph.Batch{ID: "r4", Source: "REPORT-4", ImportedAt: t0.Add(time.Hour), Supersedes: "r1"},
		person("REPORT-4", "p1", "name=Olim Sharipov"))
	e, err := Replay(ctx, st, DefaultConfig(), nil, ReplayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"REPORT-4/p1"}}, clusters(e)); diff != "" {
		t.Errorf("after a correction (-want +got):\n%s", diff)
	}
}
