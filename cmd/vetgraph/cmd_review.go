package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/review"
)

// reviewActorFlags registers --as and --role (defaults VETGRAPH_USER and
// VETGRAPH_ROLE) and returns a func giving the actor after parsing.
func reviewActorFlags(e *env, fs *flag.FlagSet) func() (review.Actor, error) {
	as := fs.String("as", e.getenv("VETGRAPH_USER"), "who acts (env VETGRAPH_USER)")
	role := fs.String("role", reviewOr(e.getenv("VETGRAPH_ROLE"), string(review.RoleAnalyst)), "analyst or supervisor (env VETGRAPH_ROLE)")
	return func() (review.Actor, error) {
		if *as == "" {
			return review.Actor{}, usagef("say who acts: --as NAME or VETGRAPH_USER")
		}
		r := review.Role(*role)
		if r != review.RoleAnalyst && r != review.RoleSupervisor {
			return review.Actor{}, usagef("--role %q: want analyst or supervisor", *role)
		}
		return review.Actor{ID: vetgraph.AnalystID(*as), Role: r}, nil
	}
}

func reviewOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

const reviewUsage = `Usage:
  vetgraph review list   [--status S,...] [--assignee A] [--category TOPIC] [--as-of T] [--limit N]
  vetgraph review show   PERSON [--as-of T] --as NAME
  vetgraph review assign PERSON (--claim | --to NAME | --to "") --as NAME [--role supervisor]
  vetgraph review assign --next [--category TOPIC] --as NAME
  vetgraph review decide PERSON --status S --rationale TEXT [--seen VERSION] --as NAME [--role supervisor]
  vetgraph review confirm PERSON (--approve | --reject) --rationale TEXT --as NAME --role supervisor

Statuses: open, in_review, vetting_ongoing, cleared, referred, detained, removed.
Every show, assignment, decision and confirmation is written to the audit log.`

