package main

import (
	"context"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/pipeline"
)

var zeroTime time.Time

// session is an open store and the pipeline replayed from it.
type session struct {
	store vetgraph.Store
	p     *pipeline.Pipeline
}

func (s *session) Close() error { return s.store.Close() }

// openPipeline opens the --db store and replays it (up to asOf when set).
func (e *env) openPipeline(ctx context.Context, asOf time.Time) (*session, error) {
	st, err := e.openStore(ctx)
	if err != nil {
		return nil, err
	}
	p, err := pipeline.Open(ctx, st, pipeline.Options{Clock: e.clock, Logger: e.log, AsOf: asOf})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &session{store: st, p: p}, nil
}

// currentFlags returns the flags as of asOf (zero: now) from the --db store.
func (e *env) currentFlags(ctx context.Context, asOf time.Time) ([]vetgraph.Flag, error) {
	s, err := e.openPipeline(ctx, asOf)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.p.Flags(ctx)
}

// parseTime reads a time flag: RFC 3339, or a date YYYY-MM-DD meaning the
// end of that day (UTC), so "--as-of 2024-03-01" includes that day.
func parseTime(flagName, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Nanosecond).UTC(), nil
	}
	return time.Time{}, usagef("--%s %q: want RFC 3339 (2024-03-01T12:00:00Z) or a date (2024-03-01)", flagName, s)
}
