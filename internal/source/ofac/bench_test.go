package ofac

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkReadSDN(b *testing.B) {
	load := func(n string) []byte {
		d, err := os.ReadFile(filepath.Join(realDir, n))
		if err != nil {
			b.Skip(err)
		}
		return d
	}
	sdn, alt, add := load("sdn.csv"), load("alt.csv"), load("add.csv")
	b.SetBytes(int64(len(sdn) + len(alt) + len(add)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		c := Companions{Alt: File{"alt.csv", bytes.NewReader(alt)}, Add: File{"add.csv", bytes.NewReader(add)}}
		for _, err := range Read(bytes.NewReader(sdn), "sdn.csv", "", c) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
