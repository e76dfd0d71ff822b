package reports

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// svgNode is an element of a decoded SVG.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []svgNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls f on n and its descendants in document order.
func (n *svgNode) walk(f func(*svgNode)) {
	f(n)
	for i := range n.Nodes {
		n.Nodes[i].walk(f)
	}
}

// find returns the descendants of n (n included) whose element name and class match
// (class "" matches any).
func (n *svgNode) find(name, class string) []*svgNode {
	var out []*svgNode
	n.walk(func(m *svgNode) {
		if m.XMLName.Local == name && (class == "" || m.attr("class") == class) {
			out = append(out, m)
		}
	})
	return out
}

// staticDecode checks that svg is well-formed XML to its end and decodes it.
func staticDecode(t *testing.T, svg string) *svgNode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
	var root svgNode
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if root.XMLName.Local != "svg" || root.attr("class") != "static-chart" {
		t.Fatalf("root element %s class %q", root.XMLName.Local, root.attr("class"))
	}
	return &root
}

// staticRender renders an option given as JSON at height h.
func staticRender(t *testing.T, h int, option string) (*svgNode, string) {
	t.Helper()
	var opt map[string]interface{}
	if err := json.Unmarshal([]byte(option), &opt); err != nil {
		t.Fatalf("test option: %v", err)
	}
	svg, err := staticChartSVG(htmlChart{ID: "t", Option: opt, Height: h})
	if err != nil {
		t.Fatalf("staticChartSVG: %v", err)
	}
	return staticDecode(t, string(svg)), string(svg)
}

// seriesMarks returns the drawn series groups and, by name, their marks.
func seriesGroups(root *svgNode) []*svgNode {
	var out []*svgNode
	for _, g := range root.find("g", "series") {
		out = append(out, g)
	}
	return out
}

// pathPoints reads the points of path data made of M, L, H, V and Z commands with
// absolute coordinates (implicit repeats of L allowed).
func pathPoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var pts [][2]float64
	var cmd byte
	var cur [2]float64
	fields := strings.FieldsFunc(d, func(r rune) bool { return r == ' ' || r == ',' })
	var toks []string
	for _, f := range fields {
		for len(f) > 0 {
			if strings.ContainsRune("MLHVZ", rune(f[0])) {
				toks = append(toks, f[:1])
				f = f[1:]
				continue
			}
			end := strings.IndexAny(f, "MLHVZ")
			if end < 0 {
				end = len(f)
			}
			toks = append(toks, f[:end])
			f = f[end:]
		}
	}
	num := func(i int) float64 {
		v, err := strconv.ParseFloat(toks[i], 64)
		if err != nil {
			t.Fatalf("path %q: %v", d, err)
		}
		return v
	}
	for i := 0; i < len(toks); {
		switch toks[i] {
		case "M", "L", "H", "V", "Z":
			cmd = toks[i][0]
			i++
			if cmd == 'Z' {
				continue
			}
		}
		switch cmd {
		case 'M', 'L':
			cur = [2]float64{num(i), num(i + 1)}
			i += 2
		case 'H':
			cur[0] = num(i)
			i++
		case 'V':
			cur[1] = num(i)
			i++
		default:
			t.Fatalf("path %q: unexpected %q", d, toks[i])
		}
		pts = append(pts, cur)
	}
	return pts
}

