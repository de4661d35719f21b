package resolve

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"vetgraph"
)

// addAllChunk is how many records a preparing goroutine takes at a time.
const addAllChunk = 64

// AddAll adds records in order, as consecutive [Engine.Add] calls would,
// and returns their changes. Preparing a record (parsing and normalizing its
// names, dates and identifiers) is a function of the record alone, so AddAll
// prepares the records on up to GOMAXPROCS goroutines while it resolves the
// ones already prepared, in order, on the calling goroutine: the result is
// the same as Add's, in less wall time on more than one core.
func (e *Engine) AddAll(rs []vetgraph.Record) []Change {
	out := make([]Change, len(rs))
	workers := min(runtime.GOMAXPROCS(0), (len(rs)+addAllChunk-1)/addAllChunk)
	if workers <= 1 {
		for i, r := range rs {
			out[i] = e.Add(r)
		}
		return out
	}
	prep := make([]prepared, len(rs))
	nchunks := (len(rs) + addAllChunk - 1) / addAllChunk
	ready := make([]chan struct{}, nchunks)
	for c := range ready {
		ready[c] = make(chan struct{})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var k keyer // this goroutine's: the records' keys are computed here too
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				for i := c * addAllChunk; i < min(len(rs), (c+1)*addAllChunk); i++ {
					if vetgraph.IsSubject(rs[i].Schema) {
						prep[i] = newRec(rs[i], acquirer{&e.interned})
						prep[i].keys = slices.Clone(blockKeys(&k, prep[i].feat, e.cfg))
					}
				}
				close(ready[c])
			}
		})
	}
	for c := range nchunks {
		<-ready[c]
		for i := c * addAllChunk; i < min(len(rs), (c+1)*addAllChunk); i++ {
			if !vetgraph.IsSubject(rs[i].Schema) {
				out[i] = e.Add(rs[i])
				continue
			}
			e.add(&out[i], prep[i], rs[i].Seq)
			prep[i] = prepared{}
		}
	}
	wg.Wait()
	return out
}
