package name

import "testing"

func TestGlide(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"aiala", "ayala"}, {"ajala", "ayala"}, {"ayala", "ayala"}, {"ajaa", "ayaa"},
		{"mariia", "mariya"}, {"marija", "mariya"}, {"mariya", "mariya"},
		{"saida", "saida"}, {"ivan", "ivan"}, {"jamshed", "jamshed"}, {"aia", "aya"}, {"ai", "ai"}, {"", ""},
	} {
		if got := glide(tt.in); got != tt.want {
			t.Errorf("glide(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
