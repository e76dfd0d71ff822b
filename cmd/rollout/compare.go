package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/reports/experiment"
	"github.com/rollout-sim/rollout/scenarios"
)

func init() {
	register(&command{
		name:    "compare",
		summary: "Run both orderings on the same random worlds and recommend one (the default command).",
		usage:   "rollout compare [FLAGS] [SCENARIO]\nrollout [FLAGS]",
		example: `rollout compare                              the default scenario, report in branch-consolidation-report.html
rollout compare slow-branches -r 50 --workers 2
rollout compare my-org.yaml --set sites.Leeds.wan.down=512kbps --json results.json
rollout compare --json - --quiet -o ''        JSON on stdout, no HTML report
rollout compare --csv tables/ --png charts/
rollout compare --vary sites.Leeds.wan.latency=20ms:200ms   also test this range (every assumed parameter is tested)
rollout compare --robustness=false            no robustness check`,
		flags: func(fs *pflag.FlagSet) {
			addReplicationFlags(fs)
			addOutputFlags(fs, true)
			addRobustnessFlags(fs)
		},
		run: func(e *env, fs *pflag.FlagSet) int {
			ctx, stop := signalContext()
			defer stop()
			return runCompare(ctx, e, fs, "compare", nil)
		},
	})
}

// addReplicationFlags adds the flags that choose the scenario's replications.
func addReplicationFlags(fs *pflag.FlagSet) {
	fs.IntP("replications", "r", 0, "replications of each ordering (default: the scenario's simulation.replications)")
	fs.Int("workers", 0, "replications run in parallel (default: GOMAXPROCS); results do not depend on it")
	fs.String("max-memory", "", "refuse a run estimated to need more memory than this, e.g. 8GB (default: half the machine's memory)")
	fs.Uint64("seed", 0, "random seed (default: the scenario's simulation.seed)")
	addSetFlag(fs) // read back with GetStringArray("set")
	fs.Bool("quiet", false, "no progress bar on stderr")
}

// addOutputFlags adds the output flags; html adds -o and --png.
func addOutputFlags(fs *pflag.FlagSet, html bool) {
	if html {
		fs.StringP("out", "o", "", "HTML report path (default named after the scenario: SCENARIO-report.html for compare, SCENARIO-ORDERING-report.html for run, SCENARIO-sweep-report.html for sweep and merge; '-' for stdout, '' for none)")
	}
	fs.String("json", "", "write the results as JSON to FILE ('-' for stdout, instead of the table)")
	fs.String("csv", "", "write one CSV per table and per time series into DIR ('-': all on stdout, each after a '# NAME' line)")
	fs.Bool("csv-bom", true, "start every CSV with the UTF-8 byte-order mark, so Excel reads it as UTF-8 (--csv-bom=false to drop it)")
	if html {
		fs.String("png", "", "also write each chart as a PNG with its title and caption into DIR, one per link for the link chart (needs Chromium)")
	}
}

// experimentOptions are the parsed replication and output flags.
type experimentOptions struct {
	scenario string // built-in name or file path
	sets     []string
	reps     int // 0: the scenario's
	workers  int
	seed     *uint64 // nil: the scenario's
	quiet    bool
	out      string // HTML path, "" for none
	jsonOut  string
	csvDir   string
	csvBOM   bool // CSV files start with the UTF-8 byte-order mark
	pngDir   string
	// maxMemory is --max-memory in bytes; 0: the default limit.
	maxMemory float64
}

// parseRunFlags reads what every experiment command takes — the scenario argument,
// --set, --replications, --workers and --seed — and checks their ranges; a non-empty
// message is a usage error.
func parseRunFlags(fs *pflag.FlagSet) (experimentOptions, string) {
	var o experimentOptions
	switch fs.NArg() {
	case 0:
		o.scenario = scenarios.DefaultScenario
	case 1:
		o.scenario = fs.Arg(0)
	default:
		return o, fmt.Sprintf("takes at most one scenario, got %d arguments", fs.NArg())
	}
	o.sets, _ = fs.GetStringArray("set")
	o.reps, _ = fs.GetInt("replications")
	o.workers, _ = fs.GetInt("workers")
	if fs.Changed("seed") {
		s, _ := fs.GetUint64("seed")
		o.seed = &s
	}
	if fs.Changed("replications") && (o.reps < 1 || o.reps > scenarios.MaxReplications) {
		return o, fmt.Sprintf("--replications must be from 1 to %d, got %d", scenarios.MaxReplications, o.reps)
	}
	if o.workers < 0 || o.workers > maxWorkers() {
		return o, fmt.Sprintf("--workers must be from 0 (GOMAXPROCS) to %d, got %d", maxWorkers(), o.workers)
	}
	return o, ""
}

