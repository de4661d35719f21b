package resolve

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vetgraph"
)

// dataDir is the shared test data (../shared/data from the project root).
func dataDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("VETGRAPH_DATA"); d != "" {
		return d
	}
	d, err := filepath.Abs("../../../shared/data")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d); err != nil {
		t.Skipf("shared test data not found at %s", d)
	}
	return d
}

// loadFEBRL reads a FEBRL CSV as Person records of the given source, the
// way a column mapping would, and returns them with the truth (rec-N-...:
// cluster N).
func loadFEBRL(t testing.TB, path, source string) ([]vetgraph.Record, map[vetgraph.RecordKey]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	var recs []vetgraph.Record
	truth := map[vetgraph.RecordKey]string{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		get := func(c string) string { return strings.TrimSpace(row[col[c]]) }
		id := get("rec_id")
		p := vetgraph.Properties{}
		p.Add("firstName", get("given_name"))
		p.Add("lastName", get("surname"))
		p.Add("street", strings.TrimSpace(get("street_number")+" "+get("address_1")))
		p.Add("city", get("suburb"))
		p.Add("postalCode", get("postcode"))
		p.Add("region", get("state"))
		p.Add("birthDate", get("date_of_birth"))
		p.Add("idNumber", get("soc_sec_id"))
		k := vetgraph.RecordKey{Source: source, ID: id}
		recs = append(recs, vetgraph.Record{Key: k, Schema: vetgraph.SchemaPerson, Properties: p, Seq: int64(len(recs) + 1)})
		parts := strings.Split(id, "-")
		truth[k] = parts[1]
	}
	return recs, truth
}

// loadSplinkFake reads splink's fake_1000.csv with its cluster column.
func loadSplinkFake(t testing.TB, path string) ([]vetgraph.Record, map[vetgraph.RecordKey]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var recs []vetgraph.Record
	truth := map[vetgraph.RecordKey]string{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		get := func(c string) string { return strings.TrimSpace(row[col[c]]) }
		p := vetgraph.Properties{}
		p.Add("firstName", get("first_name"))
		p.Add("lastName", get("surname"))
		p.Add("birthDate", get("dob"))
		p.Add("city", get("city"))
		p.Add("email", get("email"))
		k := vetgraph.RecordKey{Source: "fake", ID: get("unique_id")}
		recs = append(recs, vetgraph.Record{Key: k, Schema: vetgraph.SchemaPerson, Properties: p, Seq: int64(len(recs) + 1)})
		truth[k] = get("cluster")
	}
	return recs, truth
}
