package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
// The picture is a view box 1064 wide and ch.Height high (CSS pixels), every drawn
// series one <g class="series" data-name="…"> holding its marks, every text
// escaped; coordinates carry at most one decimal. The output depends only on ch.
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
			if iv, ok := lab["interval"]; ok && iv != nil && iv != "0" && iv != 0.0 && iv != "auto" {
				return nil, fmt.Errorf("%s axisLabel: unsupported interval %v", what, iv)
			}
			a.rotate, _ = scNum(lab["rotate"])
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

func (a *scAxis) extend(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || (a.typ == "log" && v <= 0) {
		return
	}
	a.dataLo, a.dataHi = math.Min(a.dataLo, v), math.Max(a.dataHi, v)
}

// scNice rounds an interval to 1, 2, 3 or 5 times a power of ten, as ECharts does.
func scNice(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	e := math.Floor(math.Log10(v))
	p := math.Pow(10, e)
	f := v / p
	switch {
	case f < 1.5:
		f = 1
	case f < 2.5:
		f = 2
	case f < 4:
		f = 3
	case f < 7:
		f = 5
	default:
		f = 10
	}
	return f * p
}

// scaleAxis fixes an axis' range, ticks and pixel ends.
func (r *scRenderer) scaleAxis(a *scAxis) error {
	g := r.grids[a.grid]
	if a.horizontal {
		a.p0, a.p1 = g.x, g.x+g.w
	} else {
		a.p0, a.p1 = g.y+g.h, g.y
	}
	switch a.typ {
	case "category":
		n := len(a.cats)
		if n == 0 && a.dataHi >= 0 {
			n = int(a.dataHi) + 1
		}
		a.min, a.max = 0, float64(n)
		for i, c := range a.cats {
			a.ticks = append(a.ticks, scTick{float64(i), c})
		}
		return nil
	case "log":
		lo, hi := math.Floor(math.Log10(a.dataLo)), math.Ceil(math.Log10(a.dataHi))
		if a.hasMin {
			lo = math.Log10(a.min)
		}
		if a.hasMax {
			if a.max <= 0 {
				return fmt.Errorf("log axis maximum %v is not positive", a.max)
			}
			hi = math.Log10(a.max)
		}
		if math.IsInf(lo, 0) || math.IsNaN(lo) {
			lo = 0
		}
		if math.IsInf(hi, 0) || math.IsNaN(hi) || hi <= lo {
			hi = math.Floor(lo) + 1
		}
		a.min, a.max = lo, hi
		step := math.Max(1, math.Ceil((math.Floor(hi)-math.Ceil(lo))/8))
		for d := math.Ceil(lo - 1e-9); d <= hi+1e-9; d += step {
			a.ticks = append(a.ticks, scTick{d, ""})
		}
		return nil
	}
	lo, hi := a.dataLo, a.dataHi
	if lo > hi {
		lo, hi = 0, 1
	}
	if a.typ == "value" && !a.scale {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if a.hasMin {
		lo = a.min
	}
	if a.hasMax {
		hi = a.max
	}
	if hi == lo {
		switch {
		case a.typ == "time":
			lo, hi = lo-43200000, hi+43200000
		case !a.hasMax && (a.hasMin || lo >= 0):
			hi = lo + math.Max(1, math.Abs(lo)/2)
		case !a.hasMin:
			lo = hi - math.Max(1, math.Abs(hi)/2)
		default:
			return fmt.Errorf("axis range %v to %v is empty", lo, hi)
		}
	}
	if hi < lo {
		return fmt.Errorf("axis minimum %v above its maximum %v", lo, hi)
	}
	if a.typ == "time" {
		a.min, a.max = lo, hi
		a.ticks = scTimeTicks(lo, hi)
		return nil
	}
	a.interval = scNice((hi - lo) / 5)
	if !a.hasMin {
		lo = math.Floor(lo/a.interval+1e-9) * a.interval
	}
	if !a.hasMax {
		hi = math.Ceil(hi/a.interval-1e-9) * a.interval
	}
	a.min, a.max = lo, hi
	dec := max(0, int(-math.Floor(math.Log10(a.interval)+1e-9)))
	for k := math.Ceil(lo/a.interval - 1e-9); k*a.interval <= hi+a.interval*1e-9; k++ {
		v := k * a.interval
		a.ticks = append(a.ticks, scTick{v, scNumLabel(v, dec)})
	}
	return nil
}

// scNumLabel writes an axis value with up to dec decimals (trailing zeros dropped,
// as ECharts does: 5, 5.5, 6) and thousands separators.
func scNumLabel(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:]
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	out := groupThousands(intPart)
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// scTimeTicks places about six to eight date ticks on a UTC time range in Unix ms:
// every 1, 2, 3, 5, 7, 10 or 14 days from the first midnight, else on the first of
// every 1, 2, 3 or 6 months, else every 1, 2, 5 or 10 years.
func scTimeTicks(lo, hi float64) []scTick {
	const day = 86400000.0
	first := time.UnixMilli(int64(math.Ceil(lo/day)) * int64(day)).UTC()
	for _, d := range []int{1, 2, 3, 5, 7, 10, 14} {
		if (hi-float64(first.UnixMilli()))/(float64(d)*day) < 8 {
			var ts []scTick
			for t := first; float64(t.UnixMilli()) <= hi; t = t.AddDate(0, 0, d) {
				ts = append(ts, scTick{float64(t.UnixMilli()), t.Format("2 Jan 2006")})
			}
			return ts
		}
	}
	start := time.UnixMilli(int64(lo)).UTC()
	m0 := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m0.Before(start) {
		m0 = m0.AddDate(0, 1, 0)
	}
	for _, m := range []int{1, 2, 3, 6} {
		var ts []scTick
		for t := m0; float64(t.UnixMilli()) <= hi; t = t.AddDate(0, 1, 0) {
			if (int(t.Month())-1)%m == 0 {
				ts = append(ts, scTick{float64(t.UnixMilli()), t.Format("Jan 2006")})
			}
		}
		if len(ts) <= 8 {
			return ts
		}
	}
	for _, y := range []int{1, 2, 5, 10, 20, 50, 100} {
		var ts []scTick
		for yr := start.Year() + 1; ; yr++ {
			t := time.Date(yr, 1, 1, 0, 0, 0, 0, time.UTC)
			if float64(t.UnixMilli()) > hi {
				break
			}
			if yr%y == 0 {
				ts = append(ts, scTick{float64(t.UnixMilli()), strconv.Itoa(yr)})
			}
		}
		if len(ts) <= 8 {
			return ts
		}
	}
	return nil
}

// px is the pixel position of axis value v (a category's index on a category
// axis: the centre of its band).
func (a *scAxis) px(v float64) float64 {
	lo, hi := a.min, a.max
	switch a.typ {
	case "category":
		v += 0.5
	case "log":
		if v <= 0 {
			return math.NaN()
		}
		v = math.Log10(v)
	}
	return a.pxRaw(v, lo, hi)
}

// pxRaw maps v in [lo, hi] (log axes: in decades) onto the axis.
func (a *scAxis) pxRaw(v, lo, hi float64) float64 {
	if hi == lo {
		return a.p0
	}
	return a.p0 + (v-lo)/(hi-lo)*(a.p1-a.p0)
}

// band is the width of one category in pixels.
func (a *scAxis) band() float64 {
	if a.max <= 0 {
		return 0
	}
	return math.Abs(a.p1-a.p0) / a.max
}

// tickLabel is a tick's label (log ticks: the decade's value, or a duration).
func (r *scRenderer) tickLabel(a *scAxis, t scTick) string {
	v := t.v
	if a.typ == "log" {
		v = math.Pow(10, t.v)
	}
	if r.ch.XHours && a.horizontal && a.typ != "category" && a.typ != "time" {
		return durationText(v)
	}
	if a.typ == "log" {
		return scNumLabel(v, max(0, int(-t.v)))
	}
	return t.label
}

// --- output -------------------------------------------------------------------

// scFmt writes a coordinate with at most one decimal.
func scFmt(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// scEsc escapes text for XML, replacing characters XML cannot hold.
func scEsc(s string) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, scBadRune) >= 0 {
		s = strings.Map(func(r rune) rune {
			if scBadRune(r) {
				return '\uFFFD'
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
	}
	return template.HTMLEscapeString(s)
}

// scBadRune reports a character that XML 1.0 does not allow.
func scBadRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF ||
		r >= 0xD800 && r <= 0xDFFF
}

// scColor turns a CSS colour (#rgb, #rrggbb, rgb() or rgba()) into an SVG colour
// and an opacity.
func scColor(c string) (string, float64, error) {
	c = strings.TrimSpace(c)
	if strings.HasPrefix(c, "#") {
		h := c[1:]
		if len(h) != 3 && len(h) != 6 {
			return "", 0, fmt.Errorf("unsupported colour %q", c)
		}
		if _, err := strconv.ParseUint(h, 16, 32); err != nil {
			return "", 0, fmt.Errorf("unsupported colour %q", c)
		}
		return strings.ToLower(c), 1, nil
	}
	for _, fn := range []string{"rgba(", "rgb("} {
		if !strings.HasPrefix(c, fn) || !strings.HasSuffix(c, ")") {
			continue
		}
		parts := strings.Split(c[len(fn):len(c)-1], ",")
		if want := len(fn) - 1; len(parts) != want { // rgba( has 4 parts, rgb( 3
			return "", 0, fmt.Errorf("unsupported colour %q", c)
		}
		var rgb [3]int
		for i := 0; i < 3; i++ {
			v, err := strconv.Atoi(strings.TrimSpace(parts[i]))
			if err != nil || v < 0 || v > 255 {
				return "", 0, fmt.Errorf("unsupported colour %q", c)
			}
			rgb[i] = v
		}
		op := 1.0
		if len(parts) == 4 {
			v, err := strconv.ParseFloat(strings.TrimSpace(parts[3]), 64)
			if err != nil || v < 0 || v > 1 {
				return "", 0, fmt.Errorf("unsupported colour %q", c)
			}
			op = v
		}
		return fmt.Sprintf("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]), op, nil
	}
	return "", 0, fmt.Errorf("unsupported colour %q", c)
}

// scPaint writes a fill or stroke attribute for a colour validated at parsing,
// with its opacity times op when below 1.
func scPaint(attr, c string, op float64) string {
	col, o, _ := scColor(c)
	s := " " + attr + `="` + col + `"`
	if o*op < 1 {
		s += " " + attr + `-opacity="` + strconv.FormatFloat(math.Round(o*op*100)/100, 'f', -1, 64) + `"`
	}
	return s
}

// scTextWidth estimates the width in px of s set in a sans-serif font of size px,
// erring wide (DejaVu Sans, the widest of the page's fonts).
func scTextWidth(s string, size float64) float64 {
	w := 0.0
	for _, c := range s {
		switch {
		case strings.ContainsRune("il.,:;|!'’ ", c):
			w += 0.32
		case strings.ContainsRune("fjtr()/-[]", c):
			w += 0.41
		case strings.ContainsRune("mwMW", c):
			w += 0.93
		case c >= 'A' && c <= 'Z':
			w += 0.72
		default:
			w += 0.63
		}
	}
	return w * size
}

// scText writes one text element.
func scText(b *strings.Builder, x, y float64, anchor, fill string, size float64, bold bool, extra, text string) {
	b.WriteString(`<text x="` + scFmt(x) + `" y="` + scFmt(y) + `"`)
	if anchor != "" && anchor != "start" {
		b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if size != 11 {
		b.WriteString(` font-size="` + scFmt(size) + `"`)
	}
	if bold {
		b.WriteString(` font-weight="bold"`)
	}
	b.WriteString(` fill="` + fill + `"` + extra + `>` + scEsc(text) + "</text>\n")
}

func (r *scRenderer) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="static-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="100%%" height="100%%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="%s" font-family="inherit" font-size="11">`+"\n",
		scFmt(r.w), scFmt(r.h), scEsc(r.ariaLabel()))
	r.renderAxes(&b)
	r.renderMarkAreas(&b)
	for _, s := range r.series {
		if s.visible && s.typ != "custom" {
			r.renderSeries(&b, s)
		}
	}
	for _, s := range r.series {
		if s.visible && s.typ == "custom" {
			r.renderSeries(&b, s)
		}
	}
	r.renderMarkLines(&b)
	for _, t := range r.titles {
		scText(&b, t.x, t.top+t.size*0.9, t.anchor, scTitleColor, t.size, t.bold, "", t.text)
	}
	r.renderLegend(&b)
	b.WriteString("</svg>")
	return b.String()
}

// ariaLabel says in one phrase what the chart shows.
func (r *scRenderer) ariaLabel() string {
	if len(r.xAxes) == 0 || len(r.yAxes) == 0 {
		return "Chart"
	}
	x, y := r.xAxes[0], r.yAxes[0]
	what := y.name
	if what == "" {
		what = "values"
	}
	var s string
	switch x.typ {
	case "time":
		s = "Chart: " + what + " over time"
		if len(r.ch.Panels) > 1 {
			s += ", one panel per ordering (" + strings.Join(r.ch.Panels, ", ") + ")"
		}
	case "category":
		var cats []string
		seen := map[string]bool{}
		for _, a := range r.xAxes {
			for _, c := range a.cats {
				if !seen[c] {
					seen[c] = true
					cats = append(cats, c)
				}
			}
		}
		if len(cats) > 4 {
			s = fmt.Sprintf("Chart: bars of %s for %d categories", what, len(cats))
		} else {
			s = "Chart: bars of " + what + " for " + strings.Join(cats, ", ")
		}
		if len(r.grids) > 1 {
			s += fmt.Sprintf(", in %d panels", len(r.grids))
		}
	default:
		xn := x.name
		if xn == "" {
			xn = "x"
		}
		s = "Chart: " + what + " against " + xn
	}
	if lg := r.legend; lg != nil && lg.single && lg.selected != "" {
		s += ", showing " + lg.selected + " (one line at a time)"
	} else if lg != nil && len(lg.names) > 4 {
		s += fmt.Sprintf(", %d series", len(lg.names))
	} else if lg != nil && len(lg.names) > 0 {
		s += ", by " + strings.Join(lg.names, ", ")
	}
	return s
}

func (r *scRenderer) renderAxes(b *strings.Builder) {
	b.WriteString(`<g class="axes">` + "\n")
	for _, a := range r.yAxes {
		g := r.grids[a.grid]
		var lines strings.Builder
		for _, t := range a.ticks {
			y := a.pxRaw(t.v, a.min, a.max)
			lines.WriteString("M" + scFmt(g.x) + " " + scFmt(y) + "H" + scFmt(g.x+g.w))
			scText(b, g.x-8, y+4, "end", scTextColor, 11, false, "", r.tickLabel(a, t))
		}
		if lines.Len() > 0 {
			b.WriteString(`<path d="` + lines.String() + `" stroke="` + scGridColor + `" fill="none"/>` + "\n")
		}
		if a.name != "" {
			x := g.x
			anchor := "middle"
			if scTextWidth(a.name, 11)/2 > x-4 {
				x, anchor = 4, "start"
			}
			scText(b, x, g.y-10, anchor, scTextColor, 11, false, "", a.name)
		}
	}
	for _, a := range r.xAxes {
		g := r.grids[a.grid]
		bottom := g.y + g.h
		var grid, ticks strings.Builder
		for i, t := range a.ticks {
			x := a.pxRaw(t.v, a.min, a.max)
			switch a.typ {
			case "category":
				x = a.px(t.v)
				if i == 0 {
					ticks.WriteString("M" + scFmt(g.x) + " " + scFmt(bottom) + "v5")
				}
				ticks.WriteString("M" + scFmt(a.p0+float64(i+1)*a.band()) + " " + scFmt(bottom) + "v5")
			case "time":
				ticks.WriteString("M" + scFmt(x) + " " + scFmt(bottom) + "v5")
			default:
				grid.WriteString("M" + scFmt(x) + " " + scFmt(g.y) + "V" + scFmt(bottom))
			}
			label := r.tickLabel(a, t)
			if a.rotate != 0 {
				y := bottom + 12
				scText(b, x, y, "end", scTextColor, 11, false,
					` transform="rotate(`+scFmt(-a.rotate)+" "+scFmt(x)+" "+scFmt(y)+`)"`, label)
			} else {
				// Keep the end labels inside the picture.
				half := scTextWidth(label, 11) / 2
				x = math.Max(math.Min(x, r.w-2-half), 2+half)
				scText(b, x, bottom+18, "middle", scTextColor, 11, false, "", label)
			}
		}
		if grid.Len() > 0 {
			b.WriteString(`<path d="` + grid.String() + `" stroke="` + scGridColor + `" fill="none"/>` + "\n")
		}
		b.WriteString(`<path d="M` + scFmt(g.x) + " " + scFmt(bottom) + "H" + scFmt(g.x+g.w) + ticks.String() +
			`" stroke="` + scAxisColor + `" fill="none"/>` + "\n")
		if a.name != "" {
			if a.nameMiddle {
				scText(b, g.x+g.w/2, bottom+a.nameGap+11, "middle", scTextColor, 11, false, "", a.name)
			} else {
				scText(b, g.x+g.w+a.nameGap/3, bottom+4, "start", scTextColor, 11, false, "", a.name)
			}
		}
	}
	b.WriteString("</g>\n")
}

func (r *scRenderer) renderMarkAreas(b *strings.Builder) {
	for _, s := range r.series {
		if !s.visible || len(s.markAreas) == 0 {
			continue
		}
		g := r.grids[s.xa.grid]
		var d strings.Builder
		for _, m := range s.markAreas {
			x0, x1 := s.xa.px(m[0]), s.xa.px(m[1])
			x0, x1 = scClamp(math.Min(x0, x1), g.x, g.x+g.w), scClamp(math.Max(x0, x1), g.x, g.x+g.w)
			if math.IsNaN(x0) || math.IsNaN(x1) || x1-x0 < 0.05 {
				continue
			}
			d.WriteString("M" + scFmt(x0) + " " + scFmt(g.y) + "H" + scFmt(x1) + "V" + scFmt(g.y+g.h) + "H" + scFmt(x0) + "Z")
		}
		if d.Len() > 0 {
			b.WriteString(`<g class="mark-area"><path d="` + d.String() + `"` + scPaint("fill", s.markColor, 1) + "/></g>\n")
		}
	}
}

func (r *scRenderer) renderMarkLines(b *strings.Builder) {
	for _, s := range r.series {
		if !s.visible || len(s.markLines) == 0 {
			continue
		}
		g := r.grids[s.xa.grid]
		b.WriteString(`<g class="mark-line">`)
		for _, m := range s.markLines {
			x := s.xa.px(m.x)
			if math.IsNaN(x) || x < g.x-0.05 || x > g.x+g.w+0.05 {
				continue
			}
			b.WriteString(`<path d="M` + scFmt(x) + " " + scFmt(g.y+g.h) + "V" + scFmt(g.y) + `"` + scPaint("stroke", s.mlColor, 1) +
				` stroke-width="` + scFmt(s.mlWidth) + `"`)
			if s.mlDash != "" {
				b.WriteString(` stroke-dasharray="` + s.mlDash + `"`)
			}
			b.WriteString("/>\n")
			if m.name != "" {
				scText(b, x, g.y-4, "middle", scTextColor, 11, false, "", m.name)
			}
		}
		b.WriteString("</g>\n")
	}
}

func scClamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}

