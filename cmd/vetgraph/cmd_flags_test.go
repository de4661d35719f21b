package main

import (
	"bufio"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"vetgraph"
	"vetgraph/internal/vet"
)

func TestFlagsDeltasNetworkCommands(t *testing.T) {
	db := seedCase(t)
	run := func(args ...string) string {
		t.Helper()
		var out, errb strings.Builder
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string {
			if k == "VETGRAPH_DB" {
				return db
			}
			return ""
		})
		if code != 0 {
			t.Fatalf("vetgraph %v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	lines := func(s string) []string {
		var out []string
		sc := bufio.NewScanner(strings.NewReader(s))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			out = append(out, sc.Text())
		}
		return out
	}
	count := map[string]int{}
	for _, l := range lines(run("flags", "--format", "jsonl")) {
		var f vetgraph.Flag
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatal(err)
		}
		if f.Person == "" || len(f.Records) == 0 || f.Concern == "" || len(f.Paths) == 0 || f.Policy == "" {
			t.Errorf("flag line lacks fields: %s", l)
		}
		count[string(f.Category)+"/"+f.ConcernName]++
	}
	// Five clients and the facilitator are connected to the network; only
	// the facilitator has his own tie to the group.
	want := map[string]int{"crime.traffick/Network One": 6, "crime.terror/Group G": 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("flags %s: %d, want %d (all: %v)", k, count[k], n, count)
		}
	}
	if got := len(lines(run("flags", "--format", "jsonl", "--category", "crime.terror"))); got != 1 {
		t.Errorf("--category crime.terror: %d lines, want 1", got)
	}
	if got := len(lines(run("flags", "--format", "jsonl", "--as-of", "2024-01-01"))); got != 0 {
		t.Errorf("--as-of before the intelligence: %d flags, want 0", got)
	}
	table := run("flags")
	if !strings.Contains(table, "-moved_by-> ") || !strings.Contains(table, "R1/net-1 B2") {
		t.Errorf("table lacks the evidence path:\n%s", table)
	}
	if txt := run("flags", "--explain", "--category", "crime.terror"); !strings.Contains(txt, "individual evidence of ties to designated group") {
		t.Errorf("--explain lacks the exact words:\n%s", txt)
	}
	ds := lines(run("deltas", "--since", "b1", "--format", "jsonl"))
	if len(ds) != 7 {
		t.Errorf("deltas since b1: %d, want 7 new", len(ds))
	}
	for _, l := range ds {
		var d vetgraph.FlagDelta
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		if d.Kind != vetgraph.DeltaNew || d.After == nil || d.Cause != "b2" {
			t.Errorf("delta %s: want new with after and cause b2", l)
		}
	}
	var rep vet.NetworkReport
	if err := json.Unmarshal([]byte(run("network", "net-1", "--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Organizations) != 1 || len(rep.Members) != 1 || len(rep.Clients) != 5 {
		t.Errorf("network net-1: %d organizations, %d members, %d clients; want 1, 1, 5", len(rep.Organizations), len(rep.Members), len(rep.Clients))
	}
	if txt := run("network", "net-1"); !strings.Contains(txt, "1 members, 5 clients") {
		t.Errorf("network text:\n%s", txt)
	}
}
