package synth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"vetgraph"
)

// Sink receives the scenario's files. Create is called once per file name,
// a slash-separated path such as "records/encounters.ftm.jsonl"; the
// generator writes the file sequentially and closes it. DirSink writes
// into a directory.
type Sink interface {
	Create(name string) (io.WriteCloser, error)
}

// The files every scenario has.
const (
	FileEncounters = "records/encounters.ftm.jsonl"
	FileCasefiles  = "records/casefiles.ftm.jsonl"
	FileTimeline   = "timeline.json"
	FileClusters   = "truth/clusters.csv"
	FileNetworks   = "truth/networks.csv"
	FileSummary    = "truth/summary.json"
)

// FlagsFile names the expected flags after timeline step k (1-based).
func FlagsFile(k int) string { return fmt.Sprintf("truth/flags-after-step-%d.csv", k) }

// Source names of the base data.
const (
	SourceEncounters = "encounters"
	SourceCasefiles  = "casefiles"
)

type gen struct {
	cfg       Config
	v         *vocab
	base, caC picker
	nets      []*network
	cast      *cast
	core      *coreGraph
	end       time.Time

	enc, cf  *ftmWriter
	clusters *csvWriter
	netsCSV  *csvWriter
	flags    []*csvWriter // index = step
	closers  []io.Closer
	sum      Summary
	// namesakes: people's names and birth days seen so far.
	namesakes namesakes
}

// Generate writes the scenario cfg describes into out and returns its
// summary. The output is a pure function of cfg and Version. Memory stays
// bounded by the number of networks, whatever cfg.Persons is: the
// population is generated and written one travel party at a time.
//
// Errors: Invalid for a bad Config, Internal for a failing Sink or a
// cancelled ctx (its error wrapped).
func Generate(ctx context.Context, cfg Config, out Sink) (Summary, error) {
	const op = "synth.Generate"
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	g := &gen{cfg: cfg, v: loadVocab(), core: newCoreGraph(cfg.PersonalIdentifierMax)}
	g.end = cfg.Start.AddDate(cfg.Years, 0, 0)
	if g.base, err = newPicker(cfg.Countries); err != nil {
		return Summary{}, vetgraph.Errorf(vetgraph.Invalid, op, "countries: %w", err)
	}
	if g.caC, err = newPicker(cfg.CentralAsianClients); err != nil {
		return Summary{}, vetgraph.Errorf(vetgraph.Invalid, op, "central asian clients: %w", err)
	}
	for _, c := range slices.Concat(g.base.codes, g.caC.codes, []string{"MX", "GT", "SV", "TJ", "UZ", "KG"}) {
		p := g.v.pools[c]
		if p == nil || len(p.male) == 0 || len(p.female) == 0 || len(p.surnames) == 0 {
			return Summary{}, vetgraph.Errorf(vetgraph.Invalid, op, "country %s: no name vocabulary", c)
		}
	}
	g.sum = Summary{Version: Version, Seed: cfg.Seed, ClientsPerNetwork: map[string]int{},
		RecordsPerFile: map[string]int64{}, PopulationPerCountry: map[string]int{}}
	defer func() {
		for _, c := range g.closers {
			c.Close()
		}
	}()
	if err := g.run(ctx, out); err != nil {
		var ve *vetgraph.Error
		if !errors.As(err, &ve) {
			err = vetgraph.Errorf(vetgraph.Internal, op, "%w", err)
		}
		return Summary{}, err
	}
	return g.sum, nil
}

func (g *gen) open(out Sink, name string) (io.Writer, error) {
	w, err := out.Create(name)
	if err != nil {
		return nil, vetgraph.Errorf(vetgraph.Internal, "synth.Generate", "create %s: %w", name, err)
	}
	g.closers = append(g.closers, w)
	return w, nil
}

