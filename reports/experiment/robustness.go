package experiment

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// LoadFunc loads the comparison's scenario with extra --set overrides (after the
// planner's own) and the same seed: a fresh copy on every call.
type LoadFunc func(sets ...string) (*scenarios.Scenario, error)

// PointOptions are the settings of an experiment that reruns a comparison's first
// random worlds at other points (a robustness check, an ablation).
type PointOptions struct {
	// Replications is the number of replications per point (≥ 1); a robustness
	// check screens every point on one and confirms the contenders on these.
	Replications int
	// Workers is the number of runs in parallel (≤ 0: GOMAXPROCS); results do not
	// depend on it.
	Workers int
	// Progress, when not nil, is called after each replication of a point (both
	// orderings), in order.
	Progress func()
}

// robustPoint is one scenario a robustness check runs.
type robustPoint struct {
	row  int  // index in the rows
	high bool // the high end
	sc   *scenarios.Scenario
}

// RobustnessPoints returns at most how many points (scenarios of both orderings)
// a robustness check of vars runs, so a caller can size its progress bar: vars'
// ends that differ from the value in force (fewer when an end of the table's range
// does not fit the scenario).
func RobustnessPoints(vars []scenarios.Variation) int {
	n := 0
	for _, v := range vars {
		if v.Untested != "" {
			continue
		}
		if v.Low != v.Value {
			n++
		}
		if v.High != v.Value {
			n++
		}
	}
	return n
}

// Robustness reruns the comparison c at the low and high end of each variation (see
// reports.Robustness for the estimate). load gives each point's scenario (with
// PATH=VALUE appended to the overrides); every point is loaded before any runs, so a
// bad range from the planner (--vary) fails fast with load's error, prefixed with
// the path and value, while an end of the table's range that does not fit this
// scenario leaves its row untested. Every point is screened on the comparison's
// first world; the points within reach of a flip are confirmed on
// opt.Replications. The result, to set on c.Robustness, is the same for every
// number of workers.
func Robustness(ctx context.Context, c *reports.Comparison, load LoadFunc, vars []scenarios.Variation, opt PointOptions) (*reports.Robustness, error) {
	k := opt.Replications
	if k < 1 {
		return nil, fmt.Errorf("experiment: robustness replications must be at least 1, got %d", k)
	}
	base, err := reports.NewPairedBase(c, k)
	if err != nil {
		return nil, err
	}
	ra, rb0 := base.Orderings()
	a, b := scenarios.Ordering(ra), scenarios.Ordering(rb0)
	rb := &reports.Robustness{Replications: k, Metric: reports.KeyDisruption, Rows: make([]reports.RobustnessRow, len(vars))}
	var points []robustPoint
	for i, v := range vars {
		rb.Rows[i] = reports.RobustnessRow{Path: v.Path, Value: v.Value, Low: v.Low, High: v.High, Source: v.Source, Untested: v.Untested}
		if v.Untested != "" {
			continue
		}
		var scs [2]*scenarios.Scenario
		for j, val := range []string{v.Low, v.High} {
			if val == v.Value {
				continue
			}
			sc, err := load(v.Path + "=" + val)
			switch {
			case err != nil && v.Planner:
				return nil, fmt.Errorf("%s = %s: %w", v.Path, val, err)
			case err != nil:
				rb.Rows[i].Untested = "the range end " + val + " does not fit this scenario: " + firstLine(err.Error())
			case len(sc.Rollout.Orderings) < 2 || sc.Rollout.Orderings[0] != a || sc.Rollout.Orderings[1] != b:
				return nil, fmt.Errorf("%s = %s: the orderings differ from the comparison's", v.Path, val)
			}
			scs[j] = sc
		}
		if rb.Rows[i].Untested != "" {
			continue
		}
		for j, end := range []struct {
			value string
			high  bool
		}{{v.Low, false}, {v.High, true}} {
			if end.value == v.Value {
				p := base.Reused(end.value)
				if end.high {
					rb.Rows[i].AtHigh = &p
				} else {
					rb.Rows[i].AtLow = &p
				}
				continue
			}
			points = append(points, robustPoint{row: i, high: end.high, sc: scs[j]})
		}
	}
	scs := make([]*scenarios.Scenario, len(points))
	for i, p := range points {
		scs[i] = p.sc
	}
	// Screen every point on one world, then confirm on k worlds the points that
	// come within reach of a flip: replications go to the contenders, not to the
	// points far from changing anything.
	pa, pb, err := runPaired(ctx, scs, a, b, 0, 1, opt)
	if err != nil {
		return nil, err
	}
	value := func(p robustPoint) string {
		if p.high {
			return vars[p.row].High
		}
		return vars[p.row].Low
	}
	var contenders []int
	for i, p := range points {
		if k > 1 && base.Contends(base.Estimate(value(p), pa[i], pb[i])) {
			contenders = append(contenders, i)
		}
	}
	if len(contenders) > 0 {
		more := make([]*scenarios.Scenario, len(contenders))
		for j, i := range contenders {
			more[j] = scs[i]
		}
		ma, mb, err := runPaired(ctx, more, a, b, 1, k-1, opt)
		if err != nil {
			return nil, err
		}
		for j, i := range contenders {
			pa[i], pb[i] = append(pa[i], ma[j]...), append(pb[i], mb[j]...)
		}
	}
	rb.Confirmed = len(contenders)
	for i, p := range points {
		est := base.Estimate(value(p), pa[i], pb[i])
		if p.high {
			rb.Rows[p.row].AtHigh = &est
		} else {
			rb.Rows[p.row].AtLow = &est
		}
	}
	base.Finish(rb, robustBreakEven)
	return rb, nil
}

