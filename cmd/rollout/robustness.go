package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/reports/experiment"
	"github.com/rollout-sim/rollout/scenarios"
)

// defaultRobustnessReplications is --robustness-replications' default: replications
// of a robustness point within reach of a flip. Two is the fewest that give a
// confidence interval; common random numbers keep it narrow.
const defaultRobustnessReplications = 2

// defaultAblationReplications is --ablation-replications' default: replications per
// mechanism switched off, enough for a CI of the share it explains.
const defaultAblationReplications = 5

// addRobustnessFlags adds the robustness check's and the ablation's flags to compare.
func addRobustnessFlags(fs *pflag.FlagSet) {
	fs.Bool("ablation", true, "rerun with each mechanism the reasons can name switched off, so reasons name only mechanisms that explain at least 10 % of the difference (--ablation=false to skip)")
	fs.Int("ablation-replications", defaultAblationReplications, "replications per mechanism switched off (on the comparison's first random worlds)")
	fs.Bool("robustness", true, "rerun the comparison with each assumed parameter at the low and high end of its range (--robustness=false to skip)")
	fs.Int("robustness-replications", defaultRobustnessReplications, "replications for a robustness point within reach of a flip (every point is screened on the comparison's first random world)")
	fs.StringArray("vary", nil, "also rerun with PATH at LOW and at HIGH, e.g. sites.Leeds.wan.latency=20ms:200ms (repeatable; replaces the range of an assumed parameter)")
}

// robustnessPlan is the parsed robustness flags.
type robustnessPlan struct {
	on   bool
	reps int
	vary []scenarios.Variation

	ablation     bool
	ablationReps int
}

// parseRobustness reads the robustness flags; it reports usage errors on stderr.
func parseRobustness(e *env, fs *pflag.FlagSet, name string) (robustnessPlan, bool) {
	var p robustnessPlan
	if fs.Lookup("robustness") == nil {
		return p, true
	}
	p.on, _ = fs.GetBool("robustness")
	p.reps, _ = fs.GetInt("robustness-replications")
	if p.reps < 1 || p.reps > scenarios.MaxReplications {
		fmt.Fprintf(e.stderr, "rollout %s: --robustness-replications must be from 1 to %d, got %d\nsee 'rollout help %s'\n", name, scenarios.MaxReplications, p.reps, name)
		return p, false
	}
	p.ablation, _ = fs.GetBool("ablation")
	p.ablationReps, _ = fs.GetInt("ablation-replications")
	if p.ablationReps < 1 || p.ablationReps > scenarios.MaxReplications {
		fmt.Fprintf(e.stderr, "rollout %s: --ablation-replications must be from 1 to %d, got %d\nsee 'rollout help %s'\n", name, scenarios.MaxReplications, p.ablationReps, name)
		return p, false
	}
	vary, _ := fs.GetStringArray("vary")
	for _, s := range vary {
		v, err := scenarios.ParseVary(s)
		if err != nil {
			fmt.Fprintf(e.stderr, "rollout %s: %v\nsee 'rollout help %s'\n", name, err, name)
			return p, false
		}
		p.vary = append(p.vary, v)
	}
	if len(p.vary) > 0 && !p.on {
		fmt.Fprintf(e.stderr, "rollout %s: --vary needs the robustness check (drop --robustness=false)\n", name)
		return p, false
	}
	return p, true
}

