package vet

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestRetractionClearsOnlyWhatItAloneSupported(t *testing.T) {
	w := newTW(t, nil)
	w.apply("agency", "agency", "", "", append(publishedCase(),
		rec("Person", "T1"), rec("Person", "T2"))...)
	if got := w.flags(time.Time{}); len(got) != 0 {
		t.Fatalf("flags before intelligence: %v", summary(got))
	}
	// R1: N1 is a smuggling network; T1 and T2 are tied to G.
	ds := w.apply("R1", "report", "B2", "",
		rec("Organization", "N1", "topics=crime.traffick"),
		rec("UnknownLink", "t-t1", "subject=T1", "object=G", "role=tied_to"),
		rec("UnknownLink", "t-t2", "subject=T2", "object=G", "role=tied_to"))
	want := []string{
		"new C1 crime.traffick N1", "new C2 crime.traffick N1", "new F crime.traffick N1",
		"new T1 crime.terror G", "new T2 crime.terror G",
	}
	if diff := cmp.Diff(want, deltaSummary(ds)); diff != "" {
		t.Fatalf("R1 deltas (-want +got):\n%s", diff)
	}
	afterR1 := w.now()
	// R2, from another source: T2 is tied to G as well.
	ds = w.apply("R2", "report2", "B2", "", rec("UnknownLink", "t-t2b", "subject=T2", "object=G", "role=tied_to"))
	if len(ds) != 0 {
		t.Errorf("R2 restating a tie at the same grade: deltas %v, want none", deltaSummary(ds))
	}
	// Retracting R1 clears what R1 alone supported and leaves T2's tie.
	ds = w.retract("R1")
	want = []string{
		"cleared C1 crime.traffick N1", "cleared C2 crime.traffick N1", "cleared F crime.traffick N1",
		"cleared T1 crime.terror G",
	}
	if diff := cmp.Diff(want, deltaSummary(ds)); diff != "" {
		t.Errorf("retraction deltas (-want +got):\n%s", diff)
	}
	for _, d := range ds {
		if d.Cause != "retract:R1" || d.Before == nil || d.After != nil || !d.At.Equal(w.now()) {
			t.Errorf("delta %+v: want cause retract:R1, before set, after nil, at %v", d, w.now())
		}
	}
	if diff := cmp.Diff([]string{"T2 crime.terror G d1 0.7225"}, summary(w.flags(time.Time{}))); diff != "" {
		t.Errorf("flags after retraction (-want +got):\n%s", diff)
	}
	// History is kept: as of the day after R1 the flags are there.
	want = []string{
		"C1 crime.traffick N1 d1 0.7225", "C2 crime.traffick N1 d2 0.7225", "F crime.traffick N1 d1 0.7225",
		"T1 crime.terror G d1 0.7225", "T2 crime.terror G d1 0.7225",
	}
	if diff := cmp.Diff(want, summary(w.flags(afterR1))); diff != "" {
		t.Errorf("flags as of R1 (-want +got):\n%s", diff)
	}
	// And the delta log still holds them.
	all, err := w.v.Deltas("")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 9 {
		t.Errorf("delta log has %d entries, want 9 (5 new, 4 cleared)", len(all))
	}
	since, err := w.v.Deltas("R2")
	if err != nil {
		t.Fatal(err)
	}
	if len(since) != 4 {
		t.Errorf("Deltas(since R2) = %d entries, want the 4 of the retraction", len(since))
	}
	if _, err := w.v.Deltas("nope"); vetgraph.ErrorCode(err) != vetgraph.NotFound {
		t.Errorf("Deltas(unknown) err = %v, want not_found", err)
	}
	if _, err := w.v.Retract("nope", w.now()); vetgraph.ErrorCode(err) != vetgraph.NotFound {
		t.Errorf("Retract(unknown) err = %v, want not_found", err)
	}
}

