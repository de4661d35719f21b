package vet

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"

	"vetgraph"
)

// Carry says what a link passes on to the person at its near end.
type Carry string

// The carry rules.
const (
	// CarryFull: every topic of the far end passes, and the search goes on
	// in full. Not followed once a path has gone through a client link.
	CarryFull Carry = "full"
	// CarryMembership: like CarryFull, and also followed after a client link
	// (a client of guide F reaches F's network), where only the client
	// topics pass.
	CarryMembership Carry = "membership"
	// CarryClient: a client buys a service: only the client topics (the
	// network's own topic) pass, from here on to the end of the path.
	CarryClient Carry = "client"
	// CarryContext: never flags; shown as context only.
	CarryContext Carry = "context"
	// CarryNone: not used for flags or context.
	CarryNone Carry = "none"
)

// LinkRule is the policy for one kind of link.
type LinkRule struct {
	Carry Carry `json:"carry"`
	// Weight in (0,1] multiplies a path's strength (with the evidence's
	// grade weight).
	Weight float64 `json:"weight"`
	// Symmetric links are followed in both directions.
	Symmetric bool `json:"symmetric,omitempty"`
}

// Policy is the link policy: which links carry which concern and how far.
// It is data (see policy/default.json); every flag records its Digest.
type Policy struct {
	Name string `json:"name"`
	// MaxDegree is the largest degree a flag may have (1..4); identifier
	// nodes do not count.
	MaxDegree int `json:"max_degree"`
	// Paths is k: how many strongest evidence (and context) paths a flag
	// keeps.
	Paths int `json:"paths"`
	// ContextDepth bounds the context search from a concern.
	ContextDepth int `json:"context_depth"`
	// PersonalIdentifierMax: a link-grade identifier held by at most this
	// many entities is personal (PersonalIdentifier rule), above it widely
	// shared (SharedIdentifier rule).
	PersonalIdentifierMax int                       `json:"personal_identifier_max"`
	LinkIdentifiers       []vetgraph.IdentifierKind `json:"link_identifiers"`
	// ClientTopics are the topics that pass through client links: the
	// network's own topic.
	ClientTopics       []vetgraph.Topic               `json:"client_topics"`
	Links              map[vetgraph.LinkType]LinkRule `json:"links"`
	PersonalIdentifier LinkRule                       `json:"personal_identifier"`
	SharedIdentifier   LinkRule                       `json:"shared_identifier"`

	digest string
}

//go:embed policy/default.json
var defaultPolicy []byte

// DefaultPolicy returns the shipped default policy (DESIGN.md "Link policy").
func DefaultPolicy() *Policy {
	p, err := LoadPolicy(bytes.NewReader(defaultPolicy))
	if err != nil {
		panic("vet: embedded default policy: " + err.Error())
	}
	return p
}

// LoadPolicy reads a policy from JSON and validates it. Errors have code
// Invalid.
func LoadPolicy(r io.Reader) (*Policy, error) {
	const op = "vet.LoadPolicy"
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "policy: %w", err)
	}
	if p.MaxDegree < 1 || p.MaxDegree > 4 {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "policy: max_degree %d: want 1..4", p.MaxDegree)
	}
	if p.Paths < 1 || p.Paths > 20 {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "policy: paths %d: want 1..20", p.Paths)
	}
	if p.ContextDepth < 0 || p.ContextDepth > 5 {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "policy: context_depth %d: want 0..5", p.ContextDepth)
	}
	if p.PersonalIdentifierMax < 1 {
		return nil, vetgraph.Errorf(vetgraph.Invalid, op, "policy: personal_identifier_max %d: want at least 1", p.PersonalIdentifierMax)
	}
	check := func(name string, r LinkRule, allowed ...Carry) error {
		if !slices.Contains(allowed, r.Carry) {
			return vetgraph.Errorf(vetgraph.Invalid, op, "policy: %s: carry %q: want one of %v", name, r.Carry, allowed)
		}
		if !(r.Weight > 0 && r.Weight <= 1) {
			return vetgraph.Errorf(vetgraph.Invalid, op, "policy: %s: weight %v: want (0,1]", name, r.Weight)
		}
		return nil
	}
	for t, r := range p.Links {
		if err := check(string(t), r, CarryFull, CarryMembership, CarryClient, CarryContext, CarryNone); err != nil {
			return nil, err
		}
	}
	if err := check("personal_identifier", p.PersonalIdentifier, CarryFull, CarryClient); err != nil {
		return nil, err
	}
	if err := check("shared_identifier", p.SharedIdentifier, CarryFull, CarryClient); err != nil {
		return nil, err
	}
	for _, k := range p.LinkIdentifiers {
		if k.IdentityGrade() {
			return nil, vetgraph.Errorf(vetgraph.Invalid, op, "policy: link_identifiers: %q is identity-grade (it merges, it does not link)", k)
		}
	}
	canon, _ := json.Marshal(&p) // map keys sorted: canonical
	sum := sha256.Sum256(canon)
	p.digest = p.Name + "@sha256:" + hex.EncodeToString(sum[:6])
	return &p, nil
}

// Digest identifies the policy's content: "name@sha256:<12 hex>". Every
// Flag.Policy holds it.
func (p *Policy) Digest() string { return p.digest }

// Rule returns the rule for a link type; unknown types are CarryNone.
func (p *Policy) Rule(t vetgraph.LinkType) LinkRule {
	if r, ok := p.Links[t]; ok {
		return r
	}
	return LinkRule{Carry: CarryNone, Weight: 1}
}

func (p *Policy) clientTopic(t vetgraph.Topic) bool { return slices.Contains(p.ClientTopics, t) }

func (p *Policy) linkIdentifier(k vetgraph.IdentifierKind) bool {
	return slices.Contains(p.LinkIdentifiers, k)
}
