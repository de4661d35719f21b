package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"vetgraph/internal/synth"
)

// cmdSynth writes a synthetic scenario with its ground truth into a folder.
func cmdSynth(ctx context.Context, e *env, args []string) error {
	fs := e.flags("synth")
	seed := fs.Int64("seed", 1, "random seed: the same seed and version give the same bytes")
	persons := fs.Int("persons", 1000, "true people in the population (at least 100)")
	out := fs.String("out", "", "output folder (created if missing)")
	years := fs.Int("years", 0, "years of encounters (default 5)")
	clientShare := fs.Float64("client-share", 0, "share of travel parties moved by a network (default 0.30)")
	perNet := fs.Int("clients-per-network", 0, "mean clients per network (default 400)")
	cyr := fs.Float64("cyrillic-share", 0, "share of Cyrillic-named people's records written in raw Cyrillic (default 0.25)")
	family := fs.Bool("family-links", true, "debriefs also name non-client relatives (Family records, context only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	cfg := synth.DefaultConfig(*seed, *persons)
	if *years != 0 {
		cfg.Years = *years
	}
	if *clientShare != 0 {
		cfg.ClientShare = *clientShare
	}
	if *perNet != 0 {
		cfg.ClientsPerNetwork = *perNet
	}
	if *cyr != 0 {
		cfg.CyrillicShare = *cyr
	}
	cfg.FamilyLinks = *family
	start := e.clock.Now()
	sum, err := synth.Generate(ctx, cfg, synth.DirSink(*out))
	if err != nil {
		return err
	}
	took := e.clock.Now().Sub(start)
	type result struct {
		Out        string  `json:"out"`
		Version    string  `json:"version"`
		Seed       int64   `json:"seed"`
		Persons    int     `json:"persons"`
		Records    int64   `json:"records"`
		Encounters int64   `json:"encounters"`
		Networks   int     `json:"networks"`
		Seconds    float64 `json:"seconds"`
	}
	res := result{*out, sum.Version, sum.Seed, sum.Persons, sum.Records, sum.Encounters, sum.Networks, took.Seconds()}
	return emitOne(e, res, func(w io.Writer) {
		fmt.Fprintf(w, "wrote %s (%s, seed %d)\n", res.Out, res.Version, res.Seed)
		fmt.Fprintf(w, "persons     %d\nrecords     %d\nencounters  %d\nnetworks    %d\ntook        %s\n",
			res.Persons, res.Records, res.Encounters, res.Networks, took.Round(time.Millisecond))
		fmt.Fprintf(w, "next: vetgraph import --source encounters %s/records/encounters.ftm.jsonl (steps in %s/timeline.json)\n", res.Out, res.Out)
	})
}
