package reports

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Robustness is what a comparison's robustness check found: for each assumed
// parameter in force (and each the planner named with --vary), the disruption
// difference with the parameter at the low and at the high end of its range, and
// whether the recommendation flips there.
//
// Each point reruns both orderings on the first Replications random worlds of the
// comparison (common random numbers: replication r draws the same streams at
// every point), and estimates the difference at the point as the comparison's mean
// difference plus the mean paired change of the difference over those worlds:
//
//	D(point) = mean_R(D_base) + mean_k(D_point(r) − D_base(r)),  r < k
//
// Because the same worlds are reused, the change has a far smaller variance than
// the difference itself, so a few replications per point suffice. Its 95 % CI is a
// Student-t interval of that sum with the Welch–Satterthwaite degrees of freedom,
// treating the two terms as independent (they are positively correlated through the
// shared worlds, so the interval errs wide); with one replication per point there is
// no interval.
type Robustness struct {
	// Replications is the number of replications run at each point that comes within
	// reach of a flip; every other point is screened on one (see contends).
	Replications int `json:"replications"`
	// Confirmed is how many points were rerun on Replications worlds after screening.
	Confirmed int `json:"confirmed"`
	// Metric is the key of the difference reported at each point (disruption).
	Metric string `json:"metric"`
	// Lead is the sentence that opens the report: the recommendation holds for every
	// assumption in its range, or the parameters that flip it.
	Lead string          `json:"lead"`
	Rows []RobustnessRow `json:"rows"`
}

// RobustnessRow is one varied parameter.
type RobustnessRow struct {
	Path   string `json:"path"`   // --set path, e.g. site_defaults.outages.wan.mtbf
	Value  string `json:"value"`  // the value in force
	Low    string `json:"low"`    // the low end of the range ("" when untested)
	High   string `json:"high"`   // the high end of the range
	Source string `json:"source"` // where the range comes from
	// Untested says why nothing was rerun (no range is documented); "" when tested.
	Untested string `json:"untested,omitempty"`
	// AtLow and AtHigh are the results at the two ends (nil when untested).
	AtLow  *RobustnessPoint `json:"at_low"`
	AtHigh *RobustnessPoint `json:"at_high"`
	// Flips is true when the recommendation flips at either end.
	Flips bool `json:"flips"`
	// BreakEven is the value in force and the flipping end interpolated to where the
	// difference crosses zero, written like the values (e.g. 180ms), or "between X and
	// Y" for values that are not one quantity; "" when nothing flips.
	BreakEven string `json:"break_even,omitempty"`
}

// RobustnessPoint is the comparison with one parameter at one end of its range.
type RobustnessPoint struct {
	Value string `json:"value"` // the parameter's value at this point
	// Difference is the estimated disruption difference (first ordering − second,
	// user-hours) at this point; CI95 its 95 % CI (nil in JSON with one replication).
	Difference float64    `json:"difference"`
	CI95       [2]float64 `json:"ci95"`
	HasCI      bool       `json:"-"`
	// Favours is the ordering the estimated difference favours ("" when it is zero).
	Favours Ordering `json:"favours"`
	// Recommends is the ordering the decision rule's disruption step picks at this
	// point: the difference's CI excludes zero and it clears the decision thresholds;
	// "" when it does not (disruption would tie there).
	Recommends Ordering `json:"recommends"`
	// Flips is true when the recommendation changes at this point: the estimate
	// favours the other ordering than the comparison's disruption winner, or, when
	// disruption did not decide the comparison, disruption decides here.
	Flips bool `json:"flips"`
	// Reused is true when the value is the one in force, so the comparison itself is
	// the result and nothing was rerun.
	Reused bool `json:"reused"`
}

// pointJSON is RobustnessPoint as written in JSON: a null CI with one replication.
type pointJSON struct {
	Value      string      `json:"value"`
	Difference float64     `json:"difference"`
	CI95       *[2]float64 `json:"ci95"`
	Favours    string      `json:"favours"`
	Recommends string      `json:"recommends"`
	Flips      bool        `json:"flips"`
	Reused     bool        `json:"reused"`
}

// MarshalJSON writes p with a null CI when it has none.
func (p RobustnessPoint) MarshalJSON() ([]byte, error) {
	j := pointJSON{Value: p.Value, Difference: p.Difference, Favours: string(p.Favours), Recommends: string(p.Recommends), Flips: p.Flips, Reused: p.Reused}
	if p.HasCI {
		ci := p.CI95
		j.CI95 = &ci
	}
	return jsonMarshal(j)
}

// pairedBase is what the robustness estimate takes from the comparison: the mean
// difference and its standard error over the R replications, the first k paired
// differences and the two orderings' means.
type pairedBase struct {
	mean, se   float64
	n          int
	perRep     []float64 // D_base(r), r < k
	perRepA    []float64 // the first ordering's disruption, r < k
	perRepB    []float64
	meanA      float64
	meanB      float64
	winner     Ordering // the comparison's disruption winner by sign ("" when zero)
	decided    bool     // disruption decided the comparison
	recommends Ordering // the comparison's recommendation ("" on a tie)
	diff       Difference
	a, b       Ordering
	minRel     float64
	minUH      float64
}

