package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
)

// cmdAudit verifies or lists the hash-chained audit log.
func cmdAudit(ctx context.Context, e *env, args []string) error {
	const use = "Usage: vetgraph audit verify [--anchor VERSION:HASH,...]\n       vetgraph audit list [--actor A] [--action ACTION] [--subject S]"
	if len(args) == 0 || (args[0] != "verify" && args[0] != "list") {
		fmt.Fprintln(e.stderr, use)
		return usagef("want a subcommand: verify or list")
	}
	sub, args := args[0], args[1:]
	fs := e.flags("audit " + sub)
	actorF := fs.String("actor", "", "list: only this actor")
	action := fs.String("action", "", "list: only this action (person.read, search, decision, config.change, report, export)")
	subject := fs.String("subject", "", "list: only this subject")
	anchorF := fs.String("anchor", "", "verify: VERSION:HASH pairs published earlier (comma separated); a rewritten chain fails them")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("audit %s takes no arguments", sub)
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	lg := audit.New(st, e.clock)
	if sub == "list" {
		es, err := lg.Entries(ctx, audit.Filter{Actor: *actorF, Action: vetgraph.AuditAction(*action), Subject: *subject})
		if err != nil {
			return err
		}
		return emit(e, es, []string{"version", "at", "actor", "action", "subject", "detail", "hash"}, func(x audit.Entry) []string {
			var d []string
			for k, v := range x.Detail {
				d = append(d, k+"="+v)
			}
			return []string{fmt.Sprint(x.Version), x.At.Format(time.RFC3339), x.Actor, string(x.Action), x.Subject, strings.Join(auditSorted(d), " "), x.Hash[:12]}
		})
	}
	var anchors []audit.Anchor
	for a := range strings.SplitSeq(*anchorF, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		v, h, ok := strings.Cut(a, ":")
		n, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil || n < 1 || h == "" {
			return usagef("--anchor %q: want VERSION:HASH, like 42:93bf82d3…", a)
		}
		anchors = append(anchors, audit.Anchor{Version: n, Hash: h})
	}
	r, err := lg.Verify(ctx, anchors...)
	if err != nil {
		return err
	}
	if err := emitOne(e, r, func(w io.Writer) {
		if r.OK {
			fmt.Fprintf(w, "audit log intact: %d entries, head %s\n(keep the anchor %d:%s somewhere else; pass it with --anchor later)\n", r.Entries, r.Head, r.Entries, r.Head)
			return
		}
		fmt.Fprintf(w, "audit log BROKEN at entry %d (seq %d): %s\nentries before it are intact; last good head %s\n", r.Broken.Version, r.Broken.Seq, r.Broken.Reason, r.Head)
	}); err != nil {
		return err
	}
	if !r.OK {
		return vetgraph.Errorf(vetgraph.Conflict, "audit.verify", "the audit chain is broken at entry %d", r.Broken.Version)
	}
	return nil
}

func auditSorted(s []string) []string {
	slices.Sort(s)
	return s
}
