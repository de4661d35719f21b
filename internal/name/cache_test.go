package name

import (
	"encoding/csv"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// cacheCorpus is names whose words recur in other places and cases: the
// same word as a given name, a surname marked by capitals or a comma, an
// initial, a title, an organization's legal form.
func cacheCorpus(t testing.TB) []string {
	names := []string{
		"Vladimir PUTIN", "PUTIN, Vladimir", "Putin Vladimir", "Vladimir Putin", "V. Putin", "President Putin",
		"Mr Karimov", "Karimov Alisher", "KARIMOV Alisher", "Alisher Usmon o'g'li Karimov", "Usmon", "USMON, Karimov",
		"Қасымов Алишер", "КАСЫМОВ Алишер", "Kasymova Zarina qizi", "Haji Karimov", "Ivan Petrovich", "Petrovich Ivan",
		"Gazprom Limited", "Limited Gazprom", "ООО Газпром", "Dschurajew Dschamsched", "Джураев", "de la Cruz", "DE LA CRUZ, Juan",
	}
	f, err := os.Open("../../../shared/data/namebench/cases.csv")
	if err != nil {
		t.Logf("namebench not found (%v): the built-in corpus only", err)
		return names
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		for _, v := range r {
			if strings.ContainsAny(v, " ,") || len(v) < 40 {
				names = append(names, v)
			}
		}
	}
	return names
}

// TestCacheSameAsPrepare: a Cache prepares exactly what PrepareKind does,
// whether a word comes from the cache (prepared earlier in another name, in
// another place) or not.
func TestCacheSameAsPrepare(t *testing.T) {
	names := cacheCorpus(t)
	c := NewCache()
	for pass := range 2 { // the second pass takes every word from the cache
		for _, kind := range []Kind{Person, Organization} {
			for _, n := range names {
				want := PrepareKind(n, kind)
				if got := c.PrepareKind(n, kind); !reflect.DeepEqual(got, want) {
					t.Fatalf("pass %d kind %v %q:\n got %+v\nwant %+v", pass, kind, n, got, want)
				}
				if got := c.Lookup(n, kind); !reflect.DeepEqual(got, want) {
					t.Fatalf("Lookup %q differs", n)
				}
			}
		}
	}
	if c.Len() == 0 {
		t.Fatal("cache holds no words")
	}
}

// TestCacheLookupAddsNothing: a query's words are not kept.
func TestCacheLookupAddsNothing(t *testing.T) {
	c := NewCache()
	c.PrepareKind("Alisher Karimov", Person)
	n := c.Len()
	if got := c.Lookup("Zarina Kasymova Alisher", Person); len(got.Tokens) != 3 {
		t.Fatalf("Lookup tokens: %+v", got.Tokens)
	}
	if c.Len() != n {
		t.Fatalf("Lookup added words: %d → %d", n, c.Len())
	}
}

func TestCacheConcurrent(t *testing.T) {
	names := cacheCorpus(t)
	c := NewCache()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(names); i += 2 {
				if got, want := c.PrepareKind(names[i], Person), Prepare(names[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("%q differs", names[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func FuzzCache(f *testing.F) {
	for _, s := range []string{"Vladimir PUTIN", "PUTIN, Vladimir", "Mr Karimov", "Қасымов Алишер o'g'li", "A. B. C", "ООО Газпром Limited"} {
		f.Add(s, s+" x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		c := NewCache()
		c.PrepareKind(a, Person)
		c.PrepareKind(a, Organization)
		for _, kind := range []Kind{Person, Organization} {
			if got, want := c.PrepareKind(b, kind), PrepareKind(b, kind); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q after %q (kind %v): got %+v want %+v", b, a, kind, got, want)
			}
		}
	})
}

func BenchmarkPrepareCached(b *testing.B) {
	names := []string{"Путин Владимир Владимирович", "KASYMOV, Azamat", "Dschurajew Dschamsched", "Alisher Usmon o'g'li Karimov"}
	c := NewCache()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = c.PrepareKind(names[i%len(names)], Person)
		i++
	}
}
