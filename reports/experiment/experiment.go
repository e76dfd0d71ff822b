package experiment

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// Options are the settings of an experiment that do not change its results.
type Options struct {
	// Workers is the number of runs (one ordering of one replication each) made in
	// parallel (≤ 0: GOMAXPROCS). Results are bit-identical for every value.
	Workers int
	// Orderings are the orderings to run, in report order (nil: the scenario's
	// rollout.orderings).
	Orderings []scenarios.Ordering
	// Progress, when not nil, is called after each replication is aggregated, from
	// the calling goroutine, in replication order.
	Progress func()
	// Run is the provenance written into the outputs (tool and Go versions, the
	// command line that reproduces the run); the zero value leaves it empty.
	Run reports.RunInfo
}

// BugError is an internal error: a panic in the model, or an error from the model
// for a scenario that scenarios.Load accepted.
type BugError struct{ Msg string }

// Error returns the message.
func (e *BugError) Error() string { return e.Msg }

// IsBug reports whether err is, or wraps, a *BugError.
func IsBug(err error) bool {
	var b *BugError
	return errors.As(err, &b)
}

func bugf(format string, a ...any) error { return &BugError{fmt.Sprintf(format, a...)} }

// Config describes the comparison of sc's orderings ords for reports.NewAggregator.
func Config(sc *scenarios.Scenario, ords []scenarios.Ordering, run reports.RunInfo) reports.Config {
	return reports.Config{
		Scenario: reports.ScenarioInfo{
			Name:        sc.Name,
			Description: sc.Description,
			Start:       sc.Start,
			WorkingDays: sc.Calendar.WorkingDays,
		},
		Seed:       sc.Simulation.Seed,
		Orderings:  reportOrderings(ords),
		Metrics:    model.MetricDefs(sc),
		CachedMode: sc.Clients.Outlook2003.CachedMode,

		MinRelativeDifference: float64(sc.Decision.MinRelativeDifference),
		MinUserHours:          sc.Decision.MinUserHours,
		Assumptions:           reportAssumptions(sc.Assumptions()),
		Run:                   run,
		Resolved:              sc.ResolvedYAML(),
	}
}

// reportOrderings converts orderings for reports, which names them by the same strings.
func reportOrderings(os []scenarios.Ordering) []reports.Ordering {
	out := make([]reports.Ordering, len(os))
	for i, o := range os {
		out[i] = reports.Ordering(o)
	}
	return out
}

// reportAssumptions converts the assumptions in force for reports.
func reportAssumptions(as []scenarios.Assumption) []reports.Assumption {
	out := make([]reports.Assumption, len(as))
	for i, a := range as {
		out[i] = reports.Assumption(a)
	}
	return out
}

// orderings returns opt.Orderings, or sc's, after checking them.
func orderings(sc *scenarios.Scenario, opt Options) ([]scenarios.Ordering, error) {
	ords := opt.Orderings
	if ords == nil {
		ords = sc.Rollout.Orderings
	}
	if len(ords) == 0 {
		return nil, errors.New("experiment: no ordering to run")
	}
	for _, o := range ords {
		if o != scenarios.ClientsFirst && o != scenarios.ServersFirst {
			return nil, fmt.Errorf("unknown ordering %q (want %s or %s)", o, scenarios.ClientsFirst, scenarios.ServersFirst)
		}
	}
	return ords, nil
}

