package synth

import (
	"fmt"
	"strconv"
	"time"

	"vetgraph"
)

// writeNetworks writes the agency casefiles of every network: the network,
// its members and their memberships; and registers them in the core graph.
func (g *gen) writeNetworks() {
	for _, n := range g.nets {
		r := newRNG(g.cfg.Seed, streamNetwork, int64(1000+n.idx))
		g.cf.begin(n.id, "Organization")
		g.cf.prop("name", n.name)
		g.cf.prop("alias", fmt.Sprintf("Casefile %s-%04d", n.country, 1000+n.idx*37%9000))
		g.cf.prop("topics", string(vetgraph.TopicTraffick))
		g.cf.prop("country", "us", lower(n.country))
		g.cf.prop("address", n.stash...)
		g.cf.prop("summary", "Human smuggling organization, active "+n.from.Format("2006-01")+" to "+n.to.Format("2006-01"))
		g.cf.end()
		g.sum.Records++
		g.clusters.row(SourceCasefiles, n.id, n.id)
		g.core.topic(n.id, string(vetgraph.TopicTraffick), stepCasefiles, forever)
		for _, s := range n.stash {
			g.core.hold(s, n.id, stepCasefiles, forever)
		}
		for _, m := range slices3(n.leader, n.facs, n.guides) {
			var phones []string
			if m.workPhone != "" {
				phones = []string{m.workPhone}
			}
			g.writePerson(g.cf, r, m.id, m.p, recordOpts{at: n.from, phones: phones, formal: true, noNoise: true})
			g.clusters.row(SourceCasefiles, m.id, m.id)
			g.cf.begin("mem-"+m.id, "Membership")
			g.cf.prop("member", m.id)
			g.cf.prop("organization", n.id)
			g.cf.prop("role", m.role)
			g.cf.prop("startDate", n.from.Format(time.DateOnly))
			g.cf.end()
			g.sum.Records++
			role := m.role
			if role == "leader" {
				role = "member"
			}
			g.netsCSV.row(n.id, role, m.id)
			g.core.person(m.id)
			g.core.edge(m.id, n.id, linkMember, stepCasefiles, forever)
			g.sum.CastPersons++
		}
	}
}

