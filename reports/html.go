package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"sort"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/third_party/echarts"
)

// WriteHTML writes the report: one self-contained HTML file that opens offline. It
// inlines ECharts (third_party/echarts) and makes no network request: a Content
// Security Policy forbids every fetch and allows only the report's own scripts (a
// one-line marker in the head, the library, the page script).
//
// Order: title; scenario name and description; a notice shown only where scripts do
// not run; the recommendation with its reasons and key numbers (95 % CIs); the
// charts, each with a one-line caption, its static SVG picture (made interactive by
// the page script when the reader points at it) and its data table (collapsed; the
// chart's text alternative, and shown where scripts do not run); the table of
// all metrics; the assumptions in force (assumed ones first); the resolved scenario;
// a footer that reproduces the run. A print stylesheet keeps each figure on one
// page, prints collapsed sections expanded and, with the page script, prints the
// charts redrawn for paper (see htmlScript).
//
// For `compare` (or `run`) pass the Comparison and a nil sw. For `sweep` pass sw;
// the report then leads with the sweep (break-even, the recommendation at every
// value, the metric-along-parameter chart). c is optional with a sweep: when given
// (normally the comparison at the scenario's own value of the parameter) its full
// charts and tables follow; when nil, the scenario, assumptions and run details
// come from sw.Points[0]. It is an error when both are nil or the sweep has no points.
//
// Every text from the scenario goes through html/template escaping; the chart data
// is JSON inside a non-executable <script type="application/json"> block with <, >
// and & written as \u003c, \u003e, \u0026 (htmlJSON), so no name can end the block;
// tooltips escape names before ECharts renders them as HTML.
func WriteHTML(w io.Writer, c *Comparison, sw *Sweep) error {
	if sw != nil && len(sw.Points) == 0 {
		return errors.New("reports: the sweep has no points to report")
	}
	head := c
	if head == nil {
		if sw == nil {
			return errors.New("reports: WriteHTML needs a comparison or a sweep")
		}
		head = &sw.Points[0]
	}
	start := head.Scenario.Start.UTC()
	if start.IsZero() {
		return fmt.Errorf("reports: scenario %q has no start date", head.Scenario.Name)
	}

	page := htmlPage{
		Scenario:       head.Scenario,
		Run:            head.Run,
		Seed:           head.Seed,
		Replications:   head.Replications,
		EChartsVersion: echarts.Version(),
		Resolved:       head.Resolved,
		Assumptions:    htmlSortAssumptions(head.Assumptions),
		Intervals:      capitalize(IntervalMethod),
	}
	page.Title = "Rollout report: " + head.Scenario.Name
	if sw != nil {
		page.Title = "Rollout sweep: " + head.Scenario.Name
		page.Sweep = htmlSweepView(sw)
		if page.Grid = htmlGridView(sw); page.Grid != nil {
			page.Sweep.BreakEven = page.Grid.Flips
		} else if f := sweepFigure(sw); f != nil {
			page.SweepFigures = append(page.SweepFigures, *f)
		}
	}
	if c != nil {
		bucket := 3600.0
		for _, os := range c.Orderings {
			if os.Series.BucketSeconds > 0 {
				bucket = os.Series.BucketSeconds
				break
			}
		}
		b := &chartBuilder{c: c, tl: chartTimeline{start: start, bucketSeconds: bucket,
			workingDays: c.Scenario.WorkingDays}}
		longest := 0
		for _, os := range c.Orderings {
			for _, g := range os.Series.Groups {
				for _, ln := range g.Lines {
					longest = max(longest, len(ln.Values))
				}
			}
		}
		if v := chartVisibleBuckets(c, longest, bucket); v < longest {
			b.visible = v
		}
		page.Detail = &htmlDetail{
			Rec:        htmlRecommendation(c),
			Notes:      htmlNotes(c),
			KeyNumbers: htmlKeyRows(c),
			Figures:    b.figures(),
			Orderings:  htmlOrderingNames(c),
			Metrics:    htmlMetricRows(c),
			HasDiff:    len(c.Orderings) >= 2 && len(c.Differences) > 0,
			Robust:     htmlRobustness(c),
			Ablation:   htmlAblation(c),
		}
		if len(page.Detail.Orderings) >= 2 {
			page.Detail.DiffLabel = page.Detail.Orderings[0] + " − " + page.Detail.Orderings[1]
		}
	}

	var all []htmlChart
	htmlStaticCharts(page.SweepFigures)
	for _, f := range page.SweepFigures {
		all = append(all, f.Chart)
	}
	if page.Detail != nil {
		htmlStaticCharts(page.Detail.Figures)
		for _, f := range page.Detail.Figures {
			all = append(all, f.Chart)
		}
	}
	data, err := htmlJSON(map[string]interface{}{"charts": all, "orderingColors": chartOrderingColors})
	if err != nil {
		return fmt.Errorf("reports: chart data: %w", err)
	}
	lib := echarts.MinJS
	// The library waits, unevaluated, until a chart needs it (see htmlScript); its
	// hash in the policy lets the page script run exactly that text.
	page.Scripts = template.HTML(`<script type="text/plain" id="echarts-lib">` + lib + "</script>\n" +
		`<script type="application/json" id="report-data">` + data + "</script>\n" +
		"<script>" + htmlScript + "</script>")
	page.HeadScript = template.JS(htmlHeadScript)
	page.CSP = "default-src 'none'; script-src " + htmlHash(htmlHeadScript) + " " + htmlHash(lib) + " " + htmlHash(htmlScript) +
		"; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'"

	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, &page); err != nil {
		return fmt.Errorf("reports: render HTML: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// htmlStaticRenderer draws a chart's static picture: staticChartSVG (a test makes
// it fail for one chart to check the page's fallback).
var htmlStaticRenderer = staticChartSVG

// htmlStaticCharts draws every figure's static picture; a chart the Go renderer
// does not draw keeps none and is drawn by ECharts when the page opens.
func htmlStaticCharts(figs []htmlFigure) {
	for i := range figs {
		if svg, err := htmlStaticRenderer(figs[i].Chart); err == nil {
			figs[i].Static = svg
		}
	}
}

// htmlJSON is the one escaping boundary between chart data and the page: it
// marshals v for an inline <script type="application/json"> block. encoding/json
// writes <, > and & inside strings as \u003c, \u003e and \u0026 (and U+2028/U+2029
// as \u2028/\u2029), so a name such as "</script><script>…" cannot close the block
// or open a comment; JSON.parse gives back the very same characters. (go-echarts'
// own renderer writes the option with SetEscapeHTML(false) into an executable
// script, which is why the report does not use it.)
func htmlJSON(v interface{}) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if bytes.Contains(b, []byte("__f__")) {
		// go-echarts marks JavaScript functions this way; the page never evaluates
		// code from data, so a function in an option is a bug in this package.
		return "", errors.New("a chart option holds a JavaScript function")
	}
	return string(b), nil
}

// htmlHash is the CSP source expression allowing exactly this inline script.
func htmlHash(script string) string {
	sum := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// htmlPage is what the page template renders.
type htmlPage struct {
	Title          string
	CSP            string
	Scenario       ScenarioInfo
	Run            RunInfo
	Seed           uint64
	Replications   int
	EChartsVersion string
	Sweep          *htmlSweep
	SweepFigures   []htmlFigure
	Grid           *htmlGrid // the heat map of a two-parameter sweep
	Detail         *htmlDetail
	Assumptions    []Assumption
	Resolved       string
	Scripts        template.HTML
	HeadScript     template.JS // htmlHeadScript, allowed by its CSP hash
	Intervals      string      // how the CIs are computed (IntervalMethod)
}

// htmlDetail is one comparison's recommendation, charts and metrics.
type htmlDetail struct {
	Rec        *htmlRec
	Notes      []string
	KeyNumbers []htmlMetricRow
	Figures    []htmlFigure
	Orderings  []string
	Metrics    []htmlMetricRow
	HasDiff    bool
	DiffLabel  string
	Robust     *htmlRobust // the robustness check, nil when it was not run
	Ablation   *htmlAblationView
}

// htmlRec is the recommendation as shown.
type htmlRec struct {
	Headline string
	Tie      bool
	Reasons  []htmlReason
	Deciding string // metric key that decided, "" on a tie
	// Exception: servers-first wins because of the old servers themselves.
	Exception bool
}

// htmlReason is one sentence of the recommendation. A long one (such as the list
// of every assumed parameter) shows its start and folds the rest away.
type htmlReason struct {
	Text  string
	Short string // the start of Text when Text is folded, else ""
}

// htmlFoldRunes is the length above which a reason is folded.
const htmlFoldRunes = 320

func htmlReasons(texts []string) []htmlReason {
	out := make([]htmlReason, len(texts))
	for i, t := range texts {
		out[i].Text = t
		if r := []rune(t); len(r) > htmlFoldRunes {
			cut := 160
			for cut < 220 && cut < len(r) && r[cut] != ' ' {
				cut++
			}
			out[i].Short = string(r[:cut]) + " …"
		}
	}
	return out
}

// htmlCell is one ordering's mean and CI of a metric, formatted.
type htmlCell struct {
	Mean, CI string
}

// htmlMetricRow is one row of a metric table.
type htmlMetricRow struct {
	Key, Description, Unit string
	Cells                  []htmlCell
	Diff, DiffCI, Better   string
	Significant, Deciding  bool
}

// htmlSweep is the sweep's summary table.
type htmlSweep struct {
	Param     string
	Orderings []string
	Rows      []htmlSweepRow
	BreakEven []string
	Metric    string
}

// htmlSweepRow is one swept value: the recommendation there and the disruption.
type htmlSweepRow struct {
	Value, Recommended string
	Cells              []htmlCell
	Diff               string
}

func htmlRecommendation(c *Comparison) *htmlRec {
	r := c.Recommendation
	if r == nil {
		if len(c.Orderings) == 1 {
			// `rollout run`: statistics of one ordering, nothing to recommend.
			return &htmlRec{Tie: true, Headline: "One ordering only: " + string(c.Orderings[0].Ordering),
				Reasons: htmlReasons([]string{"This run measured a single ordering, so it compares nothing and recommends nothing; " +
					"`rollout compare` runs both orderings on the same random worlds."})}
		}
		return nil
	}
	out := &htmlRec{Tie: r.Tie || r.Ordering == "", Reasons: htmlReasons(r.Reasons), Deciding: r.DecidingMetric,
		Exception: r.Exception}
	if out.Tie {
		out.Headline = "No significant difference between the orderings"
	} else {
		out.Headline = "Recommended: " + string(r.Ordering)
	}
	return out
}

func htmlNotes(c *Comparison) []string {
	notes := append([]string(nil), c.Notes...)
	if len(c.Notes) == 0 {
		for _, os := range c.Orderings {
			if os.NotFinished > 0 {
				notes = append(notes, fmt.Sprintf("%s: not finished in %d of %d replications.",
					os.Ordering, os.NotFinished, c.Replications))
			}
		}
	}
	return notes
}

func htmlOrderingNames(c *Comparison) []string {
	out := make([]string, len(c.Orderings))
	for i, os := range c.Orderings {
		out[i] = string(os.Ordering)
	}
	return out
}

// htmlKeyMetrics are the figures shown beside the recommendation when present.
func htmlKeyMetrics() []string {
	return append([]string{KeyDisruption}, keysOf(
		model.MetricBlockedUserHours, model.MetricWaitingUserHours, model.MetricDegradedUserHours,
		model.MetricWANGigabytes, model.MetricMigrationEndDays, model.MetricCostTotal)...)
}

func htmlKeyRows(c *Comparison) []htmlMetricRow {
	var keys []string
	deciding := ""
	if c.Recommendation != nil {
		deciding = c.Recommendation.DecidingMetric
	}
	seen := map[string]bool{}
	for _, k := range append([]string{deciding}, htmlKeyMetrics()...) {
		if k != "" && !seen[k] && htmlHasMetric(c, k) {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return htmlRows(c, keys)
}

func htmlHasMetric(c *Comparison, key string) bool {
	for _, os := range c.Orderings {
		if _, ok := os.Metrics[key]; ok {
			return true
		}
	}
	return false
}

func htmlMetricRows(c *Comparison) []htmlMetricRow {
	return htmlRows(c, reportMetricKeys(c, func(k string) bool { return htmlHasMetric(c, k) }))
}

// reportMetricKeys lists the metric keys that keep accepts in report order: the
// metric definitions, then each ordering's MetricOrder, then any other key of any
// ordering, sorted (so a key present in one ordering only still appears).
func reportMetricKeys(c *Comparison, keep func(string) bool) []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] && keep(k) {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, d := range c.Metrics {
		add(d.Key)
	}
	for _, os := range c.Orderings {
		for _, k := range os.MetricOrder {
			add(k)
		}
	}
	var rest []string
	for _, os := range c.Orderings {
		for k := range os.Metrics {
			if !seen[k] {
				rest = append(rest, k)
			}
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		add(k)
	}
	return keys
}

func htmlRows(c *Comparison, keys []string) []htmlMetricRow {
	defs := map[string]model.MetricDef{}
	for _, d := range c.Metrics {
		defs[d.Key] = d
	}
	deciding := ""
	if c.Recommendation != nil {
		deciding = c.Recommendation.DecidingMetric
	}
	rows := make([]htmlMetricRow, 0, len(keys))
	for _, k := range keys {
		d := defs[k]
		// A duration in hours is shown in s, min, h or d (textRowUnit).
		unit, f := d.Unit, 1.0
		if isHoursUnit(d.Unit) {
			unit, f = textRowUnit(c, k)
		}
		row := htmlMetricRow{Key: k, Description: d.Description, Unit: unit, Deciding: k == deciding}
		for _, os := range c.Orderings {
			st, ok := os.Metrics[k]
			if !ok {
				row.Cells = append(row.Cells, htmlCell{Mean: "–"})
				continue
			}
			row.Cells = append(row.Cells, htmlCell{Mean: num(st.Mean * f), CI: htmlCI(scaleCI(st.CI95, f))})
		}
		if diff, ok := c.Differences[k]; ok {
			row.Diff = htmlSigned(diff.Difference * f)
			row.DiffCI = htmlCI(scaleCI(diff.CI95, f))
			row.Significant = diff.Significant
			row.Better = diff.Better
		}
		rows = append(rows, row)
	}
	return rows
}

func htmlSweepView(sw *Sweep) *htmlSweep {
	v := &htmlSweep{Param: sw.Param, Metric: chartSweepDefault}
	p0 := &sw.Points[0]
	for _, os := range p0.Orderings {
		v.Orderings = append(v.Orderings, string(os.Ordering))
	}
	if !htmlHasMetric(p0, v.Metric) && len(p0.Metrics) > 0 {
		v.Metric = p0.Metrics[0].Key
	}
	for i := range sw.Points {
		p := &sw.Points[i]
		row := htmlSweepRow{Recommended: "–"}
		if i < len(sw.Values) {
			row.Value = sw.Values[i]
		}
		if r := p.Recommendation; r != nil {
			if r.Tie || r.Ordering == "" {
				row.Recommended = "tie"
			} else {
				row.Recommended = string(r.Ordering)
			}
		}
		for _, os := range p.Orderings {
			if st, ok := os.Metrics[v.Metric]; ok {
				row.Cells = append(row.Cells, htmlCell{Mean: num(st.Mean), CI: htmlCI(st.CI95)})
			} else {
				row.Cells = append(row.Cells, htmlCell{Mean: "–"})
			}
		}
		if d, ok := p.Differences[v.Metric]; ok {
			row.Diff = htmlSigned(d.Difference) + " " + htmlCI(d.CI95)
		}
		v.Rows = append(v.Rows, row)
	}
	for _, be := range sw.BreakEven {
		v.BreakEven = append(v.BreakEven, fmt.Sprintf("%s → %s at about %s (between %s and %s)",
			be.From, be.To, breakEvenText(be), be.Between[0], be.Between[1]))
	}
	return v
}

// htmlSortAssumptions puts the assumed (unsourced) parameters first, keeping the
// given order within each half.
func htmlSortAssumptions(as []Assumption) []Assumption {
	out := append([]Assumption(nil), as...)
	for i := range out {
		out[i].Value = plainValue(out[i].Value)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Assumed && !out[j].Assumed })
	return out
}

// htmlSigned is num with an explicit + on positive values.
func htmlSigned(v float64) string {
	s := num(v)
	if v > 0 && s != "0" {
		s = "+" + s
	}
	return s
}

// htmlCI formats a 95 % confidence interval.
func htmlCI(ci [2]float64) string {
	return "[" + num(ci[0]) + ", " + num(ci[1]) + "]"
}
