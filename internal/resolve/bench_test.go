package resolve

import (
	"runtime"
	"testing"

	"vetgraph"
)

// subjects keeps the subject records of a scenario.
func subjects(recs []vetgraph.Record) []vetgraph.Record {
	var out []vetgraph.Record
	for _, r := range recs {
		if vetgraph.IsSubject(r.Schema) {
			out = append(out, r)
		}
	}
	return out
}

// BenchmarkAdd resolves a generated scenario's subject records (about 1.5
// per person, across scripts and romanizations) into an empty engine and
// reports the cost per record and the heap held at the end.
func BenchmarkAdd(b *testing.B) {
	recs, _ := scenario(b, 3, 20000)
	recs = subjects(recs)
	b.ReportAllocs()
	var heap uint64
	for b.Loop() {
		e := New(DefaultConfig(), nil)
		for _, r := range recs {
			e.Add(r)
		}
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = ms.HeapAlloc
		runtime.KeepAlive(e)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(recs)), "ns/record")
	b.ReportMetric(float64(heap)/float64(len(recs)), "heapB/record")
}

// BenchmarkCandidates screens a prospective record against a resolved
// scenario.
func BenchmarkCandidates(b *testing.B) {
	recs, _ := scenario(b, 3, 20000)
	recs = subjects(recs)
	e := New(DefaultConfig(), nil)
	for _, r := range recs {
		e.Add(r)
	}
	qs := recs[:1000]
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		q.Key.Source = "screen"
		e.Candidates(q, 10)
		i++
	}
}
