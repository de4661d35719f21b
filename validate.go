package vetgraph

import "encoding/json"

// The input rules of the store contract. Every store applies them (and
// internal/storetest holds each to them); a store may add limits of its own,
// such as the range of times it can hold.

// Validate returns Invalid for a batch a store cannot hold: no ID or no
// ImportedAt. op names the caller.
func (b *Batch) Validate(op string) error {
	if b.ID == "" {
		return Errorf(Invalid, op, "batch without id")
	}
	if b.ImportedAt.IsZero() {
		return Errorf(Invalid, op, "batch %q without imported_at", b.ID)
	}
	return nil
}

// Validate returns Invalid for a record without key source, key id or
// schema, with Line set to its 1-based position n in the batch.
func (r *Record) Validate(op string, n int) error {
	switch {
	case r.Key.Source == "" || r.Key.ID == "":
		return &Error{Code: Invalid, Op: op, Line: n, Field: "key", Msg: "record " + r.Key.String() + ": empty key source or id"}
	case r.Schema == "":
		return &Error{Code: Invalid, Op: op, Line: n, Field: "schema", Msg: "record " + r.Key.String() + ": empty schema"}
	}
	return nil
}

// Validate returns Invalid for an event without Stream or Kind, or with Data
// that is not valid JSON.
func (ev *Event) Validate(op string) error {
	switch {
	case ev.Stream == "":
		return Errorf(Invalid, op, "event without stream")
	case ev.Kind == "":
		return Errorf(Invalid, op, "event in stream %q without kind", ev.Stream)
	case len(ev.Data) > 0 && !json.Valid(ev.Data):
		return Errorf(Invalid, op, "event in stream %q: data is not valid JSON", ev.Stream)
	}
	return nil
}