func (g *gen) run(ctx context.Context, out Sink) error {
	w, err := g.open(out, FileEncounters)
	if err != nil {
		return err
	}
	g.enc = newFtmWriter(w)
	if w, err = g.open(out, FileCasefiles); err != nil {
		return err
	}
	g.cf = newFtmWriter(w)
	if w, err = g.open(out, FileClusters); err != nil {
		return err
	}
	g.clusters = newCSVWriter(w, "source", "record_id", "cluster")
	if w, err = g.open(out, FileNetworks); err != nil {
		return err
	}
	g.netsCSV = newCSVWriter(w, "network", "role", "cluster")
	g.flags = make([]*csvWriter, nSteps+1)
	g.sum.FlagsPerStep = make([]StepFlags, nSteps)
	for k := 1; k <= nSteps; k++ {
		if w, err = g.open(out, FlagsFile(k)); err != nil {
			return err
		}
		g.flags[k] = newCSVWriter(w, "cluster", "category", "concern", "degree")
		g.sum.FlagsPerStep[k-1] = StepFlags{Step: k, Categories: map[string]int{}, Degrees: map[string]int{}}
	}

	g.buildNetworks()
	g.buildCast()
	g.writeNetworks()
	g.writeCastParties()
	if err := g.population(ctx); err != nil {
		return err
	}
	if err := g.writeIntel(out); err != nil {
		return err
	}
	g.writeCoreFlags()
	g.writeStashFlags()
	for _, fw := range []*ftmWriter{g.enc, g.cf} {
		if err := fw.flush(); err != nil {
			return err
		}
	}
	g.sum.RecordsPerFile[FileEncounters] = g.enc.lines
	g.sum.RecordsPerFile[FileCasefiles] = g.cf.lines
	for _, c := range append([]*csvWriter{g.clusters, g.netsCSV}, g.flags[1:]...) {
		if err := c.flush(); err != nil {
			return err
		}
	}
	for _, n := range g.nets {
		g.sum.ClientsPerNetwork[n.id] = n.clients
	}
	g.sum.Networks = len(g.nets)
	if err := g.writeTimeline(out); err != nil {
		return err
	}
	return g.writeSummary(out)
}

// partyPlan is what a party index fixes before any person is drawn.
type partyPlan struct {
	size     int
	client   bool
	net      int
	country  string
	family   bool
	template int64 // look-alike of this earlier party's head; -1 for none
}

func (g *gen) plan(pidx int64) partyPlan {
	r := newRNG(g.cfg.Seed, streamParty, pidx)
	pl := partyPlan{template: -1}
	x := r.float()
	switch {
	case x < .55:
		pl.size = 1
	case x < .75:
		pl.size = 2
	case x < .87:
		pl.size = 3
	case x < .95:
		pl.size = 4
	default:
		pl.size = 5
	}
	pl.client = r.chance(g.cfg.ClientShare)
	if pl.client {
		pl.net = r.intn(len(g.nets))
	}
	if pl.client && g.nets[pl.net].ca && r.chance(g.cfg.CentralAsianClientShare) {
		pl.country = g.caC.pick(r)
	} else {
		pl.country = g.base.pick(r)
	}
	pl.family = pl.size > 1 && r.chance(.7)
	if pidx > 0 && r.chance(g.cfg.LookalikeShare) {
		pl.template = pidx - 1 - int64(r.intn(int(min(pidx, 5000))))
	}
	return pl
}

// headName is the name draw of party pidx's head in country.
func (g *gen) headName(pidx int64, country string) nameChoice {
	r := newRNG(g.cfg.Seed, streamHead, pidx)
	return g.drawName(r, country, r.chance(.3))
}

