package main

import (
	"context"
	"fmt"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/reports/experiment"
	"github.com/rollout-sim/rollout/scenarios"
)

// axisValues reads one parameter's values from --values (valuesFlag) or --range
// (rangeFlag, spaced on a log scale with logScale).
func axisValues(valuesFlag, rangeFlag string, logScale bool) ([]sweepValue, valueKind, bool, error) {
	if valuesFlag != "" {
		return parseValues(valuesFlag)
	}
	v, k, err := parseRange(rangeFlag, logScale)
	return v, k, false, err
}

// runGrid is a sweep of two parameters: the comparison at every pair of their
// values, reported as a heat map of the recommendation and the difference. Both
// take --values, or both --range (--log spaces every range on a log scale).
func runGrid(ctx context.Context, e *env, o *experimentOptions, params, valuesFlags, rangeFlags []string, logScale bool) int {
	bad := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "rollout sweep: %s\nsee 'rollout help sweep'\n", fmt.Sprintf(format, a...))
		return exitInvalid
	}
	var specs [2]struct{ values, rng string }
	switch {
	case len(valuesFlags) == 2 && len(rangeFlags) == 0:
		specs[0].values, specs[1].values = valuesFlags[0], valuesFlags[1]
	case len(rangeFlags) == 2 && len(valuesFlags) == 0:
		specs[0].rng, specs[1].rng = rangeFlags[0], rangeFlags[1]
	default:
		return bad("two --param need two --values or two --range (one per parameter, in the same order), got %d --values and %d --range", len(valuesFlags), len(rangeFlags))
	}
	if logScale && specs[0].rng == "" {
		return bad("--log applies to --range only")
	}
	var paths [2][]string
	var values [2][]sweepValue
	var kinds [2]valueKind
	for p := 0; p < 2; p++ {
		var err error
		if paths[p], err = expandParam(params[p]); err != nil {
			return bad("%v", err)
		}
		if values[p], kinds[p], _, err = axisValues(specs[p].values, specs[p].rng, logScale); err != nil {
			return bad("--param %s: %v", params[p], err)
		}
	}
	if _, err := o.load(); err != nil {
		fmt.Fprintf(e.stderr, "%v\n", err)
		return exitInvalid
	}
	// Load every point before running any, so a bad value fails fast.
	var scs []*scenarios.Scenario
	var labels []string
	for _, a := range values[0] {
		for _, b := range values[1] {
			sc, err := o.load(append(paramSets(paths[0], a.text), paramSets(paths[1], b.text)...)...)
			if err != nil {
				fmt.Fprintf(e.stderr, "%s\n", setPosition.ReplaceAllString(err.Error(),
					"rollout sweep: --param "+params[0]+" = "+a.text+", "+params[1]+" = "+b.text+": "))
				return exitInvalid
			}
			scs = append(scs, sc)
			labels = append(labels, a.text+", "+b.text)
		}
	}
	grid := &reports.Grid{Params: [2]string{params[0], params[1]}}
	for p := 0; p < 2; p++ {
		for _, v := range values[p] {
			grid.Values[p] = append(grid.Values[p], v.text)
			grid.Numeric[p] = append(grid.Numeric[p], v.numeric)
		}
		grid.Units[p], grid.Scales[p] = experiment.AxisUnit(grid.Values[p][0], grid.Numeric[p])
	}
	sw := &reports.Sweep{
		SchemaVersion: reports.SchemaVersion,
		Scenario:      scs[0].Name,
		Param:         params[0] + " × " + params[1],
		Log:           logScale,
		Grid:          grid,
		Numeric:       []float64{},
		BreakEven:     []reports.BreakEven{},
	}
	total, ords := 0, 0
	for _, sc := range scs {
		total += sc.Simulation.Replications
		ords = max(ords, len(sc.Rollout.Orderings))
	}
	if code := o.admit(e, "sweep", scs, ords); code != exitOK {
		return code
	}
	bar := newProgress(e.terminal, o.quiet, total, "replications")
	for i, sc := range scs {
		c, err := experiment.Compare(ctx, sc, o.experiment(e, nil, bar.step))
		if err != nil {
			bar.finish()
			if experiment.IsBug(err) {
				return reportRunError(e, "sweep", err)
			}
			return reportRunError(e, "sweep", fmt.Errorf("%s: %w", labels[i], err))
		}
		for j := range c.Orderings { // statistics only, as in a sweep of one parameter
			c.Orderings[j].Series = model.Series{}
		}
		sw.Values = append(sw.Values, labels[i])
		sw.Points = append(sw.Points, *c)
	}
	bar.finish()
	if err := writeOutputs(ctx, e, o, nil, sw); err != nil {
		return reportWriteError(e, "sweep", err)
	}
	return exitOK
}
