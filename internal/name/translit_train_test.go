package name

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var trainTranslit = flag.Bool("train-translit", false, "learn translit_ru.txt from ../shared/data/translit-ru/wd_russian_80 (lines with frequency < 5)")

// tmPair is one training pair in model letter codes.
type tmPair struct{ lat, cyr []byte }

// readTranslitPairs reads wd_russian_80 and returns the pairs whose
// frequency satisfies keep.
func readTranslitPairs(t testing.TB, keep func(freq int) bool) []tmPair {
	t.Helper()
	d := os.Getenv("VETGRAPH_DATA")
	if d == "" {
		d = filepath.Join("..", "..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(d, "translit-ru", "wd_russian_80"))
	if err != nil {
		t.Skipf("translit data: %v", err)
	}
	defer f.Close()
	var ps []tmPair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err != nil || !keep(n) {
			continue
		}
		l, lok := tmLatCode(ToLatin(Normalize(parts[0])), nil)
		c, cok := tmCyrCode(Normalize(strings.ReplaceAll(parts[1], " ", "")), nil)
		if lok && cok && len(l) <= tmMaxLen && len(c) <= tmMaxLen {
			ps = append(ps, tmPair{l, c})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ps
}

// tmShapes are the chunk shapes (Latin letters, Cyrillic letters) the
// model aligns.
var tmShapes = [][2]int{{1, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {4, 1}}

func tmKey(lat, cyr []byte) uint32 {
	return uint32(tmChunk(lat, tmLatBase))<<11 | uint32(tmChunk(cyr, tmCyrBase))
}

// TestTrainTranslit learns the transliteration model by expectation
// maximization over all alignments of each training pair (forward-backward)
// and writes translit_ru.txt. It runs only with -train-translit.
func TestTrainTranslit(t *testing.T) {
	if !*trainTranslit {
		t.Skip("run with -train-translit to learn translit_ru.txt")
	}
	pairs := readTranslitPairs(t, func(f int) bool { return f < 5 })
	t.Logf("training pairs (frequency < 5): %d", len(pairs))
	// Initial counts: every chunk pair that can align, once per occurrence.
	prob := map[uint32]float64{}
	for _, p := range pairs {
		for i := 0; i <= len(p.lat); i++ {
			for j := 0; j <= len(p.cyr); j++ {
				for _, s := range tmShapes {
					if s[0] <= i && s[1] <= j {
						prob[tmKey(p.lat[i-s[0]:i], p.cyr[j-s[1]:j])]++
					}
				}
			}
		}
	}
	normalize := func(m map[uint32]float64) {
		var z float64
		for _, v := range m {
			z += v
		}
		for k, v := range m {
			m[k] = v / z
		}
	}
	normalize(prob)
	var alpha, beta [tmMaxLen + 1][tmMaxLen + 1]float64
	for iter := 0; iter < 6; iter++ {
		counts := map[uint32]float64{}
		var ll float64
		for _, p := range pairs {
			n, m := len(p.lat), len(p.cyr)
			for i := 0; i <= n; i++ {
				for j := 0; j <= m; j++ {
					alpha[i][j] = 0
					if i == 0 && j == 0 {
						alpha[0][0] = 1
						continue
					}
					for _, s := range tmShapes {
						if s[0] <= i && s[1] <= j {
							alpha[i][j] += alpha[i-s[0]][j-s[1]] * prob[tmKey(p.lat[i-s[0]:i], p.cyr[j-s[1]:j])]
						}
					}
				}
			}
			z := alpha[n][m]
			if z == 0 {
				continue
			}
			ll += math.Log(z)
			for i := n; i >= 0; i-- {
				for j := m; j >= 0; j-- {
					beta[i][j] = 0
					if i == n && j == m {
						beta[i][j] = 1
						continue
					}
					for _, s := range tmShapes {
						if i+s[0] <= n && j+s[1] <= m {
							beta[i][j] += beta[i+s[0]][j+s[1]] * prob[tmKey(p.lat[i:i+s[0]], p.cyr[j:j+s[1]])]
						}
					}
				}
			}
			for i := 0; i <= n; i++ {
				for j := 0; j <= m; j++ {
					if alpha[i][j] == 0 {
						continue
					}
					for _, s := range tmShapes {
						if i+s[0] <= n && j+s[1] <= m {
							k := tmKey(p.lat[i:i+s[0]], p.cyr[j:j+s[1]])
							if q := prob[k]; q > 0 {
								counts[k] += alpha[i][j] * q * beta[i+s[0]][j+s[1]] / z
							}
						}
					}
				}
			}
		}
		// Drop what carries less than a tenth of an occurrence.
		for k, v := range counts {
			if v < 0.1 {
				delete(counts, k)
			}
		}
		normalize(counts)
		prob = counts
		t.Logf("iteration %d: log likelihood %.1f, %d chunk pairs", iter+1, ll, len(prob))
	}
	writeTranslitModel(t, prob, len(pairs))
}

func writeTranslitModel(t *testing.T, prob map[uint32]float64, n int) {
	type row struct {
		lat, cyr string
		lp       float64
	}
	var rows []row
	for k, v := range prob {
		if v*float64(n) < 0.5 {
			continue // seen less than half an occurrence in expectation
		}
		rows = append(rows, row{tmDecodeLat(int(k >> 11)), tmDecodeCyr(int(k & 2047)), math.Log(v)})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].lat != rows[j].lat {
			return rows[i].lat < rows[j].lat
		}
		return rows[i].cyr < rows[j].cyr
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# Latin↔Cyrillic chunk model: Latin chunk, Cyrillic chunk (- for none), natural log of the joint probability.\n")
	fmt.Fprintf(&b, "# Learned by TestTrainTranslit (go test ./internal/name -run TrainTranslit -train-translit) from the %d pairs\n", n)
	fmt.Fprintf(&b, "# of translit-ru/wd_russian_80 (steveash/NETransliteration-COLING2018, CC0) with frequency < 5.\n")
	for _, r := range rows {
		l, c := r.lat, r.cyr
		if l == "" {
			l = "-"
		}
		if c == "" {
			c = "-"
		}
		fmt.Fprintf(&b, "%s\t%s\t%.3f\n", l, c, r.lp)
	}
	if err := os.WriteFile("translit_ru.txt", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote translit_ru.txt: %d chunk pairs", len(rows))
}

func tmDecodeLat(k int) string {
	var b []byte
	for k > 0 {
		b = append([]byte{byte(k%tmLatBase) - 1 + 'a'}, b...)
		k /= tmLatBase
	}
	return string(b)
}

func tmDecodeCyr(k int) string {
	var rs []rune
	for k > 0 {
		rs = append([]rune{[]rune(tmCyrLetters)[k%tmCyrBase-1]}, rs...)
		k /= tmCyrBase
	}
	return string(rs)
}
