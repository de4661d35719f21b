package synth

import (
	"fmt"
	"slices"
	"time"

	"vetgraph"
)

// Version is the generator version. The same Config and Version give the
// same bytes; any change to the output bumps it.
const Version = "synth/2"

// Config shapes a scenario. The zero value of every field but Seed and
// Persons means "the default"; see DefaultConfig.
type Config struct {
	Seed    int64
	Persons int // true people in the population (clusters), at least 100

	// Start is the first encounter day (UTC); Years how many years of
	// encounters follow. The timeline's first import happens at the end.
	Start time.Time
	Years int

	// Countries are the nationality shares of the population outside the
	// networks' clients (normalized to sum 1). Clients of the Central Asian
	// networks (net-1, net-2) are drawn from CentralAsianClients instead, with
	// probability CentralAsianClientShare.
	Countries               []Share
	CentralAsianClients     []Share
	CentralAsianClientShare float64
	ClientShare             float64 // share of travel parties moved by a network
	ClientsPerNetwork       int     // mean clients per network; sets the number of networks
	RepeatEncounter         float64 // chance of each further encounter of a party (geometric)
	LookalikeShare          float64 // share of parties whose head copies an earlier head's name
	CyrillicShare           float64 // share of records of Cyrillic-named people written in raw Cyrillic
	TypoRate                float64 // chance that a record has a typo in one name part
	SwapOrderRate           float64 // chance of surname-first order beyond the style's own habit
	PatronymicRate          float64 // chance a record of a patronymic-using person writes it
	DateSwapRate            float64 // chance of a day/month swap in a birth date (when possible)
	MissingRate             float64 // chance each optional field is missing from a record
	PersonalIdentifierMax   int     // the link policy's personal_identifier_max (default 5)
	// FamilyLinks adds Family records to some debriefs, naming a relative
	// in the home country who is no client (context, never a flag).
	// DefaultConfig turns it on; it draws from its own random stream, so the
	// rest of the world is the same either way.
	FamilyLinks bool
}

// Share is a country (ISO 3166 alpha-2, upper case) and its weight.
type Share struct {
	Country string
	Weight  float64
}

// CentralAsia are the countries the published case is about.
var centralAsia = []string{"TJ", "UZ", "KZ", "KG"}

// DefaultConfig returns the defaults: a 2019–2023 encounter window, a third
// of the population Central Asian, 30% of parties moved by networks of ~400
// clients each.
func DefaultConfig(seed int64, persons int) Config {
	return Config{
		Seed: seed, Persons: persons,
		Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), Years: 5,
		Countries: []Share{
			{"TJ", .09}, {"UZ", .11}, {"KZ", .06}, {"KG", .07}, // Central Asia .33
			{"RU", .06}, {"UA", .03}, {"BY", .01}, {"GE", .02}, {"AM", .02}, {"AZ", .02}, {"MD", .01},
			{"MX", .10}, {"SV", .03}, {"CO", .04}, {"PE", .03}, {"BR", .03}, {"AR", .01}, {"CL", .01}, {"GT", .02},
			{"IN", .05}, {"CN", .03}, {"TR", .04}, {"NP", .02}, {"RO", .01}, {"PH", .02},
			{"AL", .01}, {"ES", .01},
		},
		CentralAsianClients:     []Share{{"TJ", .35}, {"UZ", .35}, {"KZ", .12}, {"KG", .18}},
		CentralAsianClientShare: .85,
		ClientShare:             .30,
		ClientsPerNetwork:       400,
		RepeatEncounter:         .30,
		LookalikeShare:          .04,
		CyrillicShare:           .25,
		TypoRate:                .10,
		SwapOrderRate:           .10,
		PatronymicRate:          .50,
		DateSwapRate:            .04,
		MissingRate:             .06,
		PersonalIdentifierMax:   5,
		FamilyLinks:             true,
	}
}

