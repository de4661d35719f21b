package postgres

import "time"

// The shared encodings (system times, canonical properties, digests) are in
// internal/storecodec; valid times are stored as RFC 3339 text.

// validText encodes a valid time: RFC 3339 with nanoseconds in UTC, or nil.
func validText(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339Nano)
	return &s
}

func parseValid(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	return t.UTC(), err
}
