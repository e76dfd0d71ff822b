package experiment

import (
	"context"
	"errors"
	"fmt"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// Point is one value of a swept parameter and the resolved scenario with it set.
type Point struct {
	Value    string  // as written, e.g. 512kbps
	Numeric  float64 // in base units (bits/s, bytes, seconds), or the position of a category
	Scenario *scenarios.Scenario
}

// SweepSpec is a resolved sweep: the parameter and one scenario per value.
type SweepSpec struct {
	Param string // scenario path, e.g. sites.Leeds.wan.down
	// Log is true when the values are spread (and break-evens interpolated) on a log
	// scale.
	Log bool
	// Categorical is true when the values are not quantities (e.g. keep,resync).
	Categorical bool
	Points      []Point
	// Format writes a break-even estimate (base units) in the parameter's unit; nil:
	// %g.
	Format func(float64) string
}

// PointError is the failure of one sweep point that is not an internal error.
type PointError struct {
	Param, Value string
	Err          error
}

// Error names the point: "PARAM = VALUE: the error".
func (e *PointError) Error() string { return fmt.Sprintf("%s = %s: %v", e.Param, e.Value, e.Err) }

// Unwrap returns the point's error.
func (e *PointError) Unwrap() error { return e.Err }

// Sweep runs a Comparison of each point's scenario (its own orderings, unless
// opt.Orderings is set) and returns them with the break-evens, where the
// recommendation flips. A sweep reports each point's statistics, never its time
// series: they are dropped as each point ends, so memory does not grow with the
// number of points. opt.Progress is called after every replication of every point.
func Sweep(ctx context.Context, spec SweepSpec, opt Options) (*reports.Sweep, error) {
	if len(spec.Points) == 0 {
		return nil, errors.New("experiment: a sweep needs at least one point")
	}
	sw := &reports.Sweep{
		SchemaVersion: reports.SchemaVersion,
		Scenario:      spec.Points[0].Scenario.Name,
		Param:         spec.Param,
		Log:           spec.Log,
		Categorical:   spec.Categorical,
	}
	for _, p := range spec.Points {
		c, err := Compare(ctx, p.Scenario, opt)
		if err != nil {
			if IsBug(err) {
				return nil, err
			}
			return nil, &PointError{Param: spec.Param, Value: p.Value, Err: err}
		}
		for j := range c.Orderings {
			c.Orderings[j].Series = model.Series{}
		}
		sw.Values = append(sw.Values, p.Value)
		sw.Numeric = append(sw.Numeric, p.Numeric)
		sw.Points = append(sw.Points, *c)
	}
	format := spec.Format
	if format == nil {
		format = func(v float64) string { return fmt.Sprintf("%g", v) }
	}
	sw.BreakEven = reports.FindBreakEvens(sw, format)
	if !spec.Categorical {
		sw.AxisUnit, sw.AxisScale = AxisUnit(sw.Values[0], sw.Numeric) // the chart's axis reads in Mbps, not bits/s
	}
	return sw, nil
}