// withDefaults fills zero fields from DefaultConfig and validates.
func (c Config) withDefaults() (Config, error) {
	d := DefaultConfig(c.Seed, c.Persons)
	if c.Start.IsZero() {
		c.Start = d.Start
	}
	if c.Years == 0 {
		c.Years = d.Years
	}
	if c.Countries == nil {
		c.Countries = d.Countries
	}
	if c.CentralAsianClients == nil {
		c.CentralAsianClients = d.CentralAsianClients
	}
	f := func(p *float64, v float64) {
		if *p == 0 {
			*p = v
		}
	}
	f(&c.CentralAsianClientShare, d.CentralAsianClientShare)
	f(&c.ClientShare, d.ClientShare)
	f(&c.RepeatEncounter, d.RepeatEncounter)
	f(&c.LookalikeShare, d.LookalikeShare)
	f(&c.CyrillicShare, d.CyrillicShare)
	f(&c.TypoRate, d.TypoRate)
	f(&c.SwapOrderRate, d.SwapOrderRate)
	f(&c.PatronymicRate, d.PatronymicRate)
	f(&c.DateSwapRate, d.DateSwapRate)
	f(&c.MissingRate, d.MissingRate)
	if c.ClientsPerNetwork == 0 {
		c.ClientsPerNetwork = d.ClientsPerNetwork
	}
	if c.PersonalIdentifierMax == 0 {
		c.PersonalIdentifierMax = d.PersonalIdentifierMax
	}
	const op = "synth.Config"
	switch {
	case c.Persons < 100:
		return c, vetgraph.Errorf(vetgraph.Invalid, op, "persons %d: want at least 100", c.Persons)
	case c.Years < 2 || c.Years > 30:
		return c, vetgraph.Errorf(vetgraph.Invalid, op, "years %d: want 2 to 30", c.Years)
	case c.ClientShare < 0 || c.ClientShare > .9:
		return c, vetgraph.Errorf(vetgraph.Invalid, op, "client share %g: want 0 to 0.9", c.ClientShare)
	}
	for _, p := range []float64{c.CentralAsianClientShare, c.RepeatEncounter, c.LookalikeShare, c.CyrillicShare,
		c.TypoRate, c.SwapOrderRate, c.PatronymicRate, c.DateSwapRate, c.MissingRate} {
		if p < 0 || p >= 1 {
			return c, vetgraph.Errorf(vetgraph.Invalid, op, "rate %g: want 0 <= rate < 1", p)
		}
	}
	for _, s := range slices.Concat(c.Countries, c.CentralAsianClients) {
		if s.Weight < 0 {
			return c, vetgraph.Errorf(vetgraph.Invalid, op, "country %s: negative weight", s.Country)
		}
	}
	return c, nil
}

// Networks returns how many smuggling networks the scenario has: enough
// for ClientsPerNetwork clients each, at least two (net-1 and net-2 of the
// published case).
func (c Config) Networks() int {
	c, _ = c.withDefaults()
	clients := float64(c.Persons) * c.ClientShare
	return max(2, int(clients/float64(c.ClientsPerNetwork)+0.5))
}

// ExpectedCountryShares returns the share of persons per nationality the
// configuration implies (the mixture of the base shares and the Central
// Asian client profile of net-1 and net-2), for distribution checks.
func (c Config) ExpectedCountryShares() map[string]float64 {
	c, _ = c.withDefaults()
	base := normalize(c.Countries)
	ca := normalize(c.CentralAsianClients)
	k := float64(c.Networks())
	caWeight := c.ClientShare * (2 / k) * c.CentralAsianClientShare
	out := map[string]float64{}
	for cc, w := range base {
		out[cc] += w * (1 - caWeight)
	}
	for cc, w := range ca {
		out[cc] += w * caWeight
	}
	return out
}

func normalize(s []Share) map[string]float64 {
	var t float64
	for _, x := range s {
		t += x.Weight
	}
	m := map[string]float64{}
	for _, x := range s {
		m[x.Country] += x.Weight / t
	}
	return m
}

type picker struct {
	codes []string
	cum   []float64
}

func newPicker(s []Share) (picker, error) {
	var p picker
	var t float64
	for _, x := range s {
		if x.Weight == 0 {
			continue
		}
		t += x.Weight
		p.codes = append(p.codes, x.Country)
		p.cum = append(p.cum, t)
	}
	if t == 0 {
		return p, fmt.Errorf("no country with a positive weight")
	}
	return p, nil
}

func (p picker) pick(r *rng) string { return p.codes[r.weighted(p.cum)] }
