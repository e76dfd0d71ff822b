package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// staticChartWidth is the width of a static chart's view box in CSS pixels: the
// report page's content width, which the ECharts options' pixel positions assume.
const staticChartWidth = 1064.0

// Colours of a static chart's frame and text (text colours keep a contrast of at
// least 4.5:1 on white).
const (
	scAxisColor  = "#9aa5b1"
	scGridColor  = "#e4e7eb"
	scTextColor  = "#4a5560"
	scTitleColor = "#1f2933"
	scMutedColor = "#ccd2d8" // swatches of legend entries not on show
)

// staticChartSVG draws chart ch as a static SVG picture of what ECharts draws from
// ch.Option (for a chart with Alternatives, the option on show), so that the chart
// is visible at first paint and where scripts are blocked; ECharts replaces it when
// the reader interacts with the chart.
//
// It reads the option as the browser gets it (its JSON) and supports the subset the
// report's charts use: one or several grids; time, value, log and category axes;
// datasets; line series (stacked areas, dashed lines, circle symbols, markArea
// bands and markLine rules on x values), category bar series (side by side or
// stacked) and the page script's error-bar custom series; a legend (a single-select
// legend shows only its first name; names beyond the room above the grids are
// summed up as "+N more"); titles. Stacked areas are drawn as fills only (ECharts'
// thin outline at their tops is left out), and lines are thinned to the points that
// move them by more than a quarter pixel. Tooltip, toolbox, dataZoom,
// axisPointer, animation and useUTC are ignored (times are UTC). Anything else in
// the option is an error naming it, and no picture is returned: the page then
// keeps ECharts for that chart.
//
// Axes follow ECharts: a given minimum or maximum off the ticks' interval is a
// tick of its own, and an end label (of such a tick or of a category axis) that
// would overlap its neighbour gives way unless showMinLabel/showMaxLabel say
// otherwise; durations on the x axis read as the page script writes them.
//
// The picture is a view box 1064 wide and ch.Height high (CSS pixels), every
// series on show one <g class="series" data-name="…"> holding its marks (empty
// when it has none to draw, as bars of zero), every text escaped; the axes group
// states each axis' drawn range in data-x and data-y ("min max" per axis, log
// axes in decades, category axes empty, ";" between axes); coordinates carry at
// most one decimal. The output depends only on ch.
func staticChartSVG(ch htmlChart) (template.HTML, error) {
	raw, err := json.Marshal(ch.Option)
	if err != nil {
		return "", fmt.Errorf("static chart %s: %w", ch.ID, err)
	}
	var opt map[string]interface{}
	if err := json.Unmarshal(raw, &opt); err != nil {
		return "", fmt.Errorf("static chart %s: %w", ch.ID, err)
	}
	if ch.Height <= 0 {
		return "", fmt.Errorf("static chart %s: height %d px is not positive", ch.ID, ch.Height)
	}
	r := &scRenderer{ch: ch, opt: opt, w: staticChartWidth, h: float64(ch.Height)}
	if err := r.parse(); err != nil {
		return "", fmt.Errorf("static chart %s: %w", ch.ID, err)
	}
	return template.HTML(r.render()), nil
}

// scRenderer holds one chart's option decoded from JSON and what is derived from it.
type scRenderer struct {
	ch      htmlChart
	opt     map[string]interface{}
	w, h    float64 // view box size, CSS px
	palette []string
	grids   []scGrid
	xAxes   []*scAxis
	yAxes   []*scAxis
	series  []*scSeries
	legend  *scLegend
	titles  []scTitle
}

// scGrid is a grid's rectangle in CSS px.
type scGrid struct{ x, y, w, h float64 }

// scAxis is one axis: its type, grid and range, and where it lies on the page.
type scAxis struct {
	typ        string // time, value, log, category
	grid       int
	horizontal bool
	name       string
	nameMiddle bool
	nameGap    float64
	scale      bool // a value axis that need not include zero
	rotate     float64
	labelEvery int   // a category axis labels every labelEvery-th category (axisLabel.interval + 1); 0 or 1: every one
	showMin    *bool // axisLabel.showMinLabel: nil lets an overlapping end label give way
	showMax    *bool // axisLabel.showMaxLabel, likewise
	cats       []string
	hasMin     bool
	hasMax     bool
	min, max   float64 // the option's; then the drawn range (log axes: in decades)
	dataLo     float64
	dataHi     float64
	interval   float64
	ticks      []scTick
	p0, p1     float64 // pixel positions of the range's ends
}