func attrNum(t *testing.T, n *svgNode, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s> %s=%q: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// TestStaticBarGeometry: a 1064 × 300 chart, grid left 100, right 64, top and
// bottom 50: x from 100 to 1000 (900 px), y from 50 to 250 (200 px). Values 30 and
// 60 with no range given: the axis includes 0, the interval is nice(60/5 = 12) =
// 10, so 0…60. Two categories: bands 450 px wide, centres at 100 + 225 = 325 and
// 100 + 675 = 775; a bar 50 % of the band is 225 px wide, from centre − 112.5.
// Bar 0: 30/60 × 200 = 100 px high, from y 150 to 250; bar 1: 200 px, from 50.
func TestStaticBarGeometry(t *testing.T) {
	root, _ := staticRender(t, 300, `{
		"grid": {"left": "100", "right": "64", "top": "50", "bottom": "50"},
		"xAxis": {"type": "category", "data": ["a", "b"]},
		"yAxis": {"type": "value", "name": "GB"},
		"series": [{"name": "s", "type": "bar", "barWidth": "50%", "color": "#5470c6", "data": [30, 60]}]}`)
	if vb := root.attr("viewBox"); vb != "0 0 1064 300" {
		t.Errorf("viewBox %q", vb)
	}
	groups := seriesGroups(root)
	if len(groups) != 1 || groups[0].attr("data-name") != "s" {
		t.Fatalf("series groups %+v", groups)
	}
	rects := groups[0].find("rect", "")
	want := [][4]float64{{212.5, 150, 225, 100}, {662.5, 50, 225, 200}}
	if len(rects) != len(want) {
		t.Fatalf("%d bars, want %d", len(rects), len(want))
	}
	for i, r := range rects {
		got := [4]float64{attrNum(t, r, "x"), attrNum(t, r, "y"), attrNum(t, r, "width"), attrNum(t, r, "height")}
		if got != want[i] {
			t.Errorf("bar %d: x, y, width, height %v, want %v", i, got, want[i])
		}
	}
	// The y axis is labelled every 10 from 0 to 60.
	var labels []string
	for _, tx := range root.find("text", "") {
		if tx.attr("text-anchor") == "end" {
			labels = append(labels, tx.Text)
		}
	}
	if got := strings.Join(labels, " "); got != "0 10 20 30 40 50 60" {
		t.Errorf("y labels %q", got)
	}
}

// TestStaticSideBySideBars: two bar series with barWidth 35 % and barGap 0 % sit side
// by side: band 450 px, bars 157.5 px, the pair 315 px wide centred on the band, so
// in category 0 (centre 325) bar 0 spans 167.5–325 and bar 1 325–482.5. The error
// bar of series 1 ([0, 10, 20, i 1, n 2, w 0.35]) sits at the bar's centre,
// 325 + (1 − 0.5) × 0.35 × 450 = 403.75 → 403.8, from y(10) to y(20) with caps
// min(8, 0.35 × 450 × 0.2) = 8 px each side.
func TestStaticSideBySideBars(t *testing.T) {
	root, _ := staticRender(t, 300, `{
		"grid": {"left": "100", "right": "64", "top": "50", "bottom": "50"},
		"xAxis": {"type": "category", "data": ["a", "b"]},
		"yAxis": {"type": "value", "min": 0, "max": 40},
		"series": [
			{"name": "p", "type": "bar", "barWidth": "35%", "barGap": "0%", "data": [20, 10]},
			{"name": "q", "type": "bar", "barWidth": "35%", "barGap": "0%", "data": [15, 10]},
			{"name": "q", "type": "custom", "color": "#222", "data": [[0, 10, 20, 1, 2, 0.35]], "encode": {"x": 0, "y": [1, 2]}}]}`)
	groups := seriesGroups(root)
	if len(groups) != 3 {
		t.Fatalf("%d series groups, want 3", len(groups))
	}
	x0 := attrNum(t, groups[0].find("rect", "")[0], "x")
	x1 := attrNum(t, groups[1].find("rect", "")[0], "x")
	w := attrNum(t, groups[1].find("rect", "")[0], "width")
	if x0 != 167.5 || x1 != 325 || w != 157.5 {
		t.Errorf("bars at %v and %v, width %v; want 167.5, 325, 157.5", x0, x1, w)
	}
	// y(v) = 250 − v/40 × 200: y(10) = 200, y(20) = 150.
	pts := pathPoints(t, groups[2].find("path", "")[0].attr("d"))
	want := [][2]float64{{403.8, 200}, {403.8, 150}, {395.8, 200}, {411.8, 200}, {395.8, 150}, {411.8, 150}}
	if fmt.Sprint(pts) != fmt.Sprint(want) {
		t.Errorf("whisker %v, want %v", pts, want)
	}
}

// TestStaticStackedLine: a grid from x 100 (500 px wide) and y 100 (200 px high),
// x 0…1, y 0…10: x px = 100 + 500x, y px = 300 − 20v. Series a (1, 3) and b (2, 4)
// stacked: b's line is drawn at the sums 3 and 7, y = 240 and 160; a's at 280, 240.
func TestStaticStackedLine(t *testing.T) {
	root, _ := staticRender(t, 400, `{
		"grid": [{"left": "100", "width": "500", "top": "100", "height": "200"}],
		"dataset": [{"source": [[0, 1, 2], [1, 3, 4]]}],
		"xAxis": [{"type": "value", "min": 0, "max": 1}],
		"yAxis": [{"type": "value", "min": 0, "max": 10}],
		"series": [
			{"name": "a", "type": "line", "stack": "s", "symbol": "none", "encode": {"x": 0, "y": 1}},
			{"name": "b", "type": "line", "stack": "s", "symbol": "none", "encode": {"x": 0, "y": 2}}]}`)
	groups := seriesGroups(root)
	if len(groups) != 2 {
		t.Fatalf("%d series groups, want 2", len(groups))
	}
	for i, want := range [][][2]float64{{{100, 280}, {600, 240}}, {{100, 240}, {600, 160}}} {
		got := pathPoints(t, groups[i].find("path", "")[0].attr("d"))
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("series %d line %v, want %v", i, got, want)
		}
	}
	// As stacked areas, b fills from its top back along a's top.
	root, _ = staticRender(t, 400, `{
		"grid": [{"left": "100", "width": "500", "top": "100", "height": "200"}],
		"dataset": [{"source": [[0, 1, 2], [1, 3, 4]]}],
		"xAxis": [{"type": "value", "min": 0, "max": 1}],
		"yAxis": [{"type": "value", "min": 0, "max": 10}],
		"series": [
			{"name": "a", "type": "line", "stack": "s", "symbol": "none", "encode": {"x": 0, "y": 1}, "areaStyle": {"opacity": 0.85}},
			{"name": "b", "type": "line", "stack": "s", "symbol": "none", "encode": {"x": 0, "y": 2}, "areaStyle": {"opacity": 0.85}}]}`)
	b := seriesGroups(root)[1].find("path", "")[0]
	want := [][2]float64{{100, 240}, {600, 160}, {600, 240}, {100, 280}}
	if got := pathPoints(t, b.attr("d")); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("area of b %v, want %v", got, want)
	}
	if b.attr("fill-opacity") != "0.85" {
		t.Errorf("area opacity %q", b.attr("fill-opacity"))
	}
}

