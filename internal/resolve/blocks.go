package resolve

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unique"

	"vetgraph"
	"vetgraph/internal/match"
	"vetgraph/internal/name"
)

// blockKey is a blocking key: its hash, its holder limit and whether it is
// a name-frequency key. It holds no pointer (a record's keys are a
// pointer-free list the collector need not scan).
type blockKey struct {
	h     uint64
	limit int32
	freq  bool
}

const unlimited = math.MaxInt32

// keyer builds blocking keys in a reused buffer and hashes them, so that a
// record's keys cost no allocation. Keys are held as 64-bit hashes: two
// different keys share a hash with a chance of about n²/2⁶⁵ for n keys
// (1e-5 at 20 million), and a shared hash only makes two records
// candidates, which the scorer then decides on.
type keyer struct {
	buf  []byte
	keys []blockKey
	// text asks for the keys as text (for explanations): texts[i] is keys[i]'s.
	text  bool
	texts []string
}

func (k *keyer) begin(tag byte) { k.buf = append(k.buf[:0], tag) }
func (k *keyer) str(s string)   { k.buf = append(k.buf, s...) }
func (k *keyer) sep()           { k.buf = append(k.buf, '|') }
func (k *keyer) num(n int)      { k.buf = strconv.AppendInt(k.buf, int64(n), 10) }

// end adds the key built since begin, unless the record has it already.
func (k *keyer) end(limit int, freq bool) {
	h := hashKey(k.buf)
	for _, x := range k.keys {
		if x.h == h {
			return
		}
	}
	k.keys = append(k.keys, blockKey{h: h, limit: int32(min(limit, unlimited)), freq: freq})
	if k.text {
		k.texts = append(k.texts, string(k.buf))
	}
}

// hashKey is 64-bit FNV-1a with a final avalanche (the murmur3 finalizer).
func hashKey(b []byte) uint64 {
	h := fnvStart
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return fnvEnd(h)
}

