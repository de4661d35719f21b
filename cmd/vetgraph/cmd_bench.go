package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/resolve"
	"vetgraph/internal/source/ftm"
	"vetgraph/internal/synth"
)

// cmdBench runs a named benchmark the lead can call on any machine.
//
//	vetgraph bench resolve [--records N] [--seed S] [--screen Q] [--cpuprofile FILE [--cpuprofile-part all|first|last]] [--memprofile FILE]
//
// resolve streams a generated scenario's encounter records (persons across
// scripts and romanizations) into an empty engine and reports the
// throughput of resolution (Engine.AddAll: preparation on every core,
// resolution in order) overall and in the first and last 10%, the heap and the
// peak resident memory, then times Q screening queries (Candidates) against
// the result.
func cmdBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "resolve" {
		return usagef("want: vetgraph bench resolve [--records N] [--seed S] [--screen Q]")
	}
	fs := e.flags("bench resolve")
	records := fs.Int("records", 1_000_000, "person records to resolve")
	seed := fs.Int64("seed", 1, "scenario seed")
	screen := fs.Int("screen", 10_000, "screening queries to time after the build (0: none)")
	var prof benchProfiles
	fs.StringVar(&prof.cpu, "cpuprofile", "", "write a CPU profile (generation included) to this file")
	fs.StringVar(&prof.part, "cpuprofile-part", "all", "what the CPU profile covers: all, first (the first 10% of records) or last (the last 10%)")
	fs.StringVar(&prof.mem, "memprofile", "", "write a heap profile (what the engine holds after the build) to this file, and one taken at 90% of the records to FILE.at90 (pprof -base FILE.at90 FILE: what the last 10% allocated)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *records < 10_000 {
		return usagef("--records: want at least 10000 (the first and last 10%% are timed in steps of 1000)")
	}
	if prof.part != "all" && prof.part != "first" && prof.part != "last" {
		return usagef("--cpuprofile-part: want all, first or last")
	}
	if prof.cpu != "" {
		f, err := os.Create(prof.cpu)
		if err != nil {
			return vetgraph.Errorf(vetgraph.Invalid, "bench", "cpu profile: %w", err)
		}
		defer f.Close()
		prof.cpuFile = f
		defer prof.stop()
	}
	res, err := benchResolve(ctx, *records, *seed, *screen, &prof, e.stderr, isTerminal(e.stderr))
	if err != nil {
		return err
	}
	return emitOne(e, res, func(w io.Writer) {
		fmt.Fprintf(w, "records resolved      %d (%d entities)\n", res.Records, res.Entities)
		fmt.Fprintf(w, "time in AddAll        %.1f s (wall, preparation included, generation and parsing excluded)\n", res.AddSeconds)
		fmt.Fprintf(w, "throughput            %.0f records/s (%.1f pairs scored per record, GOMAXPROCS %d)\n", res.RecordsPerSecond, res.PairsPerRecord, res.GOMAXPROCS)
		fmt.Fprintf(w, "pairs per record      %.1f in the first 10%%, %.1f in the last 10%%\n", res.First10Pairs, res.Last10Pairs)
		fmt.Fprintf(w, "CPU per record        %.1f µs (user+system, all cores, GC included; last/first 10%% %.2f)\n", res.CPUMicrosPerRecord, res.Last10CPURatio)
		fmt.Fprintf(w, "first 10%%             %.0f records/s\n", res.First10PerSecond)
		fmt.Fprintf(w, "last 10%%              %.0f records/s (time ratio last/first %.2f)\n", res.Last10PerSecond, res.Last10Ratio)
		fmt.Fprintf(w, "heap in use           %.0f MiB (Go runtime.MemStats.HeapInuse after GC)\n", res.HeapMiB)
		fmt.Fprintf(w, "peak resident         %.0f MiB (VmHWM; GC target %d%%)\n", res.PeakRSSMiB, res.GCPercent)
		if res.Queries > 0 {
			fmt.Fprintf(w, "screening             %d queries: p50 %.3f ms, p99 %.3f ms\n", res.Queries, res.ScreenP50ms, res.ScreenP99ms)
		}
	})
}

