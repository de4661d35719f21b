// Package report owns the outcome reports that keep the words exact: per
// network, the persons connected to it; per designated group, the persons
// with their own evidence of ties to it; each by degree and review status,
// de-duplicated by resolved person, as of a point in time. The two kinds of
// count are separate sections and are never added together.
//
// [Build] is pure: it takes the flags and review items the caller computed
// as of a time and returns a [Report]; [WriteJSON], [WriteCSV] and
// [WriteHTML] render it. The HTML page is self-contained (inline CSS and SVG
// charts, no network access) and prints on paper.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"vetgraph"
)

// Concern is an entity that carries a topic (a network, a designated group).
// Pass the known concerns to [Build] so that one no person is linked to still
// gets its row, with a count of zero.
type Concern struct {
	ID    vetgraph.EntityID `json:"id"`
	Name  string            `json:"name"`
	Topic vetgraph.Topic    `json:"topic"`
}

// Input is what a report is built from, all as of AsOf.
type Input struct {
	Flags    []vetgraph.Flag
	Items    []vetgraph.ReviewItem
	Concerns []Concern
	AsOf     time.Time
	// Resolve maps a person id to its current resolved id (merged-away ids
	// redirect). Nil: ids are already resolved.
	Resolve func(vetgraph.EntityID) vetgraph.EntityID
}

// NoItem is the status column of a flagged person without a review item.
const NoItem vetgraph.Status = "no_item"

// Report is a built report.
type Report struct {
	AsOf time.Time `json:"as_of"`
	// Lines are the headline statements, one per concern, in the exact words.
	Lines    []string  `json:"lines"`
	Sections []Section `json:"sections"`
	Note     string    `json:"note"`
}

// Section holds the counts of one category.
type Section struct {
	Category   vetgraph.Topic `json:"category"`
	Title      string         `json:"title"`
	Definition string         `json:"definition"`
	// Persons is the number of distinct persons linked to any concern of
	// the category (a person linked to two networks counts once here).
	Persons int `json:"persons"`
	// ByDegree and ByStatus break Persons down: each person once, at their
	// lowest degree to any concern of the category.
	ByDegree [3]int        `json:"by_degree"`
	ByStatus []StatusCount `json:"by_status"`
	Concerns []Row         `json:"concerns"`
}

// Row holds the counts for one concern.
type Row struct {
	Concern   vetgraph.EntityID `json:"concern"`
	Name      string            `json:"name"`
	Statement string            `json:"statement"`
	Persons   int               `json:"persons"`
	// ByDegree[d] counts persons whose closest path to the concern has d
	// links (0 direct, 1, 2).
	ByDegree [3]int `json:"by_degree"`
	// ByStatus counts persons by their review item's status, every status
	// listed (NoItem last).
	ByStatus []StatusCount `json:"by_status"`
	// Cells counts persons by degree and status (non-zero cells only).
	Cells []Cell `json:"cells"`
	// Context lists the concern's own ties shown to explain it (e.g. network
	// N's tie to group G). They do not count for the persons in this row.
	Context []string `json:"context,omitempty"`
}

// StatusCount is a count by review status.
type StatusCount struct {
	Status  vetgraph.Status `json:"status"`
	Persons int             `json:"persons"`
}

// Cell is a count by degree and status.
type Cell struct {
	Degree  vetgraph.Degree `json:"degree"`
	Status  vetgraph.Status `json:"status"`
	Persons int             `json:"persons"`
}

// Title returns the section title for a category.
func Title(c vetgraph.Topic) string {
	switch c {
	case vetgraph.TopicTraffick:
		return "Persons connected to a smuggling network"
	case vetgraph.TopicTerror:
		return "Persons with individual evidence of ties to a designated group"
	}
	return "Persons " + c.Describe()
}

// Statement returns the exact headline for one concern's count, e.g.
// "Persons connected to smuggling network N1: 400".
func Statement(c vetgraph.Topic, name string, n int) string {
	switch c {
	case vetgraph.TopicTerror:
		return fmt.Sprintf("Persons with %s %s: %d", c.Describe(), name, n)
	}
	return fmt.Sprintf("Persons %s %s: %d", c.Describe(), name, n)
}

