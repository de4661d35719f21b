package synth

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"

	"vetgraph"
)

// Summary counts what a scenario holds; it is also written as
// truth/summary.json.
type Summary struct {
	Version string `json:"version"`
	Seed    int64  `json:"seed"`
	// Persons counts every true person: the population, the network members
	// and the cast.
	Persons           int `json:"persons"`
	PopulationPersons int `json:"population_persons"`
	CastPersons       int `json:"cast_persons"`
	// PopulationPerCountry counts the population (not network members or
	// the cast) per nationality.
	PopulationPerCountry map[string]int `json:"population_per_country"`
	// Records counts every FtM line written; PersonRecords the Person ones.
	Records        int64            `json:"records"`
	PersonRecords  int64            `json:"person_records"`
	RecordsPerFile map[string]int64 `json:"records_per_file"`
	Encounters     int64            `json:"encounters"`
	// CyrillicNamedRecords counts the encounter and casefile records of people
	// with Cyrillic names whose spelling was the writer's choice;
	// CyrillicRecords those of them written in raw Cyrillic.
	CyrillicNamedRecords int64 `json:"cyrillic_named_records"`
	CyrillicRecords      int64 `json:"cyrillic_records"`
	DateSwaps            int64 `json:"date_swaps"`
	Lookalikes           int   `json:"lookalike_parties"`
	// FamilyLinks counts Family records naming a client's relative who is no
	// client (context: never a flag).
	FamilyLinks       int            `json:"family_links"`
	Networks          int            `json:"networks"`
	ClientsPerNetwork map[string]int `json:"clients_per_network"`
	FlagsPerStep      []StepFlags    `json:"flags_per_step"`
}

// StepFlags counts the expected flags after one timeline step.
type StepFlags struct {
	Step       int            `json:"step"`
	Total      int            `json:"total"`
	Categories map[string]int `json:"categories"`
	// Degrees counts flags per "category/degree".
	Degrees map[string]int `json:"degrees"`
}

// Step is one step of timeline.json.
type Step struct {
	Step int    `json:"step"`
	Kind string `json:"kind"` // import or retract
	// At is the step's system time: when vetgraph learns it.
	At     time.Time `json:"at"`
	Source string    `json:"source,omitempty"`
	Files  []string  `json:"files,omitempty"`
	Grade  string    `json:"grade,omitempty"`
	// Supersedes names the source (and step) of the batch this one corrects.
	Supersedes     string `json:"supersedes,omitempty"`
	SupersedesStep int    `json:"supersedes_step,omitempty"`
	// Target and TargetStep name the batch a retraction withdraws.
	Target     string `json:"target,omitempty"`
	TargetStep int    `json:"target_step,omitempty"`
	Reason     string `json:"reason,omitempty"`
	Note       string `json:"note,omitempty"`
	// Flags is the truth file of the expected flags after this step.
	Flags string `json:"flags"`
}

// Timeline returns the scenario's steps for cfg (the same for every seed
// and size but for the times).
func Timeline(cfg Config) []Step {
	cfg, _ = cfg.withDefaults()
	g := &gen{cfg: cfg, end: cfg.Start.AddDate(cfg.Years, 0, 0)}
	steps := []Step{
		{Step: stepEncounters, Kind: "import", Source: SourceEncounters, Files: []string{FileEncounters},
			Note: "border encounters of the whole window, as recorded at the time"},
		{Step: stepCasefiles, Kind: "import", Source: SourceCasefiles, Files: []string{FileCasefiles},
			Note: "agency casefiles: networks, members, debriefs, payments"},
	}
	for _, r := range reports {
		s := Step{Step: r.step, Kind: "import", Source: r.source, Files: []string{r.file}, Grade: r.grade, Note: r.note}
		if r.supersedes != "" {
			s.Supersedes, s.SupersedesStep = r.supersedes, stepReport1
		}
		steps = append(steps, s)
	}
	steps = append(steps, Step{Step: stepRetract, Kind: "retract", Target: "REPORT-3", TargetStep: stepReport3, Reason: retractReason})
	for i := range steps {
		steps[i].At = g.stepTime(steps[i].Step)
		steps[i].Flags = FlagsFile(steps[i].Step)
	}
	return steps
}

func (g *gen) writeTimeline(out Sink) error {
	return g.writeJSON(out, FileTimeline, Timeline(g.cfg))
}

func (g *gen) writeSummary(out Sink) error { return g.writeJSON(out, FileSummary, g.sum) }

func (g *gen) writeJSON(out Sink, name string, v any) error {
	w, err := g.open(out, name)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return vetgraph.Errorf(vetgraph.Internal, "synth.Generate", "write %s: %w", name, err)
	}
	return nil
}

// DirSink writes each file under dir, creating folders as needed.
type DirSink string

// Create creates dir/name for writing.
func (d DirSink) Create(name string) (io.WriteCloser, error) {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	return os.Create(p)
}
