package ofac

import (
	"strconv"
	"strings"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// entry is one sdn.csv row with its aliases and addresses.
type entry struct {
	sdn  row
	alts []row
	adds []row
}

// terrorPrograms are the OFAC programs whose entries get crime.terror.
var terrorPrograms = map[string]bool{"SDGT": true, "SDT": true, "FTO": true, "HIFPAA": true}

// records maps the entry onto its subject record and document records.
func (e *entry) records(file, source string) ([]vetgraph.Record, error) {
	f := e.sdn.f
	id := "ofac-" + strconv.Itoa(e.sdn.entNum)
	p := vetgraph.Properties{}
	var schema string
	switch strings.ToLower(f[2]) {
	case "individual":
		schema = vetgraph.SchemaPerson
	case "":
		schema = vetgraph.SchemaOrganization
	case "vessel":
		schema = "Vessel"
	case "aircraft":
		schema = "Airplane"
	default:
		return nil, parse.Err(op, file, e.sdn.line, "SDN_Type", "unknown SDN_Type %q", f[2])
	}
	if f[1] == "" {
		return nil, parse.Err(op, file, e.sdn.line, "SDN_Name", "empty name")
	}
	person := schema == vetgraph.SchemaPerson
	if person {
		last, first, ok := strings.Cut(f[1], ",")
		last, first = strings.TrimSpace(last), strings.TrimSpace(first)
		p.Add("name", personName(f[1]))
		if ok {
			p.Add("lastName", last)
			p.Add("firstName", first)
		}
	} else {
		p.Add("name", f[1])
	}
	p.Add("topics", string(vetgraph.TopicSanction))
	for prog := range strings.SplitSeq(f[3], "] [") {
		prog = strings.Trim(prog, "[] ")
		p.Add("program", prog)
		if terrorPrograms[prog] {
			p.Add("topics", string(vetgraph.TopicTerror))
		}
	}
	p.Add("position", f[4])
	if !person && schema != vetgraph.SchemaOrganization {
		p.Add("callSign", f[5])
		p.Add("type", f[6])
		p.Add("tonnage", f[7])
		p.Add("grossRegisteredTonnage", f[8])
		p.Add("flag", f[9])
		if f[10] != "" {
			p.Add("notes", "owner: "+f[10])
		}
	}
	for _, a := range e.alts {
		name := a.f[3]
		if person {
			name = personName(name)
		}
		p.Add("alias", name)
	}
	for _, a := range e.adds {
		var parts []string
		for _, s := range a.f[2:5] {
			if s != "" {
				parts = append(parts, s)
			}
		}
		p.Add("address", strings.Join(parts, ", "))
		p.Add("country", a.f[4])
	}
	recs := []vetgraph.Record{{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: p}}
	if f[11] != "" {
		p.Add("notes", f[11])
		recs = append(recs, remarks(f[11], source, id, p)...)
	}
	return recs, nil
}

// personName turns OFAC's "LAST, First" into "First LAST".
func personName(s string) string {
	last, first, ok := strings.Cut(s, ",")
	if !ok {
		return s
	}
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	if first == "" {
		return last
	}
	if last == "" {
		return first
	}
	return first + " " + last
}

// remarks parses the "; "-separated remarks into p and returns the
// identity documents they name.
func remarks(text, source, holder string, p vetgraph.Properties) []vetgraph.Record {
	var docs []vetgraph.Record
	doc := func(schema, prop, rest string) {
		number, country := numberCountry(rest)
		if number == "" {
			return
		}
		p.Add(prop, number)
		if country != "" {
			docs = parse.AddDocument(docs, parse.Document(source, holder, schema, number, country))
		}
	}
	for seg := range strings.SplitSeq(text, ";") {
		seg = strings.TrimSuffix(strings.TrimSpace(seg), ".")
		seg = strings.TrimPrefix(seg, "alt. ")
		key, rest := prefix(seg)
		switch key {
		case "DOB":
			for _, d := range dob(rest) {
				p.Add("birthDate", d)
			}
		case "POB":
			p.Add("birthPlace", rest)
		case "nationality":
			p.Add("nationality", rest)
		case "citizen":
			p.Add("citizenship", rest)
		case "Gender":
			p.Add("gender", strings.ToLower(rest))
		case "Passport", "Diplomatic Passport":
			doc(vetgraph.SchemaPassport, "passportNumber", rest)
		case "National ID No.", "Identification Number", "Cedula No.", "D.N.I.", "C.U.R.P.", "NIT #", "SSN", "Personal ID Card", "National Foreign ID Number":
			doc(vetgraph.SchemaIdentification, "idNumber", rest)
		case "R.F.C.", "RFC", "Tax ID No.":
			if n, _ := numberCountry(rest); n != "" {
				p.Add("taxNumber", n)
			}
		case "Email Address":
			p.Add("email", rest)
		case "Website":
			p.Add("website", rest)
		case "Phone Number", "Telephone", "Telephone No.", "Phone No.", "Phone":
			p.Add("phone", strings.TrimPrefix(strings.TrimPrefix(rest, ":"), " "))
		case "Vessel Registration Identification":
			p.Add("imoNumber", strings.TrimSpace(strings.TrimPrefix(rest, "IMO")))
		case "MMSI":
			p.Add("mmsi", rest)
		case "a.k.a.", "f.k.a.", "n.k.a.":
			if q := quoted(rest); q != "" {
				p.Add("weakAlias", q)
			}
		}
	}
	return docs
}

// remarkKeys are the remark prefixes remarks understands, longest first
// where one is a prefix of another.
var remarkKeys = []string{
	"DOB", "POB", "nationality", "citizen", "Gender", "Diplomatic Passport", "Passport",
	"National ID No.", "National Foreign ID Number", "Identification Number", "Cedula No.", "D.N.I.", "C.U.R.P.", "NIT #", "SSN",
	"Personal ID Card", "R.F.C.", "RFC", "Tax ID No.", "Email Address", "Website",
	"Telephone No.", "Telephone", "Phone Number", "Phone No.", "Phone",
	"Vessel Registration Identification", "MMSI", "a.k.a.", "f.k.a.", "n.k.a.",
}

// prefix splits a remark into a known key and the rest, or returns "".
func prefix(seg string) (key, rest string) {
	for _, k := range remarkKeys {
		if r, ok := strings.CutPrefix(seg, k); ok && (r == "" || r[0] == ' ' || r[0] == ':') {
			return k, strings.TrimSpace(r)
		}
	}
	return "", seg
}

// numberCountry parses "A123456 (Country) issued ..." into the number and
// the country; without parentheses the number is the first word.
func numberCountry(s string) (number, country string) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "#"), "No."))
	if i := strings.Index(s, " ("); i >= 0 {
		number = strings.TrimSpace(s[:i])
		if j := strings.IndexByte(s[i:], ')'); j >= 0 {
			country = strings.TrimSpace(s[i+2 : i+j])
		}
		return number, country
	}
	number, _, _ = strings.Cut(s, " ")
	return number, ""
}

