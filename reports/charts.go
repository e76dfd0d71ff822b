package reports

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/rollout-sim/rollout/model"
)

// htmlChart is one ECharts instance of the report: its DOM id, its option (built
// with go-echarts, then completed here), and which of the page script's tooltip
// formatters it uses. Every formatter escapes names before ECharts renders the
// tooltip as HTML, so no JavaScript function ever travels inside the option JSON.
type htmlChart struct {
	ID      string                 `json:"id"`
	Option  map[string]interface{} `json:"option"`
	Tooltip string                 `json:"tooltip"` // "time", "bars", "cdf", "sweep"
	Unit    string                 `json:"unit"`
	// Alternatives are further options for the same instance, chosen with a
	// <select> (the sweep chart: one option per metric).
	Alternatives []map[string]interface{} `json:"alternatives,omitempty"`
	// Labels name the points of a sweep chart (the swept values as written).
	Labels []string `json:"labels,omitempty"`
	// Panels are the titles of a multi-panel time chart's grids, by axis index,
	// so that its tooltip can say which ordering each line belongs to.
	Panels []string `json:"panels,omitempty"`
	// XHours marks an x axis of durations in hours: the page script labels its
	// ticks in the unit that reads (s, min, h, d).
	XHours bool `json:"xHours,omitempty"`
	// Multiples marks a chart whose legend shows one line at a time (the links):
	// printed and exported, it becomes one small panel per line with every
	// ordering in it, so that every line appears on paper.
	Multiples bool `json:"multiples,omitempty"`
	Height    int  `json:"-"` // CSS pixels
}

// htmlFigure is one chart with its heading, one-line caption and data table.
type htmlFigure struct {
	Title   string
	Caption string
	// PaperCaption, when set, replaces Caption in print and in exported images
	// (where the chart cannot be operated: no legend to pick from, no slider).
	PaperCaption string
	Chart        htmlChart
	Choices      []string // labels of Chart.Alternatives, in order (the sweep's metric selector)
	// Table is the chart's data: its text alternative, and what is shown where
	// scripts are blocked.
	Table *htmlTable
	// Static is the chart drawn as a static SVG picture (staticChartSVG), shown
	// until the reader interacts with the chart; empty when the option holds
	// something the Go renderer does not draw (ECharts then draws it on load).
	Static template.HTML
}

// chartPalette gives every series name one colour across all panels of a chart, so
// the shared legend and both orderings' panels agree.
var chartPalette = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de",
	"#3ba272", "#fc8452", "#9a60b4", "#ea7ccc", "#2f4554", "#c23531", "#61a0a8"}

// chartStateColors fixes meaningful colours for the model's user states.
var chartStateColors = map[string]string{
	"online_local": "#9aa5b1", "online_remote": "#52606d", "moving": "#9a60b4",
	"waiting": "#fc8452", "header_only": "#fac858", "usable": "#91cc75",
	"synced": "#3ba272", "blocked": "#d62728",
}

// chartStateLabels are the legend names of the model's user states.
var chartStateLabels = map[string]string{
	"online_local": "online, local server", "online_remote": "online, remote server",
	"moving": "mailbox moving", "waiting": "waiting for first sync", "header_only": "header-only",
	"usable": "usable (syncing)", "synced": "fully synced", "blocked": "blocked",
}

// chartOrderingColors colour the orderings in comparison charts.
var chartOrderingColors = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"}

// chartBuilder builds the report's charts from one Comparison.
type chartBuilder struct {
	c  *Comparison
	tl chartTimeline
	// visible is how many buckets of every time series are charted (see
	// chartVisibleBuckets); 0 charts them all.
	visible int
}

// chartPanel is one ordering's lines in a multi-panel time chart.
type chartPanel struct {
	title string
	lines []model.Line
}

// chartTimeSpec describes a multi-panel time chart: one grid per ordering, shared
// x range (calendar time) and y range, one legend, a zoom slider over all panels.
type chartTimeSpec struct {
	id, yName, unit string
	stacked         bool    // stacked areas (users by state)
	single          bool    // the legend selects one line at a time (link selector)
	peak            bool    // down-sample by maximum instead of mean
	scale           float64 // values are multiplied by it (fraction → %)
	yMax            float64 // fixed y maximum; 0 = the largest value over all panels
	label           func(string) string
	color           func(name string, i int) string
}

