package synth

import (
	"context"
	"io"
	"testing"
)

// discard is a Sink that throws everything away, for benchmarks.
type discard struct{}

func (discard) Create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func benchGenerate(b *testing.B, persons int) {
	b.ReportAllocs()
	var recs int64
	for b.Loop() {
		s, err := Generate(context.Background(), DefaultConfig(1, persons), discard{})
		if err != nil {
			b.Fatal(err)
		}
		recs = s.Records
	}
	b.ReportMetric(float64(recs), "records")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(recs), "ns/record")
}

// BenchmarkGenerate1k: the 1k-record scale (about 400 persons).
func BenchmarkGenerate1k(b *testing.B) { benchGenerate(b, 400) }

// BenchmarkGenerate1M: the 1M-record scale (about 410k persons). Run with
// -benchtime=1x.
func BenchmarkGenerate1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M records: not in -short")
	}
	benchGenerate(b, 410_000)
}

// BenchmarkGenerate50k is the profiling size.
func BenchmarkGenerate50k(b *testing.B) { benchGenerate(b, 50_000) }
