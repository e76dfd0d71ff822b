package main

import (
	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/scenarios"
)

// loadScenario loads a scenario for a command: arg is a built-in name or a file
// path (empty: the default scenario), sets are --set PATH=VALUE overrides. The
// error, when not nil, is a *scenarios.ErrorList whose Error() is one
// "FILE:LINE:COL: path: message" per line; print it and exit with exitInvalid.
func loadScenario(arg string, sets []string) (*scenarios.Scenario, error) {
	return scenarios.Load(arg, sets) // Load reads "" as scenarios.DefaultScenario
}

// addSetFlag adds the repeatable --set PATH=VALUE flag to fs and returns where
// its values are collected, in the order given.
func addSetFlag(fs *pflag.FlagSet) *[]string {
	return fs.StringArray("set", nil, "override a scenario value, e.g. sites.Leeds.wan.down=512kbps (repeatable; `PATH=VALUE` uses the file's keys, sites and servers by name, index or *)")
}