// timePanels builds a multi-panel time chart. It returns the chart and the
// down-sampling factor k (each point stands for k buckets).
func (b *chartBuilder) timePanels(spec chartTimeSpec, panels []chartPanel) (htmlChart, int) {
	const top, panelH, gap, bottom = 70, 210, 55, 85
	n := len(panels)
	height := top + n*panelH + (n-1)*gap + bottom

	line := charts.NewLine()
	var grids []opts.Grid
	var zoomAxes []int
	titles := make([]map[string]interface{}, 0, n)
	k := 1
	names := map[string]int{}
	var nameOrder []string
	endMs := int64(0)
	yMax := spec.yMax
	autoMax := 0.0

	for p, panel := range panels {
		gTop := top + p*(panelH+gap)
		grids = append(grids, opts.Grid{Left: "70", Right: "30", Top: fmt.Sprint(gTop), Height: fmt.Sprint(panelH)})
		titles = append(titles, map[string]interface{}{
			"text": panel.title, "left": "center", "top": gTop - 24,
			"textStyle": map[string]interface{}{"fontSize": 13, "fontWeight": "bold"},
		})
		zoomAxes = append(zoomAxes, p)

		// Down-sample every line, then lay the lines side by side in a dataset.
		cols := make([][]float64, len(panel.lines))
		rows := 0
		for i, ln := range panel.lines {
			vals := ln.Values
			if b.visible > 0 && len(vals) > b.visible {
				vals = vals[:b.visible]
			}
			if spec.scale != 0 && spec.scale != 1 {
				scaled := make([]float64, len(vals))
				for j, v := range vals {
					scaled[j] = v * spec.scale
				}
				vals = scaled
			}
			var kk int
			cols[i], kk = chartDownsample(vals, chartMaxPoints, spec.peak)
			k = max(k, kk)
			rows = max(rows, len(cols[i]))
		}
		data := make([]chartRow, rows)
		for r := range data {
			data[r] = chartRow{TimeMs: b.tl.ms(r, k), Values: make([]float64, len(cols))}
			sum := 0.0
			for i := range cols {
				v := math.NaN()
				if r < len(cols[i]) {
					v = cols[i][r]
				}
				data[r].Values[i] = v
				if !math.IsNaN(v) {
					if spec.stacked {
						sum += v
					} else {
						autoMax = max(autoMax, v)
					}
				}
			}
			autoMax = max(autoMax, sum)
		}
		endMs = max(endMs, b.tl.ms(rows, k))
		line.AddDataset(opts.Dataset{Source: data})

		xa := opts.XAxis{Type: "time", GridIndex: p, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}
		ya := opts.YAxis{Type: "value", GridIndex: p, Name: spec.yName, AxisLabel: &opts.AxisLabel{}}
		if p == 0 {
			line.XAxisList[0] = xa
			line.YAxisList[0] = ya
		} else {
			line.ExtendXAxis(xa)
			line.ExtendYAxis(ya)
		}

		for i, ln := range panel.lines {
			name := ln.Name
			if spec.label != nil {
				name = spec.label(ln.Name)
			}
			if _, ok := names[name]; !ok {
				names[name] = len(names)
				nameOrder = append(nameOrder, name)
			}
			color := chartPalette[names[name]%len(chartPalette)]
			if spec.color != nil {
				if c := spec.color(ln.Name, names[name]); c != "" {
					color = c
				}
			}
			s := charts.SingleSeries{
				Name: name, Type: types.ChartLine, Color: color,
				XAxisIndex: p, YAxisIndex: p, DatasetIndex: p,
				Encode:     &opts.Encode{X: 0, Y: i + 1},
				ShowSymbol: opts.Bool(false), Symbol: "none",
				LineStyle: &opts.LineStyle{Width: 1.2},
			}
			if spec.stacked {
				s.Stack = fmt.Sprintf("panel%d", p)
				s.AreaStyle = &opts.AreaStyle{Opacity: opts.Float(0.85)}
				s.LineStyle = &opts.LineStyle{Width: 0.5}
			}
			line.MultiSeries = append(line.MultiSeries, s)
		}
	}
	if yMax == 0 && autoMax > 0 {
		yMax = chartNiceCeil(autoMax)
	}
	startMs := b.tl.start.UnixMilli()
	for i := range line.XAxisList {
		line.XAxisList[i].Min = startMs
		line.XAxisList[i].Max = endMs
	}
	for i := range line.YAxisList {
		if yMax > 0 {
			line.YAxisList[i].Max = chartNum(yMax)
		}
		line.YAxisList[i].Min = 0
	}
	// Shade non-working days behind the first series of every panel.
	areas := b.tl.offDayAreas(startMs, endMs)
	firstOfPanel := map[int]bool{}
	for i := range line.MultiSeries {
		s := &line.MultiSeries[i]
		if firstOfPanel[s.XAxisIndex] || len(areas) == 0 {
			continue
		}
		firstOfPanel[s.XAxisIndex] = true
		s.MarkAreas = &opts.MarkAreas{Data: areas, MarkAreaStyle: opts.MarkAreaStyle{
			ItemStyle: &opts.ItemStyle{Color: "rgba(120,120,120,0.10)"},
		}}
	}

	// Keep the legend clear of the toolbox's save button at the top right.
	legend := opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "5", Left: "20", Right: "50", Data: nameOrder}
	if spec.single {
		legend.SelectedMode = "single"
	}
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithLegendOpts(legend),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(grids...),
		charts.WithDataZoomOpts(
			opts.DataZoom{Type: "slider", XAxisIndex: zoomAxes, FilterMode: "filter"},
			opts.DataZoom{Type: "inside", XAxisIndex: zoomAxes, FilterMode: "filter"},
		),
	)
	line.Validate()
	obj := line.JSON()
	obj["title"] = titles
	obj["useUTC"] = true
	obj["axisPointer"] = map[string]interface{}{"link": []map[string]interface{}{{"xAxisIndex": "all"}}}
	chartCommon(obj)
	var panelTitles []string
	for _, p := range panels {
		panelTitles = append(panelTitles, p.title)
	}
	return htmlChart{ID: spec.id, Option: obj, Tooltip: "time", Unit: spec.unit, Height: height, Panels: panelTitles}, k
}

