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

// TestProlificGuideMistyped: a guide met on thirty crossings whose name and
// birth date fill every name and name-pair key past the block limit, and
// whose phones and address are held by more records than the generic
// limit (his clients hold them too), is still found when his given name is
// mistyped so that the initials differ: his surname with his birth date
// ("d" keys, DateBlockLimit) is held only by his own records.
func TestProlificGuideMistyped(t *testing.T) {
	const own, addr = "phone=+52 803 874 025", "address=Central St 277, block 166, apt 239, Ciudad de Mexico, MX"
	build := func(cfg Config) *Engine {
		e := New(cfg, nil)
		e.Add(person("casefiles", "g", "name=Matías Guerrero Ramos", "gender=male", "birthDate=1977-03-18", own, addr))
		for i := range 30 {
			e.Add(person("encounters", fmt.Sprintf("g%d", i), "name=Matías Guerrero Ramos", "gender=male", "birthDate=1977-03-18", own, addr))
			// A client, met with him, who gave his phone and address.
			e.Add(person("encounters", fmt.Sprintf("c%d", i), fmt.Sprintf("name=Client%c Number%c", 'a'+rune(i%26), 'a'+rune(i/26)), own, addr,
				fmt.Sprintf("birthDate=19%02d-02-%02d", 60+i, 1+i%28)))
		}
		// The mistyped crossing: Maaías (initials g m, not g m r).
		e.Add(person("encounters", "typo", "name=Maaías Guerrero", "gender=male", "birthDate=1977-03-18", own, addr))
		return e
	}
	e := build(DefaultConfig())
	if got, want := mustEntity(t, e, key("encounters", "typo")), mustEntity(t, e, key("casefiles", "g")); got != want {
		t.Errorf("the mistyped record is apart from the guide: %s", e.Why(key("encounters", "typo"), key("casefiles", "g")).Reason)
	}
	// At the name keys' limit the date keys would be too full to block.
	low := DefaultConfig()
	low.DateBlockLimit = low.BlockLimit
	e = build(low)
	if got, want := mustEntity(t, e, key("encounters", "typo")), mustEntity(t, e, key("casefiles", "g")); got == want {
		t.Errorf("with date_block_limit %d the mistyped record still joined the guide (the test's premise fails)", low.BlockLimit)
	}
}
