package synth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
	"vetgraph/internal/source/ftm"
)

// memSink keeps every file in memory.
type memSink struct {
	mu    sync.Mutex
	files map[string]*bytes.Buffer
}

func newMemSink() *memSink { return &memSink{files: map[string]*bytes.Buffer{}} }

func (m *memSink) Create(name string) (io.WriteCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := &bytes.Buffer{}
	m.files[name] = b
	return nopCloser{b}, nil
}

func (m *memSink) digest() string {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(m.files)) {
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(m.files[name].Bytes())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scenario is a generated world, read back.
type scenario struct {
	sum      Summary
	sink     *memSink
	timeline []Step
	records  map[vetgraph.RecordKey]vetgraph.Record // by source/id
	ids      map[string]bool                        // every FtM id
	clusters map[vetgraph.RecordKey]string
	networks [][]string
	flags    [][]flagRow // index: step-1
}

type flagRow struct {
	Cluster, Category, Concern string
	Degree                     int
}

func generate(t testing.TB, cfg Config) *scenario {
	t.Helper()
	sink := newMemSink()
	sum, err := Generate(context.Background(), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	s := &scenario{sum: sum, sink: sink, records: map[vetgraph.RecordKey]vetgraph.Record{}, ids: map[string]bool{},
		clusters: map[vetgraph.RecordKey]string{}}
	if err := json.Unmarshal(sink.files[FileTimeline].Bytes(), &s.timeline); err != nil {
		t.Fatal(err)
	}
	for _, st := range s.timeline {
		for _, f := range st.Files {
			b, ok := sink.files[f]
			if !ok {
				t.Fatalf("timeline names %s, not written", f)
			}
			// The importer's own reader must accept every line.
			for rec, err := range ftm.Read(bytes.NewReader(b.Bytes()), f, st.Source) {
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if _, dup := s.records[rec.Key]; dup {
					t.Fatalf("%s: duplicate record %v", f, rec.Key)
				}
				s.records[rec.Key] = rec
				s.ids[rec.Key.ID] = true
			}
		}
	}
	for _, row := range readCSV(t, sink, FileClusters)[1:] {
		s.clusters[vetgraph.RecordKey{Source: row[0], ID: row[1]}] = row[2]
	}
	s.networks = readCSV(t, sink, FileNetworks)[1:]
	for k := 1; k <= len(s.timeline); k++ {
		var rows []flagRow
		for _, r := range readCSV(t, sink, FlagsFile(k))[1:] {
			d, err := strconv.Atoi(r[3])
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, flagRow{r[0], r[1], r[2], d})
		}
		s.flags = append(s.flags, rows)
	}
	return s
}

func readCSV(t testing.TB, sink *memSink, name string) [][]string {
	t.Helper()
	b, ok := sink.files[name]
	if !ok {
		t.Fatalf("%s not written", name)
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

func TestDeterministic(t *testing.T) {
	digest := func(seed int64) string {
		sink := newMemSink()
		if _, err := Generate(context.Background(), DefaultConfig(seed, 800), sink); err != nil {
			t.Fatal(err)
		}
		return sink.digest()
	}
	a, b, c := digest(7), digest(7), digest(8)
	if a != b {
		t.Errorf("same seed, different output: %s vs %s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same output %s", a)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(*Config)
	}{
		{"few persons", func(c *Config) { c.Persons = 10 }},
		{"rate 1", func(c *Config) { c.TypoRate = 1 }},
		{"years", func(c *Config) { c.Years = 1 }},
		{"unknown country", func(c *Config) { c.Countries = []Share{{"XX", 1}} }},
		{"no weights", func(c *Config) { c.Countries = []Share{{"TJ", 0}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig(1, 500)
			tc.cfg(&cfg)
			_, err := Generate(context.Background(), cfg, newMemSink())
			if got := vetgraph.ErrorCode(err); got != vetgraph.Invalid {
				t.Errorf("code = %q (%v), want invalid", got, err)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, DefaultConfig(1, 5000), newMemSink())
	if err == nil || vetgraph.ErrorCode(err) != vetgraph.Internal {
		t.Errorf("err = %v, want an internal error wrapping context.Canceled", err)
	}
}

// TestTruthConsistent checks that the truth and the records agree: every
// subject record is in clusters.csv under its source and every clusters.csv
// row is a record; every id a relationship names exists; every cluster the
// truth names has records.
func TestTruthConsistent(t *testing.T) {
	s := generate(t, DefaultConfig(3, 1500))
	clusterSet := map[string]bool{}
	for k, c := range s.clusters {
		if _, ok := s.records[k]; !ok {
			t.Errorf("clusters.csv names %v, not in the output", k)
		}
		clusterSet[c] = true
	}
	refProps := []string{"subject", "object", "member", "organization", "payer", "beneficiary", "involved",
		"person", "relative", "associate", "holder", "entity", "owner", "asset", "director"}
	var persons, records int64
	for k, r := range s.records {
		records++
		if vetgraph.IsSubject(r.Schema) {
			if r.Schema == vetgraph.SchemaPerson {
				persons++
			}
			if _, ok := s.clusters[k]; !ok {
				t.Errorf("subject record %v has no cluster", k)
			}
		}
		for _, p := range refProps {
			for _, id := range r.Properties[p] {
				if !s.ids[id] {
					t.Errorf("%v: %s %q names no record", k, p, id)
				}
			}
		}
	}
	if records != s.sum.Records || persons != s.sum.PersonRecords {
		t.Errorf("read %d records (%d persons), summary says %d (%d)", records, persons, s.sum.Records, s.sum.PersonRecords)
	}
	for _, row := range s.networks {
		if !clusterSet[row[2]] {
			t.Errorf("networks.csv: cluster %s has no record", row[2])
		}
		if !s.ids[row[0]] {
			t.Errorf("networks.csv: network %s has no record", row[0])
		}
	}
	for k, rows := range s.flags {
		if got, want := len(rows), s.sum.FlagsPerStep[k].Total; got != want {
			t.Errorf("step %d: %d flag rows, summary says %d", k+1, got, want)
		}
		seen := map[flagRow]bool{}
		for _, f := range rows {
			key := flagRow{f.Cluster, f.Category, f.Concern, 0}
			if seen[key] {
				t.Errorf("step %d: %v twice", k+1, key)
			}
			seen[key] = true
			if !clusterSet[f.Cluster] || !s.ids[f.Concern] || f.Degree < 0 || f.Degree > 2 {
				t.Errorf("step %d: bad flag %+v", k+1, f)
			}
			if strings.HasPrefix(f.Cluster, "net-") && !strings.Contains(f.Cluster, "-") {
				t.Errorf("step %d: organization flagged: %+v", k+1, f)
			}
		}
	}
}

// TestPublishedCase checks the story the truth must tell, step by step.
func TestPublishedCase(t *testing.T) {
	cfg := DefaultConfig(5, 2000)
	cfg.FamilyLinks = true
	s := generate(t, cfg)
	type ck struct{ cluster, category, concern string }
	at := func(step int) map[ck]int {
		m := map[ck]int{}
		for _, f := range s.flags[step-1] {
			m[ck{f.Cluster, f.Category, f.Concern}] = f.Degree
		}
		return m
	}
	terror := func(c string) ck { return ck{c, "crime.terror", grpID} }
	// degree of each own-path flag per step; -1 = no flag.
	want := map[string][nSteps]int{
		"net-2-f-1":    {-1, -1, 1, 1, 1, 1, 1},
		"net-2-f-2":    {-1, -1, 1, 1, 1, -1, -1}, // corrected away by REPORT-4
		"grp-1-m-1":    {-1, -1, 1, 1, 1, 1, 1},
		"cast-eight-1": {-1, -1, -1, 1, 1, 1, 1},
		"cast-eight-2": {-1, -1, -1, 1, 1, 1, 1}, // also in REPORT-3: stays after its retraction
		"cast-o-1":     {-1, -1, 2, 2, 1, 1, 2},  // G's phone; REPORT-3 raised it, the retraction lowers it back
		"cast-o-2":     {-1, -1, 2, 2, 2, 2, 2},
		"cast-r-1":     {-1, -1, -1, -1, 1, 1, -1}, // REPORT-3 alone
		"cast-r-2":     {-1, -1, -1, -1, 1, 1, -1},
		"cast-look-1":  {-1, -1, -1, -1, -1, -1, -1}, // same names as cast-eight-1, another man
	}
	for c, degs := range want {
		var got [nSteps]int
		for k := 1; k <= nSteps; k++ {
			d, ok := at(k)[terror(c)]
			if !ok {
				d = -1
			}
			got[k-1] = d
		}
		if diff := cmp.Diff(degs, got); diff != "" {
			t.Errorf("%s crime.terror degree per step (-want +got):\n%s", c, diff)
		}
	}
	// Every client has exactly crime.traffick / their network from the
	// casefiles on, and crime.terror only on their own path.
	clientOf := map[string]string{}
	for _, row := range s.networks {
		if row[1] == "client" {
			clientOf[row[2]] = row[0]
		}
	}
	for k := 1; k <= nSteps; k++ {
		perCluster := map[string][]flagRow{}
		for _, f := range s.flags[k-1] {
			perCluster[f.Cluster] = append(perCluster[f.Cluster], f)
		}
		terrorClients := 0
		for c, net := range clientOf {
			var traffick []flagRow
			for _, f := range perCluster[c] {
				switch f.Category {
				case "crime.traffick":
					traffick = append(traffick, f)
				case "crime.terror":
					terrorClients++
					if _, own := want[c]; !own && !strings.HasPrefix(c, "cast-eight-") {
						t.Errorf("step %d: client %s of %s flagged crime.terror without an own path", k, c, net)
					}
				}
			}
			var ownNet, tiedNet []flagRow
			for _, f := range traffick {
				switch {
				case f.Concern == net:
					ownNet = append(ownNet, f)
				case net == "net-1" && f.Concern == "net-2" && f.Degree == 2 && k >= stepReport1 && k < stepReport4:
					tiedNet = append(tiedNet, f) // a personal stash address of net-1, while REPORT-1's tie holds
				default:
					t.Errorf("step %d: client %s of %s: unexpected %+v", k, c, net, f)
				}
			}
			switch {
			case k < stepCasefiles && len(traffick) != 0:
				t.Errorf("step %d: client %s flagged before any casefile: %v", k, c, traffick)
			case k >= stepCasefiles && (len(ownNet) != 1 || ownNet[0].Degree < 1):
				t.Errorf("step %d: client %s of %s: traffick flags %v", k, c, net, traffick)
			}
		}
		if k == nSteps && terrorClients != 9 { // the eight and O1
			t.Errorf("after the retraction %d clients have crime.terror, want 9", terrorClients)
		}
	}
	// net-1's members reach net-2 through REPORT-1's tie, until REPORT-4
	// restates it as a shared transport; net-2's members never reach net-1.
	for _, row := range s.networks {
		if row[1] == "client" || row[0] == grpID {
			continue
		}
		other := map[string]string{"net-1": "net-2", "net-2": "net-1"}[row[0]]
		if other == "" {
			continue
		}
		for k := 1; k <= nSteps; k++ {
			d, ok := at(k)[ck{row[2], "crime.traffick", other}]
			want := row[0] == "net-1" && k >= stepReport1 && k < stepReport4
			if ok != want || (ok && d != 2) {
				t.Errorf("step %d: %s %s of %s: flag for %s = %v (degree %d), want %v", k, row[1], row[2], row[0], other, ok, d, want)
			}
		}
	}
	// A relative named in a debrief (family_of) is context, never a flag.
	flagged := map[string]bool{}
	for _, rows := range s.flags {
		for _, f := range rows {
			flagged[f.Cluster] = true
		}
	}
	families := 0
	for k, r := range s.records {
		if r.Schema != vetgraph.SchemaFamily {
			continue
		}
		families++
		rel := s.clusters[vetgraph.RecordKey{Source: SourceEncounters, ID: r.Properties.First("relative")}]
		if rel == "" || flagged[rel] || clientOf[rel] != "" {
			t.Errorf("%v: relative %q is unknown, a client or flagged", k, rel)
		}
	}
	if families == 0 || families != s.sum.FamilyLinks {
		t.Errorf("%d Family records, summary says %d", families, s.sum.FamilyLinks)
	}
	if n := len(s.flags[0]); n != 0 {
		t.Errorf("step 1 (encounters only): %d flags, want none", n)
	}
}

// TestDistributions checks the configured shapes on a mid-size world.
func TestDistributions(t *testing.T) {
	persons := 12000
	if testing.Short() {
		persons = 6000
	}
	cfg := DefaultConfig(11, persons)
	cfg.ClientsPerNetwork = 150
	s := generate(t, cfg)

	t.Run("country shares", func(t *testing.T) {
		want := cfg.ExpectedCountryShares()
		for c, w := range want {
			got := float64(countPopulation(s, c)) / float64(s.sum.PopulationPersons)
			// parties of ~1.9 share a country: allow 5 standard errors
			tol := 5 * math.Sqrt(w*(1-w)*1.9/float64(s.sum.PopulationPersons))
			if math.Abs(got-w) > tol {
				t.Errorf("%s: share %.4f, want %.4f ± %.4f", c, got, w, tol)
			}
		}
		var ca float64
		for _, c := range centralAsia {
			ca += want[c]
		}
		if ca < .25 || ca > .5 {
			t.Errorf("Central Asia expected share %.2f: well represented but not dominant", ca)
		}
	})

	t.Run("cyrillic share", func(t *testing.T) {
		var cyr int64
		for k, r := range s.records {
			if r.Schema == vetgraph.SchemaPerson && strings.HasPrefix(s.clusters[k], "p-") && allCyrillic(r.Properties.First("name")) {
				cyr++
			}
		}
		got := float64(s.sum.CyrillicRecords) / float64(s.sum.CyrillicNamedRecords)
		if math.Abs(got-cfg.CyrillicShare) > .02 {
			t.Errorf("raw Cyrillic share of Cyrillic-named records %.3f, want %.2f", got, cfg.CyrillicShare)
		}
		if cyr == 0 || cyr > s.sum.CyrillicRecords {
			t.Errorf("%d population encounter records read as all-Cyrillic names; summary counts %d written so", cyr, s.sum.CyrillicRecords)
		}
	})

	t.Run("records per person", func(t *testing.T) {
		per := map[string]int{}
		for k, c := range s.clusters {
			if k.Source == SourceEncounters && strings.HasPrefix(c, "p-") {
				per[c]++
			}
		}
		if len(per) != s.sum.PopulationPersons {
			t.Fatalf("%d population clusters have encounter records, want %d", len(per), s.sum.PopulationPersons)
		}
		var total int
		for _, n := range per {
			total += n
		}
		got := float64(total) / float64(len(per))
		want := expectedEncounterRecords(cfg.RepeatEncounter)
		if math.Abs(got-want) > .03 {
			t.Errorf("encounter records per person %.3f, want %.3f", got, want)
		}
	})

	t.Run("clients per network", func(t *testing.T) {
		k := cfg.Networks()
		if s.sum.Networks != k {
			t.Fatalf("%d networks, want %d", s.sum.Networks, k)
		}
		mean := float64(s.sum.PopulationPersons) * cfg.ClientShare / float64(k)
		var total int
		for net, n := range s.sum.ClientsPerNetwork {
			total += n
			if float64(n) < mean/3 {
				t.Errorf("%s: %d clients, mean %.0f", net, n, mean)
			}
		}
		got := float64(total-11) / float64(k) // less the cast's 11 net-1 clients
		if math.Abs(got-mean)/mean > .08 {
			t.Errorf("clients per network %.1f, want %.1f", got, mean)
		}
	})
}

func countPopulation(s *scenario, country string) int { return s.sum.PopulationPerCountry[country] }

func allCyrillic(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.Is(unicode.Cyrillic, r) {
				return false
			}
		}
	}
	return letters > 0
}

// expectedEncounterRecords is the mean number of encounter records per
// population person the party model implies: the first encounter, plus
// each further one (capped geometric) with chance 0.6, and the head in any
// further encounter nobody else joined.
func expectedEncounterRecords(p float64) float64 {
	extra := 0.0
	for k, q := 1, p; k <= 5; k, q = k+1, q*p {
		extra += q
	}
	sizes := []float64{.55, .20, .12, .08, .05}
	var persons, recs float64
	for i, w := range sizes {
		size := float64(i + 1)
		persons += w * size
		perEnc := .6*size + math.Pow(.4, size) // the head joins when nobody did
		recs += w * (size + extra*perEnc)
	}
	return recs / persons
}

// TestPersonalStash: a net-1 stash address held by few clients is a
// personal identifier, so net-1's tie to net-2 reaches those clients while
// it holds; a widely shared one does not.
func TestPersonalStash(t *testing.T) {
	found := false
	for seed := int64(1); seed <= 20 && !found; seed++ {
		cfg := DefaultConfig(seed, 400)
		cfg.ClientShare = .08
		s := generate(t, cfg)
		holders := map[string]map[string]bool{}
		n1 := map[string]bool{}
		for _, row := range s.networks {
			if row[0] == "net-1" && row[1] == "client" {
				n1[row[2]] = true
			}
		}
		var stashes []string
		for k, r := range s.records {
			if k.ID == "net-1" {
				stashes = r.Properties["address"]
			}
		}
		for k, r := range s.records {
			if r.Schema != vetgraph.SchemaPerson || !n1[s.clusters[k]] {
				continue
			}
			for _, a := range r.Properties["address"] {
				if slices.Contains(stashes, a) {
					if holders[a] == nil {
						holders[a] = map[string]bool{}
					}
					holders[a][s.clusters[k]] = true
				}
			}
		}
		for a, hs := range holders {
			personal := len(hs)+1 <= cfg.PersonalIdentifierMax
			found = found || personal
			for c := range hs {
				for k := 1; k <= nSteps; k++ {
					got := slices.Contains(s.flags[k-1], flagRow{c, "crime.traffick", "net-2", 2})
					want := personal && k >= stepReport1 && k < stepReport4
					if got != want {
						t.Errorf("seed %d step %d: %s gave %s (%d holders): net-2 flag %v, want %v", seed, k, c, a, len(hs)+1, got, want)
					}
				}
			}
		}
	}
	if !found {
		t.Fatal("no seed gave a personal net-1 stash address")
	}
}
