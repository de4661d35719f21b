package memstore

import "vetgraph"

// The store contract's input rules are vetgraph.Batch.Validate,
// vetgraph.Record.Validate and vetgraph.Event.Validate.

// versionConflict returns the Conflict error for an event whose Version is
// not the stream's next one after cur.
func versionConflict(op string, ev vetgraph.Event, cur int64) error {
	return vetgraph.Errorf(vetgraph.Conflict, op, "stream %q: version %d is not the next version (stream is at %d)", ev.Stream, ev.Version, cur)
}
