// Package un reads the UN Security Council consolidated sanctions list
// (the XML published at scsanctions.un.org) and maps it onto FtM-shaped
// records: INDIVIDUAL → Person, ENTITY → Organization.
//
// Key.ID is the DATAID (REFERENCE_NUMBER when there is none); the reference
// number is kept in unscId. name joins FIRST_NAME..FOURTH_NAME; firstName is
// FIRST_NAME. Aliases of QUALITY "Good", "a.k.a.", "f.k.a." (or none) become
// alias, "Low" weakAlias; every NAME_ORIGINAL_SCRIPT becomes an alias too.
// Dates of birth become birthDate (EXACT or APPROXIMATELY: DATE or YEAR;
// BETWEEN: FROM_YEAR and TO_YEAR), places of birth birthPlace, nationality,
// gender, title, designation (position), addresses (address and country),
// and documents passportNumber (Passport, "Numéro de passeport", "Número de
// pasaporte") or idNumber (any other), each with a Passport or
// Identification record holding the issuing country. Every record has topic
// "sanction", plus "crime.terror" on the ISIL (Da'esh) and Al-Qaida list
// (UN_LIST_TYPE "Al-Qaida"); the list is in "program".
//
// Errors are Invalid *vetgraph.Error values with the file, the line where
// the offending element starts (for invalid UTF-8, the line of the bad byte),
// and the field (the XML element name);
// malformed XML and invalid UTF-8 are errors, never repaired.
package un

import (
	"encoding/xml"
	"errors"
	"io"
	"iter"
	"strings"

	"vetgraph"
	"vetgraph/internal/source/internal/parse"
)

// Format is the format name, and the default record source.
const Format = "un"

const op = "un.Read"

// terrorLists are the UN_LIST_TYPE values whose subjects get crime.terror.
var terrorLists = map[string]bool{"Al-Qaida": true}

type alias struct {
	Quality string   `xml:"QUALITY"`
	Name    string   `xml:"ALIAS_NAME"`
	DOB     []string `xml:"DATE_OF_BIRTH"`
}

type address struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
}

type dob struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type pob struct {
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Country string `xml:"COUNTRY"`
}

type document struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
}

// subject is an INDIVIDUAL or an ENTITY; the entity elements are the
// individual ones with another prefix, so both are listed.
type subject struct {
	DataID      string     `xml:"DATAID"`
	First       string     `xml:"FIRST_NAME"`
	Second      string     `xml:"SECOND_NAME"`
	Third       string     `xml:"THIRD_NAME"`
	Fourth      string     `xml:"FOURTH_NAME"`
	ListType    string     `xml:"UN_LIST_TYPE"`
	Reference   string     `xml:"REFERENCE_NUMBER"`
	ListedOn    string     `xml:"LISTED_ON"`
	Gender      string     `xml:"GENDER"`
	Comments    string     `xml:"COMMENTS1"`
	Titles      []string   `xml:"TITLE>VALUE"`
	Designation []string   `xml:"DESIGNATION>VALUE"`
	Nationality []string   `xml:"NATIONALITY>VALUE"`
	Original    []string   `xml:"NAME_ORIGINAL_SCRIPT"`
	IndAliases  []alias    `xml:"INDIVIDUAL_ALIAS"`
	EntAliases  []alias    `xml:"ENTITY_ALIAS"`
	IndAddrs    []address  `xml:"INDIVIDUAL_ADDRESS"`
	EntAddrs    []address  `xml:"ENTITY_ADDRESS"`
	DOBs        []dob      `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	POBs        []pob      `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Docs        []document `xml:"INDIVIDUAL_DOCUMENT"`
}

// Read returns the records of the consolidated list in r, in document
// order: each subject followed by its document records. file names the input
// in errors; source, when not empty, is every record's Key.Source (default
// "un"). The stream ends at the first error.
func Read(r io.Reader, file, source string) iter.Seq2[vetgraph.Record, error] {
	if source == "" {
		source = Format
	}
	return func(yield func(vetgraph.Record, error) bool) {
		dec := xml.NewDecoder(newUTF8Reader(parse.BOMReader(r), file))
		fail := func(err error) {
			var ve *vetgraph.Error
			if errors.As(err, &ve) {
				yield(vetgraph.Record{}, ve)
				return
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				yield(vetgraph.Record{}, parse.Err(op, file, se.Line, "", "malformed XML: %s", se.Msg))
				return
			}
			line, _ := dec.InputPos()
			yield(vetgraph.Record{}, parse.Err(op, file, line, "", "malformed XML: %v", err))
		}
		root := true
		for {
			line, _ := dec.InputPos()
			tok, err := dec.Token()
			if err == io.EOF {
				if root {
					yield(vetgraph.Record{}, parse.Err(op, file, line, "", "no XML element"))
				}
				return
			}
			if err != nil {
				fail(err)
				return
			}
			start, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if root {
				root = false
				if start.Name.Local != "CONSOLIDATED_LIST" {
					yield(vetgraph.Record{}, parse.Err(op, file, line, start.Name.Local, "root element %s, want CONSOLIDATED_LIST", start.Name.Local))
					return
				}
				continue
			}
			var schema string
			switch start.Name.Local {
			case "INDIVIDUAL":
				schema = vetgraph.SchemaPerson
			case "ENTITY":
				schema = vetgraph.SchemaOrganization
			default:
				continue
			}
			elemLine, _ := dec.InputPos()
			var s subject
			if err := dec.DecodeElement(&s, &start); err != nil {
				fail(err)
				return
			}
			recs, err := s.records(file, elemLine, schema, source)
			if err != nil {
				yield(vetgraph.Record{}, err)
				return
			}
			for _, rec := range recs {
				if !yield(rec, nil) {
					return
				}
			}
		}
	}
}

