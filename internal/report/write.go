package report

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"vetgraph"
)

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CSVHeader is the header row of [WriteCSV].
var csvHeader = []string{"as_of", "category", "concern", "concern_name", "degree", "status", "persons", "statement"}

// WriteCSV writes one row per count: for each section a total row (concern
// "*"), then per concern its total, its counts by degree (status "all"), by
// status (degree "all") and by degree and status (non-zero cells). "all"
// marks a margin. Columns: as_of, category, concern, concern_name, degree,
// status, persons, statement.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	asOf := r.AsOf.Format(time.RFC3339)
	cw.Write(csvHeader)
	row := func(sec Section, id, name, deg, st string, n int, stmt string) {
		cw.Write([]string{asOf, string(sec.Category), id, name, deg, st, strconv.Itoa(n), stmt})
	}
	for _, sec := range r.Sections {
		row(sec, "*", "(any)", "all", "all", sec.Persons, sec.Title+" (any concern, each person once)")
		for d, n := range sec.ByDegree {
			row(sec, "*", "(any)", strconv.Itoa(d), "all", n, "")
		}
		for _, sc := range sec.ByStatus {
			row(sec, "*", "(any)", "all", string(sc.Status), sc.Persons, "")
		}
		for _, c := range sec.Concerns {
			id := string(c.Concern)
			row(sec, id, c.Name, "all", "all", c.Persons, c.Statement)
			for d, n := range c.ByDegree {
				row(sec, id, c.Name, strconv.Itoa(d), "all", n, "")
			}
			for _, sc := range c.ByStatus {
				row(sec, id, c.Name, "all", string(sc.Status), sc.Persons, "")
			}
			for _, cell := range c.Cells {
				row(sec, id, c.Name, strconv.Itoa(int(cell.Degree)), string(cell.Status), cell.Persons, "")
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

//go:embed report.html.tmpl
var files embed.FS

// WriteHTML writes r as a self-contained, printable HTML page with inline SVG
// bar charts (no scripts, no external resources).
func WriteHTML(w io.Writer, r Report) error {
	t, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		"statusLabel": statusLabel,
		"degreeLabel": degreeLabel,
		"date":        func(t time.Time) string { return t.Format("2 January 2006, 15:04 MST") },
		"add":         func(a, b int) int { return a + b },
		"sub":         func(a, b int) int { return a - b },
		"half":        func(a int) int { return a / 2 },
		"addf":        func(a int, b float64, c int) float64 { return float64(a) + b + float64(c) },
		"dict": func(c chart, cat string) chartArgs {
			cls := "bar"
			switch vetgraph.Topic(cat) {
			case vetgraph.TopicTraffick:
				cls = "bar-traffick"
			case vetgraph.TopicTerror:
				cls = "bar-terror"
			}
			return chartArgs{C: c, Class: cls}
		},
	}).ParseFS(files, "report.html.tmpl")
	if err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "report.WriteHTML", "parse template: %w", err)
	}
	if err := t.Execute(w, newView(r)); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "report.WriteHTML", "render: %w", err)
	}
	return nil
}

func statusLabel(s vetgraph.Status) string {
	switch s {
	case vetgraph.StatusOpen:
		return "open (not yet reviewed)"
	case vetgraph.StatusInReview:
		return "in review"
	case vetgraph.StatusVettingOngoing:
		return "vetting ongoing"
	case NoItem:
		return "no review item"
	}
	return string(s)
}

func degreeLabel(d int) string {
	switch d {
	case 0:
		return "direct (0 links)"
	case 1:
		return "1 link away"
	}
	return strconv.Itoa(d) + " links away"
}

// view is the template's model: the report plus chart geometry.
type view struct {
	Report
	Sections []sectionView
}

type sectionView struct {
	Section
	Anchor   string
	Concerns chart // persons per concern
	Degrees  chart // persons by degree
	Statuses chart // persons by review status
	Rows     []rowView
}

type rowView struct {
	Row
	Matrix [][]int // [status][degree], statuses in report order
}

type chart struct {
	Title  string
	XTitle string
	YTitle string
	Width  int
	Height int
	Left   int // x of the axis
	Plot   int // plot width
	AxisY  int // y of the x axis
	Bars   []bar
	Ticks  []tick
}

