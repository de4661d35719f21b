package resolve

import (
	"testing"

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
