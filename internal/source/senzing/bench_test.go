package senzing

import (
	"bytes"
	"fmt"
	"testing"
)

func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	for i := range 10000 {
		fmt.Fprintf(&buf, `{"DATA_SOURCE":"BORDER","RECORD_ID":"%d","RECORD_TYPE":"PERSON","PRIMARY_NAME_FIRST":"Jamshid","PRIMARY_NAME_LAST":"Karimov","DATE_OF_BIRTH":"19880312","GENDER":"M","PASSPORT_NUMBER":"FA%07d","PASSPORT_COUNTRY":"UZ","PHONE_NUMBER":"+992 93 555 0101","ADDR_LINE1":"12 Navoi St","ADDR_CITY":"Tashkent","REL_POINTER_DOMAIN":"NET","REL_POINTER_KEY":"N%d","REL_POINTER_ROLE":"MOVED_BY"}`+"\n", i, i, i%50)
	}
	data := buf.Bytes()
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
