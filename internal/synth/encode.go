package synth

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"
)

// ftmWriter writes FtM JSON Lines entities without reflection: begin, any
// number of prop calls, end. Properties appear in call order and empty
// values are left out, so output is byte-for-byte reproducible.
type ftmWriter struct {
	w     *bufio.Writer
	buf   []byte
	first bool
	lines int64
	err   error
}

func newFtmWriter(w io.Writer) *ftmWriter {
	return &ftmWriter{w: bufio.NewWriterSize(w, 1<<16), buf: make([]byte, 0, 1024)}
}

func (f *ftmWriter) begin(id, schema string) {
	f.buf = append(f.buf[:0], `{"id":`...)
	f.buf = appendJSONString(f.buf, id)
	f.buf = append(f.buf, `,"schema":`...)
	f.buf = appendJSONString(f.buf, schema)
	f.buf = append(f.buf, `,"properties":{`...)
	f.first = true
}

func (f *ftmWriter) prop(key string, vals ...string) {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	if n == 0 {
		return
	}
	if !f.first {
		f.buf = append(f.buf, ',')
	}
	f.first = false
	f.buf = appendJSONString(f.buf, key)
	f.buf = append(f.buf, ":["...)
	k := 0
	for _, v := range vals {
		if v == "" {
			continue
		}
		if k > 0 {
			f.buf = append(f.buf, ',')
		}
		k++
		f.buf = appendJSONString(f.buf, v)
	}
	f.buf = append(f.buf, ']')
}

func (f *ftmWriter) end() {
	f.buf = append(f.buf, "}}\n"...)
	if f.err == nil {
		_, f.err = f.w.Write(f.buf)
	}
	f.lines++
}

func (f *ftmWriter) flush() error {
	if f.err != nil {
		return f.err
	}
	return f.w.Flush()
}

// appendJSONString appends s as a JSON string. s is valid UTF-8 (all
// generator text is); invalid bytes would be replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// csvWriter writes simple CSV rows whose fields never need quoting except
// when they contain a comma or a quote.
type csvWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func newCSVWriter(w io.Writer, header ...string) *csvWriter {
	c := &csvWriter{w: bufio.NewWriterSize(w, 1<<15)}
	c.row(header...)
	return c
}

func (c *csvWriter) row(fields ...string) {
	c.buf = c.buf[:0]
	for i, f := range fields {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = appendCSVField(c.buf, f)
	}
	c.buf = append(c.buf, '\n')
	if c.err == nil {
		_, c.err = c.w.Write(c.buf)
	}
}

func (c *csvWriter) flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

func appendCSVField(b []byte, f string) []byte {
	need := false
	for i := 0; i < len(f); i++ {
		if f[i] == ',' || f[i] == '"' || f[i] == '\n' || f[i] == '\r' {
			need = true
			break
		}
	}
	if !need {
		return append(b, f...)
	}
	b = append(b, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, f[i])
	}
	return append(b, '"')
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
