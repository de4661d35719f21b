package resolve

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"vetgraph"
	"vetgraph/internal/match"
)

type blockKey struct {
	key   string
	limit int
	freq  bool
}

const unlimited = math.MaxInt32

// blockKeys returns a record's blocking keys, each with the limit past which
// it stops producing candidates. Every key is a function of the record alone.
//
//	=ID              the FtM id (records with the same id are the same entity)
//	k token          a name token's frequency counter (never a candidate source)
//	i kind|value     identity-grade identifier
//	l kind|value     link-grade identifier (limit: the generic limit)
//	d name|date      a name key with the birth date (day and month unordered)
//	y name|name|year two name keys with the birth year
//	n name|name      two name keys
//	p name|postal    a name key with a postal code
//	c name|city      a name key with a city
//	b date|postal    the birth date with a postal code
//	f date|initial   the birth date with the first letter of a name key
//	h kind|half      either half of an identity-grade identifier (one typo)
func blockKeys(f *match.RecordFeatures, cfg Config) []blockKey {
	keys := make([]blockKey, 0, 16)
	add := func(k string, limit int) {
		for _, x := range keys {
			if x.key == k {
				return
			}
		}
		keys = append(keys, blockKey{k, limit, false})
	}
	add("="+f.Key.ID, unlimited)
	for _, id := range f.Identity {
		add("i"+string(id.Kind)+"|"+id.Value, cfg.IdentityBlockLimit)
		if n := len(id.Value); n >= 6 {
			// One typo leaves one half intact (unless it straddles the middle).
			add("h"+string(id.Kind)+"|<"+id.Value[:n/2], cfg.BlockLimit)
			add("h"+string(id.Kind)+"|>"+id.Value[n/2:], cfg.BlockLimit)
		}
	}
	for _, id := range f.Links {
		add(linkKey(id.Kind, id.Value), cfg.Weights.GenericLimit)
	}
	for _, k := range f.FrequencyKeys() {
		keys = append(keys, blockKey{freqKey(k), unlimited, true})
	}
	nk := f.NameKeys()
	dates := make([]string, 0, len(f.DOBs))
	years := make([]string, 0, len(f.DOBs))
	for _, d := range f.DOBs {
		if d.Full() {
			lo, hi := min(d.Month, d.Day), max(d.Month, d.Day)
			dates = append(dates, strconv.Itoa(d.Year)+"-"+strconv.Itoa(lo)+"-"+strconv.Itoa(hi))
		}
		if y := strconv.Itoa(d.Year); !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	for _, d := range dates {
		for _, pc := range f.Postal {
			add("b"+d+"|"+pc, cfg.BlockLimit)
		}
		for _, k := range nk {
			r, _ := utf8.DecodeRuneInString(k)
			add("f"+d+"|"+string(r), cfg.BlockLimit)
		}
	}
	for _, k := range nk {
		for _, d := range dates {
			add("d"+k+"|"+d, cfg.BlockLimit)
		}
		for _, pc := range f.Postal {
			add("p"+k+"|"+pc, cfg.BlockLimit)
		}
		for _, c := range f.City {
			add("c"+k+"|"+c, cfg.BlockLimit)
		}
	}
	for a := 0; a < len(nk); a++ {
		for b := a + 1; b < len(nk); b++ {
			pair := nk[a] + "|" + nk[b]
			add("n"+pair, cfg.BlockLimit)
			for _, y := range years {
				add("y"+pair+"|"+y, cfg.BlockLimit)
			}
		}
	}
	return keys
}

// freqKey is the key of a name key's frequency counter.
func freqKey(nameKey string) string { return "k" + nameKey }

func linkKey(kind vetgraph.IdentifierKind, value string) string {
	return "l" + string(kind) + "|" + value
}

func newRec(r vetgraph.Record) rec {
	x := rec{key: r.Key, schema: r.Schema, seq: r.Seq, feat: match.PrepareRecord(r), alive: true}
	p := r.Properties
	for _, prop := range [...]string{"name", "alias"} {
		for _, v := range p[prop] {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(x.names, v) {
				x.names = append(x.names, v)
			}
		}
	}
	var parts []string
	for _, prop := range [...]string{"firstName", "middleName", "fatherName", "lastName"} {
		if v := strings.TrimSpace(p.First(prop)); v != "" {
			parts = append(parts, v)
		}
	}
	if n := strings.Join(parts, " "); n != "" && !slices.Contains(x.names, n) {
		x.names = append(x.names, n)
	}
	for _, t := range p["topics"] {
		if t != "" && !slices.Contains(x.topics, vetgraph.Topic(t)) {
			x.topics = append(x.topics, vetgraph.Topic(t))
		}
	}
	return x
}
