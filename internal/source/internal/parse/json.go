package parse

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// InvalidUTF8 returns the byte offset of the first invalid UTF-8 sequence in
// b, or -1 when b is valid.
func InvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// JSONPath returns the dotted path ("properties.name.0") of the JSON key or
// value that holds byte offset off in data, or "" when it cannot tell.
// encoding/json silently replaces invalid UTF-8, so readers validate the
// raw bytes first and use JSONPath to name the field in the error.
func JSONPath(data []byte, off int) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	path := func(extra string) string {
		var parts []string
		for _, f := range stack {
			if f.object {
				if f.key != "" {
					parts = append(parts, f.key)
				}
			} else {
				parts = append(parts, strconv.Itoa(f.index))
			}
		}
		if extra != "" {
			parts = append(parts, extra)
		}
		return strings.Join(parts, ".")
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return path("")
		}
		end := int(dec.InputOffset())
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if end > off {
					return path("")
				}
				stack = append(stack, frame{object: d == '{', wantK: d == '{'})
			default:
				stack = stack[:len(stack)-1]
				advance(stack)
			}
			continue
		}
		if top != nil && top.object && top.wantK {
			top.key = tok.(string)
			top.wantK = false
			if end > off {
				return path("")
			}
			continue
		}
		if end > off {
			return path("")
		}
		advance(stack)
	}
}

type frame struct {
	object bool   // an object, else an array
	key    string // the current key of an object
	index  int    // the current index of an array
	wantK  bool   // an object expects a key next
}

// advance moves the innermost container past one value.
func advance(stack []frame) {
	if len(stack) == 0 {
		return
	}
	f := &stack[len(stack)-1]
	if f.object {
		f.wantK = true
	} else {
		f.index++
	}
}
