package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/internal/atomicfile"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/reports/experiment"
	"github.com/rollout-sim/rollout/scenarios"
)

func init() {
	register(&command{
		name:    "plan",
		summary: "Search for the plan with the least disruption under a finish date and load limits, mixed orderings included.",
		usage:   "rollout plan [--finish-by DURATION] [--max-utilization U] [--max-installs-per-day K] [--max-moves N] [FLAGS] [SCENARIO]",
		example: `rollout plan branch-consolidation --finish-by 120d --max-utilization 0.9
rollout plan my-org.yaml --finish-by 90d --max-installs-per-day 100 --max-moves 6 --plan best.yaml
rollout plan troubled-servers --finish-by 200d -r 10 --json plan.json`,
		flags: func(fs *pflag.FlagSet) {
			fs.String("finish-by", "", "latest end of the plan, from the start, e.g. 120d (default: the horizon); every replication must finish by it")
			fs.Float64("max-utilization", 0, "link utilization target in (0, 1], e.g. 0.9: link-hours at or above it count against --max-hours-over (default: the scenario's simulation.saturated_utilization)")
			fs.Float64("max-hours-over", -1, "most link-hours at or above the utilization target a plan may have, mean over replications (default: no more than the textbook ordering with fewer)")
			fs.Int("max-installs-per-day", 0, "most Outlook 2003 installs per working day a plan may use (default: no cap)")
			fs.Int("max-moves", 0, "most concurrent mailbox moves per 2003 server a plan may use (default: no cap)")
			fs.Int("first-replications", 2, "replications of every candidate in the first round; each later round doubles them for the better half")
			addReplicationFlags(fs)
			fs.String("plan", "", "write the best plan as a scenario file here (default SCENARIO-plan.yaml; '' for none)")
			fs.String("json", "", "write the search as JSON to FILE ('-' for stdout, instead of the text)")
		},
		run: func(e *env, fs *pflag.FlagSet) int {
			ctx, stop := signalContext()
			defer stop()
			return runPlan(ctx, e, fs)
		},
	})
}

// runPlan parses the flags, runs experiment.Plan and writes its text, JSON and plan
// file.
func runPlan(ctx context.Context, e *env, fs *pflag.FlagSet) int {
	bad := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "rollout plan: %s\nsee 'rollout help plan'\n", fmt.Sprintf(format, a...))
		return exitInvalid
	}
	o, msg := parseRunFlags(fs)
	if msg != "" {
		return bad("%s", msg)
	}
	var con experiment.PlanConstraints
	if s, _ := fs.GetString("finish-by"); s != "" {
		d, err := scenarios.ParseDuration(s)
		if err != nil || !(d > 0) {
			return bad("--finish-by %q: want a duration above zero, e.g. 120d", s)
		}
		con.FinishBy = d
	}
	con.MaxUtilization, _ = fs.GetFloat64("max-utilization")
	if fs.Changed("max-utilization") && !(con.MaxUtilization > 0 && con.MaxUtilization <= 1) {
		return bad("--max-utilization must be in (0, 1], e.g. 0.9, got %v", con.MaxUtilization)
	}
	con.MaxHoursOver, _ = fs.GetFloat64("max-hours-over")
	if math.IsNaN(con.MaxHoursOver) || math.IsInf(con.MaxHoursOver, 0) || (fs.Changed("max-hours-over") && con.MaxHoursOver < 0) {
		return bad("--max-hours-over must be a number of link-hours ≥ 0")
	}
	con.MaxInstallsPerDay, _ = fs.GetInt("max-installs-per-day")
	con.MaxMoves, _ = fs.GetInt("max-moves")
	if con.MaxInstallsPerDay < 0 || con.MaxMoves < 0 {
		return bad("--max-installs-per-day and --max-moves must be ≥ 1 (0: no cap)")
	}
	first, _ := fs.GetInt("first-replications")
	if first < 1 || first > scenarios.MaxReplications {
		return bad("--first-replications must be from 1 to %d, got %d", scenarios.MaxReplications, first)
	}
	planPath, _ := fs.GetString("plan")
	if !fs.Changed("plan") {
		planPath = strings.TrimSuffix(defaultReportName(o.scenario, "plan", ""), "-report.html") + "-plan.yaml"
	}
	jsonOut, _ := fs.GetString("json")
	sc, err := o.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "%v\n", err)
		return exitInvalid
	}
	if con.FinishBy > sc.Horizon {
		return bad("--finish-by %s is after the scenario's horizon %s (a plan is measured only up to the horizon)", con.FinishBy, sc.Horizon)
	}
	if code := o.admit(e, "plan", []*scenarios.Scenario{sc}, 1); code != exitOK {
		return code
	}
	ps, err := experiment.Plan(ctx, sc, con, experiment.PlanOptions{Workers: o.workers, FirstReplications: first,
		Replications: sc.Simulation.Replications})
	if err != nil {
		if ps != nil { // no plan met the constraints: say so, exit 1
			fmt.Fprintf(e.stderr, "rollout plan: %v\n", err)
			return exitFailed
		}
		return reportRunError(e, "plan", err)
	}
	t := atomicfile.New(ctx)
	defer t.Abort()
	if planPath != "" {
		src := "# The best plan " + commandLine(e.args) + " found: " + ps.Best.Name + ".\n" +
			"# Sites in rollout.servers_first_sites go servers-first, the others clients-first.\n" +
			ps.Best.Scenario().ResolvedYAML()
		if err := t.Add(planPath, func(w io.Writer) error { _, err := io.WriteString(w, src); return err }); err != nil {
			return reportWriteError(e, "plan", err)
		}
	}
	if jsonOut != "" && jsonOut != "-" {
		if err := t.Add(jsonOut, func(w io.Writer) error { return writePlanJSON(w, ps) }); err != nil {
			return reportWriteError(e, "plan", err)
		}
	}
	if err := t.Commit(); err != nil {
		return reportWriteError(e, "plan", err)
	}
	if jsonOut == "-" {
		if err := writePlanJSON(e.stdout, ps); err != nil {
			return reportWriteError(e, "plan", err)
		}
		return exitOK
	}
	writePlanText(e.stdout, ps, planPath)
	return exitOK
}

