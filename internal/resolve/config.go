package resolve

import (
	"encoding/json"
	"math"

	"vetgraph"
	"vetgraph/internal/match"
)

// Config holds the resolution thresholds, the scorer's weights and the
// blocking limits. It is configuration, loadable from JSON over the defaults
// ([ParseConfig]); [DefaultConfig] documents every default.
type Config struct {
	// Match is the score (match probability in [0,1]) at or above which two
	// records are the same subject and their entities merge. Default 0.99
	// (about 6.6 bits of evidence).
	Match float64 `json:"match"`
	// Possible is the score at or above which a pair below Match is kept as a
	// possible match for review; it never merges. Default 0.8 (2 bits).
	Possible float64 `json:"possible"`

	// Weights are the record scorer's per-feature weights, including the
	// generic-identifier frequency limit (Weights.GenericLimit: a link-grade
	// value held by more records weighs nothing and no longer blocks).
	Weights match.RecordWeights `json:"weights"`

	// BlockLimit: a name or date blocking key shared by more records than
	// this stops producing candidates (a common name alone is not a reason to
	// compare two records). Pairs that share another key still meet.
	// Default 12: it bounds the pairs scored per record, hence throughput.
	BlockLimit int `json:"block_limit"`
	// FallbackBlockLimit is the limit of the keys that stand in for a typo
	// the other keys miss: a birth date with one initial of a name ("f"
	// keys: the names garbled beyond their keys), two name keys with a
	// birth year ("y": the date mistyped) and either half of an
	// identity-grade identifier ("h": the number mistyped). Each is far
	// less selective than the key it stands in for, so its blocks fill
	// with different people as the data grows: over the last 100,000 of 1M
	// generated records, at the block limit of 12 they alone brought
	// 713,000 of the 1,040,000 pairs compared and 9 of the 75,000
	// same-entity edges. Default 4: FEBRL 1-4, the generated cross-script
	// identities and scenario seeds 8-109 resolve as at 12; splink's
	// fake_1000 (names garbled, a person's records filling a date's
	// blocks) loses 20 of 1,393 pairs.
	FallbackBlockLimit int `json:"fallback_block_limit"`
	// DateBlockLimit is the limit of the keys of a name key with a full
	// birth date ("d"): a person met at the border again and again (a guide
	// crossing with party after party) fills them with records of one
	// person, while different people of one name and birth date are few, so
	// such keys stay selective far past BlockLimit. Default 50: a guide's
	// fortieth crossing, its given name mistyped, still meets the others by
	// surname and birth date.
	DateBlockLimit int `json:"date_block_limit"`
	// IdentityBlockLimit is the same limit for identity-grade identifier
	// values. Default 1000.
	IdentityBlockLimit int `json:"identity_block_limit"`
	// NameLinkBlockLimit is the limit of a link-grade value joined with the
	// initials of the holder's name: records of one person who holds a value
	// too common to block on its own (a guide's own phone on twenty
	// encounter records) still meet. Default 100.
	NameLinkBlockLimit int `json:"name_link_block_limit"`
	// CompanionLimit: a person met at the border in more events than this
	// (a guide crossing with party after party) makes no companion evidence
	// (Weights.Companion) between the people met with him. Default 4 (a
	// party met up to four times).
	CompanionLimit int `json:"companion_limit"`
	// AmbiguityBits is how much better, in bits, a record must match one of
	// two people kept apart (met together, or judged two) than the other to
	// be placed with it; within it the record stays on its own for a
	// reviewer (apart.go). It is also how far above the match threshold a
	// match must score not to count as weak (WeakMerges). Default 3 (8 to 1).
	AmbiguityBits float64 `json:"ambiguity_bits"`
	// RelatedBits is the lowest score, in bits, of a near miss listed with
	// an entity for a reviewer (Engine.Related): a pair its records meet
	// that scores below the possible-match threshold. Default -3 (the
	// evidence, with the prior of a candidate pair, one to eight against).
	RelatedBits float64 `json:"related_bits"`
	// ScanLimit: when someone asks (a screening query that meets no
	// candidate otherwise, Engine.Candidates; an entity's page,
	// Engine.Related) the holders of a key past its limit are read too, up
	// to this many per key: a name too common to compare records by on
	// their way in is still searched for a person who asks for it
	// ("Mukhammed Kusainov", held by 40 records, no birth date given). Only
	// what reaches the possible-match threshold is listed. 0 turns it off;
	// default 500 (a key held by more is left, and the query needs another
	// detail: a birth date, a document).
	ScanLimit int `json:"scan_limit"`
}

// DefaultConfig returns the defaults described at [Config].
func DefaultConfig() Config {
	w := match.DefaultRecordWeights()
	w.GenericLimit = 10
	return Config{
		Match:              0.99,
		Possible:           0.8,
		Weights:            w,
		BlockLimit:         12,
		FallbackBlockLimit: 4,
		DateBlockLimit:     50,
		IdentityBlockLimit: 1000,
		NameLinkBlockLimit: 100,
		CompanionLimit:     4,
		AmbiguityBits:      3,
		RelatedBits:        -3,
		ScanLimit:          500,
	}
}

// ParseConfig reads a JSON configuration over the defaults: fields the JSON
// leaves out keep their default values.
func ParseConfig(b []byte) (Config, error) {
	c := DefaultConfig()
	if err := json.Unmarshal(b, &c); err != nil {
		return c, vetgraph.Errorf(vetgraph.Invalid, "resolve.ParseConfig", "resolution config: %w", err)
	}
	if err := c.validate(); err != nil {
		return c, err
	}
	return c, nil
}

func (c *Config) validate() error {
	if !(c.Possible > 0 && c.Possible <= c.Match && c.Match < 1) {
		return vetgraph.Errorf(vetgraph.Invalid, "resolve.Config", "thresholds: want 0 < possible (%v) <= match (%v) < 1", c.Possible, c.Match)
	}
	if c.BlockLimit < 2 || c.FallbackBlockLimit < 2 || c.DateBlockLimit < 2 || c.IdentityBlockLimit < 2 || c.NameLinkBlockLimit < 2 || c.Weights.GenericLimit < 1 {
		return vetgraph.Errorf(vetgraph.Invalid, "resolve.Config", "limits: want block_limit, fallback_block_limit, date_block_limit, identity_block_limit, name_link_block_limit >= 2 and generic_limit >= 1")
	}
	if !(c.AmbiguityBits >= 0 && c.AmbiguityBits <= 30) {
		return vetgraph.Errorf(vetgraph.Invalid, "resolve.Config", "ambiguity_bits: want 0 to 30, got %v", c.AmbiguityBits)
	}
	if c.ScanLimit < 0 {
		return vetgraph.Errorf(vetgraph.Invalid, "resolve.Config", "scan_limit: want 0 (off) or more, got %d", c.ScanLimit)
	}
	if possible := math.Log2(c.Possible / (1 - c.Possible)); !(c.RelatedBits >= -30 && c.RelatedBits <= possible) {
		return vetgraph.Errorf(vetgraph.Invalid, "resolve.Config", "related_bits: want -30 to the possible-match threshold (%.2f bits), got %v", possible, c.RelatedBits)
	}
	return nil
}
