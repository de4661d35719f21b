package server

import (
	_ "embed"
	"net/http"
)

// openAPI is the hand-maintained OpenAPI 3.1 description of the API; a test
// checks that every registered API route is in it and nothing else is.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
