package review

import (
	"math"
	"slices"
	"time"

	"vetgraph"
)

// Config holds the review rules. Start from [DefaultConfig]; [New] fills
// zero fields with the defaults (see each field).
type Config struct {
	// CategoryWeight weighs a flag's category in the priority; a category not
	// in the map weighs OtherWeight. Nil: the default map.
	CategoryWeight map[vetgraph.Topic]float64
	// OtherWeight weighs categories missing from CategoryWeight. Zero: 0.5.
	OtherWeight float64
	// DegreeWeight[d] weighs a flag of degree d (0 direct, 1, 2). All zero:
	// the defaults 1.0, 0.8, 0.5.
	DegreeWeight [3]float64
	// HalfLife is how long after a flag last rose its recency factor halves
	// (above RecencyFloor). Zero: 30 days.
	HalfLife time.Duration
	// RecencyFloor is the recency factor of a very old flag, in [0,1). Zero
	// means 0.5; a negative value means 0.
	RecencyFloor float64
	// TwoPerson lists the categories in which closing an item (a decision to
	// an outcome status) needs a second, different supervisor's confirmation
	// while the item holds a flag of that category. Nil: crime.terror. An
	// empty non-nil slice switches the rule off.
	TwoPerson []vetgraph.Topic
	// ReopenFrom lists the statuses from which new evidence (a new or raised
	// flag) re-opens an item (to open, with the reason). Nil: cleared and
	// removed, the statuses that close a case. Empty non-nil: never. In any
	// other status after a decision, new evidence keeps the status (a
	// detained person stays detained) and sets ReviewItem.NewEvidence.
	ReopenFrom []vetgraph.Status
	// MaxRetries bounds re-reads after a version conflict. Zero: 8.
	MaxRetries int
}

// DefaultConfig returns the default rules.
func DefaultConfig() Config {
	return Config{
		CategoryWeight: map[vetgraph.Topic]float64{
			vetgraph.TopicTerror:   1.0,
			vetgraph.TopicSanction: 0.8,
			vetgraph.TopicWanted:   0.8,
			vetgraph.TopicTraffick: 0.6,
		},
		OtherWeight:  0.5,
		DegreeWeight: [3]float64{1.0, 0.8, 0.5},
		HalfLife:     30 * 24 * time.Hour,
		RecencyFloor: 0.5,
		TwoPerson:    []vetgraph.Topic{vetgraph.TopicTerror},
		ReopenFrom:   []vetgraph.Status{vetgraph.StatusCleared, vetgraph.StatusRemoved},
		MaxRetries:   8,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.CategoryWeight == nil {
		c.CategoryWeight = d.CategoryWeight
	}
	if c.OtherWeight == 0 {
		c.OtherWeight = d.OtherWeight
	}
	if c.DegreeWeight == ([3]float64{}) {
		c.DegreeWeight = d.DegreeWeight
	}
	if c.HalfLife <= 0 {
		c.HalfLife = d.HalfLife
	}
	switch {
	case c.RecencyFloor == 0:
		c.RecencyFloor = d.RecencyFloor
	case c.RecencyFloor < 0:
		c.RecencyFloor = 0
	}
	if c.TwoPerson == nil {
		c.TwoPerson = d.TwoPerson
	}
	if c.ReopenFrom == nil {
		c.ReopenFrom = d.ReopenFrom
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = d.MaxRetries
	}
	return c
}

// FlagPriority is one flag's priority at now, in [0,100]:
//
//	100 × C(category) × D(degree) × clamp(strength, 0, 1) × R(now − raised)
//	R(age) = floor + (1 − floor) × 2^(−age / halfLife)   (R = 1 for age ≤ 0)
//
// where raised is when the flag last arrived or rose on the item. A degree
// beyond 2 weighs like degree 2.
func (c Config) FlagPriority(f vetgraph.FlagState, now time.Time) float64 {
	cw, ok := c.CategoryWeight[f.Flag.Category]
	if !ok {
		cw = c.OtherWeight
	}
	d := min(max(int(f.Flag.Degree), 0), 2)
	s := min(max(f.Flag.Strength, 0), 1)
	r := 1.0
	if age := now.Sub(f.Raised); age > 0 && c.HalfLife > 0 {
		r = c.RecencyFloor + (1-c.RecencyFloor)*math.Exp2(-float64(age)/float64(c.HalfLife))
	}
	return 100 * cw * c.DegreeWeight[d] * s * r
}

// Priority is an item's queue priority at now: the highest priority among
// the flags it holds (0 when it holds none, e.g. evidence withdrawn). It does
// not depend on the status; filter by status to build a work queue.
func (c Config) Priority(flags []vetgraph.FlagState, now time.Time) float64 {
	p := 0.0
	for _, f := range flags {
		p = max(p, c.FlagPriority(f, now))
	}
	return math.Round(p*100) / 100
}

func (c Config) needsTwo(flags []vetgraph.FlagState) (vetgraph.Topic, bool) {
	for _, f := range flags {
		if slices.Contains(c.TwoPerson, f.Flag.Category) {
			return f.Flag.Category, true
		}
	}
	return "", false
}