func TestCorrectionSupersedes(t *testing.T) {
	w := newTW(t, nil)
	w.apply("agency", "agency", "", "",
		rec("Organization", "G", "topics=crime.terror"),
		rec("Organization", "N1"), rec("Organization", "N2", "topics=crime.traffick"),
		rec("Person", "A"), rec("Person", "B"), rec("Person", "M"),
		rec("Membership", "m", "member=M", "organization=N1"))
	// R1 (C3): A and B tied to G; N1 tied to N2.
	w.apply("R1", "report", "C3", "",
		rec("UnknownLink", "ta", "subject=A", "object=G", "role=tied_to"),
		rec("UnknownLink", "tb", "subject=B", "object=G", "role=tied_to"),
		rec("UnknownLink", "tn", "subject=N1", "object=N2", "role=tied_to"))
	before := w.now()
	// The source clarifies (B2): only A; the N1-N2 link is withdrawn.
	ds := w.apply("R1c", "report", "B2", "R1",
		rec("UnknownLink", "ta", "subject=A", "object=G", "role=tied_to"))
	want := []string{"raised A crime.terror G", "cleared B crime.terror G", "cleared M crime.traffick N2"}
	if diff := cmp.Diff(want, deltaSummary(ds)); diff != "" {
		t.Errorf("correction deltas (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"A crime.terror G d1 0.7225"}, summary(w.flags(time.Time{}))); diff != "" {
		t.Errorf("flags after correction (-want +got):\n%s", diff)
	}
	want = []string{"A crime.terror G d1 0.4900", "B crime.terror G d1 0.4900", "M crime.traffick N2 d2 0.4900"}
	if diff := cmp.Diff(want, summary(w.flags(before))); diff != "" {
		t.Errorf("flags as of before the correction (-want +got):\n%s", diff)
	}
	// Retracting the correction does not bring the superseded report back.
	ds = w.retract("R1c")
	if diff := cmp.Diff([]string{"cleared A crime.terror G"}, deltaSummary(ds)); diff != "" {
		t.Errorf("retracting the correction (-want +got):\n%s", diff)
	}
}

func TestNewerVersionReplacesOlder(t *testing.T) {
	w := newTW(t, nil)
	w.apply("a1", "agency", "", "", rec("Organization", "G", "topics=crime.terror"), rec("Person", "P"),
		rec("Membership", "m", "member=P", "organization=G"))
	// The same record key, new content: P is now a member of another group.
	ds := w.apply("a2", "agency", "", "", rec("Membership", "m", "member=P", "organization=H"))
	if diff := cmp.Diff([]string{"cleared P crime.terror G"}, deltaSummary(ds)); diff != "" {
		t.Errorf("deltas (-want +got):\n%s", diff)
	}
	// Retracting the newer version's batch brings the older one back.
	ds = w.retract("a2")
	if diff := cmp.Diff([]string{"new P crime.terror G"}, deltaSummary(ds)); diff != "" {
		t.Errorf("deltas after retracting a2 (-want +got):\n%s", diff)
	}
	if _, err := w.v.Apply(vetgraph.Batch{ID: "a1"}, nil); vetgraph.ErrorCode(err) != vetgraph.Conflict {
		t.Errorf("re-applying a batch: err %v, want conflict", err)
	}
}

func TestEntityMergeAndSplit(t *testing.T) {
	res := mapResolver{}
	w := newTW(t, res)
	w.apply("a1", "agency", "", "",
		rec("Organization", "G", "topics=crime.terror"),
		rec("Person", "enc-1", "name=Ali Karimov"), rec("Person", "enc-2", "name=Ali Karimov"),
		rec("Membership", "m", "member=enc-2", "organization=G"))
	// The resolver merges enc-2 into enc-1.
	res["enc-2"] = "enc-1"
	ds := w.v.EntitiesChanged("resolve", w.now(), "enc-1", "enc-2")
	want := []string{"new enc-1 crime.terror G", "cleared enc-2 crime.terror G"}
	if diff := cmp.Diff(want, deltaSummary(ds)); diff != "" {
		t.Errorf("merge deltas (-want +got):\n%s", diff)
	}
	fs := w.flags(time.Time{})
	if len(fs) != 1 || len(fs[0].Records) != 2 {
		t.Fatalf("after merge: %+v, want one flag on an entity of two records", fs)
	}
	// And split again.
	delete(res, "enc-2")
	ds = w.v.EntitiesChanged("resolve", w.now(), "enc-1")
	want = []string{"cleared enc-1 crime.terror G", "new enc-2 crime.terror G"}
	if diff := cmp.Diff(want, deltaSummary(ds)); diff != "" {
		t.Errorf("split deltas (-want +got):\n%s", diff)
	}
}

// TestGoldenExplanations pins the full explanation (paths, evidence,
// context) of the published case's flags. Run with -update to rewrite.
func TestGoldenExplanations(t *testing.T) {
	w := newTW(t, nil)
	recs := publishedCase()
	recs[0].Properties.Add("phone", "+992 900 000 100")
	w.apply("agency", "agency", "", "", append(recs,
		rec("Organization", "N2", "name=Network Two"),
		rec("Person", "P", "name=Phone Sharer", "phone=+992900000100"),
		rec("Membership", "mg", "member=F2", "organization=N2", "role=facilitator"),
		rec("Person", "F2", "name=Facilitator F2"))...)
	w.apply("R1", "report", "B2", "",
		rec("Organization", "N1", "topics=crime.traffick"),
		rec("Organization", "N2", "topics=crime.traffick"),
		rec("UnknownLink", "t-n", "subject=N1", "object=N2", "role=tied_to"),
		rec("UnknownLink", "t-f2", "subject=F2", "object=G", "role=tied_to"))
	for _, id := range []vetgraph.EntityID{"C1", "C2", "P"} {
		t.Run(string(id), func(t *testing.T) {
			var got []vetgraph.Flag
			for _, f := range w.flags(time.Time{}) {
				if f.Person == id {
					got = append(got, f)
				}
			}
			b, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "explain_"+string(id)+".golden.json"), append(b, '\n'))
			var txt strings.Builder
			for _, f := range got {
				txt.WriteString(Explain(f))
			}
			golden(t, filepath.Join("testdata", "explain_"+string(id)+".golden.txt"), []byte(txt.String()))
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestLatestHashCollision plants a hash collision between two record keys
// and checks both stay reachable.
func TestLatestHashCollision(t *testing.T) {
	w := newTW(t, nil)
	w.apply("a1", "agency", "", "", rec("Person", "A"))
	ka := vetgraph.RecordKey{Source: "agency", ID: "A"}
	kb := vetgraph.RecordKey{Source: "agency", ID: "B"}
	ia, _ := w.v.latestOf(ka)
	w.v.latest[w.v.hashKey(kb)] = ia // B's slot now holds A: a collision
	w.apply("a2", "agency", "", "", rec("Person", "B", "topics=wanted"), rec("Person", "A", "name=A2"))
	gotA, okA := w.v.latestOf(ka)
	gotB, okB := w.v.latestOf(kb)
	if !okA || !okB || w.v.key(gotA) != ka || w.v.key(gotB) != kb || gotA == ia {
		t.Fatalf("latestOf: A %d %v, B %d %v (A was %d)", gotA, okA, gotB, okB, ia)
	}
	if diff := cmp.Diff([]string{"B wanted B d0 1.0000"}, summary(w.flags(time.Time{}))); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
}

// TestConcurrentReaders reads flags, networks and deltas while batches are
// applied; run with -race.
func TestConcurrentReaders(t *testing.T) {
	w := newTW(t, nil)
	w.apply("agency", "agency", "", "", publishedCase()...)
	done := make(chan struct{})
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := w.v.Flags(context.Background(), time.Time{}); err != nil {
					errs <- err
					return
				}
				if _, err := w.v.Network("N1"); err != nil {
					errs <- err
					return
				}
				w.v.PersonFlags("C1")
				if _, err := w.v.Deltas(""); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 20 {
		w.apply(fmt.Sprint("R", i), "report", "B2", "",
			rec("Organization", "N1", "topics=crime.traffick"),
			rec("UnknownLink", fmt.Sprint("t", i), "subject=F", "object=G", "role=tied_to"))
		if i%3 == 0 {
			w.retract(fmt.Sprint("R", i))
		}
	}
	close(done)
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