// TestStaticMarkAreaAndNulls: a time axis over 10 days (1 Mar 2004 00:00 UTC =
// 1078099200000 ms, 86400000 ms a day) on a grid from x 100, 500 px wide: 50 px a
// day. A weekend from day 2 to day 4 is a band from x 200 to 300 over the grid's
// full height (y 50 to 250), behind the series. A null value breaks the line.
func TestStaticMarkAreaAndNulls(t *testing.T) {
	const d0, day = 1078099200000, 86400000
	root, _ := staticRender(t, 300, fmt.Sprintf(`{
		"grid": {"left": "100", "width": "500", "top": "50", "height": "200"},
		"xAxis": {"type": "time", "min": %d, "max": %d},
		"yAxis": {"type": "value", "min": 0, "max": 10},
		"series": [{"name": "a", "type": "line", "showSymbol": false, "symbol": "none",
			"data": [[%d, 5], [%d, 5], [%d, null], [%d, 5], [%d, 5]],
			"markArea": {"data": [[{"xAxis": %d}, {"xAxis": %d}]], "itemStyle": {"color": "rgba(120,120,120,0.10)"}}}]}`,
		int64(d0), int64(d0+10*day), int64(d0), int64(d0+day), int64(d0+2*day), int64(d0+3*day), int64(d0+4*day),
		int64(d0+2*day), int64(d0+4*day)))
	areas := root.find("g", "mark-area")
	if len(areas) != 1 {
		t.Fatalf("%d mark areas, want 1", len(areas))
	}
	p := areas[0].find("path", "")[0]
	want := [][2]float64{{200, 50}, {300, 50}, {300, 250}, {200, 250}}
	if got := pathPoints(t, p.attr("d")); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("band %v, want %v", got, want)
	}
	if p.attr("fill") != "#787878" || p.attr("fill-opacity") != "0.1" {
		t.Errorf("band fill %q opacity %q", p.attr("fill"), p.attr("fill-opacity"))
	}
	// Document order: the band before the series.
	var order []string
	root.walk(func(n *svgNode) {
		if c := n.attr("class"); c == "mark-area" || c == "series" {
			order = append(order, c)
		}
	})
	if fmt.Sprint(order) != "[mark-area series]" {
		t.Errorf("drawing order %v", order)
	}
	// Two runs: days 0–1 and 3–4, at y 150.
	line := seriesGroups(root)[0].find("path", "")[0].attr("d")
	if strings.Count(line, "M") != 2 {
		t.Errorf("line %q: want two runs around the null", line)
	}
	if got := pathPoints(t, line); fmt.Sprint(got) != "[[100 150] [150 150] [250 150] [300 150]]" {
		t.Errorf("line points %v", got)
	}
	// Date labels with the year.
	var texts []string
	for _, tx := range root.find("text", "") {
		texts = append(texts, tx.Text)
	}
	if !strings.Contains(strings.Join(texts, "|"), "|1 Mar 2004|") {
		t.Errorf("no date label 1 Mar 2004")
	}
}

