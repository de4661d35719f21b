// Package web holds the web console's embedded assets: the html/template
// pages (templates/) and the static files (static/: the stylesheet, the
// console script, and the vendored cytoscape and cytoscape-fcose builds whose
// versions and licences are in NOTICE). Nothing is fetched at run time.
package web

import "embed"

// FS holds templates/ and static/.
//
//go:embed templates static NOTICE
var FS embed.FS