// scTick is an axis tick: its value in axis units and its label.
type scTick struct {
	v     float64
	label string
	hide  bool // the label is not drawn (an end label that would overlap its neighbour)
}

// scSeries is one series of the option with its rows resolved.
type scSeries struct {
	index     int
	name      string
	typ       string
	color     string
	xa, ya    *scAxis
	rows      [][]float64 // line and bar: [x, y]; custom: [x, low, high, i, n, w]
	stackKey  string
	base, top []float64 // stacked or not: the value a point starts from and ends at
	visible   bool
	lineWidth float64
	lineDash  string
	area      bool
	areaOp    float64
	symbol    string
	symSize   float64
	symAuto   bool // the symbol is ECharts' default: shown only where points do not crowd
	barWidth  string
	barGap    string
	markAreas [][2]float64
	markColor string
	markLines []scMarkLine
	mlColor   string
	mlWidth   float64
	mlDash    string
}

// scMarkLine is a vertical rule at an x value with its label.
type scMarkLine struct {
	x    float64
	name string
}

// scLegend is the option's legend.
type scLegend struct {
	names    []string
	top      float64
	left     float64
	right    float64
	hasLeft  bool
	single   bool
	selected string
}

// scTitle is one title text.
type scTitle struct {
	text   string
	x, top float64
	anchor string
	size   float64
	bold   bool
}

// --- decoding helpers ---------------------------------------------------------

// scList returns v as a list: an array as is, a single object as a list of one.
func scList(v interface{}) []interface{} {
	switch t := v.(type) {
	case []interface{}:
		return t
	case nil:
		return nil
	}
	return []interface{}{v}
}

// scNum reads a JSON number; ok is false for anything else.
func scNum(v interface{}) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

// scNumOr reads a JSON number or null (NaN).
func scNumOr(v interface{}) (float64, error) {
	switch t := v.(type) {
	case nil:
		return math.NaN(), nil
	case float64:
		return t, nil
	}
	return 0, fmt.Errorf("value %v is not a number", v)
}

// scIndex reads an optional non-negative integer field (default 0).
func scIndex(m map[string]interface{}, key string) (int, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return 0, nil
	}
	f, ok := v.(float64)
	if !ok || f < 0 || f != math.Trunc(f) {
		return 0, fmt.Errorf("%s %v is not an index", key, v)
	}
	return int(f), nil
}

// scCheckKeys returns an error naming the first key of m (in sorted order) that is
// neither known nor null.
func scCheckKeys(what string, m map[string]interface{}, known ...string) error {
	var bad []string
	for k, v := range m {
		if v == nil {
			continue
		}
		ok := false
		for _, kk := range known {
			if k == kk {
				ok = true
				break
			}
		}
		if !ok {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	first := bad[0]
	for _, b := range bad[1:] {
		if b < first {
			first = b
		}
	}
	return fmt.Errorf("%s: unsupported option %q", what, first)
}

// scObj reads an optional object field.
func scObj(m map[string]interface{}, key string) (map[string]interface{}, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	o, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s is not an object", key)
	}
	return o, nil
}

// scPos reads a position or size: a number or a string of pixels ("70") is
// pixels, a string such as "7.0%" a share of full (the chart's width or height).
func scPos(v interface{}, full float64) (float64, bool, error) {
	switch t := v.(type) {
	case nil:
		return 0, false, nil
	case float64:
		return t, true, nil
	case string:
		s := strings.TrimSpace(t)
		if strings.HasSuffix(s, "%") {
			f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
			if err != nil {
				return 0, false, fmt.Errorf("position %q", t)
			}
			return f / 100 * full, true, nil
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "px"), 64)
		if err != nil {
			return 0, false, fmt.Errorf("unsupported position %q", t)
		}
		return f, true, nil
	}
	return 0, false, fmt.Errorf("unsupported position %v", v)
}

