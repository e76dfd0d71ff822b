package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/internal/atomicfile"
	"github.com/rollout-sim/rollout/reports/experiment"
)

func init() {
	register(&command{
		name:    "merge",
		summary: "Combine the partial results of a sweep run as shards into the outputs of one run.",
		usage:   "rollout merge [FLAGS] PARTIAL...",
		example: `rollout merge part-0.part part-1.part part-2.part part-3.part --json sweep.json
rollout merge part-*.part -o sweep-report.html --csv tables/`,
		flags: func(fs *pflag.FlagSet) {
			addOutputFlags(fs, true)
		},
		run: func(e *env, fs *pflag.FlagSet) int {
			ctx, stop := signalContext()
			defer stop()
			return runMerge(ctx, e, fs)
		},
	})
}

// sweepFormat writes a break-even estimate (base units) in the unit of the sweep's
// first value; a sweep and the merge of its shards both use it, so that their
// outputs are the same.
func sweepFormat(first string, categorical bool) func(float64) string {
	k, _, ok := kindOf(first)
	if categorical || !ok {
		k = kinds[len(kinds)-1]
	}
	return func(v float64) string { return k.format(round3(v)) }
}

// parseShard reads --shard INDEX/COUNT.
func parseShard(s string) (experiment.Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return experiment.Shard{}, fmt.Errorf("--shard %q: want INDEX/COUNT, e.g. 0/4 (INDEX from 0 to COUNT-1)", s)
	}
	sh := experiment.Shard{Index: index, Count: count}
	if sh.Check() != nil || count > 100000 {
		return sh, fmt.Errorf("--shard %q: want INDEX/COUNT with 0 ≤ INDEX < COUNT ≤ 100000, e.g. 0/4", s)
	}
	return sh, nil
}

// shardFlags reads --shard and --partial (nil shard: no sharding). A shard writes
// only its partial file, so the report, JSON and CSV flags are refused with it.
func shardFlags(fs *pflag.FlagSet) (*experiment.Shard, string, error) {
	spec, _ := fs.GetString("shard")
	partial, _ := fs.GetString("partial")
	if spec == "" {
		if partial != "" {
			return nil, "", fmt.Errorf("--partial goes with --shard")
		}
		return nil, "", nil
	}
	sh, err := parseShard(spec)
	if err != nil {
		return nil, "", err
	}
	if partial == "" || partial == "-" {
		return nil, "", fmt.Errorf("--shard needs --partial FILE, the partial result file for 'rollout merge'")
	}
	for _, f := range []string{"out", "json", "csv", "png"} {
		if fs.Changed(f) {
			return nil, "", fmt.Errorf("--shard writes only its --partial file; give --%s to 'rollout merge'", f)
		}
	}
	if err := atomicfile.Check(partial); err != nil {
		return nil, "", fmt.Errorf("--partial: %v", err)
	}
	_ = fs.Set("out", "") // no default report from a shard
	return &sh, partial, nil
}

// runSweepShard runs the points of spec that shard owns (total replications) and
// writes them to the partial file.
func runSweepShard(ctx context.Context, e *env, o *experimentOptions, spec experiment.SweepSpec, shard experiment.Shard, partial string, total int) int {
	bar := newProgress(e.terminal, o.quiet, total, "replications")
	part, err := experiment.SweepShard(ctx, spec, o.experiment(e, nil, bar.step), shard)
	bar.finish()
	if err != nil {
		return reportRunError(e, "sweep", err)
	}
	t := atomicfile.New(ctx)
	defer t.Abort()
	if err := t.Add(partial, func(w io.Writer) error { return experiment.WritePart(w, part) }); err != nil {
		return reportWriteError(e, "sweep", err)
	}
	if err := t.Commit(); err != nil {
		return reportWriteError(e, "sweep", err)
	}
	var vals []string
	for _, i := range part.Indices {
		vals = append(vals, spec.Points[i].Value)
	}
	fmt.Fprintf(e.stdout, "Shard %s: %d of %d points (%s = %s); merge the partial files of all %d shards with 'rollout merge'.\n",
		shard, len(part.Indices), len(spec.Points), spec.Param, strings.Join(vals, ", "), shard.Count)
	for _, p := range t.Written() {
		fmt.Fprintf(e.stderr, "Wrote %s\n", p)
	}
	return exitOK
}

// runMerge reads the partial files named on the command line and writes the sweep
// they make, as 'rollout sweep' writes one run's.
func runMerge(ctx context.Context, e *env, fs *pflag.FlagSet) int {
	bad := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "rollout merge: %s\nsee 'rollout help merge'\n", fmt.Sprintf(format, a...))
		return exitInvalid
	}
	if fs.NArg() == 0 {
		return bad("name the partial files of every shard, e.g. rollout merge part-*.part")
	}
	var parts []*experiment.SweepPart
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return bad("%v", err)
		}
		p, err := experiment.ReadPart(f)
		f.Close()
		if err != nil {
			return bad("%s: %v", name, err)
		}
		parts = append(parts, p)
	}
	h := parts[0].Header
	sw, err := experiment.MergeSweep(parts, fs.Args(), sweepFormat(h.Values[0], h.Categorical))
	if err != nil {
		return bad("%v", err)
	}
	o := experimentOptions{scenario: h.Source}
	if o.scenario == "" {
		o.scenario = h.Scenario
	}
	o.out, _ = fs.GetString("out")
	if !fs.Changed("out") {
		o.out = defaultReportName(o.scenario, "sweep", "") // as the sweep run at once names it
	}
	o.pngDir, _ = fs.GetString("png")
	o.jsonOut, _ = fs.GetString("json")
	o.csvDir, _ = fs.GetString("csv")
	o.csvBOM, _ = fs.GetBool("csv-bom")
	if o.pngDir != "" && o.out == "" {
		return bad("--png needs the HTML report (-o)")
	}
	if err := checkOutputs(&o); err != nil {
		fmt.Fprintf(e.stderr, "rollout merge: %v\n", err)
		return exitInvalid
	}
	if err := writeOutputs(ctx, e, &o, nil, sw); err != nil {
		return reportWriteError(e, "merge", err)
	}
	return exitOK
}
