package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"vetgraph"
)

// TestDocumentsKeepApart: a payer's casefile record and an encounter record
// of two men named Usman Omarov, born in 1981, hold different passports and
// nothing else in common; an encounter record without a passport matches
// the encounter strongly and the payer weakly. A chain of matches does not
// make the two passport holders one person, whatever the order of arrival,
// and the explanation says why. Without the second passport the chain
// holds; a strong match is not set aside by documents.
func TestDocumentsKeepApart(t *testing.T) {
	payer := person("cf", "payer", "firstName=Usman", "lastName=Omarov", "fatherName=Aldiiar ugli", "birthDate=1981", "gender=male",
		"passportNumber=UZ235185674", "phone=+998 98 854 1359", "address=Calle Juarez 103, apt 191, Namangan, UZ")
	bare := person("enc", "bare", "firstName=Усман", "lastName=Омаров", "fatherName=Алдиярович", "birthDate=1981-06-30", "gender=male",
		"phone=+998 94 120 5020", "address=1016 Border St, Laredo TX, US")
	holder := person("enc", "holder", "firstName=Usman", "lastName=Omarov", "birthDate=1981-06-30", "gender=male",
		"passportNumber=UZ224600925", "phone=+998 94 120 5020", "address=River Rd 6, apt 252, Fergana, UZ")
	// Other Omarovs and Usmans, so that the names are common.
	var crowd []vetgraph.Record
	crowdOf(60, func(i int, word, born string) {
		crowd = append(crowd,
			person("enc", fmt.Sprintf("o%d", i), "firstName="+word, "lastName=Omarov", "birthDate="+born),
			person("enc", fmt.Sprintf("u%d", i), "firstName=Usman", "lastName="+word+"ov", "birthDate="+born))
	})
	entities := func(e *Engine) [][]string {
		var out [][]string
		seen := map[vetgraph.EntityID]bool{}
		for _, r := range []vetgraph.Record{payer, bare, holder} {
			id, _ := e.EntityOf(r.Key)
			if seen[id] {
				continue
			}
			seen[id] = true
			var ks []string
			for _, o := range []vetgraph.Record{payer, bare, holder} {
				if x, _ := e.EntityOf(o.Key); x == id {
					ks = append(ks, o.Key.ID)
				}
			}
			out = append(out, ks)
		}
		slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		return out
	}
	want := [][]string{{"bare", "holder"}, {"payer"}}
	orders := [][]vetgraph.Record{{payer, bare, holder}, {payer, holder, bare}, {bare, payer, holder}, {bare, holder, payer}, {holder, payer, bare}, {holder, bare, payer}}
	for n, order := range orders {
		e := New(DefaultConfig(), nil)
		e.AddAll(crowd)
		for _, r := range order {
			e.Add(r)
		}
		if n == 0 {
			// The chain is real: the payer matches the bare record on its own.
			if ex := e.Why(payer.Key, bare.Key); !ex.Score.Match {
				t.Fatalf("the payer should match the bare record directly (the test's premise): %.4f %+v", ex.Score.Value, ex.Score.Pieces)
			}
			if ex := e.Why(payer.Key, holder.Key); ex.Score.Value >= e.cfg.Possible {
				t.Fatalf("the two passport holders should score below the possible threshold (the test's premise): %.4f %+v", ex.Score.Value, ex.Score.Pieces)
			}
			ex := e.Why(payer.Key, bare.Key)
			if ex.SameEntity || !strings.Contains(ex.Reason, "hold different identity documents") {
				t.Fatalf("explanation of the set-aside match: %+v", ex)
			}
		}
		if got := entities(e); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("order %d: entities %v, want %v", n, got, want)
		}
		// Without the second passport nothing keeps the chain apart.
		e.Retract(holder.Key)
		if x, _ := e.EntityOf(payer.Key); x != func() vetgraph.EntityID { y, _ := e.EntityOf(bare.Key); return y }() {
			t.Fatalf("order %d: with the holder retracted the payer and the bare record should be one", n)
		}
		e.Add(holder)
		if got := entities(e); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("order %d, holder again: entities %v, want %v", n, got, want)
		}
	}

	// A strong match is not set aside: the payer shares the bare record's
	// phone, so the chain holds in spite of the two passports.
	strong := bare
	strong.Properties = vetgraph.Properties{}
	for k, v := range bare.Properties {
		strong.Properties[k] = v
	}
	strong.Properties["phone"] = []string{"+998 94 120 5020", "+998 98 854 1359"}
	e := New(DefaultConfig(), nil)
	e.AddAll(crowd)
	for _, r := range []vetgraph.Record{payer, strong, holder} {
		e.Add(r)
	}
	x, _ := e.EntityOf(payer.Key)
	y, _ := e.EntityOf(holder.Key)
	if x != y {
		t.Fatalf("a strong match (%+v) was set aside by the documents", e.Why(payer.Key, strong.Key).Score)
	}
}

// crowdOf calls f n times with a made-up name word and a birth date, each
// different, to make records that share one part of a name and make it
// common.
func crowdOf(n int, f func(i int, word, born string)) {
	syl := []string{"ka", "ri", "mo", "tu", "sa", "le", "no", "bi"}
	for i := range n {
		word := strings.ToUpper(syl[i%8][:1]) + syl[i%8][1:] + syl[(i/8)%8] + syl[(i+3)%8]
		f(i, word, fmt.Sprintf("%d-%02d-%02d", 1950+i%45, 1+i%12, 1+i%28))
	}
}
