package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vetgraph"
	"vetgraph/internal/audit"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/report"
	"vetgraph/internal/review"
	"vetgraph/internal/source"
)

func auditFilter(actor, act, subject string, asOf time.Time) audit.Filter {
	return audit.Filter{Actor: actor, Action: vetgraph.AuditAction(act), Subject: subject, AsOf: asOf}
}

// batchView is one batch with its retraction, if any.
type batchView struct {
	vetgraph.Batch
	Retracted *pipeline.Retraction `json:"retracted,omitempty"`
}

func (s *Server) batches(ctx context.Context, st *state) ([]batchView, error) {
	bs, err := st.store.Batches(ctx)
	if err != nil {
		return nil, err
	}
	ret := st.p.Retractions()
	out := make([]batchView, 0, len(bs))
	for _, b := range bs {
		v := batchView{Batch: b}
		if r, ok := ret[b.ID]; ok {
			v.Retracted = &r
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) getBatches(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	bs, err := s.batches(r.Context(), st)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"batches": bs})
	return nil
}

// retractRequest is the body of POST /api/batches/{id}/retract.
type retractRequest struct {
	Reason string `json:"reason"`
}

// retractResult is what a retraction did.
type retractResult struct {
	Batch  vetgraph.BatchID           `json:"batch"`
	Reason string                     `json:"reason"`
	Deltas map[vetgraph.DeltaKind]int `json:"deltas"`
	Review []review.Change            `json:"review"`
}

func (s *Server) retract(ctx context.Context, st *state, u User, id vetgraph.BatchID, reason string) (retractResult, error) {
	s.mu.Lock()
	deltas, changes, err := st.p.Retract(ctx, id, reason, u.Name)
	s.mu.Unlock()
	if err != nil {
		return retractResult{}, err
	}
	s.metrics.changed()
	res := retractResult{Batch: id, Reason: reason, Deltas: countDeltas(deltas), Review: changes}
	if res.Review == nil {
		res.Review = []review.Change{}
	}
	err = st.record(ctx, u, vetgraph.AuditConfigChange, string(vetgraph.BatchStream(id)), map[string]string{
		"op": "retract", "reason": reason, "deltas": fmt.Sprint(len(deltas)), "review_items": fmt.Sprint(len(changes)),
	})
	return res, err
}

func countDeltas(ds []vetgraph.FlagDelta) map[vetgraph.DeltaKind]int {
	out := map[vetgraph.DeltaKind]int{}
	for _, d := range ds {
		out[d.Kind]++
	}
	return out
}

func (s *Server) postRetract(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	var req retractRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.retract(r.Context(), st, u, vetgraph.BatchID(r.PathValue("id")), req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// importParams are an import's parameters (query or form fields).
type importParams struct {
	Format     string
	Source     string
	Grade      string
	Supersedes string
	Batch      string
}

// importResult is what an import did.
type importResult struct {
	Batch  vetgraph.Batch             `json:"batch"`
	Deltas map[vetgraph.DeltaKind]int `json:"deltas"`
	Review []review.Change            `json:"review"`
	// StoreMS and RevetMS time the store's transaction and the re-vetting.
	StoreMS float64 `json:"store_ms"`
	RevetMS float64 `json:"revet_ms"`
}

// upload is one uploaded file, saved to a temporary directory.
type upload struct {
	path string
	name string
}

// saveUploads writes the request's files into dir: every multipart part
// named "file" (and "mapping", for csv), or else the whole body as one file
// named by the "filename" parameter (default "upload").
func saveUploads(r *http.Request, dir string) (files []upload, mapping string, err error) {
	const op = "server.import"
	save := func(name string, body io.Reader) (string, error) {
		name = filepath.Base(filepath.Clean("/" + name))
		if name == "/" || name == "." {
			name = "upload"
		}
		p := filepath.Join(dir, fmt.Sprintf("%02d-%s", len(files), name))
		f, err := os.Create(p)
		if err != nil {
			return "", vetgraph.Errorf(vetgraph.Internal, op, "save upload: %w", err)
		}
		defer f.Close()
		if _, err := io.Copy(f, body); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", vetgraph.Errorf(vetgraph.Invalid, op, "upload larger than %d bytes", mbe.Limit)
			}
			return "", vetgraph.Errorf(vetgraph.Invalid, op, "read upload: %v", err)
		}
		return p, f.Close()
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		p, err := save(or(r.URL.Query().Get("filename"), "upload"), r.Body)
		if err != nil {
			return nil, "", err
		}
		return []upload{{path: p, name: or(r.URL.Query().Get("filename"), "upload")}}, "", nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", vetgraph.Errorf(vetgraph.Invalid, op, "multipart body: %v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", vetgraph.Errorf(vetgraph.Invalid, op, "multipart body: %v", err)
		}
		switch part.FormName() {
		case "file":
			p, err := save(part.FileName(), part)
			if err != nil {
				return nil, "", err
			}
			files = append(files, upload{path: p, name: or(part.FileName(), "upload")})
		case "mapping":
			p, err := save("mapping-"+part.FileName(), part)
			if err != nil {
				return nil, "", err
			}
			mapping = p
		default:
			// Form fields (format, source, ...) are read by the caller from
			// the query string; other parts are ignored.
			if v, err := io.ReadAll(io.LimitReader(part, 4096)); err == nil && r.Form != nil {
				r.Form.Set(part.FormName(), string(v))
			}
		}
	}
	if len(files) == 0 {
		return nil, "", vetgraph.Errorf(vetgraph.Invalid, op, "no file: send the data as the body, or as multipart parts named \"file\"")
	}
	return files, mapping, nil
}

