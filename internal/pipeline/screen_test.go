package pipeline_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/source"
)

const sdn = "../../../shared/data/watchlists/ofac-2021/sdn.csv"

// TestScreenOFACCyrillic runs the OFAC list's Russia-related entries side by
// side with moov-io/watchman's published behaviour: watchman's default build
// finds nothing for a Cyrillic query such as "Олег Владимирович Дерипаска"
// and finds Latin typos and a missing patronymic. vetgraph must find all of
// them, the Cyrillic ones included, at rank 1 and marked as a watchlist hit.
func TestScreenOFACCyrillic(t *testing.T) {
	if _, err := os.Stat(sdn); err != nil {
		t.Skipf("shared data not found: %v", err)
	}
	ctx := context.Background()
	all, files, err := source.Open(ctx, []string{sdn}, source.Options{Source: "ofac"})
	if err != nil {
		t.Fatal(err)
	}
	// The entries of the Russia-related programmes (a few hundred), so the
	// test stays fast; the whole list goes through `vetgraph import` in the
	// CLI tests.
	subset := func(yield func(vetgraph.Record, error) bool) {
		for r, err := range all {
			if err != nil {
				yield(r, err)
				return
			}
			prog := strings.Join(r.Properties["program"], " ")
			if r.Schema == vetgraph.SchemaPerson && (strings.Contains(prog, "UKRAINE") || strings.Contains(prog, "RUSSIA") || strings.Contains(prog, "MAGNIT")) {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	p, err := pipeline.Open(ctx, memstore.New(), pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Import(ctx, vetgraph.Batch{ID: "ofac", Source: "ofac", Format: "ofac", Files: files, ImportedAt: time.Now()}, subset); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ query, birth, want string }{
		{"Олег Владимирович Дерипаска", "", "ofac-24283"},
		{"Дерипаска Олег", "", "ofac-24283"},
		{"Oleg Deripasca", "", "ofac-24283"},           // Latin typo
		{"Oleg Deripaska", "1968-01-02", "ofac-24283"}, // patronymic missing
		{"Виктор Феликсович Вексельберг", "", "ofac-24306"},
		{"Вексельберг Виктор", "1957-04-14", "ofac-24306"},
		{"Аркадий Ротенберг", "", "ofac-16669"},
		{"Юрий Валентинович Ковальчук", "", "ofac-16680"},
		{"Геннадий Тимченко", "", "ofac-16666"},
		{"Рамзан Ахматович Кадыров", "", "ofac-23343"},
		{"Игорь Сечин", "", "ofac-16692"},
		{"Алексей Борисович Миллер", "", "ofac-24083"},
	}
	for _, tt := range tests {
		q := vetgraph.Record{Key: vetgraph.RecordKey{Source: "screen", ID: "q"}, Schema: vetgraph.SchemaPerson, Properties: vetgraph.Properties{}}
		q.Properties.Add("name", tt.query)
		q.Properties.Add("birthDate", tt.birth)
		hits, err := p.Screen(ctx, q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			t.Errorf("%q: no candidates, want %s", tt.query, tt.want)
			continue
		}
		want, _ := p.Resolver().EntityOf(vetgraph.RecordKey{Source: "ofac", ID: tt.want})
		if hits[0].Entity != want {
			t.Errorf("%q: rank 1 is %v (%.3f), want %s", tt.query, hits[0].Names, hits[0].Score.Value, tt.want)
		}
		if len(hits[0].Watchlist) != 1 || hits[0].Watchlist[0] != "ofac" {
			t.Errorf("%q: watchlist %v, want [ofac]", tt.query, hits[0].Watchlist)
		}
		if len(hits[0].Flags) == 0 || hits[0].Flags[0].Category != vetgraph.TopicSanction {
			t.Errorf("%q: hit carries flags %v, want the sanction", tt.query, hits[0].Flags)
		}
	}
	// Nothing was stored by screening.
	if got := len(p.Entities()); got == 0 {
		t.Fatal("no entities")
	}
	before := len(p.Entities())
	q := vetgraph.Record{Key: vetgraph.RecordKey{Source: "screen", ID: "q"}, Schema: vetgraph.SchemaPerson, Properties: vetgraph.Properties{"name": {"Somebody Else"}}}
	if _, err := p.Screen(ctx, q, 3); err != nil || len(p.Entities()) != before {
		t.Errorf("screening changed the entities: %v", err)
	}
}
