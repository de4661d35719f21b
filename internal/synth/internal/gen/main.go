// Command gen derives internal/synth/vocab.tsv, the compact name vocabulary
// the scenario generator embeds, from the popular-names CSV files
// (sigpwned/popular-names-by-country-dataset, CC0). Run it through
// `go generate ./internal/synth`; the output is committed so that the
// generator never reads a file at run time.
//
// Output lines are "country<TAB>kind<TAB>native<TAB>latin", kind M or F for
// forenames and S for surnames. native is the localized form with stress
// accents removed; latin is the dataset's romanization, left empty for
// Cyrillic names (the generator romanizes those with internal/name, per
// record). Where the dataset has no list for a country the generator
// models, rows are borrowed and marked in a comment:
//
//   - TJ, UZ forenames: the Cyrillic KG and KZ forenames (shared
//     Arabic/Persian/Turkic given names);
//   - TJ, UZ, KG surnames: the Central Asian surnames of the KZ list (those
//     in -ов/-ев that are not on the RU list and not Korean or Slavic), and for
//     TJ also their -зода forms (Каримов → Каримзода);
//   - BY forenames: the Cyrillic RU forenames;
//   - GT forenames: the MX forenames.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

type row struct{ country, kind, native, latin string }

func main() {
	data := flag.String("data", "../../../shared/data/popular-names", "popular-names folder")
	out := flag.String("out", "vocab.tsv", "output file")
	flag.Parse()
	if err := run(*data, *out); err != nil {
		log.Fatal(err)
	}
}

func run(data, out string) error {
	fore, err := readCSV(filepath.Join(data, "common-forenames-by-country.csv"))
	if err != nil {
		return err
	}
	sur, err := readCSV(filepath.Join(data, "common-surnames-by-country.csv"))
	if err != nil {
		return err
	}
	var rows []row
	for _, r := range fore {
		if r["Gender"] != "M" && r["Gender"] != "F" {
			continue
		}
		rows = append(rows, mk(r["Country"], r["Gender"], r["Localized Name"], r["Romanized Name"]))
	}
	for _, r := range sur {
		rows = append(rows, mk(r["Country"], "S", r["Localized Name"], r["Romanized Name"]))
	}
	rows = slices.DeleteFunc(rows, func(r row) bool { return r.native == "" && r.latin == "" })

	var ruSur []string
	for _, r := range rows {
		if r.country == "RU" && r.kind == "S" {
			ruSur = append(ruSur, r.native)
		}
	}
	var borrowed []row
	for _, r := range rows {
		cyr := isCyrillic(r.native)
		switch {
		case r.country == "KG" && (r.kind == "M" || r.kind == "F") && cyr,
			r.country == "KZ" && (r.kind == "M" || r.kind == "F") && cyr:
			borrowed = append(borrowed, row{"UZ", r.kind, r.native, ""})
			if r.country == "KG" {
				borrowed = append(borrowed, row{"TJ", r.kind, r.native, ""})
			}
		case r.country == "RU" && (r.kind == "M" || r.kind == "F") && cyr:
			borrowed = append(borrowed, row{"BY", r.kind, r.native, ""})
		case r.country == "MX" && (r.kind == "M" || r.kind == "F"):
			borrowed = append(borrowed, row{"GT", r.kind, r.native, r.latin})
		case r.country == "KZ" && r.kind == "S" && cyr && centralAsian(r.native, ruSur):
			for _, c := range []string{"TJ", "UZ", "KG"} {
				borrowed = append(borrowed, row{c, "S", r.native, ""})
			}
			stem := strings.TrimSuffix(strings.TrimSuffix(r.native, "ов"), "ев")
			borrowed = append(borrowed, row{"TJ", "S", stem + "зода", ""})
		}
	}
	// Keep only Cyrillic rows for countries whose own lists are Cyrillic, so a
	// person's names are all in one script.
	rows = slices.DeleteFunc(rows, func(r row) bool {
		switch r.country {
		case "RU", "KZ", "KG", "BY":
			return !isCyrillic(r.native)
		case "TJ":
			return true // Latin-only list; TJ uses the borrowed Cyrillic rows
		}
		return false
	})
	rows = append(rows, borrowed...)
	seen := map[row]bool{}
	rows = slices.DeleteFunc(rows, func(r row) bool {
		if seen[r] {
			return true
		}
		seen[r] = true
		return false
	})
	slices.SortStableFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.country, b.country); c != 0 {
			return c
		}
		return strings.Compare(a.kind, b.kind)
	})

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# Derived by internal/synth/internal/gen from sigpwned/popular-names-by-country-dataset (CC0 1.0).")
	fmt.Fprintln(w, "# country\tkind(M|F|S)\tnative\tlatin (empty: romanize the Cyrillic native form). TJ/UZ/KG/BY rows partly borrowed, see gen.")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.country, r.kind, r.native, r.latin)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mk(country, kind, native, latin string) row {
	native, latin = clean(native), clean(latin)
	if isCyrillic(native) {
		latin = ""
	} else if native == "" || !isLatin(native) {
		native = latin // non-Latin, non-Cyrillic scripts: keep the romanization only
	}
	if !isLatin(native) && !isCyrillic(native) {
		return row{}
	}
	return row{country, kind, native, latin}
}

// clean drops combining marks that are stress accents on Cyrillic (and
// trims); Latin diacritics are kept.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if !isCyrillic(s) {
		return norm.NFC.String(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r == '\u0301' || r == '\u0300' {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

func isCyrillic(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Cyrillic, r) {
			return false
		}
	}
	return true
}

func isLatin(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

func centralAsian(s string, ru []string) bool {
	if !strings.HasSuffix(s, "ов") && !strings.HasSuffix(s, "ев") {
		return false
	}
	switch s {
	case "Иванов", "Кузнецов", "Попов":
		return false
	}
	return !slices.Contains(ru, s)
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		for i, h := range head {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
}
