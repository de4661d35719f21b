package un

import (
	"bytes"
	"os"
	"testing"
)

func BenchmarkReadUN(b *testing.B) {
	data, err := os.ReadFile(realFile)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, err := range Read(bytes.NewReader(data), "un.xml", "") {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