// parseExperiment reads the flags of fs; it reports usage errors on stderr.
func parseExperiment(e *env, fs *pflag.FlagSet, name string) (experimentOptions, bool) {
	var o experimentOptions
	bad := func(format string, a ...any) (experimentOptions, bool) {
		fmt.Fprintf(e.stderr, "rollout %s: %s\nsee 'rollout help %s'\n", name, fmt.Sprintf(format, a...), name)
		return o, false
	}
	o, msg := parseRunFlags(fs)
	if msg != "" {
		return bad("%s", msg)
	}
	o.quiet, _ = fs.GetBool("quiet")
	if fs.Lookup("out") != nil {
		o.out, _ = fs.GetString("out")
		if !fs.Changed("out") {
			ord, _ := fs.GetString("ordering") // run only
			o.out = defaultReportName(o.scenario, name, ord)
		}
		o.pngDir, _ = fs.GetString("png")
	}
	o.jsonOut, _ = fs.GetString("json")
	o.csvDir, _ = fs.GetString("csv")
	o.csvBOM, _ = fs.GetBool("csv-bom")
	if o.workers > runtime.NumCPU() {
		fmt.Fprintf(e.stderr, "rollout %s: --workers %d is more than this machine's %d CPUs; the extra workers only add memory\n", name, o.workers, runtime.NumCPU())
	}
	if m, _ := fs.GetString("max-memory"); m != "" {
		b, err := scenarios.ParseBytes(m)
		if err != nil || !(b > 0) {
			return bad("--max-memory %q: want a size above zero, e.g. 8GB", m)
		}
		o.maxMemory = float64(b)
	}
	if o.pngDir != "" && o.out == "" {
		return bad("--png needs the HTML report (-o)")
	}
	if err := checkOutputs(&o); err != nil {
		fmt.Fprintf(e.stderr, "rollout %s: %v\n", name, err) // one line: the fix is in the message
		return o, false
	}
	return o, true
}

// defaultReportName is the HTML report's name when -o is not given, from the
// scenario (a built-in's name, or a file's name without its .yaml/.yml) so that runs
// of different scenarios do not overwrite each other: SCENARIO-report.html for
// compare, SCENARIO-ORDERING-report.html for run, SCENARIO-sweep-report.html for sweep.
func defaultReportName(scenario, command, ordering string) string {
	base := filepath.Base(scenario)
	for _, ext := range []string{".yaml", ".yml", ".YAML", ".YML"} {
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' || strings.ContainsRune(`:*?"<>|`, r) {
			return '_'
		}
		return r
	}, base)
	if base == "" || base == "." || base == ".." {
		base = "rollout"
	}
	switch {
	case command == "sweep":
		base += "-sweep"
	case command == "run" && ordering != "":
		base += "-" + ordering
	}
	return base + "-report.html"
}

// experiment is the library's options for these flags: the workers, the
// orderings (nil: the scenario's), progress and the run's provenance.
func (o *experimentOptions) experiment(e *env, ords []scenarios.Ordering, progress func()) experiment.Options {
	return experiment.Options{
		Workers:   o.workers,
		Orderings: ords,
		Progress:  progress,
		Run:       experiment.RunInfo(toolVersion(), commandLine(e.args)),
	}
}

// workerCount is the number of replications that run in parallel.
func (o *experimentOptions) workerCount() int {
	if o.workers > 0 {
		return o.workers
	}
	return runtime.GOMAXPROCS(0)
}

// admit refuses, with exitInvalid, a run of scs (one scenario or a sweep's points)
// whose estimated memory exceeds the limit; it returns exitOK to go on.
func (o *experimentOptions) admit(e *env, name string, scs []*scenarios.Scenario, ords int) int {
	p := planMemory(scs, ords, o.workerCount(), o.csvDir != "")
	if msg := admitMemory(&p, o.maxMemory, scs[0]); msg != "" {
		fmt.Fprintf(e.stderr, "rollout %s: %s: %s\n", name, o.scenario, msg)
		return exitInvalid
	}
	return exitOK
}

