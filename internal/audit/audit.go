// Package audit owns the audit log: an append-only, hash-chained record of
// every read of a person, search, decision and configuration change, kept as
// the event stream "audit" ([vetgraph.AuditStream]) in a
// [vetgraph.EventStore].
//
// # The chain
//
// Entry n carries Prev, the hash of entry n−1 (empty for the first), and
// Hash = hex(SHA-256(canonical JSON of version, at, actor, action, subject,
// detail and prev)). The canonical form is re-derived from the parsed entry,
// so a store that re-encodes JSON (PostgreSQL jsonb) does not break it, while
// any change to a field, a removed, inserted or reordered entry does: [Log.Verify]
// recomputes the chain and reports the first broken link. A chain rewritten
// from some entry on, every hash recomputed, is caught only against an
// [Anchor]: a (version, hash) pair published outside the store earlier.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"vetgraph"
)

// Entry is one audit entry.
type Entry struct {
	Version int64                `json:"version"`
	At      time.Time            `json:"at"`
	Actor   string               `json:"actor"`
	Action  vetgraph.AuditAction `json:"action"`
	Subject string               `json:"subject"` // what was read, searched, decided or changed
	Detail  map[string]string    `json:"detail,omitempty"`
	Prev    string               `json:"prev"`
	Hash    string               `json:"hash"`
}

// KindPrefix prefixes the event kind of an audit entry: "audit.<action>".
const KindPrefix = "audit."

// Log appends to and verifies the audit log. It is safe for concurrent use,
// also with other Log values (in this or other processes) on the same store:
// a version conflict makes it re-read the head and retry.
type Log struct {
	store vetgraph.EventStore
	clock vetgraph.Clock

	mu      sync.Mutex
	version int64 // head version as last seen
	head    string
	seq     int64 // Seq of the head event, for catching up
}

// New returns a Log over store.
func New(store vetgraph.EventStore, clock vetgraph.Clock) *Log {
	return &Log{store: store, clock: clock}
}

const maxRetries = 16

// Record appends one entry and returns it. actor and action are required.
// Errors: Invalid for a missing actor or action; the store's errors
// otherwise (Conflict only after repeated lost races).
func (l *Log) Record(ctx context.Context, actor string, action vetgraph.AuditAction, subject string, detail map[string]string) (Entry, error) {
	const op = "audit.Record"
	if actor == "" || action == "" {
		return Entry{}, vetgraph.Errorf(vetgraph.Invalid, op, "an audit entry needs an actor and an action")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var last error
	for range maxRetries {
		if err := l.catchUp(ctx); err != nil {
			return Entry{}, err
		}
		e := Entry{Version: l.version + 1, At: l.clock.Now().UTC(), Actor: actor, Action: action, Subject: subject, Detail: detail, Prev: l.head}
		e.Hash = e.digest()
		data, err := json.Marshal(e)
		if err != nil {
			return Entry{}, vetgraph.Errorf(vetgraph.Internal, op, "encode: %w", err)
		}
		evs, err := l.store.AppendEvents(ctx, vetgraph.Event{Stream: vetgraph.AuditStream, Version: e.Version, Kind: KindPrefix + string(action), At: e.At, Actor: actor, Data: data})
		if err == nil {
			l.version, l.head, l.seq = e.Version, e.Hash, evs[0].Seq
			return e, nil
		}
		if vetgraph.ErrorCode(err) != vetgraph.Conflict {
			return Entry{}, err
		}
		last = err
	}
	return Entry{}, vetgraph.Errorf(vetgraph.Conflict, op, "lost %d races for the audit head: %w", maxRetries, last)
}

// catchUp reads entries appended since the head this Log knows.
func (l *Log) catchUp(ctx context.Context) error {
	return l.store.ScanEvents(ctx, vetgraph.EventFilter{Stream: vetgraph.AuditStream, AfterSeq: l.seq}, func(ev vetgraph.Event) error {
		var e Entry
		if err := json.Unmarshal(ev.Data, &e); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, "audit.catchUp", "entry v%d: %w", ev.Version, err)
		}
		l.version, l.head, l.seq = ev.Version, e.Hash, ev.Seq
		return nil
	})
}

