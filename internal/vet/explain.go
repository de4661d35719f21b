package vet

import (
	"fmt"
	"strings"

	"vetgraph"
)

// Explain renders a flag in words for a person to read: the category in the
// exact words of [vetgraph.Topic.Describe], the degree and strength, each
// evidence path with its sources, grades and dates, and the context paths,
// marked as shown but not counted.
func Explain(f vetgraph.Flag) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is %s %s: degree %d, strength %.4f\n", label(f.Person, f.PersonName), f.Category.Describe(),
		label(f.Concern, f.ConcernName), f.Degree, f.Strength)
	for i, p := range f.Paths {
		fmt.Fprintf(&b, "  evidence %d (%.4f): %s\n", i+1, p.Strength, PathText(p))
	}
	for i, p := range f.Context {
		fmt.Fprintf(&b, "  context %d, shown, not counted: %s\n", i+1, PathText(p))
	}
	fmt.Fprintf(&b, "  policy %s\n", f.Policy)
	return b.String()
}

func label(id vetgraph.EntityID, name string) string {
	if name == "" || name == string(id) {
		return string(id)
	}
	return fmt.Sprintf("%s (%s)", id, name)
}

// PathText renders one evidence path on a line: each link with the records
// that state it (source, grade, date learned); a link followed against its
// stated direction is drawn backwards; the last step is the concern's topic.
func PathText(p vetgraph.Path) string {
	var b strings.Builder
	for i, s := range p.Steps {
		if s.Link == LinkHasTopic {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s has topic %s%s", label(s.From, s.FromName), s.To, evidenceText(s.Evidence))
			continue
		}
		if i == 0 {
			b.WriteString(label(s.From, s.FromName))
		}
		// Into an identifier's other holder, or against a link's stated direction.
		reverse := s.Link == vetgraph.LinkSharesIdentifier && i > 0 && p.Steps[i-1].Link == vetgraph.LinkSharesIdentifier ||
			len(s.Evidence) > 0 && strings.HasPrefix(s.Evidence[0].Note, "stated as ")
		if reverse {
			fmt.Fprintf(&b, " <-%s- %s", s.Link, label(s.To, s.ToName))
		} else {
			fmt.Fprintf(&b, " -%s-> %s", s.Link, label(s.To, s.ToName))
		}
		b.WriteString(evidenceText(s.Evidence))
	}
	return b.String()
}

func evidenceText(evs []vetgraph.Evidence) string {
	if len(evs) == 0 {
		return ""
	}
	var parts []string
	for i, ev := range evs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more", len(evs)-3))
			break
		}
		s := ev.Record.String()
		if g := ev.Grade.String(); g != "" {
			s += " " + g
		}
		if !ev.RecordedAt.IsZero() {
			s += " " + ev.RecordedAt.UTC().Format("2006-01-02")
		}
		if ev.Note != "" && !strings.HasPrefix(ev.Note, "stated as ") {
			s += ", " + ev.Note
		}
		parts = append(parts, s)
	}
	return " [" + strings.Join(parts, "; ") + "]"
}