// --- parsing ------------------------------------------------------------------

func (r *scRenderer) parse() error {
	if err := scCheckKeys("option", r.opt, "animation", "axisPointer", "color", "dataZoom", "dataset",
		"grid", "legend", "series", "title", "toolbox", "tooltip", "useUTC", "xAxis", "yAxis"); err != nil {
		return err
	}
	for _, c := range scList(r.opt["color"]) {
		s, ok := c.(string)
		if !ok {
			return fmt.Errorf("color %v is not a string", c)
		}
		r.palette = append(r.palette, s)
	}
	if err := r.parseGrids(); err != nil {
		return err
	}
	var err error
	if r.xAxes, err = r.parseAxes("xAxis", true); err != nil {
		return err
	}
	if r.yAxes, err = r.parseAxes("yAxis", false); err != nil {
		return err
	}
	if err := r.parseLegend(); err != nil {
		return err
	}
	if err := r.parseSeries(); err != nil {
		return err
	}
	if err := r.parseTitles(); err != nil {
		return err
	}
	r.stack()
	for _, a := range r.xAxes {
		if err := r.scaleAxis(a); err != nil {
			return err
		}
	}
	for _, a := range r.yAxes {
		if err := r.scaleAxis(a); err != nil {
			return err
		}
	}
	return nil
}

func (r *scRenderer) parseGrids() error {
	list := scList(r.opt["grid"])
	if len(list) == 0 {
		list = []interface{}{map[string]interface{}{}}
	}
	for i, g := range list {
		m, ok := g.(map[string]interface{})
		if !ok {
			return fmt.Errorf("grid %d is not an object", i)
		}
		if err := scCheckKeys(fmt.Sprintf("grid %d", i), m, "left", "right", "top", "bottom", "width", "height"); err != nil {
			return err
		}
		var v [6]float64
		var has [6]bool
		for k, key := range []string{"left", "right", "width", "top", "bottom", "height"} {
			full := r.w
			if k >= 3 {
				full = r.h
			}
			var err error
			if v[k], has[k], err = scPos(m[key], full); err != nil {
				return fmt.Errorf("grid %d %s: %w", i, key, err)
			}
		}
		x, w := scSpan(v[0], v[1], v[2], has[0], has[1], has[2], r.w, 0.1*r.w, 0.1*r.w)
		y, h := scSpan(v[3], v[4], v[5], has[3], has[4], has[5], r.h, 60, 60)
		if w <= 0 || h <= 0 {
			return fmt.Errorf("grid %d is empty", i)
		}
		r.grids = append(r.grids, scGrid{x, y, w, h})
	}
	return nil
}

// scSpan resolves a grid's start and size along one direction from its start, end
// and size (any of which may be absent) as ECharts does: a given size wins over
// the end; absent start and end take the defaults.
func scSpan(start, end, size float64, hasStart, hasEnd, hasSize bool, full, defStart, defEnd float64) (float64, float64) {
	switch {
	case hasSize && hasStart:
		return start, size
	case hasSize && hasEnd:
		return full - end - size, size
	case hasSize:
		return defStart, size
	}
	if !hasStart {
		start = defStart
	}
	if !hasEnd {
		end = defEnd
	}
	return start, full - start - end
}