// writePlanJSON writes the search as indented JSON.
func writePlanJSON(w io.Writer, ps *experiment.PlanSearch) error {
	b, err := json.MarshalIndent(ps, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writePlanText writes the search for a reader: the effort, the constraints, the
// best plan against both textbook orderings and the runners-up.
func writePlanText(w io.Writer, ps *experiment.PlanSearch, planPath string) {
	c := ps.Constraints
	fmt.Fprintf(w, "Plan search for %s: %d candidate plans, %d rounds of successive halving, %d replications in all (common random numbers).\n",
		ps.Scenario, ps.Candidates, ps.Rounds, ps.Replications)
	var lim []string
	if c.FinishBy > 0 {
		lim = append(lim, fmt.Sprintf("finish by day %.0f", float64(c.FinishBy)/86400))
	}
	util := "the scenario's saturation threshold"
	if c.MaxUtilization > 0 {
		util = fmt.Sprintf("%.0f %% utilization", 100*c.MaxUtilization)
	}
	lim = append(lim, fmt.Sprintf("at most %.1f link-hours at or above %s", c.MaxHoursOver, util))
	if c.MaxInstallsPerDay > 0 {
		lim = append(lim, fmt.Sprintf("at most %d installs per day", c.MaxInstallsPerDay))
	}
	if c.MaxMoves > 0 {
		lim = append(lim, fmt.Sprintf("at most %d concurrent moves per server", c.MaxMoves))
	}
	fmt.Fprintf(w, "Constraints: %s.\n\n", strings.Join(lim, "; "))
	b := ps.Best
	fmt.Fprintf(w, "Best plan: %s\n", b.Name)
	planLine(w, "  ", b)
	diff := func(name string, d reports.Difference) {
		verdict := "no significant difference"
		if d.Significant {
			verdict = "better: " + d.Better
		}
		fmt.Fprintf(w, "  vs %-13s %+.1f user-hours (95 %% CI %+.1f to %+.1f, %d paired replications; %s)\n",
			name+":", d.Difference, d.CI95[0], d.CI95[1], d.N, verdict)
	}
	diff("clients-first", ps.VsClientsFirst)
	diff("servers-first", ps.VsServersFirst)
	for _, t := range []experiment.PlanCandidate{ps.ClientsFirst, ps.ServersFirst} {
		fmt.Fprintf(w, "  (%s as given: %.1f user-hours, ends by day %.1f, %.1f link-hours over", t.Name, t.DisruptionUserHours, t.LatestEndDays, t.HoursOver)
		if !t.Feasible {
			fmt.Fprintf(w, "; breaks a constraint: %s", t.Why)
		}
		fmt.Fprintln(w, ")")
	}
	if len(ps.RunnersUp) > 0 {
		fmt.Fprintln(w, "\nRunners-up:")
		for i := range ps.RunnersUp {
			fmt.Fprintf(w, "  %d. %s\n", i+2, ps.RunnersUp[i].Name)
			planLine(w, "     ", &ps.RunnersUp[i])
		}
	}
	if planPath != "" {
		fmt.Fprintf(w, "\nWrote the best plan to %s: 'rollout validate %s'.\n", planPath, planPath)
	}
}

// planLine is one plan's levers and measurements.
func planLine(w io.Writer, indent string, c *experiment.PlanCandidate) {
	sf := "none"
	if len(c.ServersFirstSites) > 0 {
		sf = strings.Join(c.ServersFirstSites, ", ")
	}
	fmt.Fprintf(w, "%sservers-first sites: %s; %d users/day; concurrent moves %v; site order %s; moves %s\n",
		indent, sf, c.UsersPerDay, c.ConcurrentMoves, strings.Join(c.SiteOrder, ", "), c.MoveWindow)
	fmt.Fprintf(w, "%sdisruption %.1f user-hours (mean of %d replications); ends by day %.1f; %.1f link-hours over the target\n",
		indent, c.DisruptionUserHours, c.Replications, c.LatestEndDays, c.HoursOver)
}
