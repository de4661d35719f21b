package server

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/pipeline"
)

// Options configure a Server.
type Options struct {
	// Tokens are the accepted bearer tokens (see ReadTokens).
	Tokens []Token
	// InsecureLocal lets loopback requests act as the admin user "local"
	// without a token. Use CheckAddr on the listen address.
	InsecureLocal bool
	// Pipeline is what as-of replays (reports, flags as of a time) open the
	// store with; AsOf is set per request.
	Pipeline pipeline.Options
	// MaxUpload bounds an import's body in bytes. Zero: 256 MiB.
	MaxUpload int64
	// TempDir holds uploaded files while they are imported. "": os.TempDir.
	TempDir string
	Logger  *slog.Logger
	Clock   vetgraph.Clock
}

// Server is the HTTP API and web console. It is an http.Handler; it answers
// /healthz at once and everything else that needs data with 503 until Ready.
type Server struct {
	opt     Options
	log     *slog.Logger
	clock   vetgraph.Clock
	tokens  tokenTable
	mux     *http.ServeMux
	handler http.Handler
	metrics *metrics
	pages   *template.Template
	// routes lists every registered pattern, for the OpenAPI coverage test.
	routes []route

	st atomic.Pointer[state]
	// mu serializes imports and retractions against the reads that use the
	// pipeline's resolver and vetter directly (screening, explanations).
	mu sync.RWMutex
}

// route is one registered pattern.
type route struct {
	Pattern string
	Action  action
	API     bool
}

// state is what the server serves once the store is replayed.
type state struct {
	store vetgraph.Store
	p     *pipeline.Pipeline
	audit *audit.Log
}

// New returns a Server. It is not ready until Ready is called.
func New(opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Clock == nil {
		opt.Clock = vetgraph.ClockFunc(time.Now)
	}
	if opt.MaxUpload == 0 {
		opt.MaxUpload = 256 << 20
	}
	tab, err := newTokenTable(opt.Tokens)
	if err != nil {
		return nil, err
	}
	if len(tab) == 0 && !opt.InsecureLocal {
		return nil, vetgraph.Errorf(vetgraph.Invalid, "server.New", "no tokens: give a tokens file, or --insecure-local for a local development server")
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, log: opt.Logger, clock: opt.Clock, tokens: tab, pages: pages}
	s.metrics = newMetrics(s)
	s.mux = http.NewServeMux()
	s.register()
	// Browsers may not post to the API or the console from another site
	// (the console authenticates with a cookie).
	s.handler = s.metrics.instrument(http.NewCrossOriginProtection().Handler(s.mux))
	return s, nil
}

// Ready hands the server the store and the pipeline replayed from it; from
// then on /readyz answers 200 (while the store is reachable) and the API
// serves data. The server does not close the store.
func (s *Server) Ready(store vetgraph.Store, p *pipeline.Pipeline) {
	s.st.Store(&state{store: store, p: p, audit: audit.New(store, s.clock)})
	s.metrics.replayed(p.Stats())
}

// ServeHTTP serves the API and the console.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// apiFunc handles an API request for an authenticated, authorized user.
type apiFunc func(w http.ResponseWriter, r *http.Request, st *state, u User) error

// api wraps an API handler: authentication, the role check, readiness and
// JSON errors.
func (s *Server) api(act action, h apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.authenticate(r)
		if !ok && act != actNone {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vetgraph"`)
			writeError(w, vetgraph.Errorf(vetgraph.Unauthorized, "server", "a valid bearer token is required"))
			return
		}
		if !u.Role.can(act) {
			writeError(w, vetgraph.Errorf(vetgraph.Forbidden, "server", "role %q may not %s", u.Role, act))
			return
		}
		st := s.st.Load()
		if st == nil {
			writeUnavailable(w, "the store is still being replayed")
			return
		}
		if err := h(w, r.WithContext(withUser(r.Context(), u)), st, u); err != nil {
			if vetgraph.ErrorCode(err) == vetgraph.Internal {
				s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			}
			writeError(w, err)
		}
	})
}

// status maps an error code to an HTTP status: the one place that does.
func status(c vetgraph.Code) int {
	switch c {
	case vetgraph.Invalid:
		return http.StatusBadRequest
	case vetgraph.NotFound:
		return http.StatusNotFound
	case vetgraph.Conflict:
		return http.StatusConflict
	case vetgraph.Unauthorized:
		return http.StatusUnauthorized
	case vetgraph.Forbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, err error) {
	code := vetgraph.ErrorCode(err)
	writeJSON(w, status(code), errorBody{errorDetail{Code: string(code), Message: vetgraph.ErrorMessage(err)}})
}

// writeUnavailable answers 503 while the server is not ready.
func writeUnavailable(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", "5")
	writeJSON(w, http.StatusServiceUnavailable, errorBody{errorDetail{Code: "unavailable", Message: msg}})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// decodeJSON reads a JSON request body of at most 1 MiB into v, refusing
// unknown fields. Errors are Invalid.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return vetgraph.Errorf(vetgraph.Invalid, "server", "the request needs a JSON body")
		}
		return vetgraph.Errorf(vetgraph.Invalid, "server", "request body: %v", err)
	}
	return nil
}

// health answers /healthz: the process is up.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// ready answers /readyz: the replay is done and the store answers.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	st := s.st.Load()
	if st == nil {
		writeUnavailable(w, "the store is still being replayed")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := st.store.StreamVersion(ctx, vetgraph.AuditStream); err != nil {
		s.log.Warn("readiness: store unreachable", "err", err)
		writeUnavailable(w, "the store does not answer")
		return
	}
	stats := st.p.Stats()
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "replay": stats})
}

// record writes an audit entry for u. A failure to audit fails the request:
// nothing is shown that is not on the record.
func (st *state) record(ctx context.Context, u User, a vetgraph.AuditAction, subject string, detail map[string]string) error {
	_, err := st.audit.Record(ctx, u.Name, a, subject, detail)
	return err
}
