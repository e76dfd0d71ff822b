package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// sparkRunes are the eight bar heights of a sparkline, lowest first; a blank is zero.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as width characters, each the mean of an equal share of the
// values, scaled so that the largest column is █; a column whose mean is zero (or
// not finite) is a blank, any positive mean at least ▁. Fewer values than width
// draw one character each.
func Sparkline(values []float64, width int) string {
	if len(values) == 0 || width <= 0 {
		return ""
	}
	width = min(width, len(values))
	cols := make([]float64, width)
	for c := range cols {
		lo, hi := c*len(values)/width, (c+1)*len(values)/width
		sum := 0.0
		for _, v := range values[lo:hi] {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				sum += v
			}
		}
		cols[c] = sum / float64(hi-lo)
	}
	top := 0.0
	for _, v := range cols {
		top = math.Max(top, v)
	}
	var b strings.Builder
	for _, v := range cols {
		if !(v > 0) || !(top > 0) {
			b.WriteByte(' ')
			continue
		}
		i := int(math.Ceil(v/top*float64(len(sparkRunes)))) - 1
		b.WriteRune(sparkRunes[max(0, min(i, len(sparkRunes)-1))])
	}
	return b.String()
}

// WriteSparklines writes, for every ordering of c, a sparkline of width characters
// of each users_by_state line, and of the busiest link's utilization (the
// link_utilization line with the highest peak), each with its peak value.
func WriteSparklines(w io.Writer, c *Comparison, width int) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, o := range c.Orderings {
		days := 0.0
		for _, g := range o.Series.Groups {
			if len(g.Lines) > 0 {
				days = float64(len(g.Lines[0].Values)) * o.Series.BucketSeconds / 86400
				break
			}
		}
		fmt.Fprintf(tw, "%s, %s days from left to right:\n", o.Ordering, num(days))
		for _, g := range o.Series.Groups {
			switch g.Key {
			case "users_by_state":
				for _, l := range g.Lines {
					fmt.Fprintf(tw, "  users %s\t|%s|\tpeak %s\n", l.Name, Sparkline(l.Values, width), num(peak(l.Values)))
				}
			case "link_utilization":
				best := -1
				for i, l := range g.Lines {
					if best < 0 || peak(l.Values) > peak(g.Lines[best].Values) {
						best = i
					}
				}
				if best >= 0 {
					l := g.Lines[best]
					fmt.Fprintf(tw, "  busiest link %s\t|%s|\tpeak %s\n", l.Name, Sparkline(l.Values, width), num(peak(l.Values)))
				}
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// peak is the largest finite value of vs, 0 when there is none above 0.
func peak(vs []float64) float64 {
	p := 0.0
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			p = math.Max(p, v)
		}
	}
	return p
}
