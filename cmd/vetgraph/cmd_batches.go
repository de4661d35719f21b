package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"vetgraph"
)

// batchView is a batch as `vetgraph batches` shows it: the stored Batch and,
// when it was withdrawn, its retraction.
type batchView struct {
	vetgraph.Batch
	Retracted *retractionView `json:"retracted,omitempty"`
}

// retractionView is the first batch.retracted event of a batch's stream.
type retractionView struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor,omitempty"`
	Reason string    `json:"reason"`
}

// cmdBatches lists the import batches in import order, with their counts and
// whether each was retracted.
func cmdBatches(ctx context.Context, e *env, args []string) error {
	fs := e.flags("batches")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("usage: vetgraph batches (no arguments)")
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	views, err := listBatches(ctx, st)
	if err != nil {
		return err
	}
	cols := []string{"id", "source", "format", "imported_at", "grade", "supersedes", "retracted", "added", "changed", "unchanged"}
	return emit(e, views, cols, func(v batchView) []string {
		retracted := "-"
		if v.Retracted != nil {
			retracted = "yes: " + v.Retracted.Reason
		}
		return []string{string(v.ID), v.Source, v.Format, v.ImportedAt.UTC().Format(time.RFC3339), v.Grade.String(),
			string(v.Supersedes), retracted, strconv.Itoa(v.Added), strconv.Itoa(v.Changed), strconv.Itoa(v.Unchanged)}
	})
}

// listBatches joins the stored batches with their retraction events.
func listBatches(ctx context.Context, st vetgraph.Store) ([]batchView, error) {
	bs, err := st.Batches(ctx)
	if err != nil {
		return nil, err
	}
	retracted := make(map[vetgraph.BatchID]*retractionView)
	err = st.ScanEvents(ctx, vetgraph.EventFilter{StreamPrefix: vetgraph.BatchStream(""), Kind: vetgraph.EventBatchRetracted}, func(ev vetgraph.Event) error {
		id := vetgraph.BatchID(strings.TrimPrefix(ev.Stream, vetgraph.BatchStream("")))
		if retracted[id] != nil {
			return nil
		}
		var d struct {
			Reason string `json:"reason"`
		}
		if len(ev.Data) > 0 {
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				return vetgraph.Errorf(vetgraph.Internal, "vetgraph batches", "event %d of %s: %w", ev.Seq, ev.Stream, err)
			}
		}
		retracted[id] = &retractionView{At: ev.At, Actor: ev.Actor, Reason: d.Reason}
		return nil
	})
	if err != nil {
		return nil, err
	}
	views := make([]batchView, len(bs))
	for i, b := range bs {
		views[i] = batchView{Batch: b, Retracted: retracted[b.ID]}
	}
	return views, nil
}