// digest is the entry's hash over its canonical form.
func (e Entry) digest() string {
	// Field order is fixed by the struct; json sorts Detail's keys.
	b, _ := json.Marshal(struct {
		V       int64             `json:"v"`
		At      string            `json:"at"`
		Actor   string            `json:"actor"`
		Action  string            `json:"action"`
		Subject string            `json:"subject"`
		Detail  map[string]string `json:"detail"`
		Prev    string            `json:"prev"`
	}{e.Version, e.At.UTC().Format(time.RFC3339Nano), e.Actor, string(e.Action), e.Subject, e.Detail, e.Prev})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Filter selects entries for [Log.Entries]. Zero fields select everything.
type Filter struct {
	Actor   string
	Action  vetgraph.AuditAction
	Subject string
	AsOf    time.Time
}

// Entries returns the entries matching f in log order. It does not verify
// the chain.
func (l *Log) Entries(ctx context.Context, f Filter) ([]Entry, error) {
	var out []Entry
	err := l.store.ScanEvents(ctx, vetgraph.EventFilter{Stream: vetgraph.AuditStream, AsOf: f.AsOf}, func(ev vetgraph.Event) error {
		var e Entry
		if err := json.Unmarshal(ev.Data, &e); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, "audit.Entries", "entry v%d: %w", ev.Version, err)
		}
		if (f.Actor == "" || e.Actor == f.Actor) && (f.Action == "" || e.Action == f.Action) && (f.Subject == "" || e.Subject == f.Subject) {
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Result is the outcome of [Log.Verify].
type Result struct {
	OK      bool   `json:"ok"`
	Entries int    `json:"entries"` // entries checked, up to and including the break
	Head    string `json:"head"`    // hash of the last good entry
	Broken  *Break `json:"broken,omitempty"`
}

// Break is the first broken link.
type Break struct {
	Version int64  `json:"version"` // the entry's version as stored
	Seq     int64  `json:"seq"`
	Reason  string `json:"reason"`
}

// Anchor is a (version, hash) pair published outside the store, e.g. the
// head printed by `vetgraph audit verify` and kept in a ticket or a signed
// mail. A forger who rewrites the whole chain (recomputing every hash)
// passes [Log.Verify] but not an anchor taken before the rewrite.
type Anchor struct {
	Version int64  `json:"version"`
	Hash    string `json:"hash"`
}

// Verify recomputes the whole chain and reports the first broken link: an
// entry whose version is not the next one (a removed, inserted or reordered
// entry), whose Prev is not the previous entry's hash, whose hash does not
// match its content, or whose event fields (kind, actor, version) disagree
// with its content, or an entry named by an anchor whose hash differs (or
// that is missing). A broken chain is a Result with OK false, not an error;
// errors are the store's.
func (l *Log) Verify(ctx context.Context, anchors ...Anchor) (Result, error) {
	want := map[int64]string{}
	for _, a := range anchors {
		want[a.Version] = a.Hash
	}
	var r Result
	var prev string
	var next int64 = 1
	err := l.store.ScanEvents(ctx, vetgraph.EventFilter{Stream: vetgraph.AuditStream}, func(ev vetgraph.Event) error {
		if r.Broken != nil {
			return nil
		}
		r.Entries++
		brk := func(format string, args ...any) {
			r.Broken = &Break{Version: ev.Version, Seq: ev.Seq, Reason: fmt.Sprintf(format, args...)}
		}
		var e Entry
		switch err := json.Unmarshal(ev.Data, &e); {
		case err != nil:
			brk("entry does not decode: %v", err)
		case ev.Version != next || e.Version != next:
			brk("version %d (entry says %d) where %d was due: an entry was removed, inserted or reordered", ev.Version, e.Version, next)
		case e.Prev != prev:
			brk("prev %.12s… is not the previous entry's hash %.12s…", e.Prev, prev)
		case e.digest() != e.Hash:
			brk("content does not match its hash %.12s… (recomputed %.12s…): the entry was altered", e.Hash, e.digest())
		case ev.Kind != KindPrefix+string(e.Action) || ev.Actor != e.Actor:
			brk("event kind %q / actor %q disagree with the entry's action %q / actor %q", ev.Kind, ev.Actor, e.Action, e.Actor)
		case want[e.Version] != "" && want[e.Version] != e.Hash:
			brk("hash %.12s… differs from the anchor %.12s… published for this entry: the chain was rewritten", e.Hash, want[e.Version])
		default:
			delete(want, e.Version)
			prev = e.Hash
			next++
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	if r.Broken == nil && len(want) > 0 {
		v := int64(-1)
		for k := range want {
			if v < 0 || k < v {
				v = k
			}
		}
		r.Broken = &Break{Version: v, Reason: fmt.Sprintf("anchored entry %d is missing: the chain was truncated", v)}
	}
	r.OK = r.Broken == nil
	r.Head = prev
	return r, nil
}