type chartArgs struct {
	C     chart
	Class string
}

type bar struct {
	Label  string
	Value  int
	Y, H   int
	W      float64
	LabelY int
}

type tick struct {
	X     float64
	Label string
}

func newView(r Report) view {
	v := view{Report: r}
	for i, s := range r.Sections {
		sv := sectionView{Section: s, Anchor: fmt.Sprintf("s%d", i)}
		var cl []string
		var cv []int
		for _, c := range s.Concerns {
			cl = append(cl, c.Name)
			cv = append(cv, c.Persons)
		}
		sv.Concerns = newChart("Persons per "+noun(s.Category), noun(s.Category), cl, cv)
		sv.Degrees = newChart("Persons by degree (closest path, any "+noun(s.Category)+")", "degree", []string{degreeLabel(0), degreeLabel(1), degreeLabel(2)}, s.ByDegree[:])
		var sl []string
		var sc []int
		for _, st := range s.ByStatus {
			sl = append(sl, statusLabel(st.Status))
			sc = append(sc, st.Persons)
		}
		sv.Statuses = newChart("Persons by review status (any "+noun(s.Category)+")", "review status", sl, sc)
		for _, c := range s.Concerns {
			rv := rowView{Row: c}
			for _, st := range c.ByStatus {
				m := make([]int, 3)
				for _, cell := range c.Cells {
					if cell.Status == st.Status {
						m[cell.Degree] = cell.Persons
					}
				}
				rv.Matrix = append(rv.Matrix, m)
			}
			sv.Rows = append(sv.Rows, rv)
		}
		v.Sections = append(v.Sections, sv)
	}
	return v
}

func noun(c vetgraph.Topic) string {
	switch c {
	case vetgraph.TopicTraffick:
		return "smuggling network"
	case vetgraph.TopicTerror:
		return "designated group"
	}
	return "concern (" + string(c) + ")"
}

// newChart lays out a horizontal bar chart: labels on the left, the x axis
// (persons) at the bottom with ticks at round numbers.
func newChart(title, yTitle string, labels []string, values []int) chart {
	const (
		barH, gap, top = 20, 8, 26
		plot           = 360
		maxLabel       = 44 // runes; longer labels are cut with an ellipsis
	)
	// The label column fits the longest label (about 7 px a rune at 12 px).
	width := utf8.RuneCountInString(yTitle)
	for i, l := range labels {
		if r := []rune(l); len(r) > maxLabel {
			labels[i] = string(r[:maxLabel-1]) + "…"
		}
		width = max(width, utf8.RuneCountInString(labels[i]))
	}
	left := max(140, 7*width+16)
	c := chart{Title: title, XTitle: "persons (distinct resolved persons)", YTitle: yTitle, Left: left, Plot: plot, Width: left + plot + 60}
	mx := 0
	for _, v := range values {
		mx = max(mx, v)
	}
	top2 := niceMax(mx)
	for i, l := range labels {
		y := top + i*(barH+gap)
		c.Bars = append(c.Bars, bar{Label: l, Value: values[i], Y: y, H: barH, W: float64(plot) * float64(values[i]) / float64(top2), LabelY: y + barH/2 + 5})
	}
	c.AxisY = top + len(labels)*(barH+gap)
	c.Height = c.AxisY + 44
	step := top2 / 4
	if top2 <= 4 {
		step = 1
	}
	for x := 0; x <= top2; x += step {
		c.Ticks = append(c.Ticks, tick{X: float64(left) + float64(plot)*float64(x)/float64(top2), Label: strconv.Itoa(x)})
	}
	return c
}

// niceMax rounds n up to 1, 2, 4 or 5 × 10^k, so ticks at quarters are whole numbers.
func niceMax(n int) int {
	if n <= 4 {
		return 4
	}
	p := int(math.Pow(10, math.Floor(math.Log10(float64(n)))))
	for _, m := range []int{1, 2, 4, 5, 8, 10} {
		if m*p >= n && (m*p)%4 == 0 {
			return m * p
		}
	}
	return 10 * p
}
