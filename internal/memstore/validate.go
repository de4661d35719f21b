package memstore

import (
	"encoding/json"

	"vetgraph"
)

// The checks below are the store contract's input rules; every adapter makes
// the same ones (internal/storetest holds them to it).

// validateBatch returns Invalid for a batch a store cannot hold: no ID or no
// ImportedAt.
func validateBatch(op string, b vetgraph.Batch) error {
	if b.ID == "" {
		return vetgraph.Errorf(vetgraph.Invalid, op, "batch without id")
	}
	if b.ImportedAt.IsZero() {
		return vetgraph.Errorf(vetgraph.Invalid, op, "batch %q without imported_at", b.ID)
	}
	return nil
}

// validateRecord returns Invalid for a record without key source, key id or
// schema, with Line set to its 1-based position n in the batch.
func validateRecord(op string, n int, r vetgraph.Record) error {
	switch {
	case r.Key.Source == "" || r.Key.ID == "":
		return &vetgraph.Error{Code: vetgraph.Invalid, Op: op, Line: n, Field: "key", Msg: "record " + r.Key.String() + ": empty key source or id"}
	case r.Schema == "":
		return &vetgraph.Error{Code: vetgraph.Invalid, Op: op, Line: n, Field: "schema", Msg: "record " + r.Key.String() + ": empty schema"}
	}
	return nil
}

// validateEvent returns Invalid for an event without Stream or Kind, or with
// Data that is not valid JSON.
func validateEvent(op string, ev vetgraph.Event) error {
	switch {
	case ev.Stream == "":
		return vetgraph.Errorf(vetgraph.Invalid, op, "event without stream")
	case ev.Kind == "":
		return vetgraph.Errorf(vetgraph.Invalid, op, "event in stream %q without kind", ev.Stream)
	case len(ev.Data) > 0 && !json.Valid(ev.Data):
		return vetgraph.Errorf(vetgraph.Invalid, op, "event in stream %q: data is not valid JSON", ev.Stream)
	}
	return nil
}

// versionConflict returns the Conflict error for an event whose Version is
// not the stream's next one after cur.
func versionConflict(op string, ev vetgraph.Event, cur int64) error {
	return vetgraph.Errorf(vetgraph.Conflict, op, "stream %q: version %d is not the next version (stream is at %d)", ev.Stream, ev.Version, cur)
}
