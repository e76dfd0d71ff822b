package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/third_party/echarts"
)

func htmlRender(t *testing.T, c *Comparison, sw *Sweep) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, c, sw); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return buf.String()
}

// The report is self-contained: one copy of ECharts inline, no src/href to
// anything, a CSP that forbids every fetch, and the default-sized report (240 days
// of hourly buckets, 2 orderings) well under 5 MB.
func TestWriteHTMLSelfContained(t *testing.T) {
	out := htmlRender(t, htmlTestComparison(htmlTestOptions{name: "branch-consolidation", seed: 1}), nil)
	if strings.Count(out, echarts.MinJS) != 1 {
		t.Errorf("ECharts should be inlined exactly once")
	}
	rest := strings.Replace(out, echarts.MinJS, "", 1)
	if m := regexp.MustCompile(`(?i)\s(src|href|action)\s*=`).FindAllString(rest, -1); len(m) > 0 {
		t.Errorf("the report references external resources: %q", m)
	}
	if !strings.Contains(out, `content="default-src &#39;none&#39;; script-src &#39;sha256-`) {
		t.Errorf("no Content-Security-Policy forbidding fetches in the head")
	}
	// Outside the inlined library, no URL at all (the library itself holds only
	// XML namespace and licence URLs, which are never fetched; the static charts
	// name the SVG namespace).
	rest = strings.ReplaceAll(rest, `xmlns="http://www.w3.org/2000/svg"`, "")
	if strings.Contains(rest, "http://") || strings.Contains(rest, "https://") {
		t.Errorf("the report mentions a URL outside the library")
	}
	const limit = 5 << 20
	if len(out) >= limit {
		t.Errorf("report is %d bytes, want < %d", len(out), limit)
	}
	t.Logf("default-sized synthetic report: %d bytes (%.2f MB; ECharts %d bytes)", len(out), float64(len(out))/1e6, len(echarts.MinJS))
	for _, id := range []string{"users-by-state", "link-utilization", "wan-by-class", "disruption", "time-to-usable", "server-load", "features"} {
		if !strings.Contains(out, `<div class="chart static" id="`+id+`"`) {
			t.Errorf("chart %s missing, or without its static picture", id)
		}
	}
	// Content order of the issue.
	order := []string{"<h1>", `class="rec`, "Key numbers", `id="users-by-state"`, `id="link-utilization"`,
		`id="wan-by-class"`, `id="disruption"`, `id="time-to-usable"`, `id="server-load"`, `id="features"`,
		"All metrics", "Assumptions in force", "Resolved scenario", "<footer>"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i < 0 || i < last {
			t.Errorf("%q at %d, want after %d", s, i, last)
		}
		last = i
	}
}

// Scenario text is escaped by html/template, and the chart JSON cannot close its
// script element: with a hostile name and description the page still has exactly
// its four script elements.
func TestWriteHTMLEscapesScenarioText(t *testing.T) {
	name := "<script>alert(1)</script>"
	desc := "</script><script>window.__pwned=1</script>"
	c := htmlTestComparison(htmlTestOptions{name: name, description: desc, site: name, days: 10, seed: 2})
	out := htmlRender(t, c, nil)
	if got := strings.Count(out, "<script"); got != 4 {
		t.Errorf("%d <script tags, want 4 (head marker, library, data, init)", got)
	}
	if got := strings.Count(out, "</script"); got != 4 {
		t.Errorf("%d </script tags, want 4", got)
	}
	if !strings.Contains(out, "<script>"+htmlHeadScript+"</script>") {
		t.Errorf("the head script is not written verbatim (its CSP hash would not match)")
	}
	if strings.Contains(out, "alert(1)</script>") || strings.Contains(out, "window.__pwned=1</script>") {
		t.Errorf("hostile text reached the page unescaped")
	}
	if !strings.Contains(out, "Decided on <code>disruption_user_hours</code>") {
		t.Errorf("the deciding metric is not named")
	}
	if !strings.Contains(out, "<h1>Rollout report: &lt;script&gt;alert(1)&lt;/script&gt;</h1>") {
		t.Errorf("title not escaped as text")
	}
	// The site name travels in the chart data (link names) as \u003c escapes.
	i := strings.Index(out, `id="report-data">`)
	j := strings.Index(out[i:], "</script>")
	data := out[i+len(`id="report-data">`) : i+j]
	if strings.ContainsAny(data, "<>") {
		t.Errorf("chart data holds a raw < or >")
	}
	if !strings.Contains(data, `\u003cscript\u003ealert(1)\u003c/script\u003e WAN down`) {
		t.Errorf("hostile link name not found escaped in the chart data")
	}
	var parsed struct {
		Charts []htmlChart `json:"charts"`
	}
	if err := json.Unmarshal([]byte(data), &parsed); err != nil {
		t.Fatalf("chart data is not JSON: %v", err)
	}
	if len(parsed.Charts) != 7 {
		t.Errorf("%d charts in the data, want 7", len(parsed.Charts))
	}
}

