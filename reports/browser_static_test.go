package reports

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rollout-sim/rollout/internal/bigorg"
)

// htmlStaticSeen is what a chart's static picture shows, read in the browser
// before the page makes the chart interactive.
type htmlStaticSeen struct {
	ID      string   `json:"id"`
	Has     bool     `json:"has"`     // the chart arrived as a static picture
	Series  []string `json:"series"`  // names of the drawn series, in drawing order
	X       string   `json:"x"`       // the axes group's data-x: "min max" per x axis, ";" between
	Y       string   `json:"y"`       // likewise data-y
	Texts   []string `json:"texts"`   // every text of the axes group, in document order
	Outside []string `json:"outside"` // texts whose box reaches out of the view box
}

// htmlStaticSeenJS reads every chart's static picture. A text's box is measured
// in view-box units through the picture's screen transform, so it holds for
// rotated labels too.
const htmlStaticSeenJS = `Array.prototype.map.call(document.querySelectorAll("div.chart"), function (el) {
  var svg = el.querySelector("svg.static-chart");
  if (!svg) return {id: el.id, has: false};
  var ax = svg.querySelector("g.axes"), vb = svg.viewBox.baseVal, m = svg.getScreenCTM();
  var p0 = new DOMPoint(0, 0).matrixTransform(m), sc = m.a;
  var out = [];
  svg.querySelectorAll("text").forEach(function (t) {
    var r = t.getBoundingClientRect();
    var x0 = (r.left - p0.x) / sc, x1 = (r.right - p0.x) / sc, y0 = (r.top - p0.y) / sc, y1 = (r.bottom - p0.y) / sc;
    if (x0 < -0.5 || y0 < -0.5 || x1 > vb.width + 0.5 || y1 > vb.height + 0.5) {
      out.push(t.textContent + " [" + [x0, y0, x1, y1].map(function (v) { return v.toFixed(1); }).join(" ") +
        "] in 0 0 " + vb.width + " " + vb.height);
    }
  });
  return {id: el.id, has: true,
    series: Array.prototype.map.call(svg.querySelectorAll("g.series"), function (g) { return g.getAttribute("data-name"); }),
    x: ax.getAttribute("data-x") || "", y: ax.getAttribute("data-y") || "",
    texts: Array.prototype.map.call(ax.querySelectorAll("text"), function (t) { return t.textContent; }),
    outside: out};
})`

// htmlEChartsAxis is one axis as ECharts drew it.
type htmlEChartsAxis struct {
	Type   string    `json:"type"`
	Extent []float64 `json:"extent"`
	Cats   []string  `json:"cats"`  // a category axis' categories
	Shown  []string  `json:"shown"` // the labels ECharts displays (it leaves out labels that would overlap)
}

// htmlEChartsSeen is what ECharts drew for a chart.
type htmlEChartsSeen struct {
	ID     string            `json:"id"`
	Series []string          `json:"series"` // series on show (after the legend's filter), lines and bars before error bars
	X      []htmlEChartsAxis `json:"x"`
	Y      []htmlEChartsAxis `json:"y"`
	Texts  []string          `json:"texts"` // every text ECharts displays
}

const htmlEChartsSeenJS = `Array.prototype.map.call(document.querySelectorAll("div.chart"), function (el) {
  var c = echarts.getInstanceByDom(el), m = c.getModel();
  var ss = [], names = [];
  m.eachSeries(function (s) { ss.push(s); }); // the series the legend lets through
  ss.forEach(function (s) { if (s.subType !== "custom") names.push(s.name); });
  ss.forEach(function (s) { if (s.subType === "custom") names.push(s.name); });
  function axes(kind) {
    var out = [];
    for (var i = 0; ; i++) {
      var a = m.getComponent(kind, i);
      if (!a) break;
      var ax = a.axis, ext = ax.scale.getExtent();
      out.push({type: ax.type, extent: [ext[0], ext[1]], cats: ax.type === "category" ? a.getCategories().map(String) : [],
        shown: ax.getViewLabels().map(function (l) { return l.formattedLabel; })});
    }
    return out;
  }
  // The texts ECharts displays: it leaves out a label that would overlap another.
  var shown = {};
  c.getZr().storage.getDisplayList(true).forEach(function (e) {
    if (!e.ignore && !e.invisible && e.style && e.style.text != null) shown[String(e.style.text)] = true;
  });
  function displayed(list) { list.forEach(function (a) { a.shown = a.shown.filter(function (l) { return shown[l]; }); }); return list; }
  return {id: el.id, series: names, x: displayed(axes("xAxis")), y: displayed(axes("yAxis")), texts: Object.keys(shown)};
})`

