package reports

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Grid describes a two-parameter sweep: Sweep.Points holds one comparison per pair
// of values, the first parameter's values in the outer loop (point i·len(Values[1])
// + j is Values[0][i] with Values[1][j]), and Sweep.Values labels each "A, B".
type Grid struct {
	Params [2]string `json:"params"` // as given to --param, e.g. sites.*.wan.{down,up}
	// Values are each parameter's values as written; Numeric the same in base units
	// (positions 0, 1, … for values that are not quantities).
	Values  [2][]string  `json:"values"`
	Numeric [2][]float64 `json:"numeric"`
	// Units are the units each axis reads in and Scales the base units per unit
	// ("" and 0: values as written), as Sweep.AxisUnit and AxisScale.
	Units  [2]string  `json:"units"`
	Scales [2]float64 `json:"scales"`
}

// at is the point of value i of the first parameter and j of the second.
func (g *Grid) at(sw *Sweep, i, j int) *Comparison {
	k := i*len(g.Values[1]) + j
	if k >= len(sw.Points) {
		return nil
	}
	return &sw.Points[k]
}

// gridCell is what the heat map and the table show of one point.
type gridCell struct {
	rec  string  // the recommended ordering, "tie" or "–"
	diff float64 // disruption difference, first ordering − second (user-hours)
	ok   bool
}

func gridCellOf(c *Comparison) gridCell {
	if c == nil {
		return gridCell{rec: "–"}
	}
	cell := gridCell{rec: "–"}
	if r := c.Recommendation; r != nil {
		cell.rec = "tie"
		if !r.Tie && r.Ordering != "" {
			cell.rec = string(r.Ordering)
		}
	}
	if d, ok := c.Differences[KeyDisruption]; ok && d.N > 0 {
		cell.diff, cell.ok = d.Difference, true
	}
	return cell
}

// gridAxisLabels writes a parameter's values in its axis unit: 0.256, 1, 20 for
// rates read in Mbps; as written for values that are not quantities.
func gridAxisLabels(g *Grid, p int) (labels []string, unit string) {
	vals := g.Values[p]
	if len(vals) == 0 {
		return nil, ""
	}
	unit, scale := g.Units[p], g.Scales[p]
	for i, v := range vals {
		if unit == "" || !(scale > 0) || i >= len(g.Numeric[p]) {
			labels = append(labels, v)
			continue
		}
		q, _ := strconv.ParseFloat(strconv.FormatFloat(g.Numeric[p][i]/scale, 'g', 3, 64), 64)
		labels = append(labels, strconv.FormatFloat(q, 'f', -1, 64))
	}
	if !(scale > 0) {
		unit = ""
	}
	return labels, unit
}

// gridAxisName is a parameter's axis title with its unit: "sites.*.wan.down (Mbps)".
func gridAxisName(g *Grid, p int) string {
	_, unit := gridAxisLabels(g, p)
	if unit == "" {
		return g.Params[p]
	}
	return g.Params[p] + " (" + unit + ")"
}

// GridFlips lists, in words, the pairs of neighbouring points whose recommendation
// differs: the break-even contour of the grid.
func GridFlips(sw *Sweep) []string {
	g := sw.Grid
	if g == nil {
		return nil
	}
	var out []string
	n0, n1 := len(g.Values[0]), len(g.Values[1])
	for i := 0; i < n0; i++ {
		for j := 0; j < n1; j++ {
			a := gridCellOf(g.at(sw, i, j))
			if j+1 < n1 {
				if b := gridCellOf(g.at(sw, i, j+1)); b.rec != a.rec {
					out = append(out, fmt.Sprintf("at %s = %s: %s → %s between %s = %s and %s",
						g.Params[0], g.Values[0][i], a.rec, b.rec, g.Params[1], g.Values[1][j], g.Values[1][j+1]))
				}
			}
			if i+1 < n0 {
				if b := gridCellOf(g.at(sw, i+1, j)); b.rec != a.rec {
					out = append(out, fmt.Sprintf("at %s = %s: %s → %s between %s = %s and %s",
						g.Params[1], g.Values[1][j], a.rec, b.rec, g.Params[0], g.Values[0][i], g.Values[0][i+1]))
				}
			}
		}
	}
	return out
}