// benchResult is what bench resolve measured.
type benchResult struct {
	Records          int     `json:"records"`
	Entities         int     `json:"entities"`
	AddSeconds       float64 `json:"add_seconds"`
	RecordsPerSecond float64 `json:"records_per_second"`
	First10PerSecond float64 `json:"first10_records_per_second"`
	Last10PerSecond  float64 `json:"last10_records_per_second"`
	Last10Ratio      float64 `json:"last10_time_ratio"`
	HeapMiB          float64 `json:"heap_mib"`
	PeakRSSMiB       float64 `json:"peak_rss_mib"`
	Queries          int     `json:"queries"`
	ScreenP50ms      float64 `json:"screen_p50_ms"`
	ScreenP99ms      float64 `json:"screen_p99_ms"`
	PairsPerRecord   float64 `json:"pairs_scored_per_record"`
	// First10Pairs and Last10Pairs are the pairs scored per record in the
	// first and last 10%: the candidates a record meets grow with the data.
	First10Pairs float64 `json:"first10_pairs_per_record"`
	Last10Pairs  float64 `json:"last10_pairs_per_record"`
	// CPUMicrosPerRecord is the process CPU time (user and system, all
	// cores, GC included) spent in AddAll per record: on a loaded machine a
	// steadier figure than the wall-clock rate.
	CPUMicrosPerRecord float64 `json:"cpu_us_per_record"`
	// Last10CPURatio is Last10Ratio in CPU time rather than wall time.
	Last10CPURatio float64 `json:"last10_cpu_ratio"`
	GOMAXPROCS     int     `json:"gomaxprocs"`
	// GCPercent is the garbage collector's target in effect (GOGC).
	GCPercent int `json:"gc_percent"`
}

// pipeSink sends the encounters file into a pipe and drops the others.
type pipeSink struct{ w *io.PipeWriter }

type discardCloser struct{}

func (discardCloser) Write(p []byte) (int, error) { return len(p), nil }
func (discardCloser) Close() error                { return nil }

func (s pipeSink) Create(name string) (io.WriteCloser, error) {
	if name == synth.FileEncounters {
		return s.w, nil
	}
	return discardCloser{}, nil
}

// benchProfiles are the profiles bench resolve writes.
type benchProfiles struct {
	cpu, part, mem string
	cpuFile        *os.File
	running, done  bool
	memAt90        bool
}

// at starts or stops the CPU profile when n of records have been resolved.
func (p *benchProfiles) at(n, records int) error {
	if p.mem != "" && !p.memAt90 && n >= records-records/10 {
		p.memAt90 = true
		if err := writeHeapProfile(p.mem + ".at90"); err != nil {
			return err
		}
	}
	if p.cpuFile == nil {
		return nil
	}
	start := p.part != "last" && n == 0 || p.part == "last" && n >= records-records/10
	if start && !p.running && !p.done {
		if err := pprof.StartCPUProfile(p.cpuFile); err != nil {
			return vetgraph.Errorf(vetgraph.Internal, "bench", "cpu profile: %w", err)
		}
		p.running = true
	}
	if p.part == "first" && n >= records/10 {
		p.stop()
	}
	return nil
}

// writeHeapProfile writes the heap profile (in use and allocated since the
// start) to file.
func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return vetgraph.Errorf(vetgraph.Invalid, "bench", "heap profile: %w", err)
	}
	err = pprof.Lookup("heap").WriteTo(f, 0)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "bench", "heap profile: %w", err)
	}
	return nil
}

func (p *benchProfiles) stop() {
	if p.running {
		pprof.StopCPUProfile()
		p.running, p.done = false, true
	}
}

