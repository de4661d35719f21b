package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/pipeline"
)

// screenResult is one output line of `vetgraph screen`.
type screenResult struct {
	Line   int            `json:"line"`
	Query  string         `json:"query"`
	Hits   []pipeline.Hit `json:"hits"`
	Micros int64          `json:"took_us"`
	// Crowded, when no candidate was found, is the most held records that
	// share one of the query's keys too common to rank on alone.
	Crowded int             `json:"crowded,omitempty"`
	Error   *vetgraph.Error `json:"error,omitempty"`
}

// cmdScreen screens prospective encounters read from stdin (FtM Person
// JSON, one a line) or given as a name argument, against everything the
// store holds, watchlists included. Nothing is stored but an audit entry.
func cmdScreen(ctx context.Context, e *env, args []string) error {
	fs := e.flags("screen")
	limit := fs.Int("limit", 5, "candidates per query")
	birth := fs.String("birth-date", "", "with a name argument: date of birth")
	actor := fs.String("as", e.getenv("VETGRAPH_USER"), "who screens, recorded in the audit log (env VETGRAPH_USER)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *actor == "" {
		return usagef("say who screens: --as NAME or VETGRAPH_USER (every search is audited)")
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		return err
	}
	defer s.Close()
	log := audit.New(s.store, e.clock)

	var results []screenResult
	screen := func(line int, q vetgraph.Record) error {
		t0 := time.Now()
		hits, err := s.p.Screen(ctx, q, *limit)
		took := time.Since(t0)
		if err != nil {
			return err
		}
		if hits == nil {
			hits = []pipeline.Hit{}
		}
		res := screenResult{Line: line, Query: strings.Join(q.Properties["name"], " / "), Hits: hits, Micros: took.Microseconds()}
		if len(hits) == 0 {
			res.Crowded = s.p.ScreenCrowded(q)
		}
		if _, err := log.Record(ctx, *actor, vetgraph.AuditSearch, "screen", map[string]string{"query": res.Query, "hits": fmt.Sprint(len(hits))}); err != nil {
			return err
		}
		results = append(results, res)
		return nil
	}
	if len(pos) > 0 {
		q := vetgraph.Record{Key: vetgraph.RecordKey{Source: "screen", ID: "q1"}, Schema: vetgraph.SchemaPerson, Properties: vetgraph.Properties{}}
		q.Properties.Add("name", strings.Join(pos, " "))
		q.Properties.Add("birthDate", *birth)
		if err := screen(1, q); err != nil {
			return err
		}
	} else {
		sc := bufio.NewScanner(e.stdin)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for line := 1; sc.Scan(); line++ {
			text := strings.TrimSpace(sc.Text())
			if text == "" {
				continue
			}
			var in struct {
				ID         string              `json:"id"`
				Schema     string              `json:"schema"`
				Properties map[string][]string `json:"properties"`
			}
			if err := json.Unmarshal([]byte(text), &in); err != nil {
				return &vetgraph.Error{Code: vetgraph.Invalid, Op: "vetgraph screen", File: "stdin", Line: line, Msg: "not an FtM entity: " + err.Error()}
			}
			if in.Schema == "" {
				in.Schema = vetgraph.SchemaPerson
			}
			if in.ID == "" {
				in.ID = fmt.Sprintf("q%d", line)
			}
			q := vetgraph.Record{Key: vetgraph.RecordKey{Source: "screen", ID: in.ID}, Schema: in.Schema, Properties: vetgraph.Properties(in.Properties)}
			if err := screen(line, q); err != nil {
				var ve *vetgraph.Error
				if vetgraph.ErrorCode(err) == vetgraph.Invalid && errors.As(err, &ve) {
					ve.File, ve.Line = "stdin", line
				}
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return vetgraph.Errorf(vetgraph.Invalid, "vetgraph screen", "read stdin: %w", err)
		}
	}
	if e.format == "" || e.format == "table" {
		for _, r := range results {
			fmt.Fprintf(e.stdout, "%s  (%d µs)\n", r.Query, r.Micros)
			if len(r.Hits) == 0 {
				if r.Crowded > 0 {
					fmt.Fprintf(e.stdout, "  no candidates: %d held records share a key of this query too common to rank on alone (a common name); add a birth date, a document or a phone\n", r.Crowded)
				} else {
					fmt.Fprintln(e.stdout, "  no candidates")
				}
			}
			for _, h := range r.Hits {
				name := ""
				if len(h.Names) > 0 {
					name = h.Names[0]
				}
				fmt.Fprintf(e.stdout, "  %.3f %-8s %s %q", h.Score.Value, h.Decision, h.Entity, name)
				if len(h.Watchlist) > 0 {
					fmt.Fprintf(e.stdout, " WATCHLIST %s", strings.Join(h.Watchlist, ","))
				}
				for _, f := range h.Flags {
					fmt.Fprintf(e.stdout, " [%s %s, degree %d]", f.Category, f.ConcernName, f.Degree)
				}
				fmt.Fprintln(e.stdout)
			}
		}
		return nil
	}
	if e.format == "jsonl" || e.format == "json" {
		return emit(e, results, nil, nil)
	}
	return usagef("screen prints table, json or jsonl")
}