// Definition returns what a count of the category means, to print next to it.
func Definition(c vetgraph.Topic) string {
	switch c {
	case vetgraph.TopicTraffick:
		return "Each count is the number of distinct resolved persons with at least one evidence path, of at most two links under the link policy, " +
			"to the named network (an entity with topic crime.traffick): moved by it, paid it, travelled with its people, a member, leader or facilitator of it, " +
			"or sharing a personal identifier with one of them. It says nothing about the network's own ties to other groups; " +
			"those are listed as context and do not pass to the network's clients."
	case vetgraph.TopicTerror:
		return "Each count is the number of distinct resolved persons with their own evidence path, of at most two links, to the named designated group " +
			"(an entity with topic crime.terror): membership, an intelligence statement naming them, or a personal identifier shared with a member. " +
			"Being a client of a network that is itself tied to the group does not count."
	}
	return fmt.Sprintf("Each count is the number of distinct resolved persons with an evidence path, of at most two links under the link policy, "+
		"to the named entity carrying topic %s.", string(c))
}

// Note is printed with every report.
const Note = "The counts in different sections are never added together: a person connected to a smuggling network is not, by that, " +
	"counted as having ties to a designated group. A person linked to several concerns is counted once in each concern's row and once in the section total. " +
	"Status is the person's review item status as of the report time; no outcome is set by the system, only by a recorded human decision."

// Build computes the report. Flags of the same resolved person and concern
// count once, at their lowest degree. Sections for crime.traffick and
// crime.terror are always present; other categories appear when they have a
// flag or a known concern.
func Build(in Input) Report {
	resolve := in.Resolve
	if resolve == nil {
		resolve = func(id vetgraph.EntityID) vetgraph.EntityID { return id }
	}
	// A merge leaves the absorbed id's item behind (its flags withdrawn)
	// while the survivor's item holds the flags: per resolved person, the
	// item holding flags wins, then the most recently updated.
	status := map[vetgraph.EntityID]vetgraph.Status{}
	chosen := map[vetgraph.EntityID]*vetgraph.ReviewItem{}
	for i := range in.Items {
		it := &in.Items[i]
		p := resolve(it.Person)
		if c := chosen[p]; c != nil {
			if (len(c.Flags) > 0) != (len(it.Flags) > 0) {
				if len(c.Flags) > 0 {
					continue
				}
			} else if !it.Updated.After(c.Updated) {
				continue
			}
		}
		chosen[p] = it
		status[p] = it.Status
	}
	type acc struct {
		name    string
		degree  map[vetgraph.EntityID]vetgraph.Degree
		context []string
	}
	cats := map[vetgraph.Topic]map[vetgraph.EntityID]*acc{
		vetgraph.TopicTraffick: {},
		vetgraph.TopicTerror:   {},
	}
	get := func(c vetgraph.Topic, id vetgraph.EntityID, name string) *acc {
		if cats[c] == nil {
			cats[c] = map[vetgraph.EntityID]*acc{}
		}
		a := cats[c][id]
		if a == nil {
			a = &acc{degree: map[vetgraph.EntityID]vetgraph.Degree{}}
			cats[c][id] = a
		}
		if a.name == "" {
			a.name = name
		}
		return a
	}
	for _, c := range in.Concerns {
		get(c.Topic, c.ID, c.Name)
	}
	for _, f := range in.Flags {
		a := get(f.Category, f.Concern, f.ConcernName)
		p := resolve(f.Person)
		if d, ok := a.degree[p]; !ok || f.Degree < d {
			a.degree[p] = f.Degree
		}
		for _, path := range f.Context {
			if s := pathString(path); s != "" && !slices.Contains(a.context, s) {
				a.context = append(a.context, s)
			}
		}
	}
	allStatus := append(vetgraph.Statuses(), NoItem)
	r := Report{AsOf: in.AsOf.UTC(), Note: Note, Lines: []string{}}
	order := slices.SortedFunc(func(yield func(vetgraph.Topic) bool) {
		for c := range cats {
			if !yield(c) {
				return
			}
		}
	}, func(a, b vetgraph.Topic) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(string(a), string(b)))
	})
	for _, c := range order {
		sec := Section{Category: c, Title: Title(c), Definition: Definition(c), Concerns: []Row{}}
		distinct := map[vetgraph.EntityID]vetgraph.Degree{}
		for id, a := range cats[c] {
			name := cmp.Or(a.name, string(id))
			row := Row{Concern: id, Name: name, Persons: len(a.degree), Context: a.context}
			byStatus := map[vetgraph.Status]int{}
			cells := map[[2]string]int{}
			for p, d := range a.degree {
				if od, ok := distinct[p]; !ok || d < od {
					distinct[p] = d
				}
				row.ByDegree[min(max(int(d), 0), 2)]++
				st, ok := status[p]
				if !ok {
					st = NoItem
				}
				byStatus[st]++
				cells[[2]string{fmt.Sprint(int(d)), string(st)}]++
			}
			for _, st := range allStatus {
				row.ByStatus = append(row.ByStatus, StatusCount{st, byStatus[st]})
				for d := range 3 {
					if n := cells[[2]string{fmt.Sprint(d), string(st)}]; n > 0 {
						row.Cells = append(row.Cells, Cell{vetgraph.Degree(d), st, n})
					}
				}
			}
			slices.SortFunc(row.Cells, func(x, y Cell) int {
				return cmp.Or(cmp.Compare(x.Degree, y.Degree), cmp.Compare(slices.Index(allStatus, x.Status), slices.Index(allStatus, y.Status)))
			})
			slices.Sort(row.Context)
			if len(row.Context) > maxContext {
				more := len(row.Context) - maxContext
				row.Context = append(row.Context[:maxContext], fmt.Sprintf("… and %d more", more))
			}
			row.Statement = Statement(c, name, row.Persons)
			sec.Concerns = append(sec.Concerns, row)
		}
		slices.SortFunc(sec.Concerns, func(x, y Row) int {
			return cmp.Or(cmp.Compare(y.Persons, x.Persons), strings.Compare(x.Name, y.Name), strings.Compare(string(x.Concern), string(y.Concern)))
		})
		sec.Persons = len(distinct)
		secStatus := map[vetgraph.Status]int{}
		for p, d := range distinct {
			sec.ByDegree[min(max(int(d), 0), 2)]++
			st, ok := status[p]
			if !ok {
				st = NoItem
			}
			secStatus[st]++
		}
		for _, st := range allStatus {
			sec.ByStatus = append(sec.ByStatus, StatusCount{st, secStatus[st]})
		}
		for _, row := range sec.Concerns {
			r.Lines = append(r.Lines, row.Statement)
		}
		r.Sections = append(r.Sections, sec)
	}
	return r
}