func slices3(a *member, b, c []*member) []*member {
	out := []*member{a}
	out = append(out, b...)
	return append(out, c...)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// writeCastParties writes the encounters of the published case's cast and
// registers the links that concern them.
func (g *gen) writeCastParties() {
	c := g.cast
	r := newRNG(g.cfg.Seed, streamCast, 1)
	n1 := g.nets[0]
	guide := n1.guides[0]
	end := g.end
	for _, p := range []*person{c.o1, c.o2, c.r1, c.r2, c.look} {
		g.core.person(p.cluster)
	}
	for _, p := range c.eight {
		g.core.person(p.cluster)
	}
	for _, m := range c.g {
		g.core.person(m.id)
		g.netsCSV.row(grpID, "member", m.id)
	}
	later := func(t time.Time) time.Time {
		return t.AddDate(0, 0, 30+r.intn(max(31, int(end.Sub(t).Hours()/24)-31)))
	}

	// The eight men: moved by net-1 with its guide, admitted; several came
	// back later. Half were debriefed and named the network.
	eight := partySpec{key: "c-eight", members: c.eight, net: n1, guide: guide,
		dates: []time.Time{c.eightAt}, involved: [][]int{{0, 1, 2, 3, 4, 5, 6, 7}}, debrief: make([]string, 8)}
	for m := range 4 {
		eight.debrief[m] = n1.id
		g.core.edge(c.eight[m].cluster, n1.id, linkClient, stepCasefiles, forever)
	}
	eight.dates = append(eight.dates, later(c.eightAt))
	eight.involved = append(eight.involved, []int{0, 3, 5})
	g.writeParty(r, &eight)
	for i, a := range c.eight {
		g.core.edge(a.cluster, guide.id, linkClientSym, stepEncounters, forever)
		for _, b := range c.eight[i+1:] {
			g.core.edge(a.cluster, b.cluster, linkClientSym, stepEncounters, forever)
		}
	}

	// O1: a net-1 client who paid its facilitator; his phone list holds the
	// phone of a member of G. O2: not a client, the same phone.
	gPhone := c.g[0].p.phone
	o1At := n1.from.AddDate(0, 2+r.intn(6), r.intn(28))
	o1 := partySpec{key: "c-o1", members: []*person{c.o1}, net: n1, payee: n1.facs[0],
		dates: []time.Time{o1At, later(o1At)}, involved: [][]int{{0}, {0}},
		allPhones: []string{gPhone}, debrief: []string{""}}
	g.writeParty(r, &o1)
	g.core.edge(c.o1.cluster, n1.facs[0].id, linkClient, stepCasefiles, forever)
	g.core.hold(gPhone, c.o1.cluster, stepEncounters, forever)

	o2At := g.cfg.Start.AddDate(0, 6+r.intn(24), r.intn(28))
	g.writeParty(r, &partySpec{key: "c-o2", members: []*person{c.o2}, dates: []time.Time{o2At},
		involved: [][]int{{0}}, allPhones: []string{gPhone}})
	g.core.hold(gPhone, c.o2.cluster, stepEncounters, forever)

	// R1: named only by the retracted report; two encounters.
	r1At := g.cfg.Start.AddDate(0, 3+r.intn(30), r.intn(28))
	g.writeParty(r, &partySpec{key: "c-r1", members: []*person{c.r1}, dates: []time.Time{r1At, later(r1At)},
		involved: [][]int{{0}, {0}}})

	// R2: a net-1 client (debriefed), named only by the retracted report.
	r2At := n1.from.AddDate(0, 8+r.intn(10), r.intn(28))
	g.writeParty(r, &partySpec{key: "c-r2", members: []*person{c.r2}, net: n1, dates: []time.Time{r2At},
		involved: [][]int{{0}}, debrief: []string{n1.id}})
	g.core.edge(c.r2.cluster, n1.id, linkClient, stepCasefiles, forever)

	// The look-alike of the first of the eight: same names, nothing else.
	lkAt := g.cfg.Start.AddDate(0, 1+r.intn(40), r.intn(28))
	g.writeParty(r, &partySpec{key: "c-look", members: []*person{c.look}, dates: []time.Time{lkAt}, involved: [][]int{{0}}})

	g.sum.CastPersons += 8 + 5
}

// report is one intelligence report of the timeline.
type report struct {
	step       int
	source     string
	file       string
	grade      string
	supersedes string
	note       string
}

var reports = []report{
	{stepReport1, "REPORT-1", "intel/001-network-ties.ftm.jsonl", "B2", "",
		"net-2 facilitators F and F2 tied to designated group G; net-1 tied to net-2 through a shared operation"},
	{stepReport2, "REPORT-2", "intel/002-eight-men.ftm.jsonl", "B2", "",
		"eight men admitted earlier, identified from overseas collection as tied to G"},
	{stepReport3, "REPORT-3", "intel/003-unconfirmed-leads.ftm.jsonl", "C3", "",
		"unconfirmed leads naming five people as tied to G (retracted later)"},
	{stepReport4, "REPORT-4", "intel/004-correction.ftm.jsonl", "B1", "REPORT-1",
		"correction of REPORT-1: F2 was misidentified; the net-1/net-2 link was one shared transport, not a tie"},
}

const retractReason = "source withdrew the identifications in REPORT-3"

func (g *gen) writeIntel(out Sink) error {
	c := g.cast
	r := newRNG(g.cfg.Seed, streamCast, 2)
	for _, rep := range reports {
		w, err := g.open(out, rep.file)
		if err != nil {
			return err
		}
		fw := newFtmWriter(w)
		to := forever
		switch rep.source {
		case "REPORT-1":
			to = stepReport4 // superseded
		case "REPORT-3":
			to = stepRetract
		}
		at := g.stepTime(rep.step)
		writeP := func(id, cluster string, p *person, keepPhone bool) {
			st := []style{styleBGN, styleISO9, styleICAO}[r.intn(3)]
			g.writePerson(fw, r, id, p, recordOpts{at: at, force: true, styleSet: st, keepPhone: keepPhone})
			g.clusters.row(rep.source, id, cluster)
		}
		tie := func(id, subject, object, role, summary string) {
			fw.begin(id, "UnknownLink")
			fw.prop("subject", subject)
			fw.prop("object", object)
			fw.prop("role", role)
			fw.prop("startDate", at.AddDate(-1, 0, 0).Format(time.DateOnly))
			fw.prop("summary", summary)
			fw.end()
			g.sum.Records++
		}
		group := func() {
			fw.begin(grpID, "Organization")
			fw.prop("name", grpName)
			fw.prop("alias", "G")
			fw.prop("topics", string(vetgraph.TopicTerror))
			fw.prop("country", "af")
			fw.end()
			g.sum.Records++
			g.clusters.row(rep.source, grpID, grpID)
			g.core.topic(grpID, string(vetgraph.TopicTerror), rep.step, to)
			for _, m := range c.g {
				writeP(m.id, m.id, m.p, true)
				fw.begin("mem-"+m.id+"-"+lower(rep.source), "Membership")
				fw.prop("member", m.id)
				fw.prop("organization", grpID)
				fw.prop("role", "member")
				fw.end()
				g.sum.Records++
				g.core.edge(m.id, grpID, linkMember, rep.step, to)
				g.core.hold(m.p.phone, m.id, rep.step, to)
			}
		}
		switch rep.source {
		case "REPORT-1":
			group()
			writeP(c.f.id, c.f.id, c.f.p, false)
			writeP(c.f2.id, c.f2.id, c.f2.p, false)
			tie("r1-tie-f", c.f.id, grpID, "tied_to", "Facilitator of net-2 arranges travel for G")
			tie("r1-tie-f2", c.f2.id, grpID, "tied_to", "Facilitator of net-2 in contact with G recruiters")
			tie("r1-ops", g.nets[0].id, g.nets[1].id, "tied_to", "net-1 and net-2 ran a joint operation")
			g.core.edge(g.nets[0].id, g.nets[1].id, linkFull, rep.step, to)
			g.core.edge(c.f.id, grpID, linkFull, rep.step, to)
			g.core.edge(c.f2.id, grpID, linkFull, rep.step, to)
		case "REPORT-2":
			for i, p := range c.eight {
				id := "r2-p-" + strconv.Itoa(i+1)
				writeP(id, p.cluster, p, false)
				tie("r2-tie-"+strconv.Itoa(i+1), id, grpID, "tied_to", "Identified in overseas collection on G targets")
				g.core.edge(p.cluster, grpID, linkFull, rep.step, to)
			}
		case "REPORT-3":
			for i, p := range []*person{c.eight[1], c.eight[2], c.o1, c.r1, c.r2} {
				id := "r3-p-" + strconv.Itoa(i+1)
				writeP(id, p.cluster, p, false)
				tie("r3-tie-"+strconv.Itoa(i+1), id, grpID, "tied_to", "Unconfirmed: reported contact with G")
				g.core.edge(p.cluster, grpID, linkFull, rep.step, to)
			}
		case "REPORT-4":
			group()
			writeP(c.f.id, c.f.id, c.f.p, false)
			tie("r4-tie-f", c.f.id, grpID, "tied_to", "Facilitator of net-2 arranges travel for G (confirmed)")
			tie("r4-ops", g.nets[0].id, g.nets[1].id, "shared_transport", "Clarified: net-1 and net-2 shared one transport; no organizational tie")
			g.core.edge(g.nets[0].id, g.nets[1].id, linkContext, rep.step, to)
			g.core.edge(c.f.id, grpID, linkFull, rep.step, to)
		}
		if err := fw.flush(); err != nil {
			return err
		}
		g.sum.RecordsPerFile[rep.file] = fw.lines
	}
	return nil
}

// stepTime is the system time of timeline step k: the first import at the
// end of the encounter window, then one step every 30 days.
func (g *gen) stepTime(k int) time.Time { return g.end.AddDate(0, 0, 30*(k-1)) }