// scPoint is a point in pixels.
type scPoint struct{ x, y float64 }

// scSimplify drops the points of a polyline that lie within tol px of the line
// through the points kept around them (Douglas–Peucker), keeping both ends.
func scSimplify(pts []scPoint, tol float64) []scPoint {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	type span struct{ a, b int }
	stack := []span{{0, len(pts) - 1}}
	for len(stack) > 0 {
		sp := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, c := pts[sp.a], pts[sp.b]
		dx, dy := c.x-a.x, c.y-a.y
		l := math.Hypot(dx, dy)
		worst, at := -1.0, -1
		for i := sp.a + 1; i < sp.b; i++ {
			p := pts[i]
			var d float64
			if l == 0 {
				d = math.Hypot(p.x-a.x, p.y-a.y)
			} else {
				d = math.Abs(dy*(p.x-a.x)-dx*(p.y-a.y)) / l
			}
			if d > worst {
				worst, at = d, i
			}
		}
		if at >= 0 && worst > tol {
			keep[at] = true
			stack = append(stack, span{sp.a, at}, span{at, sp.b})
		}
	}
	out := pts[:0:0]
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

// scTolerance is how far (px) a simplified line may stray from the data's line:
// well below what a reader can see.
const scTolerance = 0.25

// scPath writes a polyline as path data: absolute moves and line-tos.
func scPath(d *strings.Builder, pts []scPoint, move bool) {
	for i, p := range pts {
		switch {
		case i == 0 && move:
			d.WriteString("M")
		case i == 0:
			d.WriteString("L")
		case i == 1:
			d.WriteString("L")
		default:
			d.WriteString(" ")
		}
		d.WriteString(scFmt(p.x) + " " + scFmt(p.y))
	}
}

func (r *scRenderer) renderSeries(b *strings.Builder, s *scSeries) {
	var marks strings.Builder
	switch s.typ {
	case "line":
		r.renderLine(&marks, s)
	case "bar":
		r.renderBars(&marks, s)
	case "custom":
		r.renderWhiskers(&marks, s)
	}
	if marks.Len() == 0 {
		return
	}
	b.WriteString(`<g class="series" data-name="` + scEsc(s.name) + `">` + marks.String() + "</g>\n")
}

func (r *scRenderer) renderLine(b *strings.Builder, s *scSeries) {
	g := r.grids[s.xa.grid]
	pt := func(k int, v float64) (scPoint, bool) {
		x := s.xa.px(s.rows[k][0])
		y := s.ya.px(v)
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			return scPoint{}, false
		}
		return scPoint{scClamp(x, g.x, g.x+g.w), scClamp(y, g.y, g.y+g.h)}, true
	}
	// Runs of points without a gap.
	var runs [][2]int
	start := -1
	for k := range s.rows {
		_, ok := pt(k, s.top[k])
		ok = ok && !math.IsNaN(s.rows[k][1])
		if ok && start < 0 {
			start = k
		}
		if !ok && start >= 0 {
			runs = append(runs, [2]int{start, k})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{start, len(s.rows)})
	}
	var line, area strings.Builder
	for _, rn := range runs {
		var top []scPoint
		for k := rn[0]; k < rn[1]; k++ {
			p, _ := pt(k, s.top[k])
			top = append(top, p)
		}
		top = scSimplify(top, scTolerance)
		if s.area {
			var base []scPoint
			for k := rn[1] - 1; k >= rn[0]; k-- {
				v := s.base[k]
				if s.stackKey == "" {
					v = scClamp(0, s.ya.axisMin(), s.ya.axisMax())
				}
				p, ok := pt(k, v)
				if ok {
					base = append(base, p)
				}
			}
			base = scSimplify(base, scTolerance)
			scPath(&area, top, true)
			scPath(&area, base, false)
			area.WriteString("Z")
		}
		if !s.area || s.stackKey == "" {
			scPath(&line, top, true)
		}
	}
	if area.Len() > 0 {
		b.WriteString(`<path d="` + area.String() + `"` + scPaint("fill", s.color, s.areaOp) + "/>")
	}
	if line.Len() > 0 && s.lineWidth > 0 {
		b.WriteString(`<path d="` + line.String() + `" fill="none"` + scPaint("stroke", s.color, 1) +
			` stroke-width="` + scFmt(s.lineWidth) + `" stroke-linejoin="round"`)
		if s.lineDash != "" {
			b.WriteString(` stroke-dasharray="` + s.lineDash + `"`)
		}
		b.WriteString("/>")
	}
	crowded := s.symAuto && float64(len(s.rows))*(s.symSize+2) > math.Abs(s.xa.p1-s.xa.p0)
	if s.symbol != "none" && s.symSize > 0 && !crowded {
		for k := range s.rows {
			if math.IsNaN(s.rows[k][1]) {
				continue
			}
			p, ok := pt(k, s.top[k])
			if !ok {
				continue
			}
			b.WriteString(`<circle cx="` + scFmt(p.x) + `" cy="` + scFmt(p.y) + `" r="` + scFmt(s.symSize/2) + `"`)
			if s.symbol == "emptyCircle" {
				b.WriteString(` fill="#fff"` + scPaint("stroke", s.color, 1))
			} else {
				b.WriteString(scPaint("fill", s.color, 1))
			}
			b.WriteString("/>")
		}
	}
}