func (r *scRenderer) parseAxes(key string, horizontal bool) ([]*scAxis, error) {
	list := scList(r.opt[key])
	if len(list) == 0 {
		list = []interface{}{map[string]interface{}{}}
	}
	var out []*scAxis
	for i, v := range list {
		m, ok := v.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("%s %d is not an object", key, i)
		}
		what := fmt.Sprintf("%s %d", key, i)
		if err := scCheckKeys(what, m, "type", "gridIndex", "min", "max", "data", "name", "nameLocation",
			"nameGap", "scale", "axisLabel"); err != nil {
			return nil, err
		}
		a := &scAxis{horizontal: horizontal, dataLo: math.Inf(1), dataHi: math.Inf(-1)}
		a.typ, _ = m["type"].(string)
		if a.typ == "" {
			a.typ = "value"
			if horizontal {
				a.typ = "category"
			}
		}
		switch a.typ {
		case "time", "value", "log", "category":
		default:
			return nil, fmt.Errorf("%s: unsupported axis type %q", what, a.typ)
		}
		if a.typ == "category" && !horizontal {
			return nil, fmt.Errorf("%s: unsupported vertical category axis", what)
		}
		var err error
		if a.grid, err = scIndex(m, "gridIndex"); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if a.grid >= len(r.grids) {
			return nil, fmt.Errorf("%s: grid %d does not exist", what, a.grid)
		}
		for _, mm := range []struct {
			key string
			has *bool
			v   *float64
		}{{"min", &a.hasMin, &a.min}, {"max", &a.hasMax, &a.max}} {
			switch t := m[mm.key].(type) {
			case nil:
			case float64:
				*mm.has, *mm.v = true, t
			default:
				return nil, fmt.Errorf("%s: unsupported %s %v", what, mm.key, t)
			}
		}
		if a.typ == "log" && a.hasMin && a.min <= 0 {
			return nil, fmt.Errorf("%s: log axis minimum %v is not positive", what, a.min)
		}
		for _, c := range scList(m["data"]) {
			switch t := c.(type) {
			case string:
				a.cats = append(a.cats, t)
			case float64:
				a.cats = append(a.cats, strconv.FormatFloat(t, 'f', -1, 64))
			default:
				return nil, fmt.Errorf("%s: unsupported category %v", what, c)
			}
		}
		if len(a.cats) > 0 && a.typ != "category" {
			return nil, fmt.Errorf("%s: data on a %s axis", what, a.typ)
		}
		a.name, _ = m["name"].(string)
		switch loc, _ := m["nameLocation"].(string); loc {
		case "", "end":
		case "middle", "center":
			a.nameMiddle = true
		default:
			return nil, fmt.Errorf("%s: unsupported nameLocation %q", what, loc)
		}
		a.nameGap = 15
		if g, ok := scNum(m["nameGap"]); ok {
			a.nameGap = g
		}
		a.scale, _ = m["scale"].(bool)
		lab, err := scObj(m, "axisLabel")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if lab != nil {
			if err := scCheckKeys(what+" axisLabel", lab, "interval", "rotate", "hideOverlap", "showMinLabel", "showMaxLabel"); err != nil {
				return nil, err
			}
			switch iv := lab["interval"].(type) {
			case nil:
			case string, float64:
				n, err := strconv.ParseFloat(fmt.Sprint(iv), 64)
				if iv == "auto" {
					n, err = 0, nil
				}
				if err != nil || n < 0 || n != math.Trunc(n) || n > 1e6 {
					return nil, fmt.Errorf("%s axisLabel: unsupported interval %v", what, iv)
				}
				a.labelEvery = int(n) + 1
			default:
				return nil, fmt.Errorf("%s axisLabel: unsupported interval %v", what, iv)
			}
			a.rotate, _ = scNum(lab["rotate"])
			for _, sm := range []struct {
				key string
				v   **bool
			}{{"showMinLabel", &a.showMin}, {"showMaxLabel", &a.showMax}} {
				switch b := lab[sm.key].(type) {
				case nil:
				case bool:
					*sm.v = &b
				default:
					return nil, fmt.Errorf("%s axisLabel: unsupported %s %v", what, sm.key, b)
				}
			}
		}
		out = append(out, a)
	}
	return out, nil
}

