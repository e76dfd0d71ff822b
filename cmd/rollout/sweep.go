package main

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/reports/experiment"
	"github.com/rollout-sim/rollout/scenarios"
)

func init() {
	register(&command{
		name:    "sweep",
		summary: "Compare both orderings along one parameter and find where the recommendation flips.",
		usage:   "rollout sweep --param PATH (--values V1,V2,... | --range FROM:TO:STEPS [--log]) [--param PATH2 (--values … | --range …)] [FLAGS] [SCENARIO]",
		example: `rollout sweep --param sites.Leeds.wan.down --range 64kbps:10Mbps:8 --log -r 10
rollout sweep --param 'sites.*.wan.{down,up}' --range 256kbps:20Mbps:6 --log    both directions of every site's link
rollout sweep --param 'sites.*.wan.{down,up}' --values 256kbps,1Mbps,10Mbps --param rollout.clients.users_per_day --values 50,150,400   a grid, drawn as a heat map
rollout sweep --param rollout.clients.users_per_day --values 50,100,200,400
rollout sweep --param clients.outlook2003.disconnected_share --range 0.05:0.3:6 --json sweep.json
rollout sweep --param rollout.clients.users_per_day --range 40:480:12 --shard 0/4 --partial part-0.part   one of 4 shards; then: rollout merge part-*.part`,
		flags: func(fs *pflag.FlagSet) {
			fs.StringArray("param", nil, "scenario path to vary, as in --set (required); {a,b} names several that move together, e.g. sites.*.wan.{down,up}; twice for a grid of two parameters")
			fs.StringArray("values", nil, "comma-separated values to try, with units, e.g. 256kbps,1Mbps (once per --param)")
			fs.StringArray("range", nil, "FROM:TO:STEPS, STEPS values from FROM to TO inclusive (once per --param)")
			fs.Bool("log", false, "space --range values evenly on a log scale (for rates and sizes; every --range)")
			addReplicationFlags(fs)
			addOutputFlags(fs, true)
			fs.String("shard", "", "run only shard INDEX/COUNT of the points (INDEX from 0; point p, counted from 0, is in shard p mod COUNT) and write its partial result to --partial, for 'rollout merge'")
			fs.String("partial", "", "with --shard: the partial result file to write (instead of the report, JSON and CSV)")
		},
		run: func(e *env, fs *pflag.FlagSet) int {
			ctx, stop := signalContext()
			defer stop()
			return runSweep(ctx, e, fs)
		},
	})
}

// setPosition is the position prefix of an error in a --set override.
var setPosition = regexp.MustCompile(`(?m)^--set:\d+:\d+: `)

// sweepValue is one parameter value: as passed to --set, and in base units.
type sweepValue struct {
	text    string
	numeric float64
}

// valueKind parses and formats one kind of parameter value.
type valueKind struct {
	parse  func(string) (float64, error)
	format func(float64) string
}

// kinds are tried in order: a value is of the first kind that parses it.
var kinds = []valueKind{
	{func(s string) (float64, error) { v, err := scenarios.ParseBitRate(s); return float64(v), err },
		func(v float64) string { return scenarios.BitRate(v).String() }},
	{func(s string) (float64, error) { v, err := scenarios.ParseBytes(s); return float64(v), err },
		func(v float64) string { return scenarios.Bytes(v).String() }},
	{func(s string) (float64, error) { v, err := scenarios.ParseDuration(s); return float64(v), err },
		func(v float64) string { return scenarios.Duration(v).String() }},
	{func(s string) (float64, error) { return strconv.ParseFloat(strings.TrimSpace(s), 64) },
		func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }},
}

// kindOf returns the kind that parses s, its value and whether one did.
func kindOf(s string) (valueKind, float64, bool) {
	for _, k := range kinds {
		if v, err := k.parse(s); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return k, v, true
		}
	}
	return valueKind{}, 0, false
}

// parseValues reads --values: each value is passed to --set as written. When one of
// them is not a quantity (a number, rate, size or duration) the values are
// categories (e.g. keep,resync), numbered 0, 1, 2, … in the order given.
func parseValues(list string) (out []sweepValue, kind valueKind, categorical bool, err error) {
	for i, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, kind, false, fmt.Errorf("--values: value %d is empty", i+1)
		}
		k, v, ok := kindOf(s)
		if !ok {
			categorical = true
		}
		if i == 0 {
			kind = k
		}
		out = append(out, sweepValue{text: s, numeric: v})
	}
	if categorical {
		for i := range out {
			out[i].numeric = float64(i)
		}
		kind = kinds[len(kinds)-1]
	}
	return out, kind, categorical, nil
}

