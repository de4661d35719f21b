package vetgraph

import (
	"fmt"
	"time"
)

// BatchID identifies an import batch.
type BatchID string

// FileDigest describes one input file of a batch.
type FileDigest struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Batch is one import: all of its records are applied or none are.
type Batch struct {
	ID     BatchID      `json:"id"`
	Source string       `json:"source"` // dataset or report name
	Format string       `json:"format"` // ftm, senzing, csv, ofac, un
	Files  []FileDigest `json:"files,omitempty"`
	// ImportedAt is the batch's system time; every record in it shares it.
	ImportedAt time.Time `json:"imported_at"`
	// Grade, when set, grades every statement in the batch (intelligence).
	Grade Grade `json:"grade,omitzero"`
	// Supersedes names an earlier batch this one corrects: from ImportedAt on,
	// the earlier batch's statements are replaced by this one's.
	Supersedes BatchID `json:"supersedes,omitempty"`
	// Counts holds records per schema as read from the input.
	Counts map[string]int `json:"counts,omitempty"`
	// Added, Changed and Unchanged count record versions: new keys, new content
	// for a known key, and content already in the log (skipped; re-imports are
	// idempotent). Filled in by the store.
	Added     int `json:"added"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
}

// Grade is a NATO/Admiralty evidence grade: source reliability A (reliable)
// to F (cannot be judged) and information credibility 1 (confirmed) to 6
// (cannot be judged). The zero Grade means ungraded.
type Grade struct {
	Reliability byte `json:"-"`
	Credibility byte `json:"-"`
}

// ParseGrade parses "B2". The empty string gives the zero Grade.
func ParseGrade(s string) (Grade, error) {
	if s == "" {
		return Grade{}, nil
	}
	if len(s) != 2 || s[0] < 'A' || s[0] > 'F' || s[1] < '1' || s[1] > '6' {
		return Grade{}, Errorf(Invalid, "ParseGrade", "grade %q: want source reliability A-F and credibility 1-6, like B2", s)
	}
	return Grade{Reliability: s[0], Credibility: s[1]}, nil
}

// IsZero reports whether g is ungraded.
func (g Grade) IsZero() bool { return g.Reliability == 0 }

// String returns "B2", or "" when ungraded.
func (g Grade) String() string {
	if g.IsZero() {
		return ""
	}
	return string([]byte{g.Reliability, g.Credibility})
}

// Weight maps the grade to (0,1]: A1 is 1.0, F6 is low. Ungraded evidence
// (records from a source's own files) weighs 1.
func (g Grade) Weight() float64 {
	if g.IsZero() {
		return 1
	}
	rel := [...]float64{1.0, 0.85, 0.7, 0.5, 0.3, 0.5}[g.Reliability-'A']
	cred := [...]float64{1.0, 0.85, 0.7, 0.5, 0.3, 0.5}[g.Credibility-'1']
	return rel * cred
}

// MarshalText encodes the grade as "B2".
func (g Grade) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText parses "B2".
func (g *Grade) UnmarshalText(b []byte) error {
	v, err := ParseGrade(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

var _ fmt.Stringer = Grade{}