func (g *gen) population(ctx context.Context) error {
	var persons int64
	total := int64(g.cfg.Persons)
	for pidx := int64(0); persons < total; pidx++ {
		if pidx%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return vetgraph.Errorf(vetgraph.Internal, "synth.Generate", "%w", err)
			}
		}
		pl := g.plan(pidx)
		size := int(min(int64(pl.size), total-persons))
		r := newRNG(g.cfg.Seed, streamPerson, pidx)
		var net *network
		if pl.client {
			net = g.nets[pl.net]
		}
		first := g.cfg.Start.AddDate(0, 0, r.intn(int(g.end.Sub(g.cfg.Start).Hours()/24)-1))
		if net != nil {
			first = net.from.AddDate(0, 0, r.intn(max(1, int(net.to.Sub(net.from).Hours()/24)-1)))
		}
		hn := g.headName(pidx, pl.country)
		if pl.template >= 0 {
			hn = g.headName(pl.template, g.plan(pl.template).country)
			g.sum.Lookalikes++
		}
		spouseSur := -1
		fatherGiven := -1 // the children's father: the head or the spouse, when male
		if !hn.female {
			fatherGiven = hn.given
		}
		members := make([]*person, 0, size)
		head := g.newPerson(r, "p-"+strconv.FormatInt(persons, 10), hn, persons, pidx*8, birthBetween(r, first, 18, 55))
		members = append(members, head)
		for m := 1; m < size; m++ {
			cl := "p-" + strconv.FormatInt(persons+int64(m), 10)
			var nc nameChoice
			var born time.Time
			household := pidx * 8
			if pl.family {
				nc = hn
				nc.given = -1
				pool := g.v.pools[nc.country]
				if m == 1 { // spouse: the family surname in her or his gender, another father
					nc.female = !hn.female
					nc.fa = r.intn(len(pool.male))
					born = birthBetween(r, first, 18, 55)
				} else { // child: the father's patronymic
					nc.female = r.chance(.5)
					born = birthBetween(r, first, 1, 17)
					if fatherGiven >= 0 {
						nc.fa = fatherGiven
					}
				}
				if spanishSurnames[nc.country] {
					// Spanish naming: a spouse keeps their own two surnames; a
					// child takes the father's first and the mother's first.
					if m == 1 {
						nc.sur, nc.sur2 = r.intn(len(pool.surnames)), r.intn(len(pool.surnames))
						spouseSur = nc.sur
					} else if spouseSur >= 0 {
						father, mother := hn.sur, spouseSur
						if hn.female {
							father, mother = spouseSur, hn.sur
						}
						nc.sur, nc.sur2 = father, mother
					}
				}
				if nc.female {
					nc.given = r.intn(len(pool.female))
				} else {
					nc.given = r.intn(len(pool.male))
				}
				if m == 1 && !nc.female {
					fatherGiven = nc.given
				}
			} else {
				nc = g.drawName(r, pl.country, r.chance(.3))
				born = birthBetween(r, first, 18, 50)
				household += int64(m)
			}
			members = append(members, g.newPerson(r, cl, nc, persons+int64(m), household, born))
		}
		persons += int64(size)
		g.sum.PopulationPersons += size
		for _, p := range members {
			g.sum.PopulationPerCountry[p.country]++
		}

		spec := partySpec{key: strconv.FormatInt(pidx, 10), members: members, net: net, regular: true}
		spec.dates, spec.involved = g.encounterPlan(r, first, size)
		if net != nil {
			g.clientEvidence(r, &spec)
		}
		g.writeParty(r, &spec)
	}
	g.sum.Persons = g.sum.PopulationPersons + g.sum.CastPersons
	return nil
}

// encounterPlan draws a party's encounters: the first with everyone, each
// further one (geometric) with a subset, later in time.
func (g *gen) encounterPlan(r *rng, first time.Time, size int) ([]time.Time, [][]int) {
	n := 1 + r.geometric(g.cfg.RepeatEncounter, 5)
	dates := []time.Time{first}
	all := make([]int, size)
	for i := range all {
		all[i] = i
	}
	involved := [][]int{all}
	left := int(g.end.Sub(first).Hours() / 24)
	for k := 1; k < n && left > 2; k++ {
		dates = append(dates, first.AddDate(0, 0, 1+r.intn(left-1)))
		var sub []int
		for i := range size {
			if r.chance(.6) {
				sub = append(sub, i)
			}
		}
		if len(sub) == 0 {
			sub = []int{0}
		}
		involved = append(involved, sub)
	}
	slices.SortStableFunc(dates[1:], func(a, b time.Time) int { return a.Compare(b) })
	return dates, involved
}

