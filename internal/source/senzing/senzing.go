// Package senzing reads Senzing JSON records, one object a line or a JSON
// array of objects, in both the flat attribute form
//
//	{"DATA_SOURCE": "CUSTOMERS", "RECORD_ID": "1001", "RECORD_TYPE": "PERSON",
//	 "PRIMARY_NAME_FIRST": "Robert", "PRIMARY_NAME_LAST": "Smith", "DATE_OF_BIRTH": "1978-12-11", ...}
//
// and the list form ({"FEATURES": [{...}, {...}]}, or older lists such as
// "NAMES" and "ADDRESSES"): every array of objects is a list of feature
// groups, each with its own USAGE_TYPE (or NAME_TYPE, ADDR_TYPE, ...), and a
// flat attribute's prefix (PRIMARY_, SECONDARY_, HOME_, ...) is its usage.
//
// Mapping (after the Senzing entity specification's attribute names):
// RECORD_ID → Key.ID, DATA_SOURCE → Key.Source (unless the caller gives
// one), RECORD_TYPE PERSON → Person, ORGANIZATION → Organization (without
// RECORD_TYPE: NAME_ORG makes an Organization, person attributes a Person,
// else LegalEntity). NAME_FULL / NAME_ORG, or NAME_FIRST NAME_MIDDLE NAME_LAST
// joined, become name (usage "" or PRIMARY) or alias (any other usage), with
// firstName, middleName, lastName. DATE_OF_BIRTH → birthDate (ISO or
// YYYYMMDD made ISO, other forms kept), DATE_OF_DEATH → deathDate, GENDER →
// gender (male/female), NATIONALITY, CITIZENSHIP, PLACE_OF_BIRTH,
// PASSPORT_NUMBER (+ PASSPORT_COUNTRY) → passportNumber and a Passport
// record, NATIONAL_ID_NUMBER (+ NATIONAL_ID_COUNTRY), SSN_NUMBER and
// DRIVERS_LICENSE_NUMBER → idNumber (with an Identification record when the
// country is known), TAX_ID_NUMBER → taxNumber, OTHER_ID_NUMBER → otherId,
// ACCOUNT_NUMBER → accountNumber, PHONE_NUMBER → phone, EMAIL_ADDRESS →
// email, WEBSITE_ADDRESS → website, ADDR_FULL or ADDR_LINE1..6, ADDR_CITY,
// ADDR_STATE, ADDR_POSTAL_CODE, ADDR_COUNTRY → address (joined) and street,
// city, region, postalCode, country; REGISTRATION_DATE → incorporationDate,
// REGISTRATION_COUNTRY → jurisdiction, LEI_NUMBER → leiCode, DUNS_NUMBER →
// dunsCode. Other attributes (payload) are not mapped.
//
// Disclosed relationships: a record with REL_POINTER_DOMAIN/REL_POINTER_KEY
// (and REL_POINTER_ROLE) pointing at another record's REL_ANCHOR_DOMAIN/
// REL_ANCHOR_KEY becomes an UnknownLink record (subject: this record, object:
// the anchored record, role: REL_POINTER_ROLE). Links are emitted after all
// records of the input, so anchors may come later; an anchor not in the
// input is taken to be a RECORD_ID.
//
// Errors are Invalid *vetgraph.Error values naming the file, the line (of
// the line or of the array element's start) and the attribute path.
package senzing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"sort"
	"strconv"
	"strings"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// Format is the format name, and the default record source.
const Format = "senzing"

const op = "senzing.Read"

