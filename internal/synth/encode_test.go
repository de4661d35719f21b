package synth

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "Каримов", `a"b\c`, "tab\tnew\nline", "\x00\x1f", "oʻgʻli", "\xff", "Дж\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%q encodes as %s: %v", s, b, err)
		}
		want := s
		if !utf8.ValidString(s) {
			// each invalid byte becomes one U+FFFD
			var sb strings.Builder
			for i := 0; i < len(s); {
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					sb.WriteRune('\ufffd')
				} else {
					sb.WriteString(s[i : i+n])
				}
				i += n
			}
			want = sb.String()
		}
		if got != want {
			t.Errorf("%q round-trips as %q", s, got)
		}
	})
}

func TestFtmWriterSkipsEmpty(t *testing.T) {
	var sb strings.Builder
	w := newFtmWriter(&sb)
	w.begin("p-1", "Person")
	w.prop("name", "Ali")
	w.prop("phone", "", "+1", "")
	w.prop("email", "")
	w.end()
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"p-1","schema":"Person","properties":{"name":["Ali"],"phone":["+1"]}}` + "\n"
	if got := sb.String(); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}
