package resolve

import (
	"fmt"
	"sync"
	"testing"

	"vetgraph"
)

// TestConcurrentReads: explanations, the review lists and screening only
// read the engine, so the server runs them side by side under a read lock;
// with -race this fails if any of them writes shared scratch.
func TestConcurrentReads(t *testing.T) {
	e := New(DefaultConfig(), nil)
	var keys []vetgraph.RecordKey
	// Parties met twice, so that fellow travellers make companions.
	for p := range 4 {
		for k := range 2 {
			var inv []string
			for m := range 3 {
				id := fmt.Sprintf("p%d-%d-%d", p, k, m)
				who := (p + m) % len(neutralNames)
				props := []string{"name=" + neutralNames[who][k%len(neutralNames[who])]}
				if m == 0 {
					props = append(props, "birthDate="+neutralDates[who])
				}
				e.Add(person("enc", id, props...))
				keys = append(keys, key("enc", id))
				inv = append(inv, id)
			}
			e.Add(event(fmt.Sprintf("ev%d-%d", p, k), inv...))
		}
	}
	if !hasCompanion(e) {
		t.Fatal("no pair has a companion: the reads would not touch the companion code")
	}
	q := person("q", "q1", "name=Рустам Назаров", "birthDate=1985-02-03")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i, a := range keys {
				b := keys[(i+g+1)%len(keys)]
				e.Why(a, b)
				if id, ok := e.EntityOf(a); ok {
					e.Explain(id)
				}
			}
			e.Possible()
			e.WeakMerges()
			e.Candidates(q, 5)
		})
	}
	wg.Wait()
}

// hasCompanion reports whether any held pair has a companion.
func hasCompanion(e *Engine) bool {
	for i := range e.recs.n {
		for j := range i {
			if _, ok := e.companion(rid(i), rid(j)); ok {
				return true
			}
		}
	}
	return false
}
