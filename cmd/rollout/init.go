package main

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/internal/atomicfile"
	"github.com/rollout-sim/rollout/scenarios"
)

func init() {
	register(&command{
		name:    "init",
		summary: "Write a commented starter scenario to edit (scenario.yaml unless named).",
		usage:   "rollout init [--force] [FILE | -]",
		example: `rollout init                   writes scenario.yaml (refuses to overwrite it)
rollout init my-org.yaml --force
rollout init -                 prints the starter scenario on stdout`,
		flags: func(fs *pflag.FlagSet) {
			fs.Bool("force", false, "overwrite FILE if it exists")
		},
		run: func(e *env, fs *pflag.FlagSet) int {
			if fs.NArg() > 1 {
				fmt.Fprintf(e.stderr, "rollout init: takes at most one FILE\nsee 'rollout help init'\n")
				return exitInvalid
			}
			path := "scenario.yaml"
			if fs.NArg() == 1 {
				path = fs.Arg(0)
			}
			src := scenarios.Starter()
			if path == "-" {
				if _, err := e.stdout.Write(src); err != nil {
					fmt.Fprintf(e.stderr, "rollout init: %v\n", err)
					return exitFailed
				}
				return exitOK
			}
			force, _ := fs.GetBool("force")
			if _, err := os.Stat(path); err == nil && !force {
				fmt.Fprintf(e.stderr, "rollout init: %s exists; use --force to overwrite it\n", path)
				return exitInvalid
			} else if err != nil && !errors.Is(err, iofs.ErrNotExist) {
				fmt.Fprintf(e.stderr, "rollout init: %v\n", err)
				return exitFailed
			}
			if err := atomicfile.WriteFile(path, src); err != nil {
				fmt.Fprintf(e.stderr, "rollout init: %v\n", err)
				return exitFailed
			}
			fmt.Fprintf(e.stdout, "wrote %s: edit it, then run 'rollout validate %s' and 'rollout compare %s'\n", path, path, path)
			return exitOK
		},
	})
}
