package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/scenarios"
)

func init() {
	register(&command{
		name:    "scenarios",
		summary: "List the built-in scenarios, or show one (as written, or resolved with every default).",
		usage:   "rollout scenarios\nrollout scenarios show [--resolved] [--set PATH=VALUE]... NAME|FILE",
		example: `rollout scenarios                               the built-ins with what each shows
rollout scenarios show slow-branches            the scenario file as written
rollout scenarios show slow-branches --resolved every value in force, defaults marked
rollout scenarios show my-org.yaml --resolved --set rollout.gap=7d`,
		flags: func(fs *pflag.FlagSet) {
			fs.Bool("resolved", false, "print every value in force, marking the defaults")
			addSetFlag(fs)
		},
		run: runScenarios,
	})
}

func runScenarios(e *env, fs *pflag.FlagSet) int {
	args := fs.Args()
	resolved, _ := fs.GetBool("resolved")
	sets, _ := fs.GetStringArray("set")
	if len(args) == 0 {
		if resolved || len(sets) > 0 {
			fmt.Fprintf(e.stderr, "rollout scenarios: --resolved and --set need 'show NAME'\nsee 'rollout help scenarios'\n")
			return exitInvalid
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		for _, b := range scenarios.Builtins() {
			mark := ""
			if b.Name == scenarios.DefaultScenario {
				mark = " (default)"
			}
			fmt.Fprintf(tw, "%s%s\t%s\n", b.Name, mark, b.Description)
		}
		tw.Flush()
		return exitOK
	}
	if args[0] != "show" || len(args) != 2 {
		fmt.Fprintf(e.stderr, "rollout scenarios: expected no arguments or 'show NAME'\nsee 'rollout help scenarios'\n")
		return exitInvalid
	}
	name := args[1]
	if !resolved && len(sets) == 0 {
		// As written: the built-in's source, or the file itself once it validates
		// (read once, through the size limit: a pipe works too).
		_, src, err := scenarios.LoadSource(name, nil)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return exitInvalid
		}
		e.stdout.Write(src)
		return exitOK
	}
	sc, err := loadScenario(name, sets)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitInvalid
	}
	fmt.Fprint(e.stdout, sc.ResolvedYAML())
	return exitOK
}