func TestHTMLJSONEscapesScriptEnd(t *testing.T) {
	got, err := htmlJSON(map[string]string{"name": "</script><!-- & \u2028"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"\u003c/script\u003e\u003c!-- \u0026 \u2028"}`
	if got != want {
		t.Errorf("htmlJSON = %s, want %s", got, want)
	}
	if _, err := htmlJSON(map[string]string{"formatter": "__f__function(){}__f__"}); err == nil {
		t.Errorf("a go-echarts function marker must be refused")
	}
}

func TestWriteHTMLDeterministic(t *testing.T) {
	opts := htmlTestOptions{name: "x", days: 5, seed: 3}
	a := htmlRender(t, htmlTestComparison(opts), nil)
	b := htmlRender(t, htmlTestComparison(opts), nil)
	if a != b {
		t.Errorf("two renders of the same comparison differ")
	}
}

func TestWriteHTMLArguments(t *testing.T) {
	if err := WriteHTML(&bytes.Buffer{}, nil, nil); err == nil {
		t.Errorf("nil comparison and sweep: want an error")
	}
	if err := WriteHTML(&bytes.Buffer{}, nil, &Sweep{}); err == nil {
		t.Errorf("empty sweep: want an error")
	}
	c := htmlTestComparison(htmlTestOptions{name: "x", days: 2})
	c.Scenario.Start = time.Time{}
	if err := WriteHTML(&bytes.Buffer{}, c, nil); err == nil || !strings.Contains(err.Error(), "no start date") {
		t.Errorf("no start date: err = %v", err)
	}
}

func TestWriteHTMLSweep(t *testing.T) {
	sw := htmlTestSweep(htmlTestOptions{name: "branch-consolidation"})
	out := htmlRender(t, nil, sw)
	for _, s := range []string{"Sweep of sites.Leeds.wan.down", "clients-first → servers-first at about 1,100,000 (between 512kbps and 2Mbps)",
		`<select id="sweep-select">`, `id="sweep"`} {
		if !strings.Contains(out, s) {
			t.Errorf("sweep report lacks %q", s)
		}
	}
	if strings.Contains(out, `id="users-by-state"`) {
		t.Errorf("without a comparison the sweep report should not chart one point's series")
	}
	// With the base comparison, its charts follow the sweep.
	out = htmlRender(t, &sw.Points[2], sw)
	if i, j := strings.Index(out, `id="sweep"`), strings.Index(out, `id="users-by-state"`); i < 0 || j < i {
		t.Errorf("sweep chart at %d, detail charts at %d", i, j)
	}
}

func TestChartDownsample(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	// 10 values to at most 4 points: k = ⌈10/4⌉ = 3 → runs {1,2,3} {4,5,6} {7,8,9} {10}.
	mean, k := chartDownsample(v, 4, false)
	if k != 3 || !htmlFloatsEqual(mean, []float64{2, 5, 8, 10}) {
		t.Errorf("mean: k=%d %v", k, mean)
	}
	peak, _ := chartDownsample(v, 4, true)
	if !htmlFloatsEqual(peak, []float64{3, 6, 9, 10}) {
		t.Errorf("peak: %v", peak)
	}
	same, k := chartDownsample(v, 10, false)
	if k != 1 || len(same) != 10 {
		t.Errorf("no down-sampling expected: k=%d len=%d", k, len(same))
	}
	// 240 days of 1 h buckets: k = ⌈5760/800⌉ = 8 → 720 points.
	long, k := chartDownsample(make([]float64, 5760), 800, false)
	if k != 8 || len(long) != 720 {
		t.Errorf("default horizon: k=%d points=%d", k, len(long))
	}
}

func htmlFloatsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func TestOffDayAreas(t *testing.T) {
	start := time.Date(2004, 3, 1, 0, 0, 0, 0, time.UTC) // a Monday
	// the zero set of working days: Monday to Friday
	tl := chartTimeline{start: start, bucketSeconds: 3600, workingDays: Weekdays{}}
	end := start.AddDate(0, 0, 14) // Monday 15 March
	areas := tl.offDayAreas(start.UnixMilli(), end.UnixMilli())
	// Weekends: Sat 6 – Mon 8 March, Sat 13 – Mon 15 March.
	want := [][2]time.Time{
		{start.AddDate(0, 0, 5), start.AddDate(0, 0, 7)},
		{start.AddDate(0, 0, 12), start.AddDate(0, 0, 14)},
	}
	if len(areas) != len(want) {
		t.Fatalf("%d areas, want %d: %v", len(areas), len(want), areas)
	}
	for i, a := range areas {
		pair := a.([]map[string]interface{})
		if pair[0]["xAxis"] != want[i][0].UnixMilli() || pair[1]["xAxis"] != want[i][1].UnixMilli() {
			t.Errorf("area %d = %v, want %v", i, pair, want[i])
		}
	}
	if got := tl.ms(2, 3); got != start.UnixMilli()+6*3600*1000 {
		t.Errorf("point 2 of 3-bucket points at %d ms", got)
	}
}

// TestWeekdays: a set has exactly its days; the zero set has Monday to Friday.
func TestWeekdays(t *testing.T) {
	w := Weekdays{time.Sunday: true, time.Monday: true, time.Tuesday: true}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if got, want := w.Has(d), d <= time.Tuesday; got != want {
			t.Errorf("{sun, mon, tue}.Has(%v) = %v", d, got)
		}
		if got, want := (Weekdays{}).Has(d), d != time.Saturday && d != time.Sunday; got != want {
			t.Errorf("zero set .Has(%v) = %v", d, got)
		}
	}
}

func TestChartNumJSON(t *testing.T) {
	b, _ := json.Marshal([]chartNum{1, 0.123456789, 1234567.891, chartNum(math.NaN()), chartNum(math.Inf(-1))})
	if got, want := string(b), "[1,0.12346,1.2346e+06,null,null]"; got != want {
		t.Errorf("chartNum JSON = %s, want %s", got, want)
	}
	r, _ := json.Marshal(chartRow{TimeMs: 1078099200000, Values: []float64{2.5, math.NaN()}})
	if got, want := string(r), "[1078099200000,2.5,null]"; got != want {
		t.Errorf("chartRow JSON = %s, want %s", got, want)
	}
}

func TestChartVisibleBuckets(t *testing.T) {
	c := &Comparison{Orderings: []OrderingSummary{
		{Metrics: map[string]Stat{"migration_end_days": {N: 30, Max: 100}}},
		{Metrics: map[string]Stat{"migration_end_days": {N: 30, Max: 120.5}}},
	}}
	// Latest end 120.5 d + 7 d = 127.5 d = 3060 hourly buckets.
	if got := chartVisibleBuckets(c, 5760, 3600); got != 3060 {
		t.Errorf("visible = %d, want 3060", got)
	}
	// Shorter series than that: all of it.
	if got := chartVisibleBuckets(c, 2000, 3600); got != 2000 {
		t.Errorf("visible = %d, want 2000", got)
	}
	// A replication that did not finish: all of it.
	c.Orderings[1].NotFinished = 1
	if got := chartVisibleBuckets(c, 5760, 3600); got != 5760 {
		t.Errorf("visible with an unfinished run = %d, want 5760", got)
	}
}

func TestChartNiceCeil(t *testing.T) {
	for _, tc := range []struct{ v, want float64 }{{500.3, 600}, {500, 500}, {0.93, 1}, {12345, 14000}, {1710, 1800}, {2.53, 3}, {0, 1}} {
		if got := chartNiceCeil(tc.v); math.Abs(got-tc.want) > 1e-9*tc.want {
			t.Errorf("chartNiceCeil(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// A one-ordering result (rollout run) says that it recommends nothing.
func TestWriteHTMLSingleOrdering(t *testing.T) {
	c := htmlTestComparison(htmlTestOptions{name: "x", days: 3})
	c.Orderings = c.Orderings[:1]
	c.Differences, c.Recommendation, c.Notes = nil, nil, nil
	out := htmlRender(t, c, nil)
	if !strings.Contains(out, "One ordering only: clients-first") {
		t.Errorf("single-ordering report does not say so")
	}
	if strings.Contains(out, "servers-first") {
		t.Errorf("single-ordering report mentions the other ordering")
	}
}

// NaN and infinite values (an empty statistic, a broken series) never reach the
// page as numbers: WriteHTML succeeds and the JSON holds null.
func TestWriteHTMLNaN(t *testing.T) {
	c := htmlTestComparison(htmlTestOptions{name: "x", days: 3})
	nan := math.NaN()
	c.Orderings[0].Metrics["blocked_user_hours_by_cause.blip"] = Stat{Mean: nan, CI95: [2]float64{nan, math.Inf(1)}}
	c.Orderings[0].Metrics["wan_gigabytes"] = Stat{Mean: nan, CI95: [2]float64{nan, nan}}
	c.Orderings[1].TimeToUsableQuantiles[3] = nan
	c.Orderings[0].Series.Groups[0].Lines[0].Values[5] = math.Inf(-1)
	out := strings.Replace(htmlRender(t, c, nil), echarts.MinJS, "", 1)
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Errorf("NaN or Inf reached the page")
	}
}

func TestHTMLReasonsFold(t *testing.T) {
	long := strings.Repeat("word ", 100) // 500 runes
	r := htmlReasons([]string{"short reason.", long})
	if r[0].Short != "" || r[0].Text != "short reason." {
		t.Errorf("short reason folded: %+v", r[0])
	}
	// Cut at the first space from rune 160 on: "word " repeats every 5 runes, so
	// rune 164 is a space and the start keeps 164 runes.
	if want := strings.Repeat("word ", 32) + "word …"; r[1].Short != want || r[1].Text != long {
		t.Errorf("long reason: short = %q", r[1].Short)
	}
}

// TestHTMLExportErrorOneLine: a browser failure is reported on one line without
// Chromium's output; an interruption says so and wraps context.Canceled.
func TestHTMLExportErrorOneLine(t *testing.T) {
	err := htmlExportError(context.Background(), errors.New("chrome failed to start:\n[123:456:ERROR:zygote_host_impl_linux.cc(100)] Running as root without --no-sandbox"))
	if got, want := err.Error(), "reports: PNG export failed: Chromium: chrome failed to start"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = htmlExportError(ctx, errors.New("target detached"))
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "detached") || strings.Contains(err.Error(), "\n") {
		t.Errorf("interrupted: %q", err)
	}
}
