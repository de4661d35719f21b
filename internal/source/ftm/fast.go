package ftm

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// decoder is the hand-written fast path for the common line shape: an object
// with "id", "schema", "properties" (an object of arrays of strings),
// "datasets" (an array of strings) and other keys holding any JSON value,
// which are skipped. It declines (ok false) whatever it is not sure to read
// exactly as encoding/json would: duplicate or case-variant top-level keys,
// escaped keys, nulls, non-string values, lone surrogates, duplicate
// property names, deep nesting, any syntax error. The caller then runs the
// encoding/json path, so results and errors stay encoding/json's.
//
// A decoded record's id, source and values are substrings of one string
// holding exactly the kept (unescaped, trimmed, deduplicated) bytes, and its
// value slices are capped windows of one []string; known property and schema
// names are interned. The decoder's buffers are reused from line to line.
type decoder struct {
	buf   []byte     // kept strings of the line, end to end
	vals  []span     // kept values in buf, grouped by property
	props []propSpan // properties in line order
}

// span is a range of decoder.buf.
type span struct{ lo, hi int }

// propSpan is a property: its name as written in the line and its kept
// values, vals[lo:hi].
type propSpan struct {
	name   []byte
	lo, hi int
}

// maxSkipDepth bounds the nesting of skipped values; deeper lines go to
// encoding/json, which has its own limit.
const maxSkipDepth = 64

// The top-level keys the decoder reads.
const (
	seenID = 1 << iota
	seenSchema
	seenProperties
	seenDatasets
)

var topKeys = [...]string{"id", "schema", "properties", "datasets"}

// decodeLine decodes one line: the fast path when it applies, else the
// encoding/json path (decodeLineStd), with the same results and errors.
func (d *decoder) decodeLine(line []byte, file string, n int, source string) (vetgraph.Record, error) {
	if utf8.Valid(line) {
		if rec, ok := d.decode(line, source); ok {
			return rec, nil
		}
	}
	return decodeLineStd(line, file, n, source)
}

// decode maps a valid UTF-8 line; ok is false when the line is not of the
// shape the decoder reads or needs the slow path's errors.
func (d *decoder) decode(b []byte, source string) (rec vetgraph.Record, ok bool) {
	d.buf, d.vals, d.props = d.buf[:0], d.vals[:0], d.props[:0]
	var (
		seen       int
		id, ds, sc span
		schema     string // interned, else sc
		hasDS      bool
	)
	p := ws(b, 0)
	if peek(b, p) != '{' {
		return rec, false
	}
	p = ws(b, p+1)
	if peek(b, p) == '}' {
		return rec, false // no id
	}
	for {
		key, q, ok := rawString(b, p)
		if !ok {
			return rec, false
		}
		p = ws(b, q)
		if peek(b, p) != ':' {
			return rec, false
		}
		p = ws(b, p+1)
		bit := 0
		switch string(key) {
		case "id":
			bit = seenID
			p, id, ok = d.cleanString(b, p)
		case "schema":
			bit = seenSchema
			p, sc, ok = d.cleanString(b, p)
			if ok {
				if s, known := schemaNames[string(d.buf[sc.lo:sc.hi])]; known {
					schema = s
					d.buf = d.buf[:sc.lo]
				}
			}
		case "properties":
			bit = seenProperties
			p, ok = d.properties(b, p)
		case "datasets":
			bit = seenDatasets
			p, ds, hasDS, ok = d.datasets(b, p, source == "")
		default:
			for _, k := range topKeys {
				if bytes.EqualFold(key, []byte(k)) {
					return rec, false // encoding/json would take it for k
				}
			}
			p, ok = skipValue(b, p, 0)
		}
		if !ok || seen&bit != 0 {
			return rec, false
		}
		seen |= bit
		p = ws(b, p)
		switch peek(b, p) {
		case ',':
			p = ws(b, p+1)
			continue
		case '}':
			p++
		default:
			return rec, false
		}
		break
	}
	if ws(b, p) != len(b) || seen&seenID == 0 || seen&seenSchema == 0 || id.lo == id.hi ||
		(schema == "" && sc.lo == sc.hi) {
		return rec, false
	}
	s := string(d.buf)
	if schema == "" {
		schema = s[sc.lo:sc.hi]
	}
	if source == "" && hasDS && ds.lo < ds.hi {
		source = s[ds.lo:ds.hi]
	}
	if source == "" {
		source = Format
	}
	n := 0
	for _, pr := range d.props {
		if pr.hi > pr.lo {
			n++
		}
	}
	props := make(vetgraph.Properties, n)
	vals := make([]string, len(d.vals))
	for i, v := range d.vals {
		vals[i] = s[v.lo:v.hi]
	}
	for _, pr := range d.props {
		if pr.hi > pr.lo {
			props[propName(pr.name)] = vals[pr.lo:pr.hi:pr.hi]
		}
	}
	rec = vetgraph.Record{Key: vetgraph.RecordKey{Source: source, ID: s[id.lo:id.hi]}, Schema: schema, Properties: props}
	rec.ValidFrom, rec.ValidTo = parse.ValidTime(props)
	return rec, true
}