// Read returns the records in r (JSON Lines, or one JSON array), in input
// order, followed by the relationship records. file names the input in
// errors; source, when not empty, is every record's Key.Source (else the
// record's DATA_SOURCE, else "senzing"). The stream ends at the first error.
func Read(r io.Reader, file, source string) iter.Seq2[vetgraph.Record, error] {
	return func(yield func(vetgraph.Record, error) bool) {
		rd := &reader{file: file, source: source, anchors: map[[2]string]string{}}
		br := parse.BOMReader(r)
		array := false
		for {
			b, err := br.Peek(1)
			if err != nil {
				break
			}
			if c := b[0]; c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				br.Discard(1)
				continue
			}
			array = b[0] == '['
			break
		}
		var ok bool
		if array {
			ok = rd.array(br, yield)
		} else {
			ok = rd.lines(br, yield)
		}
		if !ok {
			return
		}
		// One UnknownLink per (subject, anchor): several roles for the same
		// pair become one record with several roles.
		var out []vetgraph.Record
		at := map[vetgraph.RecordKey]int{}
		for _, l := range rd.links {
			obj, found := rd.anchors[[2]string{l.domain, l.key}]
			if !found {
				obj = l.key
			}
			key := vetgraph.RecordKey{Source: l.source, ID: l.subject + "-rel-" + l.domain + "-" + l.key}
			if i, ok := at[key]; ok {
				out[i].Properties.Add("role", l.role)
				continue
			}
			p := vetgraph.Properties{}
			p.Add("subject", l.subject)
			p.Add("object", obj)
			p.Add("role", l.role)
			at[key] = len(out)
			out = append(out, vetgraph.Record{Key: key, Schema: vetgraph.SchemaUnknownLink, Properties: p})
		}
		for _, rec := range out {
			if !yield(rec, nil) {
				return
			}
		}
	}
}

type link struct {
	source, subject, domain, key, role string
}

type reader struct {
	file    string
	source  string
	anchors map[[2]string]string // (domain, key) → RECORD_ID
	links   []link
}

func (rd *reader) lines(r io.Reader, yield func(vetgraph.Record, error) bool) bool {
	lines := parse.NewLines(r)
	for {
		line, n, err := lines.Next()
		if err == io.EOF {
			return true
		}
		if err != nil {
			yield(vetgraph.Record{}, vetgraph.Errorf(vetgraph.Internal, op, "reading %s: %w", rd.file, err))
			return false
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		recs, err := rd.record(line, n)
		if err != nil {
			yield(vetgraph.Record{}, err)
			return false
		}
		for _, rec := range recs {
			if !yield(rec, nil) {
				return false
			}
		}
	}
}

// lineIndex counts the lines of what passes through it.
type lineIndex struct {
	r   io.Reader
	off int64
	nl  []int64 // offsets of '\n'
}

func (l *lineIndex) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.nl = append(l.nl, l.off+int64(i))
		}
	}
	l.off += int64(n)
	return n, err
}

// line returns the 1-based line of offset off.
func (l *lineIndex) line(off int64) int {
	return 1 + sort.Search(len(l.nl), func(i int) bool { return l.nl[i] >= off })
}

func (rd *reader) array(r io.Reader, yield func(vetgraph.Record, error) bool) bool {
	idx := &lineIndex{r: r}
	dec := json.NewDecoder(idx)
	fail := func(err error) bool {
		line := idx.line(dec.InputOffset())
		if se, ok := err.(*json.SyntaxError); ok {
			line = idx.line(se.Offset)
		} else if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			line = idx.line(idx.off)
		}
		yield(vetgraph.Record{}, parse.Err(op, rd.file, line, "", "malformed JSON array: %v", err))
		return false
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail(err)
		}
		start := dec.InputOffset() - int64(len(raw))
		recs, err := rd.record(raw, idx.line(start))
		if err != nil {
			yield(vetgraph.Record{}, err)
			return false
		}
		for _, rec := range recs {
			if !yield(rec, nil) {
				return false
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		yield(vetgraph.Record{}, parse.Err(op, rd.file, idx.line(dec.InputOffset()), "", "data after the JSON array"))
		return false
	}
	return true
}

// attr is one attribute value with its path for errors.
type attr struct {
	base  string // the attribute without its usage prefix
	value string
	path  string
}

// group is one feature: attributes sharing a usage.
type group struct {
	usage string
	attrs []attr
}

func (g *group) get(base string) []attr {
	var out []attr
	for _, a := range g.attrs {
		if a.base == base {
			out = append(out, a)
		}
	}
	return out
}