// htmlReadStaticAndECharts opens the report at path, reads every static picture
// once every chart is on show, makes every chart interactive and reads what
// ECharts drew.
func htmlReadStaticAndECharts(t *testing.T, browser context.Context, path string) ([]htmlStaticSeen, []htmlEChartsSeen) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	tctx, stop := context.WithTimeout(ctx, 120*time.Second)
	defer stop()
	u, err := htmlFileURL(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if _, err := chromedp.Run(tctx, chromedp.Poll[string](
		`document.documentElement.getAttribute("data-charts-all") || false`,
		chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("the charts were never all drawn: %v", err)
	}
	st, err := chromedp.Run(tctx, chromedp.Evaluate[[]htmlStaticSeen](htmlStaticSeenJS))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[int](`window.__report.drawAll()`)); err != nil {
		t.Fatalf("drawAll: %v", err)
	}
	ec, err := chromedp.Run(tctx, chromedp.Evaluate[[]htmlEChartsSeen](htmlEChartsSeenJS))
	if err != nil {
		t.Fatal(err)
	}
	return st, ec
}

// htmlParseRanges reads a data-x or data-y attribute: one [min, max] per axis,
// nil for a category axis.
func htmlParseRanges(s string) ([][]float64, error) {
	var out [][]float64
	for _, p := range strings.Split(s, ";") {
		f := strings.Fields(p)
		if len(f) == 0 {
			out = append(out, nil)
			continue
		}
		lo, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			return nil, err
		}
		hi, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return nil, err
		}
		out = append(out, []float64{lo, hi})
	}
	return out, nil
}

// htmlCompareStatic returns every disagreement between the static pictures and
// ECharts: series on show, value axes' ranges (within 0.5 % of the range, or
// 1 h on a time axis), the labels ECharts displays (every one in the picture, and
// every axis text of the picture but dates displayed by ECharts), and texts
// outside a picture.
func htmlCompareStatic(st []htmlStaticSeen, ec []htmlEChartsSeen) []string {
	var bad []string
	if len(st) != len(ec) {
		return []string{"static and ECharts chart counts differ: " + strconv.Itoa(len(st)) + " vs " + strconv.Itoa(len(ec))}
	}
	for i, s := range st {
		e := ec[i]
		if !s.Has {
			bad = append(bad, s.ID+": no static picture")
			continue
		}
		if strings.Join(s.Series, "|") != strings.Join(e.Series, "|") {
			bad = append(bad, s.ID+": series "+strconv.Quote(strings.Join(s.Series, "|"))+", ECharts "+strconv.Quote(strings.Join(e.Series, "|")))
		}
		for _, kind := range []struct {
			name  string
			attr  string
			axes  []htmlEChartsAxis
			texts bool
		}{{"x", s.X, e.X, true}, {"y", s.Y, e.Y, false}} {
			rs, err := htmlParseRanges(kind.attr)
			if err != nil || len(rs) != len(kind.axes) {
				bad = append(bad, s.ID+": "+kind.name+" axes "+strconv.Quote(kind.attr)+" do not match ECharts' "+strconv.Itoa(len(kind.axes)))
				continue
			}
			for k, a := range kind.axes {
				where := s.ID + " " + kind.name + "Axis " + strconv.Itoa(k)
				if a.Type == "category" {
					if !htmlSubsequence(a.Shown, s.Texts) {
						bad = append(bad, where+": category labels "+strconv.Quote(strings.Join(a.Shown, "|"))+" not all in the picture's labels")
					}
					if n := htmlCount(a.Cats, s.Texts); n != len(a.Shown) {
						bad = append(bad, where+": the picture shows "+strconv.Itoa(n)+" category labels, ECharts "+strconv.Itoa(len(a.Shown))+" of "+strconv.Itoa(len(a.Cats))+
							" (not "+strconv.Quote(strings.Join(htmlMissing(a.Cats, a.Shown), "|"))+")")
					}
					continue
				}
				if a.Type != "time" && !htmlSubsequence(a.Shown, s.Texts) {
					bad = append(bad, where+": labels "+strconv.Quote(strings.Join(a.Shown, "|"))+" not all in the picture's labels "+strconv.Quote(strings.Join(s.Texts, "|")))
				}
				r := rs[k]
				if r == nil {
					bad = append(bad, where+": a "+a.Type+" axis drawn as a category axis")
					continue
				}
				if a.Type == "log" { // the picture's range is in decades
					r = []float64{math.Pow(10, r[0]), math.Pow(10, r[1])}
				}
				span := math.Max(math.Abs(a.Extent[1]-a.Extent[0]), 1e-12)
				tol := 0.005 * span
				if a.Type == "time" {
					tol = 3600e3
				}
				if math.Abs(r[0]-a.Extent[0]) > tol || math.Abs(r[1]-a.Extent[1]) > tol {
					bad = append(bad, where+" ("+a.Type+"): static "+htmlRangeText(r)+", ECharts "+htmlRangeText(a.Extent))
				}
			}
		}
		// Dates are left out: the picture ticks a time axis every few days or
		// months from the first midnight, ECharts on its own calendar levels; both
		// label real dates where they stand.
		var texts []string
		for _, tx := range s.Texts {
			if !htmlIsDate(tx) {
				texts = append(texts, tx)
			}
		}
		if extra := htmlMissing(texts, e.Texts); len(extra) > 0 {
			bad = append(bad, s.ID+": axis texts ECharts does not display: "+strconv.Quote(strings.Join(extra, "|")))
		}
		for _, o := range s.Outside {
			bad = append(bad, s.ID+": text outside the picture: "+o)
		}
	}
	return bad
}

