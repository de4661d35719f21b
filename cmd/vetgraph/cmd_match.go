package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vetgraph"
	"vetgraph/internal/match"
	"vetgraph/internal/name"
)

// matchResult is one comparison as printed by vetgraph match.
type matchResult struct {
	A      string           `json:"a"`
	B      string           `json:"b"`
	Schema string           `json:"schema,omitempty"`
	Score  float64          `json:"score"`
	Match  bool             `json:"match"`
	Pieces []vetgraph.Piece `json:"pieces"`
}

// matchInput is one line of batch input.
type matchInput struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Schema string `json:"schema"`
}

// cmdMatch compares two names, or, without arguments, every pair read as
// JSON lines ({"a":..,"b":..,"schema":"Person"}) from stdin.
func cmdMatch(ctx context.Context, e *env, args []string) error {
	fs := e.flags("match")
	schema := fs.String("schema", "Person", "FtM schema of the names: Person, or an organization schema (Organization, Company, LegalEntity, Vessel...)")
	threshold := fs.Float64("threshold", match.DefaultNameThreshold, "score at or above which two names match")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph match [flags] \"NAME A\" \"NAME B\"\n       vetgraph match [flags] < pairs.jsonl   (lines {\"a\":..,\"b\":..,\"schema\":\"Person\"})")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := match.DefaultNameConfig()
	cfg.Threshold = *threshold
	switch fs.NArg() {
	case 2:
		r := compareNames(cfg, fs.Arg(0), fs.Arg(1), *schema)
		return emitOne(e, r, func(w io.Writer) {
			fmt.Fprintf(w, "score: %.3f\nmatch: %v\n\n", r.Score, r.Match)
			writeTable(w, pieceCols, r.Pieces, pieceRow)
		})
	case 0:
		return matchBatch(ctx, e, cfg, *schema)
	}
	return usagef("want two names, or none to read JSON lines from stdin")
}

var pieceCols = []string{"kind", "method", "score", "weight", "matched", "a", "b", "note"}

func pieceRow(p vetgraph.Piece) []string {
	return []string{p.Kind, p.Method, strconv.FormatFloat(p.Score, 'f', 3, 64), strconv.FormatFloat(p.Weight, 'f', 3, 64),
		strconv.FormatBool(p.Matched), p.A, p.B, p.Note}
}

func compareNames(cfg match.NameConfig, a, b, schema string) matchResult {
	kind := name.Person
	if schema != "" && schema != vetgraph.SchemaPerson {
		kind = name.Organization
	}
	s := cfg.Names(name.PrepareKind(a, kind), name.PrepareKind(b, kind))
	if s.Pieces == nil {
		s.Pieces = []vetgraph.Piece{}
	}
	return matchResult{A: a, B: b, Schema: schema, Score: s.Value, Match: s.Match, Pieces: s.Pieces}
}

// matchBatch streams JSON lines in and results out (jsonl), or collects them
// for the other formats. A malformed line fails the whole run, naming it.
func matchBatch(ctx context.Context, e *env, cfg match.NameConfig, schema string) error {
	const op = "match.batch"
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	var enc *json.Encoder
	if e.format == "jsonl" {
		enc = json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
	}
	var results []matchResult
	line := 0
	for sc.Scan() {
		line++
		if line%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return vetgraph.Errorf(vetgraph.Internal, op, "interrupted: %w", err)
			}
		}
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var in matchInput
		if err := json.Unmarshal([]byte(text), &in); err != nil {
			ve := vetgraph.Errorf(vetgraph.Invalid, op, "bad JSON: %w", err)
			ve.File, ve.Line = "stdin", line
			return ve
		}
		if in.Schema == "" {
			in.Schema = schema
		}
		r := compareNames(cfg, in.A, in.B, in.Schema)
		if enc != nil {
			if err := enc.Encode(r); err != nil {
				return vetgraph.Errorf(vetgraph.Internal, op, "write: %w", err)
			}
			continue
		}
		results = append(results, r)
	}
	if err := sc.Err(); err != nil {
		ve := vetgraph.Errorf(vetgraph.Invalid, op, "read: %w", err)
		ve.File, ve.Line = "stdin", line+1
		return ve
	}
	if enc != nil {
		return nil
	}
	return emit(e, results, []string{"a", "b", "schema", "score", "match"}, func(r matchResult) []string {
		return []string{r.A, r.B, r.Schema, strconv.FormatFloat(r.Score, 'f', 3, 64), strconv.FormatBool(r.Match)}
	})
}
