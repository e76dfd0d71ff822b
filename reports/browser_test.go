package reports

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"html/template"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
)

var (
	htmlScreenshotFlag = flag.String("html.screenshot", "", "browser tests: also write the report's screenshot (PNG) to this path")
	htmlReportFlag     = flag.String("html.report", "", "TestBrowserReport: load this HTML report instead of a synthetic one (e.g. from `go run ./cmd/rollout -o FILE`)")
)

// htmlChartState is what the browser test reads back from one chart element.
type htmlChartState struct {
	ID          string `json:"id"`
	Exists      bool   `json:"exists"`      // echarts.getInstanceByDom found an instance
	Series      int    `json:"series"`      // series in the instance's option
	EmptySeries int    `json:"emptySeries"` // series with no data points
	Canvas      bool   `json:"canvas"`      // a canvas was drawn into the element
	Width       int    `json:"width"`
}

// htmlVisit is what one page load observed.
type htmlVisit struct {
	Ready   int              // charts the page script drew for its first view (lazy initialisation)
	Drawn   int              // charts drawn after window.__report.drawAll()
	Charts  []htmlChartState // every div.chart
	ReadyMs float64          // first view drawn, ms after navigation start (performance.now)
	// AllDrawnMs is when every chart was drawn, ms after navigation start: this
	// build's page arrives with every chart as a static picture and marks when that
	// has been painted (window.__reportAllDrawnMs); the baseline build drew them all
	// with ECharts before it was ready, so there it is ReadyMs.
	AllDrawnMs float64
	// Pictures counts the charts shown as a static picture with at least one drawn
	// series when every chart was drawn (before drawAll made them interactive).
	Pictures int
	// InteractMs is how long pointing at the first chart blocked the page (the
	// library evaluated, the chart made interactive); 0 for the baseline build.
	InteractMs float64
	PaintMs    float64  // first contentful paint, ms after navigation start (0 if none recorded)
	WallMs     float64  // navigate → charts ready, measured from Go
	Console    []string // console errors, uncaught exceptions, browser log errors
	Dialogs    []string // alert/confirm/prompt dialogs opened
	Requests   []string // requests to anything but file: and data:
	Pwned      bool     // window.__pwned was set
	// LowContrast lists text elements under 4.5:1 contrast (htmlContrastJS).
	LowContrast []string
	Current     bool   // the page is of this build (it has window.__report), not the baseline
	Shot        []byte // full-page screenshot, PNG
	Times       string // the page script's timings (JSON): library parsed, ms per chart
	// CPUMs and ScriptMs are the renderer main thread's CPU time (all tasks, and
	// JavaScript alone) from navigation to every chart drawn: what the load costs,
	// independent of other processes competing for the machine.
	CPUMs, ScriptMs float64
}

const htmlChartsJS = `Array.prototype.map.call(document.querySelectorAll("div.chart"), function (el) {
  var c = echarts.getInstanceByDom(el);
  if (!c) return {id: el.id, exists: false};
  var o = c.getOption(), ds = o.dataset || [], empty = 0;
  (o.series || []).forEach(function (s) {
    var n = s.data && s.data.length ? s.data.length : 0;
    if (!n && s.encode) { var d = ds[s.datasetIndex || 0]; n = d && d.source ? d.source.length : 0; }
    if (!n) empty++;
  });
  return {id: el.id, exists: true, series: (o.series || []).length, emptySeries: empty,
    canvas: !!el.querySelector("canvas"), width: el.clientWidth};
})`

// htmlNeedChromium skips the test when no Chromium is installed.
func htmlNeedChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := FindChromium(); err != nil {
		t.Skipf("browser test skipped: %v", err)
	}
}

