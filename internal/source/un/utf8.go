package un

import (
	"io"
	"unicode/utf8"

	"vetgraph/internal/source/internal/parse"
)

// utf8Reader passes XML through, checking that it is valid UTF-8, so that
// invalid input is reported with its line and the element it is in (the
// XML decoder reports only the line). It tracks the line and the name of the
// last start tag as bytes pass.
type utf8Reader struct {
	r       io.Reader
	file    string
	line    int
	pending []byte // the start of a rune the previous read split
	tag     []byte // the last start tag's name
	inTag   bool   // reading a start tag's name
	lt      bool   // the previous byte was '<'
	err     error
}

func newUTF8Reader(r io.Reader, file string) *utf8Reader {
	return &utf8Reader{r: r, file: file, line: 1}
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	if len(p) < utf8.UTFMax {
		return 0, io.ErrShortBuffer
	}
	for {
		// A rune the previous read split is held back and goes first now,
		// so the decoder never sees an unchecked byte.
		k := copy(p, u.pending)
		u.pending = u.pending[:0]
		n, err := u.r.Read(p[k:])
		total := k + n
		out := total
		for i := 0; i < total; {
			c := p[i]
			if c < utf8.RuneSelf {
				u.ascii(c)
				i++
				continue
			}
			if !utf8.FullRune(p[i:total]) && err == nil {
				u.pending = append(u.pending, p[i:total]...)
				out = i
				break
			}
			r, size := utf8.DecodeRune(p[i:total])
			if r == utf8.RuneError && size <= 1 {
				u.err = parse.Err(op, u.file, u.line, string(u.tag), "invalid UTF-8")
				return 0, u.err
			}
			u.inTag, u.lt = false, false
			i += size
		}
		if out > 0 || err != nil {
			return out, err
		}
	}
}

func (u *utf8Reader) ascii(c byte) {
	switch {
	case c == '\n':
		u.line++
		u.inTag, u.lt = false, false
	case c == '<':
		u.lt = true
		u.inTag = false
	case u.lt:
		u.lt = false
		if c != '/' && c != '?' && c != '!' {
			u.tag = append(u.tag[:0], c)
			u.inTag = true
		}
	case u.inTag && c != ' ' && c != '>' && c != '/' && c != '\t' && c != '\r':
		u.tag = append(u.tag, c)
	default:
		u.inTag = false
	}
}
