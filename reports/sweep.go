package reports

import (
	"fmt"
	"math"
)

// FindBreakEvens returns where the recommendation flips along the sweep. Points whose
// recommendation is a tie are stepped over: a flip is between the last point that
// recommended one ordering and the next that recommends the other, and is said to be
// between those two swept values.
//
// The estimate interpolates the paired difference of the deciding metric (the later
// point's, or the earlier step of the rule when the two points decided on different
// metrics) linearly — in log10 of the value when sw.Log — between the first pair of
// adjacent points in the bracket where it changes sign. When it does not change sign
// the estimate is the bracket's midpoint and Crossed is false. format writes a value
// in the parameter's unit (nil: %g).
func FindBreakEvens(sw *Sweep, format func(float64) string) []BreakEven {
	if format == nil {
		format = func(v float64) string { return fmt.Sprintf("%g", v) }
	}
	out := []BreakEven{}
	prev := -1
	for i := range sw.Points {
		r := sw.Points[i].Recommendation
		if r == nil || r.Tie || r.Ordering == "" {
			continue
		}
		if prev >= 0 {
			pr := sw.Points[prev].Recommendation
			if pr.Ordering != r.Ordering {
				out = append(out, breakEven(sw, prev, i, pr, r, format))
			}
		}
		prev = i
	}
	return out
}

func breakEven(sw *Sweep, lo, hi int, from, to *Recommendation, format func(float64) string) BreakEven {
	metric := to.DecidingMetric
	if from.DecidingMetric != to.DecidingMetric && stepIndex(from.DecidingMetric) < stepIndex(to.DecidingMetric) {
		metric = from.DecidingMetric
	}
	be := BreakEven{
		Between: [2]string{sw.Values[lo], sw.Values[hi]},
		Metric:  metric,
		From:    from.Ordering,
		To:      to.Ordering,
	}
	x := func(i int) float64 {
		if sw.Log && sw.Numeric[i] > 0 {
			return math.Log10(sw.Numeric[i])
		}
		return sw.Numeric[i]
	}
	unx := func(v float64) float64 {
		if sw.Log && sw.Numeric[lo] > 0 && sw.Numeric[hi] > 0 {
			return math.Pow(10, v)
		}
		return v
	}
	be.Estimate = unx((x(lo) + x(hi)) / 2)
	for j := lo; j < hi; j++ {
		d0 := sw.Points[j].Differences[metric].Difference
		d1 := sw.Points[j+1].Differences[metric].Difference
		if d0 == 0 || d1 == 0 || (d0 < 0) != (d1 < 0) {
			t := 0.5
			if d0 != d1 {
				t = d0 / (d0 - d1)
			}
			be.Estimate = unx(x(j) + t*(x(j+1)-x(j)))
			be.Crossed = true
			break
		}
	}
	be.EstimateText = format(be.Estimate)
	if sw.Categorical {
		be.Estimate, be.EstimateText, be.Crossed = 0, "", false
	}
	return be
}

// stepIndex is key's position in the decision rule, past the last step when not one.
func stepIndex(key string) int {
	steps := decisionSteps()
	for i, k := range steps {
		if k == key {
			return i
		}
	}
	return len(steps)
}

// BreakEvenSentences says where the recommendation flips along the sweep, or that it
// does not flip in the swept range.
func BreakEvenSentences(sw *Sweep) []string {
	if len(sw.Values) == 0 {
		return []string{"No values were swept."}
	}
	first, last := sw.Values[0], sw.Values[len(sw.Values)-1]
	if len(sw.BreakEven) == 0 {
		recs := map[string]bool{}
		var order []string
		for _, p := range sw.Points {
			if p.Recommendation == nil {
				continue // one ordering: nothing to recommend
			}
			name := "a tie"
			if r := p.Recommendation; !r.Tie {
				name = string(r.Ordering)
			}
			if !recs[name] {
				recs[name] = true
				order = append(order, name)
			}
		}
		what := "the recommendation does not change"
		switch {
		case len(order) == 0:
			what = "there is only one ordering to run, so nothing to compare"
		case len(order) == 1 && order[0] == "a tie":
			what = "the orderings tie at every value"
		case len(order) == 1:
			what = order[0] + " is recommended at every value"
		case len(order) == 2:
			what = "the recommendation is only ever " + order[0] + " or " + order[1] + ", never both orderings"
			for _, o := range order {
				if o != "a tie" {
					what = o + " is recommended wherever the rule decides; elsewhere the orderings tie"
				}
			}
		}
		return []string{fmt.Sprintf("No break-even in the range %s to %s of %s: %s.", first, last, sw.Param, what)}
	}
	var out []string
	for _, be := range sw.BreakEven {
		if sw.Categorical {
			out = append(out, fmt.Sprintf("Break-even: the recommendation flips from %s to %s between %s = %s and %s.",
				be.From, be.To, sw.Param, be.Between[0], be.Between[1]))
			continue
		}
		how := fmt.Sprintf("its %s difference crosses zero near %s", stepName(be.Metric), be.EstimateText)
		if !be.Crossed {
			how = fmt.Sprintf("the %s difference does not cross zero there; midpoint %s", stepName(be.Metric), be.EstimateText)
		}
		out = append(out, fmt.Sprintf("Break-even: the recommendation flips from %s to %s between %s = %s and %s (%s).",
			be.From, be.To, sw.Param, be.Between[0], be.Between[1], how))
	}
	return out
}
