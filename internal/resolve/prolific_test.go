package resolve

import (
	"fmt"
	"testing"
)

// TestProlificPersonResolves: a guide met at the border on more encounters
// than any blocking limit, each record with his own phone and the
// smuggler's phone (both held by more records than the generic limit),
// some without passport or birth date, resolves into one entity with his
// casefile record; the clients who called the smuggler's phone stay apart.
func TestProlificPersonResolves(t *testing.T) {
	e := New(DefaultConfig(), nil)
	const own, work = "phone=+52 806 722 014", "phone=+52 5500 308 841"
	clients := []string{"Aziz Rahimov", "Davron Tursunov", "Jamshid Yusupov", "Sardor Karimov", "Farrukh Saidov", "Olim Nazarov"}
	guide := []string{"name=Daniel Vargas Pérez", "gender=male", own, work}
	e.Add(person("casefiles", "g", append(guide, "birthDate=1981-08-06", "passportNumber=MX366570779")...))
	for i := range 24 {
		kv := append([]string(nil), guide...)
		switch {
		case i%8 == 3: // no passport, no birth date: the name and the phones
		case i%8 == 5: // no passport
			kv = append(kv, "birthDate=1981-08-06")
		default:
			kv = append(kv, "birthDate=1981-08-06", "passportNumber=MX366570779")
		}
		e.Add(person("encounters", fmt.Sprintf("g%d", i), kv...))
		c := clients[i%len(clients)]
		e.Add(person("encounters", fmt.Sprintf("c%d", i), fmt.Sprintf("name=%s %d", c, i), work, fmt.Sprintf("birthDate=19%02d-01-01", 70+i)))
	}
	want := mustEntity(t, e, key("casefiles", "g"))
	for i := range 24 {
		if got := mustEntity(t, e, key("encounters", fmt.Sprintf("g%d", i))); got != want {
			t.Errorf("guide record g%d in %s, want %s: %s", i, got, want, e.Why(key("encounters", fmt.Sprintf("g%d", i)), key("casefiles", "g")).Reason)
		}
	}
	if got, wantN := e.Count(), 1+24; got != wantN {
		t.Errorf("%d entities, want %d (the guide and 24 clients)", got, wantN)
	}
}