func (g *group) first(base string) string {
	for _, a := range g.attrs {
		if a.base == base {
			return a.value
		}
	}
	return ""
}

// known lists the attributes the mapper reads, longest first so that a
// prefix is never mistaken for part of the name.
var known = func() []string {
	k := []string{
		"NAME_FULL", "NAME_ORG", "NAME_FIRST", "NAME_MIDDLE", "NAME_LAST", "NAME_PREFIX", "NAME_SUFFIX", "NAME_TYPE",
		"DATE_OF_BIRTH", "DATE_OF_DEATH", "GENDER", "NATIONALITY", "CITIZENSHIP", "PLACE_OF_BIRTH",
		"PASSPORT_NUMBER", "PASSPORT_COUNTRY", "NATIONAL_ID_NUMBER", "NATIONAL_ID_COUNTRY", "NATIONAL_ID_TYPE",
		"SSN_NUMBER", "DRIVERS_LICENSE_NUMBER", "DRIVERS_LICENSE_STATE", "TAX_ID_NUMBER", "TAX_ID_COUNTRY", "TAX_ID_TYPE",
		"OTHER_ID_NUMBER", "OTHER_ID_COUNTRY", "OTHER_ID_TYPE", "ACCOUNT_NUMBER", "ACCOUNT_DOMAIN",
		"PHONE_NUMBER", "PHONE_TYPE", "EMAIL_ADDRESS", "WEBSITE_ADDRESS",
		"ADDR_FULL", "ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3", "ADDR_LINE4", "ADDR_LINE5", "ADDR_LINE6",
		"ADDR_CITY", "ADDR_STATE", "ADDR_POSTAL_CODE", "ADDR_COUNTRY", "ADDR_TYPE",
		"REGISTRATION_DATE", "REGISTRATION_COUNTRY", "LEI_NUMBER", "DUNS_NUMBER",
		"REL_ANCHOR_DOMAIN", "REL_ANCHOR_KEY", "REL_POINTER_DOMAIN", "REL_POINTER_KEY", "REL_POINTER_ROLE",
		"USAGE_TYPE", "RECORD_TYPE", "ENTITY_TYPE", "DATA_SOURCE", "RECORD_ID",
	}
	sort.SliceStable(k, func(i, j int) bool { return len(k[i]) > len(k[j]) })
	return k
}()

// simpleProps maps attributes that become one FtM property each.
var simpleProps = map[string]string{
	"NATIONALITY": "nationality", "CITIZENSHIP": "citizenship", "PLACE_OF_BIRTH": "birthPlace",
	"TAX_ID_NUMBER": "taxNumber", "OTHER_ID_NUMBER": "otherId", "ACCOUNT_NUMBER": "accountNumber",
	"PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "WEBSITE_ADDRESS": "website",
	"REGISTRATION_COUNTRY": "jurisdiction", "LEI_NUMBER": "leiCode", "DUNS_NUMBER": "dunsCode",
}

// split returns an attribute's base name and usage prefix, or ok false for
// an attribute the mapper does not read.
func split(key string) (base, usage string, ok bool) {
	key = strings.ToUpper(key)
	for _, b := range known {
		if key == b {
			return b, "", true
		}
		if len(key) > len(b)+1 && key[len(key)-len(b)-1] == '_' && key[len(key)-len(b):] == b {
			return b, key[:len(key)-len(b)-1], true
		}
	}
	return "", "", false
}

// scalar decodes a JSON scalar to a string; ok is false for objects and
// arrays.
func scalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		v, _ := parse.Clean(s)
		return v, true
	case 'n':
		return "", true
	case '{', '[':
		return "", false
	}
	return string(raw), true // number or boolean
}