// properties reads an object of arrays of strings at b[p:], appending kept
// values to d.vals and properties to d.props.
func (d *decoder) properties(b []byte, p int) (int, bool) {
	if peek(b, p) != '{' {
		return p, false
	}
	p = ws(b, p+1)
	if peek(b, p) == '}' {
		return p + 1, true
	}
	for {
		name, q, ok := rawString(b, p)
		if !ok || len(name) == 0 {
			return p, false
		}
		for _, pr := range d.props {
			if bytes.Equal(pr.name, name) {
				return p, false // encoding/json keeps the last; leave it to it
			}
		}
		p = ws(b, q)
		if peek(b, p) != ':' {
			return p, false
		}
		p = ws(b, p+1)
		if peek(b, p) != '[' {
			return p, false
		}
		lo := len(d.vals)
		p = ws(b, p+1)
		if peek(b, p) == ']' {
			p++
		} else {
			for {
				var v span
				p, v, ok = d.cleanString(b, p)
				if !ok {
					return p, false
				}
				keep := v.hi > v.lo
				for _, w := range d.vals[lo:] {
					if keep && bytes.Equal(d.buf[w.lo:w.hi], d.buf[v.lo:v.hi]) {
						keep = false
					}
				}
				if keep {
					d.vals = append(d.vals, v)
				} else {
					d.buf = d.buf[:v.lo]
				}
				p = ws(b, p)
				if c := peek(b, p); c == ',' {
					p = ws(b, p+1)
					continue
				} else if c != ']' {
					return p, false
				}
				p++
				break
			}
		}
		d.props = append(d.props, propSpan{name: name, lo: lo, hi: len(d.vals)})
		p = ws(b, p)
		switch peek(b, p) {
		case ',':
			p = ws(b, p+1)
		case '}':
			return p + 1, true
		default:
			return p, false
		}
	}
}

// datasets reads an array of strings at b[p:]; when keep, the first one,
// trimmed, is kept in d.buf and returned with has true.
func (d *decoder) datasets(b []byte, p int, keep bool) (q int, first span, has, ok bool) {
	if peek(b, p) != '[' {
		return p, first, false, false
	}
	p = ws(b, p+1)
	if peek(b, p) == ']' {
		return p + 1, first, false, true
	}
	for i := 0; ; i++ {
		if i == 0 && keep {
			p, first, ok = d.cleanString(b, p)
			has = true
		} else {
			p, ok = skipString(b, p)
		}
		if !ok {
			return p, first, false, false
		}
		p = ws(b, p)
		switch peek(b, p) {
		case ',':
			p = ws(b, p+1)
		case ']':
			return p + 1, first, has, true
		default:
			return p, first, false, false
		}
	}
}

// cleanString appends the JSON string at b[p:], unescaped and trimmed as
// parse.Clean trims, to d.buf and returns its span.
func (d *decoder) cleanString(b []byte, p int) (int, span, bool) {
	lo := len(d.buf)
	p, ok := d.appendString(b, p)
	if !ok {
		return p, span{}, false
	}
	t := bytes.TrimSpace(d.buf[lo:])
	n := copy(d.buf[lo:], t)
	d.buf = d.buf[:lo+n]
	return p, span{lo, lo + n}, true
}

