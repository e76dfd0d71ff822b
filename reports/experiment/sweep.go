package experiment

import (
	"context"
	"fmt"

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
	// Source is the scenario as the planner named it (a built-in's name or a file's
	// path), kept in a shard's part so that a merge names its outputs as one run does;
	// "" for the scenario's name.
	Source string
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
// It is SweepShard of the only shard, 0/1, merged by MergeSweep: a sweep run as shards
// and merged gives the same result.
func Sweep(ctx context.Context, spec SweepSpec, opt Options) (*reports.Sweep, error) {
	part, err := SweepShard(ctx, spec, opt, Shard{Index: 0, Count: 1})
	if err != nil {
		return nil, err
	}
	return MergeSweep([]*SweepPart{part}, nil, spec.Format)
}
