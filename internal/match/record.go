package match

import (
	"strings"
	"unicode"
	"unique"

	"vetgraph"
	"vetgraph/internal/name"
)

// RecordFeatures are the comparable features of one subject record, prepared
// once when the record arrives and compared many times. They are immutable
// after PrepareRecord returns and safe for concurrent reads.
type RecordFeatures struct {
	Key    vetgraph.RecordKey
	Schema string

	// Given, Surname and Father are the structured name parts, normalized.
	Given, Surname, Father []string

	// fatherRoots are the fathers' given names in Father (index for
	// index), nil when each is its own value; see fatherRoots.
	fatherRoots []string

	names []*name.Prepared
	// keys are the frequency keys (keys[:nfreq]) then the name keys.
	keys []string

	// DOBs are the birth dates, possibly partial.
	DOBs []Date
	// Gender is 'm', 'f' or 0 when unknown.
	Gender byte
	nfreq  uint32

	// Identity are identity-grade identifiers (passport, national id,
	// registration); Links are link-grade ones (phone, email, account, address
	// as an identifier value).
	Identity []Ident
	Links    []Ident

	// addr holds the structured address parts; nil when the record has none
	// (most records carry an address as one link-grade value, in Links).
	addr *Address
}

// Address is the structured address parts of a record, normalized.
type Address struct {
	Street, City, Postal, Region []string
}

// Addr returns the record's structured address parts (empty when none).
// Nationality is not a feature at all: it is never compared.
func (f *RecordFeatures) Addr() Address {
	if f.addr == nil {
		return Address{}
	}
	return *f.addr
}

// Ident is one normalized identifier value.
type Ident struct {
	Kind    vetgraph.IdentifierKind
	Value   string
	Country string // issuing country, lower case, "" when unknown
}

// Date is a possibly partial date: zero Month or Day means unknown.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads an ISO date prefix (2006, 2006-01, 2006-01-02, with or
// without time) or a compact YYYYMMDD. It returns false for anything else.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 8 && allDigits(s) {
		d := Date{atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])}
		if !d.valid() {
			return Date{}, false
		}
		return d, true
	}
	if len(s) > 10 {
		s = s[:10]
	}
	var d Date
	parts := strings.Split(s, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 || !allDigits(parts[0]) {
		return Date{}, false
	}
	d.Year = atoi(parts[0])
	if len(parts) > 1 {
		if len(parts[1]) != 2 || !allDigits(parts[1]) {
			return Date{}, false
		}
		d.Month = atoi(parts[1])
	}
	if len(parts) > 2 {
		if len(parts[2]) != 2 || !allDigits(parts[2]) {
			return Date{}, false
		}
		d.Day = atoi(parts[2])
	}
	if !d.valid() {
		return Date{}, false
	}
	return d, true
}

func (d Date) valid() bool {
	return d.Year > 0 && d.Month >= 0 && d.Month <= 12 && d.Day >= 0 && d.Day <= 31 && !(d.Month == 0 && d.Day != 0)
}

// Full reports whether year, month and day are all known.
func (d Date) Full() bool { return d.Year > 0 && d.Month > 0 && d.Day > 0 }

// String formats the known part of d as an ISO date prefix.
func (d Date) String() string {
	var b strings.Builder
	b.WriteString(pad(d.Year, 4))
	if d.Month > 0 {
		b.WriteByte('-')
		b.WriteString(pad(d.Month, 2))
		if d.Day > 0 {
			b.WriteByte('-')
			b.WriteString(pad(d.Day, 2))
		}
	}
	return b.String()
}

