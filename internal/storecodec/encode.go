// Package storecodec owns the encodings the SQL stores (internal/sqlite,
// internal/postgres) share byte for byte, so both keep the same canonical
// form and digests: canonical properties JSON, the idempotency content
// digest, the key hash, and system times as unix nanoseconds. It holds no
// SQL and no rules beyond the store contract's input checks.
package storecodec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"

	"vetgraph"
)

// AppendProps appends p as a JSON object with sorted keys: the canonical form
// the store keeps and digests. It is what json.Marshal gives (and decodes to
// the same Properties), without reflection.
func AppendProps(dst []byte, p vetgraph.Properties) []byte {
	dst, _ = AppendPropsKeys(dst, p, nil)
	return dst
}

// AppendPropsKeys is AppendProps with a scratch slice for the sorted keys,
// returned for the next call.
func AppendPropsKeys(dst []byte, p vetgraph.Properties, keys []string) ([]byte, []string) {
	keys = keys[:0]
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':', '[')
		for j, v := range p[k] {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, v)
		}
		if p[k] == nil {
			dst = append(dst[:len(dst)-1], "null"...)
			continue
		}
		dst = append(dst, ']')
	}
	return append(dst, '}'), keys
}

// appendString appends s as a JSON string. Strings of plain printable bytes
// and valid UTF-8 are copied; anything else goes through encoding/json.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			if c >= utf8.RuneSelf && utf8.ValidString(s) && !hasSpecial(s) {
				break
			}
			b, _ := json.Marshal(s)
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// hasSpecial reports whether s holds bytes JSON escapes, or the line and
// paragraph separators encoding/json escapes.
func hasSpecial(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

// ContentDigest is the store's idempotency digest of a record: SHA-256 over
// its key, schema, canonical properties and valid time, as 32 hex digits
// (the first 16 bytes). Like vetgraph.Record.Digest it ignores batch and
// system time; it is cheaper because it reuses the properties encoding the
// store writes anyway.
func ContentDigest(k vetgraph.RecordKey, schema string, props []byte, from, to time.Time) string {
	d := DigestOf(nil, k.Source, k.ID, schema, props, from, to)
	return hex.EncodeToString(d[:])
}

// Digest is the binary form of a ContentDigest.
type Digest [16]byte

// DigestOf computes the digest of a record, using scratch (returned grown)
// for the hashed bytes so that an import allocates nothing per record.
func DigestOf(scratch *[]byte, source, id, schema string, props []byte, from, to time.Time) Digest {
	var local []byte
	if scratch == nil {
		scratch = &local
	}
	buf := (*scratch)[:0]
	for _, s := range [...]string{source, id, schema} {
		buf = appendLen(buf, len(s))
		buf = append(buf, s...)
	}
	buf = appendLen(buf, len(props))
	buf = append(buf, props...)
	for _, t := range [...]time.Time{from, to} {
		if t.IsZero() {
			buf = append(buf, 0)
			continue
		}
		buf = append(buf, 1)
		buf = t.UTC().AppendFormat(buf, time.RFC3339Nano)
		buf = append(buf, 0)
	}
	*scratch = buf
	sum := sha256.Sum256(buf)
	return Digest(sum[:16])
}

// KeyHash is the key_hash column of a key: FNV-1a 64 of source NUL id.
func KeyHash(k vetgraph.RecordKey) int64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(k.Source); i++ {
		h = (h ^ uint64(k.Source[i])) * prime
	}
	h *= prime // the NUL separator
	for i := 0; i < len(k.ID); i++ {
		h = (h ^ uint64(k.ID[i])) * prime
	}
	return int64(h)
}

func appendLen(b []byte, n int) []byte {
	return append(b, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}