// PairedBase is what an experiment that reruns the comparison's first random worlds
// (a robustness check, an ablation) estimates against; NewPairedBase reads it.
type PairedBase struct{ b pairedBase }

// NewPairedBase reads c's paired disruption for experiments of k replications per point.
func NewPairedBase(c *Comparison, k int) (*PairedBase, error) {
	b, err := basePaired(c, k)
	if err != nil {
		return nil, err
	}
	return &PairedBase{b}, nil
}

// Orderings are the comparison's two orderings: differences are first − second.
func (p *PairedBase) Orderings() (Ordering, Ordering) { return p.b.a, p.b.b }

// Estimate is the point at value from its per-replication disruption of both
// orderings on the comparison's first worlds (see Robustness).
func (p *PairedBase) Estimate(value string, pa, pb []float64) RobustnessPoint {
	return p.b.estimate(value, pa, pb)
}

// Reused is the point at the value in force: the comparison itself.
func (p *PairedBase) Reused(value string) RobustnessPoint { return p.b.reusedPoint(value, p.b.diff) }

// Contends reports whether a point screened on one world earns the full replications.
func (p *PairedBase) Contends(pt RobustnessPoint) bool { return p.b.contends(pt) }

// Ablation is the row of mechanism m switched off, from its per-replication disruption.
func (p *PairedBase) Ablation(m Mechanism, pa, pb []float64) AblationRow {
	return ablationRow(&p.b, m, pa, pb)
}

// Finish sets every tested row's flip and break-even (interpolated by breakEven)
// and the lead sentence.
func (p *PairedBase) Finish(rb *Robustness, breakEven BreakEvenFunc) {
	for i := range rb.Rows {
		if rb.Rows[i].Untested == "" {
			finishRow(&rb.Rows[i], p.b.mean, breakEven)
		}
	}
	rb.Lead = robustnessLead(rb, &p.b)
}

// basePaired reads the pairedBase of c for k replications per point.
func basePaired(c *Comparison, k int) (pairedBase, error) {
	if len(c.Orderings) < 2 || c.Differences == nil {
		return pairedBase{}, fmt.Errorf("reports: a robustness check needs a comparison of two orderings")
	}
	d := c.Differences[KeyDisruption]
	pa := c.Orderings[0].PerReplication[KeyDisruption]
	pb := c.Orderings[1].PerReplication[KeyDisruption]
	if len(pa) < k || len(pb) < k {
		return pairedBase{}, fmt.Errorf("reports: the comparison has %d replications, fewer than the %d per robustness point", min(len(pa), len(pb)), k)
	}
	b := pairedBase{
		mean: d.Difference, n: d.N, diff: d,
		meanA: c.Orderings[0].Metrics[KeyDisruption].Mean, meanB: c.Orderings[1].Metrics[KeyDisruption].Mean,
		a: c.Orderings[0].Ordering, b: c.Orderings[1].Ordering,
		minRel: c.MinRelativeDifference, minUH: c.MinUserHours,
	}
	if t := tCritical(d.N); t > 0 {
		b.se = (d.CI95[1] - d.CI95[0]) / 2 / t
	}
	for r := 0; r < k; r++ {
		b.perRepA = append(b.perRepA, pa[r])
		b.perRepB = append(b.perRepB, pb[r])
		b.perRep = append(b.perRep, pa[r]-pb[r])
	}
	b.winner = b.favours(b.mean)
	if r := c.Recommendation; r != nil {
		b.recommends = r.Ordering
		b.decided = r.DecidingMetric == KeyDisruption
	}
	return b, nil
}

// favours is the ordering a difference (first − second, lower is better) favours.
func (b *pairedBase) favours(d float64) Ordering {
	switch {
	case d < 0:
		return b.a
	case d > 0:
		return b.b
	}
	return ""
}

// estimate turns one point's per-replication disruption of both orderings (r < k)
// into a RobustnessPoint.
func (b *pairedBase) estimate(value string, pa, pb []float64) RobustnessPoint {
	k := len(pa)
	delta := make([]float64, k)
	var dA, dB float64
	for r := range delta {
		delta[r] = (finite(pa[r]) - finite(pb[r])) - b.perRep[r]
		dA += finite(pa[r]) - b.perRepA[r]
		dB += finite(pb[r]) - b.perRepB[r]
	}
	m, sd := meanSD(delta)
	p := RobustnessPoint{Value: value, Difference: b.mean + m}
	if k >= 2 && b.n >= 2 {
		v1, v2 := b.se*b.se, sd*sd/float64(k)
		se := math.Sqrt(v1 + v2)
		half := 0.0
		if se > 0 {
			df := (v1 + v2) * (v1 + v2) / (v1*v1/float64(b.n-1) + v2*v2/float64(k-1))
			half = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1-(1-Confidence)/2) * se
		}
		p.CI95, p.HasCI = [2]float64{p.Difference - half, p.Difference + half}, true
	}
	p.Favours = b.favours(p.Difference)
	meanA, meanB := b.meanA+dA/float64(k), b.meanB+dB/float64(k)
	if p.HasCI && (p.CI95[0] > 0 || p.CI95[1] < 0) &&
		math.Abs(p.Difference) >= b.minRel*max(math.Abs(meanA), math.Abs(meanB)) &&
		math.Abs(p.Difference) >= b.minUH {
		p.Recommends = p.Favours
	}
	b.judge(&p)
	return p
}