// clientEvidence draws how the evidence of a client party appears: a guide
// travelling with them, a stash address given as their address, the
// guide's phone in their phone lists, debriefs, a payment.
func (g *gen) clientEvidence(r *rng, s *partySpec) {
	n := s.net
	guide := n.guides[r.intn(len(n.guides))]
	if r.chance(.5) {
		s.guide = guide
	}
	if r.chance(.3) {
		s.stash = n.stash[r.intn(len(n.stash))]
	}
	size := len(s.members)
	s.phone = make([]string, size)
	s.debrief = make([]string, size)
	for m := range size {
		if r.chance(.35) {
			s.phone[m] = guide.workPhone
		}
		if r.chance(.3) {
			switch x := r.float(); {
			case x < .4:
				s.debrief[m] = n.id
			case x < .8:
				s.debrief[m] = guide.id
			default:
				s.debrief[m] = n.facs[r.intn(len(n.facs))].id
			}
		}
	}
	if r.chance(.35) {
		s.payee = n.facs[r.intn(len(n.facs))]
	}
	for m := range size {
		if s.guide == nil && s.stash == "" && s.phone[m] == "" && s.debrief[m] == "" && (m != 0 || s.payee == nil) {
			s.debrief[m] = guide.id // every client has at least one piece of evidence
		}
	}
}

// partySpec is one travel party ready to be written.
type partySpec struct {
	key       string
	members   []*person
	net       *network // nil: not a client party
	dates     []time.Time
	involved  [][]int
	guide     *member  // travels with them at the first encounter
	stash     string   // the address they gave at the first encounter
	phone     []string // per member: a network phone in the first encounter's record
	allPhones []string // per member: a further phone in every record (the cast)
	debrief   []string // per member: the id a debrief names (moved_by)
	payee     *member  // the head paid this facilitator
	regular   bool     // flags follow from the client evidence alone
}

func (g *gen) writeParty(r *rng, s *partySpec) {
	var ids []string
	for k, day := range s.dates {
		ids = ids[:0]
		for _, m := range s.involved[k] {
			p := s.members[m]
			id := "enc-" + s.key + "-" + strconv.Itoa(k) + "-" + strconv.Itoa(m)
			o := recordOpts{at: day, formal: r.chance(.5)}
			if s.allPhones != nil && s.allPhones[m] != "" {
				o.phones = append(o.phones, s.allPhones[m])
			}
			if k == 0 && s.net != nil {
				if s.phone != nil && s.phone[m] != "" {
					o.phones = append(o.phones, s.phone[m])
				}
				o.address = s.stash
			}
			g.writePerson(g.enc, r, id, p, o)
			g.clusters.row(SourceEncounters, id, p.cluster)
			ids = append(ids, id)
		}
		if k == 0 && s.guide != nil {
			id := "enc-" + s.key + "-0-g"
			g.writePerson(g.enc, r, id, s.guide.p, recordOpts{at: day, phones: []string{s.guide.workPhone}})
			g.clusters.row(SourceEncounters, id, s.guide.id)
			ids = append(ids, id)
		}
		evID := "ev-" + s.key + "-" + strconv.Itoa(k)
		g.enc.begin(evID, "Event")
		sector := borderSectors[r.intn(len(borderSectors))]
		date := day.Format(time.DateOnly)
		g.enc.prop("name", "Encounter "+date+" "+sector)
		g.enc.prop("date", date)
		g.enc.prop("location", sector)
		g.enc.prop("country", "us")
		g.enc.prop("involved", ids...)
		g.enc.end()
		g.sum.Records++
		g.sum.Encounters++
	}
	if s.net == nil {
		return
	}
	n := s.net
	day := s.dates[0]
	deg := 3
	if s.stash != "" {
		deg = 1 // client —address— network
	}
	if s.guide != nil {
		deg = min(deg, 2) // travelled_with the guide, a member
	}
	for m, p := range s.members {
		n.clients++
		g.netsCSV.row(n.id, "client", p.cluster)
		if s.stash != "" {
			n.stashHolders[s.stash]++
			if n.idx == 1 {
				n.stashClients = append(n.stashClients, stashClient{p.cluster, s.stash})
			}
		}
		d := deg
		if s.phone != nil && s.phone[m] != "" {
			d = min(d, 2) // a guide's phone
		}
		if fr := g.familyRNG(s.key, m); g.cfg.FamilyLinks && s.regular && s.debrief[m] != "" && fr.chance(.15) {
			// The debrief names a relative in the country who is no client:
			// context only, never a flag. Drawn from its own stream, so the
			// rest of the world does not depend on it.
			if rel := g.relativeParty(fr, s.key); rel >= 0 {
				g.cf.begin("fam-"+s.key+"-"+strconv.Itoa(m), "Family")
				g.cf.prop("person", "enc-"+s.key+"-0-"+strconv.Itoa(m))
				g.cf.prop("relative", "enc-"+strconv.FormatInt(rel, 10)+"-0-0")
				g.cf.prop("relationship", []string{"brother", "sister", "cousin", "uncle"}[fr.intn(4)])
				g.cf.end()
				g.sum.Records++
				g.sum.FamilyLinks++
			}
		}
		if obj := s.debrief[m]; obj != "" {
			id := "db-" + s.key + "-" + strconv.Itoa(m)
			g.cf.begin(id, "UnknownLink")
			g.cf.prop("subject", "enc-"+s.key+"-0-"+strconv.Itoa(m))
			g.cf.prop("object", obj)
			g.cf.prop("role", "moved_by")
			g.cf.prop("startDate", day.Format(time.DateOnly))
			g.cf.prop("summary", "Debrief: named as the smuggler who moved the subject")
			g.cf.end()
			g.sum.Records++
			if obj == n.id {
				d = min(d, 1)
			} else {
				d = min(d, 2)
			}
		}
		if m == 0 && s.payee != nil {
			payer := "payer-" + s.key
			g.writePerson(g.cf, r, payer, p, recordOpts{at: day, formal: true, force: true, styleSet: styleICAO, idRequired: true})
			g.clusters.row(SourceCasefiles, payer, p.cluster)
			g.cf.begin("pay-"+s.key, "Payment")
			g.cf.prop("payer", payer)
			g.cf.prop("beneficiary", s.payee.id)
			g.cf.prop("amount", strconv.Itoa(1500+100*r.intn(60)))
			g.cf.prop("currency", "USD")
			g.cf.prop("date", day.AddDate(0, 0, -10-r.intn(50)).Format(time.DateOnly))
			g.cf.prop("purpose", "family support")
			g.cf.end()
			g.sum.Records++
			d = min(d, 2)
		}
		if s.regular {
			if d > 2 {
				panic("synth: client without evidence") // clientEvidence guarantees one
			}
			for k := stepCasefiles; k <= nSteps; k++ {
				g.flag(k, p.cluster, string(vetgraph.TopicTraffick), n.id, d)
			}
		}
	}
}

