package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"

	"vetgraph"
	"vetgraph/internal/review"
)

// Role is what a user may do through the server (see the package doc).
type Role string

// The roles.
const (
	RoleViewer     Role = "viewer"
	RoleAnalyst    Role = "analyst"
	RoleSupervisor Role = "supervisor"
	RoleAuditor    Role = "auditor"
	RoleAdmin      Role = "admin"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	switch r {
	case RoleViewer, RoleAnalyst, RoleSupervisor, RoleAuditor, RoleAdmin:
		return true
	}
	return false
}

// action is a kind of request a role may or may not make.
type action string

const (
	actRead      action = "read"      // flags, deltas, entities, queue, report, batches
	actScreen    action = "screen"    // screen a prospective encounter
	actWork      action = "work"      // claim, decide items one holds
	actSupervise action = "supervise" // assign anyone, confirm
	actImport    action = "import"    // import a batch
	actRetract   action = "retract"   // retract a batch
	actAudit     action = "audit"     // read and verify the audit log
	actNone      action = ""          // no authentication needed
)

// can is the one place that says which role may do what.
func (r Role) can(a action) bool {
	switch a {
	case actNone:
		return true
	case actRead:
		return r.Valid()
	case actScreen, actWork, actImport:
		return r == RoleAnalyst || r == RoleSupervisor || r == RoleAdmin
	case actSupervise, actRetract:
		return r == RoleSupervisor || r == RoleAdmin
	case actAudit:
		return r == RoleAuditor || r == RoleAdmin
	}
	return false
}

// reviewRole maps a server role onto the review queue's roles.
func (r Role) reviewRole() review.Role {
	if r == RoleSupervisor || r == RoleAdmin {
		return review.RoleSupervisor
	}
	return review.RoleAnalyst
}

// User is an authenticated caller.
type User struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

func (u User) actor() review.Actor {
	return review.Actor{ID: vetgraph.AnalystID(u.Name), Role: u.Role.reviewRole()}
}

// localUser is the user every loopback request acts as in insecure-local mode.
func localUser() User { return User{Name: "local", Role: RoleAdmin} }

// Token is one entry of a tokens file: a bearer token, given in clear (Token)
// or as the hex SHA-256 of the token (TokenSHA256, preferred), the user's
// name and role.
type Token struct {
	Token       string `json:"token,omitempty"`
	TokenSHA256 string `json:"token_sha256,omitempty"`
	Name        string `json:"name"`
	Role        Role   `json:"role"`
}

// ReadTokens parses a tokens file: a JSON array of Token. Errors are Invalid
// and name the file and the entry (as Line, 1-based).
func ReadTokens(r io.Reader, file string) ([]Token, error) {
	const op = "server.ReadTokens"
	var ts []Token
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ts); err != nil {
		e := vetgraph.Errorf(vetgraph.Invalid, op, "want a JSON array of {token_sha256|token, name, role}: %w", err)
		e.File = file
		return nil, e
	}
	for i, t := range ts {
		bad := func(field, format string, args ...any) error {
			e := vetgraph.Errorf(vetgraph.Invalid, op, format, args...)
			e.File, e.Line, e.Field = file, i+1, field
			return e
		}
		switch {
		case t.Name == "":
			return nil, bad("name", "every token needs a user name")
		case !t.Role.Valid():
			return nil, bad("role", "role %q: want viewer, analyst, supervisor, auditor or admin", t.Role)
		case (t.Token == "") == (t.TokenSHA256 == ""):
			return nil, bad("token", "give exactly one of token and token_sha256")
		case t.TokenSHA256 != "":
			if b, err := hex.DecodeString(t.TokenSHA256); err != nil || len(b) != sha256.Size {
				return nil, bad("token_sha256", "want 64 hex digits")
			}
		case len(t.Token) < 16:
			return nil, bad("token", "a token needs at least 16 characters")
		}
	}
	return ts, nil
}

// tokenTable maps token digests to users.
type tokenTable map[[sha256.Size]byte]User

func newTokenTable(ts []Token) (tokenTable, error) {
	tab := tokenTable{}
	for _, t := range ts {
		var key [sha256.Size]byte
		if t.Token != "" {
			key = sha256.Sum256([]byte(t.Token))
		} else {
			b, err := hex.DecodeString(strings.ToLower(t.TokenSHA256))
			if err != nil || len(b) != sha256.Size {
				return nil, vetgraph.Errorf(vetgraph.Invalid, "server.New", "token of %s: token_sha256 must be 64 hex digits", t.Name)
			}
			copy(key[:], b)
		}
		if _, dup := tab[key]; dup {
			return nil, vetgraph.Errorf(vetgraph.Invalid, "server.New", "token of %s is given twice", t.Name)
		}
		tab[key] = User{Name: t.Name, Role: t.Role}
	}
	return tab, nil
}

// cookieName holds a console session's token.
const cookieName = "vetgraph_token"

// authenticate returns the request's user: from the bearer token, the
// console cookie, or (insecure-local) the loopback address. ok is false when
// the request carries no valid credentials.
func (s *Server) authenticate(r *http.Request) (User, bool) {
	tok := ""
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			tok = strings.TrimSpace(rest)
		}
	} else if c, err := r.Cookie(cookieName); err == nil {
		tok = c.Value
	}
	if tok != "" {
		u, ok := s.tokens[sha256.Sum256([]byte(tok))]
		return u, ok
	}
	// The Host check refuses DNS rebinding: a page of another site whose
	// name was re-pointed at 127.0.0.1 must not act as the local user.
	if s.opt.InsecureLocal && isLoopback(r.RemoteAddr) && isLoopbackHost(r.Host) {
		return localUser(), true
	}
	return User{}, false
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isLoopbackHost reports whether a Host header names this machine.
func isLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || isLoopback(host)
}

// CheckAddr refuses insecure-local mode on a listen address that is not a
// loopback address (127.0.0.1, ::1 or localhost).
func CheckAddr(addr string, insecureLocal bool) error {
	if !insecureLocal {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return vetgraph.Errorf(vetgraph.Invalid, "server.CheckAddr", "address %q: %w", addr, err)
	}
	if host == "localhost" || isLoopback(host) {
		return nil
	}
	return vetgraph.Errorf(vetgraph.Invalid, "server.CheckAddr", "--insecure-local serves 127.0.0.1 only, not %q", addr)
}

type userKey struct{}

func withUser(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

func userOf(ctx context.Context) User {
	u, _ := ctx.Value(userKey{}).(User)
	return u
}
