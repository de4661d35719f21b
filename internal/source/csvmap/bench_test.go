package csvmap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkReadFEBRL(b *testing.B) {
	m := mapping(b, "febrl.json")
	data, err := os.ReadFile(filepath.Join(dataDir, "febrl", "dataset3.csv"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, err := range Read(bytes.NewReader(data), "dataset3.csv", m, "") {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