// Ablation reruns c's first opt.Replications random worlds with each mechanism in
// mechs switched off (load gives a fresh copy of the comparison's scenario) and
// returns the ablation table; set it on c.Ablation and recompute c.Recommendation
// (reports.Recommend) so that the reasons name only the mechanisms it backs. The
// result is the same for every number of workers.
func Ablation(ctx context.Context, c *reports.Comparison, load LoadFunc, mechs []scenarios.Mechanism, opt PointOptions) (*reports.Ablation, error) {
	k := opt.Replications
	if k < 1 {
		return nil, fmt.Errorf("experiment: ablation replications must be at least 1, got %d", k)
	}
	base, err := reports.NewPairedBase(c, k)
	if err != nil {
		return nil, err
	}
	ra, rb := base.Orderings()
	scs := make([]*scenarios.Scenario, len(mechs))
	for i, m := range mechs {
		sc, err := load()
		if err != nil {
			return nil, err
		}
		if err := sc.SwitchOff(m); err != nil {
			return nil, err
		}
		scs[i] = sc
	}
	pa, pb, err := runPaired(ctx, scs, scenarios.Ordering(ra), scenarios.Ordering(rb), 0, k, opt)
	if err != nil {
		return nil, err
	}
	ab := &reports.Ablation{Replications: k, MinShare: reports.MinAblationShare}
	for i, m := range mechs {
		ab.Rows = append(ab.Rows, base.Ablation(reports.Mechanism(m), pa[i], pb[i]))
	}
	return ab, nil
}

// setPos is the position of an error in a --set override.
var setPos = regexp.MustCompile(`^--set:\d+:\d+: `)

// firstLine is s up to its first newline, without a --set position (the override is
// the robustness check's, not the planner's).
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return setPos.ReplaceAllString(s, "")
}

// paired is what one job of runPaired returns: both orderings' disruption.
type paired struct {
	a, b float64
	err  error
}

// runPaired runs replications from..from+k−1 of orderings a and b of every scenario
// in scs on opt.Workers workers and returns each scenario's disruption per
// replication, pa[i][r−from] and pb[i][r−from]. One job is one scenario and
// replication, both orderings in it; jobs are delivered in order, so the values are
// the same for any number of workers.
func runPaired(ctx context.Context, scs []*scenarios.Scenario, a, b scenarios.Ordering, from, k int, opt PointOptions) (pa, pb [][]float64, err error) {
	pa = make([][]float64, len(scs))
	pb = make([][]float64, len(scs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var failed error
	err = sim.Replicate(ctx, len(scs)*k, opt.Workers, func(j int) paired {
		sc, rep := scs[j/k], from+j%k
		r1, err := RunOne(ctx, sc, a, rep)
		if err != nil {
			return paired{err: err}
		}
		r2, err := RunOne(ctx, sc, b, rep)
		if err != nil {
			return paired{err: err}
		}
		return paired{a: reports.Disruption(r1), b: reports.Disruption(r2)}
	}, func(j int, v paired) {
		if failed != nil {
			return
		}
		if v.err != nil {
			failed = v.err
			cancel()
			return
		}
		pa[j/k] = append(pa[j/k], v.a)
		pb[j/k] = append(pb[j/k], v.b)
		if opt.Progress != nil {
			opt.Progress()
		}
	})
	if failed != nil && !errors.Is(failed, context.Canceled) {
		return nil, nil, failed
	}
	if err != nil {
		return nil, nil, err
	}
	if failed != nil {
		return nil, nil, failed
	}
	return pa, pb, nil
}
