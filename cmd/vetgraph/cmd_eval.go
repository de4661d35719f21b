package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"vetgraph"
	"vetgraph/internal/resolve"
)

// cmdEval measures the resolution of what the store holds against labelled
// data: pairwise and B-cubed precision, recall and F1, the worst false
// merges and the missed pairs, each explained.
func cmdEval(ctx context.Context, e *env, args []string) error {
	fs := e.flags("eval")
	build := resolveFlags(e, fs)
	truthFile := fs.String("truth", "", "labelled CSV with columns source,record_id,cluster")
	worst := fs.Int("worst", 10, "how many false merges and missed pairs to list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *truthFile == "" || fs.NArg() > 0 {
		return usagef("want: vetgraph eval --truth FILE.csv [--worst N]")
	}
	f, err := os.Open(*truthFile)
	if err != nil {
		return vetgraph.Errorf(vetgraph.Invalid, "eval", "%w", err)
	}
	defer f.Close()
	truth, err := resolve.ReadTruth(f, *truthFile)
	if err != nil {
		return err
	}
	eng, err := build(ctx)
	if err != nil {
		return err
	}
	rep := eng.Evaluate(truth, *worst)
	return emitOne(e, rep, func(w io.Writer) {
		fmt.Fprintf(w, "records evaluated  %d (of %d labelled, %d held)\n", rep.Records, len(truth), eng.Len())
		fmt.Fprintf(w, "pairwise           precision %.4f  recall %.4f  F1 %.4f  (true pairs %d, predicted %d, correct %d)\n",
			rep.Precision, rep.Recall, rep.F1, rep.TruePairs, rep.PredictedPairs, rep.TruePositives)
		fmt.Fprintf(w, "B-cubed            precision %.4f  recall %.4f  F1 %.4f\n", rep.BCubedP, rep.BCubedR, rep.BCubedF1)
		fmt.Fprintf(w, "\nworst false merges (%d listed):\n", len(rep.FalseMerges))
		for _, ex := range rep.FalseMerges {
			writeExplanation(w, ex, "  ")
		}
		fmt.Fprintf(w, "\nmissed pairs (%d listed of %d):\n", len(rep.Missed), rep.MissedTotal)
		for _, ex := range rep.Missed {
			writeExplanation(w, ex, "  ")
		}
	})
}
