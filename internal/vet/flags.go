package vet

import (
	"context"
	"slices"
	"time"

	"vetgraph"
	"vetgraph/internal/graph"
)

// Flags returns every person's flags as known at system time asOf (the zero
// time: now), sorted by person, category and concern. Context paths are
// computed afresh. A past asOf replays the log: the link graph of the
// statements in force then, with entities as the resolver has them now.
// Errors: the context's, with code Internal.
func (v *Vetter) Flags(ctx context.Context, asOf time.Time) ([]vetgraph.Flag, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if asOf.IsZero() {
		w := v.cur
		memo := make(contextMemo)
		var out []vetgraph.Flag
		for _, fs := range w.flags {
			for _, f := range fs {
				if n, ok := w.g.Lookup(graph.KindEntity, string(f.Concern)); ok && f.Degree > 0 {
					f.Context = memo.context(w, n, f.Category)
				}
				out = append(out, f)
			}
		}
		slices.SortFunc(out, func(a, b vetgraph.Flag) int { return compareKeys(a.Key(), b.Key()) })
		return out, nil
	}
	w := v.buildView(asOf)
	if err := w.computeAll(ctx); err != nil {
		return nil, err
	}
	return w.allFlags(), nil
}

// PersonFlags returns the current flags of one entity (nil when it has
// none or is unknown).
func (v *Vetter) PersonFlags(id vetgraph.EntityID) []vetgraph.Flag {
	v.mu.RLock()
	defer v.mu.RUnlock()
	n, ok := v.cur.g.Lookup(graph.KindEntity, string(id))
	if !ok {
		return nil
	}
	return slices.Clone(v.cur.flags[n])
}

// Recompute recomputes every person's flags from the current graph (a full
// re-screen: the batch form of the incremental operation) and returns the
// deltas against the flags held, cause "recompute". With a correct
// incremental path they are empty.
func (v *Vetter) Recompute(ctx context.Context, at time.Time) ([]vetgraph.FlagDelta, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	fresh := v.buildView(time.Time{})
	if err := fresh.computeAll(ctx); err != nil {
		return nil, err
	}
	old := v.cur
	var out []vetgraph.FlagDelta
	seen := make(map[vetgraph.EntityID]bool)
	for n, now := range fresh.flags {
		id := vetgraph.EntityID(fresh.g.Key(n))
		seen[id] = true
		var before []vetgraph.Flag
		if on, ok := old.g.Lookup(graph.KindEntity, string(id)); ok {
			before = old.flags[on]
		}
		out = appendDeltas(out, before, now, "recompute", at)
	}
	for n, before := range old.flags {
		if !seen[vetgraph.EntityID(old.g.Key(n))] {
			out = appendDeltas(out, before, nil, "recompute", at)
		}
	}
	slices.SortFunc(out, func(a, b vetgraph.FlagDelta) int { return compareKeys(a.Key, b.Key) })
	v.cur = fresh
	v.deltas = append(v.deltas, out...)
	return out, nil
}

// computeAll computes the flags of every person in the view.
func (w *view) computeAll(ctx context.Context) error {
	memo := make(contextMemo)
	clear(w.flags)
	for n := range graph.NodeID(w.g.NumNodes()) {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return vetgraph.Errorf(vetgraph.Internal, "vet.Flags", "%w", err)
			}
		}
		if w.g.Kind(n) == graph.KindEntity && w.isPerson(n) {
			if fs := w.computeFlags(n, memo); len(fs) > 0 {
				w.flags[n] = fs
			}
		}
	}
	w.dirty = nil
	return nil
}

func (w *view) allFlags() []vetgraph.Flag {
	var out []vetgraph.Flag
	for _, fs := range w.flags {
		out = append(out, fs...)
	}
	slices.SortFunc(out, func(a, b vetgraph.Flag) int { return compareKeys(a.Key(), b.Key()) })
	return out
}

// Stats describes the live view.
type Stats struct {
	Batches, Records, Facts int
	Nodes, Edges            int
	FlaggedPersons, Flags   int
}

// Stats returns counts of the live view.
func (v *Vetter) Stats() Stats {
	v.mu.RLock()
	defer v.mu.RUnlock()
	s := Stats{Batches: len(v.batches), Records: len(v.recs), Facts: len(v.facts),
		Nodes: v.cur.g.NumNodes(), Edges: v.cur.g.NumEdges(), FlaggedPersons: len(v.cur.flags)}
	for _, fs := range v.cur.flags {
		s.Flags += len(fs)
	}
	return s
}