// load loads the scenario with the overrides and the seed and replication flags.
func (o *experimentOptions) load(extraSets ...string) (*scenarios.Scenario, error) {
	sc, err := loadScenario(o.scenario, append(append([]string(nil), o.sets...), extraSets...))
	if err != nil {
		return nil, err
	}
	if o.seed != nil {
		sc.Simulation.Seed = *o.seed
	}
	if o.reps > 0 {
		sc.Simulation.Replications = o.reps
	}
	return sc, nil
}

// commandLine is the command line that reproduces a run's results, without the
// flags that do not change them (--workers, --max-memory, --quiet), the output paths
// (-o, --json, --csv, --png, --plan) and the shard (--shard, --partial), so that outputs
// depend on none of them: the shards of a sweep record the command line of the
// whole, and their merge is the same as one run.
func commandLine(args []string) string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(a, "=")
		switch {
		case dropValueFlags[name] && !hasValue:
			i++ // skip its value
			continue
		case dropValueFlags[name], name == "--quiet":
			continue
		case len(a) > 2 && strings.HasPrefix(a, "-o") && !strings.HasPrefix(a, "--"):
			continue // -oFILE
		}
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?&;|<>()") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

// dropValueFlags are the flags with a value that commandLine leaves out.
var dropValueFlags = map[string]bool{
	"--workers": true, "--max-memory": true,
	"-o": true, "--out": true, "--json": true, "--csv": true, "--png": true,
	"--shard": true, "--partial": true, "--plan": true,
}

// runCompare is compare (ords nil: the scenario's orderings) and run (one ordering).
func runCompare(ctx context.Context, e *env, fs *pflag.FlagSet, name string, ords []scenarios.Ordering) int {
	o, ok := parseExperiment(e, fs, name)
	if !ok {
		return exitInvalid
	}
	rp, ok := parseRobustness(e, fs, name)
	if !ok {
		return exitInvalid
	}
	sc, err := o.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "%v\n", err)
		return exitInvalid
	}
	if ords == nil {
		ords = sc.Rollout.Orderings
	}
	for _, ord := range ords {
		if ord != scenarios.ClientsFirst && ord != scenarios.ServersFirst {
			fmt.Fprintf(e.stderr, "rollout %s: unknown ordering %q (want %s or %s)\n", name, ord, scenarios.ClientsFirst, scenarios.ServersFirst)
			return exitInvalid
		}
	}
	if code := o.admit(e, name, []*scenarios.Scenario{sc}, len(ords)); code != exitOK {
		return code
	}
	rp.on = rp.on && len(ords) >= 2
	var vars []scenarios.Variation
	if rp.on {
		var code int
		if vars, code = prepareRobustness(e, &o, rp, sc, name); code != exitOK {
			return code
		}
	}
	bar := newProgress(e.terminal, o.quiet, sc.Simulation.Replications, "replications")
	start := time.Now()
	c, err := experiment.Compare(ctx, sc, o.experiment(e, ords, bar.step))
	plain := time.Since(start) // the plain comparison's time, the robustness check's yardstick
	bar.finish()
	if err != nil {
		return reportRunError(e, name, err)
	}
	if rp.ablation && len(ords) >= 2 {
		if err := runAblation(ctx, e, &o, rp, c); err != nil {
			return reportRunError(e, name, err)
		}
	}
	if rp.on {
		if err := runRobustnessCheck(ctx, e, &o, rp, c, vars, plain); err != nil {
			return reportRunError(e, name, err)
		}
	}
	if err := writeOutputs(ctx, e, &o, c, nil); err != nil {
		return reportWriteError(e, name, err)
	}
	return exitOK
}

// reportRunError explains a failed or interrupted run; nothing has been written.
func reportRunError(e *env, name string, err error) int {
	switch {
	case isBug(err):
		return reportBug(e.stderr, name, err)
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(e.stderr, "rollout %s: interrupted; nothing written\n", name)
	default:
		fmt.Fprintf(e.stderr, "rollout %s: %v; nothing written\n", name, err)
	}
	return exitFailed
}

// reportWriteError explains a failure to write the outputs: the old files are
// untouched and no temporary file is left.
func reportWriteError(e *env, name string, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "rollout %s: interrupted; nothing written\n", name)
		return exitFailed
	}
	fmt.Fprintf(e.stderr, "rollout %s: %v\n", name, err)
	return exitFailed
}