// collect splits an object's attributes into groups: flat attributes by
// usage prefix into groups, each array element (or nested object) into its
// own group.
func (rd *reader) collect(obj map[string]json.RawMessage, path string, line int, groups *[]group) error {
	byUsage := map[string]int{}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := bytes.TrimSpace(obj[k])
		p := k
		if path != "" {
			p = path + "." + k
		}
		if len(raw) > 0 && (raw[0] == '[' || raw[0] == '{') {
			if _, _, isAttr := split(k); isAttr {
				return parse.Err(op, rd.file, line, p, "want a string, number or boolean")
			}
			if path != "" {
				return parse.Err(op, rd.file, line, p, "nested lists are not Senzing attributes")
			}
			var elems []json.RawMessage
			if raw[0] == '{' {
				elems = []json.RawMessage{raw}
			} else if err := json.Unmarshal(raw, &elems); err != nil {
				return parse.Err(op, rd.file, line, p, "malformed list")
			}
			for i, e := range elems {
				var m map[string]json.RawMessage
				ep := p
				if raw[0] == '[' {
					ep = p + "." + strconv.Itoa(i)
				}
				if err := json.Unmarshal(e, &m); err != nil {
					return parse.Err(op, rd.file, line, ep, "want an object of attributes")
				}
				if err := rd.collect(m, ep, line, groups); err != nil {
					return err
				}
			}
			continue
		}
		v, ok := scalar(raw)
		if !ok {
			return parse.Err(op, rd.file, line, p, "want a string, number or boolean")
		}
		base, usage, known := split(k)
		if !known || v == "" {
			continue
		}
		gi, seen := byUsage[usage]
		if !seen {
			gi = len(*groups)
			byUsage[usage] = gi
			*groups = append(*groups, group{usage: usage})
		}
		g := &(*groups)[gi]
		g.attrs = append(g.attrs, attr{base: base, value: v, path: p})
	}
	// A group's USAGE_TYPE (or NAME_TYPE, ADDR_TYPE, PHONE_TYPE) names its usage.
	for _, gi := range byUsage {
		g := &(*groups)[gi]
		for _, t := range []string{"USAGE_TYPE", "NAME_TYPE", "ADDR_TYPE", "PHONE_TYPE"} {
			if u := g.first(t); u != "" && g.usage == "" {
				g.usage = strings.ToUpper(u)
			}
		}
	}
	return nil
}

