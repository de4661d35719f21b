package sqlite

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"vetgraph"
)

// decodeProps decodes a properties column. The canonical form appendProps
// writes ({"k":["v",...],...} without whitespace) is parsed directly, with the
// values sharing s's memory; anything else goes through encoding/json.
func decodeProps(s string) (vetgraph.Properties, error) {
	if p, ok := parseProps(s); ok {
		return p, nil
	}
	var p vetgraph.Properties
	err := json.Unmarshal([]byte(s), &p)
	return p, err
}

func parseProps(s string) (vetgraph.Properties, bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	p := make(vetgraph.Properties)
	i := 1
	if s[i] == '}' {
		return p, i == len(s)-1
	}
	for {
		k, n, ok := parseString(s, i)
		if !ok || n >= len(s) || s[n] != ':' {
			return nil, false
		}
		i = n + 1
		if strings.HasPrefix(s[i:], "null") {
			if _, dup := p[k]; dup {
				return nil, false // leave duplicate keys to encoding/json
			}
			p[k] = nil
			i += 4
		} else {
			if i >= len(s) || s[i] != '[' {
				return nil, false
			}
			i++
			vs := []string{}
			if i < len(s) && s[i] == ']' {
				i++
			} else {
				for {
					v, n, ok := parseString(s, i)
					if !ok || n >= len(s) {
						return nil, false
					}
					vs = append(vs, v)
					i = n + 1
					if s[n] == ']' {
						break
					}
					if s[n] != ',' {
						return nil, false
					}
				}
			}
			if _, dup := p[k]; dup {
				return nil, false
			}
			p[k] = vs
		}
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i++
		case '}':
			return p, i == len(s)-1
		default:
			return nil, false
		}
	}
}

// parseString reads the JSON string starting at s[i] and returns it and the
// index after it. Valid UTF-8 strings without escapes are substrings of s;
// the others are unquoted by encoding/json.
func parseString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	escaped := false
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			if !escaped && utf8.ValidString(s[i+1:j]) {
				return s[i+1 : j], j + 1, true
			}
			var v string
			if err := json.Unmarshal([]byte(s[i:j+1]), &v); err != nil {
				return "", 0, false
			}
			return v, j + 1, true
		case c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}
