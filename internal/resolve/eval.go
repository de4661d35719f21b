package resolve

import (
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"

	"vetgraph"
)

// Metrics compares a clustering with the truth over the records both know.
// Pairwise: a pair counts when both records are in one cluster.
// B-cubed: per record, the share of its predicted cluster that is truly its
// (precision) and of its true cluster that was predicted (recall), averaged.
type Metrics struct {
	Records        int     `json:"records"`
	TruePairs      int64   `json:"true_pairs"`
	PredictedPairs int64   `json:"predicted_pairs"`
	TruePositives  int64   `json:"true_positives"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
	BCubedP        float64 `json:"bcubed_precision"`
	BCubedR        float64 `json:"bcubed_recall"`
	BCubedF1       float64 `json:"bcubed_f1"`
}

// Evaluate computes the metrics of pred against truth (each maps a record to
// its cluster label) over the records present in both. With no pairs on a
// side, precision (or recall) is 1 by convention.
func Evaluate(truth, pred map[vetgraph.RecordKey]string) Metrics {
	type cell struct{ p, t string }
	cells := map[cell]int64{}
	pSize := map[string]int64{}
	tSize := map[string]int64{}
	var m Metrics
	for k, t := range truth {
		p, ok := pred[k]
		if !ok {
			continue
		}
		m.Records++
		cells[cell{p, t}]++
		pSize[p]++
		tSize[t]++
	}
	pairs := func(n int64) int64 { return n * (n - 1) / 2 }
	for c, n := range cells {
		m.TruePositives += pairs(n)
		// B-cubed: each of the n records in this cell has n correct peers.
		m.BCubedP += float64(n) * float64(n) / float64(pSize[c.p])
		m.BCubedR += float64(n) * float64(n) / float64(tSize[c.t])
	}
	for _, n := range pSize {
		m.PredictedPairs += pairs(n)
	}
	for _, n := range tSize {
		m.TruePairs += pairs(n)
	}
	m.Precision, m.Recall = 1, 1
	if m.PredictedPairs > 0 {
		m.Precision = float64(m.TruePositives) / float64(m.PredictedPairs)
	}
	if m.TruePairs > 0 {
		m.Recall = float64(m.TruePositives) / float64(m.TruePairs)
	}
	m.F1 = f1(m.Precision, m.Recall)
	if m.Records > 0 {
		m.BCubedP /= float64(m.Records)
		m.BCubedR /= float64(m.Records)
	}
	m.BCubedF1 = f1(m.BCubedP, m.BCubedR)
	return m
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Report is an evaluation of the engine's entities against labelled data:
// the metrics, the worst false merges (direct matches joining records of
// different true clusters, strongest first) and the missed pairs (records of
// one true cluster left in different entities, closest first), each with its
// explanation.
type Report struct {
	Metrics
	FalseMerges []Explanation `json:"false_merges"`
	Missed      []Explanation `json:"missed"`
	// MissedTotal counts all missed pairs (Missed lists at most worst).
	MissedTotal int64 `json:"missed_total"`
}

// maxMissedScan bounds the missed pairs scored for the worst list.
const maxMissedScan = 20000

// Evaluate measures the held entities against truth (record → cluster
// label), listing at most worst false merges and missed pairs.
func (e *Engine) Evaluate(truth map[vetgraph.RecordKey]string, worst int) Report {
	pred := make(map[vetgraph.RecordKey]string, e.byID.n)
	e.held(func(_ rid, x *rec) { pred[x.key] = string(x.ent.id) })
	rep := Report{Metrics: Evaluate(truth, pred)}
	rep.MissedTotal = rep.TruePairs - rep.TruePositives

	// False merges: direct same-entity edges across true clusters.
	e.held(func(_ rid, x *rec) {
		k := x.key
		tk, ok := truth[k]
		if !ok {
			return
		}
		for _, ed := range x.edges {
			o := e.rec(ed.to).key
			if to, ok := truth[o]; ed.same && x.ent == e.rec(ed.to).ent && ok && to != tk && keyLess(k, o) {
				rep.FalseMerges = append(rep.FalseMerges, e.Why(k, o))
			}
		}
	})
	sortExplanations(rep.FalseMerges)
	if len(rep.FalseMerges) > worst {
		rep.FalseMerges = rep.FalseMerges[:worst]
	}

	// Missed pairs: same true cluster, different entities.
	byTruth := map[string][]vetgraph.RecordKey{}
	for k, t := range truth {
		if _, ok := e.lookup(k); ok {
			byTruth[t] = append(byTruth[t], k)
		}
	}
	labels := make([]string, 0, len(byTruth))
	for t := range byTruth {
		labels = append(labels, t)
	}
	slices.Sort(labels)
	scanned := 0
scan:
	for _, t := range labels {
		ks := byTruth[t]
		slices.SortFunc(ks, func(a, b vetgraph.RecordKey) int {
			if keyLess(a, b) {
				return -1
			}
			return 1
		})
		for i, a := range ks {
			for _, b := range ks[i+1:] {
				if pred[a] == pred[b] {
					continue
				}
				if scanned++; scanned > maxMissedScan {
					break scan
				}
				ex := e.Why(a, b)
				ex.Path = nil
				rep.Missed = append(rep.Missed, ex)
			}
		}
	}
	sortExplanations(rep.Missed)
	if len(rep.Missed) > worst {
		rep.Missed = rep.Missed[:worst]
	}
	return rep
}

func sortExplanations(xs []Explanation) {
	slices.SortFunc(xs, func(a, b Explanation) int {
		return cmp.Or(cmp.Compare(b.Score.Value, a.Score.Value), keyCompare(a.A, b.A), keyCompare(a.B, b.B))
	})
}

// ReadTruth reads a labelled CSV with a header naming the columns source,
// record_id and cluster (in any order; other columns are ignored) into a
// record → cluster map. Errors are Invalid and name the line.
func ReadTruth(r io.Reader, file string) (map[vetgraph.RecordKey]string, error) {
	const op = "resolve.ReadTruth"
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: file, Line: 1, Msg: "reading header", Err: err}
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"source", "record_id", "cluster"} {
		if _, ok := col[need]; !ok {
			return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: file, Line: 1, Field: need, Msg: "missing column " + need + " (want source,record_id,cluster)"}
		}
	}
	out := map[vetgraph.RecordKey]string{}
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: file, Line: line, Msg: "reading row", Err: err}
		}
		get := func(c string) string {
			if i := col[c]; i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		k := vetgraph.RecordKey{Source: get("source"), ID: get("record_id")}
		if k.ID == "" {
			return nil, &vetgraph.Error{Code: vetgraph.Invalid, Op: op, File: file, Line: line, Field: "record_id", Msg: "empty record_id"}
		}
		out[k] = get("cluster")
	}
}
