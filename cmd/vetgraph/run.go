package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"vetgraph"
)

// command is one subcommand. run receives the arguments after the command
// name; it parses them with e.flags so the global flags work anywhere.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands returns the command table, in the order shown by help. Each
// command lives in its own cmd_<name>.go file.
func commands() []command {
	return []command{
		{"demo", "the main job in miniature: generate a world, import it, play the intelligence timeline", cmdDemo},
		{"import", "import files as one all-or-nothing batch, then re-vet what changed", cmdImport},
		{"screen", "screen prospective encounters (FtM JSON lines on stdin, or a name) against everything known; nothing stored", cmdScreen},
		{"retract", "withdraw a batch (nothing is deleted) and re-vet", cmdRetract},
		{"flags", "list flags: person, records, category, concern, degree, strength, evidence paths (--as-of, --category)", cmdFlags},
		{"deltas", "list flag deltas (new, raised, lowered, cleared) since a batch (--since BATCH)", cmdDeltas},
		{"network", "expand a network, facilitator or phone into members, clients and community, with evidence", cmdNetwork},
		{"export", "export stored records as FtM JSON Lines", cmdExport},
		{"batches", "list import batches: counts, grade, supersedes, retraction", cmdBatches},
		{"records", "list stored record versions (--source, --batch, --as-of, --latest)", cmdRecords},
		{"entities", "list resolved entities (--format jsonl: id, schema, names, records)", cmdEntities},
		{"entity", "show one entity; --explain shows the matches holding it together", cmdEntity},
		{"why", "explain why two records are, or are not, one entity (source/id or id)", cmdWhy},
		{"matches", "list what resolution leaves to a reviewer: possible matches and weak merges (--kind)", cmdMatches},
		{"judge", "record a reviewer's decision that two records are one person (same) or two (different)", cmdJudge},
		{"eval", "measure resolution against labelled data (--truth FILE.csv: source,record_id,cluster)", cmdEval},
		{"bench", "run a benchmark: bench resolve [--records N] (throughput, memory, screening latency)", cmdBench},
		{"version", "print the version", cmdVersion},
		{"synth", "generate a synthetic scenario with ground truth (--seed N --persons N --out DIR)", cmdSynth},
		{"match", "compare two names (or JSON-line pairs from stdin) and explain the score", cmdMatch},
		{"review", "the review queue: list, show, assign, decide, confirm", cmdReview},
		{"report", "outcome counts per network and designated group, in exact words (table, json, csv, html)", cmdReport},
		{"audit", "verify or list the hash-chained audit log", cmdAudit},
		{"serve", "serve the HTTP JSON API and the analyst web console (--addr, --tokens FILE, --insecure-local)", cmdServe},
	}
}

// env is what every command gets: streams, environment and the global flags.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	log    *slog.Logger
	clock  vetgraph.Clock

	db     string // --db, VETGRAPH_DB, default ./vetgraph.db
	format string // --format
}

// flags returns a FlagSet for a command with the global flags registered.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("vetgraph "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.db, "db", e.db, "database: a SQLite file path or postgres://... (env VETGRAPH_DB)")
	fs.StringVar(&e.format, "format", e.format, "output format: table|json|jsonl|csv")
	return fs
}

// Run runs vetgraph with args (without the program name) and returns the
// exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{
		stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		log:   slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		clock: vetgraph.ClockFunc(time.Now),
		db:    "vetgraph.db",
	}
	if v := getenv("VETGRAPH_DB"); v != "" {
		e.db = v
	}
	// Global flags may also stand before the command name.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if name == "h" || name == "help" {
			usage(stdout)
			return 0
		}
		if !hasVal {
			if len(args) < 2 {
				fmt.Fprintf(stderr, "vetgraph: flag %s needs a value\n", args[0])
				return exitUsage
			}
			val, args = args[1], args[1:]
		}
		switch name {
		case "db":
			e.db = val
		case "format":
			e.format = val
		default:
			fmt.Fprintf(stderr, "vetgraph: unknown global flag %s\n", args[0])
			return exitUsage
		}
		args = args[1:]
	}
	if len(args) == 0 || args[0] == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, e, args[1:])
			return report(stderr, c.name, err)
		}
	}
	fmt.Fprintf(stderr, "vetgraph: unknown command %q (try vetgraph help)\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "vetgraph: continuous vetting and network link analysis\n\nUsage: vetgraph [--db PATH|postgres://...] [--format table|json|jsonl|csv] COMMAND [ARGS]\n\nCommands:")
	cs := commands()
	width := 0
	for _, c := range cs {
		width = max(width, len(c.name))
	}
	for _, c := range cs {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun vetgraph COMMAND -h for a command's flags.")
}

// Exit codes by error kind; the one place that maps codes to exits.
const (
	exitOK       = 0
	exitInternal = 1
	exitUsage    = 2
	exitInvalid  = 3
	exitNotFound = 4
	exitConflict = 5
	exitDenied   = 6
)

func exitCode(err error) int {
	switch vetgraph.ErrorCode(err) {
	case "":
		return exitOK
	case vetgraph.Invalid:
		return exitInvalid
	case vetgraph.NotFound:
		return exitNotFound
	case vetgraph.Conflict:
		return exitConflict
	case vetgraph.Unauthorized, vetgraph.Forbidden:
		return exitDenied
	}
	return exitInternal
}

// report prints err for a person and returns the exit code.
func report(stderr io.Writer, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "vetgraph %s: %s\n", cmd, ue.msg)
		return exitUsage
	}
	var ve *vetgraph.Error
	if errors.As(err, &ve) {
		fmt.Fprintf(stderr, "vetgraph %s: %s: %s\n", cmd, ve.Code, err)
	} else {
		fmt.Fprintf(stderr, "vetgraph %s: %s\n", cmd, err)
	}
	return exitCode(err)
}

// usageError is a bad command line (exit 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// isTerminal reports whether w is a terminal (for progress bars).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := e.flags("version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "vetgraph", version)
	return nil
}

const version = "0.1.0-dev"

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