const fnvStart = uint64(14695981039346656037)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func fnvEnd(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// blockKeys computes a record's blocking keys into k.keys, each with the
// limit past which it stops producing candidates. Every key is a function of
// the record alone.
//
//	=ID              the FtM id (records with the same id are the same entity)
//	k token          a name token's frequency counter (never a candidate source)
//	i kind|value     identity-grade identifier
//	l kind|value     link-grade identifier (limit: the generic limit)
//	v kind|value|ini link-grade identifier with the name's initials, and
//	                 with those of the given names and first family name
//	d name|date      a name key with the birth date (day and month unordered;
//	                 the date limit)
//	y name|name|year two name keys with the birth year (fallback limit)
//	n name|name      two name keys
//	p name|postal    a name key with a postal code
//	c name|city      a name key with a city
//	b date|postal    the birth date with a postal code
//	f date|initial   the birth date with the first letter of a name key
//	                 (fallback limit)
//	h kind|half      either half of an identity-grade identifier (one typo;
//	                 fallback limit)
func blockKeys(k *keyer, f *match.RecordFeatures, cfg Config) []blockKey {
	k.keys, k.texts = k.keys[:0], k.texts[:0]
	k.begin('=')
	k.str(f.Key.ID)
	k.end(unlimited, false)
	for _, id := range f.Identity {
		k.begin('i')
		k.str(string(id.Kind))
		k.sep()
		k.str(id.Value)
		k.end(cfg.IdentityBlockLimit, false)
		if n := len(id.Value); n >= 6 {
			// One typo leaves one half intact (unless it straddles the middle).
			k.begin('h')
			k.str(string(id.Kind))
			k.str("|<")
			k.str(id.Value[:n/2])
			k.end(cfg.FallbackBlockLimit, false)
			k.begin('h')
			k.str(string(id.Kind))
			k.str("|>")
			k.str(id.Value[n/2:])
			k.end(cfg.FallbackBlockLimit, false)
		}
	}
	for _, id := range f.Links {
		k.begin('l')
		k.str(string(id.Kind))
		k.sep()
		k.str(id.Value)
		k.end(cfg.Weights.GenericLimit, false)
	}
	if len(f.Links) > 0 && len(f.NameKeys()) > 0 {
		// The value with the name's initials: the records of one person
		// who holds a value generic by count (a guide's own phone, met at
		// the border twenty times) still meet, the many different holders
		// of a smuggler's phone mostly do not.
		var whole, part [32]byte
		sets := make([][]byte, 1, 2)
		sets[0] = f.NameInitials(whole[:0])
		// The same with the initials of the given names and the first
		// family name only: one person's records often drop the second of
		// two family names (Vázquez Hernández, Vázquez), which changes the
		// initials of the whole name. For a record whose name keys are its
		// given names and one family name this is the key above (the tag is
		// the same), so only records with more name keys than that add one
		// key per link-grade value.
		var ini [8]rune
		if s := structuredInitials(f, ini[:0]); len(s) > 0 {
			p := part[:0]
			for _, r := range s {
				p = utf8.AppendRune(p, r)
			}
			sets = append(sets, p)
		}
		for _, initials := range sets {
			for _, id := range f.Links {
				k.begin('v')
				k.str(string(id.Kind))
				k.sep()
				k.str(id.Value)
				k.sep()
				k.buf = append(k.buf, initials...)
				k.end(cfg.NameLinkBlockLimit, false)
			}
		}
	}
	for _, t := range f.FrequencyKeys() {
		k.begin('k')
		k.str(t)
		k.end(unlimited, true)
	}
	nk := f.NameKeys()
	// date writes a full date with day and month unordered.
	date := func(d match.Date) {
		lo, hi := min(d.Month, d.Day), max(d.Month, d.Day)
		k.num(d.Year)
		k.buf = append(k.buf, '-')
		k.num(lo)
		k.buf = append(k.buf, '-')
		k.num(hi)
	}
	for i, d := range f.DOBs {
		if !d.Full() || seenDate(f.DOBs[:i], d) {
			continue
		}
		for _, pc := range f.Addr().Postal {
			k.begin('b')
			date(d)
			k.sep()
			k.str(pc)
			k.end(cfg.BlockLimit, false)
		}
		for _, n := range nk {
			r, _ := utf8.DecodeRuneInString(n)
			k.begin('f')
			date(d)
			k.sep()
			k.buf = utf8.AppendRune(k.buf, r)
			k.end(cfg.FallbackBlockLimit, false)
		}
	}
	for _, n := range nk {
		for i, d := range f.DOBs {
			if !d.Full() || seenDate(f.DOBs[:i], d) {
				continue
			}
			k.begin('d')
			k.str(n)
			k.sep()
			date(d)
			k.end(cfg.DateBlockLimit, false)
		}
		for _, pc := range f.Addr().Postal {
			k.begin('p')
			k.str(n)
			k.sep()
			k.str(pc)
			k.end(cfg.BlockLimit, false)
		}
		for _, c := range f.Addr().City {
			k.begin('c')
			k.str(n)
			k.sep()
			k.str(c)
			k.end(cfg.BlockLimit, false)
		}
	}
	for a := 0; a < len(nk); a++ {
		for b := a + 1; b < len(nk); b++ {
			k.begin('n')
			k.str(nk[a])
			k.sep()
			k.str(nk[b])
			k.end(cfg.BlockLimit, false)
			for i, d := range f.DOBs {
				if seenYear(f.DOBs[:i], d.Year) {
					continue
				}
				k.begin('y')
				k.str(nk[a])
				k.sep()
				k.str(nk[b])
				k.sep()
				k.num(d.Year)
				k.end(cfg.FallbackBlockLimit, false)
			}
		}
	}
	return k.keys
}

// structuredInitials appends to dst the first letters of the name keys
// (phonetic skeletons) of every token of the record's given names and of
// the first token of each of its family names, sorted and without
// duplicates, and returns it; nil unless the record has both a given name
// and a family name.
func structuredInitials(f *match.RecordFeatures, dst []rune) []rune {
	if len(f.Given) == 0 || len(f.Surname) == 0 {
		return nil
	}
	add := func(tok string) {
		if len(tok) < 2 {
			return // an initial: not among the name keys
		}
		r, _ := utf8.DecodeRuneInString(name.Skeleton(tok))
		if r == utf8.RuneError {
			return
		}
		if i, found := slices.BinarySearch(dst, r); !found {
			dst = slices.Insert(dst, i, r)
		}
	}
	for _, v := range f.Given {
		for _, tok := range strings.Fields(v) {
			add(tok)
		}
	}
	for _, v := range f.Surname {
		if toks := strings.Fields(v); len(toks) > 0 {
			add(toks[0])
		}
	}
	return dst
}

// seenDate reports whether ds holds a full date equal to d up to the order
// of day and month.
func seenDate(ds []match.Date, d match.Date) bool {
	for _, x := range ds {
		if x.Full() && x.Year == d.Year && min(x.Month, x.Day) == min(d.Month, d.Day) && max(x.Month, x.Day) == max(d.Month, d.Day) {
			return true
		}
	}
	return false
}

func seenYear(ds []match.Date, y int) bool {
	for _, x := range ds {
		if x.Year == y {
			return true
		}
	}
	return false
}

// freqKey is the hash of a name key's frequency counter ("k" name).
func freqKey(nameKey string) uint64 { return fnvEnd(fnvAdd(fnvAdd(fnvStart, "k"), nameKey)) }

// linkKey is the hash of a link-grade value's key ("l" kind "|" value).
func linkKey(kind vetgraph.IdentifierKind, value string) uint64 {
	return fnvEnd(fnvAdd(fnvAdd(fnvAdd(fnvAdd(fnvStart, "l"), string(kind)), "|"), value))
}

// idKey is the hash of the FtM id key ("=" id).
func idKey(id string) uint64 { return fnvEnd(fnvAdd(fnvAdd(fnvStart, "="), id)) }

// prepared is a record prepared for the engine, with its topics (kept
// apart: few records have any).
type prepared struct {
	rec
	topics []vetgraph.Topic
	// keys are the record's blocking keys when computed with it (AddAll
	// computes them on its preparing goroutines), else nil.
	keys []blockKey
}

// newRec prepares a record, its whole names from src.
func newRec(r vetgraph.Record, src match.NameSource) prepared {
	// A few sources and schemata name every record: one copy of each
	// (less memory, and equal strings compare by pointer).
	r.Key.Source = unique.Make(r.Key.Source).Value()
	r.Schema = unique.Make(r.Schema).Value()
	// What the engine keeps of the record must not hold on to the reader's
	// buffer (a decoded line's values are slices of one string): the id,
	// and below the names, are copied.
	r.Key.ID = strings.Clone(r.Key.ID)
	x := rec{key: r.Key, feat: match.PrepareRecordWith(r, src), alive: true}
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
	// A name equal to a prepared name's raw text shares its memory (the
	// prepared names are interned: one string for every record with it);
	// any other is copied.
	pns := x.feat.PreparedNames()
	for i, n := range x.names {
		if k := slices.IndexFunc(pns, func(pn *name.Prepared) bool { return pn.Raw == n }); k >= 0 {
			x.names[i] = pns[k].Raw
		} else {
			x.names[i] = strings.Clone(n)
		}
	}
	var topics []vetgraph.Topic
	for _, t := range p["topics"] {
		if t != "" && !slices.Contains(topics, vetgraph.Topic(t)) {
			topics = append(topics, vetgraph.Topic(unique.Make(t).Value()))
		}
	}
	return prepared{rec: x, topics: topics}
}
