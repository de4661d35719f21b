package match

import (
	"testing"

	"pgregory.net/rapid"
)

// TestDocumentsApart: two records holding different documents of one kind
// and issuer, and nothing else only one person holds, are two people; a
// mistyped number, a shared phone, address part or full birth date, or
// documents of two issuers, say nothing of the kind.
func TestDocumentsApart(t *testing.T) {
	a := rec("a", "firstName=Usman", "lastName=Omarov", "birthDate=1981", "passportNumber=UZ235185674", "phone=+998988541359")
	tests := []struct {
		name string
		b    *RecordFeatures
		want bool
	}{
		{"another passport number", rec("b", "firstName=Usman", "lastName=Omarov", "birthDate=1981-06-30", "passportNumber=UZ224600925"), true},
		{"another number, different names too", rec("b", "firstName=Ali", "lastName=Karimov", "passportNumber=UZ224600925"), true},
		{"the same number", rec("b", "passportNumber=UZ235185674"), false},
		{"one digit mistyped", rec("b", "passportNumber=UZ235185675"), false},
		{"two digits mistyped", rec("b", "passportNumber=UZ235186675"), false},
		{"two digits dropped", rec("b", "passportNumber=UZ2351856"), false},
		{"three digits mistyped", rec("b", "passportNumber=UZ235286775"), true},
		{"no document", rec("b", "firstName=Usman", "lastName=Omarov", "phone=+998941205020"), false},
		{"another kind of document", rec("b", "idNumber=AB1234567"), false},
		{"one of two numbers the same", rec("b", "passportNumber=UZ224600925", "passportNumber=UZ235185674"), false},
		{"a shared phone", rec("b", "passportNumber=UZ224600925", "phone=+998988541359"), false},
		{"a birth year on one, a full date on the other", rec("b", "passportNumber=UZ224600925", "birthDate=1981-06-30"), true},
	}
	for _, tt := range tests {
		got, back := DocumentsApart(a, tt.b), DocumentsApart(tt.b, a)
		if got != tt.want || back != got {
			t.Errorf("%s: DocumentsApart = %v (reversed %v), want %v", tt.name, got, back, tt.want)
		}
	}

	// The same full birth date on both, a street or postal code in common:
	// perhaps one person whose number was written wrong or replaced.
	full := rec("c", "birthDate=1981-06-30", "passportNumber=UZ235185674")
	if DocumentsApart(full, rec("d", "birthDate=1981-06-30", "passportNumber=UZ224600925")) {
		t.Error("the same full birth date: apart")
	}
	if !DocumentsApart(full, rec("d", "birthDate=1981-06-03", "passportNumber=UZ224600925")) {
		t.Error("another full birth date: not apart")
	}
	st := rec("e", "passportNumber=5701396", "street=25 thomson street", "postalCode=3188")
	if DocumentsApart(st, rec("f", "passportNumber=2016958", "street=25 thomson street")) {
		t.Error("a street in common: apart")
	}
	if DocumentsApart(st, rec("f", "passportNumber=2016958", "postalCode=3188")) {
		t.Error("a postal code in common: apart")
	}
	if !DocumentsApart(st, rec("f", "passportNumber=2016958", "street=7 high street", "postalCode=2000")) {
		t.Error("another street and postal code: not apart")
	}

	// Issuers: two different issuers are two documents, not a conflict; one
	// issuer or an unknown one on a side is.
	uz := rec("g", "passportNumber=235185674", "country=uz")
	if DocumentsApart(uz, rec("h", "passportNumber=224600925", "country=kg")) {
		t.Error("two issuers: apart")
	}
	if !DocumentsApart(uz, rec("h", "passportNumber=224600925", "country=uz")) {
		t.Error("one issuer: not apart")
	}
	if !DocumentsApart(uz, rec("h", "passportNumber=224600925")) {
		t.Error("an unknown issuer: not apart")
	}
}

// TestEditsWithin: editsWithin agrees with the Levenshtein distance.
func TestEditsWithin(t *testing.T) {
	lev := func(a, b string) int {
		d := make([][]int, len(a)+1)
		for i := range d {
			d[i] = make([]int, len(b)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(a); i++ {
			for j := 1; j <= len(b); j++ {
				c := 1
				if a[i-1] == b[j-1] {
					c = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			}
		}
		return d[len(a)][len(b)]
	}
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.StringMatching(`[0-9A-C]{0,12}|[0-9A-C]{30,40}`)
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		k := rapid.IntRange(0, 4).Draw(t, "k")
		if got, want := editsWithin(a, b, k), lev(a, b) <= k; got != want {
			t.Fatalf("editsWithin(%q, %q, %d) = %v, distance %d", a, b, k, got, lev(a, b))
		}
	})
}
