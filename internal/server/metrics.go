package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"vetgraph"
	"vetgraph/internal/pipeline"
	"vetgraph/internal/review"
)

// metrics holds the server's own Prometheus registry (nothing global).
type metrics struct {
	s        *Server
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	replay   prometheus.Gauge
	records  prometheus.Gauge
	flagsD   *prometheus.Desc
	reviewsD *prometheus.Desc

	// The flag and review gauges are computed at most every few seconds,
	// not on every scrape.
	mu      sync.Mutex
	at      time.Time
	dirty   bool
	flags   map[vetgraph.Topic]int
	reviews map[vetgraph.Status]int
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		s:   s,
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vetgraph_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vetgraph_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
		replay: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "vetgraph_replay_duration_seconds", Help: "How long the start-up replay of the store took.",
		}),
		records: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "vetgraph_replay_records", Help: "Records replayed at start-up.",
		}),
		flagsD:   prometheus.NewDesc("vetgraph_flags", "Current flags by category.", []string{"category"}, nil),
		reviewsD: prometheus.NewDesc("vetgraph_review_items", "Review items by status.", []string{"status"}, nil),
	}
	m.reg.MustRegister(m.requests, m.latency, m.replay, m.records, m,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Describe implements prometheus.Collector for the flag and review gauges.
func (m *metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.flagsD
	ch <- m.reviewsD
}

// Collect implements prometheus.Collector.
func (m *metrics) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.s.st.Load()
	if st == nil {
		return
	}
	if m.dirty || time.Since(m.at) > 10*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if fs, err := st.p.Flags(ctx); err == nil {
			m.flags = map[vetgraph.Topic]int{}
			for _, f := range fs {
				m.flags[f.Category]++
			}
		}
		if items, err := st.p.Review().List(ctx, review.Filter{}); err == nil {
			m.reviews = map[vetgraph.Status]int{}
			for _, s := range vetgraph.Statuses() {
				m.reviews[s] = 0
			}
			for _, it := range items {
				m.reviews[it.Status]++
			}
		}
		m.at, m.dirty = time.Now(), false
	}
	for c, n := range m.flags {
		ch <- prometheus.MustNewConstMetric(m.flagsD, prometheus.GaugeValue, float64(n), string(c))
	}
	for s, n := range m.reviews {
		ch <- prometheus.MustNewConstMetric(m.reviewsD, prometheus.GaugeValue, float64(n), string(s))
	}
}

// changed marks the flag and review gauges stale (after an import or a
// retraction).
func (m *metrics) changed() {
	m.mu.Lock()
	m.dirty = true
	m.mu.Unlock()
}

func (m *metrics) replayed(st pipeline.ReplayStats) {
	m.replay.Set(st.Duration.Seconds())
	m.records.Set(float64(st.Records))
	m.changed()
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// statusWriter remembers the status code.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument counts and times every request by its route pattern (the
// mux sets r.Pattern; unmatched requests count as "unmatched").
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.code)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}
