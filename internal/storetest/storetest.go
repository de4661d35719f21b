// Package storetest owns the conformance suite every [vetgraph.Store]
// implementation passes: the contract of vetgraph.RecordStore and
// vetgraph.EventStore, written once and run against each adapter (memstore,
// sqlite, postgres) from that adapter's tests.
//
// Where the root contract leaves a choice open, the suite pins it down:
//   - a batch without ID or ImportedAt, and a record without key source, key
//     id or schema, are Invalid (for a record with Line its 1-based position
//     in the batch);
//   - times come back equal (time.Time.Equal) to what was stored, to the
//     nanosecond, in UTC;
//   - a key repeated within one batch counts like a key from an earlier batch
//     (Unchanged for the same content, Changed for new content);
//   - RecordFilter.Latest keeps the newest version of each key among all
//     versions recorded at or before AsOf, and the other fields then filter
//     those;
//   - an event Version other than the stream's next (including 0) is Conflict;
//   - a batch given without Counts gets the records per schema it read.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"vetgraph"
)

// Run runs the suite. open must return a new, empty store for each call; Run
// closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) vetgraph.Store) {
	t.Helper()
	o := func(t *testing.T) vetgraph.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, s vetgraph.Store)
	}{
		{"ImportRoundTrip", testImportRoundTrip},
		{"BatchNotFound", testBatchNotFound},
		{"InvalidInput", testInvalidInput},
		{"AllOrNothing", testAllOrNothing},
		{"DuplicateBatch", testDuplicateBatch},
		{"Idempotent", testIdempotent},
		{"DuplicateKeyInBatch", testDuplicateKeyInBatch},
		{"RecordFilter", testRecordFilter},
		{"ScanStops", testScanStops},
		{"Events", testEvents},
		{"EventConflict", testEventConflict},
		{"EventInvalid", testEventInvalid},
		{"ConcurrentAppend", testConcurrentAppend},
		{"ConcurrentImport", testConcurrentImport},
		{"Cancelled", testCancelled},
		{"ManyRecords", testManyRecords},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, o(t)) })
	}
}

// cmpOpts compare stored values: empty and nil are the same, times by Equal
// (which go-cmp uses for time.Time).
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// T0 is the suite's base system time; it has nanoseconds and a zone so that
// round trips are exact only when a store keeps both.
var t0 = time.Date(2026, 3, 1, 9, 30, 15, 123456789, time.FixedZone("UZT", 5*3600))

func at(d time.Duration) time.Time { return t0.Add(d) }

