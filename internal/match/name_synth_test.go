package match

import (
	"fmt"
	"sort"
	"testing"

	"vetgraph/internal/name"
	"vetgraph/internal/synth"
)

// synthPair is one compared pair of generated spellings.
type synthPair struct {
	v     float64
	same  bool // the same person
	twins bool // different people with the same name
}

// synthPairs compares every pair of n people's k spellings from
// synth.Spellings(seed, n, k).
func synthPairs(seed int64, n, k int) []synthPair {
	sp := synth.Spellings(seed, n, k)
	ps := make([]*name.Prepared, len(sp))
	for i, s := range sp {
		ps[i] = name.Prepare(s.Name)
	}
	// Name twins: two people whose names are the same, shown by two
	// spellings without typo whose given names and surnames have the same
	// phonetic skeletons (the look-alikes, and people who share a common
	// name by chance, written in any style). A name cannot tell twins apart.
	type key struct{ given, surname string }
	forms := map[int]map[key]bool{}
	for _, s := range sp {
		if s.Typo {
			continue
		}
		if forms[s.Identity] == nil {
			forms[s.Identity] = map[key]bool{}
		}
		forms[s.Identity][key{name.Skeleton(name.Canonical(name.Normalize(s.Given))), name.Skeleton(name.Canonical(name.Normalize(s.Surname)))}] = true
	}
	twins := func(a, b int) bool {
		for f := range forms[a] {
			if forms[b][f] {
				return true
			}
		}
		return false
	}
	var out []synthPair
	for i := range sp {
		for j := i + 1; j < len(sp); j++ {
			same := sp[i].Identity == sp[j].Identity
			out = append(out, synthPair{NameValue(ps[i], ps[j]), same, !same && twins(sp[i].Identity, sp[j].Identity)})
		}
	}
	return out
}

// recallAtPrecision returns the best recall of the rule value >= t over all
// thresholds t whose precision is at least p, with that threshold.
func recallAtPrecision(xs []synthPair, p float64) (recall, threshold float64, pos, neg int) {
	xs = append([]synthPair(nil), xs...)
	for _, x := range xs {
		if x.same {
			pos++
		} else {
			neg++
		}
	}
	sort.Slice(xs, func(a, b int) bool { return xs[a].v > xs[b].v })
	tp, fp := 0, 0
	for i := range xs {
		if xs[i].same {
			tp++
		} else {
			fp++
		}
		if i+1 < len(xs) && xs[i+1].v == xs[i].v {
			continue // a threshold takes all pairs of one value
		}
		if float64(tp)/float64(tp+fp) >= p && float64(tp)/float64(pos) > recall {
			recall, threshold = float64(tp)/float64(pos), xs[i].v
		}
	}
	return recall, threshold, pos, neg
}

// TestCentralAsianIdentities measures name matching on the scenario
// generator's labelled Central Asian identities (synth.Spellings: people of
// TJ, UZ, KZ and KG, each written several times in raw Cyrillic and the
// romanizations, in either order, with or without patronymic, with typos;
// every fourth person a look-alike of an earlier one, with the same given
// name and surname). Target: recall >= 0.97 at precision >= 0.99, asserted
// on the pooled pairs of three generated sets, over the pairs a name can
// decide: name twins (look-alikes, and people who share a name by chance)
// share every name part they are sure to write, so only the birth date and
// other fields of a record (internal/resolve) can tell them apart; the
// figure with them is reported, not asserted.
//
// Seed 7 was used while developing the scorer; seeds 99 and 2026 were first
// measured after most of it was written (2026 once before the last two
// changes).
func TestCentralAsianIdentities(t *testing.T) {
	n, k := 160, 4
	if testing.Short() || raceEnabled {
		n = 60
	}
	var pooled, pooledAll []synthPair
	for _, seed := range []int64{7, 99, 2026} {
		all := synthPairs(seed, n, k)
		var decidable []synthPair
		fp := 0
		for _, x := range all {
			if !x.twins {
				decidable = append(decidable, x)
				if !x.same && x.v >= DefaultNameThreshold {
					fp++
				}
			}
		}
		r, th, pos, neg := recallAtPrecision(decidable, 0.99)
		t.Logf("seed %4d: %d people x %d spellings, %d same-person pairs, %d different (twins aside): recall %.4f at precision >= 0.99 (threshold %.3f); %d false matches at the default threshold",
			seed, n, k, pos, neg, r, th, fp)
		pooled = append(pooled, decidable...)
		pooledAll = append(pooledAll, all...)
	}
	r, th, pos, neg := recallAtPrecision(pooled, 0.99)
	msg := fmt.Sprintf("pooled: %d same-person pairs, %d different (twins aside): recall %.4f at precision >= 0.99 (threshold %.3f)", pos, neg, r, th)
	t.Log(msg)
	ra, tha, _, nega := recallAtPrecision(pooledAll, 0.99)
	t.Logf("pooled with name twins (%d different pairs): recall %.4f at precision >= 0.99 (threshold %.3f): names alone cannot separate twins", nega, ra, tha)
	if r < 0.97 {
		t.Errorf("%s; want recall >= 0.97", msg)
	}
}