// chartCommon applies the settings every chart shares.
func chartCommon(obj map[string]interface{}) {
	obj["animation"] = false
	// go-echarts always writes a toolbox; the report keeps only "save as image".
	obj["toolbox"] = map[string]interface{}{"show": true, "right": 10, "top": 0,
		"feature": map[string]interface{}{"saveAsImage": map[string]interface{}{"title": "save PNG", "pixelRatio": 2}}}
}

// chartNiceCeil is the top a shared value axis gets for data up to v: the one
// ECharts' interval scale picks for [0, v] — an interval of v/5 rounded as
// ECharts' numberUtil.nice rounds it (scNice), and v rounded up to a multiple of
// it (500.3 → 600, 1,710 → 1,800) — so that the top is a tick, with its label
// clear of the one below.
func chartNiceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	step := scNice(v / 5)
	return math.Ceil(v/step*(1-1e-12)) * step
}

// chartBarItem is one category of a bar chart with CI whiskers.
type chartBarItem struct {
	label string
	key   string // metric key in every ordering's Metrics
}

// chartBarPanel is one grid of a bar chart: its title and categories.
type chartBarPanel struct {
	title string
	items []chartBarItem
}

// barsWithCI builds grouped bars (one bar per ordering and category: the mean over
// replications) with 95 % CI whiskers drawn by a custom series, in side-by-side
// panels with their own y scales (disruption: blocked and waiting hours would
// vanish next to degraded hours on one scale). The page script gives every custom
// series the same error-bar renderer, so the JSON carries no code.
func (b *chartBuilder) barsWithCI(id, yName, unit string, panels []chartBarPanel) htmlChart {
	bar := charts.NewBar()
	total := 0
	for _, p := range panels {
		total += len(p.items)
	}
	n := len(b.c.Orderings)
	// Bars of fixed width make the whisker positions computable: bar i of n sits at
	// (i − (n−1)/2) × width from the category centre.
	width := 0.7 / float64(max(n, 1))
	const left, right, gap = 7.0, 98.0, 7.0
	span := right - left - gap*float64(len(panels)-1)
	x := left
	var grids []opts.Grid
	var titles []map[string]interface{}
	rotate := 0.0
	if total > 4 {
		rotate = 25
	}
	for pi, p := range panels {
		w := span * float64(len(p.items)) / float64(max(total, 1))
		grids = append(grids, opts.Grid{Left: fmt.Sprintf("%.1f%%", x), Width: fmt.Sprintf("%.1f%%", w), Top: "70", Bottom: "90"})
		titles = append(titles, map[string]interface{}{"text": p.title, "left": fmt.Sprintf("%.1f%%", x+w/2),
			"top": 38, "textAlign": "center", "textStyle": map[string]interface{}{"fontSize": 13, "fontWeight": "bold"}})
		x += w + gap
		cats := make([]string, len(p.items))
		for i, it := range p.items {
			cats[i] = it.label
		}
		xa := opts.XAxis{Type: "category", GridIndex: pi, Data: cats, AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotate}}
		ya := opts.YAxis{Type: "value", GridIndex: pi, Name: yName, AxisLabel: &opts.AxisLabel{}, Min: 0}
		if pi == 0 {
			bar.SetXAxis(cats)
			bar.XAxisList[0] = xa
			bar.YAxisList[0] = ya
		} else {
			bar.ExtendXAxis(xa)
			bar.ExtendYAxis(ya)
		}
		for o, os := range b.c.Orderings {
			vals := make([]chartNum, len(p.items))
			var whiskers [][]chartNum
			for i, it := range p.items {
				st, ok := os.Metrics[it.key]
				if !ok {
					vals[i] = chartNum(math.NaN())
					continue
				}
				vals[i] = chartNum(st.Mean)
				low := st.CI95[0]
				if st.Min >= 0 && low < 0 {
					// A metric that is never negative: the t-interval's negative tail
					// is an artefact of few replications; draw the whisker from zero.
					low = 0
				}
				whiskers = append(whiskers, []chartNum{chartNum(i), chartNum(low), chartNum(st.CI95[1]),
					chartNum(o), chartNum(n), chartNum(width)})
			}
			color := chartOrderingColors[o%len(chartOrderingColors)]
			name := string(os.Ordering)
			bar.MultiSeries = append(bar.MultiSeries, charts.SingleSeries{
				Name: name, Type: types.ChartBar, Data: vals, Color: color, XAxisIndex: pi, YAxisIndex: pi,
				BarWidth: fmt.Sprintf("%.0f%%", width*100), BarGap: "0%",
			}, charts.SingleSeries{
				Name: name, Type: "custom", Data: whiskers, Color: "#222", XAxisIndex: pi, YAxisIndex: pi,
				Encode: &opts.Encode{X: 0, Y: []int{1, 2}},
			})
		}
	}
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "5"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(grids...),
	)
	bar.Validate()
	obj := bar.JSON()
	if len(panels) > 1 {
		obj["title"] = titles
	}
	chartCommon(obj)
	return htmlChart{ID: id, Option: obj, Tooltip: "bars", Unit: unit, Height: 440}
}

// chartParts lists the metric keys of the parts of total (its causes or classes), in
// report order, over all orderings (a cause present in one ordering only still gets its bar).
func (b *chartBuilder) chartParts(total model.MetricID) []string {
	return reportMetricKeys(b.c, func(k string) bool { return isPartOf(k, total) })
}

// chartAllZero reports whether a metric's mean and CI are zero in every ordering.
func (b *chartBuilder) chartAllZero(key string) bool {
	for _, os := range b.c.Orderings {
		if st, ok := os.Metrics[key]; ok && (st.Mean != 0 || st.CI95[1] != 0 || st.Max != 0) {
			return false
		}
	}
	return true
}

// chartLabel is a metric's catalogue label, e.g. "wan outage"; its key in words for a
// key the catalogue does not have.
func chartLabel(key string) string {
	if d, ok := defOf(key); ok {
		return d.Label
	}
	return chartHuman(key)
}

// chartHuman turns a name such as online_remote into words.
func chartHuman(name string) string {
	return strings.ReplaceAll(name, "_", " ")
}
