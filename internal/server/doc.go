// Package server owns vetgraph's HTTP interfaces: the JSON API (described by
// the OpenAPI document it serves at /openapi.json), bearer-token
// authentication with roles, health, readiness and Prometheus metrics, and the
// analyst web console (review queue, person page with the evidence graph,
// network view, report, screening, batches) rendered with html/template from
// embedded assets. It holds no vetting, resolution or review rules: every
// answer comes from internal/pipeline and the packages behind it, and every
// read of a person, search, decision and data change is written to the audit
// log (internal/audit).
//
// # Roles
//
// A token names a user and one role. What each role may do:
//
//	viewer      read flags, deltas, entities, graphs, the review queue, reports, batches
//	analyst     viewer + screen, import, claim and decide items they hold
//	supervisor  analyst + assign anyone, decide any item, confirm two-person decisions, retract batches
//	auditor     viewer + read and verify the audit log; never screens, imports or decides
//	admin       everything
//
// Review rules (who may decide what) stay in internal/review: analysts act
// there as review.RoleAnalyst, supervisors and admins as review.RoleSupervisor.
//
// # Local development
//
// Options.InsecureLocal grants every request from a loopback address the fixed
// user "local" with the admin role, without a token. It is refused unless the
// listener is on a loopback address (see CheckAddr).
package server