func (r *scRenderer) parseLegend() error {
	m, err := scObj(r.opt, "legend")
	if err != nil || m == nil {
		return err
	}
	if err := scCheckKeys("legend", m, "show", "type", "left", "top", "right", "data", "selectedMode"); err != nil {
		return err
	}
	if show, ok := m["show"].(bool); ok && !show {
		return nil
	}
	lg := &scLegend{}
	for _, p := range []struct {
		key  string
		v    *float64
		has  *bool
		full float64
	}{{"top", &lg.top, nil, r.h}, {"left", &lg.left, &lg.hasLeft, r.w}, {"right", &lg.right, nil, r.w}} {
		if m[p.key] == "center" && p.key == "left" {
			continue // centred, as when absent
		}
		v, has, err := scPos(m[p.key], p.full)
		if err != nil {
			return fmt.Errorf("legend %s: %w", p.key, err)
		}
		*p.v = v
		if p.has != nil {
			*p.has = has
		}
	}
	for _, d := range scList(m["data"]) {
		s, ok := d.(string)
		if !ok {
			return fmt.Errorf("legend: unsupported data item %v", d)
		}
		lg.names = append(lg.names, s)
	}
	switch sm := m["selectedMode"].(type) {
	case nil, bool:
	case string:
		switch sm {
		case "single":
			lg.single = true
		case "multiple":
		default:
			return fmt.Errorf("legend: unsupported selectedMode %q", sm)
		}
	default:
		return fmt.Errorf("legend: unsupported selectedMode %v", sm)
	}
	r.legend = lg
	return nil
}

func (r *scRenderer) parseSeries() error {
	var sources [][]interface{}
	for i, d := range scList(r.opt["dataset"]) {
		m, ok := d.(map[string]interface{})
		if !ok {
			return fmt.Errorf("dataset %d is not an object", i)
		}
		if err := scCheckKeys(fmt.Sprintf("dataset %d", i), m, "source"); err != nil {
			return err
		}
		src, ok := m["source"].([]interface{})
		if !ok && m["source"] != nil {
			return fmt.Errorf("dataset %d: source is not an array", i)
		}
		sources = append(sources, src)
	}
	list := scList(r.opt["series"])
	names := map[string]bool{}
	for i, v := range list {
		m, ok := v.(map[string]interface{})
		if !ok {
			return fmt.Errorf("series %d is not an object", i)
		}
		s, err := r.parseOne(i, m, sources)
		if err != nil {
			return fmt.Errorf("series %d (%s): %w", i, s.name, err)
		}
		r.series = append(r.series, s)
		names[s.name] = true
	}
	if lg := r.legend; lg != nil {
		if len(lg.names) == 0 {
			seen := map[string]bool{}
			for _, s := range r.series {
				if !seen[s.name] {
					seen[s.name] = true
					lg.names = append(lg.names, s.name)
				}
			}
		} else {
			var kept []string
			for _, n := range lg.names {
				if names[n] {
					kept = append(kept, n)
				}
			}
			lg.names = kept
		}
		if lg.single && len(lg.names) > 0 {
			lg.selected = lg.names[0]
			inLegend := map[string]bool{}
			for _, n := range lg.names {
				inLegend[n] = true
			}
			for _, s := range r.series {
				s.visible = s.name == lg.selected || !inLegend[s.name]
			}
		}
	}
	return nil
}