func benchResolve(ctx context.Context, records int, seed int64, screen int, prof *benchProfiles, progress io.Writer, tty bool) (benchResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	// About 1.45 person records per person; ask for a few more and stop at
	// the count.
	persons := records*3/4 + 100
	go func() {
		_, err := synth.Generate(ctx, synth.DefaultConfig(seed, persons), pipeSink{pw})
		pw.CloseWithError(err)
	}()
	defer pr.Close()

	eng := resolve.New(resolve.DefaultConfig(), nil)
	const step = 1000
	marks := make([]time.Duration, 0, records/step+1) // cumulative Add time every step records
	var total time.Duration
	n := 0
	var queries []vetgraph.Record
	// Records are resolved step at a time with AddAll, which prepares them
	// on every core while it resolves them in order; the generator waits
	// meanwhile (the pipe is unbuffered), so the time is the resolver's.
	batch := make([]vetgraph.Record, 0, step)
	var cpu time.Duration // process CPU time (user+system) during AddAll
	cpuMarks := make([]time.Duration, 0, records/step+1)
	evalMarks := make([]int64, 0, records/step+1) // pairs scored so far, every step records
	if err := prof.at(0, records); err != nil {
		return benchResult{}, err
	}
	flush := func() {
		c0 := cpuTime()
		t0 := time.Now()
		eng.AddAll(batch)
		total += time.Since(t0)
		cpu += cpuTime() - c0
		cpuMarks = append(cpuMarks, cpu)
		batch = batch[:0]
		marks = append(marks, total)
		evalMarks = append(evalMarks, eng.Evaluations())
		if tty && n%(50*step) == 0 {
			fmt.Fprintf(progress, "\rresolved %d/%d records, %.0f records/s", n, records, float64(n)/total.Seconds())
		}
	}
	for r, err := range ftm.Read(bufio.NewReaderSize(pr, 1<<20), synth.FileEncounters, synth.SourceEncounters) {
		if err != nil {
			return benchResult{}, err
		}
		if r.Schema != vetgraph.SchemaPerson {
			continue
		}
		r.Seq = int64(n + 1)
		batch = append(batch, r)
		n++
		if n%step == 0 {
			flush()
			if err := prof.at(n, records); err != nil {
				return benchResult{}, err
			}
		}
		if screen > 0 && n%max(1, records/screen) == 0 && len(queries) < screen {
			q := r
			q.Key = vetgraph.RecordKey{Source: "screen", ID: "q" + strconv.Itoa(len(queries))}
			queries = append(queries, q)
		}
		if n == records {
			break
		}
	}
	if len(batch) > 0 {
		flush()
	}
	if tty {
		fmt.Fprintln(progress)
	}
	if n < records {
		return benchResult{}, vetgraph.Errorf(vetgraph.Internal, "bench", "scenario gave %d person records, want %d", n, records)
	}
	res := benchResult{Records: n, Entities: eng.Count(), AddSeconds: total.Seconds(), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	res.GCPercent = debug.SetGCPercent(100)
	debug.SetGCPercent(res.GCPercent)
	res.RecordsPerSecond = float64(n) / total.Seconds()
	res.PairsPerRecord = float64(eng.Evaluations()) / float64(n)
	res.CPUMicrosPerRecord = float64(cpu.Microseconds()) / float64(n)
	tenth := len(marks) / 10
	first := marks[tenth-1]
	last := marks[len(marks)-1] - marks[len(marks)-1-tenth]
	res.First10PerSecond = float64(tenth*step) / first.Seconds()
	res.Last10PerSecond = float64(tenth*step) / last.Seconds()
	res.Last10Ratio = last.Seconds() / first.Seconds()
	res.First10Pairs = float64(evalMarks[tenth-1]) / float64(tenth*step)
	res.Last10Pairs = float64(evalMarks[len(evalMarks)-1]-evalMarks[len(evalMarks)-1-tenth]) / float64(tenth*step)
	if c := cpuMarks[tenth-1]; c > 0 {
		res.Last10CPURatio = (cpuMarks[len(cpuMarks)-1] - cpuMarks[len(cpuMarks)-1-tenth]).Seconds() / c.Seconds()
	}

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res.HeapMiB = float64(ms.HeapInuse) / (1 << 20)
	res.PeakRSSMiB = peakRSSMiB()
	prof.stop()
	if prof.mem != "" {
		if err := writeHeapProfile(prof.mem); err != nil {
			return benchResult{}, err
		}
	}

	if len(queries) > 0 {
		lat := make([]time.Duration, len(queries))
		for i, q := range queries {
			t0 := time.Now()
			eng.Candidates(q, 10)
			lat[i] = time.Since(t0)
		}
		slices.Sort(lat)
		res.Queries = len(lat)
		res.ScreenP50ms = float64(lat[len(lat)/2]) / float64(time.Millisecond)
		res.ScreenP99ms = float64(lat[len(lat)*99/100]) / float64(time.Millisecond)
	}
	runtime.KeepAlive(eng)
	return res, nil
}

// peakRSSMiB reads the peak resident set size of this process (Linux), or 0.
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