// seq yields recs without error.
func seq(recs ...vetgraph.Record) iter.Seq2[vetgraph.Record, error] {
	return func(yield func(vetgraph.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func person(src, id, name string) vetgraph.Record {
	return vetgraph.Record{
		Key:        vetgraph.RecordKey{Source: src, ID: id},
		Schema:     vetgraph.SchemaPerson,
		Properties: vetgraph.Properties{"name": {name}},
	}
}

func batch(id vetgraph.BatchID, src string, d time.Duration) vetgraph.Batch {
	return vetgraph.Batch{ID: id, Source: src, Format: "ftm", ImportedAt: at(d)}
}

func mustImport(t *testing.T, s vetgraph.Store, b vetgraph.Batch, recs ...vetgraph.Record) vetgraph.Batch {
	t.Helper()
	got, err := s.ImportBatch(t.Context(), b, seq(recs...))
	if err != nil {
		t.Fatalf("ImportBatch(%s): %v", b.ID, err)
	}
	return got
}

func scan(t *testing.T, s vetgraph.Store, f vetgraph.RecordFilter) []vetgraph.Record {
	t.Helper()
	var out []vetgraph.Record
	if err := s.ScanRecords(t.Context(), f, func(r vetgraph.Record) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatalf("ScanRecords(%+v): %v", f, err)
	}
	return out
}

func scanEvents(t *testing.T, s vetgraph.Store, f vetgraph.EventFilter) []vetgraph.Event {
	t.Helper()
	var out []vetgraph.Event
	if err := s.ScanEvents(t.Context(), f, func(ev vetgraph.Event) error {
		out = append(out, ev)
		return nil
	}); err != nil {
		t.Fatalf("ScanEvents(%+v): %v", f, err)
	}
	return out
}

func wantCode(t *testing.T, what string, err error, want vetgraph.Code) {
	t.Helper()
	if got := vetgraph.ErrorCode(err); got != want {
		t.Errorf("%s: error code %q (%v), want %q", what, got, err, want)
	}
}

// state is everything observable in a store, to show that a failed call
// changed nothing.
type state struct {
	Batches []vetgraph.Batch
	Records []vetgraph.Record
	Events  []vetgraph.Event
}

func snapshot(t *testing.T, s vetgraph.Store) state {
	t.Helper()
	bs, err := s.Batches(t.Context())
	if err != nil {
		t.Fatalf("Batches: %v", err)
	}
	return state{bs, scan(t, s, vetgraph.RecordFilter{}), scanEvents(t, s, vetgraph.EventFilter{})}
}

func keys(rs []vetgraph.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s@%s", r.Key, r.Batch))
	}
	return out
}

func testImportRoundTrip(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	b := vetgraph.Batch{
		ID: "intel-2026-03", Source: "intel", Format: "ftm",
		Files: []vetgraph.FileDigest{
			{Name: "a.jsonl", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Size: 1234},
			{Name: "б.jsonl", SHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", Size: 1 << 40},
		},
		ImportedAt: t0,
		Grade:      vetgraph.Grade{Reliability: 'B', Credibility: '2'},
		Supersedes: "intel-2026-02",
		Counts:     map[string]int{"Person": 2, "Membership": 1},
	}
	recs := []vetgraph.Record{
		{
			Key:    vetgraph.RecordKey{Source: "intel", ID: "p1"},
			Schema: vetgraph.SchemaPerson,
			Properties: vetgraph.Properties{
				"name":        {"Жўраев Ғайрат Қаҳҳорович", "Djuraev Gayrat", "Joʻrayev Gʻayrat"},
				"alias":       {"Ҷӯраев ӣ ә ө ү ұ і ң", "\"quoted\" \\ back\tslash\nnewline", "emoji 🛂"},
				"birthDate":   {"1990-01-02"},
				"nationality": {"tj"},
			},
			ValidFrom: time.Date(2025, 12, 31, 23, 59, 59, 999999999, time.UTC),
			ValidTo:   time.Date(2026, 1, 1, 5, 0, 0, 1, time.FixedZone("TJT", 5*3600)),
		},
		{
			Key:        vetgraph.RecordKey{Source: "intel", ID: "p2"},
			Schema:     vetgraph.SchemaPerson,
			Properties: vetgraph.Properties{"name": {"Иван Петров"}},
			ValidFrom:  time.Date(1901, 2, 3, 0, 0, 0, 0, time.UTC),
		},
		{
			Key:        vetgraph.RecordKey{Source: "intel", ID: "m1"},
			Schema:     vetgraph.SchemaMembership,
			Properties: vetgraph.Properties{"member": {"p1"}, "organization": {"o1"}, "role": {"facilitator"}},
		},
	}
	got, err := s.ImportBatch(ctx, b, seq(recs...))
	if err != nil {
		t.Fatalf("ImportBatch: %v", err)
	}
	want := b
	want.Added = 3
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("ImportBatch returned (-want +got):\n%s", diff)
	}
	one, err := s.Batch(ctx, b.ID)
	if err != nil {
		t.Fatalf("Batch: %v", err)
	}
	if diff := cmp.Diff(want, one, cmpOpts...); diff != "" {
		t.Errorf("Batch (-want +got):\n%s", diff)
	}
	if one.ImportedAt.Location() != time.UTC {
		t.Errorf("Batch.ImportedAt in %v, want UTC", one.ImportedAt.Location())
	}
	all, err := s.Batches(ctx)
	if err != nil {
		t.Fatalf("Batches: %v", err)
	}
	if diff := cmp.Diff([]vetgraph.Batch{want}, all, cmpOpts...); diff != "" {
		t.Errorf("Batches (-want +got):\n%s", diff)
	}

	stored := scan(t, s, vetgraph.RecordFilter{})
	if len(stored) != len(recs) {
		t.Fatalf("ScanRecords: %d records, want %d", len(stored), len(recs))
	}
	for i, r := range stored {
		if r.Seq <= 0 || (i > 0 && r.Seq <= stored[i-1].Seq) {
			t.Errorf("record %d: Seq %d, want > 0 and above the previous", i, r.Seq)
		}
		if r.RecordedAt.Location() != time.UTC {
			t.Errorf("record %d: RecordedAt in %v, want UTC", i, r.RecordedAt.Location())
		}
	}
	wantRecs := make([]vetgraph.Record, len(recs))
	for i, r := range recs {
		r.Batch, r.RecordedAt, r.Seq = b.ID, b.ImportedAt, stored[i].Seq
		wantRecs[i] = r
	}
	if diff := cmp.Diff(wantRecs, stored, cmpOpts...); diff != "" {
		t.Errorf("ScanRecords (-want +got):\n%s", diff)
	}
	for i := range stored {
		if got, want := stored[i].Digest(), recs[i].Digest(); got != want {
			t.Errorf("record %d: digest changed in the store: %s, want %s", i, got, want)
		}
	}

	// A second batch with an ungraded, unsuperseding shape round-trips too,
	// and Batches keeps import order.
	b2 := batch("src-2", "list", time.Hour)
	b2.Format = "csv"
	if _, err := s.ImportBatch(ctx, b2, nil); err != nil { // a nil iterator is an empty batch
		t.Fatalf("ImportBatch with nil records: %v", err)
	}
	all, err = s.Batches(ctx)
	if err != nil {
		t.Fatalf("Batches: %v", err)
	}
	var ids []vetgraph.BatchID
	for _, b := range all {
		ids = append(ids, b.ID)
	}
	if diff := cmp.Diff([]vetgraph.BatchID{"intel-2026-03", "src-2"}, ids); diff != "" {
		t.Errorf("Batches order (-want +got):\n%s", diff)
	}
	if !all[1].Grade.IsZero() || all[1].Supersedes != "" || all[1].Added != 0 {
		t.Errorf("empty batch came back as %+v", all[1])
	}
}

func testBatchNotFound(t *testing.T, s vetgraph.Store) {
	_, err := s.Batch(t.Context(), "nope")
	wantCode(t, "Batch(nope)", err, vetgraph.NotFound)
	bs, err := s.Batches(t.Context())
	if err != nil || len(bs) != 0 {
		t.Errorf("Batches on an empty store = %v, %v; want none", bs, err)
	}
}

func testInvalidInput(t *testing.T, s vetgraph.Store) {
	mustImport(t, s, batch("b0", "s", 0), person("s", "p0", "A"))
	before := snapshot(t, s)
	tests := []struct {
		name string
		b    vetgraph.Batch
		recs []vetgraph.Record
	}{
		{"no batch id", batch("", "s", time.Hour), nil},
		{"no imported_at", vetgraph.Batch{ID: "b1", Source: "s"}, nil},
		{"no key source", batch("b1", "s", time.Hour), []vetgraph.Record{person("s", "p1", "A"), person("", "p2", "B")}},
		{"no key id", batch("b1", "s", time.Hour), []vetgraph.Record{person("s", "p1", "A"), person("s", "", "B")}},
		{"no schema", batch("b1", "s", time.Hour), []vetgraph.Record{person("s", "p1", "A"), {Key: vetgraph.RecordKey{Source: "s", ID: "x"}}}},
	}
	for _, tt := range tests {
		_, err := s.ImportBatch(t.Context(), tt.b, seq(tt.recs...))
		wantCode(t, tt.name, err, vetgraph.Invalid)
		var ve *vetgraph.Error
		if len(tt.recs) > 0 && errors.As(err, &ve) && ve.Line != len(tt.recs) {
			t.Errorf("%s: error line %d, want the record's position %d", tt.name, ve.Line, len(tt.recs))
		}
	}
	if diff := cmp.Diff(before, snapshot(t, s), cmpOpts...); diff != "" {
		t.Errorf("invalid imports changed the store (-before +after):\n%s", diff)
	}
}

func testAllOrNothing(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	mustImport(t, s, batch("b1", "s", 0), person("s", "p1", "A"), person("s", "p2", "B"))
	before := snapshot(t, s)

	readErr := &vetgraph.Error{Code: vetgraph.Invalid, Op: "ftm.Read", File: "in.jsonl", Line: 3, Field: "schema", Msg: "unknown schema"}
	failing := func(yield func(vetgraph.Record, error) bool) {
		for _, r := range []vetgraph.Record{person("s", "p1", "A changed"), person("s", "p3", "C")} {
			if !yield(r, nil) {
				return
			}
		}
		yield(vetgraph.Record{}, readErr)
	}
	_, err := s.ImportBatch(ctx, batch("b2", "s", time.Hour), failing)
	if err != readErr {
		var ve *vetgraph.Error
		if !errors.As(err, &ve) || ve != readErr {
			t.Fatalf("ImportBatch with a failing reader returned %v, want the reader's error %v as it was", err, readErr)
		}
		t.Errorf("ImportBatch wrapped the reader's error (%v); the contract returns it as it is", err)
	}
	if diff := cmp.Diff(before, snapshot(t, s), cmpOpts...); diff != "" {
		t.Errorf("a failed import changed the store (-before +after):\n%s", diff)
	}
	// The failed batch's id is still free, and the records it held come now.
	got := mustImport(t, s, batch("b2", "s", time.Hour), person("s", "p1", "A changed"), person("s", "p3", "C"))
	if got.Added != 1 || got.Changed != 1 || got.Unchanged != 0 {
		t.Errorf("import after a failed one: added/changed/unchanged = %d/%d/%d, want 1/1/0", got.Added, got.Changed, got.Unchanged)
	}
}

func testDuplicateBatch(t *testing.T, s vetgraph.Store) {
	mustImport(t, s, batch("b1", "s", 0), person("s", "p1", "A"))
	before := snapshot(t, s)
	_, err := s.ImportBatch(t.Context(), batch("b1", "s", time.Hour), seq(person("s", "p2", "B")))
	wantCode(t, "ImportBatch with a taken id", err, vetgraph.Conflict)
	if diff := cmp.Diff(before, snapshot(t, s), cmpOpts...); diff != "" {
		t.Errorf("a duplicate batch changed the store (-before +after):\n%s", diff)
	}
}

func testIdempotent(t *testing.T, s vetgraph.Store) {
	recs := []vetgraph.Record{person("s", "p1", "A"), person("s", "p2", "B"), person("s", "p3", "C")}
	b1 := mustImport(t, s, batch("b1", "s", 0), recs...)
	if b1.Added != 3 || b1.Changed != 0 || b1.Unchanged != 0 {
		t.Errorf("first import: added/changed/unchanged = %d/%d/%d, want 3/0/0", b1.Added, b1.Changed, b1.Unchanged)
	}
	if stored, err := s.Batch(t.Context(), "b1"); err != nil || !cmp.Equal(stored.Counts, map[string]int{"Person": 3}) {
		t.Errorf("Batch(b1).Counts = %v, %v; want the records per schema read", stored.Counts, err)
	}
	// The same content again, with properties in another order and a
	// different in-memory zone on valid time, is unchanged.
	again := slices.Clone(recs)
	b2 := mustImport(t, s, batch("b2", "s", time.Hour), again...)
	if b2.Added != 0 || b2.Changed != 0 || b2.Unchanged != 3 {
		t.Errorf("re-import: added/changed/unchanged = %d/%d/%d, want 0/0/3", b2.Added, b2.Changed, b2.Unchanged)
	}
	if n := len(scan(t, s, vetgraph.RecordFilter{})); n != 3 {
		t.Errorf("after re-import: %d record versions, want 3", n)
	}
	if got, err := s.Batch(t.Context(), "b2"); err != nil || got.Unchanged != 3 {
		t.Errorf("Batch(b2) = %+v, %v; want the stored counts", got, err)
	}
	// A change to one record and a new one: one new version each.
	changed := []vetgraph.Record{person("s", "p1", "A"), person("s", "p2", "B2"), person("s", "p3", "C"), person("s", "p4", "D")}
	b3 := mustImport(t, s, batch("b3", "s", 2*time.Hour), changed...)
	if b3.Added != 1 || b3.Changed != 1 || b3.Unchanged != 2 {
		t.Errorf("changed import: added/changed/unchanged = %d/%d/%d, want 1/1/2", b3.Added, b3.Changed, b3.Unchanged)
	}
	got := keys(scan(t, s, vetgraph.RecordFilter{}))
	want := []string{"s/p1@b1", "s/p2@b1", "s/p3@b1", "s/p2@b3", "s/p4@b3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
	// Going back to the first content is a change again (the head differs).
	b4 := mustImport(t, s, batch("b4", "s", 3*time.Hour), person("s", "p2", "B"))
	if b4.Changed != 1 {
		t.Errorf("revert import: changed = %d, want 1", b4.Changed)
	}
	// Same id in another source is another key.
	b5 := mustImport(t, s, batch("b5", "t", 4*time.Hour), person("t", "p1", "A"))
	if b5.Added != 1 {
		t.Errorf("same id, other source: added = %d, want 1", b5.Added)
	}
	// Valid time is content.
	r := person("s", "p3", "C")
	r.ValidFrom = at(-24 * time.Hour)
	b6 := mustImport(t, s, batch("b6", "s", 5*time.Hour), r)
	if b6.Changed != 1 {
		t.Errorf("valid-time change: changed = %d, want 1", b6.Changed)
	}
	r.ValidFrom = r.ValidFrom.In(time.FixedZone("X", -3600))
	b7 := mustImport(t, s, batch("b7", "s", 6*time.Hour), r)
	if b7.Unchanged != 1 {
		t.Errorf("same valid time in another zone: unchanged = %d, want 1", b7.Unchanged)
	}
}

func testDuplicateKeyInBatch(t *testing.T, s vetgraph.Store) {
	got := mustImport(t, s, batch("b1", "s", 0),
		person("s", "p1", "A"), person("s", "p1", "A"), person("s", "p1", "A2"), person("s", "p2", "B"))
	if got.Added != 2 || got.Changed != 1 || got.Unchanged != 1 {
		t.Errorf("added/changed/unchanged = %d/%d/%d, want 2/1/1", got.Added, got.Changed, got.Unchanged)
	}
	latest := scan(t, s, vetgraph.RecordFilter{Latest: true})
	var names []string
	for _, r := range latest {
		names = append(names, r.Properties.First("name"))
	}
	if diff := cmp.Diff([]string{"A2", "B"}, names); diff != "" {
		t.Errorf("latest names (-want +got):\n%s", diff)
	}
}

func testRecordFilter(t *testing.T, s vetgraph.Store) {
	// b1 (t0): s/p1 s/p2; b2 (t0+1h): u/q1; b3 (t0+2h): s/p1 changed, s/p3;
	// b4 (t0+3h): s/p1 changed again.
	mustImport(t, s, batch("b1", "s", 0), person("s", "p1", "A"), person("s", "p2", "B"))
	mustImport(t, s, batch("b2", "u", time.Hour), person("u", "q1", "Q"))
	mustImport(t, s, batch("b3", "s", 2*time.Hour), person("s", "p1", "A2"), person("s", "p3", "C"))
	mustImport(t, s, batch("b4", "s", 3*time.Hour), person("s", "p1", "A3"))
	all := scan(t, s, vetgraph.RecordFilter{})
	if len(all) != 6 {
		t.Fatalf("%d versions, want 6", len(all))
	}
	seqOf := func(i int) int64 { return all[i].Seq }
	tests := []struct {
		name string
		f    vetgraph.RecordFilter
		want []string
	}{
		{"all", vetgraph.RecordFilter{}, []string{"s/p1@b1", "s/p2@b1", "u/q1@b2", "s/p1@b3", "s/p3@b3", "s/p1@b4"}},
		{"source", vetgraph.RecordFilter{Source: "s"}, []string{"s/p1@b1", "s/p2@b1", "s/p1@b3", "s/p3@b3", "s/p1@b4"}},
		{"unknown source", vetgraph.RecordFilter{Source: "x"}, nil},
		{"batch", vetgraph.RecordFilter{Batch: "b3"}, []string{"s/p1@b3", "s/p3@b3"}},
		{"unknown batch", vetgraph.RecordFilter{Batch: "zz"}, nil},
		{"after seq", vetgraph.RecordFilter{AfterSeq: seqOf(2)}, []string{"s/p1@b3", "s/p3@b3", "s/p1@b4"}},
		{"after last seq", vetgraph.RecordFilter{AfterSeq: seqOf(5)}, nil},
		{"as of exact batch time", vetgraph.RecordFilter{AsOf: at(time.Hour)}, []string{"s/p1@b1", "s/p2@b1", "u/q1@b2"}},
		{"as of a nanosecond before", vetgraph.RecordFilter{AsOf: at(time.Hour - 1)}, []string{"s/p1@b1", "s/p2@b1"}},
		{"as of in another zone", vetgraph.RecordFilter{AsOf: at(time.Hour).UTC()}, []string{"s/p1@b1", "s/p2@b1", "u/q1@b2"}},
		{"as of before everything", vetgraph.RecordFilter{AsOf: at(-time.Hour)}, nil},
		{"latest", vetgraph.RecordFilter{Latest: true}, []string{"s/p2@b1", "u/q1@b2", "s/p3@b3", "s/p1@b4"}},
		{"latest as of", vetgraph.RecordFilter{Latest: true, AsOf: at(150 * time.Minute)}, []string{"s/p2@b1", "u/q1@b2", "s/p1@b3", "s/p3@b3"}},
		{"latest as of first", vetgraph.RecordFilter{Latest: true, AsOf: at(0)}, []string{"s/p1@b1", "s/p2@b1"}},
		{"latest of a source", vetgraph.RecordFilter{Latest: true, Source: "s"}, []string{"s/p2@b1", "s/p3@b3", "s/p1@b4"}},
		{"latest in a batch", vetgraph.RecordFilter{Latest: true, Batch: "b3"}, []string{"s/p3@b3"}},
		{"latest after seq", vetgraph.RecordFilter{Latest: true, AfterSeq: seqOf(1)}, []string{"u/q1@b2", "s/p3@b3", "s/p1@b4"}},
		{"source batch as of", vetgraph.RecordFilter{Source: "s", Batch: "b3", AsOf: at(2 * time.Hour)}, []string{"s/p1@b3", "s/p3@b3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, keys(scan(t, s, tt.f))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func testScanStops(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	mustImport(t, s, batch("b1", "s", 0), person("s", "p1", "A"), person("s", "p2", "B"), person("s", "p3", "C"))
	if _, err := s.AppendEvents(ctx, vetgraph.Event{Stream: "x", Version: 1, Kind: "k", At: t0}, vetgraph.Event{Stream: "x", Version: 2, Kind: "k", At: t0}); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop here")
	n := 0
	err := s.ScanRecords(ctx, vetgraph.RecordFilter{}, func(vetgraph.Record) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("ScanRecords: fn called %d times, returned %v; want 1 and the fn's error as it is", n, err)
	}
	n = 0
	err = s.ScanEvents(ctx, vetgraph.EventFilter{}, func(vetgraph.Event) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("ScanEvents: fn called %d times, returned %v; want 1 and the fn's error as it is", n, err)
	}
	// A callback may write to the store.
	err = s.ScanRecords(ctx, vetgraph.RecordFilter{Batch: "b1"}, func(r vetgraph.Record) error {
		_, err := s.AppendEvents(ctx, vetgraph.Event{Stream: "seen/" + r.Key.ID, Version: 1, Kind: "seen", At: t0})
		return err
	})
	if err != nil {
		t.Errorf("writing from a ScanRecords callback: %v", err)
	}
	if got := len(scanEvents(t, s, vetgraph.EventFilter{StreamPrefix: "seen/"})); got != 3 {
		t.Errorf("events written from a callback: %d, want 3", got)
	}
}

func testEvents(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	data := json.RawMessage(`{"reason":"source clarified: Қ ≠ K'","n":[1,2]}`)
	in := []vetgraph.Event{
		{Stream: vetgraph.BatchStream("b1"), Version: 1, Kind: vetgraph.EventBatchRetracted, At: t0, Actor: "analyst-7", Data: data},
		{Stream: "review/E7", Version: 1, Kind: "review.opened", At: at(time.Minute)},
		{Stream: "review/E7", Version: 2, Kind: "review.decided", At: at(2 * time.Minute), Actor: "sup-1", Data: json.RawMessage(`{"status":"cleared"}`)},
	}
	got, err := s.AppendEvents(ctx, in...)
	if err != nil {
		t.Fatalf("AppendEvents: %v", err)
	}
	if len(got) != len(in) {
		t.Fatalf("AppendEvents returned %d events, want %d", len(got), len(in))
	}
	for i := range got {
		if got[i].Seq <= 0 || (i > 0 && got[i].Seq <= got[i-1].Seq) {
			t.Errorf("event %d: Seq %d, want > 0 and above the previous", i, got[i].Seq)
		}
		want := in[i]
		want.Seq = got[i].Seq
		if diff := cmp.Diff(want, got[i], cmpOpts...); diff != "" {
			t.Errorf("returned event %d (-want +got):\n%s", i, diff)
		}
	}
	more, err := s.AppendEvents(ctx, vetgraph.Event{Stream: "audit", Version: 1, Kind: "audit.read", At: at(3 * time.Minute)})
	if err != nil {
		t.Fatalf("AppendEvents: %v", err)
	}
	all := append(slices.Clone(got), more...)
	if diff := cmp.Diff(all, scanEvents(t, s, vetgraph.EventFilter{}), cmpOpts...); diff != "" {
		t.Errorf("ScanEvents (-want +got):\n%s", diff)
	}
	for _, ev := range scanEvents(t, s, vetgraph.EventFilter{}) {
		if ev.At.Location() != time.UTC {
			t.Errorf("event %d: At in %v, want UTC", ev.Seq, ev.At.Location())
		}
	}
	if string(scanEvents(t, s, vetgraph.EventFilter{Stream: "batch/b1"})[0].Data) != string(data) {
		t.Errorf("event data not kept byte for byte")
	}

	seqs := func(evs []vetgraph.Event) []int64 {
		var out []int64
		for _, ev := range evs {
			out = append(out, ev.Seq)
		}
		return out
	}
	s0, s1, s2, s3 := all[0].Seq, all[1].Seq, all[2].Seq, all[3].Seq
	tests := []struct {
		name string
		f    vetgraph.EventFilter
		want []int64
	}{
		{"stream", vetgraph.EventFilter{Stream: "review/E7"}, []int64{s1, s2}},
		{"stream is exact", vetgraph.EventFilter{Stream: "review/E"}, nil},
		{"prefix", vetgraph.EventFilter{StreamPrefix: "batch/"}, []int64{s0}},
		{"prefix with like metacharacters", vetgraph.EventFilter{StreamPrefix: "review_%"}, nil},
		{"kind", vetgraph.EventFilter{Kind: "review.decided"}, []int64{s2}},
		{"after seq", vetgraph.EventFilter{AfterSeq: s1}, []int64{s2, s3}},
		{"as of", vetgraph.EventFilter{AsOf: at(time.Minute)}, []int64{s0, s1}},
		{"as of a nanosecond before", vetgraph.EventFilter{AsOf: at(time.Minute - 1)}, []int64{s0}},
		{"combined", vetgraph.EventFilter{StreamPrefix: "review/", Kind: "review.opened", AsOf: at(time.Hour)}, []int64{s1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, seqs(scanEvents(t, s, tt.f))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for stream, want := range map[string]int64{"review/E7": 2, "batch/b1": 1, "audit": 1, "none": 0} {
		if got, err := s.StreamVersion(ctx, stream); err != nil || got != want {
			t.Errorf("StreamVersion(%q) = %d, %v; want %d", stream, got, err, want)
		}
	}
}

func testEventConflict(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	ev := func(stream string, v int64) vetgraph.Event {
		return vetgraph.Event{Stream: stream, Version: v, Kind: "k", At: t0}
	}
	if _, err := s.AppendEvents(ctx, ev("a", 1), ev("a", 2), ev("b", 1)); err != nil {
		t.Fatalf("AppendEvents: %v", err)
	}
	before := snapshot(t, s)
	tests := []struct {
		name string
		evs  []vetgraph.Event
	}{
		{"taken version", []vetgraph.Event{ev("a", 2)}},
		{"taken first version", []vetgraph.Event{ev("b", 1)}},
		{"gap", []vetgraph.Event{ev("a", 4)}},
		{"version zero", []vetgraph.Event{ev("c", 0)}},
		{"new stream not at 1", []vetgraph.Event{ev("c", 2)}},
		{"good then taken", []vetgraph.Event{ev("c", 1), ev("a", 3), ev("b", 1)}},
		{"same version twice in one call", []vetgraph.Event{ev("a", 3), ev("a", 3)}},
		{"out of order in one call", []vetgraph.Event{ev("a", 4), ev("a", 3)}},
	}
	for _, tt := range tests {
		_, err := s.AppendEvents(ctx, tt.evs...)
		wantCode(t, tt.name, err, vetgraph.Conflict)
	}
	if diff := cmp.Diff(before, snapshot(t, s), cmpOpts...); diff != "" {
		t.Errorf("conflicting appends changed the store (-before +after):\n%s", diff)
	}
	// Consecutive versions of one stream in one call are fine.
	if _, err := s.AppendEvents(ctx, ev("a", 3), ev("a", 4), ev("c", 1)); err != nil {
		t.Errorf("AppendEvents(a3, a4, c1): %v", err)
	}
	if v, _ := s.StreamVersion(ctx, "a"); v != 4 {
		t.Errorf("StreamVersion(a) = %d, want 4", v)
	}
}

func testEventInvalid(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	before := snapshot(t, s)
	tests := []struct {
		name string
		evs  []vetgraph.Event
	}{
		{"no stream", []vetgraph.Event{{Version: 1, Kind: "k", At: t0}}},
		{"no kind", []vetgraph.Event{{Stream: "a", Version: 1, At: t0}}},
		{"good then no kind", []vetgraph.Event{{Stream: "a", Version: 1, Kind: "k", At: t0}, {Stream: "b", Version: 1, At: t0}}},
	}
	for _, tt := range tests {
		_, err := s.AppendEvents(ctx, tt.evs...)
		wantCode(t, tt.name, err, vetgraph.Invalid)
	}
	if diff := cmp.Diff(before, snapshot(t, s), cmpOpts...); diff != "" {
		t.Errorf("invalid appends changed the store (-before +after):\n%s", diff)
	}
	if got, err := s.AppendEvents(ctx); err != nil || len(got) != 0 {
		t.Errorf("AppendEvents() = %v, %v; want nothing and no error", got, err)
	}
}

// testConcurrentAppend races writers for each version of one stream: exactly
// one wins each, the others get Conflict, and nothing is lost or doubled.
func testConcurrentAppend(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	const writers, versions = 6, 8
	for v := int64(1); v <= versions; v++ {
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			winners []string
			start   = make(chan struct{})
		)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				actor := fmt.Sprintf("w%d", w)
				_, err := s.AppendEvents(ctx, vetgraph.Event{Stream: "race", Version: v, Kind: "k", At: t0, Actor: actor})
				switch vetgraph.ErrorCode(err) {
				case "":
					mu.Lock()
					winners = append(winners, actor)
					mu.Unlock()
				case vetgraph.Conflict:
				default:
					t.Errorf("version %d, %s: %v; want success or Conflict", v, actor, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(winners) != 1 {
			t.Fatalf("version %d: %d winners %v, want exactly 1", v, len(winners), winners)
		}
	}
	evs := scanEvents(t, s, vetgraph.EventFilter{Stream: "race"})
	if len(evs) != versions {
		t.Fatalf("%d events stored, want %d", len(evs), versions)
	}
	for i, ev := range evs {
		if ev.Version != int64(i+1) {
			t.Errorf("event %d has version %d, want %d", i, ev.Version, i+1)
		}
	}

	// Writers that read the version and retry on Conflict all get through.
	const each = 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				v, err := s.StreamVersion(ctx, "retry")
				if err != nil {
					t.Errorf("StreamVersion: %v", err)
					return
				}
				_, err = s.AppendEvents(ctx, vetgraph.Event{Stream: "retry", Version: v + 1, Kind: "k", At: t0, Actor: fmt.Sprint(w)})
				switch vetgraph.ErrorCode(err) {
				case "":
					done++
				case vetgraph.Conflict:
				default:
					t.Errorf("AppendEvents: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if v, err := s.StreamVersion(ctx, "retry"); err != nil || v != writers*each {
		t.Errorf("StreamVersion(retry) = %d, %v; want %d", v, err, writers*each)
	}
}

func testCancelled(t *testing.T, s vetgraph.Store) {
	mustImport(t, s, batch("b1", "s", 0), person("s", "p1", "A"))
	before := snapshot(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	check := func(what string, err error) {
		t.Helper()
		wantCode(t, what, err, vetgraph.Internal)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v does not wrap context.Canceled", what, err)
		}
	}
	_, err := s.ImportBatch(ctx, batch("b2", "s", time.Hour), seq(person("s", "p2", "B")))
	check("ImportBatch", err)
	_, err = s.Batch(ctx, "b1")
	check("Batch", err)
	_, err = s.Batches(ctx)
	check("Batches", err)
	check("ScanRecords", s.ScanRecords(ctx, vetgraph.RecordFilter{}, func(vetgraph.Record) error { return nil }))
	_, err = s.AppendEvents(ctx, vetgraph.Event{Stream: "a", Version: 1, Kind: "k", At: t0})
	check("AppendEvents", err)
	check("ScanEvents", s.ScanEvents(ctx, vetgraph.EventFilter{}, func(vetgraph.Event) error { return nil }))
	_, err = s.StreamVersion(ctx, "a")
	check("StreamVersion", err)

	// Cancelled while the reader is still yielding: nothing is stored.
	ctx2, cancel2 := context.WithCancel(t.Context())
	slow := func(yield func(vetgraph.Record, error) bool) {
		for i := range 2200 { // beyond the adapters' chunk sizes
			if i == 2100 {
				cancel2()
			}
			if !yield(person("s", fmt.Sprint("c", i), "X"), nil) {
				return
			}
		}
	}
	_, err = s.ImportBatch(ctx2, batch("b3", "s", 2*time.Hour), slow)
	check("ImportBatch cancelled midway", err)
	if diff := cmp.Diff(before, snapshot(t, s), cmpOpts...); diff != "" {
		t.Errorf("cancelled calls changed the store (-before +after):\n%s", diff)
	}
}

// testManyRecords crosses the chunk sizes adapters use internally.
func testManyRecords(t *testing.T, s vetgraph.Store) {
	const n = 2500
	gen := func(changeEvery int) iter.Seq2[vetgraph.Record, error] {
		return func(yield func(vetgraph.Record, error) bool) {
			for i := range n {
				name := fmt.Sprint("name ", i)
				if changeEvery > 0 && i%changeEvery == 0 {
					name += " changed"
				}
				if !yield(person(fmt.Sprint("s", i%3), fmt.Sprint("p", i), name), nil) {
					return
				}
			}
		}
	}
	ctx := t.Context()
	b1, err := s.ImportBatch(ctx, batch("b1", "s", 0), gen(0))
	if err != nil {
		t.Fatal(err)
	}
	b2, err := s.ImportBatch(ctx, batch("b2", "s", time.Hour), gen(7))
	if err != nil {
		t.Fatal(err)
	}
	changed := (n + 6) / 7
	if b1.Added != n || b2.Changed != changed || b2.Unchanged != n-changed || b2.Added != 0 {
		t.Errorf("b1 added %d (want %d); b2 added/changed/unchanged %d/%d/%d (want 0/%d/%d)",
			b1.Added, n, b2.Added, b2.Changed, b2.Unchanged, changed, n-changed)
	}
	all := scan(t, s, vetgraph.RecordFilter{})
	if len(all) != n+changed {
		t.Errorf("%d versions, want %d", len(all), n+changed)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq <= all[i-1].Seq {
			t.Fatalf("Seq not ascending at %d: %d after %d", i, all[i].Seq, all[i-1].Seq)
		}
	}
	if got := len(scan(t, s, vetgraph.RecordFilter{Latest: true})); got != n {
		t.Errorf("latest: %d records, want %d", got, n)
	}
	if got, want := len(scan(t, s, vetgraph.RecordFilter{Latest: true, Source: "s1"})), (n+1)/3; got != want { // i%3 == 1
		t.Errorf("latest of s1: %d records, want %d", got, want)
	}
}

// testConcurrentImport runs imports at once: of one batch id (exactly one
// wins) and of different batches sharing keys (each key is Added exactly
// once, every version is counted once, and each batch's records read back
// as its own).
func testConcurrentImport(t *testing.T, s vetgraph.Store) {
	ctx := t.Context()
	const writers, keys = 4, 300
	gen := func(w int) []vetgraph.Record {
		var rs []vetgraph.Record
		for i := range keys {
			// Half the keys are shared by every writer with the same
			// content, half carry the writer's own content.
			name := "shared"
			if i%2 == 1 {
				name = fmt.Sprint("w", w)
			}
			rs = append(rs, person("s", fmt.Sprint("p", i), name))
		}
		return rs
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		results = map[vetgraph.BatchID]vetgraph.Batch{}
		sameID  int
	)
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			id := vetgraph.BatchID(fmt.Sprint("b", w))
			got, err := s.ImportBatch(ctx, batch(id, "s", time.Duration(w)*time.Minute), seq(gen(w)...))
			if err != nil {
				t.Errorf("ImportBatch(%s): %v", id, err)
				return
			}
			mu.Lock()
			results[id] = got
			mu.Unlock()
		}()
		go func() {
			defer wg.Done()
			_, err := s.ImportBatch(ctx, batch("same", "s", time.Hour), seq(person("t", fmt.Sprint("q", w), "x")))
			switch vetgraph.ErrorCode(err) {
			case "":
				mu.Lock()
				sameID++
				mu.Unlock()
			case vetgraph.Conflict:
			default:
				t.Errorf("ImportBatch(same): %v; want success or Conflict", err)
			}
		}()
	}
	wg.Wait()
	if sameID != 1 {
		t.Errorf("%d imports of batch id \"same\" succeeded, want 1", sameID)
	}
	added, versions := 0, 0
	for id, b := range results {
		added += b.Added
		versions += b.Added + b.Changed
		if got := len(scan(t, s, vetgraph.RecordFilter{Batch: id})); got != b.Added+b.Changed {
			t.Errorf("batch %s: %d records read back, its counts say %d", id, got, b.Added+b.Changed)
		}
		if b.Added+b.Changed+b.Unchanged != keys {
			t.Errorf("batch %s: counts %d/%d/%d do not add up to %d", id, b.Added, b.Changed, b.Unchanged, keys)
		}
	}
	if added != keys {
		t.Errorf("Added sums to %d over the batches, want %d (each key new once)", added, keys)
	}
	all := scan(t, s, vetgraph.RecordFilter{Source: "s"})
	if len(all) != versions {
		t.Errorf("%d versions stored, the batches count %d", len(all), versions)
	}
	// No key holds two consecutive versions with the same content.
	last := map[vetgraph.RecordKey]string{}
	for _, r := range all {
		d := r.Digest()
		if last[r.Key] == d {
			t.Errorf("%s: version %d repeats the previous content", r.Key, r.Seq)
		}
		last[r.Key] = d
	}
}