// TestStaticLogAxis: a log x axis from 0.001 with data up to 10 spans the decades
// −3…1, 4 decades over a grid 600 px wide from x 100: 150 px a decade. x = 0.01 is
// at 100 + (−2 − −3) × 150 = 250, x = 10 at 700. With XHours the ticks read as
// durations as the page script writes them for ECharts (trailing zeros dropped):
// 0.001 h = 3.6 s, 0.01 h = 36 s, 0.1 h = 6 min, 1 h, 10 h.
func TestStaticLogAxis(t *testing.T) {
	var opt map[string]interface{}
	if err := json.Unmarshal([]byte(`{
		"grid": {"left": "100", "width": "600", "top": "50", "height": "200"},
		"xAxis": {"type": "log", "min": 0.001, "name": "time", "nameLocation": "middle", "nameGap": 28},
		"yAxis": {"type": "value", "min": 0, "max": 100},
		"series": [{"name": "cdf", "type": "line", "symbol": "circle", "symbolSize": 4,
			"data": [[0.01, 0, 0.01], [10, 100, 10]], "encode": {"x": 0, "y": 1}}]}`), &opt); err != nil {
		t.Fatal(err)
	}
	svg, err := staticChartSVG(htmlChart{ID: "t", Option: opt, Height: 300, XHours: true})
	if err != nil {
		t.Fatal(err)
	}
	root := staticDecode(t, string(svg))
	circles := seriesGroups(root)[0].find("circle", "")
	if len(circles) != 2 || attrNum(t, circles[0], "cx") != 250 || attrNum(t, circles[1], "cx") != 700 {
		t.Fatalf("points %+v, want cx 250 and 700", circles)
	}
	if attrNum(t, circles[0], "cy") != 250 || attrNum(t, circles[1], "cy") != 50 {
		t.Errorf("points' y %v, %v, want 250 and 50", circles[0].attr("cy"), circles[1].attr("cy"))
	}
	var labels []string
	for _, tx := range root.find("text", "") {
		if tx.attr("text-anchor") == "middle" {
			labels = append(labels, tx.Text)
		}
	}
	want := []string{"3.6 s", "36 s", "6 min", "1 h", "10 h", "time"}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("x labels %q, want %q", labels, want)
	}
}

// staticReportCharts builds the eight charts of a default-sized test comparison
// (240 days of 1 h buckets, with three sites) the way the HTML report does, then the
// sweep chart and its other metrics' options.
func staticReportCharts() []htmlChart {
	c := htmlTestComparison(htmlTestOptions{name: "static"})
	for i, name := range []string{"HQ", "Leeds", `York <"&">`} {
		site := SiteSummary{Name: name, Users: 100}
		for o, os := range c.Orderings {
			// HQ has no disruption in either ordering: zero bars, not drawn.
			v := float64((i * 100) * (o + 1))
			site.Orderings = append(site.Orderings, SiteOrdering{Ordering: os.Ordering,
				Metrics: map[string]float64{KeyDisruption: v}})
		}
		c.Sites = append(c.Sites, site)
	}
	b := &chartBuilder{c: c, tl: chartTimeline{start: c.Scenario.Start, bucketSeconds: 3600,
		workingDays: c.Scenario.WorkingDays}}
	var out []htmlChart
	for _, f := range b.figures() {
		out = append(out, f.Chart)
	}
	if f := sweepFigure(htmlTestSweep(htmlTestOptions{name: "static"})); f != nil {
		out = append(out, f.Chart)
		for _, alt := range f.Chart.Alternatives[1:] {
			ch := f.Chart
			ch.Option = alt
			out = append(out, ch)
		}
	}
	return out
}

