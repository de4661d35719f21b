package vetgraph

import (
	"encoding/json"
	"time"
)

// Event is one append-only fact about what happened after records arrived: a
// batch retraction, a human decision on a review item or a match, an audit
// entry. Events are never changed or deleted; later events supersede earlier
// ones. The use-case packages own their meaning; stores only keep them.
//
// Events are grouped into streams ("batch/B1", "review/E7", "audit"). Within a
// stream, Version numbers events 1, 2, 3, ...: a writer that appends Version
// n+1 after reading n gets optimistic concurrency for free, because the store
// rejects a second event with the same (Stream, Version) with Conflict.
type Event struct {
	// Seq is the global position, assigned by the store.
	Seq     int64  `json:"seq,omitempty"`
	Stream  string `json:"stream"`
	Version int64  `json:"version"`
	Kind    string `json:"kind"`
	// At is the system time of the event (from the injected clock).
	At    time.Time       `json:"at"`
	Actor string          `json:"actor,omitempty"`
	Data  json.RawMessage `json:"data,omitempty"`
}

// Event kinds shared across packages.
const (
	// EventBatchRetracted: Stream "batch/<id>", Data {"reason": "..."}.
	EventBatchRetracted = "batch.retracted"
)

// BatchStream returns the event stream of a batch.
func BatchStream(id BatchID) string { return "batch/" + string(id) }
