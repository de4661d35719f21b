package ftm

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"vetgraph"
)

// synthetic returns n FtM Person lines shaped like OpenSanctions entities.
func synthetic(n int) []byte {
	var buf bytes.Buffer
	for i := range n {
		fmt.Fprintf(&buf, `{"id":"p-%d","schema":"Person","caption":"Person %d","datasets":["intel"],"properties":{"name":["Jamshid Karimov %d","Джамшид Каримов"],"birthDate":["1988-03-12"],"nationality":["uz"],"passportNumber":["FA%07d"],"phone":["+992 93 555 %04d"],"topics":["crime.traffick"]}}`+"\n", i, i, i, i, i%10000)
	}
	return buf.Bytes()
}

func BenchmarkRead(b *testing.B) {
	data := synthetic(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, err := range Read(bytes.NewReader(data), "bench.jsonl", "") {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkWrite(b *testing.B) {
	var recs []vetgraph.Record
	for rec, err := range Read(bytes.NewReader(synthetic(10000)), "bench.jsonl", "") {
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, rec)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, recs...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
