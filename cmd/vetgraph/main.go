// Command vetgraph is the single binary: import, resolve, screen, flags,
// review, report, export, serve, demo. It is the only place that knows every
// concrete type; main is a thin wrapper around the testable Run.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// gcPercent is the garbage collector's target: a collection starts when the
// heap has grown by this percentage since the last. The resolver holds a
// large heap of small, long-lived objects (a million records' features and
// blocking index) and makes little garbage per record, so collecting at
// 50% growth rather than Go's default 100% keeps the peak resident memory
// about a fifth lower for the same CPU per record (vetgraph bench resolve at
// 1M records: 1,889 against 2,256 MiB, 78.5 against 77.9 µs). GOGC, when
// set, decides instead.
const gcPercent = 50

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