// maxContext bounds the context lines shown per concern.
const maxContext = 5

func rank(c vetgraph.Topic) int {
	switch c {
	case vetgraph.TopicTraffick:
		return 0
	case vetgraph.TopicTerror:
		return 1
	case vetgraph.TopicSanction:
		return 2
	case vetgraph.TopicWanted:
		return 3
	}
	return 4
}

// pathString renders a context path in reading order, each arrow in the
// link's own direction ("N1 –tied_to (B2)→ N2 ←facilitator_for– F"): a step
// walked against its link says so in its evidence notes ("stated as ...") or by its
// From not being the node reached. The final step to a topic reads
// "(topic crime.terror, B1)".
func pathString(p vetgraph.Path) string {
	var b strings.Builder
	var cur vetgraph.EntityID
	for i, s := range p.Steps {
		from, to := cmp.Or(s.FromName, string(s.From)), cmp.Or(s.ToName, string(s.To))
		grade := ""
		for _, e := range s.Evidence {
			if !e.Grade.IsZero() {
				grade = e.Grade.String()
				break
			}
		}
		if i == 0 {
			b.WriteString(from)
			cur = s.From
		}
		if s.Link == linkHasTopic {
			fmt.Fprintf(&b, " (topic %s", s.To)
			if grade != "" {
				b.WriteString(", " + grade)
			}
			b.WriteString(")")
			continue
		}
		if grade != "" {
			grade = " (" + grade + ")"
		}
		stated := slices.ContainsFunc(s.Evidence, func(e vetgraph.Evidence) bool { return strings.HasPrefix(e.Note, "stated as ") })
		switch {
		case s.From == cur && !stated:
			fmt.Fprintf(&b, " –%s%s→ %s", s.Link, grade, to)
			cur = s.To
		case s.From == cur: // path order, link stated the other way
			fmt.Fprintf(&b, " ←%s%s– %s", s.Link, grade, to)
			cur = s.To
		default: // From/To in link order, walked backwards
			fmt.Fprintf(&b, " ←%s%s– %s", s.Link, grade, from)
			cur = s.From
		}
	}
	return b.String()
}

// linkHasTopic is the pseudo-link internal/vet ends a path with: from the
// concern to its topic.
const linkHasTopic vetgraph.LinkType = "has_topic"