func pad(n, w int) string {
	s := itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PrepareRecord extracts the comparable features of a subject record. It
// reads the FtM properties name, alias, weakAlias, firstName, middleName,
// fatherName, lastName, birthDate, gender, nationality, passportNumber,
// idNumber, registrationNumber, phone, email, ibanCode, accountNumber,
// address, street, city, postalCode, region and country (the issuing country
// of identifiers when they carry none). Values that do not parse (a date that
// is not a date) are ignored.
func PrepareRecord(rec vetgraph.Record) *RecordFeatures { return PrepareRecordWith(rec, nil) }

// NameSource prepares whole names for [PrepareRecordWith]. A prepared name
// is immutable and a function of its raw text and kind, so a source may hand
// out one shared *name.Prepared for every equal name (interning), saving the
// preparation and its memory. It must return what name.PrepareKind would.
type NameSource interface {
	PrepareName(raw string, kind name.Kind) *name.Prepared
}

// PrepareRecordWith is [PrepareRecord] with the record's whole names
// prepared by names (nil: name.PrepareKind). It calls names once for each
// distinct whole name of the record, in order.
func PrepareRecordWith(rec vetgraph.Record, names NameSource) *RecordFeatures {
	p := rec.Properties
	f := &RecordFeatures{Key: rec.Key, Schema: rec.Schema}
	// full holds the whole-name values (name, alias, and firstName/
	// middleName/lastName composed), normalized, to prepare each once.
	var raw, full []string
	for _, prop := range [...]string{"name", "alias", "weakAlias"} {
		for _, v := range p[prop] {
			if n := normText(v); n != "" && !contains(full, n) {
				full = append(full, n)
				raw = append(raw, v)
			}
		}
	}
	f.Given = normAll(append(append([]string(nil), p["firstName"]...), p["middleName"]...))
	f.Surname = normAll(p["lastName"])
	f.Father = normAll(p["fatherName"])
	if len(f.Given)+len(f.Surname) > 0 {
		parts := make([]string, 0, 3)
		for _, prop := range [...]string{"firstName", "middleName", "fatherName", "lastName"} {
			if v := p.First(prop); v != "" {
				parts = append(parts, v)
			}
		}
		if n := normText(strings.Join(parts, " ")); n != "" && !contains(full, n) {
			full = append(full, n)
			raw = append(raw, strings.Join(parts, " "))
		}
	}
	for _, v := range p["birthDate"] {
		if d, ok := ParseDate(v); ok && !containsDate(f.DOBs, d) {
			f.DOBs = append(f.DOBs, d)
		}
	}
	switch g := strings.ToLower(strings.TrimSpace(p.First("gender"))); {
	case g == "m" || g == "male":
		f.Gender = 'm'
	case g == "f" || g == "female":
		f.Gender = 'f'
	}
	// A country is one of a few hundred: one copy of each, not a slice of
	// the reader's buffer held for as long as the record is.
	country := strings.ToLower(strings.TrimSpace(p.First("country")))
	if country != "" {
		country = unique.Make(country).Value()
	}
	for prop, vals := range p {
		kind, ok := vetgraph.IdentifierKindOf(prop)
		if !ok {
			continue
		}
		for _, v := range vals {
			val := NormIdentifier(kind, v)
			if val == "" {
				continue
			}
			id := Ident{Kind: kind, Value: val}
			if kind.IdentityGrade() {
				id.Country = country
				f.Identity = appendIdent(f.Identity, id)
			} else {
				f.Links = appendIdent(f.Links, id)
			}
		}
	}
	sortIdents(f.Identity)
	sortIdents(f.Links)
	if a := (Address{Street: normAll(p["street"]), City: normAll(p["city"]), Postal: normAll(p["postalCode"]), Region: normAll(p["region"])}); a.Street != nil || a.City != nil || a.Postal != nil || a.Region != nil {
		f.addr = &a
	}
	prepareNames(f, raw, names)
	return f
}

// NormIdentifier normalizes an identifier value for comparison: emails are
// lower-cased and trimmed, phones keep their digits, addresses are normalized
// text, everything else keeps upper-cased letters and digits.
func NormIdentifier(kind vetgraph.IdentifierKind, v string) string {
	switch kind {
	case vetgraph.IDEmail:
		return strings.Clone(strings.ToLower(strings.TrimSpace(v))) // its own memory, not the reader's buffer
	case vetgraph.IDPhone:
		var b strings.Builder
		for _, r := range v {
			if r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		s := b.String()
		if strings.HasPrefix(s, "00") {
			s = s[2:]
		}
		return s
	case vetgraph.IDAddress:
		return normText(v)
	}
	var b strings.Builder
	for _, r := range v {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// normText lower-cases s and keeps letters and digits, with single spaces
// between words.
func normText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// combining marks stay with their letter
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

func normAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		if n := normText(v); n != "" && !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func containsDate(ds []Date, d Date) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func appendIdent(ids []Ident, id Ident) []Ident {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

func sortIdents(ids []Ident) {
	// insertion sort: identifier lists are short
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && identLess(ids[j], ids[j-1]); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

func identLess(a, b Ident) bool {
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	if a.Value != b.Value {
		return a.Value < b.Value
	}
	return a.Country < b.Country
}
