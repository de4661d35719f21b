package vet

import (
	"strings"
	"unicode"

	"vetgraph"
)

// LinkHasTopic is the link type of the last step of every flag and context
// path: the concern entity's own topic statement, with its evidence.
const LinkHasTopic vetgraph.LinkType = "has_topic"

type factKind uint8

const (
	factLink  factKind = iota + 1 // atom a → atom b, typ
	factIdent                     // atom a holds identifier b
	factTopic                     // atom a carries topic b
)

// fact is one statement derived from one record version: 16 bytes, so that
// millions of links stay cheap. It is the graph's evidence Ref.
type fact struct {
	rec  int32
	a, b int32
	typ  uint8 // index into linkTypes for factLink
	kind factKind
}

// linkTypes are the link types a fact can carry; typ indexes it.
var linkTypes = [...]vetgraph.LinkType{
	vetgraph.LinkSameAs, vetgraph.LinkMovedBy, vetgraph.LinkPaid, vetgraph.LinkTravelledWith,
	vetgraph.LinkMemberOf, vetgraph.LinkLeaderOf, vetgraph.LinkFacilitatorFor, vetgraph.LinkTiedTo,
	vetgraph.LinkFamilyOf, vetgraph.LinkAssociateOf, vetgraph.LinkOwnerOf, vetgraph.LinkDirectorOf,
}

func linkCode(t vetgraph.LinkType) uint8 {
	for i, l := range linkTypes {
		if l == t {
			return uint8(i)
		}
	}
	panic("vet: unknown link type " + string(t))
}

// membershipLink maps a Membership role to its link type (FTM.md).
func membershipLink(role string) vetgraph.LinkType {
	switch strings.ToLower(strings.TrimSpace(role)) {
	case "leader":
		return vetgraph.LinkLeaderOf
	case "facilitator", "guide", "recruiter":
		return vetgraph.LinkFacilitatorFor
	}
	return vetgraph.LinkMemberOf
}

// unknownLink maps an UnknownLink role to its link type (FTM.md).
func unknownLink(role string) vetgraph.LinkType {
	switch r := vetgraph.LinkType(strings.ToLower(strings.TrimSpace(role))); r {
	case vetgraph.LinkMovedBy, vetgraph.LinkPaid, vetgraph.LinkTravelledWith, vetgraph.LinkTiedTo:
		return r
	}
	return vetgraph.LinkAssociateOf
}

// linkSpec names, for a relationship schema, its source and target
// properties and how to type the link.
type linkSpec struct {
	from, to string
	typ      func(p vetgraph.Properties) vetgraph.LinkType
}

func fixed(t vetgraph.LinkType) func(vetgraph.Properties) vetgraph.LinkType {
	return func(vetgraph.Properties) vetgraph.LinkType { return t }
}

var linkSpecs = map[string]linkSpec{
	vetgraph.SchemaMembership:   {"member", "organization", func(p vetgraph.Properties) vetgraph.LinkType { return membershipLink(p.First("role")) }},
	vetgraph.SchemaUnknownLink:  {"subject", "object", func(p vetgraph.Properties) vetgraph.LinkType { return unknownLink(p.First("role")) }},
	vetgraph.SchemaAssociate:    {"person", "associate", fixed(vetgraph.LinkAssociateOf)},
	vetgraph.SchemaFamily:       {"person", "relative", fixed(vetgraph.LinkFamilyOf)},
	vetgraph.SchemaPayment:      {"payer", "beneficiary", fixed(vetgraph.LinkPaid)},
	vetgraph.SchemaOwnership:    {"owner", "asset", fixed(vetgraph.LinkOwnerOf)},
	vetgraph.SchemaDirectorship: {"director", "organization", fixed(vetgraph.LinkDirectorOf)},
}

// normIdentifier normalizes a link-grade identifier value; "" means unusable.
func normIdentifier(k vetgraph.IdentifierKind, v string) string {
	v = strings.TrimSpace(v)
	switch k {
	case vetgraph.IDPhone:
		var b strings.Builder
		for i, r := range v {
			if r == '+' && i == 0 || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		if s := b.String(); len(strings.TrimPrefix(s, "+")) >= 5 {
			return s
		}
		return ""
	case vetgraph.IDEmail:
		return strings.ToLower(v)
	case vetgraph.IDAccount:
		return strings.ToUpper(strings.Join(strings.Fields(v), ""))
	}
	// Addresses and others: case-folded words, punctuation dropped.
	f := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}

// identifierProps lists the FtM subject properties that may hold link-grade
// identifiers, in a fixed order.
var identifierProps = []string{"phone", "email", "ibanCode", "accountNumber", "address"}

// derive appends the facts stated by record r (at record index ri) and
// returns them. It creates atoms, identifiers and topics as needed.
func (v *Vetter) derive(ri int32, r *vetgraph.Record) {
	p := r.Properties
	add := func(f fact) {
		f.rec = ri
		id := int32(len(v.facts))
		v.facts = append(v.facts, f)
		v.atoms[f.a].facts = append(v.atoms[f.a].facts, id)
		if f.kind == factLink && f.b != f.a {
			v.atoms[f.b].facts = append(v.atoms[f.b].facts, id)
		}
	}
	link := func(from, to string, t vetgraph.LinkType) {
		if from == "" || to == "" || from == to {
			return
		}
		add(fact{a: v.atom(from), b: v.atom(to), typ: linkCode(t), kind: factLink})
	}
	switch {
	case vetgraph.IsSubject(r.Schema):
		a := v.atom(r.Key.ID)
		for _, t := range p["topics"] {
			if t = strings.TrimSpace(t); t != "" {
				add(fact{a: a, b: v.topic(vetgraph.Topic(t)), kind: factTopic})
			}
		}
		for _, prop := range identifierProps {
			k, _ := vetgraph.IdentifierKindOf(prop)
			if !v.pol.linkIdentifier(k) {
				continue
			}
			for _, val := range p[prop] {
				if n := normIdentifier(k, val); n != "" {
					add(fact{a: a, b: v.ident(string(k) + ":" + n), kind: factIdent})
				}
			}
		}
	case r.Schema == vetgraph.SchemaEvent:
		inv := p["involved"]
		for i := range inv {
			for j := i + 1; j < len(inv); j++ {
				link(inv[i], inv[j], vetgraph.LinkTravelledWith)
			}
		}
	case r.Schema == vetgraph.SchemaSanction:
		for _, e := range p["entity"] {
			if e != "" {
				add(fact{a: v.atom(e), b: v.topic(vetgraph.TopicSanction), kind: factTopic})
			}
		}
	default:
		if _, judged := vetgraph.Judgement(*r); judged {
			return // a resolution decision (same_as, not_same_as): the entities say it
		}
		spec, ok := linkSpecs[r.Schema]
		if !ok {
			return
		}
		t := spec.typ(p)
		for _, from := range p[spec.from] {
			for _, to := range p[spec.to] {
				link(from, to, t)
			}
		}
	}
}

// subjectName is the display name of a subject record.
func subjectName(p vetgraph.Properties) string {
	if n := p.First("name"); n != "" {
		return n
	}
	return strings.TrimSpace(p.First("firstName") + " " + p.First("lastName"))
}
