package synth

import (
	"fmt"
	"time"
)

// The timeline steps. Every scenario has the same seven; see the package doc.
const (
	stepEncounters = 1 + iota
	stepCasefiles
	stepReport1 // network ties: F and F2 tied to G, net-1 tied to net-2
	stepReport2 // the eight men tied to G
	stepReport3 // unconfirmed leads (C3), retracted at stepRetract
	stepReport4 // correction of REPORT-1: F2 dropped, net-1/net-2 link clarified
	stepRetract // REPORT-3 retracted
	nSteps      = stepRetract
	forever     = nSteps + 1
)

// member is a network or group member: a person of the casefiles or an
// intelligence report, whose record id is also their cluster id.
type member struct {
	p         *person
	id        string
	role      string // leader, facilitator, guide, member
	workPhone string // a guide's client-facing phone
	net       *network
}

// network is one smuggling network: the only state the generator keeps per
// network while it streams the population.
type network struct {
	idx      int
	id, name string
	ca       bool // moves mostly Central Asian clients (net-1, net-2)
	country  string
	from, to time.Time
	leader   *member
	facs     []*member
	guides   []*member
	stash    []string
	clients  int
	// stashHolders counts the client clusters that gave each stash address;
	// stashClients lists them for net-1 only, whose tie to net-2 reaches
	// them when the address is personal (few holders).
	stashHolders map[string]int
	stashClients []stashClient
}

type stashClient struct{ cluster, stash string }

// cast is the fixed cast of the published case.
type cast struct {
	g       []*member // members of the designated group G (grp-1)
	f, f2   *member   // net-2 facilitators tied to G (F2's tie is later corrected away)
	eight   []*person // clients of net-1 named by REPORT-2
	o1, o2  *person   // own path: a personal phone shared with G's member g[0]; o1 also named by REPORT-3 and a net-1 client
	r1      *person   // named only by REPORT-3 (retracted)
	r2      *person   // a net-1 client named only by REPORT-3
	look    *person   // a look-alike of eight[0]: same name, another person
	eightAt time.Time // the eight's crossing
}

const (
	grpID   = "grp-1"
	grpName = "Designated Group G (synthetic)"
)

func (g *gen) buildNetworks() {
	k := g.cfg.Networks()
	years := g.cfg.Years
	end := g.cfg.Start.AddDate(years, 0, 0)
	expected := float64(g.cfg.Persons) * g.cfg.ClientShare / float64(k) / 1.9 // parties of ~1.9
	nGuides := min(12, max(3, int(expected/12)))
	for i := 1; i <= k; i++ {
		r := newRNG(g.cfg.Seed, streamNetwork, int64(i))
		n := &network{idx: i, id: fmt.Sprintf("net-%d", i), ca: i <= 2, stashHolders: map[string]int{}}
		switch i {
		case 1: // N1: the later network, moving clients for most of the window
			n.from, n.to = g.cfg.Start.AddDate(0, 18, 0), end
			n.country = "TJ"
		case 2: // N2: the earlier network, through facilitator F
			n.from, n.to = g.cfg.Start, g.cfg.Start.AddDate(0, 18, 0)
			n.country = "UZ"
		default:
			span := 24 + r.intn(13)
			startMonth := r.intn(max(1, years*12-span))
			n.from = g.cfg.Start.AddDate(0, startMonth, 0)
			n.to = n.from.AddDate(0, span, 0)
			if n.to.After(end) {
				n.to = end
			}
			n.country = g.base.pick(r)
		}
		count := int64(0)
		mk := func(role string, j int, country string) *member {
			id := fmt.Sprintf("%s-%c-%d", n.id, role[0], j)
			count++
			pidx := memberPidx + int64(i)*64 + count
			nc := g.drawName(r, country, role != "guide" && r.chance(.15))
			p := g.newPerson(r, id, nc, pidx, pidx, birthBetween(r, n.from, 25, 55))
			m := &member{p: p, id: id, role: role, net: n}
			if role == "guide" {
				m.workPhone = fmt.Sprintf("+5255%08d", (int64(i)*16+int64(j))*7919%100000000)
			}
			return m
		}
		n.leader = mk("leader", 1, n.country)
		for j := 1; j <= 2+r.intn(2); j++ {
			n.facs = append(n.facs, mk("facilitator", j, n.country))
		}
		for j := 1; j <= nGuides; j++ {
			gc := "MX"
			if r.chance(.3) {
				gc = []string{"GT", "SV"}[r.intn(2)]
			}
			n.guides = append(n.guides, mk("guide", j, gc))
		}
		for s := range 2 + r.intn(2) {
			town := stashTowns[(i+s)%len(stashTowns)]
			n.stash = append(n.stash, fmt.Sprintf("%d %s St, %s, US", 1000+i*7+s, []string{"Mesa", "Cactus", "Border", "Palm", "Orchard", "Canal", "Ranch"}[s], town))
		}
		n.name = n.leader.p.surname.in(styleICAO) + " smuggling organization"
		g.nets = append(g.nets, n)
	}
}

// Person index ranges: the population counts up from 0; network members
// and the cast live far above it, so phones and passports never collide.
const (
	memberPidx = 400_000_000
	castPidx   = 450_000_000
)

func (g *gen) buildCast() {
	r := newRNG(g.cfg.Seed, streamCast, 0)
	c := &cast{}
	for j := 1; j <= 3; j++ {
		id := fmt.Sprintf("%s-m-%d", grpID, j)
		country := []string{"TJ", "UZ", "TJ"}[j-1]
		nc := g.drawName(r, country, false)
		p := g.newPerson(r, id, nc, castPidx+int64(j), castPidx+int64(j), birthBetween(r, g.cfg.Start, 22, 45))
		p.phone = fmt.Sprintf("+9370%07d", (int64(j)*104729)%10000000)
		c.g = append(c.g, &member{p: p, id: id, role: "member"})
	}
	g.sum.CastPersons += len(c.g)
	n2 := g.nets[1]
	c.f, c.f2 = n2.facs[0], n2.facs[1]
	person := func(k int64, cluster, country string, lo, hi int) *person {
		nc := g.drawName(r, country, false)
		return g.newPerson(r, cluster, nc, castPidx+k, castPidx+k, birthBetween(r, g.cfg.Start, lo, hi))
	}
	for j := 1; j <= 8; j++ {
		c.eight = append(c.eight, person(int64(10+j), fmt.Sprintf("cast-eight-%d", j), "TJ", 20, 35))
	}
	c.eightAt = g.cfg.Start.AddDate(0, 20+r.intn(6), r.intn(28))
	c.o1 = person(21, "cast-o-1", "TJ", 20, 40)
	c.o2 = person(22, "cast-o-2", "UZ", 20, 40)
	c.r1 = person(23, "cast-r-1", "TJ", 20, 40)
	c.r2 = person(24, "cast-r-2", "KG", 20, 40)
	// The look-alike shares eight[0]'s names exactly, not his birth date,
	// passport, phone or address.
	e0 := c.eight[0]
	look := *e0
	look.cluster = "cast-look-1"
	look.birth = birthBetween(r, g.cfg.Start, 36, 50)
	look.passport = passportNumber(e0.country, castPidx+30, 0)
	look.passport2 = ""
	look.phone = phoneNumber(e0.country, castPidx+30)
	look.address = homeAddress(e0.country, castPidx+30)
	c.look = &look
	g.cast = c
}
