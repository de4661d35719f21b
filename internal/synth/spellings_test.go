package synth

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpellings(t *testing.T) {
	const n, k = 400, 6
	got := Spellings(9, n, k)
	if len(got) != n*k {
		t.Fatalf("%d spellings, want %d", len(got), n*k)
	}
	if diff := cmp.Diff(got, Spellings(9, n, k)); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
	styles := map[string]int{}
	variants := 0
	for i := 0; i < n; i++ {
		seen := map[string]bool{}
		for _, s := range got[i*k : (i+1)*k] {
			if s.Identity != i {
				t.Fatalf("spelling %+v in identity %d's block", s, i)
			}
			switch s.Country {
			case "TJ", "UZ", "KZ", "KG":
			default:
				t.Errorf("country %s is not Central Asian", s.Country)
			}
			styles[s.Style]++
			seen[s.Name] = true
		}
		if len(seen) > 1 {
			variants++
		}
	}
	for _, st := range []string{"icao", "bgn", "iso9", "uz", "kk", "fr", "de", "cyrillic"} {
		if styles[st] == 0 {
			t.Errorf("no %s spelling in %d", st, n*k)
		}
	}
	if share := float64(styles["cyrillic"]) / float64(n*k); math.Abs(share-.25) > .03 {
		t.Errorf("raw Cyrillic share %.3f, want 0.25", share)
	}
	if variants < n*9/10 {
		t.Errorf("only %d of %d people are written in more than one way", variants, n)
	}
	// Look-alikes: different identities with the same given name and surname.
	type key struct{ country, given, surname string }
	first := map[key]int{}
	look := 0
	for _, s := range got {
		if s.Style != "icao" || s.Typo {
			continue
		}
		kk := key{s.Country, s.Given, s.Surname}
		if j, ok := first[kk]; ok && j != s.Identity {
			look++
		} else if !ok {
			first[kk] = s.Identity
		}
	}
	if look == 0 {
		t.Error("no look-alikes")
	}
}