// staticExpectedSeries counts the series a chart shows: all of them, except those a
// single-select legend hides (all but the first legend name) and bar series with no
// non-zero value (nothing to draw).
func staticExpectedSeries(t *testing.T, ch htmlChart) int {
	raw, err := json.Marshal(ch.Option)
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Legend struct {
			SelectedMode string   `json:"selectedMode"`
			Data         []string `json:"data"`
		} `json:"legend"`
		Series []struct {
			Name string        `json:"name"`
			Type string        `json:"type"`
			Data []interface{} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range o.Series {
		if o.Legend.SelectedMode == "single" && len(o.Legend.Data) > 0 && s.Name != o.Legend.Data[0] {
			continue
		}
		if s.Type == "bar" {
			drawn := false
			for _, v := range s.Data {
				if f, ok := v.(float64); ok && f != 0 {
					drawn = true
				}
			}
			if !drawn {
				continue
			}
		}
		n++
	}
	return n
}

// TestStaticReportCharts: every chart of a realistic report and every metric of
// the sweep chart render as well-formed XML with one series group, holding at
// least one mark, per series shown; together they stay small.
func TestStaticReportCharts(t *testing.T) {
	charts := staticReportCharts()
	if len(charts) < 10 || charts[7].ID != "features" || charts[8].ID != "sweep" {
		t.Fatalf("charts %d, want the report's 8 and the sweep's", len(charts))
	}
	total, totalJSON := 0, 0
	for i, ch := range charts {
		svg, err := staticChartSVG(ch)
		if err != nil {
			t.Errorf("%s: %v", ch.ID, err)
			continue
		}
		if i < 9 {
			opt, _ := json.Marshal(ch.Option)
			t.Logf("%-17s %7d bytes (option JSON %7d bytes)", ch.ID, len(svg), len(opt))
			total += len(svg)
			totalJSON += len(opt)
		}
		root := staticDecode(t, string(svg))
		if vb := root.attr("viewBox"); vb != fmt.Sprintf("0 0 1064 %d", ch.Height) {
			t.Errorf("%s: viewBox %q", ch.ID, vb)
		}
		if !strings.HasPrefix(root.attr("aria-label"), "Chart: ") || root.attr("role") != "img" {
			t.Errorf("%s: role %q aria-label %q", ch.ID, root.attr("role"), root.attr("aria-label"))
		}
		groups := seriesGroups(root)
		for _, g := range groups {
			marks := 0
			for _, k := range []string{"path", "rect", "line", "circle"} {
				marks += len(g.find(k, ""))
			}
			if marks == 0 {
				t.Errorf("%s: empty series group %q", ch.ID, g.attr("data-name"))
			}
		}
		if want := staticExpectedSeries(t, ch); len(groups) != want {
			t.Errorf("%s: %d series groups, want %d", ch.ID, len(groups), want)
		}
		if ch.Multiples {
			// The link chart's legend picks one line: only that name is drawn.
			first := groups[0].attr("data-name")
			for _, g := range groups {
				if g.attr("data-name") != first {
					t.Errorf("%s: series %q drawn besides %q", ch.ID, g.attr("data-name"), first)
				}
			}
		}
		if ch.ID == "sweep" && len(root.find("g", "mark-line")) == 0 {
			t.Errorf("sweep: no break-even line")
		}
		if ch.ID == "users-by-state" && len(root.find("g", "mark-area")) != 2 {
			t.Errorf("users-by-state: %d weekend bands groups, want one per panel", len(root.find("g", "mark-area")))
		}
	}
	t.Logf("all charts: %d bytes, %.2f × their options' JSON", total, float64(total)/float64(totalJSON))
	if total >= 400_000 {
		t.Errorf("static charts take %d bytes, want under 400,000", total)
	}
}

// TestStaticDeterministic: the same chart gives the same bytes, also when its
// option is built again.
func TestStaticDeterministic(t *testing.T) {
	a, b := staticReportCharts(), staticReportCharts()
	for i := range a {
		s1, err1 := staticChartSVG(a[i])
		s2, err2 := staticChartSVG(a[i])
		s3, err3 := staticChartSVG(b[i])
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("%s: %v %v %v", a[i].ID, err1, err2, err3)
		}
		if s1 != s2 || s1 != s3 {
			t.Errorf("%s: output differs between renderings", a[i].ID)
		}
	}
}

