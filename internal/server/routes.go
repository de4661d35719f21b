package server

import (
	"io/fs"
	"net/http"

	"vetgraph/internal/server/web"
)

// register installs every route: the whole API and console in one place.
// Each API route is described in openapi.json (a test checks it).
func (s *Server) register() {
	api := func(pattern string, act action, h apiFunc) {
		s.routes = append(s.routes, route{Pattern: pattern, Action: act, API: true})
		s.mux.Handle(pattern, s.api(act, h))
	}
	page := func(pattern string, act action, h pageFunc) {
		s.routes = append(s.routes, route{Pattern: pattern, Action: act})
		s.mux.Handle(pattern, s.page(act, h))
	}

	// Operations.
	s.mux.HandleFunc("GET /healthz", s.health)
	s.mux.HandleFunc("GET /readyz", s.ready)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.mux.HandleFunc("GET /openapi.json", serveOpenAPI)
	s.routes = append(s.routes,
		route{Pattern: "GET /healthz", API: true}, route{Pattern: "GET /readyz", API: true},
		route{Pattern: "GET /metrics", API: true}, route{Pattern: "GET /openapi.json", API: true})

	// API.
	api("GET /api/me", actRead, s.getMe)
	api("GET /api/flags", actRead, s.getFlags)
	api("GET /api/deltas", actRead, s.getDeltas)
	api("GET /api/entities/{id}", actRead, s.getEntity)
	api("GET /api/entities/{id}/graph", actRead, s.getGraph)
	api("POST /api/screen", actScreen, s.postScreen)
	api("GET /api/review", actRead, s.getReview)
	api("GET /api/review/{person}", actRead, s.getReviewItem)
	api("POST /api/review/{person}/claim", actWork, s.postClaim)
	api("POST /api/review/{person}/assign", actWork, s.postAssign)
	api("POST /api/review/{person}/decide", actWork, s.postDecide)
	api("POST /api/review/{person}/confirm", actSupervise, s.postConfirm)
	api("GET /api/matches", actRead, s.getMatches)
	api("POST /api/judgements", actWork, s.postJudgement)
	api("GET /api/report", actRead, s.getReport)
	api("POST /api/import", actImport, s.postImport)
	api("GET /api/batches", actRead, s.getBatches)
	api("POST /api/batches/{id}/retract", actRetract, s.postRetract)
	api("GET /api/audit", actAudit, s.getAudit)
	api("GET /api/audit/verify", actAudit, s.getAuditVerify)

	// Console.
	static, _ := fs.Sub(web.FS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	s.mux.HandleFunc("GET /login", s.loginPage)
	s.mux.HandleFunc("POST /login", s.login)
	s.mux.HandleFunc("POST /logout", s.logout)
	page("GET /{$}", actRead, s.queuePage)
	page("GET /person/{id}", actRead, s.personPage)
	page("POST /person/{id}/{op}", actWork, s.personAction)
	page("GET /network/{id}", actRead, s.networkPage)
	page("GET /changes", actRead, s.changesPage)
	page("GET /matches", actRead, s.matchesPage)
	page("GET /report", actRead, s.reportPage)
	page("GET /report/page", actRead, s.reportFrame)
	page("GET /screen", actScreen, s.screenPage)
	page("POST /screen", actScreen, s.screenPage)
	page("GET /batches", actRead, s.batchesPage)
	page("POST /batches/{id}/retract", actRetract, s.retractAction)
	page("POST /batches/import", actImport, s.importAction)
	page("GET /audit", actAudit, s.auditPage)
}
