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
	"sync"
	"testing"
)

var trainTranslit = flag.Bool("train-translit", false, "learn translit_ru.txt from ../shared/data/translit-ru/wd_russian_80 (lines with frequency < 5)")

// tmPair is one training pair in model letter codes.
type tmPair struct{ lat, cyr []byte }

// translitLine is one line of wd_russian_80: the Latin token, the Cyrillic
// one (spaces removed) and the frequency.
type translitLine struct {
	lat, cyr string
	freq     int
}

// readTranslitLines reads wd_russian_80, skipping the test when the shared
// data is missing.
func readTranslitLines(t testing.TB) []translitLine {
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
	var ls []translitLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err != nil {
			continue
		}
		ls = append(ls, translitLine{parts[0], strings.ReplaceAll(parts[1], " ", ""), n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ls
}

// translitPairs returns the lines as model letter codes, dropping those the
// model does not read.
func translitPairs(ls []translitLine) []tmPair {
	var ps []tmPair
	for _, l := range ls {
		a, lok := tmLatCode(ToLatin(Normalize(l.lat)), nil)
		c, cok := tmCyrCode(Normalize(l.cyr), nil)
		if lok && cok && len(a) <= tmMaxLen && len(c) <= tmMaxLen {
			ps = append(ps, tmPair{a, c})
		}
	}
	return ps
}

// tmTrainingLines returns the lines the model learns from: frequency below
// 5 (the lines with frequency 5 or more are held out for TestTranslitRU).
// With dev, every tmDevStep-th of those is left out too, for choosing
// hyperparameters (see TestTuneTranslit).
func tmTrainingLines(ls []translitLine, dev bool) (train, held []translitLine) {
	k := 0
	for _, l := range ls {
		if l.freq >= 5 {
			continue
		}
		if dev && k%tmDevStep == tmDevStep-1 {
			held = append(held, l)
		} else {
			train = append(train, l)
		}
		k++
	}
	return train, held
}

const tmDevStep = 10

// tmShapes are the chunk shapes (Latin letters, Cyrillic letters) the
// model aligns.
var tmShapes = [][2]int{{1, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {4, 1}}

// tmKey is a chunk pair: the Latin chunk and the Cyrillic chunk.
func tmKey(lat, cyr []byte) uint64 {
	return uint64(tmChunk(lat, tmLatBase))<<11 | uint64(tmChunk(cyr, tmCyrBase))
}

// tmEdge is one chunk pair that can align in a training pair: from the
// alignment cell from to the cell to (cells numbered i*(m+1)+j), with the
// chunk pair's parameter index.
type tmEdge struct {
	from, to uint16
	id       int32
}

// trainTranslitModel learns the chunk pairs' joint probabilities by
// expectation maximization over all alignments of each pair
// (forward-backward), starting from counts of every chunk pair that can
// align. It returns the probability of each chunk pair kept.
func trainTranslitModel(pairs []tmPair, iters int) map[uint64]float64 {
	ids := map[uint64]int32{}
	var keys []uint64
	edges := make([][]tmEdge, len(pairs))
	var init []float64
	for pi, p := range pairs {
		n, m := len(p.lat), len(p.cyr)
		var es []tmEdge
		for i := 0; i <= n; i++ {
			for j := 0; j <= m; j++ {
				for _, s := range tmShapes {
					if s[0] > i || s[1] > j {
						continue
					}
					k := tmKey(p.lat[i-s[0]:i], p.cyr[j-s[1]:j])
					id, ok := ids[k]
					if !ok {
						id = int32(len(keys))
						ids[k] = id
						keys = append(keys, k)
						init = append(init, 0)
					}
					init[id]++
					es = append(es, tmEdge{uint16((i-s[0])*(m+1) + j - s[1]), uint16(i*(m+1) + j), id})
				}
			}
		}
		edges[pi] = es
	}
	prob := init
	normalize := func(v []float64) {
		var z float64
		for _, x := range v {
			z += x
		}
		for i := range v {
			v[i] /= z
		}
	}
	normalize(prob)
	const workers = 2
	for range iters {
		counts := make([][]float64, workers)
		var wg sync.WaitGroup
		for w := range workers {
			counts[w] = make([]float64, len(prob))
			wg.Add(1)
			go func() {
				defer wg.Done()
				var alpha, beta [(tmMaxLen + 1) * (tmMaxLen + 1)]float64
				cw := counts[w]
				for pi := w; pi < len(pairs); pi += workers {
					p := pairs[pi]
					cells := (len(p.lat) + 1) * (len(p.cyr) + 1)
					clear(alpha[:cells])
					clear(beta[:cells])
					alpha[0] = 1
					es := edges[pi]
					for _, e := range es {
						alpha[e.to] += alpha[e.from] * prob[e.id]
					}
					z := alpha[cells-1]
					if z == 0 {
						continue
					}
					beta[cells-1] = 1
					for k := len(es) - 1; k >= 0; k-- {
						e := es[k]
						beta[e.from] += prob[e.id] * beta[e.to]
					}
					for _, e := range es {
						cw[e.id] += alpha[e.from] * prob[e.id] * beta[e.to] / z
					}
				}
			}()
		}
		wg.Wait()
		c := counts[0]
		for w := 1; w < workers; w++ {
			for i, v := range counts[w] {
				c[i] += v
			}
		}
		// Drop what carries less than a tenth of an occurrence.
		for i, v := range c {
			if v < 0.1 {
				c[i] = 0
			}
		}
		normalize(c)
		prob = c
	}
	out := map[uint64]float64{}
	for i, v := range prob {
		if v*float64(len(pairs)) >= 0.5 { // seen less than half an occurrence in expectation
			out[keys[i]] = v
		}
	}
	return out
}

// TestTrainTranslit learns the transliteration model from the lines with
// frequency < 5 and writes translit_ru.txt. It runs only with
// -train-translit.
func TestTrainTranslit(t *testing.T) {
	if !*trainTranslit {
		t.Skip("run with -train-translit to learn translit_ru.txt")
	}
	train, _ := tmTrainingLines(readTranslitLines(t), false)
	pairs := translitPairs(train)
	t.Logf("training pairs (frequency < 5): %d", len(pairs))
	prob := trainTranslitModel(pairs, tmIters)
	text := translitModelFile(prob, len(pairs))
	if err := os.WriteFile("translit_ru.txt", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote translit_ru.txt: %d chunk pairs", len(prob))
}

const tmIters = 6

// translitModelFile formats the model as translit_ru.txt: one chunk pair a
// line.
func translitModelFile(prob map[uint64]float64, n int) string {
	type row struct {
		lat, cyr string
		lp       float64
	}
	var rows []row
	for k, v := range prob {
		l := tmDecodeLat(int(k >> 11))
		rows = append(rows, row{l, tmDecodeCyr(int(k & 2047)), math.Log(v)})
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
	return b.String()
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

var tuneTranslit = flag.Bool("tune-translit", false, "rank a development split of the frequency < 5 lines with a model learned without it")

// TestTuneTranslit learns the model from the frequency < 5 lines less every
// tmDevStep-th, and ranks those held-back lines (every 3rd as a query,
// against all their distinct Cyrillic tokens, by TranslitSim) for a few
// choices of the conditional weights' powers (tmCondLat, tmCondCyr): the
// place to choose the model's scoring without touching the frequency >= 5
// lines TestTranslitRU measures. It runs only with -tune-translit.
func TestTuneTranslit(t *testing.T) {
	if !*tuneTranslit {
		t.Skip("run with -tune-translit")
	}
	train, dev := tmTrainingLines(readTranslitLines(t), true)
	text := translitModelFile(trainTranslitModel(translitPairs(train), tmIters), len(train))
	saved := tmLoad
	defer func() { tmLoad = saved }()
	for _, ab := range [][2]float64{{0, 0}, {0, 1}, {0.25, 0.5}, {0.5, 0.25}, {0.5, 0.5}, {0.5, 0.75}, {0.75, 0.5}} {
		m := parseTranslitModel(text).conditional(ab[0], ab[1])
		tmLoad = func() *tmModel { return m }
		words := make([]string, len(dev))
		for i, l := range dev {
			words[i] = l.cyr
		}
		idx, cyr := distinctTokens(words)
		n, hits := 0, 0
		for k := 0; k < len(dev); k += 3 {
			n++
			p := Prepare(dev[k].lat)
			if len(p.Tokens) != 1 {
				continue
			}
			want := idx[dev[k].cyr]
			ws, _ := TranslitSim(&p.Tokens[0], cyr[want])
			hit := true
			for j, c := range cyr {
				if s, _ := TranslitSim(&p.Tokens[0], c); j != want && s >= ws {
					hit = false
					break
				}
			}
			if hit {
				hits++
			}
		}
		t.Logf("powers %.2f, %.2f: dev rank-1 %.4f (%d queries, %d tokens)", ab[0], ab[1], float64(hits)/float64(n), n, len(cyr))
	}
}

// distinctTokens prepares each distinct word once: idx maps a word to its
// token in toks, a token with no text when the word is not one name part.
func distinctTokens(words []string) (idx map[string]int, toks []*Token) {
	idx = map[string]int{}
	for _, w := range words {
		if _, ok := idx[w]; ok {
			continue
		}
		idx[w] = len(toks)
		if p := Prepare(w); len(p.Tokens) == 1 {
			toks = append(toks, &p.Tokens[0])
		} else {
			toks = append(toks, &Token{TokenText: &TokenText{}})
		}
	}
	return idx, toks
}