// TestStaticEscapes: names from scenario files reach the SVG as text only.
func TestStaticEscapes(t *testing.T) {
	const hostile = `<script>alert(1)</script> "q" 'a' & b`
	opt := map[string]interface{}{
		"title":  map[string]interface{}{"text": hostile, "left": "center", "top": 5},
		"legend": map[string]interface{}{"show": true, "top": "25"},
		"xAxis":  map[string]interface{}{"type": "category", "data": []string{hostile, "ok"}},
		"yAxis":  map[string]interface{}{"type": "value", "name": hostile},
		"series": []interface{}{map[string]interface{}{"name": hostile, "type": "bar", "data": []float64{1, 2}}},
	}
	svg, err := staticChartSVG(htmlChart{ID: "t", Option: opt, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	if strings.Contains(s, "<script") || strings.Contains(s, `"q"`) || strings.Contains(s, "& b") {
		t.Errorf("unescaped name in %s", s)
	}
	root := staticDecode(t, s)
	g := seriesGroups(root)
	if len(g) != 1 || g[0].attr("data-name") != hostile {
		t.Fatalf("series group name %q, want %q", g[0].attr("data-name"), hostile)
	}
	texts := 0
	for _, tx := range root.find("text", "") {
		if tx.Text == hostile {
			texts++
		}
	}
	// The title, the category label, the y axis name and the legend entry.
	if texts != 4 {
		t.Errorf("%d texts read %q, want 4", texts, hostile)
	}
	if strings.Contains(root.attr("aria-label"), "<") && !strings.Contains(s, "&lt;script") {
		t.Errorf("aria-label not escaped")
	}
	// A control character, which XML cannot carry, is replaced.
	opt["series"] = []interface{}{map[string]interface{}{"name": "a\x01b", "type": "bar", "data": []float64{1, 2}}}
	svg, err = staticChartSVG(htmlChart{ID: "t", Option: opt, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	staticDecode(t, string(svg))
}

// TestStaticUnsupported: what the renderer cannot draw is an error naming it, with
// no picture.
func TestStaticUnsupported(t *testing.T) {
	base := func() map[string]interface{} {
		return map[string]interface{}{
			"xAxis":  map[string]interface{}{"type": "category", "data": []string{"a"}},
			"yAxis":  map[string]interface{}{"type": "value"},
			"series": []interface{}{map[string]interface{}{"name": "s", "type": "bar", "data": []float64{1}}},
		}
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]interface{})
		want string
	}{
		{"series type", func(o map[string]interface{}) {
			o["series"] = []interface{}{map[string]interface{}{"name": "s", "type": "pie", "data": []float64{1}}}
		}, `"pie"`},
		{"axis type", func(o map[string]interface{}) {
			o["yAxis"] = map[string]interface{}{"type": "radial"}
		}, `"radial"`},
		{"option key", func(o map[string]interface{}) { o["visualMap"] = map[string]interface{}{} }, `"visualMap"`},
		{"series option", func(o map[string]interface{}) {
			o["series"] = []interface{}{map[string]interface{}{"name": "s", "type": "bar", "data": []float64{1}, "label": map[string]interface{}{"show": true}}}
		}, `"label"`},
		{"bar on a value axis", func(o map[string]interface{}) {
			o["xAxis"] = map[string]interface{}{"type": "value"}
		}, "value x axis"},
		{"symbol", func(o map[string]interface{}) {
			o["series"] = []interface{}{map[string]interface{}{"name": "s", "type": "line", "symbol": "triangle", "data": []float64{1}}}
		}, `"triangle"`},
		{"colour", func(o map[string]interface{}) {
			o["series"] = []interface{}{map[string]interface{}{"name": "s", "type": "bar", "color": "url(#x)", "data": []float64{1}}}
		}, `"url(#x)"`},
	} {
		o := base()
		tc.edit(o)
		svg, err := staticChartSVG(htmlChart{ID: "t", Option: o, Height: 300})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %s", tc.name, err, tc.want)
		}
		if svg != "" {
			t.Errorf("%s: partial picture returned", tc.name)
		}
	}
}

// TestStaticLegend: a legend of more names than its room holds ends in "+N more";
// a single-select legend draws only its first name and marks it.
func TestStaticLegend(t *testing.T) {
	var series []interface{}
	var names []string
	for i := 0; i < 40; i++ {
		n := fmt.Sprintf("a rather long line name %02d", i)
		names = append(names, n)
		series = append(series, map[string]interface{}{"name": n, "type": "line", "symbol": "none",
			"data": [][]float64{{0, float64(i)}, {1, float64(i)}}})
	}
	opt := map[string]interface{}{
		"grid":   map[string]interface{}{"top": "45"},
		"legend": map[string]interface{}{"show": true, "top": "5", "data": names},
		"xAxis":  map[string]interface{}{"type": "value"},
		"yAxis":  map[string]interface{}{"type": "value"},
		"series": series,
	}
	svg, err := staticChartSVG(htmlChart{ID: "t", Option: opt, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	root := staticDecode(t, string(svg))
	lg := root.find("g", "legend")[0]
	texts := lg.find("text", "")
	last := texts[len(texts)-1].Text
	var more int
	if _, err := fmt.Sscanf(last, "+%d more", &more); err != nil {
		t.Fatalf("legend ends with %q, want +N more", last)
	}
	// Room: grid top 45 − legend top 5 − 2 = 38 px: rows of 14 px every 18 px, two
	// rows (5–19, 23–37).
	ys := map[string]bool{}
	for _, tx := range texts {
		ys[tx.attr("y")] = true
	}
	if len(ys) != 2 {
		t.Errorf("legend on %d rows, want 2", len(ys))
	}
	if shown := len(texts) - 1; shown+more != 40 {
		t.Errorf("%d names shown and %d more, want 40 in all", shown, more)
	}
	if len(seriesGroups(root)) != 40 {
		t.Errorf("%d series drawn, want all 40", len(seriesGroups(root)))
	}

	opt["legend"].(map[string]interface{})["selectedMode"] = "single"
	svg, err = staticChartSVG(htmlChart{ID: "t", Option: opt, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	root = staticDecode(t, string(svg))
	g := seriesGroups(root)
	if len(g) != 1 || g[0].attr("data-name") != names[0] {
		t.Errorf("single-select legend draws %d series, want only %q", len(g), names[0])
	}
	var bold []string
	for _, tx := range root.find("g", "legend")[0].find("text", "") {
		if tx.attr("font-weight") == "bold" {
			bold = append(bold, tx.Text)
		}
	}
	if fmt.Sprint(bold) != fmt.Sprint([]string{names[0]}) {
		t.Errorf("marked legend names %q, want %q", bold, names[0])
	}
}

// TestStaticSimplify: a line keeps its ends, its spikes and every point more than
// a quarter pixel off the line through its neighbours kept; flat runs collapse.
func TestStaticSimplify(t *testing.T) {
	pts := []scPoint{{0, 0}, {1, 0}, {2, 0}, {3, 10}, {4, 0}, {5, 0.2}, {6, 0}, {7, 0}, {8, 0.3}, {9, 0}}
	got := scSimplify(pts, scTolerance)
	// After the spike: (8, 0.3) is 0.3 px off the line from (4, 0) to (9, 0): kept.
	// Between (4, 0) and (8, 0.3) the line is y = 0.075 (x − 4): (5, 0.2) is
	// 0.2 − 0.075 = 0.125 px off, (6, 0) 0.15, (7, 0) 0.225 (times cos of a 4° slope,
	// ≈ 1): all dropped.
	want := []scPoint{{0, 0}, {2, 0}, {3, 10}, {4, 0}, {8, 0.3}, {9, 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("simplified %v, want %v", got, want)
	}
}

// TestStaticEmptySeriesAndRanges: a bar series whose values are all zero draws no
// bar but is still listed as a series (ECharts shows it, in its legend and
// tooltip), and the axes group states each axis' drawn range: y data 0–60, interval
// nice(60 / 5) = 10, so 0 to 60; the log x axis spans 0.5–20, whole decades
// floor(log10 0.5) = −1 to ceil(log10 20) = 2; a category axis has no range.
func TestStaticEmptySeriesAndRanges(t *testing.T) {
	root, _ := staticRender(t, 300, `{
		"xAxis": [{"type": "category", "data": ["a", "b"]}, {"type": "log", "gridIndex": 0}],
		"yAxis": {"type": "value"},
		"series": [{"name": "zero", "type": "bar", "data": [0, 0]},
			{"name": "s", "type": "bar", "data": [30, 60]},
			{"name": "l", "type": "line", "xAxisIndex": 1, "data": [[0.5, 10], [20, 40]]}]}`)
	groups := seriesGroups(root)
	var names []string
	for _, g := range groups {
		names = append(names, g.attr("data-name"))
	}
	if got := strings.Join(names, "|"); got != "zero|s|l" {
		t.Errorf("series groups %q, want zero|s|l", got)
	}
	for _, g := range groups {
		if g.attr("data-name") == "zero" && len(g.find("rect", "")) != 0 {
			t.Errorf("the all-zero series drew bars")
		}
	}
	axes := root.find("g", "axes")
	if len(axes) != 1 {
		t.Fatalf("%d axes groups", len(axes))
	}
	if x, y := axes[0].attr("data-x"), axes[0].attr("data-y"); x != ";-1 2" || y != "0 60" {
		t.Errorf("data-x %q, data-y %q; want \";-1 2\" and \"0 60\"", x, y)
	}
}

// TestStaticDurationLabel: duration ticks read as the page script's dur writes
// them: 0.0001 h × 3600 = 0.36 s; 0.01 h = 36 s; 0.5 h × 60 = 30 min; 1.5 h;
// 100 h / 24 = 4.1666… d, 2 decimals from 1: 4.17 d; 2400 h / 24 = 100 d.
func TestStaticDurationLabel(t *testing.T) {
	for _, c := range []struct {
		h    float64
		want string
	}{{0.0001, "0.36 s"}, {0.01, "36 s"}, {0.5, "30 min"}, {1.5, "1.5 h"}, {100, "4.17 d"}, {2400, "100 d"}} {
		if got := scDurationLabel(c.h); got != c.want {
			t.Errorf("scDurationLabel(%v) = %q, want %q", c.h, got, c.want)
		}
	}
}

// TestStaticAxisEndTicks: a value axis with a given maximum off its interval
// carries a tick there, as ECharts does. Grid 200 px high from y 50, data to 100,
// max 110: interval nice(110 / 5 = 22) = 20, ticks 0…100 and 110; 110 is
// 10 / 110 × 200 = 18.2 px above 100, more than a label's 7.2 px, so labelled
// "110" with a grid line at y 50. With max 102, 102 is 3.6 px above 100: the
// grid line is drawn, the label gives way; with showMaxLabel true, 100's label
// gives way instead. A max of 2.63 on an interval of 0.5 is written "2.63".
func TestStaticAxisEndTicks(t *testing.T) {
	labels := func(max float64, extra string) ([]string, string) {
		root, _ := staticRender(t, 300, fmt.Sprintf(`{
			"grid": {"left": "100", "width": "600", "top": "50", "height": "200"},
			"xAxis": {"type": "value", "min": 0, "max": 10},
			"yAxis": {"type": "value", "min": 0, "max": %v%s},
			"series": [{"name": "a", "type": "line", "data": [[0, 0], [10, %v]]}]}`, max, extra, max*0.9))
		var ls []string
		for _, tx := range root.find("text", "") {
			if tx.attr("text-anchor") == "end" {
				ls = append(ls, tx.Text)
			}
		}
		return ls, root.find("g", "axes")[0].find("path", "")[0].attr("d")
	}
	got, grid := labels(110, "")
	if strings.Join(got, " ") != "0 20 40 60 80 100 110" {
		t.Errorf("max 110: y labels %q, want 0 … 100 110", got)
	}
	if !strings.Contains(grid, "M100 50H700") {
		t.Errorf("max 110: no grid line at the top (y 50): %q", grid)
	}
	if got, grid := labels(102, ""); strings.Join(got, " ") != "0 20 40 60 80 100" || !strings.Contains(grid, "M100 50H700") {
		t.Errorf("max 102: y labels %q (want 0 … 100), grid %q (want a line at y 50)", got, grid)
	}
	if got, _ := labels(102, `, "axisLabel": {"showMaxLabel": true}`); strings.Join(got, " ") != "0 20 40 60 80 102" {
		t.Errorf("max 102, showMaxLabel: y labels %q, want 0 … 80 102", got)
	}
	if got, _ := labels(2.63, ""); len(got) == 0 || got[len(got)-1] != "2.63" {
		t.Errorf("max 2.63: y labels %q, want the last 2.63", got)
	}
}

// TestStaticCategoryEndLabels: ECharts drops the first and last category labels
// when they overlap their neighbours. 100 categories over 950 px are 9.5 px
// apart; labels rotated 25° are parallel boxes 9.5 × cos 25° = 8.6 px apart along
// the text (under a label's width, about 25 px) and 9.5 × sin 25° = 4.0 px across
// it (under 7.2 px): they overlap, so "C000" and "C099" give way. 5 categories,
// 190 px apart, all keep their labels.
func TestStaticCategoryEndLabels(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []string // labels absent
	}{{100, []string{"C000", "C099"}}, {5, nil}} {
		var cats, vals []string
		for i := 0; i < c.n; i++ {
			cats = append(cats, fmt.Sprintf("%q", fmt.Sprintf("C%03d", i)))
			vals = append(vals, "1")
		}
		root, _ := staticRender(t, 300, `{
			"grid": {"left": "57", "width": "950", "top": "50", "height": "150"},
			"xAxis": {"type": "category", "data": [`+strings.Join(cats, ",")+`], "axisLabel": {"interval": "0", "rotate": 25}},
			"yAxis": {"type": "value"},
			"series": [{"name": "a", "type": "bar", "data": [`+strings.Join(vals, ",")+`]}]}`)
		shown := map[string]bool{}
		for _, tx := range root.find("text", "") {
			shown[tx.Text] = true
		}
		var absent []string
		for i := 0; i < c.n; i++ {
			if l := fmt.Sprintf("C%03d", i); !shown[l] {
				absent = append(absent, l)
			}
		}
		if fmt.Sprint(absent) != fmt.Sprint(c.want) {
			t.Errorf("%d categories: labels not drawn %q, want %q", c.n, absent, c.want)
		}
	}
}

// TestStaticCategoryInterval: axisLabel.interval N labels every (N+1)-th category,
// from the first, as ECharts does (the sites chart of a large organization); an
// interval that is not a whole number is an error.
func TestStaticCategoryInterval(t *testing.T) {
	root, _ := staticRender(t, 300, `{
		"grid": {"left": "57", "width": "950", "top": "50", "height": "150"},
		"xAxis": {"type": "category", "data": ["C0", "C1", "C2", "C3", "C4", "C5", "C6"], "axisLabel": {"interval": "2"}},
		"yAxis": {"type": "value"},
		"series": [{"name": "a", "type": "bar", "data": [1, 1, 1, 1, 1, 1, 1]}]}`)
	var shown []string
	for _, tx := range root.find("text", "") {
		if strings.HasPrefix(tx.Text, "C") {
			shown = append(shown, tx.Text)
		}
	}
	if fmt.Sprint(shown) != "[C0 C3 C6]" {
		t.Errorf("labels drawn %q, want C0, C3 and C6", shown)
	}
	ch := htmlChart{ID: "x", Height: 300, Option: map[string]interface{}{
		"xAxis":  map[string]interface{}{"type": "category", "data": []string{"a"}, "axisLabel": map[string]interface{}{"interval": "1.5"}},
		"yAxis":  map[string]interface{}{"type": "value"},
		"series": []interface{}{map[string]interface{}{"name": "a", "type": "bar", "data": []float64{1}}},
	}}
	if svg, err := staticChartSVG(ch); err == nil || svg != "" {
		t.Errorf("interval 1.5: %q, %v; want an error and no picture", svg, err)
	}
}