// contends reports whether a point screened on one world is within reach of a flip
// and so earns the full replications: it flips already, or disruption did not decide
// the comparison (so only a CI can say whether it would decide here), or its
// estimate lies within twice the comparison's own 95 % half-width of zero.
func (b *pairedBase) contends(p RobustnessPoint) bool {
	if p.Flips || !b.decided {
		return true
	}
	return math.Abs(p.Difference) <= 2*tCritical(b.n)*b.se
}

// judge sets p.Flips: against the comparison's disruption winner when disruption
// decided it, else when disruption would decide at p.
func (b *pairedBase) judge(p *RobustnessPoint) {
	if b.decided {
		p.Flips = p.Favours != "" && p.Favours != b.winner
		return
	}
	p.Flips = p.Recommends != "" && p.Recommends != b.recommends
}

// reusedPoint is the point at the value in force: the comparison itself.
func (b *pairedBase) reusedPoint(value string, d Difference) RobustnessPoint {
	p := RobustnessPoint{Value: value, Difference: d.Difference, CI95: d.CI95, HasCI: d.N >= 2, Reused: true}
	p.Favours = b.favours(p.Difference)
	if b.decided {
		p.Recommends = b.recommends
	}
	b.judge(&p)
	return p
}

// BreakEvenFunc interpolates, between the value in force v0 (difference d0) and a
// flipping end v1 (difference d1), where the difference crosses zero, written like
// the values; the experiment package gives one that reads scenario units.
type BreakEvenFunc func(v0, v1 string, d0, d1 float64) string

// finishRow sets a tested row's flip and break-even.
func finishRow(row *RobustnessRow, base float64, breakEven BreakEvenFunc) {
	for _, p := range []*RobustnessPoint{row.AtLow, row.AtHigh} {
		if p == nil || !p.Flips || row.BreakEven != "" {
			continue
		}
		row.Flips = true
		row.BreakEven = breakEven(row.Value, p.Value, base, p.Difference)
	}
}

// robustnessLead writes the sentence that opens the report.
func robustnessLead(rb *Robustness, b *pairedBase) string {
	var tested, untested []string
	var flips []string
	for _, r := range rb.Rows {
		if r.Untested != "" {
			untested = append(untested, r.Path+" ("+r.Untested+")")
			continue
		}
		tested = append(tested, r.Path)
		if r.Flips {
			s := r.Path + " (" + flipEnds(r) + ")"
			flips = append(flips, s)
		}
	}
	how := fmt.Sprintf("%d %s, each rerun at the low and high end of its range on the comparison's own random worlds",
		len(tested), plural(len(tested), "parameter", "parameters"))
	switch {
	case rb.Replications == 1:
		how += ", 1 replication per point"
	case rb.Confirmed == 0:
		how += fmt.Sprintf(", 1 replication per point: none came within reach of a flip, which would have earned %d", rb.Replications)
	default:
		how += fmt.Sprintf(", each point screened on 1 replication and the %d within reach of a flip confirmed on %d", rb.Confirmed, rb.Replications)
	}
	var s string
	switch {
	case len(tested) == 0:
		s = "No assumption in force has a documented range, so the robustness check reran nothing; name ranges with --vary PATH=LOW:HIGH."
	case len(flips) == 0 && b.recommends == "":
		s = "The tie holds for every assumption in its range (" + how + ")."
	case len(flips) == 0:
		s = "The recommendation holds for every assumption in its range (" + how + ")."
	case b.recommends == "":
		s = "The tie turns into a recommendation within the range of " + joinAnd(flips) + " (" + how + ")."
	default:
		s = "The recommendation flips within the range of " + joinAnd(flips) + "; it holds for the other " +
			fmt.Sprint(len(tested)-len(flips)) + " (" + how + ")."
	}
	if len(untested) > 0 {
		s += fmt.Sprintf(" Not tested: %s.", strings.Join(untested, "; "))
	}
	return s
}

// flipEnds describes where a row flips: "at 10ms, break-even about 18ms".
func flipEnds(r RobustnessRow) string {
	var at []string
	for _, p := range []*RobustnessPoint{r.AtLow, r.AtHigh} {
		if p != nil && p.Flips {
			s := "at " + p.Value + " it favours " + string(p.Favours)
			if p.Favours == "" {
				s = "at " + p.Value + " it favours neither"
			}
			if p.HasCI && p.CI95[0] <= 0 && p.CI95[1] >= 0 {
				s += ", though the CI includes zero"
			}
			at = append(at, s)
		}
	}
	s := strings.Join(at, "; ")
	if r.BreakEven != "" {
		s += "; break-even " + r.BreakEven
	}
	return s
}

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// plural picks the singular or plural word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
