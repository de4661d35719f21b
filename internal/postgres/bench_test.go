package postgres_test

import (
	"iter"
	"strconv"
	"testing"
	"time"

	"vetgraph"
)

func ftmPersons(src, prefix string, n int) iter.Seq2[vetgraph.Record, error] {
	given := []string{"Gayrat", "Жўраев", "Rustam", "Фаррух", "Dilnoza", "Алишер", "Qodir", "Zarina"}
	family := []string{"Djuraev", "Каримов", "Tursunov", "Раҳимов", "Yusupova", "Saidov", "Назаров", "Qosimov"}
	return func(yield func(vetgraph.Record, error) bool) {
		for i := range n {
			g, f := given[i%len(given)], family[(i/7)%len(family)]
			r := vetgraph.Record{
				Key:    vetgraph.RecordKey{Source: src, ID: prefix + strconv.Itoa(i)},
				Schema: vetgraph.SchemaPerson,
				Properties: vetgraph.Properties{
					"name": {g + " " + f}, "firstName": {g}, "lastName": {f},
					"birthDate":      {strconv.Itoa(1960+i%45) + "-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10)},
					"passportNumber": {"P" + strconv.Itoa(10000000+i)},
				},
				ValidFrom: time.Date(2025, 1, 1+i%365, 0, 0, 0, 0, time.UTC),
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// BenchmarkImport imports 20,000 new records into an empty schema per op.
func BenchmarkImport(b *testing.B) {
	const n = 20_000
	b.ReportAllocs()
	var elapsed time.Duration
	total, i := 0, 0
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		start := time.Now()
		got, err := s.ImportBatch(b.Context(), vetgraph.Batch{ID: vetgraph.BatchID("b" + strconv.Itoa(i)), Source: "bench", ImportedAt: time.Unix(1e9, 0)}, ftmPersons("bench", "p", n))
		elapsed += time.Since(start)
		if err != nil || got.Added != n {
			b.Fatalf("import: %+v, %v", got, err)
		}
		total += n
		i++
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "records/s")
}