// prepareRobustness lists the robustness check's variations of sc and loads each
// --vary end before anything runs, so a bad one fails fast; it returns the
// variations or exitInvalid.
func prepareRobustness(e *env, o *experimentOptions, p robustnessPlan, sc *scenarios.Scenario, name string) ([]scenarios.Variation, int) {
	vary := append([]scenarios.Variation(nil), p.vary...)
	for i, v := range vary { // a path of several moving together: the first one's value in force
		if paths, err := expandParam(v.Path); err == nil && len(paths) > 1 {
			vary[i].Value = sc.ValueAt(paths[0])
		}
	}
	vars := sc.Variations(vary)
	for _, v := range vars {
		if !v.Planner {
			continue // an end of the table's range that does not fit leaves its row untested
		}
		if _, err := expandParam(v.Path); err != nil {
			fmt.Fprintf(e.stderr, "rollout %s: --vary: %v\n", name, strings.TrimPrefix(err.Error(), "--param "))
			return nil, exitInvalid
		}
		for _, val := range []string{v.Low, v.High} {
			if _, err := loadExpanded(o)(v.Path + "=" + val); err != nil {
				fmt.Fprintf(e.stderr, "%s\n", setPosition.ReplaceAllString(err.Error(), "rollout "+name+": robustness "+v.Path+" = "+val+": "))
				return nil, exitInvalid
			}
		}
	}
	return vars, exitOK
}

// runRobustnessCheck runs the robustness check of c and sets c.Robustness; plain is
// how long the comparison's own replications took, and the ratio of the check's
// time to it goes to stderr when it is a terminal and not --quiet (never into the
// results, which must not depend on timing).
func runRobustnessCheck(ctx context.Context, e *env, o *experimentOptions, p robustnessPlan, c *reports.Comparison, vars []scenarios.Variation, plain time.Duration) error {
	reps := min(p.reps, c.Replications)
	screen := experiment.RobustnessPoints(vars)
	bar := newProgress(e.terminal, o.quiet, screen, "robustness points")
	steps := 0
	step := func() { // the bar counts the screening; the confirmations that follow are few
		if steps++; steps <= screen {
			bar.step()
		}
	}
	start := time.Now()
	rb, err := experiment.Robustness(ctx, c, loadExpanded(o), vars, experiment.PointOptions{
		Replications: reps,
		Workers:      o.workers,
		Progress:     step,
	})
	bar.finish()
	if err != nil {
		return err
	}
	c.Robustness = rb
	if isTerminal(e.terminal) && !o.quiet && plain > 0 { // like the progress bar: for the person watching, never in results
		fmt.Fprintf(e.stderr, "rollout: robustness check: %d points on 1 replication, %d of them confirmed on %d, took %.2f× the comparison's time\n",
			experiment.RobustnessPoints(vars), rb.Confirmed, reps, time.Since(start).Seconds()/plain.Seconds())
	}
	return nil
}

// runAblation switches off each mechanism the reasons can name, sets c.Ablation and
// recomputes the recommendation so that its reasons name only backed mechanisms.
func runAblation(ctx context.Context, e *env, o *experimentOptions, p robustnessPlan, c *reports.Comparison) error {
	reps := min(p.ablationReps, c.Replications)
	mechs := scenarios.Mechanisms()
	bar := newProgress(e.terminal, o.quiet, len(mechs)*reps, "ablation runs")
	ab, err := experiment.Ablation(ctx, c, o.load, mechs, experiment.PointOptions{
		Replications: reps,
		Workers:      o.workers,
		Progress:     bar.step,
	})
	bar.finish()
	if err != nil {
		return err
	}
	c.Ablation = ab
	c.Recommendation = reports.Recommend(c)
	return nil
}

// loadExpanded is o.load for overrides whose paths may name several paths that move
// together ({a,b} groups, as in a sweep's --param): each becomes one override per
// path. A path that does not expand is passed on as it is, for load to report.
func loadExpanded(o *experimentOptions) experiment.LoadFunc {
	return func(sets ...string) (*scenarios.Scenario, error) {
		var out []string
		for _, s := range sets {
			eq := strings.IndexByte(s, '=')
			if eq < 0 {
				out = append(out, s)
				continue
			}
			paths, err := expandParam(s[:eq])
			if err != nil {
				out = append(out, s)
				continue
			}
			out = append(out, paramSets(paths, s[eq+1:])...)
		}
		return o.load(out...)
	}
}