// appendString appends the unescaped JSON string at b[p:] to d.buf and
// returns the offset after it. It declines control characters, unknown
// escapes and escapes that are not whole code points.
func (d *decoder) appendString(b []byte, p int) (int, bool) {
	if peek(b, p) != '"' {
		return p, false
	}
	p++
	for {
		q := p
		for q < len(b) && b[q] != '"' && b[q] != '\\' && b[q] >= 0x20 {
			q++
		}
		d.buf = append(d.buf, b[p:q]...)
		if q >= len(b) || b[q] < 0x20 {
			return q, false
		}
		if b[q] == '"' {
			return q + 1, true
		}
		if q+1 >= len(b) {
			return q, false
		}
		p = q + 2
		switch c := b[q+1]; c {
		case '"', '\\', '/':
			d.buf = append(d.buf, c)
		case 'b':
			d.buf = append(d.buf, '\b')
		case 'f':
			d.buf = append(d.buf, '\f')
		case 'n':
			d.buf = append(d.buf, '\n')
		case 'r':
			d.buf = append(d.buf, '\r')
		case 't':
			d.buf = append(d.buf, '\t')
		case 'u':
			r, ok := hex4(b, p)
			if !ok {
				return p, false
			}
			p += 4
			if utf16.IsSurrogate(r) {
				if peek(b, p) != '\\' || peek(b, p+1) != 'u' {
					return p, false
				}
				r2, ok := hex4(b, p+2)
				if !ok {
					return p, false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return p, false
				}
				p += 6
			}
			d.buf = utf8.AppendRune(d.buf, r)
		default:
			return p, false
		}
	}
}

// rawString returns the bytes of the JSON string at b[p:] when it holds no
// escape, and the offset after it.
func rawString(b []byte, p int) ([]byte, int, bool) {
	if peek(b, p) != '"' {
		return nil, p, false
	}
	for q := p + 1; q < len(b); q++ {
		switch c := b[q]; {
		case c == '"':
			return b[p+1 : q], q + 1, true
		case c == '\\' || c < 0x20:
			return nil, q, false
		}
	}
	return nil, len(b), false
}

// skipString checks the JSON string at b[p:] and returns the offset after it.
func skipString(b []byte, p int) (int, bool) {
	if peek(b, p) != '"' {
		return p, false
	}
	for p++; p < len(b); {
		switch c := b[p]; {
		case c == '"':
			return p + 1, true
		case c < 0x20:
			return p, false
		case c == '\\':
			switch peek(b, p+1) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p += 2
			case 'u':
				if _, ok := hex4(b, p+2); !ok {
					return p, false
				}
				p += 6
			default:
				return p, false
			}
		default:
			p++
		}
	}
	return p, false
}

// skipValue checks the JSON value at b[p:] and returns the offset after it.
func skipValue(b []byte, p, depth int) (int, bool) {
	switch c := peek(b, p); c {
	case '"':
		return skipString(b, p)
	case '{', '[':
		if depth >= maxSkipDepth {
			return p, false
		}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		p = ws(b, p+1)
		if peek(b, p) == end {
			return p + 1, true
		}
		for {
			var ok bool
			if c == '{' {
				if p, ok = skipString(b, p); !ok {
					return p, false
				}
				if p = ws(b, p); peek(b, p) != ':' {
					return p, false
				}
				p = ws(b, p+1)
			}
			if p, ok = skipValue(b, p, depth+1); !ok {
				return p, false
			}
			p = ws(b, p)
			switch peek(b, p) {
			case ',':
				p = ws(b, p+1)
			case end:
				return p + 1, true
			default:
				return p, false
			}
		}
	case 't':
		return literal(b, p, "true")
	case 'f':
		return literal(b, p, "false")
	case 'n':
		return literal(b, p, "null")
	}
	return skipNumber(b, p)
}