// Compare runs sc.Simulation.Replications replications of every ordering of opt (the
// scenario's by default) on the same random worlds and returns their comparison:
// statistics, paired differences and the recommendation, as reports' writers take
// it. sc is a resolved scenario (scenarios.Load, or built in Go and checked). The
// result is the same for every opt.Workers.
func Compare(ctx context.Context, sc *scenarios.Scenario, opt Options) (*reports.Comparison, error) {
	if sc == nil {
		return nil, errors.New("experiment: nil scenario")
	}
	ords, err := orderings(sc, opt)
	if err != nil {
		return nil, err
	}
	agg := reports.NewAggregator(Config(sc, ords, opt.Run))
	err = Replicate(ctx, sc, ords, 0, sc.Simulation.Replications, opt.Workers, func(rep int, rs []*model.Result) error {
		if err := agg.Add(rs); err != nil {
			return bugf("%v", err) // results of a validated scenario that do not fit together
		}
		if opt.Progress != nil {
			opt.Progress()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return agg.Comparison(), nil
}

// run is what one worker returns: one ordering of one replication.
type run struct {
	result *model.Result
	err    error
}

// Replicate runs replications from, from+1, …, to−1 of every ordering in ords of sc
// on workers goroutines (≤ 0: GOMAXPROCS) and calls deliver(rep, results) in
// replication order from the calling goroutine; results[i] is ordering ords[i] of
// replication rep. A replication's random worlds depend only on (seed, rep), so a
// range split into shards delivers the same results as the whole. The unit of work
// is one ordering of one replication, so that the last replication's orderings run
// side by side instead of leaving a worker idle. The first error (from a run, from
// deliver, or ctx's) stops the run and is returned.
func Replicate(ctx context.Context, sc *scenarios.Scenario, ords []scenarios.Ordering, from, to, workers int, deliver func(rep int, results []*model.Result) error) error {
	if from < 0 || to < from {
		return fmt.Errorf("experiment: replications %d to %d: want 0 ≤ from ≤ to", from, to)
	}
	if len(ords) == 0 {
		return errors.New("experiment: no ordering to run")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var failed error
	k := len(ords)
	rs := make([]*model.Result, k) // the replication being delivered, filled unit by unit
	err := sim.Replicate(ctx, (to-from)*k, workers, func(u int) run {
		if ctx.Err() != nil {
			return run{err: ctx.Err()}
		}
		r, err := RunOne(ctx, sc, ords[u%k], from+u/k)
		return run{result: r, err: err}
	}, func(u int, v run) {
		if failed != nil {
			return
		}
		if v.err == nil {
			rs[u%k] = v.result
			if u%k == k-1 {
				v.err = deliver(from+u/k, rs)
				rs = make([]*model.Result, k)
			}
		}
		if v.err != nil {
			failed = v.err
			cancel()
		}
	})
	if failed != nil && !errors.Is(failed, context.Canceled) {
		return failed
	}
	if err != nil {
		return err
	}
	return failed
}

// started counts the replications started in this process.
var started atomic.Int64

// Started is the number of replications (of one ordering) started in this process so
// far; a caller checks with it that a refused run started none.
func Started() int64 { return started.Load() }

// RunOne runs replication rep of ordering o of sc. A panic, or an error from the model
// for a scenario that validation accepted, is a *BugError; a cancelled ctx gives
// ctx's error.
func RunOne(ctx context.Context, sc *scenarios.Scenario, o scenarios.Ordering, rep int) (r *model.Result, err error) {
	started.Add(1)
	defer func() {
		if v := recover(); v != nil {
			r, err = nil, fmt.Errorf("replication %d of %s: %w", rep, o, recovered(v))
		}
	}()
	r, err = model.RunContext(ctx, sc, o, rep)
	if err != nil && ctx.Err() == nil {
		return nil, bugf("replication %d of %s: %v", rep, o, err)
	}
	return r, err
}

// thisPackage is this package's import path, and modulePrefix the module's path with
// a trailing slash (the packages' import paths on a stack trace start with it).
var (
	thisPackage  = reflect.TypeOf(BugError{}).PkgPath()
	modulePrefix = strings.TrimSuffix(thisPackage, "reports/experiment")
)

// recovered turns a recovered panic value into a *BugError naming where it happened
// (the innermost rollout function on the stack outside this package).
func recovered(v any) error { return Recovered(v, thisPackage) }

// Recovered turns a panic value recovered by a caller in package skip (an import
// path) into a *BugError that names the innermost function of this module on the
// stack outside skip: where the bug is, not where it was caught.
func Recovered(v any, skip string) error {
	where := ""
	for _, line := range strings.Split(string(debug.Stack()), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, modulePrefix) && !strings.HasPrefix(line, skip+".") && !strings.HasPrefix(line, thisPackage+".") {
			where = " in " + line
			if i := strings.LastIndex(where, "("); i > 0 {
				where = where[:i]
			}
			break
		}
	}
	return bugf("panic%s: %v", where, v)
}

// RunInfo is the provenance of a run from this build: the tool version given, the Go
// version of the build, and the command line.
func RunInfo(toolVersion, commandLine string) reports.RunInfo {
	return reports.RunInfo{ToolVersion: toolVersion, GoVersion: runtime.Version(), CommandLine: commandLine}
}