func (r *scRenderer) parseOne(i int, m map[string]interface{}, sources [][]interface{}) (*scSeries, error) {
	s := &scSeries{index: i, visible: true}
	s.name, _ = m["name"].(string)
	s.typ, _ = m["type"].(string)
	if err := scCheckKeys("series", m, "name", "type", "stack", "showSymbol", "symbol", "symbolSize", "color",
		"encode", "markArea", "markLine", "lineStyle", "areaStyle", "data", "barGap", "barWidth",
		"xAxisIndex", "yAxisIndex", "datasetIndex"); err != nil {
		return s, err
	}
	switch s.typ {
	case "line", "bar", "custom":
	default:
		return s, fmt.Errorf("unsupported series type %q", s.typ)
	}
	s.color, _ = m["color"].(string)
	if s.color == "" && len(r.palette) > 0 {
		s.color = r.palette[i%len(r.palette)]
	}
	if s.color == "" {
		s.color = chartPalette[i%len(chartPalette)]
	}
	if _, _, err := scColor(s.color); err != nil {
		return s, err
	}
	xi, err := scIndex(m, "xAxisIndex")
	if err != nil {
		return s, err
	}
	yi, err := scIndex(m, "yAxisIndex")
	if err != nil {
		return s, err
	}
	if xi >= len(r.xAxes) || yi >= len(r.yAxes) {
		return s, fmt.Errorf("axis index out of range")
	}
	s.xa, s.ya = r.xAxes[xi], r.yAxes[yi]
	if s.xa.grid != s.ya.grid {
		return s, fmt.Errorf("x and y axes in different grids")
	}
	if st, ok := m["stack"].(string); ok && st != "" {
		s.stackKey = fmt.Sprintf("%s|%d|%d", st, xi, yi)
	}

	// Columns read for x and y.
	xc, yc := 0, 1
	enc, err := scObj(m, "encode")
	if err != nil {
		return s, err
	}
	if enc != nil {
		if v, ok := scNum(enc["x"]); ok {
			xc = int(v)
		} else if enc["x"] != nil {
			return s, fmt.Errorf("unsupported encode x %v", enc["x"])
		}
		if v, ok := scNum(enc["y"]); ok {
			yc = int(v)
		} else if _, isList := enc["y"].([]interface{}); !(isList && s.typ == "custom") && enc["y"] != nil {
			return s, fmt.Errorf("unsupported encode y %v", enc["y"])
		}
	}
	var items []interface{}
	if d, ok := m["data"]; ok && d != nil {
		if items, ok = d.([]interface{}); !ok {
			return s, fmt.Errorf("data is not an array")
		}
	} else {
		di, err := scIndex(m, "datasetIndex")
		if err != nil {
			return s, err
		}
		if di >= len(sources) {
			return s, fmt.Errorf("dataset %d does not exist", di)
		}
		items = sources[di]
	}
	for k, it := range items {
		var row []float64
		switch t := it.(type) {
		case nil, float64:
			v, _ := scNumOr(t)
			row = []float64{float64(k), v}
			if s.typ == "custom" {
				return s, fmt.Errorf("custom data item %d is not an array", k)
			}
		case []interface{}:
			vals := make([]float64, len(t))
			for j, c := range t {
				if vals[j], err = scNumOr(c); err != nil {
					return s, fmt.Errorf("data item %d: %w", k, err)
				}
			}
			if s.typ == "custom" {
				if len(vals) < 6 {
					return s, fmt.Errorf("custom data item %d has %d values, want [x, low, high, i, n, width]", k, len(vals))
				}
				row = vals[:6]
			} else {
				if xc >= len(vals) || yc >= len(vals) || xc < 0 || yc < 0 {
					return s, fmt.Errorf("data item %d has no column %d or %d", k, xc, yc)
				}
				row = []float64{vals[xc], vals[yc]}
			}
		default:
			return s, fmt.Errorf("unsupported data item %v", it)
		}
		s.rows = append(s.rows, row)
	}
	if s.typ == "bar" {
		if s.xa.typ != "category" {
			return s, fmt.Errorf("unsupported bar series on a %s x axis", s.xa.typ)
		}
		s.barWidth, _ = m["barWidth"].(string)
		if bw, ok := scNum(m["barWidth"]); ok {
			s.barWidth = strconv.FormatFloat(bw, 'f', -1, 64)
		}
		s.barGap, _ = m["barGap"].(string)
	}

	// Line style, area, symbols.
	s.lineWidth = 2
	ls, err := scObj(m, "lineStyle")
	if err != nil {
		return s, err
	}
	if ls != nil {
		if err := scCheckKeys("lineStyle", ls, "width", "type", "color"); err != nil {
			return s, err
		}
		if w, ok := scNum(ls["width"]); ok {
			s.lineWidth = w
		}
		if s.lineDash, err = scDash(ls["type"], s.lineWidth); err != nil {
			return s, err
		}
		if c, ok := ls["color"].(string); ok {
			if _, _, err := scColor(c); err != nil {
				return s, err
			}
			s.color = c
		}
	}
	as, err := scObj(m, "areaStyle")
	if err != nil {
		return s, err
	}
	if as != nil {
		if err := scCheckKeys("areaStyle", as, "opacity"); err != nil {
			return s, err
		}
		s.area, s.areaOp = true, 0.7
		if o, ok := scNum(as["opacity"]); ok {
			s.areaOp = o
		}
	}
	if s.typ == "line" {
		s.symbol, s.symSize, s.symAuto = "emptyCircle", 4, true
		if sym, ok := m["symbol"].(string); ok {
			s.symbol, s.symAuto = sym, false
		}
		if show, ok := m["showSymbol"].(bool); ok && !show {
			s.symbol = "none"
		}
		switch s.symbol {
		case "none", "circle", "emptyCircle":
		default:
			return s, fmt.Errorf("unsupported symbol %q", s.symbol)
		}
		if sz, ok := scNum(m["symbolSize"]); ok {
			s.symSize = sz
		} else if m["symbolSize"] != nil {
			return s, fmt.Errorf("unsupported symbolSize %v", m["symbolSize"])
		}
	}
	if err := r.parseMarks(s, m); err != nil {
		return s, err
	}
	return s, nil
}

