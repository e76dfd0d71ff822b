package reports

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Axis scales, ticks, labels and text measures of the static charts.

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
			a.ticks = append(a.ticks, scTick{v: float64(i), label: c, hide: a.labelEvery > 1 && i%a.labelEvery != 0})
		}
		if len(a.ticks) >= 2 && a.labelEvery <= 1 {
			// As ECharts: an end label that overlaps its neighbour gives way (or, with
			// showMinLabel/showMaxLabel true, the neighbour does); false hides it.
			band := a.band()
			last := len(a.ticks) - 1
			a.endLabel(0, 1, a.showMin, band)
			a.endLabel(last, last-1, a.showMax, band)
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
			a.ticks = append(a.ticks, scTick{v: d})
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
		a.ticks = append(a.ticks, scTick{v: v, label: scNumLabel(v, dec)})
	}
	// As ECharts: a given minimum or maximum off the ticks' interval is a tick of
	// its own (a grid line and a label); its label gives way when it would overlap
	// its neighbour's.
	eps := a.interval * 1e-9
	if n := len(a.ticks); n == 0 || a.ticks[0].v > lo+eps {
		a.ticks = append([]scTick{{v: lo, label: scNumLabel(lo, scDecimals(lo, dec))}}, a.ticks...)
		if len(a.ticks) >= 2 {
			a.endLabel(0, 1, a.showMin, math.Abs(a.pxRaw(a.ticks[1].v, lo, hi)-a.pxRaw(lo, lo, hi)))
		}
	}
	if n := len(a.ticks); a.ticks[n-1].v < hi-eps {
		a.ticks = append(a.ticks, scTick{v: hi, label: scNumLabel(hi, scDecimals(hi, dec))})
		if n >= 1 {
			a.endLabel(n, n-1, a.showMax, math.Abs(a.pxRaw(hi, lo, hi)-a.pxRaw(a.ticks[n-1].v, lo, hi)))
		}
	}
	return nil
}

// scLabelHeight is the height in px of an axis label's box as ECharts measures it
// for overlaps (a 12 px font's digits; the static charts' 11 px labels fit it).
const scLabelHeight = 7.2

// endLabel decides whether the label of end tick i (the first or the last) and
// its neighbour j, dist px apart along the axis, are both drawn, as ECharts does:
// show false hides tick i's label; otherwise, if the two labels' boxes overlap,
// tick i's label gives way, or with show true its neighbour's does.
func (a *scAxis) endLabel(i, j int, show *bool, dist float64) {
	if show != nil && !*show {
		a.ticks[i].hide = true
		return
	}
	overlap := dist < scLabelHeight
	if a.horizontal {
		// Labels rotated by the same angle are parallel boxes dist apart across
		// the axis: they overlap when both the offset along the text is under the
		// labels' width and the offset across it under their height.
		w := (scTextWidth(a.ticks[i].label, 11) + scTextWidth(a.ticks[j].label, 11)) / 2
		th := a.rotate * math.Pi / 180
		overlap = dist*math.Abs(math.Cos(th)) < w && dist*math.Abs(math.Sin(th)) < scLabelHeight
	}
	if !overlap {
		return
	}
	if show != nil {
		a.ticks[j].hide = true
	} else {
		a.ticks[i].hide = true
	}
}

// scDecimals is the number of decimals that writes v exactly (to 1e-9), at least
// dec and at most dec+6.
func scDecimals(v float64, dec int) int {
	d := dec
	for ; d < dec+6; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(math.Round(v*p)/p-v) <= 1e-9*math.Max(1, math.Abs(v)) {
			break
		}
	}
	return d
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
				ts = append(ts, scTick{v: float64(t.UnixMilli()), label: t.Format("2 Jan 2006")})
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
				ts = append(ts, scTick{v: float64(t.UnixMilli()), label: t.Format("Jan 2006")})
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
				ts = append(ts, scTick{v: float64(t.UnixMilli()), label: strconv.Itoa(yr)})
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
		return scDurationLabel(v)
	}
	if a.typ == "log" {
		return scNumLabel(v, max(0, int(-t.v)))
	}
	return t.label
}

// scDurationLabel writes a duration in hours as the page script's axis labels do
// (its dur): in seconds below a minute, minutes below an hour, hours below two
// days, else days, with 0 decimals from 100, 1 from 10, 2 from 1, else 3, trailing
// zeros dropped: 0.01 h is "36 s", 100 h "4.17 d".
func scDurationLabel(hours float64) string {
	a := math.Abs(hours)
	v, unit := hours/24, "d"
	switch {
	case a < 1.0/60:
		v, unit = hours*3600, "s"
	case a < 1:
		v, unit = hours*60, "min"
	case a < 48:
		v, unit = hours, "h"
	}
	d := 3
	switch av := math.Abs(v); {
	case av >= 100:
		d = 0
	case av >= 10:
		d = 1
	case av >= 1:
		d = 2
	}
	return scNumLabel(v, d) + " " + unit
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