func htmlRangeText(r []float64) string {
	return strconv.FormatFloat(r[0], 'g', 8, 64) + " to " + strconv.FormatFloat(r[1], 'g', 8, 64)
}

// htmlIsDate reports whether s is a time axis label of a static picture: a
// date, a month or a year.
func htmlIsDate(s string) bool {
	for _, layout := range []string{"2 Jan 2006", "Jan 2006"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1900 && y <= 2200
}

// htmlMissing lists the items of all not in some.
func htmlMissing(all, some []string) []string {
	in := map[string]bool{}
	for _, s := range some {
		in[s] = true
	}
	var out []string
	for _, a := range all {
		if !in[a] {
			out = append(out, a)
		}
	}
	return out
}

// htmlCount counts the texts of have that are one of cats.
func htmlCount(cats, have []string) int {
	n := 0
	for _, h := range have {
		for _, c := range cats {
			if h == c {
				n++
				break
			}
		}
	}
	return n
}

// htmlSubsequence reports whether want appears in have in order (not necessarily
// next to each other).
func htmlSubsequence(want, have []string) bool {
	k := 0
	for _, h := range have {
		if k < len(want) && h == want[k] {
			k++
		}
	}
	return k == len(want)
}

// TestBrowserStaticMatchesECharts: every chart's static picture shows what
// ECharts shows once the chart is interactive — the same series, value axes over
// the same range, the same categories — and no text of a picture falls outside
// it; for the synthetic default report, a real run of the default scenario and a
// sweep report.
func TestBrowserStaticMatchesECharts(t *testing.T) {
	browser, cancel := htmlStartBrowser(t)
	defer cancel()
	sw := htmlTestSweep(htmlTestOptions{name: "branch-consolidation"})
	for _, tc := range []struct {
		name string
		path func(t *testing.T) string
	}{
		{"synthetic", func(t *testing.T) string {
			return htmlWriteReport(t, htmlTestComparison(htmlTestOptions{name: "branch-consolidation", seed: 1}), nil)
		}},
		{"real-run", func(t *testing.T) string { return htmlWriteReport(t, htmlRealComparison(t, 3), nil) }},
		{"sweep", func(t *testing.T) string { return htmlWriteReport(t, &sw.Points[2], sw) }},
		{"100-sites", func(t *testing.T) string { return htmlWriteReport(t, htmlBigComparison(t, 100, 10000), nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, ec := htmlReadStaticAndECharts(t, browser, tc.path(t))
			if len(st) == 0 {
				t.Fatal("no charts")
			}
			for _, b := range htmlCompareStatic(st, ec) {
				t.Error(b)
			}
			for i := range st {
				t.Logf("%s: series %q; static x %q y %q; ECharts x %v y %v", st[i].ID, st[i].Series, st[i].X, st[i].Y, ec[i].X, ec[i].Y)
			}
		})
	}
}

// htmlBigComparison runs two replications of the default scenario grown to nSites
// sites and users users (bigorg.Default).
func htmlBigComparison(t *testing.T, nSites, users int) *Comparison {
	t.Helper()
	sc, err := bigorg.Default(nSites, users)
	if err != nil {
		t.Fatal(err)
	}
	return compareScenario(t, sc, "rollout compare -r 2")
}
