package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Drawing the static charts: axes, marks, series and the legend.

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

// scRanges lists the drawn range of each axis ("min max", log axes in decades,
// category axes empty), axes separated by ";".
func scRanges(axes []*scAxis) string {
	parts := make([]string, len(axes))
	for i, a := range axes {
		if a.typ != "category" {
			parts[i] = strconv.FormatFloat(a.min, 'g', 10, 64) + " " + strconv.FormatFloat(a.max, 'g', 10, 64)
		}
	}
	return strings.Join(parts, ";")
}

func (r *scRenderer) renderAxes(b *strings.Builder) {
	b.WriteString(`<g class="axes" data-x="` + scRanges(r.xAxes) + `" data-y="` + scRanges(r.yAxes) + `">` + "\n")
	for _, a := range r.yAxes {
		g := r.grids[a.grid]
		var lines strings.Builder
		for _, t := range a.ticks {
			y := a.pxRaw(t.v, a.min, a.max)
			lines.WriteString("M" + scFmt(g.x) + " " + scFmt(y) + "H" + scFmt(g.x+g.w))
			if !t.hide {
				scText(b, g.x-8, y+4, "end", scTextColor, 11, false, "", r.tickLabel(a, t))
			}
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
			if t.hide {
				continue
			}
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
	// A series with nothing to draw (bars all zero) keeps its group, as ECharts
	// keeps the series: the picture lists the series ECharts shows.
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
