package reports

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// htmlRobust is the robustness check as the report shows it: the lead sentence,
// the tornado chart (inline SVG, drawn without scripts so it prints) and the table.
type htmlRobust struct {
	Lead  string
	Reps  int
	Label string // "clients-first − servers-first"
	SVG   template.HTML
	Rows  []htmlRobustRow
}

// htmlRobustRow is one row of the robustness table.
type htmlRobustRow struct {
	Path, Value, Low, AtLow, High, AtHigh, Flips, Source string
	Flip                                                 bool
}

// htmlRobustness builds the report's robustness view of c (nil without one).
func htmlRobustness(c *Comparison) *htmlRobust {
	rb := c.Robustness
	if rb == nil || len(c.Orderings) < 2 {
		return nil
	}
	v := &htmlRobust{Lead: rb.Lead, Reps: rb.Replications,
		Label: string(c.Orderings[0].Ordering) + " − " + string(c.Orderings[1].Ordering)}
	for _, i := range robustnessOrder(rb, c.Differences[KeyDisruption].Difference) {
		r := rb.Rows[i]
		row := htmlRobustRow{Path: r.Path, Value: r.Value, Low: r.Low, High: r.High, Source: r.Source, Flip: r.Flips}
		switch {
		case r.Untested != "":
			row.AtLow, row.AtHigh, row.Flips, row.Source = "–", "–", "not tested", r.Untested
		default:
			row.AtLow, row.AtHigh, row.Flips = pointText(r.AtLow), pointText(r.AtHigh), "no"
			if r.Flips {
				row.Flips = "yes"
				if r.BreakEven != "" {
					row.Flips += ", break-even " + r.BreakEven
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	v.SVG = tornadoSVG(c)
	return v
}

// tornadoSVG draws the tornado chart of c's robustness check: one bar per tested
// parameter, widest swing on top, from the difference at the low end (light) to
// the difference at the high end (dark) of its range; a solid line at the
// comparison's difference and a dashed one at zero, where the recommendation flips.
func tornadoSVG(c *Comparison) template.HTML {
	rb := c.Robustness
	var rows []RobustnessRow
	for _, i := range robustnessOrder(rb, c.Differences[KeyDisruption].Difference) {
		if r := rb.Rows[i]; r.Untested == "" && r.AtLow != nil && r.AtHigh != nil {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	base := c.Differences[KeyDisruption].Difference
	lo, hi := math.Min(base, 0), math.Max(base, 0)
	for _, r := range rows {
		lo = math.Min(lo, math.Min(r.AtLow.Difference, r.AtHigh.Difference))
		hi = math.Max(hi, math.Max(r.AtLow.Difference, r.AtHigh.Difference))
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	pad := (hi - lo) * 0.05
	lo, hi = lo-pad, hi+pad
	const labelW, plotW, rowH, top = 330.0, 520.0, 22.0, 30.0
	height := top + rowH*float64(len(rows)) + 40
	x := func(v float64) float64 { return labelW + (v-lo)/(hi-lo)*plotW }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="tornado" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Tornado chart: the disruption difference with each assumption at the ends of its range">`, labelW+plotW+20, height)
	fmt.Fprintf(&b, `<text x="%.1f" y="16" font-size="12">low end</text><rect x="%.1f" y="7" width="12" height="10" fill="#9ecae1"/>`, labelW+16, labelW)
	fmt.Fprintf(&b, `<text x="%.1f" y="16" font-size="12">high end</text><rect x="%.1f" y="7" width="12" height="10" fill="#08519c"/>`, labelW+106, labelW+90)
	for i, r := range rows {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="end">%s</text>`, labelW-8, y+rowH*0.65, html.EscapeString(r.Path))
		for _, p := range []struct {
			d    float64
			fill string
		}{{r.AtLow.Difference, "#9ecae1"}, {r.AtHigh.Difference, "#08519c"}} {
			x0, x1 := x(base), x(p.d)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x0, y+3, math.Max(x1-x0, 1), rowH-6, p.fill)
		}
		if r.Flips {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" fill="#b30000">flips</text>`, labelW+plotW+2-30, y+rowH*0.65)
		}
	}
	bottom := top + rowH*float64(len(rows))
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333" stroke-width="1.5"/>`, x(base), top-2, x(base), bottom)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#b30000" stroke-dasharray="4 3"/>`, x(0), top-2, x(0), bottom)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999"/>`, labelW, bottom, labelW+plotW, bottom)
	for _, t := range []float64{lo + pad, base, 0, hi - pad} {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s</text>`, x(t), bottom+14, html.EscapeString(num(t)))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle">%s disruption difference (user-hours); solid line: as compared; dashed: zero, where the recommendation flips</text>`,
		labelW+plotW/2-100, bottom+32, html.EscapeString(string(c.Orderings[0].Ordering)+" − "+string(c.Orderings[1].Ordering)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}