// quoted returns the text inside the first pair of single quotes.
func quoted(s string) string {
	i := strings.IndexByte(s, '\'')
	j := strings.LastIndexByte(s, '\'')
	if i < 0 || j <= i {
		return ""
	}
	return strings.TrimSpace(s[i+1 : j])
}

// dob parses an OFAC date of birth: "10 Dec 1948", "Dec 1948", "1948",
// "circa 1948", "1960 to 1962", "01 Jan 1960 to 31 Dec 1962". It returns
// FtM dates (a range gives both ends), or nothing for what it cannot read.
func dob(s string) []string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "circa"))
	var out []string
	for part := range strings.SplitSeq(s, " to ") {
		if d, ok := ofacDate(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "circa"))); ok {
			out = append(out, d.String())
		}
	}
	return out
}

func ofacDate(s string) (parse.Date, bool) {
	f := strings.Fields(s)
	num := func(x string) int {
		n, err := strconv.Atoi(x)
		if err != nil {
			return -1
		}
		return n
	}
	switch len(f) {
	case 1:
		return parse.MakeDate(num(f[0]), 0, 0)
	case 2:
		if m := parse.Month(f[0]); m > 0 {
			return parse.MakeDate(num(f[1]), m, 0)
		}
	case 3:
		if m := parse.Month(f[1]); m > 0 {
			if d := num(f[0]); d > 0 {
				return parse.MakeDate(num(f[2]), m, d)
			}
		}
	}
	return parse.Date{}, false
}
