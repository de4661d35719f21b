package sqlite_test

import (
	"iter"
	"strconv"
	"syscall"
	"testing"
	"time"

	"vetgraph"
)

// ftmPersons yields n FtM-shaped Person records of source src, ids
// prefix0..prefix(n-1), generated on the fly (the generation is part of what
// the benchmarks measure; it is small next to the import).
func ftmPersons(src, prefix string, n int) iter.Seq2[vetgraph.Record, error] {
	given := []string{"Gayrat", "Жўраев", "Rustam", "Фаррух", "Dilnoza", "Алишер", "Qodir", "Zarina"}
	family := []string{"Djuraev", "Каримов", "Tursunov", "Раҳимов", "Yusupova", "Saidov", "Назаров", "Qosimov"}
	countries := []string{"tj", "uz", "kz", "kg", "ru"}
	return func(yield func(vetgraph.Record, error) bool) {
		for i := range n {
			id := prefix + strconv.Itoa(i)
			g, f := given[i%len(given)], family[(i/7)%len(family)]
			r := vetgraph.Record{
				Key:    vetgraph.RecordKey{Source: src, ID: id},
				Schema: vetgraph.SchemaPerson,
				Properties: vetgraph.Properties{
					"name":           {g + " " + f},
					"firstName":      {g},
					"lastName":       {f},
					"birthDate":      {strconv.Itoa(1960+i%45) + "-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10)},
					"nationality":    {countries[i%len(countries)]},
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

// cpuTime returns the process's user+system CPU time: on a shared machine
// it shows the cost per record when wall time is skewed by other load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchImport(b *testing.B, n int) {
	b.ReportAllocs()
	var total int
	var elapsed, cpu time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		start, startCPU := time.Now(), cpuTime()
		got, err := s.ImportBatch(b.Context(), vetgraph.Batch{ID: vetgraph.BatchID("b" + strconv.Itoa(i)), Source: "bench", Format: "ftm", ImportedAt: time.Unix(1e9, 0)}, ftmPersons("bench", "p", n))
		elapsed += time.Since(start)
		cpu += cpuTime() - startCPU
		if err != nil {
			b.Fatal(err)
		}
		if got.Added != n {
			b.Fatalf("added %d, want %d", got.Added, n)
		}
		total += n
		b.StopTimer()
		s.Close()
		b.StartTimer()
		i++
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(total), "cpu-ns/record")
}

// BenchmarkImport imports 20,000 new records into an empty store per op.
func BenchmarkImport(b *testing.B) { benchImport(b, 20_000) }

// BenchmarkImport1M imports 1,000,000 new records into an empty store, the
// issue's target size (≥ 100,000 records/s). Run it with -benchtime 1x.
func BenchmarkImport1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M records: not in -short")
	}
	benchImport(b, 1_000_000)
}

// BenchmarkImport200k imports 200,000 new records into an empty store per
// op: BenchmarkImport1M at a fifth of the time, to compare changes with.
func BenchmarkImport200k(b *testing.B) {
	if testing.Short() {
		b.Skip("200k records: not in -short")
	}
	benchImport(b, 200_000)
}

// BenchmarkReimport imports 20,000 records into a store that holds them
// already with other content for every tenth: the digest lookup path.
func BenchmarkReimport(b *testing.B) {
	const n = 20_000
	b.ReportAllocs()
	s := open(b)
	defer s.Close()
	if _, err := s.ImportBatch(b.Context(), vetgraph.Batch{ID: "base", Source: "bench", Format: "ftm", ImportedAt: time.Unix(1e9, 0)}, ftmPersons("bench", "p", n)); err != nil {
		b.Fatal(err)
	}
	var elapsed time.Duration
	total, i := 0, 0
	for b.Loop() {
		start := time.Now()
		got, err := s.ImportBatch(b.Context(), vetgraph.Batch{ID: vetgraph.BatchID("r" + strconv.Itoa(i)), Source: "bench", Format: "ftm", ImportedAt: time.Unix(1e9+int64(i)+1, 0)}, ftmPersons("bench", "p", n))
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if got.Unchanged != n {
			b.Fatalf("unchanged %d, want %d", got.Unchanged, n)
		}
		total += n
		i++
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "records/s")
}

// BenchmarkScan reads back 20,000 records (what a process does at start to
// rebuild its in-memory indexes).
func BenchmarkScan(b *testing.B) {
	const n = 20_000
	s := open(b)
	defer s.Close()
	if _, err := s.ImportBatch(b.Context(), vetgraph.Batch{ID: "base", Source: "bench", ImportedAt: time.Unix(1e9, 0)}, ftmPersons("bench", "p", n)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	total := 0
	start := time.Now()
	for b.Loop() {
		got := 0
		if err := s.ScanRecords(b.Context(), vetgraph.RecordFilter{Latest: true}, func(vetgraph.Record) error { got++; return nil }); err != nil {
			b.Fatal(err)
		}
		if got != n {
			b.Fatalf("scanned %d, want %d", got, n)
		}
		total += n
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "records/s")
}