// parseRange reads --range FROM:TO:STEPS: STEPS ≥ 2 values from FROM to TO inclusive,
// evenly spaced (geometrically with log, which needs FROM, TO > 0), rounded to three
// significant digits (to whole numbers when FROM and TO are plain integers at least
// STEPS − 1 apart, e.g. users per day) and written in FROM's unit kind.
func parseRange(spec string, log bool) ([]sweepValue, valueKind, error) {
	parts := strings.Split(spec, ":")
	if len(parts) != 3 {
		return nil, valueKind{}, fmt.Errorf("--range %q: want FROM:TO:STEPS, e.g. 64kbps:10Mbps:8", spec)
	}
	kind, from, ok := kindOf(parts[0])
	if !ok {
		return nil, kind, fmt.Errorf("--range: FROM %q is not a number, rate, size or duration", parts[0])
	}
	to, err := kind.parse(parts[1])
	if err != nil {
		return nil, kind, fmt.Errorf("--range: TO %q is not of the same kind as FROM %q: %v", parts[1], parts[0], err)
	}
	steps, err := strconv.Atoi(parts[2])
	if err != nil || steps < 2 || steps > 1000 {
		return nil, kind, fmt.Errorf("--range: STEPS %q must be a whole number from 2 to 1000", parts[2])
	}
	if log && (from <= 0 || to <= 0) {
		return nil, kind, fmt.Errorf("--range with --log needs FROM and TO above zero")
	}
	_, e1 := strconv.Atoi(parts[0])
	_, e2 := strconv.Atoi(parts[1])
	integers := e1 == nil && e2 == nil && math.Abs(to-from) >= float64(steps-1)
	var out []sweepValue
	for i := 0; i < steps; i++ {
		t := float64(i) / float64(steps-1)
		v := from + t*(to-from)
		if log {
			v = math.Exp(math.Log(from) + t*(math.Log(to)-math.Log(from)))
		}
		switch {
		case i == 0:
			v = from
		case i == steps-1:
			v = to
		case integers:
			v = math.Round(v)
		default:
			v = round3(v)
		}
		text := kind.format(v)
		if i == 0 {
			text = strings.TrimSpace(parts[0])
		} else if i == steps-1 {
			text = strings.TrimSpace(parts[1])
		}
		if len(out) > 0 && out[len(out)-1].numeric == v {
			continue // rounding made two steps equal
		}
		out = append(out, sweepValue{text: text, numeric: v})
	}
	return out, kind, nil
}

func runSweep(ctx context.Context, e *env, fs *pflag.FlagSet) int {
	bad := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "rollout sweep: %s\nsee 'rollout help sweep'\n", fmt.Sprintf(format, a...))
		return exitInvalid
	}
	shard, partial, err := shardFlags(fs)
	if err != nil {
		return bad("%v", err)
	}
	o, ok := parseExperiment(e, fs, "sweep")
	if !ok {
		return exitInvalid
	}
	params, _ := fs.GetStringArray("param")
	valuesFlags, _ := fs.GetStringArray("values")
	rangeFlags, _ := fs.GetStringArray("range")
	logScale, _ := fs.GetBool("log")
	switch {
	case len(params) == 0 || params[0] == "":
		return bad("--param is required")
	case len(params) > 2:
		return bad("at most two --param (a grid), got %d", len(params))
	case len(params) == 2 && shard != nil:
		return bad("--shard splits a sweep of one parameter; a grid of two runs in one process")
	case len(params) == 2:
		return runGrid(ctx, e, &o, params, valuesFlags, rangeFlags, logScale)
	}
	param := params[0]
	if len(valuesFlags)+len(rangeFlags) != 1 {
		return bad("give exactly one of --values and --range")
	}
	valuesFlag, rangeFlag := "", ""
	if len(valuesFlags) == 1 {
		valuesFlag = valuesFlags[0]
	} else {
		rangeFlag = rangeFlags[0]
	}
	if logScale && rangeFlag == "" {
		return bad("--log applies to --range only")
	}
	values, _, categorical, err := axisValues(valuesFlag, rangeFlag, logScale)
	if err != nil {
		return bad("%v", err)
	}
	// Load every point before running any, so a bad value fails fast. The scenario
	// and the user's own --set come first, so that what fails afterwards is the swept
	// parameter, named as --param (its override is built as a --set).
	if _, err := o.load(); err != nil {
		fmt.Fprintf(e.stderr, "%v\n", err)
		return exitInvalid
	}
	paths, err := expandParam(param)
	if err != nil {
		return bad("%v", err)
	}
	var scs []*scenarios.Scenario
	for _, v := range values {
		sc, err := o.load(paramSets(paths, v.text)...)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s\n", setPosition.ReplaceAllString(err.Error(), "rollout sweep: --param "+param+" = "+v.text+": "))
			return exitInvalid
		}
		scs = append(scs, sc)
	}
	spec := experiment.SweepSpec{
		Param:       param,
		Source:      o.scenario,
		Log:         logScale,
		Categorical: categorical,
		Format:      sweepFormat(values[0].text, categorical),
	}
	total, ords := 0, 0
	var mine []*scenarios.Scenario // the points this process runs
	for i, sc := range scs {
		spec.Points = append(spec.Points, experiment.Point{Value: values[i].text, Numeric: values[i].numeric, Scenario: sc})
		if shard != nil && !shard.Owns(i) {
			continue
		}
		mine = append(mine, sc)
		total += sc.Simulation.Replications
		ords = max(ords, len(sc.Rollout.Orderings))
	}
	if len(mine) == 0 {
		return bad("shard %s has no point: the sweep has %d, fewer than the %d shards", shard, len(scs), shard.Count)
	}
	if code := o.admit(e, "sweep", mine, ords); code != exitOK {
		return code
	}
	if shard != nil {
		return runSweepShard(ctx, e, &o, spec, *shard, partial, total)
	}
	bar := newProgress(e.terminal, o.quiet, total, "replications")
	sw, err := experiment.Sweep(ctx, spec, o.experiment(e, nil, bar.step))
	bar.finish()
	if err != nil {
		return reportRunError(e, "sweep", err)
	}
	if err := writeOutputs(ctx, e, &o, nil, sw); err != nil {
		return reportWriteError(e, "sweep", err)
	}
	return exitOK
}

// round3 rounds v to three significant digits.
func round3(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return r
}
