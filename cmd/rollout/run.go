package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/scenarios"
)

func init() {
	register(&command{
		name:    "run",
		summary: "Run one ordering and print its statistics over replications (no comparison).",
		usage:   "rollout run --ordering NAME [FLAGS] [SCENARIO]",
		example: `rollout run --ordering clients-first
rollout run --ordering servers-first troubled-servers -r 10 --json -`,
		flags: func(fs *pflag.FlagSet) {
			fs.String("ordering", "", "the ordering to run: clients-first or servers-first (required)")
			addReplicationFlags(fs)
			addOutputFlags(fs, true)
		},
		run: func(e *env, fs *pflag.FlagSet) int {
			ord, _ := fs.GetString("ordering")
			switch scenarios.Ordering(ord) {
			case scenarios.ClientsFirst, scenarios.ServersFirst:
			case "":
				fmt.Fprintf(e.stderr, "rollout run: --ordering is required (%s or %s)\nsee 'rollout help run'\n", scenarios.ClientsFirst, scenarios.ServersFirst)
				return exitInvalid
			default:
				fmt.Fprintf(e.stderr, "rollout run: unknown ordering %q (want %s or %s)\nsee 'rollout help run'\n", ord, scenarios.ClientsFirst, scenarios.ServersFirst)
				return exitInvalid
			}
			ctx, stop := signalContext()
			defer stop()
			return runCompare(ctx, e, fs, "run", []scenarios.Ordering{scenarios.Ordering(ord)})
		},
	})
}
