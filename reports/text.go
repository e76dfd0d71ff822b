package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/rollout-sim/rollout/model"
)

// textKeys are the metrics of the stdout summary table, in order; the CSV, JSON and
// HTML outputs carry every metric.
func textKeys() []string {
	return append([]string{KeyDisruption}, keysOf(
		model.MetricBlockedUserHours, model.MetricWaitingUserHours, model.MetricDegradedUserHours,
		model.MetricWANGigabytes, model.MetricMigrationEndDays, model.MetricUsersBlocked,
		model.MetricPeakLinkUtilization, model.MetricSaturatedLinkHours,
		model.MetricTimeToUsableP50, model.MetricTimeToUsableP95, model.MetricTimeToSyncedP50, model.MetricTimeToSyncedP95,
		model.MetricCachedModeUserDays, model.MetricFullFeatureUserDays, model.MetricCostTotal)...)
}

// WriteText writes the terminal summary of c: a table of the main metrics (mean and
// 95 % CI per ordering, and the paired difference when there are two orderings),
// the notes, the five sites whose disruption differs most between the orderings, the
// recommendation and the assumed parameters in force.
func WriteText(w io.Writer, c *Comparison) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Scenario %s: %d replications, seed %d\n\n", c.Scenario.Name, c.Replications, c.Seed)
	if c.Robustness != nil {
		fmt.Fprintf(&b, "%s\n\n", c.Robustness.Lead)
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	header := "metric\tunit"
	for _, o := range c.Orderings {
		header += "\t" + string(o.Ordering) + " (95% CI)"
	}
	paired := len(c.Orderings) >= 2 && c.Differences != nil
	if paired {
		header += fmt.Sprintf("\t%s − %s (95%% CI)\t", c.Orderings[0].Ordering, c.Orderings[1].Ordering)
	}
	fmt.Fprintln(tw, header)
	for _, key := range textKeys() {
		if _, ok := firstStat(c, key); !ok {
			continue
		}
		unit, scale := textRowUnit(c, key)
		row := key + "\t" + unit
		for _, o := range c.Orderings {
			st := o.Metrics[key]
			if st.N == 0 {
				row += "\t–"
				continue
			}
			row += fmt.Sprintf("\t%s (%s)", num(st.Mean*scale), ciTextN(scaleCI(st.CI95, scale), st.N))
		}
		if paired {
			d := c.Differences[key]
			mark := ""
			switch {
			case d.Practical:
				mark = "*"
			case d.Significant:
				mark = "~"
			}
			if d.N == 0 {
				row += "\t–\t"
			} else {
				row += fmt.Sprintf("\t%s (%s)\t%s", num(d.Difference*scale), ciTextN(scaleCI(d.CI95, scale), d.N), mark)
			}
		}
		fmt.Fprintln(tw, row)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "%s.\n", capitalize(IntervalMethod))
	if paired {
		fmt.Fprintf(&b, "* the 95 %% CI of the paired difference excludes zero and the difference is at least %s of the larger mean\n", shareParam(c.MinRelativeDifference))
		fmt.Fprintf(&b, "~ the CI excludes zero but the difference is under %s of the larger mean: counted as a tie\n", shareParam(c.MinRelativeDifference))
	}
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	if err := writeSitesText(&b, c); err != nil {
		return err
	}
	if r := c.Recommendation; r != nil {
		if r.Tie {
			b.WriteString("\nRecommendation: none (tie)\n")
		} else {
			fmt.Fprintf(&b, "\nRecommendation: %s\n", r.Ordering)
		}
		for _, s := range r.Reasons {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	if err := writeAblationText(&b, c); err != nil {
		return err
	}
	if err := writeRobustnessText(&b, c); err != nil {
		return err
	}
	if c.Recommendation == nil { // run: no reasons to carry the assumptions
		if s := assumedSentence(c.Assumptions); s != "" {
			fmt.Fprintf(&b, "\n%s\n", s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textRowUnit is the unit a metric's row is shown in and the factor from the
// metric's own unit to it: a duration in hours is shown in s, min, h or d, chosen
// by the largest mean of the row; any other unit as it is (factor 1).
func textRowUnit(c *Comparison, key string) (string, float64) {
	unit := unitOf(c, key)
	if !isHoursUnit(unit) {
		return unit, 1
	}
	largest := 0.0
	for _, o := range c.Orderings {
		if st, ok := o.Metrics[key]; ok {
			largest = max(largest, math.Abs(st.Mean))
		}
	}
	u := durationUnitFor(largest)
	return u.Symbol, u.PerHour
}

// scaleCI multiplies both bounds of an interval by f.
func scaleCI(ci [2]float64, f float64) [2]float64 { return [2]float64{ci[0] * f, ci[1] * f} }

// firstStat returns key's Stat in the first ordering that has it.
func firstStat(c *Comparison, key string) (Stat, bool) {
	for _, o := range c.Orderings {
		if st, ok := o.Metrics[key]; ok {
			return st, true
		}
	}
	return Stat{}, false
}

// WriteSweepText writes the terminal summary of a sweep: per swept value, each
// ordering's disruption, the recommendation and the deciding metric, then the
// break-even points or a sentence saying there is none in the range.
func WriteSweepText(w io.Writer, sw *Sweep) error {
	if sw.Grid != nil {
		return WriteGridText(w, sw)
	}
	var b strings.Builder
	reps := 0
	if len(sw.Points) > 0 {
		reps = sw.Points[0].Replications
	}
	fmt.Fprintf(&b, "Sweep of %s over %d values, %d replications each\n\n", sw.Param, len(sw.Values), reps)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	header := sw.Param
	var ords []string
	if len(sw.Points) > 0 {
		for _, o := range sw.Points[0].Orderings {
			ords = append(ords, string(o.Ordering))
			header += "\t" + string(o.Ordering) + " disruption (user-hours, 95% CI)"
		}
	}
	header += "\trecommended\tdecided on"
	fmt.Fprintln(tw, header)
	for i, p := range sw.Points {
		row := sw.Values[i]
		for _, o := range p.Orderings {
			st := o.Metrics[KeyDisruption]
			row += fmt.Sprintf("\t%s (%s)", num(st.Mean), ciTextN(st.CI95, st.N))
		}
		rec, dec := "–", "–"
		if r := p.Recommendation; r != nil {
			if r.Tie {
				rec = "tie"
			} else {
				rec, dec = string(r.Ordering), r.DecidingMetric
			}
		}
		fmt.Fprintln(tw, row+"\t"+rec+"\t"+dec)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("\n")
	for _, s := range BreakEvenSentences(sw) {
		b.WriteString(s + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
