package main

import (
	"fmt"

	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "validate",
		summary: "Check scenario files: every problem at once, with line and column.",
		usage:   "rollout validate [--set PATH=VALUE]... FILE...",
		example: `rollout validate my-org.yaml                 prints "my-org.yaml: ok" or every error, exit 2
rollout validate a.yaml b.yaml slow-branches  files and built-in names
rollout validate my-org.yaml --set sites.Leeds.wan.down=512kbps`,
		flags: func(fs *pflag.FlagSet) { addSetFlag(fs) },
		run: func(e *env, fs *pflag.FlagSet) int {
			if fs.NArg() == 0 {
				fmt.Fprintf(e.stderr, "rollout validate: name at least one scenario file\nsee 'rollout help validate'\n")
				return exitInvalid
			}
			sets, _ := fs.GetStringArray("set")
			status := exitOK
			for _, arg := range fs.Args() {
				if _, err := loadScenario(arg, sets); err != nil {
					fmt.Fprintln(e.stderr, err)
					status = exitInvalid
					continue
				}
				fmt.Fprintf(e.stdout, "%s: ok\n", arg)
			}
			return status
		},
	})
}
