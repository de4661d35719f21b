package name

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var evalTranslit = flag.Bool("eval-translit", false, "rank translit-ru frequency >= 5 lines by the model alone (diagnostic)")

// TestEvalTranslit ranks, for sampled wd_russian_80 lines with frequency
// >= 5 (held out from training), every distinct Cyrillic token of those lines
// by the model's similarity to the Latin token and reports the rank-1 rate.
// It runs only with -eval-translit.
func TestEvalTranslit(t *testing.T) {
	if !*evalTranslit {
		t.Skip("run with -eval-translit")
	}
	d := os.Getenv("VETGRAPH_DATA")
	if d == "" {
		d = filepath.Join("..", "..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(d, "translit-ru", "wd_russian_80"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	type line struct{ lat, cyr string }
	var lines []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 3 {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(p[2])); err != nil || n < 5 {
			continue
		}
		lines = append(lines, line{p[0], strings.ReplaceAll(p[1], " ", "")})
	}
	words := make([]string, len(lines))
	for i, l := range lines {
		words[i] = l.cyr
	}
	idx, cyr := distinctTokens(words)
	for _, smp := range []struct {
		name        string
		start, step int
	}{{"test (TestTranslitRU's sample)", 0, 25}, {"dev (every 20th from the 7th)", 7, 20}} {
		n, hits := 0, 0
		var misses []string
		for k := smp.start; k < len(lines); k += smp.step {
			l := lines[k]
			p := Prepare(l.lat)
			n++
			if len(p.Tokens) != 1 {
				misses = append(misses, l.lat+"(tokens)")
				continue
			}
			q := &p.Tokens[0]
			want := idx[l.cyr]
			ws, _ := TranslitSim(q, cyr[want])
			type cand struct {
				s float64
				j int
			}
			var better []cand
			for j, c := range cyr {
				if j == want {
					continue
				}
				if s, _ := TranslitSim(q, c); s >= ws {
					better = append(better, cand{s, j})
				}
			}
			if len(better) == 0 {
				hits++
				continue
			}
			sort.Slice(better, func(a, b int) bool { return better[a].s > better[b].s })
			misses = append(misses, l.lat+"→"+l.cyr+" "+strconv.FormatFloat(ws, 'f', 3, 64)+" < "+cyr[better[0].j].Norm+" "+strconv.FormatFloat(better[0].s, 'f', 3, 64)+" (+"+strconv.Itoa(len(better)-1)+")")
		}
		t.Logf("%s: %d lines, rank-1 %.4f", smp.name, n, float64(hits)/float64(n))
		if testing.Verbose() {
			for _, m := range misses {
				t.Log(m)
			}
		}
	}
}
