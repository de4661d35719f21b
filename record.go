package vetgraph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// RecordKey identifies a record: the source (dataset) it came from and its id
// within that source. FtM ids are global, so FtM records use the source only to
// say where they came from; relationships refer to other records by ID.
type RecordKey struct {
	Source string `json:"source"`
	ID     string `json:"id"`
}

// String returns "source/id".
func (k RecordKey) String() string { return k.Source + "/" + k.ID }

// Properties are FtM-style multi-valued properties: every value is a string.
type Properties map[string][]string

// First returns the first value of prop, or "".
func (p Properties) First(prop string) string {
	if v := p[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Add appends non-empty values to prop, skipping values it already holds.
func (p Properties) Add(prop string, values ...string) {
	for _, v := range values {
		if v != "" && !slices.Contains(p[prop], v) {
			p[prop] = append(p[prop], v)
		}
	}
}

// Clone returns a deep copy.
func (p Properties) Clone() Properties {
	c := make(Properties, len(p))
	for k, v := range p {
		c[k] = slices.Clone(v)
	}
	return c
}

// Record is one observation from one source, immutable once stored. Every
// reader maps its format onto this FtM-shaped form: Schema is an FtM schema
// name (Person, Organization, Membership, UnknownLink, Passport, ...) and
// Properties its FtM properties; relationship records name the records they
// join by id in their properties (e.g. Membership.member, .organization).
type Record struct {
	Key        RecordKey  `json:"key"`
	Schema     string     `json:"schema"`
	Properties Properties `json:"properties"`

	// Batch is the import batch that brought this version of the record.
	Batch BatchID `json:"batch,omitempty"`
	// Seq is the record version's position in the log, assigned by the store
	// (ascending in system time); zero before it is stored.
	Seq int64 `json:"seq,omitempty"`
	// RecordedAt is the system time: when vetgraph learned it (the batch time).
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	// ValidFrom and ValidTo bound the valid time: the span the record speaks of
	// (an encounter's date, a relationship's startDate/endDate). Zero means
	// unbounded on that side.
	ValidFrom time.Time `json:"valid_from,omitzero"`
	ValidTo   time.Time `json:"valid_to,omitzero"`
}

// Digest returns a content digest over Key, Schema, Properties and valid time,
// used to make re-imports idempotent: the same content gives the same digest
// whatever the batch or system time.
func (r *Record) Digest() string {
	h := sha256.New()
	// json.Marshal sorts map keys, so the encoding is canonical.
	b, _ := json.Marshal(struct {
		K RecordKey
		S string
		P Properties
		F time.Time
		T time.Time
	}{r.Key, r.Schema, r.Properties, r.ValidFrom.UTC(), r.ValidTo.UTC()})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// FtM schema names vetgraph gives meaning to. Other schemata are kept as data.
const (
	SchemaPerson         = "Person"
	SchemaOrganization   = "Organization"
	SchemaCompany        = "Company"
	SchemaLegalEntity    = "LegalEntity"
	SchemaMembership     = "Membership"
	SchemaUnknownLink    = "UnknownLink"
	SchemaAssociate      = "Associate"
	SchemaFamily         = "Family"
	SchemaPayment        = "Payment"
	SchemaOwnership      = "Ownership"
	SchemaDirectorship   = "Directorship"
	SchemaEvent          = "Event"
	SchemaIdentification = "Identification"
	SchemaPassport       = "Passport"
	SchemaSanction       = "Sanction"
)

// IsSubject reports whether records of the schema describe a subject (a thing
// resolved into entities) rather than a relationship or a document.
func IsSubject(schema string) bool {
	switch schema {
	case SchemaPerson, SchemaOrganization, SchemaCompany, SchemaLegalEntity:
		return true
	}
	return false
}

// The UnknownLink roles of a resolution judgement: a person's (or a
// report's) decision that the subject and the object are one person
// (same_as) or two (not_same_as). Resolution honours them over any score;
// they are not links in the graph.
const (
	RoleSameAs    = "same_as"
	RoleNotSameAs = "not_same_as"
)

// JudgedAs says in words what a judgement of role decides: "one person"
// (same_as) or "two people".
func JudgedAs(role string) string {
	if role == RoleSameAs {
		return "one person"
	}
	return "two people"
}

// Judgement reports whether r is a resolution judgement (an UnknownLink
// with role same_as or not_same_as) and which: same is true for same_as.
func Judgement(r Record) (same, ok bool) {
	if r.Schema != SchemaUnknownLink {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(r.Properties.First("role"))) {
	case RoleSameAs:
		return true, true
	case RoleNotSameAs:
		return false, true
	}
	return false, false
}

// Resolves reports whether resolution reads records like r: subjects,
// encounters (people met together are two people) and judgements.
func Resolves(r Record) bool {
	if IsSubject(r.Schema) || r.Schema == SchemaEvent {
		return true
	}
	_, ok := Judgement(r)
	return ok
}
