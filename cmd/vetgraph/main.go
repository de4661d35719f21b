// Command vetgraph is the single binary: import, resolve, screen, flags,
// review, report, export, serve, demo. It is the only place that knows every
// concrete type; main is a thin wrapper around the testable Run.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
