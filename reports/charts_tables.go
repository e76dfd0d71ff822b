package reports

import (
	"math"
	"strings"
	"time"
)

// htmlTable is a chart's data as a table: its text alternative, collapsed under
// the chart on screen and shown instead of it where scripts do not run.
type htmlTable struct {
	Head []string
	Rows [][]string
	Note string // what a row stands for, e.g. "one row per day: the day's mean"
}

// chartTableDateLayout is the date of a time table's row: day, month and year.
const chartTableDateLayout = "Mon 2 Jan 2006"

// timeTable lays out the lines of a multi-panel time chart one row per calendar
// day (up to the charted range): each cell is the day's mean of the line (its
// maximum with peak), times scale when set; a column per panel and line.
func (b *chartBuilder) timeTable(spec chartTimeSpec, panels []chartPanel) *htmlTable {
	perDay := 86400 / b.tl.bucketSeconds
	if perDay <= 0 || math.IsInf(perDay, 0) || math.IsNaN(perDay) {
		return nil
	}
	t := &htmlTable{Head: []string{"date"}, Note: "One row per day: the day's mean of each line."}
	if spec.peak {
		t.Note = "One row per day: the day's highest value of each line."
	}
	if spec.unit != "" {
		t.Note += " Values in " + spec.unit + "."
	}
	type col struct{ vals []float64 }
	var cols []col
	days := 0
	for _, p := range panels {
		for _, ln := range p.lines {
			name := ln.Name
			if spec.label != nil {
				name = spec.label(ln.Name)
			}
			if len(panels) > 1 {
				name = p.title + " · " + name
			}
			t.Head = append(t.Head, name)
			vals := ln.Values
			if b.visible > 0 && len(vals) > b.visible {
				vals = vals[:b.visible]
			}
			cols = append(cols, col{vals})
			days = max(days, int(math.Ceil(float64(len(vals))/perDay)))
		}
	}
	scale := spec.scale
	if scale == 0 {
		scale = 1
	}
	for d := 0; d < days; d++ {
		row := []string{b.tl.start.Add(time.Duration(d) * 24 * time.Hour).Format(chartTableDateLayout)}
		from, to := int(math.Round(float64(d)*perDay)), int(math.Round(float64(d+1)*perDay))
		for _, c := range cols {
			acc, n, best := 0.0, 0, math.Inf(-1)
			for i := from; i < to && i < len(c.vals); i++ {
				if v := c.vals[i]; !math.IsNaN(v) {
					acc += v
					n++
					best = max(best, v)
				}
			}
			switch {
			case n == 0:
				row = append(row, "–")
			case spec.peak:
				row = append(row, num(best*scale))
			default:
				row = append(row, num(acc/float64(n)*scale))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// barsTable lists a bar chart's categories, one row each, with every ordering's
// mean and 95 % CI.
func (b *chartBuilder) barsTable(unit string, panels []chartBarPanel) *htmlTable {
	t := &htmlTable{Head: []string{"category"}, Note: "Means over replications with the 95 % CI of each mean, in " + unit + "."}
	for _, os := range b.c.Orderings {
		t.Head = append(t.Head, string(os.Ordering))
	}
	for _, p := range panels {
		for _, it := range p.items {
			row := []string{it.label}
			if len(panels) > 1 && p.title != "" && !strings.Contains(it.label, p.title) {
				row[0] = p.title + ": " + it.label
			}
			for _, os := range b.c.Orderings {
				st, ok := os.Metrics[it.key]
				if !ok {
					row = append(row, "–")
					continue
				}
				row = append(row, num(st.Mean)+" "+htmlCI(st.CI95))
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}