// axisMin and axisMax are the ends of a value axis' range in data units.
func (a *scAxis) axisMin() float64 {
	if a.typ == "log" {
		return math.Pow(10, a.min)
	}
	return a.min
}

func (a *scAxis) axisMax() float64 {
	if a.typ == "log" {
		return math.Pow(10, a.max)
	}
	return a.max
}

// barLayout is where a bar series' bars sit in their category band: the offset of
// the bar's left edge from the band's centre and its width, in px.
func (r *scRenderer) barLayout(s *scSeries) (float64, float64) {
	band := s.xa.band()
	type column struct {
		key   string
		width float64
		auto  bool
	}
	var cols []*column
	byKey := map[string]*column{}
	gap := 0.3
	for _, o := range r.series {
		if o.typ != "bar" || o.xa != s.xa || !o.visible {
			continue
		}
		key := "series" + strconv.Itoa(o.index)
		if o.stackKey != "" {
			key = "stack" + o.stackKey
		}
		c := byKey[key]
		if c == nil {
			c = &column{key: key, auto: true}
			byKey[key] = c
			cols = append(cols, c)
		}
		if o.barWidth != "" && c.auto {
			if w, ok, err := scPos(o.barWidth, band); err == nil && ok {
				c.width, c.auto = w, false
			}
		}
		if o.barGap != "" {
			if g, ok, err := scPos(o.barGap, 1); err == nil && ok {
				gap = g
			}
		}
	}
	remained := band
	autoN := 0
	for _, c := range cols {
		if c.auto {
			autoN++
		} else {
			remained -= c.width
		}
	}
	if autoN > 0 {
		aw := math.Max(0, (remained-0.2*band)/(float64(autoN)+float64(autoN-1)*gap))
		for _, c := range cols {
			if c.auto {
				c.width = aw
			}
		}
	}
	sum := 0.0
	for i, c := range cols {
		sum += c.width
		if i < len(cols)-1 {
			sum += c.width * gap
		}
	}
	off := -sum / 2
	key := "series" + strconv.Itoa(s.index)
	if s.stackKey != "" {
		key = "stack" + s.stackKey
	}
	for _, c := range cols {
		if c.key == key {
			return off, c.width
		}
		off += c.width * (1 + gap)
	}
	return 0, 0
}

