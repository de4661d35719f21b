package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"vetgraph"
)

// cmdFlags lists every person's flags (as of a time): person entity, its
// records, category, concern, degree, strength and the strongest evidence
// paths; jsonl gives one flag a line with everything, context included.
func cmdFlags(ctx context.Context, e *env, args []string) error {
	fs := e.flags("flags")
	asOf := fs.String("as-of", "", "flags as known then (RFC 3339 or a date; default now)")
	category := fs.String("category", "", "only this category (topic), e.g. crime.traffick")
	person := fs.String("person", "", "only this person entity")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph flags [--as-of T] [--category TOPIC] [--person ENTITY] [--format table|json|jsonl|csv]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("flags takes no arguments (got %q)", pos[0])
	}
	cut, err := parseTime("as-of", *asOf)
	if err != nil {
		return err
	}
	all, err := e.currentFlags(ctx, cut)
	if err != nil {
		return err
	}
	var out []vetgraph.Flag
	for _, f := range all {
		if (*category == "" || string(f.Category) == *category) && (*person == "" || string(f.Person) == *person) {
			out = append(out, f)
		}
	}
	cols := []string{"person", "name", "records", "category", "concern", "concern_name", "degree", "strength", "path"}
	return emit(e, out, cols, func(f vetgraph.Flag) []string {
		var recs []string
		for _, r := range f.Records {
			recs = append(recs, r.String())
		}
		path := ""
		if len(f.Paths) > 0 {
			path = pathText(f.Paths[0])
		}
		return []string{string(f.Person), f.PersonName, strings.Join(recs, " "), string(f.Category), string(f.Concern), f.ConcernName,
			strconv.Itoa(int(f.Degree)), strconv.FormatFloat(f.Strength, 'f', 4, 64), path}
	})
}

// pathText renders an evidence path on one line:
// "A -moved_by-> N1 -has_topic-> crime.traffick [report B2]".
func pathText(p vetgraph.Path) string {
	var b strings.Builder
	for i, s := range p.Steps {
		if i == 0 {
			b.WriteString(label(s.From, s.FromName))
		}
		fmt.Fprintf(&b, " -%s-> %s", s.Link, label(s.To, s.ToName))
		if len(s.Evidence) > 0 {
			ev := s.Evidence[0]
			b.WriteString(" [" + ev.Source)
			if g := ev.Grade.String(); g != "" {
				b.WriteString(" " + g)
			}
			b.WriteString("]")
		}
	}
	return b.String()
}

func label(id vetgraph.EntityID, name string) string {
	if name == "" {
		return string(id)
	}
	return string(id) + " (" + name + ")"
}
