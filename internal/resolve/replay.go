package resolve

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"vetgraph"
)

// ReplayOptions select what Replay reads.
type ReplayOptions struct {
	// AsOf, when set, replays the log as it stood then (records recorded and
	// retractions made at or before AsOf).
	AsOf time.Time
	// Progress, when set, is called after every 10,000 records added.
	Progress func(records int)
}

// Replay rebuilds an engine from a store: every record version in Seq order
// (a later version of a key replaces the earlier one), leaving out the
// records of batches retracted (event batch.retracted on the batch's stream)
// and, from a correcting batch on, the records of the batch it supersedes
// that the correction does not restate. The same store gives the same
// engine, ids included.
func Replay(ctx context.Context, st vetgraph.Store, cfg Config, log *slog.Logger, opt ReplayOptions) (*Engine, error) {
	const op = "resolve.Replay"
	retracted := map[vetgraph.BatchID]bool{}
	err := st.ScanEvents(ctx, vetgraph.EventFilter{Kind: vetgraph.EventBatchRetracted, AsOf: opt.AsOf}, func(ev vetgraph.Event) error {
		if id, ok := batchOfStream(ev.Stream); ok {
			retracted[id] = true
		}
		return nil
	})
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.ErrorCode(err), op, "reading retractions: %w", err)
	}
	batches, err := st.Batches(ctx)
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.ErrorCode(err), op, "reading batches: %w", err)
	}
	supersedes := map[vetgraph.BatchID]vetgraph.BatchID{}
	for _, b := range batches {
		if b.Supersedes != "" && !retracted[b.ID] {
			supersedes[b.ID] = b.Supersedes
		}
	}
	e := New(cfg, log)
	from := map[vetgraph.RecordKey]vetgraph.BatchID{} // batch of each held record
	seen := map[vetgraph.BatchID]bool{}
	n := 0
	err = st.ScanRecords(ctx, vetgraph.RecordFilter{AsOf: opt.AsOf}, func(r vetgraph.Record) error {
		if retracted[r.Batch] || !vetgraph.Resolves(r) {
			return nil
		}
		if !seen[r.Batch] {
			seen[r.Batch] = true
			if old, ok := supersedes[r.Batch]; ok {
				var drop []vetgraph.RecordKey
				for k, b := range from {
					if b == old {
						drop = append(drop, k)
					}
				}
				sortKeys(drop)
				for _, k := range drop {
					delete(from, k)
				}
				e.Retract(drop...)
			}
		}
		e.Add(r)
		from[r.Key] = r.Batch
		if n++; opt.Progress != nil && n%10000 == 0 {
			opt.Progress(n)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.ErrorCode(err), op, "replaying records: %w", err)
	}
	return e, nil
}

func batchOfStream(stream string) (vetgraph.BatchID, bool) {
	const prefix = "batch/"
	if len(stream) > len(prefix) && stream[:len(prefix)] == prefix {
		return vetgraph.BatchID(stream[len(prefix):]), true
	}
	return "", false
}

func sortKeys(ks []vetgraph.RecordKey) {
	slices.SortFunc(ks, func(a, b vetgraph.RecordKey) int {
		if keyLess(a, b) {
			return -1
		}
		if keyLess(b, a) {
			return 1
		}
		return 0
	})
}