func (r *scRenderer) renderBars(b *strings.Builder, s *scSeries) {
	off, w := r.barLayout(s)
	if w <= 0 {
		return
	}
	g := r.grids[s.xa.grid]
	for k, row := range s.rows {
		if math.IsNaN(row[1]) || row[1] == 0 || row[0] < 0 || row[0] >= s.xa.max {
			continue
		}
		cx := s.xa.px(row[0])
		y0 := scClamp(s.ya.px(s.base[k]), g.y, g.y+g.h)
		y1 := scClamp(s.ya.px(s.top[k]), g.y, g.y+g.h)
		top, h := math.Min(y0, y1), math.Abs(y1-y0)
		if h < 0.05 {
			continue
		}
		b.WriteString(`<rect x="` + scFmt(cx+off) + `" y="` + scFmt(top) + `" width="` + scFmt(w) +
			`" height="` + scFmt(h) + `"` + scPaint("fill", s.color, 1) + "/>")
	}
}

func (r *scRenderer) renderWhiskers(b *strings.Builder, s *scSeries) {
	var d strings.Builder
	for _, row := range s.rows {
		x, lo, hi, i, n, w := row[0], row[1], row[2], row[3], row[4], row[5]
		if math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi) {
			continue
		}
		band := 0.0
		if w > 0 {
			if s.xa.typ == "category" {
				band = s.xa.band()
			} else {
				band = math.Abs(s.xa.px(x+1) - s.xa.px(x))
			}
		}
		off := 0.0
		if w > 0 {
			off = (i - (n-1)/2) * w * band
		}
		cx := s.xa.px(x) + off
		ya, yb := s.ya.px(lo), s.ya.px(hi)
		if math.IsNaN(cx) || math.IsNaN(ya) || math.IsNaN(yb) {
			continue
		}
		cp := 5.0
		if w > 0 {
			cp = math.Max(3, math.Min(8, w*band*0.2))
		}
		d.WriteString("M" + scFmt(cx) + " " + scFmt(ya) + "V" + scFmt(yb) +
			"M" + scFmt(cx-cp) + " " + scFmt(ya) + "H" + scFmt(cx+cp) +
			"M" + scFmt(cx-cp) + " " + scFmt(yb) + "H" + scFmt(cx+cp))
	}
	if d.Len() > 0 {
		b.WriteString(`<path d="` + d.String() + `" fill="none"` + scPaint("stroke", s.color, 1) + ` stroke-width="1.5"/>`)
	}
}