// htmlVisitReport opens path in a new tab of the browser (see htmlBrowser:
// networking cut off), waits for the charts, runs then (if any) on the loaded
// page, and returns what it observed.
func htmlVisitReport(t *testing.T, browser context.Context, path string, then func(ctx context.Context) error) htmlVisit {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	u, err := htmlFileURL(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu sync.Mutex
		v  htmlVisit
	)
	// Start the browser and subscribe before the page loads, so nothing is missed.
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, performance.Enable, performance.EnableParams{
				TimeDomain: performance.EnableTimeDomainThreadTicks}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{})
			return err
		}),
	); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	tctx, stop := context.WithTimeout(ctx, 60*time.Second)
	defer stop()
	if err := chromedp.Listen(tctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if url := e.Request.URL; !strings.HasPrefix(url, "file:") && !strings.HasPrefix(url, "data:") {
				v.Requests = append(v.Requests, url)
			}
		case *page.EventJavascriptDialogOpening:
			v.Dialogs = append(v.Dialogs, string(e.Type)+": "+e.Message)
		}
	}); err != nil {
		t.Fatal(err)
	}
	console := chromedp.Console(tctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				v.Console = append(v.Console, m.String())
				mu.Unlock()
			}
		}
	}()
	// A dialog would block the page: dismiss every one (after recording it).
	dialogs := chromedp.Events(tctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(tctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()

	begin := time.Now()
	if err := chromedp.Do(tctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	ready, err := htmlWaitReady(tctx)
	if err != nil {
		t.Fatalf("charts never became ready: %v", err)
	}
	v.WallMs = float64(time.Since(begin).Microseconds()) / 1000
	v.Ready = ready
	if v.ReadyMs, err = chromedp.Run(tctx, chromedp.Evaluate[float64](`window.__reportReadyMs || 0`)); err != nil {
		t.Fatal(err)
	}
	if v.PaintMs, err = chromedp.Run(tctx, chromedp.Evaluate[float64](
		`(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: 0}).startTime`)); err != nil {
		t.Fatal(err)
	}
	if v.Current, err = chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__report !== undefined`)); err != nil {
		t.Fatal(err)
	}
	v.AllDrawnMs = v.ReadyMs
	if v.Current {
		if _, err := chromedp.Run(tctx, chromedp.Poll[string](
			`document.documentElement.getAttribute("data-charts-all") || false`,
			chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
			t.Fatalf("the charts out of view were never drawn: %v", err)
		}
		if v.AllDrawnMs, err = chromedp.Run(tctx, chromedp.Evaluate[float64](`window.__reportAllDrawnMs || 0`)); err != nil {
			t.Fatal(err)
		}
		if v.Pictures, err = chromedp.Run(tctx, chromedp.Evaluate[int](
			`Array.prototype.filter.call(document.querySelectorAll("div.chart.static > svg.static-chart"),
				function (svg) { return !!svg.querySelector("g.series > *"); }).length`)); err != nil {
			t.Fatal(err)
		}
	}
	metrics, err := chromedp.Call(tctx, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range metrics.Metrics {
		switch m.Name {
		case "TaskDuration":
			v.CPUMs = m.Value * 1000
		case "ScriptDuration":
			v.ScriptMs = m.Value * 1000
		}
	}
	if v.Current {
		// Point at the first chart still shown as a picture: the library is
		// evaluated and that chart made interactive, synchronously.
		if v.InteractMs, err = chromedp.Run(tctx, chromedp.Evaluate[float64](`(function () {
			var el = document.querySelector("div.chart.static");
			if (!el) return 0;
			var t0 = performance.now();
			el.dispatchEvent(new PointerEvent("pointerenter"));
			return el.classList.contains("static") ? -1 : performance.now() - t0;
		})()`)); err != nil {
			t.Fatal(err)
		}
		if v.InteractMs < 0 {
			t.Errorf("pointing at a chart did not make it interactive")
		}
	}
	// Every chart is drawn by now: drawAll makes every one interactive.
	all, err := chromedp.Run(tctx, chromedp.Evaluate[int](
		`window.__report ? window.__report.drawAll() : Number(document.documentElement.getAttribute("data-charts-ready"))`))
	if err != nil {
		t.Fatalf("drawAll: %v", err)
	}
	v.Drawn = all
	if v.Times, err = chromedp.Run(tctx, chromedp.Evaluate[string](`JSON.stringify(window.__reportTimes)`)); err != nil {
		t.Fatal(err)
	}
	if then != nil {
		if err := then(tctx); err != nil {
			t.Fatal(err)
		}
	}
	if v.Charts, err = chromedp.Run(tctx, chromedp.Evaluate[[]htmlChartState](htmlChartsJS)); err != nil {
		t.Fatal(err)
	}
	if v.Pwned, err = chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__pwned !== undefined`)); err != nil {
		t.Fatal(err)
	}
	if v.LowContrast, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](htmlContrastJS)); err != nil {
		t.Fatal(err)
	}
	if *htmlScreenshotFlag != "" {
		// For the README: the top of the report (title, recommendation, key numbers,
		// the first charts) at a readable width.
		if err := chromedp.Do(tctx, chromedp.EmulateViewport(1280, 2000)); err != nil {
			t.Fatal(err)
		}
	}
	if v.Shot, err = chromedp.Run(tctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	// The console collector must work: a probe error has to come through.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](`console.error("rollout-probe")`)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		var probe bool
		var kept []string
		for _, m := range v.Console {
			if strings.Contains(m, "rollout-probe") {
				probe = true
			} else {
				kept = append(kept, m)
			}
		}
		if probe {
			v.Console = kept
		}
		mu.Unlock()
		if probe {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the console collector missed a console.error probe")
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	return v
}

// htmlCheckVisit asserts what every report load must satisfy: of this build,
// every chart arrives as a picture.
func htmlCheckVisit(t *testing.T, v htmlVisit, wantCharts int) {
	t.Helper()
	htmlCheckVisitPictures(t, v, wantCharts, wantCharts)
}

// htmlCheckVisitPictures is htmlCheckVisit for a report of this build in which
// pictures of the wantCharts charts arrive as static pictures.
func htmlCheckVisitPictures(t *testing.T, v htmlVisit, wantCharts, pictures int) {
	t.Helper()
	if v.Current && v.Pictures != pictures {
		t.Errorf("%d charts arrived as static pictures, want %d", v.Pictures, pictures)
	}
	if len(v.Charts) != wantCharts || v.Drawn != wantCharts {
		t.Errorf("%d chart elements, %d drawn, want %d", len(v.Charts), v.Drawn, wantCharts)
	}
	if v.Ready > v.Drawn {
		t.Errorf("%d charts drawn for the first view, more than the %d drawn in all", v.Ready, v.Drawn)
	}
	for _, c := range v.Charts {
		if !c.Exists || c.Series == 0 || c.EmptySeries > 0 || !c.Canvas || c.Width < 300 {
			t.Errorf("chart %s not drawn properly: %+v", c.ID, c)
		}
	}
	if len(v.Console) > 0 {
		t.Errorf("console errors: %q", v.Console)
	}
	if len(v.Requests) > 0 {
		t.Errorf("network requests: %q", v.Requests)
	}
	if len(v.Dialogs) > 0 {
		t.Errorf("dialogs opened: %q", v.Dialogs)
	}
	if v.Pwned {
		t.Errorf("window.__pwned is set: injected script ran")
	}
	if len(v.LowContrast) > 0 && v.Current { // the baseline build had grey text under 4.5:1

		t.Errorf("text under 4.5:1 contrast: %q", v.LowContrast)
	}
	if _, err := png.Decode(bytes.NewReader(v.Shot)); err != nil {
		t.Errorf("screenshot is not a PNG: %v", err)
	}
}

func htmlWriteReport(t *testing.T, c *Comparison, sw *Sweep) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, c, sw); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func htmlSaveShot(t *testing.T, v htmlVisit, name string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if *htmlScreenshotFlag != "" {
		path = *htmlScreenshotFlag
	}
	if err := os.WriteFile(path, v.Shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// htmlStartBrowser starts one headless Chromium (no network, a fresh profile) for
// a test, or skips the test where there is none; cancel stops it.
func htmlStartBrowser(t *testing.T) (browser context.Context, cancel func()) {
	t.Helper()
	htmlNeedChromium(t)
	browser, cancel, err := htmlBrowser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		t.Fatalf("start Chromium: %v", err)
	}
	return browser, cancel
}

// TestBrowser loads reports in one headless Chromium (no network, a fresh
// profile); each subtest opens its own tab.
func TestBrowser(t *testing.T) {
	browser, cancel := htmlStartBrowser(t)
	defer cancel()
	t.Run("report", func(t *testing.T) { htmlTestBrowserReport(t, browser) })
	t.Run("escaping", func(t *testing.T) { htmlTestBrowserEscaping(t, browser) })
	t.Run("sweep", func(t *testing.T) { htmlTestBrowserSweep(t, browser) })
	t.Run("real-run", func(t *testing.T) { htmlTestBrowserRealRun(t, browser) })
	t.Run("no-picture", func(t *testing.T) { htmlTestBrowserNoPicture(t, browser) })
	// The default report, as `rollout` writes it.
	def := htmlRealComparison(t, 0)
	defPath := htmlWriteReport(t, def, nil)
	t.Run("print", func(t *testing.T) { htmlTestBrowserPrint(t, browser, defPath, def) })
	t.Run("noscript", func(t *testing.T) { htmlTestBrowserNoScript(t, browser, defPath) })
	t.Run("load-time", func(t *testing.T) { htmlTestBrowserLoadTime(t, browser, defPath) })
}

// htmlTestBrowserNoPicture: a chart the Go renderer cannot draw (here: the link
// chart, made to fail) arrives without a picture and is drawn by ECharts when the
// page opens; the others arrive as pictures, and the page still marks every chart
// drawn.
func htmlTestBrowserNoPicture(t *testing.T, browser context.Context) {
	c := htmlTestComparison(htmlTestOptions{name: "branch-consolidation", days: 60, seed: 3})
	keep := htmlStaticRenderer
	htmlStaticRenderer = func(ch htmlChart) (template.HTML, error) {
		if ch.ID == "link-utilization" {
			return "", errors.New("not drawn in this test")
		}
		return keep(ch)
	}
	path := htmlWriteReport(t, c, nil)
	htmlStaticRenderer = keep
	v := htmlVisitReport(t, browser, path, nil)
	htmlCheckVisitPictures(t, v, 7, 6)
	if v.AllDrawnMs <= 0 {
		t.Errorf("the page never marked every chart drawn")
	}
}

// htmlTestBrowserRealRun draws the report of a real comparison: three
// replications of the default scenario through the model and the aggregator.
func htmlTestBrowserRealRun(t *testing.T, browser context.Context) {
	path := htmlWriteReport(t, htmlRealComparison(t, 3), nil)
	v := htmlVisitReport(t, browser, path, nil)
	htmlCheckVisit(t, v, 8) // the real run has sites: one figure more
	t.Logf("real 3-replication report: first view drawn %.0f ms, every chart %.0f ms after navigation start, renderer main-thread CPU %.0f ms",
		v.ReadyMs, v.AllDrawnMs, v.CPUMs)
}

// htmlTestBrowserReport loads a default-sized report (240 days of hourly buckets,
// two orderings) without network: every chart exists and has data, no console
// error, no request, and it reports the load time.
func htmlTestBrowserReport(t *testing.T, browser context.Context) {
	path := *htmlReportFlag
	want := 7
	if path == "" {
		path = htmlWriteReport(t, htmlTestComparison(htmlTestOptions{name: "branch-consolidation",
			description: "Five sites on Exchange 5.5 with Outlook 2000/XP in online mode.", seed: 1}), nil)
	} else {
		want = -1
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	v := htmlVisitReport(t, browser, path, nil)
	if want < 0 {
		want = len(v.Charts)
		if want == 0 {
			t.Errorf("%s has no charts", path)
		}
	}
	htmlCheckVisit(t, v, want)
	t.Logf("report %.2f MB, %d charts (%d in the first view); first contentful paint %.0f ms, first view drawn %.0f ms after navigation start (%.0f ms navigate→ready from Go); "+
		"every chart drawn %.0f ms after navigation start; renderer main-thread CPU to then %.0f ms (JavaScript %.0f ms); page timings %s",
		float64(info.Size())/1e6, v.Drawn, v.Ready, v.PaintMs, v.ReadyMs, v.WallMs, v.AllDrawnMs, v.CPUMs, v.ScriptMs, v.Times)
	htmlSaveShot(t, v, "report.png")
}

// htmlTestBrowserEscaping: a hostile site name and description are shown as
// text, every chart is still drawn, and nothing runs — not in the page, not in
// tooltips (which ECharts renders as HTML) of any chart.
func htmlTestBrowserEscaping(t *testing.T, browser context.Context) {
	name := "<script>alert(1)</script>"
	desc := "</script><script>window.__pwned=1</script>"
	c := htmlTestComparison(htmlTestOptions{name: name, description: desc, site: name, days: 30, seed: 5})
	// A line name that would run code if a tooltip rendered it as HTML.
	imgName := `<img src=x onerror="window.__pwned=2">`
	for o := range c.Orderings {
		for g := range c.Orderings[o].Series.Groups {
			grp := &c.Orderings[o].Series.Groups[g]
			if grp.Key == "link_utilization" {
				grp.Lines[0].Name = imgName
			}
		}
	}
	path := htmlWriteReport(t, c, nil)
	var texts struct {
		H1, Desc string
		Tips     []string
		TipImgs  int
	}
	v := htmlVisitReport(t, browser, path, func(ctx context.Context) error {
		var err error
		texts.H1, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
		if err != nil {
			return err
		}
		texts.Desc, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("p.desc").textContent`))
		if err != nil {
			return err
		}
		// Show a tooltip on every chart (the hostile link first in the link chart).
		texts.Tips, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.prototype.map.call(document.querySelectorAll("div.chart"), function (el) {
			var c = echarts.getInstanceByDom(el);
			c.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: 3});
			return el.innerHTML;
		})`))
		if err != nil {
			return err
		}
		texts.TipImgs, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("div.chart img, div.chart script").length`))
		return err
	})
	htmlCheckVisit(t, v, 7)
	if !strings.Contains(texts.H1, name) {
		t.Errorf("h1 text = %q, want it to show %q", texts.H1, name)
	}
	if !strings.Contains(texts.Desc, desc) {
		t.Errorf("description text = %q, want it to show %q", texts.Desc, desc)
	}
	if texts.TipImgs > 0 {
		t.Errorf("%d <img>/<script> elements appeared inside charts (tooltips rendered names as HTML)", texts.TipImgs)
	}
	joined := strings.Join(texts.Tips, "\n")
	if !strings.Contains(joined, "&lt;img src=x onerror=") {
		t.Errorf("the hostile link name is not in any tooltip as escaped text; tooltips: %q", texts.Tips)
	}
	htmlSaveShot(t, v, "escaping.png")
}

// htmlTestBrowserSweep draws a sweep report and switches its metric selector.
func htmlTestBrowserSweep(t *testing.T, browser context.Context) {
	sw := htmlTestSweep(htmlTestOptions{name: "branch-consolidation"})
	path := htmlWriteReport(t, &sw.Points[2], sw)
	var switched int
	v := htmlVisitReport(t, browser, path, func(ctx context.Context) error {
		var err error
		switched, err = chromedp.Run(ctx, chromedp.Evaluate[int](`(function () {
			var sel = document.getElementById("sweep-select");
			sel.value = String(sel.options.length - 1);
			sel.dispatchEvent(new Event("change"));
			var o = echarts.getInstanceByDom(document.getElementById("sweep")).getOption();
			return o.series[0].data.length;
		})()`))
		return err
	})
	htmlCheckVisit(t, v, 8)
	if switched != len(sw.Points) {
		t.Errorf("after switching metric the sweep shows %d points, want %d", switched, len(sw.Points))
	}
}

// TestWritePNGs exports every chart as an image for a document: one per chart and
// one per link for the link chart, each with the figure's title drawn above the
// chart (dark text pixels in the top band of the image, where the plot has none).
func TestWritePNGs(t *testing.T) {
	htmlNeedChromium(t)
	t.Setenv("TMPDIR", t.TempDir()) // the browser profile goes here: it must be gone after
	c := htmlTestComparison(htmlTestOptions{name: "x", days: 20, seed: 9})
	path := htmlWriteReport(t, c, nil)
	dir := filepath.Join(t.TempDir(), "png")
	paths, err := WritePNGs(context.Background(), path, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range []string{"users-by-state", "wan-by-class", "disruption", "time-to-usable", "server-load", "features"} {
		want[id+".png"] = true
	}
	for _, g := range c.Orderings[0].Series.Groups {
		if g.Key == "link_utilization" {
			for _, ln := range g.Lines {
				want["link-utilization-"+htmlSafeFileName(strings.NewReplacer("/", "-", " ", "-").Replace(ln.Name))+".png"] = true
			}
		}
	}
	if len(paths) != len(want) {
		t.Errorf("wrote %d images, want %d (%d links)", len(paths), len(want), len(want)-6)
	}
	for _, p := range paths {
		name := filepath.Base(p)
		if !want[name] {
			t.Errorf("unexpected image %s", name)
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		b := img.Bounds()
		// Exported at 960 CSS px (plus margins) and twice the resolution.
		if b.Dx() < 1900 || b.Dy() < 400 {
			t.Errorf("%s is %v, want at least 1900×400 px", name, b)
		}
		// The title: dark text in the top 60 px (30 CSS px under a 12 px margin).
		dark := 0
		for y := b.Min.Y; y < b.Min.Y+60; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r < 0x5000 && g < 0x5000 && bl < 0x5000 {
					dark++
				}
			}
		}
		if dark < 200 {
			t.Errorf("%s: %d dark pixels in the top band, want a title there", name, dark)
		}
	}
	htmlNoLeftovers(t)
	if _, err := WritePNGs(context.Background(), filepath.Join(t.TempDir(), "missing.html"), dir); err == nil {
		t.Errorf("a missing report must be an error")
	}
}

// htmlNoLeftovers fails when anything is left in the test's TMPDIR (a
// rollout-chromium-* profile, Chromium's own org.chromium.Chromium.* folders) or a
// process still runs with a profile there.
func htmlNoLeftovers(t *testing.T) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "*"))
	if len(left) > 0 {
		t.Errorf("left behind in the temporary folder: %q", left)
	}
	for _, dir := range left {
		if n := htmlProfilePIDs([]byte("--user-data-dir="+dir), false); n > 0 {
			t.Errorf("%d browser processes still run with %s", n, dir)
		}
	}
	if n := htmlProcessesWithPrefix(filepath.Join(os.Getenv("TMPDIR"), "rollout-chromium-")); n > 0 {
		t.Errorf("%d browser processes still run with a profile in the test's TMPDIR", n)
	}
}

// TestWritePNGsCancelled: cancelling the export (what Ctrl-C does) while the
// browser works returns an interrupted error on one line, writes no image, removes
// the folder it created, and leaves no browser process and no profile behind.
func TestWritePNGsCancelled(t *testing.T) {
	htmlNeedChromium(t)
	t.Setenv("TMPDIR", t.TempDir())
	path := htmlWriteReport(t, htmlTestComparison(htmlTestOptions{name: "x", days: 20, seed: 9}), nil)
	for _, after := range []time.Duration{0, 300 * time.Millisecond, 900 * time.Millisecond} {
		dir := filepath.Join(t.TempDir(), "png")
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			if after > 0 {
				// Cancel once the browser is up and working on the page.
				deadline := time.Now().Add(20 * time.Second)
				for htmlProcessesWithPrefix(filepath.Join(os.Getenv("TMPDIR"), "rollout-chromium-")) == 0 && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				time.Sleep(after)
			}
			cancel()
		}()
		paths, err := WritePNGs(ctx, path, dir)
		cancel()
		if err == nil {
			// The export may finish before the cancel lands on a fast machine; then
			// it must have written everything.
			if len(paths) == 0 {
				t.Errorf("cancel after %v: no error and no images", after)
			}
			continue
		}
		if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "\n") {
			t.Errorf("cancel after %v: error %q, want one line wrapping context.Canceled", after, err)
		}
		if len(paths) > 0 {
			t.Errorf("cancel after %v: returned paths %q", after, paths)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("cancel after %v: %s exists (%v)", after, dir, err)
		}
		htmlNoLeftovers(t)
	}
}

// htmlProcessesWithPrefix counts processes whose command line has an argument
// --user-data-dir=PREFIX….
func htmlProcessesWithPrefix(prefix string) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		for _, a := range bytes.Split(cmdline, []byte{0}) {
			if bytes.HasPrefix(a, []byte("--user-data-dir="+prefix)) {
				n++
				break
			}
		}
	}
	return n
}

// TestFindChromiumError: with an empty PATH the error names what to install, and
// the export fails at once, before touching the output folder.
func TestFindChromiumError(t *testing.T) {
	report := htmlWriteReport(t, htmlTestComparison(htmlTestOptions{name: "x", days: 2}), nil)
	t.Setenv("PATH", t.TempDir())
	_, err := FindChromium()
	if !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("FindChromium with empty PATH: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "png")
	_, err = WritePNGs(context.Background(), report, dir)
	if !errors.Is(err, ErrNoChromium) {
		t.Errorf("WritePNGs without Chromium: %v, want ErrNoChromium", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s was created without Chromium", dir)
	}
}