// scDash turns a line type into an SVG dash array ("" for solid).
func scDash(v interface{}, width float64) (string, error) {
	switch v {
	case nil, "solid":
		return "", nil
	case "dashed":
		d := scFmt(math.Max(4, 2.5*width))
		return d + " " + d, nil
	case "dotted":
		return scFmt(math.Max(1, width)) + " " + scFmt(math.Max(2, 2*width)), nil
	}
	return "", fmt.Errorf("unsupported line type %v", v)
}

func (r *scRenderer) parseMarks(s *scSeries, m map[string]interface{}) error {
	ma, err := scObj(m, "markArea")
	if err != nil {
		return err
	}
	if ma != nil {
		if err := scCheckKeys("markArea", ma, "data", "itemStyle"); err != nil {
			return err
		}
		s.markColor = "rgba(120,120,120,0.1)"
		if is, _ := scObj(ma, "itemStyle"); is != nil {
			if err := scCheckKeys("markArea itemStyle", is, "color"); err != nil {
				return err
			}
			if c, ok := is["color"].(string); ok {
				s.markColor = c
			}
		}
		if _, _, err := scColor(s.markColor); err != nil {
			return err
		}
		for k, d := range scList(ma["data"]) {
			pair, ok := d.([]interface{})
			if !ok || len(pair) != 2 {
				return fmt.Errorf("markArea item %d is not a pair", k)
			}
			var xs [2]float64
			for j, p := range pair {
				pm, ok := p.(map[string]interface{})
				if !ok {
					return fmt.Errorf("markArea item %d is not a pair of objects", k)
				}
				if err := scCheckKeys("markArea item", pm, "xAxis"); err != nil {
					return err
				}
				if xs[j], ok = scNum(pm["xAxis"]); !ok {
					return fmt.Errorf("markArea item %d: unsupported xAxis %v", k, pm["xAxis"])
				}
			}
			s.markAreas = append(s.markAreas, xs)
		}
	}
	ml, err := scObj(m, "markLine")
	if err != nil || ml == nil {
		return err
	}
	if err := scCheckKeys("markLine", ml, "data", "symbol", "label", "lineStyle"); err != nil {
		return err
	}
	for _, sym := range scList(ml["symbol"]) {
		if sym != "none" {
			return fmt.Errorf("markLine: unsupported symbol %v", sym)
		}
	}
	showLabel := true
	if lab, _ := scObj(ml, "label"); lab != nil {
		if err := scCheckKeys("markLine label", lab, "show", "formatter"); err != nil {
			return err
		}
		if sh, ok := lab["show"].(bool); ok {
			showLabel = sh
		}
		if f, ok := lab["formatter"]; ok && f != nil && f != "{b}" {
			return fmt.Errorf("markLine label: unsupported formatter %v", f)
		}
	}
	s.mlColor, s.mlWidth = s.color, 1
	if ls, _ := scObj(ml, "lineStyle"); ls != nil {
		if err := scCheckKeys("markLine lineStyle", ls, "color", "width", "type"); err != nil {
			return err
		}
		if c, ok := ls["color"].(string); ok {
			if _, _, err := scColor(c); err != nil {
				return err
			}
			s.mlColor = c
		}
		if w, ok := scNum(ls["width"]); ok {
			s.mlWidth = w
		}
		if s.mlDash, err = scDash(ls["type"], s.mlWidth); err != nil {
			return err
		}
	}
	for k, d := range scList(ml["data"]) {
		dm, ok := d.(map[string]interface{})
		if !ok {
			return fmt.Errorf("markLine item %d is not an object", k)
		}
		if err := scCheckKeys("markLine item", dm, "xAxis", "name"); err != nil {
			return err
		}
		x, ok := scNum(dm["xAxis"])
		if !ok {
			return fmt.Errorf("markLine item %d: unsupported xAxis %v", k, dm["xAxis"])
		}
		name := ""
		if showLabel {
			name, _ = dm["name"].(string)
		}
		s.markLines = append(s.markLines, scMarkLine{x: x, name: name})
	}
	return nil
}