// importFiles imports the request's files as one all-or-nothing batch.
func (s *Server) importFiles(ctx context.Context, st *state, u User, r *http.Request, prm func() importParams) (importResult, error) {
	const op = "server.import"
	dir, err := os.MkdirTemp(s.opt.TempDir, "vetgraph-import-")
	if err != nil {
		return importResult{}, vetgraph.Errorf(vetgraph.Internal, op, "temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	r.Form = map[string][]string{}
	files, mapping, err := saveUploads(r, dir)
	if err != nil {
		return importResult{}, err
	}
	p := prm()
	grade, err := vetgraph.ParseGrade(p.Grade)
	if err != nil {
		return importResult{}, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.path
	}
	format := p.Format
	if format == "" {
		var err error
		if format, err = source.DetectFile(paths[0], files[0].name); err != nil {
			return importResult{}, err
		}
	}
	name, readerSource := source.Names(format, p.Source, files[0].name)
	recs, digests, err := source.Open(ctx, paths, source.Options{Format: format, Source: readerSource, Mapping: mapping, Grade: grade})
	if err != nil {
		return importResult{}, err
	}
	for i := range digests {
		digests[i].Name = files[i].name // the client's name, not the temp file's
	}
	now := s.clock.Now().UTC()
	b := vetgraph.Batch{ID: vetgraph.BatchID(p.Batch), Source: name, Format: format, Files: digests, ImportedAt: now, Grade: grade, Supersedes: vetgraph.BatchID(p.Supersedes)}
	if b.ID == "" {
		b.ID = source.NewBatchID(now, digests)
	}
	s.mu.Lock()
	res, err := st.p.Import(ctx, b, recs)
	s.mu.Unlock()
	if err != nil {
		return importResult{}, err
	}
	s.metrics.changed()
	out := importResult{Batch: res.Batch, Deltas: countDeltas(res.Deltas), Review: res.Review,
		StoreMS: float64(res.Store.Microseconds()) / 1000, RevetMS: float64(res.Revet.Microseconds()) / 1000}
	if out.Review == nil {
		out.Review = []review.Change{}
	}
	var fileNames []string
	for _, f := range files {
		fileNames = append(fileNames, f.name)
	}
	err = st.record(ctx, u, vetgraph.AuditConfigChange, string(vetgraph.BatchStream(res.Batch.ID)), map[string]string{
		"op": "import", "format": format, "source": name, "grade": grade.String(), "supersedes": p.Supersedes,
		"files": strings.Join(fileNames, ", "), "added": fmt.Sprint(res.Batch.Added), "changed": fmt.Sprint(res.Batch.Changed),
	})
	return out, err
}

func (s *Server) postImport(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload)
	q := r.URL.Query()
	res, err := s.importFiles(r.Context(), st, u, r, func() importParams {
		get := func(k string) string { return or(q.Get(k), r.Form.Get(k)) }
		return importParams{Format: get("format"), Source: get("source"), Grade: get("grade"), Supersedes: get("supersedes"), Batch: get("batch")}
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// buildReport builds the outcome report as of t (zero: now), as the CLI's
// report command does: the flags of a replay as of t, the review items as
// they stood then, every known concern, and the resolver's redirects.
func (s *Server) buildReport(ctx context.Context, st *state, t time.Time) (report.Report, error) {
	p := st.p
	if !t.IsZero() {
		var err error
		if p, err = s.replayAsOf(ctx, st, t); err != nil {
			return report.Report{}, err
		}
	}
	asOf := t
	if asOf.IsZero() {
		asOf = s.clock.Now()
	}
	s.mu.RLock()
	in, err := p.ReportInput(ctx, t)
	s.mu.RUnlock()
	if err != nil {
		return report.Report{}, err
	}
	in.AsOf = asOf
	return report.Build(in), nil
}

// reportFormats maps a format parameter to its writer and content type.
func reportWriter(format string) (func(io.Writer, report.Report) error, string, error) {
	switch format {
	case "", "json":
		return report.WriteJSON, "application/json; charset=utf-8", nil
	case "csv":
		return report.WriteCSV, "text/csv; charset=utf-8", nil
	case "html":
		return report.WriteHTML, "text/html; charset=utf-8", nil
	}
	return nil, "", vetgraph.Errorf(vetgraph.Invalid, "server.report", "format %q: want json, csv or html", format)
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	q := r.URL.Query()
	write, ctype, err := reportWriter(q.Get("format"))
	if err != nil {
		return err
	}
	t, err := parseTime("as_of", q.Get("as_of"))
	if err != nil {
		return err
	}
	rep, err := s.buildReport(r.Context(), st, t)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := write(&b, rep); err != nil {
		return err
	}
	if err := st.record(r.Context(), u, vetgraph.AuditReport, "report", map[string]string{
		"as_of": fmtTime(rep.AsOf), "format": or(q.Get("format"), "json"), "via": "api",
	}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b.Bytes())
	return err
}

// judgeRequest is a reviewer's resolution decision on two records.
type judgeRequest struct {
	A        string `json:"a"`
	B        string `json:"b"`
	Decision string `json:"decision"` // same | different
	Reason   string `json:"reason"`
}

// judgeResult is what a resolution decision did.
type judgeResult struct {
	Batch   vetgraph.BatchID           `json:"batch"`
	Role    string                     `json:"role"`
	A       vetgraph.RecordKey         `json:"a"`
	B       vetgraph.RecordKey         `json:"b"`
	EntityA vetgraph.EntityID          `json:"entity_a"`
	EntityB vetgraph.EntityID          `json:"entity_b"`
	Deltas  map[vetgraph.DeltaKind]int `json:"deltas"`
	Review  []review.Change            `json:"review"`
}

// postJudgement records a reviewer's decision that two records are one
// person or two, and answers what it did.
func (s *Server) postJudgement(w http.ResponseWriter, r *http.Request, st *state, u User) error {
	var req judgeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	out, err := s.judge(r.Context(), st, u, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// judge records a resolution decision (pipeline.Judge), re-vets, and
// audits it as a decision: the API's and the console's one path.
func (s *Server) judge(ctx context.Context, st *state, u User, req judgeRequest) (judgeResult, error) {
	if req.Decision != "same" && req.Decision != "different" {
		return judgeResult{}, vetgraph.Errorf(vetgraph.Invalid, "server.judge", "decision %q: want same or different", req.Decision)
	}
	s.mu.Lock()
	res, err := st.p.Judge(ctx, pipeline.Judgement{A: req.A, B: req.B, Same: req.Decision == "same", Reason: strings.TrimSpace(req.Reason), Actor: u.Name, At: s.clock.Now()})
	s.mu.Unlock()
	if err != nil {
		return judgeResult{}, err
	}
	s.metrics.changed()
	out := judgeResult{Batch: res.Batch.ID, Role: res.Role, A: res.A, B: res.B, EntityA: res.EntityA, EntityB: res.EntityB,
		Deltas: countDeltas(res.Deltas), Review: res.Review}
	if out.Review == nil {
		out.Review = []review.Change{}
	}
	err = st.record(ctx, u, vetgraph.AuditDecision, string(vetgraph.BatchStream(res.Batch.ID)), map[string]string{
		"op": "judge", "role": res.Role, "a": res.A.String(), "b": res.B.String(), "reason": req.Reason,
	})
	return out, err
}