// Legend geometry (px), as ECharts draws it: 25 × 14 swatches, 5 px to the name,
// 10 px between items, rows 18 px apart.
const (
	scLegendIconW = 25.0
	scLegendIconH = 14.0
	scLegendGap   = 10.0
	scLegendRow   = 18.0
	scLegendFont  = 12.0
)

func (r *scRenderer) renderLegend(b *strings.Builder) {
	lg := r.legend
	if lg == nil || len(lg.names) == 0 {
		return
	}
	left, right := 0.0, r.w
	if lg.hasLeft {
		left = lg.left
	}
	if lg.right > 0 {
		right = r.w - lg.right
	}
	// Room: down to the first grid or title below the legend.
	room := r.h
	for _, g := range r.grids {
		room = math.Min(room, g.y)
	}
	for _, t := range r.titles {
		if t.top > lg.top {
			room = math.Min(room, t.top)
		}
	}
	maxRows := max(1, int((room-lg.top-2-scLegendIconH)/scLegendRow)+1)
	itemW := func(name string) float64 {
		w := scTextWidth(name, scLegendFont)
		if lg.single && name == lg.selected {
			w *= 1.12 // bold
		}
		return scLegendIconW + 5 + w
	}
	// Greedy rows of item indexes.
	var rows [][]int
	x := 0.0
	for i, n := range lg.names {
		w := itemW(n)
		if len(rows) == 0 || x+w > right-left && len(rows[len(rows)-1]) > 0 {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		x += w + scLegendGap
	}
	more := 0
	if len(rows) > maxRows {
		for _, rw := range rows[maxRows:] {
			more += len(rw)
		}
		rows = rows[:maxRows]
		last := rows[maxRows-1]
		for len(last) > 0 {
			wsum := 0.0
			for _, i := range last {
				wsum += itemW(lg.names[i]) + scLegendGap
			}
			if wsum+scTextWidth(fmt.Sprintf("+%d more", more+1), scLegendFont) <= right-left || len(last) == 1 {
				break
			}
			last = last[:len(last)-1]
			more++
		}
		rows[maxRows-1] = last
	}
	first := map[string]*scSeries{}
	for _, s := range r.series {
		if first[s.name] == nil && s.typ != "custom" {
			first[s.name] = s
		}
	}
	for _, s := range r.series {
		if first[s.name] == nil {
			first[s.name] = s
		}
	}
	b.WriteString(`<g class="legend">` + "\n")
	for ri, rw := range rows {
		width := 0.0
		for j, i := range rw {
			width += itemW(lg.names[i])
			if j > 0 {
				width += scLegendGap
			}
		}
		if ri == len(rows)-1 && more > 0 {
			width += scLegendGap + scTextWidth(fmt.Sprintf("+%d more", more), scLegendFont)
		}
		x := left
		if !lg.hasLeft {
			x = left + (right-left-width)/2
		}
		y := lg.top + float64(ri)*scLegendRow
		for _, i := range rw {
			name := lg.names[i]
			s := first[name]
			on := !lg.single || name == lg.selected
			color := s.color
			if !on {
				color = scMutedColor
			}
			r.legendIcon(b, s, x, y, color)
			fill := scTextColor
			if lg.single && on {
				fill = scTitleColor
			}
			scText(b, x+scLegendIconW+5, y+scLegendIconH/2+4, "start", fill, scLegendFont, lg.single && on, "", name)
			x += itemW(name) + scLegendGap
		}
		if ri == len(rows)-1 && more > 0 {
			scText(b, x, y+scLegendIconH/2+4, "start", scTextColor, scLegendFont, false, "", fmt.Sprintf("+%d more", more))
		}
	}
	b.WriteString("</g>\n")
}

// legendIcon draws a legend swatch: a bar's or area's colour as a block, a line's
// as a short stroke (with its dash and symbol).
func (r *scRenderer) legendIcon(b *strings.Builder, s *scSeries, x, y float64, color string) {
	if s.typ == "bar" || s.area {
		b.WriteString(`<rect x="` + scFmt(x) + `" y="` + scFmt(y) + `" width="` + scFmt(scLegendIconW) + `" height="` +
			scFmt(scLegendIconH) + `" rx="3"` + scPaint("fill", color, 1) + "/>")
		return
	}
	cy := y + scLegendIconH/2
	b.WriteString(`<path d="M` + scFmt(x) + " " + scFmt(cy) + "h" + scFmt(scLegendIconW) + `"` + scPaint("stroke", color, 1) +
		` stroke-width="2"`)
	if s.lineDash != "" {
		b.WriteString(` stroke-dasharray="` + s.lineDash + `"`)
	}
	b.WriteString("/>")
	if s.typ == "line" && s.symbol != "none" {
		b.WriteString(`<circle cx="` + scFmt(x+scLegendIconW/2) + `" cy="` + scFmt(cy) + `" r="4"` + scPaint("fill", color, 1) + "/>")
	}
	b.WriteString("\n")
}