func (r *scRenderer) parseTitles() error {
	for i, t := range scList(r.opt["title"]) {
		m, ok := t.(map[string]interface{})
		if !ok {
			return fmt.Errorf("title %d is not an object", i)
		}
		if err := scCheckKeys(fmt.Sprintf("title %d", i), m, "text", "left", "top", "textAlign", "textStyle"); err != nil {
			return err
		}
		text, _ := m["text"].(string)
		if text == "" {
			continue
		}
		tt := scTitle{text: text, anchor: "start", size: 18, bold: true}
		if ts, _ := scObj(m, "textStyle"); ts != nil {
			if err := scCheckKeys("title textStyle", ts, "fontSize", "fontWeight"); err != nil {
				return err
			}
			if fs, ok := scNum(ts["fontSize"]); ok {
				tt.size = fs
			}
			if fw, ok := ts["fontWeight"].(string); ok {
				tt.bold = fw == "bold" || fw == "bolder"
			}
		}
		switch l := m["left"].(type) {
		case string:
			if l == "center" {
				tt.x, tt.anchor = r.w/2, "middle"
				break
			}
			x, _, err := scPos(l, r.w)
			if err != nil {
				return fmt.Errorf("title %d left: %w", i, err)
			}
			tt.x = x
		case float64:
			tt.x = l
		case nil:
		default:
			return fmt.Errorf("title %d: unsupported left %v", i, l)
		}
		switch a, _ := m["textAlign"].(string); a {
		case "", "auto":
		case "center":
			tt.anchor = "middle"
		case "left":
			tt.anchor = "start"
		case "right":
			tt.anchor = "end"
		default:
			return fmt.Errorf("title %d: unsupported textAlign %q", i, a)
		}
		top, _, err := scPos(m["top"], r.h)
		if err != nil {
			return fmt.Errorf("title %d top: %w", i, err)
		}
		tt.top = top
		r.titles = append(r.titles, tt)
	}
	return nil
}

// --- values -------------------------------------------------------------------

// stack works out every visible series' base and top values: a stacked series
// starts where the series before it in the same stack ends, point by point.
func (r *scRenderer) stack() {
	acc := map[string][]float64{}
	for _, s := range r.series {
		if s.typ == "custom" {
			continue
		}
		n := len(s.rows)
		s.base, s.top = make([]float64, n), make([]float64, n)
		var prev []float64
		if s.stackKey != "" && s.visible {
			prev = acc[s.stackKey]
			if len(prev) < n {
				prev = append(prev, make([]float64, n-len(prev))...)
			}
		}
		for k, row := range s.rows {
			v := row[1]
			if prev != nil {
				s.base[k] = prev[k]
				if !math.IsNaN(v) {
					prev[k] += v
				}
			}
			s.top[k] = s.base[k] + v
		}
		if prev != nil {
			acc[s.stackKey] = prev
		}
	}
	for _, s := range r.series {
		if !s.visible {
			continue
		}
		for k, row := range s.rows {
			switch s.typ {
			case "custom":
				s.xa.extend(row[0])
				s.ya.extend(row[1])
				s.ya.extend(row[2])
			default:
				if math.IsNaN(row[1]) {
					continue
				}
				s.xa.extend(row[0])
				s.ya.extend(s.top[k])
				if s.typ == "bar" || s.stackKey != "" {
					s.ya.extend(s.base[k])
				}
			}
		}
	}
}
