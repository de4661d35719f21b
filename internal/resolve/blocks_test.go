package resolve

import (
	"fmt"
	"testing"

	"vetgraph"
	"vetgraph/internal/match"
)

// TestBlockKeysLinkWithInitials: two records sharing a phone meet on the
// phone joined with name initials when their names agree up to a dropped
// second family name, and not when their given names differ.
func TestBlockKeysLinkWithInitials(t *testing.T) {
	base := person("s", "a", "firstName=Miguel Angel", "lastName=Vázquez Hernández", "phone=+52 55 0020 5894")
	tests := []struct {
		name string
		kv   []string
		want bool
	}{
		{"same name", []string{"firstName=Miguel Angel", "lastName=Vázquez Hernández"}, true},
		{"second family name dropped", []string{"firstName=Miguel Angel", "lastName=Vazquez"}, true},
		{"whole name only, second family name dropped", []string{"name=Miguel Angel Vazquez"}, true},
		{"other given name", []string{"firstName=José", "lastName=Vázquez Hernández"}, false},
		{"other first family name", []string{"firstName=Miguel Angel", "lastName=Hernández"}, false},
	}
	cfg := DefaultConfig()
	var ka, kb keyer
	a := match.PrepareRecordWith(base, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := match.PrepareRecordWith(person("s", "b", append(tt.kv, "phone=+52 55 0020 5894")...), nil)
			got := false
			bk := blockKeys(&kb, b, cfg)
			for _, x := range blockKeys(&ka, a, cfg) {
				for _, y := range bk {
					if x.h == y.h && int(x.limit) == cfg.NameLinkBlockLimit {
						got = true
					}
				}
			}
			if got != tt.want {
				t.Errorf("share a phone-with-initials key = %v, want %v", got, tt.want)
			}
		})
	}
}

// sharedKeys returns the blocking keys (as text) two records share.
func sharedKeys(cfg Config, a, b vetgraph.Record) []string {
	ka, kb := keyer{text: true}, keyer{text: true}
	blockKeys(&ka, match.PrepareRecordWith(a, nil), cfg)
	blockKeys(&kb, match.PrepareRecordWith(b, nil), cfg)
	var out []string
	for i, x := range ka.keys {
		for _, y := range kb.keys {
			if x.h == y.h && !x.freq {
				out = append(out, ka.texts[i])
			}
		}
	}
	return out
}

// TestFallbackBlockLimit: the keys that stand in for a typo (a birth date
// with an initial, two name keys with a year, half a passport number)
// carry FallbackBlockLimit. A record whose names a typo put beyond their
// keys meets its person's record on a date-and-initial key while few hold
// it, and no longer once more people born that day with that initial do.
func TestFallbackBlockLimit(t *testing.T) {
	cfg := DefaultConfig()
	var k keyer
	k.text = true
	keys := blockKeys(&k, match.PrepareRecordWith(person("s", "a", "firstName=Dilshod", "lastName=Karimov", "birthDate=1990-05-06", "passportNumber=UZ6151668"), nil), cfg)
	tags := map[byte]int{}
	for i, x := range keys {
		tag := k.texts[i][0]
		tags[tag]++
		want := cfg.BlockLimit
		switch tag {
		case 'f', 'y', 'h':
			want = cfg.FallbackBlockLimit
		case 'd':
			want = cfg.DateBlockLimit
		case 'i':
			want = cfg.IdentityBlockLimit
		case '=', 'k':
			continue
		}
		if int(x.limit) != want {
			t.Errorf("key %q: limit %d, want %d", k.texts[i], x.limit, want)
		}
	}
	for _, tag := range []byte("dfnyih") {
		if tags[tag] == 0 {
			t.Errorf("no %q key among %q", tag, k.texts)
		}
	}

	a := person("s", "a", "name=Dilshod Karimov", "birthDate=1990-05-06", "gender=male")
	b := person("s", "b", "name=Dilhsod Kamirov", "birthDate=1990-05-06", "gender=male")
	shared := sharedKeys(cfg, a, b)
	for _, s := range shared {
		if s[0] != 'f' {
			t.Fatalf("test data: the records share %q, want only date-and-initial keys", shared)
		}
	}
	if len(shared) == 0 {
		t.Fatal("test data: the records share no key")
	}
	// Other people born that day with the same initials.
	others := []string{"Davron Kasimov", "Doniyor Kurbanov", "Diyor Komilov", "Dostonbek Kadyrov"}
	for _, n := range []int{0, cfg.FallbackBlockLimit} {
		e := New(cfg, nil)
		e.Add(a)
		for i, o := range others[:n] {
			e.Add(person("s", fmt.Sprint("o", i), "name="+o, "birthDate=1990-05-06", "gender=male"))
		}
		e.Add(b)
		same := mustEntity(t, e, key("s", "a")) == mustEntity(t, e, key("s", "b"))
		if want := n+2 <= cfg.FallbackBlockLimit; same != want {
			t.Errorf("with %d others born that day: same entity = %v, want %v (%s)", n, same, want, e.Why(key("s", "a"), key("s", "b")).Reason)
		}
	}
}
