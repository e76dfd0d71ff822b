package reports

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/rollout-sim/rollout/scenarios"
)

// htmlRealComparison runs the default scenario through the model and the
// aggregator: reps replications (0: the scenario's own, as `rollout` does).
func htmlRealComparison(t *testing.T, reps int) *Comparison {
	t.Helper()
	var sets []string
	if reps > 0 {
		sets = []string{"simulation.replications=" + strconv.Itoa(reps)}
	}
	sc, err := scenarios.Load(scenarios.DefaultScenario, sets)
	if err != nil {
		t.Fatal(err)
	}
	return compareScenario(t, sc, "rollout compare")
}

// htmlBaselineReport writes the default report as the build before lazy chart
// initialisation wrote it (testdata/baseline_default_report.html.gz, with the
// ECharts library and its CSP hash left out) with the library it inlined put
// back: the package's full build, third_party/echarts/echarts.min.js (this build
// inlines the smaller bundle of the parts it uses).
func htmlBaselineReport(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "baseline_default_report.html.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	full, err := os.ReadFile(filepath.Join("..", "third_party", "echarts", "echarts.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(full)
	hash := strings.ReplaceAll("sha256-"+base64.StdEncoding.EncodeToString(sum[:]), "+", "&#43;")
	b = bytes.Replace(b, []byte("@ECHARTS_HASH@"), []byte(hash), 1)
	b = bytes.Replace(b, []byte("@ECHARTS@"), full, 1)
	path := filepath.Join(t.TempDir(), "baseline.html")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// htmlTestBrowserLoadTime opens the default report of the baseline build and of
// this one alternately, five times each, in the same browser, and compares the
// medians of when every chart is drawn: the baseline drew all seven charts with
// ECharts before it was done; this build's page arrives with every chart as a
// static picture and marks when that is painted. It logs, for both builds, the
// time until every chart is drawn and the renderer main-thread CPU time to that
// point, and their ratios (the figures to quote), and what the cost moved to:
// how long pointing at the first chart blocks the page (the library evaluated and
// the chart made interactive). It asserts only that both reports draw every
// chart.
func htmlTestBrowserLoadTime(t *testing.T, browser context.Context, current string) {
	base := htmlBaselineReport(t)
	var baseMs, curMs, curFirst, baseCPU, curCPU, interact []float64
	firstView, baseLow := 0, 0
	times := ""
	for i := 0; i < 5; i++ {
		b := htmlVisitReport(t, browser, base, nil)
		htmlCheckVisit(t, b, 7)
		c := htmlVisitReport(t, browser, current, nil)
		htmlCheckVisit(t, c, 8) // this build adds the per-site figure
		if c.AllDrawnMs < c.ReadyMs || c.AllDrawnMs <= 0 {
			t.Errorf("every chart drawn at %.0f ms, before the first view (%.0f ms)", c.AllDrawnMs, c.ReadyMs)
		}
		baseMs, curMs = append(baseMs, b.AllDrawnMs), append(curMs, c.AllDrawnMs)
		curFirst = append(curFirst, c.ReadyMs)
		interact = append(interact, c.InteractMs)
		baseCPU, curCPU = append(baseCPU, b.CPUMs), append(curCPU, c.CPUMs)
		firstView, baseLow, times = c.Ready, len(b.LowContrast), c.Times
	}
	med := func(v []float64) float64 { s := slices.Clone(v); slices.Sort(s); return s[len(s)/2] }
	t.Logf("default report, every chart drawn (median of 5, ms after navigation start): baseline build %.0f (7 charts), this build %.0f (8 charts) = %.0f %% of the baseline; "+
		"renderer main-thread CPU to that point %.0f vs %.0f ms = %.0f %%; this build's first view (%d charts) %.0f ms; runs %.0f vs %.0f; "+
		"this build's page timings (last run, ms) %s; pointing at the first chart then blocks the page %.0f ms (library and first interactive chart); "+
		"text elements under 4.5:1 contrast: baseline %d, this build 0",
		med(baseMs), med(curMs), 100*med(curMs)/med(baseMs), med(baseCPU), med(curCPU), 100*med(curCPU)/med(baseCPU),
		firstView, med(curFirst), baseMs, curMs, times, med(interact), baseLow)
	// A ratio of wall-clock times is recorded, never asserted: the machine is shared
	// and noisy, and a unit test has no wall-clock limit.
}

// htmlTestBrowserPrint prints the report to PDF (which fires beforeprint, as
// printing does) and checks the print layout: every figure, and every block of
// the link chart's small multiples, is at most one page tall and may not be split
// (break-inside: avoid); no printed chart has a toolbox, zoom slider or legend
// pager; the screen charts and data tables are not printed; every link has its
// panel.
func htmlTestBrowserPrint(t *testing.T, browser context.Context, path string, c *Comparison) {
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	u, err := htmlFileURL(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	if _, err := htmlWaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Data, []byte("%PDF")) {
		t.Fatalf("printToPDF gave no PDF")
	}
	// The print layout: print media at the printable width of A4 or Letter.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(700, 960)); err != nil {
		t.Fatal(err)
	}
	type block struct {
		ID     string  `json:"id"`
		Height float64 `json:"height"`
		Avoid  bool    `json:"avoid"`
	}
	type paperChart struct {
		Fig      string   `json:"fig"`
		DataZoom int      `json:"dataZoom"`
		Toolbox  bool     `json:"toolbox"`
		Scroll   bool     `json:"scroll"`
		Titles   []string `json:"titles"`
	}
	// layout is what the print layout shows.
	type layout struct {
		Blocks        []block      `json:"blocks"`
		Charts        []paperChart `json:"charts"`
		ScreenShown   int          `json:"screenShown"`
		TablesShown   int          `json:"tablesShown"`
		Figures       int          `json:"figures"`
		FiguresNoPlan int          `json:"figuresNoPlan"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(function () {
		var out = {blocks: [], charts: [], screenShown: 0, tablesShown: 0, figures: 0, figuresNoPlan: 0};
		document.querySelectorAll(".pblock").forEach(function (el) {
			var cs = getComputedStyle(el);
			out.blocks.push({id: el.id || el.parentNode.id, height: el.getBoundingClientRect().height,
				avoid: cs.breakInside === "avoid" || cs.breakInside === "avoid-page"});
		});
		document.querySelectorAll("figure.fig").forEach(function (f) {
			out.figures++;
			if (!f.classList.contains("pblock") && !f.querySelector(".print-charts .pblock")) out.figuresNoPlan++;
		});
		document.querySelectorAll(".pchart").forEach(function (el) {
			var o = echarts.getInstanceByDom(el).getOption();
			out.charts.push({fig: el.closest("figure").id, dataZoom: (o.dataZoom || []).length,
				toolbox: (o.toolbox || []).some(function (x) { return x.show; }),
				scroll: (o.legend || []).some(function (x) { return x.type === "scroll"; }),
				titles: (o.title || []).map(function (x) { return x.text || ""; })});
		});
		document.querySelectorAll("div.chart").forEach(function (el) { if (el.offsetHeight > 0) out.screenShown++; });
		document.querySelectorAll("details.data").forEach(function (el) { if (el.offsetHeight > 0) out.tablesShown++; });
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	const pageHeight = 960 // CSS px: Letter (11 in) less 2 × 12 mm margins, the shorter of Letter and A4
	if got.Figures != 8 || got.FiguresNoPlan > 0 {
		t.Errorf("%d figures, %d without a print block", got.Figures, got.FiguresNoPlan)
	}
	for _, b := range got.Blocks {
		if b.Height <= 0 || b.Height > pageHeight || !b.Avoid {
			t.Errorf("print block %s: %.0f px tall (page %d px), break-inside avoid %v", b.ID, b.Height, pageHeight, b.Avoid)
		}
	}
	if got.ScreenShown > 0 || got.TablesShown > 0 {
		t.Errorf("printed: %d screen charts and %d data tables, want none (the paper charts replace them)", got.ScreenShown, got.TablesShown)
	}
	var linkTitles []string
	for _, ch := range got.Charts {
		if ch.DataZoom > 0 || ch.Toolbox || ch.Scroll {
			t.Errorf("printed chart in %s has %d zoom controls, toolbox %v, legend pager %v", ch.Fig, ch.DataZoom, ch.Toolbox, ch.Scroll)
		}
		if ch.Fig == "fig-link-utilization" {
			linkTitles = append(linkTitles, ch.Titles...)
		}
	}
	if len(got.Charts) < 7 {
		t.Errorf("%d paper charts, want one per figure at least", len(got.Charts))
	}
	for _, g := range c.Orderings[0].Series.Groups {
		if g.Key != "link_utilization" {
			continue
		}
		for _, ln := range g.Lines {
			if !slices.Contains(linkTitles, ln.Name) {
				t.Errorf("link %s has no printed panel (panels: %q)", ln.Name, linkTitles)
			}
		}
		if len(linkTitles) != len(g.Lines) {
			t.Errorf("%d printed link panels, want %d", len(linkTitles), len(g.Lines))
		}
	}
	t.Logf("PDF %d bytes; %d print blocks, tallest %.0f px of %d; %d link panels", len(pdf.Data), len(got.Blocks),
		slices.MaxFunc(got.Blocks, func(a, b block) int { return int(a.Height - b.Height) }).Height, pageHeight, len(linkTitles))
}

// htmlTestBrowserNoScript opens the report with JavaScript disabled: the notice,
// the recommendation, the key numbers, every chart as its static picture and every
// chart's data table are shown, and no empty chart box.
func htmlTestBrowserNoScript(t *testing.T, browser context.Context, path string) {
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	u, err := htmlFileURL(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	type view struct {
		Notice    bool     `json:"notice"`
		Rec       string   `json:"rec"`
		KeyRows   int      `json:"keyRows"`
		Figures   int      `json:"figures"`
		Tables    int      `json:"tables"`
		Boxes     int      `json:"boxes"`
		Pictures  int      `json:"pictures"`
		Ran       bool     `json:"ran"`
		Contrasts []string `json:"contrasts"`
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`(function () {
		var shown = function (el) { return !!el && el.offsetHeight > 0; };
		var out = {notice: shown(document.querySelector(".nojs")), rec: (document.querySelector(".rec h2") || {}).textContent || "",
			keyRows: 0, figures: 0, tables: 0, boxes: 0, pictures: 0, ran: document.documentElement.classList.contains("js")};
		var key = document.querySelector("h3 + table");
		if (shown(key)) out.keyRows = key.querySelectorAll("tr").length - 1;
		document.querySelectorAll("figure.fig").forEach(function (f) {
			out.figures++;
			var tb = f.querySelector("details.data table");
			if (shown(tb) && tb.querySelectorAll("tbody tr").length > 0) out.tables++;
			var box = f.querySelector("div.chart");
			if (!shown(box)) return;
			if (box.querySelector("svg.static-chart g.series > *")) out.pictures++;
			else out.boxes++;
		});
		out.contrasts = `+htmlContrastJS+`;
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Ran {
		t.Fatal("scripts ran although disabled")
	}
	if !v.Notice || !strings.Contains(v.Rec, "Recommended") || v.KeyRows < 3 {
		t.Errorf("without scripts: notice %v, recommendation %q, %d key-number rows", v.Notice, v.Rec, v.KeyRows)
	}
	if v.Figures != 8 || v.Tables != 8 || v.Pictures != 8 || v.Boxes > 0 {
		t.Errorf("without scripts: %d figures, %d data tables shown, %d charts drawn as pictures, %d empty chart boxes; want 8, 8, 8, 0",
			v.Figures, v.Tables, v.Pictures, v.Boxes)
	}
	if len(v.Contrasts) > 0 {
		t.Errorf("text under 4.5:1 contrast without scripts: %q", v.Contrasts)
	}
}

// htmlContrastJS lists the visible text elements whose text colour has a contrast
// ratio under 4.5:1 (WCAG 2 AA) against the background they sit on (the first
// ancestor with an opaque background; white at the root).
const htmlContrastJS = `(function () {
	function rgb(s) { var m = s.match(/[\d.]+/g) || [0, 0, 0, 0]; return m.map(Number).concat(m.length < 4 ? [1] : []); }
	function lum(c) {
		var a = c.slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
		return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
	}
	function bg(el) {
		for (; el && el.nodeType === 1; el = el.parentElement) {
			var c = rgb(getComputedStyle(el).backgroundColor);
			if (c[3] >= 0.99) return c;
		}
		return [255, 255, 255, 1];
	}
	var bad = [];
	document.querySelectorAll("body *").forEach(function (el) {
		var text = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
		if (!text || !el.getClientRects().length || el.closest("div.chart, .pchart")) return;
		var cs = getComputedStyle(el);
		if (cs.visibility === "hidden" || cs.display === "none") return;
		var fg = rgb(cs.color), b = bg(el), l1 = lum(fg), l2 = lum(b);
		var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
		if (ratio < 4.5) bad.push(el.tagName.toLowerCase() + "." + el.className + " " + cs.color + " on " + b.join(",") + " = " + ratio.toFixed(2) + ": " + el.textContent.trim().slice(0, 30));
	});
	return bad;
})()`
