package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "version",
		summary: "Print rollout's module version and the Go version it was built with.",
		usage:   "rollout version",
		example: "rollout version",
		run: func(e *env, fs *pflag.FlagSet) int {
			if fs.NArg() > 0 {
				fmt.Fprintf(e.stderr, "rollout version: takes no arguments\nsee 'rollout help version'\n")
				return exitInvalid
			}
			printVersion(e.stdout)
			return exitOK
		},
	})
}

// printVersion writes "rollout VERSION (GO VERSION)": 'rollout version',
// 'rollout --version' and 'rollout -v'.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "rollout %s (%s)\n", toolVersion(), runtime.Version())
}

// toolVersion is the module version from the build info: a tag, a pseudo-version,
// "(devel)" for a local build, with the VCS revision when the build recorded one.
func toolVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if len(s.Value) > 12 {
				rev = s.Value[:12]
			} else {
				rev = s.Value
			}
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		v += " " + rev + dirty
	}
	return v
}