// WriteGridText writes a two-parameter sweep's terminal summary: the recommendation
// and the disruption difference at every pair of values, rows the first parameter,
// then where the recommendation flips.
func WriteGridText(w io.Writer, sw *Sweep) error {
	g := sw.Grid
	var b strings.Builder
	reps := 0
	if len(sw.Points) > 0 {
		reps = sw.Points[0].Replications
	}
	label := "A − B"
	if len(sw.Points) > 0 && len(sw.Points[0].Orderings) >= 2 {
		label = string(sw.Points[0].Orderings[0].Ordering) + " − " + string(sw.Points[0].Orderings[1].Ordering)
	}
	fmt.Fprintf(&b, "Sweep of %s × %s over %d × %d values, %d replications each\n", g.Params[0], g.Params[1], len(g.Values[0]), len(g.Values[1]), reps)
	fmt.Fprintf(&b, "Each cell: the recommended ordering and the disruption difference %s (user-hours); rows %s, columns %s\n\n", label, g.Params[0], g.Params[1])
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	header := g.Params[0] + " \\ " + g.Params[1]
	for _, v := range g.Values[1] {
		header += "\t" + v
	}
	fmt.Fprintln(tw, header)
	for i, v := range g.Values[0] {
		row := v
		for j := range g.Values[1] {
			c := gridCellOf(g.at(sw, i, j))
			row += "\t" + c.rec
			if c.ok {
				row += " " + num(c.diff)
			}
		}
		fmt.Fprintln(tw, row)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	flips := GridFlips(sw)
	if len(flips) == 0 {
		b.WriteString("\nThe recommendation is the same at every pair of values.\n")
	} else {
		b.WriteString("\nThe recommendation flips (the break-even contour runs between these neighbours):\n")
		for _, f := range flips {
			b.WriteString("  - " + f + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// gridHeatMap draws the grid as an inline SVG heat map: one cell per pair of values,
// coloured by the disruption difference (blue where the first ordering disrupts
// less, orange where the second does, paler nearer zero), labelled with the
// recommended ordering's initials and the difference; a thick line runs between
// neighbouring cells whose recommendation differs (the break-even contour).
func gridHeatMap(sw *Sweep) template.HTML {
	g := sw.Grid
	n0, n1 := len(g.Values[0]), len(g.Values[1])
	if n0 == 0 || n1 == 0 {
		return ""
	}
	maxAbs := 0.0
	for i := 0; i < n0; i++ {
		for j := 0; j < n1; j++ {
			if c := gridCellOf(g.at(sw, i, j)); c.ok {
				maxAbs = math.Max(maxAbs, math.Abs(c.diff))
			}
		}
	}
	const left, top, cw, ch = 110.0, 20.0, 96.0, 40.0
	width, height := left+cw*float64(n1)+20, top+ch*float64(n0)+70
	rows, rowUnit := gridAxisLabels(g, 0)
	cols, colUnit := gridAxisLabels(g, 1)
	_, _ = rowUnit, colUnit
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Heat map of the recommendation and the disruption difference over %s and %s">`,
		width, height, html.EscapeString(g.Params[0]), html.EscapeString(g.Params[1]))
	for i := 0; i < n0; i++ {
		y := top + ch*float64(i)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="end">%s</text>`, left-6, y+ch/2+4, html.EscapeString(rows[i]))
		for j := 0; j < n1; j++ {
			x := left + cw*float64(j)
			c := gridCellOf(g.at(sw, i, j))
			fill := "#eeeeee"
			if c.ok && maxAbs > 0 {
				a := 0.15 + 0.85*math.Abs(c.diff)/maxAbs
				if c.diff < 0 {
					fill = fmt.Sprintf("rgba(31,119,180,%.2f)", a)
				} else if c.diff > 0 {
					fill = fmt.Sprintf("rgba(255,127,14,%.2f)", a)
				}
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#fff"/>`, x, y, cw, ch, fill)
			text := initials(c.rec)
			if c.ok {
				text += " " + num(c.diff)
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s</text>`, x+cw/2, y+ch/2+4, html.EscapeString(text))
		}
	}
	// the break-even contour: edges between neighbours recommending differently
	for i := 0; i < n0; i++ {
		for j := 0; j < n1; j++ {
			a := gridCellOf(g.at(sw, i, j)).rec
			x, y := left+cw*float64(j), top+ch*float64(i)
			if j+1 < n1 && gridCellOf(g.at(sw, i, j+1)).rec != a {
				fmt.Fprintf(&b, `<line class="contour" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#b30000" stroke-width="3"/>`, x+cw, y, x+cw, y+ch)
			}
			if i+1 < n0 && gridCellOf(g.at(sw, i+1, j)).rec != a {
				fmt.Fprintf(&b, `<line class="contour" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#b30000" stroke-width="3"/>`, x, y+ch, x+cw, y+ch)
			}
		}
	}
	bottom := top + ch*float64(n0)
	for j := 0; j < n1; j++ {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s</text>`, left+cw*float64(j)+cw/2, bottom+14, html.EscapeString(cols[j]))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle">%s</text>`, left+cw*float64(n1)/2, bottom+32, html.EscapeString(gridAxisName(g, 1)))
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle">rows: %s</text>`, left+cw*float64(n1)/2, bottom+50, html.EscapeString(gridAxisName(g, 0)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// initials shortens an ordering for a heat-map cell: clients-first → CF.
func initials(rec string) string {
	if rec == "tie" || rec == "–" {
		return rec
	}
	var out string
	for _, part := range strings.Split(rec, "-") {
		if part != "" {
			out += strings.ToUpper(part[:1])
		}
	}
	return out
}

// htmlGrid is the grid as the report shows it.
type htmlGrid struct {
	Title   string
	Caption string
	SVG     template.HTML
	Flips   []string
}

// htmlGridView builds the report's view of a two-parameter sweep (nil for a sweep of one).
func htmlGridView(sw *Sweep) *htmlGrid {
	g := sw.Grid
	if g == nil || len(sw.Points) == 0 {
		return nil
	}
	label := ""
	if p0 := &sw.Points[0]; len(p0.Orderings) >= 2 {
		label = string(p0.Orderings[0].Ordering) + " − " + string(p0.Orderings[1].Ordering)
	}
	return &htmlGrid{
		Title: "Recommendation over " + gridAxisName(g, 0) + " × " + gridAxisName(g, 1),
		Caption: "Each cell: the recommended ordering (initials) and the disruption difference " + label +
			" in user-hours; blue where the first disrupts less, orange where the second does, paler nearer zero. The red line is the break-even contour: it separates neighbouring cells whose recommendation differs.",
		SVG:   gridHeatMap(sw),
		Flips: GridFlips(sw),
	}
}