// cmdReview is the review queue: list, show, assign (or claim), decide and
// confirm (the two-person rule).
func cmdReview(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stderr, reviewUsage)
		if len(args) == 0 {
			return usagef("want a subcommand: list, show, assign, decide or confirm")
		}
		return flag.ErrHelp
	}
	sub, args := args[0], args[1:]
	fs := e.flags("review " + sub)
	fs.Usage = func() { fmt.Fprintln(e.stderr, reviewUsage); fs.PrintDefaults() }
	var run func(context.Context, *review.Service, *audit.Log, []string) error
	switch sub {
	case "list":
		status := fs.String("status", "", "only these statuses, comma separated")
		assignee := fs.String("assignee", "", "only items held by this analyst")
		category := fs.String("category", "", "only items with a flag of this category (crime.traffick, crime.terror, ...)")
		asOf := fs.String("as-of", "", "the queue as it stood then (RFC 3339 or a date)")
		limit := fs.Int("limit", 0, "at most this many items (0: all)")
		run = func(ctx context.Context, s *review.Service, _ *audit.Log, pos []string) error {
			if len(pos) > 0 {
				return usagef("review list takes no arguments")
			}
			f := review.Filter{Assignee: vetgraph.AnalystID(*assignee), Category: vetgraph.Topic(*category), Limit: *limit}
			var err error
			if f.AsOf, err = parseTime("as-of", *asOf); err != nil {
				return err
			}
			for st := range strings.SplitSeq(*status, ",") {
				if st = strings.TrimSpace(st); st != "" {
					if !vetgraph.Status(st).Valid() {
						return usagef("--status %q: want one of %v", st, vetgraph.Statuses())
					}
					f.Status = append(f.Status, vetgraph.Status(st))
				}
			}
			items, err := s.List(ctx, f)
			if err != nil {
				return err
			}
			return emit(e, items, reviewCols, reviewRow)
		}
	case "show":
		asOf := fs.String("as-of", "", "the item as it stood then (RFC 3339 or a date)")
		actor := reviewActorFlags(e, fs)
		run = func(ctx context.Context, s *review.Service, lg *audit.Log, pos []string) error {
			if len(pos) != 1 {
				return usagef("review show takes one person id")
			}
			who, err := actor()
			if err != nil {
				return err
			}
			t, err := parseTime("as-of", *asOf)
			if err != nil {
				return err
			}
			it, err := s.Item(ctx, vetgraph.EntityID(pos[0]), t)
			if err != nil {
				return err
			}
			detail := map[string]string{"via": "review show"}
			if *asOf != "" {
				detail["as_of"] = *asOf
			}
			if _, err := lg.Record(ctx, string(who.ID), vetgraph.AuditReadPerson, pos[0], detail); err != nil {
				return err
			}
			return emitOne(e, it, func(w io.Writer) { writeItem(w, it) })
		}
	case "assign":
		claim := fs.Bool("claim", false, "take the item yourself (refused if someone holds it)")
		next := fs.Bool("next", false, "take the highest-priority unassigned open item (no person id)")
		category := fs.String("category", "", "with --next: only items with a flag of this category")
		to := fs.String("to", "\x00", `give the item to this analyst ("" unassigns); supervisors only`)
		actor := reviewActorFlags(e, fs)
		run = func(ctx context.Context, s *review.Service, lg *audit.Log, pos []string) error {
			modes := 0
			for _, on := range []bool{*claim, *next, *to != "\x00"} {
				if on {
					modes++
				}
			}
			if modes != 1 || (*next) != (len(pos) == 0) || len(pos) > 1 {
				return usagef("review assign takes a person id with --claim or --to NAME, or --next alone")
			}
			who, err := actor()
			if err != nil {
				return err
			}
			var it vetgraph.ReviewItem
			switch {
			case *next:
				it, err = s.ClaimNext(ctx, who, review.Filter{Category: vetgraph.Topic(*category)})
			case *claim:
				it, err = s.Claim(ctx, vetgraph.EntityID(pos[0]), who)
			default:
				it, err = s.Assign(ctx, vetgraph.EntityID(pos[0]), vetgraph.AnalystID(*to), who)
			}
			if err != nil {
				return err
			}
			if _, err := lg.Record(ctx, string(who.ID), vetgraph.AuditDecision, string(it.Person), map[string]string{"op": "assign", "assignee": string(it.Assignee), "version": strconv.FormatInt(it.Version, 10)}); err != nil {
				return err
			}
			return emitOne(e, it, func(w io.Writer) {
				fmt.Fprintf(w, "%s: assigned to %q (version %d)\n", it.Person, it.Assignee, it.Version)
			})
		}
	case "decide":
		status := fs.String("status", "", "the new status")
		rationale := fs.String("rationale", "", "why (required)")
		seen := fs.Int64("seen", 0, "the item version you read (from review show); refused if it changed since")
		actor := reviewActorFlags(e, fs)
		run = func(ctx context.Context, s *review.Service, lg *audit.Log, pos []string) error {
			if len(pos) != 1 {
				return usagef("review decide takes one person id")
			}
			who, err := actor()
			if err != nil {
				return err
			}
			it, err := s.Decide(ctx, review.DecideRequest{Person: vetgraph.EntityID(pos[0]), By: who, To: vetgraph.Status(*status), Rationale: *rationale, Seen: *seen})
			if err != nil {
				return err
			}
			d := it.Decisions[len(it.Decisions)-1]
			if _, err := lg.Record(ctx, string(who.ID), vetgraph.AuditDecision, pos[0], map[string]string{
				"op": "decide", "from": string(d.From), "to": string(d.To), "pending": strconv.FormatBool(d.Pending),
				"rationale": d.Rationale, "version": strconv.FormatInt(it.Version, 10),
			}); err != nil {
				return err
			}
			return emitOne(e, it, func(w io.Writer) {
				if d.Pending {
					fmt.Fprintf(w, "%s: decision %s → %s recorded, awaiting a second supervisor (two-person rule); status stays %s\n", it.Person, d.From, d.To, it.Status)
					return
				}
				fmt.Fprintf(w, "%s: %s → %s (version %d)\n", it.Person, d.From, d.To, it.Version)
			})
		}
	case "confirm":
		approve := fs.Bool("approve", false, "approve the pending decision")
		reject := fs.Bool("reject", false, "reject it (the status stays)")
		rationale := fs.String("rationale", "", "why (required)")
		actor := reviewActorFlags(e, fs)
		run = func(ctx context.Context, s *review.Service, lg *audit.Log, pos []string) error {
			if len(pos) != 1 || *approve == *reject {
				return usagef("review confirm takes one person id and either --approve or --reject")
			}
			who, err := actor()
			if err != nil {
				return err
			}
			it, err := s.Confirm(ctx, vetgraph.EntityID(pos[0]), who, *approve, *rationale)
			if err != nil {
				return err
			}
			if _, err := lg.Record(ctx, string(who.ID), vetgraph.AuditDecision, pos[0], map[string]string{
				"op": "confirm", "approved": strconv.FormatBool(*approve), "rationale": *rationale, "status": string(it.Status),
			}); err != nil {
				return err
			}
			return emitOne(e, it, func(w io.Writer) { fmt.Fprintf(w, "%s: status %s (version %d)\n", it.Person, it.Status, it.Version) })
		}
	default:
		fmt.Fprintln(e.stderr, reviewUsage)
		return usagef("unknown review subcommand %q", sub)
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return run(ctx, review.New(st, e.clock, review.DefaultConfig(), e.log), audit.New(st, e.clock), pos)
}

