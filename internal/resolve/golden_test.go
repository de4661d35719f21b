package resolve

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestWhyGolden pins the explanations of a few decisions: a cross-script
// match, a generic phone, a conflicting passport.
func TestWhyGolden(t *testing.T) {
	e := New(DefaultConfig(), nil)
	e.Add(person("case", "1", "name=Алишер Каримов", "birthDate=1990-04-12", "gender=male", "passportNumber=AB123456"))
	e.Add(person("border", "2", "firstName=Alisher", "lastName=Karimov", "birthDate=1990-12-04", "gender=m", "phone=+52 664 555 0101"))
	e.Add(person("border", "3", "firstName=Alisher", "lastName=Karimov", "birthDate=1990", "passportNumber=CD998877"))
	for i := range 12 {
		e.Add(person("border", "c"+string(rune('a'+i)), "name=Client Number"+string(rune('a'+i)), "phone=+52 664 555 0101"))
	}
	got := []Explanation{
		e.Why(key("case", "1"), key("border", "2")),
		e.Why(key("border", "2"), key("border", "ca")),
		e.Why(key("case", "1"), key("border", "3")),
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "why.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(b)); diff != "" {
		t.Errorf("explanations changed (-want +got); run with -update if intended:\n%s", diff)
	}
}
