package main

import (
	"context"
	"fmt"
	"io"

	"vetgraph/internal/vet"
)

// cmdNetwork expands a seed (a network, a facilitator, a phone such as
// phone:+992900000001) into its network: organizations, members, clients and
// what community detection over co-travel and shared identifiers adds, each
// with the evidence that ties it.
func cmdNetwork(ctx context.Context, e *env, args []string) error {
	fs := e.flags("network")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph network ENTITY|FTM-ID|phone:+NUMBER [--format table|json|jsonl]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: vetgraph network ENTITY")
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.p.Vetter().Network(pos[0])
	if err != nil {
		return err
	}
	return emitOne(e, rep, func(w io.Writer) {
		fmt.Fprintf(w, "network of %s", rep.Seed)
		if rep.SeedName != "" {
			fmt.Fprintf(w, " (%s)", rep.SeedName)
		}
		fmt.Fprintf(w, ": %d organizations, %d members, %d clients, %d more in its community\n",
			len(rep.Organizations), len(rep.Members), len(rep.Clients), len(rep.Community))
		for _, part := range []struct {
			title string
			es    []vet.NetworkEntry
		}{{"organizations", rep.Organizations}, {"members", rep.Members}, {"clients", rep.Clients}, {"community", rep.Community}} {
			if len(part.es) == 0 {
				continue
			}
			fmt.Fprintf(w, "%s:\n", part.title)
			for _, ne := range part.es {
				fmt.Fprintf(w, "  %s", ne.Entity)
				if ne.Name != "" {
					fmt.Fprintf(w, " (%s)", ne.Name)
				}
				if ne.Tie != "" {
					fmt.Fprintf(w, "  %s %s", ne.Tie, ne.Via)
				}
				for i, ev := range ne.Evidence {
					if i == 2 {
						fmt.Fprintf(w, " (+%d more)", len(ne.Evidence)-2)
						break
					}
					fmt.Fprintf(w, "  [%s %s %s]", ev.Record, ev.Grade, ev.RecordedAt.Format("2006-01-02"))
				}
				fmt.Fprintln(w)
			}
		}
	})
}