var reviewCols = []string{"person", "name", "status", "priority", "assignee", "flags", "note", "version"}

func reviewRow(it vetgraph.ReviewItem) []string {
	var fl []string
	for _, f := range it.Flags {
		fl = append(fl, fmt.Sprintf("%s:%s@%d", f.Flag.Category, reviewOr(f.Flag.ConcernName, string(f.Flag.Concern)), f.Flag.Degree))
	}
	note := ""
	switch {
	case it.Pending != nil:
		note = "awaiting confirmation: " + string(it.Pending.To)
	case it.EvidenceWithdrawn:
		note = "evidence withdrawn"
	case it.ReopenReason != "":
		note = "re-opened"
	case it.NewEvidence:
		note = "new evidence since decision"
	}
	return []string{string(it.Person), it.PersonName, string(it.Status), strconv.FormatFloat(it.Priority, 'f', 2, 64),
		string(it.Assignee), strings.Join(fl, " "), note, strconv.FormatInt(it.Version, 10)}
}

func writeItem(w io.Writer, it vetgraph.ReviewItem) {
	fmt.Fprintf(w, "person:   %s %s\nstatus:   %s\npriority: %.2f\nassignee: %s\nversion:  %d (pass --seen %d to decide on exactly this)\n",
		it.Person, it.PersonName, it.Status, it.Priority, reviewOr(string(it.Assignee), "(nobody)"), it.Version, it.Version)
	if it.ReopenReason != "" {
		fmt.Fprintf(w, "re-opened: %s\n", it.ReopenReason)
	}
	if it.NewEvidence {
		fmt.Fprintln(w, "NEW EVIDENCE since the last decision: the status stays until a person decides")
	}
	if it.EvidenceWithdrawn {
		fmt.Fprintln(w, "EVIDENCE WITHDRAWN: every flag's basis was retracted or corrected; the status stays until a person decides")
	}
	if it.Pending != nil {
		fmt.Fprintf(w, "pending:  %s → %s by %s, awaiting a second supervisor\n", it.Pending.From, it.Pending.To, it.Pending.Author)
	}
	fmt.Fprintln(w, "\nflags:")
	for _, f := range it.Flags {
		fmt.Fprintf(w, "  %s %s (degree %d, strength %.2f, since %s)\n", f.Flag.Category.Describe(), reviewOr(f.Flag.ConcernName, string(f.Flag.Concern)),
			f.Flag.Degree, f.Flag.Strength, f.Since.Format(time.DateOnly))
	}
	for _, f := range it.Withdrawn {
		fmt.Fprintf(w, "  withdrawn: %s %s\n", f.Category.Describe(), reviewOr(f.ConcernName, string(f.Concern)))
	}
	fmt.Fprintln(w, "\ndecisions:")
	for _, d := range it.Decisions {
		fmt.Fprintf(w, "  %d. %s %s (%s): %s → %s: %q", d.Seq, d.At.Format(time.RFC3339), d.Author, d.Role, d.From, d.To, d.Rationale)
		if c := d.Confirm; c != nil {
			fmt.Fprintf(w, " [%s by %s: %q]", map[bool]string{true: "confirmed", false: "not confirmed"}[c.Approved], c.By, c.Rationale)
		} else if d.Pending {
			fmt.Fprint(w, " [pending]")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nhistory:")
	for _, n := range it.Notes {
		fmt.Fprintf(w, "  %s %s %s: %s\n", n.At.Format(time.RFC3339), n.Actor, n.Kind, n.Text)
	}
}
