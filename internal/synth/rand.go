package synth

import "math"

// rng is a small deterministic generator (SplitMix64). Every unit of the
// world (a party, a network, the special cast) gets its own rng seeded from
// the scenario seed and the unit's index, so output never depends on
// generation order or on how many values an earlier unit drew.
type rng struct{ s uint64 }

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// newRNG returns the rng of unit (stream, index) under seed.
func newRNG(seed int64, stream uint64, index int64) *rng {
	return &rng{s: mix(mix(uint64(seed)^stream*0x632be59bd9b4e019) ^ uint64(index))}
}

func (r *rng) u64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix(r.s - 0x9e3779b97f4a7c15)
}

// intn returns a value in [0,n); n must be > 0.
func (r *rng) intn(n int) int { return int(r.u64() % uint64(n)) }

// float returns a value in [0,1).
func (r *rng) float() float64 { return float64(r.u64()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// geometric returns k >= 0 extra events where each further one happens
// with probability p (mean p/(1-p)), capped at max.
func (r *rng) geometric(p float64, max int) int {
	k := 0
	for k < max && r.chance(p) {
		k++
	}
	return k
}

// poissonish returns a small count around mean (at least 1).
func (r *rng) around(mean float64) int {
	v := mean * (0.5 + r.float())
	return max(1, int(math.Round(v)))
}

// weighted picks an index by cumulative weights (cum ascending, last = total).
func (r *rng) weighted(cum []float64) int {
	x := r.float() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// Streams of the world; one rng stream each.
const (
	streamParty   uint64 = 1
	streamNetwork uint64 = 2
	streamCast    uint64 = 3
	streamPerson  uint64 = 4
	streamRecord  uint64 = 5
)

const (
	streamHead   uint64 = 6
	streamFamily uint64 = 8
)
