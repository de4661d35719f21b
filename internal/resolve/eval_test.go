package resolve

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"vetgraph"
)

func TestEvaluateMetrics(t *testing.T) {
	k := func(id string) vetgraph.RecordKey { return key("s", id) }
	// Truth {a,b,c} {d,e}; predicted {a,b} {c,d,e} {x} (x has no label).
	truth := map[vetgraph.RecordKey]string{k("a"): "1", k("b"): "1", k("c"): "1", k("d"): "2", k("e"): "2"}
	pred := map[vetgraph.RecordKey]string{k("a"): "P", k("b"): "P", k("c"): "Q", k("d"): "Q", k("e"): "Q", k("x"): "R"}
	got := Evaluate(truth, pred)
	// Pairs: true {ab ac bc de} = 4; predicted {ab cd ce de} = 4; both {ab de} = 2.
	// B-cubed precision: a,b 2/2; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5.
	// B-cubed recall: a,b 2/3; c 1/3; d,e 2/2 -> (2/3+2/3+1/3+1+1)/5.
	bp, br := (1+1+1.0/3+2.0/3+2.0/3)/5, (2.0/3+2.0/3+1.0/3+1+1)/5
	want := Metrics{
		Records: 5, TruePairs: 4, PredictedPairs: 4, TruePositives: 2,
		Precision: 0.5, Recall: 0.5, F1: 0.5,
		BCubedP: bp, BCubedR: br, BCubedF1: 2 * bp * br / (bp + br),
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
	if perfect := Evaluate(truth, truth); perfect.F1 != 1 || perfect.BCubedF1 != 1 {
		t.Errorf("truth against itself: %+v", perfect)
	}
}

func TestReadTruth(t *testing.T) {
	got, err := ReadTruth(strings.NewReader("cluster,source,record_id,extra\nc1,s,a,x\nc1,s,b,y\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[vetgraph.RecordKey]string{key("s", "a"): "c1", key("s", "b"): "c1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadTruth (-want +got):\n%s", diff)
	}
	_, err = ReadTruth(strings.NewReader("source,id\ns,a\n"), "t.csv")
	var ve *vetgraph.Error
	if vetgraph.ErrorCode(err) != vetgraph.Invalid || !asError(err, &ve) || ve.File != "t.csv" || ve.Field != "record_id" {
		t.Errorf("missing column: %v, want invalid naming t.csv and record_id", err)
	}
}

func TestEngineEvaluateListsFalseMergesAndMisses(t *testing.T) {
	e := New(DefaultConfig(), nil)
	e.Add(person("s", "1", "name=Nodira Ismoilova", "birthDate=1992-07-07"))
	e.Add(person("s", "2", "name=Nodira Ismoilova", "birthDate=1992-07-07"))
	e.Add(person("s", "3", "name=Zarina Holova", "birthDate=1960-01-01"))
	truth := map[vetgraph.RecordKey]string{key("s", "1"): "a", key("s", "2"): "b", key("s", "3"): "a"}
	rep := e.Evaluate(truth, 5)
	if len(rep.FalseMerges) != 1 || rep.FalseMerges[0].A != key("s", "1") || rep.FalseMerges[0].B != key("s", "2") {
		t.Errorf("false merges = %+v, want s/1 ~ s/2", rep.FalseMerges)
	}
	if rep.MissedTotal != 1 || len(rep.Missed) != 1 || rep.Missed[0].SameEntity {
		t.Errorf("missed = %d %+v, want s/1 ~ s/3", rep.MissedTotal, rep.Missed)
	}
}