func (g *gen) flag(step int, cluster, category, concern string, degree int) {
	g.flags[step].row(cluster, category, concern, strconv.Itoa(degree))
	sf := &g.sum.FlagsPerStep[step-1]
	sf.Total++
	sf.Categories[category]++
	sf.Degrees[category+"/"+strconv.Itoa(degree)]++
}

// writeStashFlags adds what net-1's organizational ties carry to its
// clients who gave one of its stash addresses when that address is
// personal (held by the network and at most PersonalIdentifierMax-1
// clients): the address passes every concern of net-1 one link on, so the
// tied network's crime.traffick reaches them at degree 2 while the tie is in
// force. A widely shared address is a client link and stops at net-1.
func (g *gen) writeStashFlags() {
	n1 := g.nets[0]
	for s := 1; s <= nSteps; s++ {
		var tied []string
		for _, e := range g.core.edges {
			if e.a == n1.id && e.kind == linkFull && e.from <= s && s < e.to {
				for _, t := range g.core.topics {
					if t.org == e.b && t.topic == string(vetgraph.TopicTraffick) && t.from <= s && s < t.to {
						tied = append(tied, e.b)
					}
				}
			}
		}
		for _, sc := range n1.stashClients {
			if n1.stashHolders[sc.stash]+1 > g.cfg.PersonalIdentifierMax {
				continue
			}
			for _, other := range tied {
				g.flag(s, sc.cluster, string(vetgraph.TopicTraffick), other, 2)
			}
		}
	}
}

// relativeParty picks an earlier party that no network moved, whose head
// a client's Family record can name; -1 when there is none.
func (g *gen) relativeParty(r *rng, key string) int64 {
	pidx, err := strconv.ParseInt(key, 10, 64)
	if err != nil || pidx == 0 {
		return -1
	}
	rel := pidx - 1 - int64(r.intn(int(min(pidx, 2000))))
	if g.plan(rel).client {
		return -1
	}
	return rel
}

func (g *gen) familyRNG(key string, m int) *rng {
	pidx, _ := strconv.ParseInt(key, 10, 64)
	return newRNG(g.cfg.Seed, streamFamily, pidx*8+int64(m))
}