func (rd *reader) record(raw []byte, line int) ([]vetgraph.Record, error) {
	if off := parse.InvalidUTF8(raw); off >= 0 {
		return nil, parse.Err(op, rd.file, line, parse.JSONPath(raw, off), "invalid UTF-8")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, parse.Err(op, rd.file, line, "", "not a JSON object: %v", err)
	}
	var groups []group
	if err := rd.collect(obj, "", line, &groups); err != nil {
		return nil, err
	}
	top := func(k string) string {
		if raw, ok := obj[k]; ok {
			v, _ := scalar(raw)
			return v
		}
		return ""
	}
	id := top("RECORD_ID")
	if id == "" {
		return nil, parse.Err(op, rd.file, line, "RECORD_ID", "missing RECORD_ID")
	}
	source := rd.source
	if source == "" {
		source = top("DATA_SOURCE")
	}
	if source == "" {
		source = Format
	}
	rtype := strings.ToUpper(top("RECORD_TYPE"))
	if rtype == "" {
		rtype = strings.ToUpper(top("ENTITY_TYPE"))
	}
	p := vetgraph.Properties{}
	var docs []vetgraph.Record
	personish, orgish := false, false
	for i := range groups {
		g := &groups[i]
		nameProp := "name"
		if g.usage != "" && g.usage != "PRIMARY" {
			nameProp = "alias"
		}
		if v := g.first("NAME_ORG"); v != "" {
			orgish = true
			p.Add(nameProp, v)
		}
		first, middle, last := g.first("NAME_FIRST"), g.first("NAME_MIDDLE"), g.first("NAME_LAST")
		if first != "" || last != "" {
			personish = true
		}
		p.Add("firstName", first)
		p.Add("middleName", middle)
		p.Add("lastName", last)
		if v := g.first("NAME_FULL"); v != "" {
			p.Add(nameProp, v)
		} else if first != "" || last != "" {
			p.Add(nameProp, join(" ", g.first("NAME_PREFIX"), first, middle, last, g.first("NAME_SUFFIX")))
		}
		for _, a := range g.get("DATE_OF_BIRTH") {
			personish = true
			p.Add("birthDate", date(a.value))
		}
		for _, a := range g.get("DATE_OF_DEATH") {
			p.Add("deathDate", date(a.value))
		}
		for _, a := range g.get("GENDER") {
			personish = true
			p.Add("gender", gender(a.value))
		}
		for _, a := range g.attrs {
			if prop, ok := simpleProps[a.base]; ok {
				p.Add(prop, a.value)
			}
		}
		for _, a := range g.get("REGISTRATION_DATE") {
			p.Add("incorporationDate", date(a.value))
		}
		for _, d := range []struct{ num, country, schema, prop string }{
			{"PASSPORT_NUMBER", "PASSPORT_COUNTRY", vetgraph.SchemaPassport, "passportNumber"},
			{"NATIONAL_ID_NUMBER", "NATIONAL_ID_COUNTRY", vetgraph.SchemaIdentification, "idNumber"},
			{"SSN_NUMBER", "", vetgraph.SchemaIdentification, "idNumber"},
			{"DRIVERS_LICENSE_NUMBER", "DRIVERS_LICENSE_STATE", vetgraph.SchemaIdentification, "idNumber"},
		} {
			country := ""
			if d.country != "" {
				country = g.first(d.country)
			}
			for _, a := range g.get(d.num) {
				if d.schema == vetgraph.SchemaPassport {
					personish = true
				}
				p.Add(d.prop, a.value)
				if country != "" {
					docs = parse.AddDocument(docs, parse.Document(source, id, d.schema, a.value, country))
				}
			}
		}
		rd.address(g, p)
		if dom, key := g.first("REL_ANCHOR_DOMAIN"), g.first("REL_ANCHOR_KEY"); key != "" {
			rd.anchors[[2]string{dom, key}] = id
		}
		if key := g.first("REL_POINTER_KEY"); key != "" {
			rd.links = append(rd.links, link{source: source, subject: id, domain: g.first("REL_POINTER_DOMAIN"), key: key, role: g.first("REL_POINTER_ROLE")})
		}
	}
	var schema string
	switch {
	case rtype == "PERSON" || rtype == "INDIVIDUAL":
		schema = vetgraph.SchemaPerson
	case rtype == "ORGANIZATION" || rtype == "COMPANY" || rtype == "ORGANISATION":
		schema = vetgraph.SchemaOrganization
	case rtype != "":
		schema = vetgraph.SchemaLegalEntity
	case orgish:
		schema = vetgraph.SchemaOrganization
	case personish:
		schema = vetgraph.SchemaPerson
	default:
		schema = vetgraph.SchemaLegalEntity
	}
	rec := vetgraph.Record{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: p}
	return append([]vetgraph.Record{rec}, docs...), nil
}

func (rd *reader) address(g *group, p vetgraph.Properties) {
	full := g.first("ADDR_FULL")
	var lines []string
	for i := 1; i <= 6; i++ {
		if v := g.first(fmt.Sprintf("ADDR_LINE%d", i)); v != "" {
			lines = append(lines, v)
		}
	}
	city, state, postal, country := g.first("ADDR_CITY"), g.first("ADDR_STATE"), g.first("ADDR_POSTAL_CODE"), g.first("ADDR_COUNTRY")
	p.Add("street", strings.Join(lines, ", "))
	p.Add("city", city)
	p.Add("region", state)
	p.Add("postalCode", postal)
	p.Add("country", country)
	if full == "" {
		full = join(", ", strings.Join(lines, ", "), city, join(" ", state, postal), country)
	}
	p.Add("address", full)
}

func join(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// date makes ISO and YYYYMMDD dates FtM dates and keeps anything else as
// it is.
func date(s string) string {
	if d, ok := parse.ParseISO(s); ok {
		return d.String()
	}
	if d, ok := parse.ParseLayout(s, "YYYYMMDD"); ok {
		return d.String()
	}
	return s
}

func gender(s string) string {
	switch strings.ToUpper(s) {
	case "M", "MALE":
		return "male"
	case "F", "FEMALE":
		return "female"
	}
	return strings.ToLower(s)
}
