package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"vetgraph"
	"vetgraph/internal/server"
)

// cmdServe serves the HTTP API and the web console until ctx is cancelled.
// It listens first (so /healthz answers at once), then replays the store and
// marks the server ready.
func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := e.flags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (host:port; port 0 picks a free one)")
	tokensFile := fs.String("tokens", "", `bearer tokens: a JSON file [{"token_sha256" or "token", "name", "role"}]; roles viewer, analyst, supervisor, auditor, admin`)
	insecure := fs.Bool("insecure-local", false, `development only: every request from this machine acts as the admin user "local", without a token (127.0.0.1 only)`)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: vetgraph serve [--addr 127.0.0.1:8080] [--tokens FILE] [--insecure-local]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments")
	}
	if *tokensFile == "" && !*insecure {
		return usagef("give --tokens FILE, or --insecure-local for a development server on 127.0.0.1")
	}
	if err := server.CheckAddr(*addr, *insecure); err != nil {
		return err
	}
	var tokens []server.Token
	if *tokensFile != "" {
		f, err := os.Open(*tokensFile)
		if err != nil {
			return vetgraph.Errorf(vetgraph.Invalid, "vetgraph serve", "tokens: %w", err)
		}
		tokens, err = server.ReadTokens(f, *tokensFile)
		f.Close()
		if err != nil {
			return err
		}
	}
	srv, err := server.New(server.Options{Tokens: tokens, InsecureLocal: *insecure, Logger: e.log, Clock: e.clock})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return vetgraph.Errorf(vetgraph.Invalid, "vetgraph serve", "listen on %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	shutdown := func() error {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := hs.Shutdown(sctx)
		if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		return err
	}
	fmt.Fprintf(e.stdout, "vetgraph serving on http://%s/ (API description at /openapi.json)\n", ln.Addr())
	if *insecure {
		fmt.Fprintln(e.stdout, `--insecure-local: every request from this machine acts as the admin user "local"; do not use this for real data`)
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		shutdown()
		return err
	}
	defer s.Close()
	srv.Ready(s.store, s.p)
	st := s.p.Stats()
	fmt.Fprintf(e.stdout, "ready: replayed %d batches, %d records, %d retractions in %s\n", st.Batches, st.Records, st.Retractions, st.Duration.Round(time.Millisecond))
	select {
	case <-ctx.Done():
	case err := <-served:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			return vetgraph.Errorf(vetgraph.Internal, "vetgraph serve", "serve: %w", err)
		}
		return nil
	}
	fmt.Fprintln(e.stdout, "shutting down")
	if err := shutdown(); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "vetgraph serve", "shutdown: %w", err)
	}
	return nil
}