func clean(s string) string {
	v, _ := parse.Clean(s) // encoding/xml has already rejected invalid UTF-8
	return v
}

func join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func (s *subject) records(file string, line int, schema, source string) ([]vetgraph.Record, error) {
	id := clean(s.DataID)
	if id == "" {
		id = clean(s.Reference)
	}
	if id == "" {
		return nil, parse.Err(op, file, line, "DATAID", "%s without DATAID or REFERENCE_NUMBER", element(schema))
	}
	p := vetgraph.Properties{}
	name := join(" ", s.First, s.Second, s.Third, s.Fourth)
	if name == "" {
		return nil, parse.Err(op, file, line, "FIRST_NAME", "no name")
	}
	p.Add("name", name)
	person := schema == vetgraph.SchemaPerson
	if person {
		p.Add("firstName", clean(s.First))
	}
	p.Add("unscId", clean(s.Reference))
	p.Add("topics", string(vetgraph.TopicSanction))
	list := clean(s.ListType)
	if terrorLists[list] {
		p.Add("topics", string(vetgraph.TopicTerror))
	}
	p.Add("program", list)
	if d, ok := parse.ParseISO(clean(s.ListedOn)); ok {
		p.Add("createdAt", d.String())
	}
	p.Add("gender", strings.ToLower(clean(s.Gender)))
	p.Add("notes", clean(s.Comments))
	for _, v := range s.Titles {
		p.Add("title", clean(v))
	}
	for _, v := range s.Designation {
		p.Add("position", clean(v))
	}
	for _, v := range s.Nationality {
		p.Add("nationality", clean(v))
	}
	for _, v := range s.Original {
		p.Add("alias", clean(v))
	}
	for _, a := range append(s.IndAliases, s.EntAliases...) {
		n := clean(a.Name)
		if strings.EqualFold(clean(a.Quality), "Low") {
			p.Add("weakAlias", n)
		} else {
			p.Add("alias", n)
		}
		for _, d := range a.DOB {
			if dd, ok := parse.ParseISO(clean(d)); ok {
				p.Add("birthDate", dd.String())
			}
		}
	}
	for _, a := range append(s.IndAddrs, s.EntAddrs...) {
		p.Add("address", join(", ", a.Street, a.City, a.State, a.Zip, a.Country))
		p.Add("country", clean(a.Country))
	}
	for _, d := range s.DOBs {
		for _, v := range []string{d.Date, d.Year, d.FromYear, d.ToYear} {
			v = clean(v)
			if v == "" {
				continue
			}
			if dd, ok := parse.ParseISO(v); ok {
				p.Add("birthDate", dd.String())
			} else {
				return nil, parse.Err(op, file, line, "INDIVIDUAL_DATE_OF_BIRTH", "date %q is not YYYY, YYYY-MM or YYYY-MM-DD", v)
			}
		}
	}
	for _, b := range s.POBs {
		p.Add("birthPlace", join(", ", b.City, b.State, b.Country))
	}
	recs := []vetgraph.Record{{Key: vetgraph.RecordKey{Source: source, ID: id}, Schema: schema, Properties: p}}
	for _, d := range s.Docs {
		number := clean(d.Number)
		if number == "" {
			continue
		}
		country := clean(d.IssuingCountry)
		if country == "" {
			country = clean(d.CountryOfIssue)
		}
		docSchema, prop := vetgraph.SchemaIdentification, "idNumber"
		if t := strings.ToLower(clean(d.Type)); strings.Contains(t, "passport") || strings.Contains(t, "passeport") || strings.Contains(t, "pasaporte") {
			docSchema, prop = vetgraph.SchemaPassport, "passportNumber"
		}
		p.Add(prop, number)
		if country != "" {
			recs = parse.AddDocument(recs, parse.Document(source, id, docSchema, number, country))
		}
	}
	return recs, nil
}

// element returns the XML element name of a schema's subjects.
func element(schema string) string {
	if schema == vetgraph.SchemaPerson {
		return "INDIVIDUAL"
	}
	return "ENTITY"
}
