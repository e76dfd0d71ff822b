package reports

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// robustnessOrder returns the indices of rb's tested rows, longest tornado bar first
// (the span from the comparison's difference base to the farther of the two ends),
// then the untested rows in their order.
func robustnessOrder(rb *Robustness, base float64) []int {
	var tested, untested []int
	for i, r := range rb.Rows {
		if r.Untested != "" || r.AtLow == nil || r.AtHigh == nil {
			untested = append(untested, i)
		} else {
			tested = append(tested, i)
		}
	}
	sort.SliceStable(tested, func(x, y int) bool {
		return swing(rb.Rows[tested[x]], base) > swing(rb.Rows[tested[y]], base)
	})
	return append(tested, untested...)
}

// swing is the length of a tested row's tornado bar: the span of the comparison's
// difference base and the differences at the two ends.
func swing(r RobustnessRow, base float64) float64 {
	lo := math.Min(base, math.Min(r.AtLow.Difference, r.AtHigh.Difference))
	hi := math.Max(base, math.Max(r.AtLow.Difference, r.AtHigh.Difference))
	return hi - lo
}

// writeRobustnessText writes the robustness table under the recommendation.
func writeRobustnessText(b *strings.Builder, c *Comparison) error {
	rb := c.Robustness
	if rb == nil {
		return nil
	}
	a, o := c.Orderings[0].Ordering, c.Orderings[1].Ordering
	fmt.Fprintf(b, "\nRobustness: %s − %s disruption (user-hours, 95%% CI) with each assumption at the ends of its range, widest swing from the comparison first\n", a, o)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tin force\tlow\tat low\thigh\tat high\tflips")
	for _, i := range robustnessOrder(rb, c.Differences[KeyDisruption].Difference) {
		r := rb.Rows[i]
		if r.Untested != "" {
			fmt.Fprintf(tw, "%s\t%s\t–\t–\t–\t–\tnot tested\n", r.Path, r.Value)
			continue
		}
		flips := "no"
		if r.Flips {
			flips = "yes"
			if r.BreakEven != "" {
				flips += ", break-even " + r.BreakEven
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Path, r.Value, r.Low, pointText(r.AtLow), r.High, pointText(r.AtHigh), flips)
	}
	return tw.Flush()
}

// pointText writes a point's difference and CI: −1,274 (−1,742 to −806).
func pointText(p *RobustnessPoint) string {
	if p == nil {
		return "–"
	}
	if !p.HasCI {
		return num(p.Difference) + " (1 run, no CI)"
	}
	return num(p.Difference) + " (" + ciText(p.CI95) + ")"
}
