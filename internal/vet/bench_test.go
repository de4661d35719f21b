package vet

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"vetgraph"
)

// loadQuiet applies a batch without re-vetting (bulk loading a world whose
// flags are then computed once by Recompute).
func (v *Vetter) loadQuiet(b vetgraph.Batch, recs []vetgraph.Record) error {
	keys, subjects, err := v.load(b, recs)
	if err != nil {
		return err
	}
	for _, k := range keys {
		v.cur.refreshKey(k)
	}
	for _, a := range subjects {
		v.cur.rehome(a)
	}
	v.cur.dirty = v.cur.dirty[:0]
	return nil
}

const (
	benchGuides    = 8   // per network
	benchClients   = 392 // per network: 400 persons per network
	benchFamily    = 4   // clients sharing one family phone
	benchTopicEach = 20  // every 20th network is known as crime.traffick at the start
)

// buildWorld generates nets networks of 400 persons each (8 guides, 392
// clients) with about 5.1 links per person: each client is moved by the
// network or a guide, pays a guide, travels with the next client, is family
// of the next one and shares a family phone with three others; one client in
// ten holds the phone of a guide (widely shared). Every 20th network carries
// crime.traffick from the start. It returns the Vetter and the number of
// links loaded.
func buildWorld(tb testing.TB, nets int) (*Vetter, int) {
	v := New(DefaultPolicy(), nil, nil)
	day := t0
	links := 0
	var recs []vetgraph.Record
	flush := func(i int) {
		b := vetgraph.Batch{ID: vetgraph.BatchID("world-" + strconv.Itoa(i)), Source: "agency", ImportedAt: day}
		if err := v.loadQuiet(b, recs); err != nil {
			tb.Fatal(err)
		}
		recs = recs[:0]
	}
	r := func(schema, id string, p vetgraph.Properties) {
		recs = append(recs, vetgraph.Record{Key: vetgraph.RecordKey{Source: "agency", ID: id}, Schema: schema, Properties: p})
	}
	for n := range nets {
		net := "net-" + strconv.Itoa(n)
		np := vetgraph.Properties{"name": {"Network " + strconv.Itoa(n)}}
		if n%benchTopicEach == 0 {
			np["topics"] = []string{string(vetgraph.TopicTraffick)}
		}
		r("Organization", net, np)
		guide := func(j int) string { return net + "-g" + strconv.Itoa(j) }
		for j := range benchGuides {
			g := guide(j)
			r("Person", g, vetgraph.Properties{"name": {"Guide " + g}, "phone": {fmt.Sprintf("+7%06d%02d", n, j)}})
			r("Membership", g+"-m", vetgraph.Properties{"member": {g}, "organization": {net}, "role": {"guide"}})
			links++
		}
		for j := range benchClients {
			c := net + "-c" + strconv.Itoa(j)
			next := net + "-c" + strconv.Itoa((j+1)%benchClients)
			g := guide(j % benchGuides)
			p := vetgraph.Properties{"name": {"Client " + c}, "phone": {fmt.Sprintf("+992%06d%03d", n, j/benchFamily)}}
			links++
			if j%10 == 0 {
				p["phone"] = append(p["phone"], fmt.Sprintf("+7%06d%02d", n, j%benchGuides))
				links++
			}
			r("Person", c, p)
			mover := net
			if j%2 == 1 {
				mover = g
			}
			r("UnknownLink", c+"-mv", vetgraph.Properties{"subject": {c}, "object": {mover}, "role": {"moved_by"}})
			r("Payment", c+"-pay", vetgraph.Properties{"payer": {c}, "beneficiary": {g}})
			r("Event", c+"-ev", vetgraph.Properties{"involved": {c, next}})
			r("Family", c+"-fam", vetgraph.Properties{"person": {c}, "relative": {next}})
			links += 4
		}
		if len(recs) > 50_000 {
			flush(n)
		}
	}
	flush(nets)
	return v, links
}

func heapMiB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

// BenchmarkRevet measures the time from applying one intelligence fact (a
// network becomes known as crime.traffick) to its flag deltas, in a world of
// VETGRAPH_BENCH_NETS networks of 400 persons (default 2500: 1M persons,
// ~5.1M links). Each iteration names a different network; the retraction
// that restores the world is not timed. It reports the median and the
// persons reached per fact.
func BenchmarkRevet(b *testing.B) {
	nets := 2500
	if s := os.Getenv("VETGRAPH_BENCH_NETS"); s != "" {
		nets, _ = strconv.Atoi(s)
	}
	before := heapMiB()
	start := time.Now()
	v, links := buildWorld(b, nets)
	built := time.Since(start)
	if _, err := v.Recompute(context.Background(), t0); err != nil {
		b.Fatal(err)
	}
	st := v.Stats()
	b.Logf("world: %d persons, %d links, %d records, %d graph nodes, %d edges, %d flagged persons; built in %v, flags in %v",
		nets*(benchGuides+benchClients), links, st.Records, st.Nodes, st.Edges, st.FlaggedPersons, built.Round(time.Millisecond), (time.Since(start) - built).Round(time.Millisecond))
	heap := heapMiB() - before
	var durs []time.Duration
	reached := 0
	i := 0
	at := t0.AddDate(1, 0, 0)
	b.ResetTimer()
	for b.Loop() {
		n := 1 + (i*7)%nets
		if n%benchTopicEach == 0 {
			n++
		}
		id := vetgraph.BatchID("intel-" + strconv.Itoa(i))
		at = at.Add(time.Minute)
		recs := []vetgraph.Record{{Key: vetgraph.RecordKey{Source: "report", ID: "net-" + strconv.Itoa(n%nets)}, Schema: "Organization",
			Properties: vetgraph.Properties{"topics": {string(vetgraph.TopicTraffick)}}}}
		t := time.Now()
		ds, err := v.Apply(vetgraph.Batch{ID: id, Source: "report", ImportedAt: at, Grade: vetgraph.Grade{Reliability: 'B', Credibility: '2'}}, recs)
		durs = append(durs, time.Since(t))
		if err != nil {
			b.Fatal(err)
		}
		reached = len(ds)
		b.StopTimer()
		at = at.Add(time.Minute)
		if _, err := v.Retract(id, at); err != nil {
			b.Fatal(err)
		}
		v.deltas = v.deltas[:0]
		b.StartTimer()
		i++
	}
	b.ReportMetric(heap, "MiB-heap")
	b.ReportMetric(float64(st.Edges), "edges")
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(reached), "deltas/fact")
}