func literal(b []byte, p int, lit string) (int, bool) {
	if len(b)-p >= len(lit) && string(b[p:p+len(lit)]) == lit {
		return p + len(lit), true
	}
	return p, false
}

// skipNumber checks -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at b[p:].
func skipNumber(b []byte, p int) (int, bool) {
	if peek(b, p) == '-' {
		p++
	}
	switch c := peek(b, p); {
	case c == '0':
		p++
	case c >= '1' && c <= '9':
		p = digits(b, p)
	default:
		return p, false
	}
	if peek(b, p) == '.' {
		q := digits(b, p+1)
		if q == p+1 {
			return p, false
		}
		p = q
	}
	if c := peek(b, p); c == 'e' || c == 'E' {
		p++
		if c := peek(b, p); c == '+' || c == '-' {
			p++
		}
		q := digits(b, p)
		if q == p {
			return p, false
		}
		p = q
	}
	return p, true
}

func digits(b []byte, p int) int {
	for p < len(b) && b[p] >= '0' && b[p] <= '9' {
		p++
	}
	return p
}

// hex4 decodes four hex digits at b[p:].
func hex4(b []byte, p int) (rune, bool) {
	if len(b)-p < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[p : p+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// ws returns the offset of the first byte at or after p that is not JSON
// white space.
func ws(b []byte, p int) int {
	for p < len(b) {
		switch b[p] {
		case ' ', '\t', '\n', '\r':
			p++
		default:
			return p
		}
	}
	return p
}

// peek returns b[p], or 0 (never valid there in JSON) past the end.
func peek(b []byte, p int) byte {
	if p < len(b) {
		return b[p]
	}
	return 0
}

// propName returns name as a string, interned when it is a known property.
func propName(name []byte) string {
	if s, ok := propNames[string(name)]; ok {
		return s
	}
	return string(name)
}

func table(names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, s := range names {
		m[s] = s
	}
	return m
}

// propNames interns the FtM property names vetgraph's readers and the
// scenario generator write, and those common in OpenSanctions data.
// Read-only.
var propNames = table(
	"accountNumber", "address", "addressEntity", "alias", "amount", "authority",
	"beneficiary", "birthCountry", "birthDate", "birthPlace", "buildDate", "callSign",
	"citizenship", "city", "country", "createdAt", "currency", "date", "deathDate",
	"description", "director", "dissolutionDate", "dunsCode", "education", "email",
	"endDate", "entity", "ethnicity", "fatherName", "firstName", "flag", "gender",
	"grossRegisteredTonnage", "holder", "idNumber", "imoNumber", "incorporationDate",
	"innCode", "involved", "jurisdiction", "keywords", "lastName", "leiCode", "listingDate",
	"location", "member", "middleName", "mmsi", "modifiedAt", "motherName", "name",
	"nationality", "notes", "number", "object", "ogrnCode", "organization", "owner",
	"passportNumber", "payer", "percentage", "person", "phone", "position", "postalCode",
	"previousName", "program", "programId", "purpose", "reason", "region",
	"registrationNumber", "relationship", "relative", "religion", "role", "secondName",
	"sourceUrl", "startDate", "status", "street", "street2", "subject", "summary",
	"taxNumber", "title", "tonnage", "topics", "type", "unscId", "weakAlias", "website",
	"wikidataId",
)

// schemaNames interns the FtM schema names vetgraph knows. Read-only.
var schemaNames = table(
	vetgraph.SchemaPerson, vetgraph.SchemaOrganization, vetgraph.SchemaCompany,
	vetgraph.SchemaLegalEntity, vetgraph.SchemaMembership, vetgraph.SchemaUnknownLink,
	vetgraph.SchemaAssociate, vetgraph.SchemaFamily, vetgraph.SchemaPayment,
	vetgraph.SchemaOwnership, vetgraph.SchemaDirectorship, vetgraph.SchemaEvent,
	vetgraph.SchemaIdentification, vetgraph.SchemaPassport, vetgraph.SchemaSanction,
	"Vessel", "Airplane", "Address", "PublicBody", "Representation", "Employment",
)
