package synth

import (
	"regexp"
	"testing"
)

// TestIdentifiersUnique: phones, passports and home addresses are
// injective in their index, across the population, member and cast ranges,
// so no two people share one by accident.
func TestIdentifiersUnique(t *testing.T) {
	var idx []int64
	for i := int64(0); i < 5000; i++ {
		idx = append(idx, i, addressSpace-25000+i, 3*addressSpace+i, memberPidx+i, castPidx+i)
	}
	phones, passports, addrs := map[string]int64{}, map[string]int64{}, map[string]int64{}
	passRE := regexp.MustCompile(`^TJ\d{9}$`)
	phoneRE := regexp.MustCompile(`^\+992[789]\d{8}$`)
	for _, i := range idx {
		for _, v := range []int64{0, 1} {
			p := passportNumber("TJ", i, v)
			if j, dup := passports[p]; dup {
				t.Fatalf("passport %s for %d and %d", p, j, i)
			}
			passports[p] = i
			if !passRE.MatchString(p) {
				t.Fatalf("passport %q", p)
			}
		}
		ph := phoneNumber("TJ", i)
		if j, dup := phones[ph]; dup {
			t.Fatalf("phone %s for %d and %d", ph, j, i)
		}
		phones[ph] = i
		if !phoneRE.MatchString(ph) {
			t.Fatalf("phone %q", ph)
		}
		a := homeAddress("TJ", i)
		if j, dup := addrs[a]; dup {
			t.Fatalf("address %q for %d and %d", a, j, i)
		}
		addrs[a] = i
	}
}

func TestBirthDateFormat(t *testing.T) {
	for _, tc := range []struct {
		x     int64
		width int
		want  string
	}{{0, 4, "0000"}, {7, 2, "07"}, {1987, 4, "1987"}, {123456789, 9, "123456789"}, {42, 9, "000000042"}} {
		if got := string(appendPadded(nil, tc.x, tc.width)); got != tc.want {
			t.Errorf("appendPadded(%d, %d) = %q, want %q", tc.x, tc.width, got, tc.want)
		}
	}
}
