// Command rollout simulates an e-mail migration (Exchange 5.5 + Outlook 2000/XP to
// Exchange 2003 + Outlook 2003) in both orderings — clients first or servers first —
// and reports which one disrupts users less, with numbers and charts.
//
// Usage:
//
//	rollout [COMMAND] [FLAGS] [ARGS]
//
// With no command, rollout runs "compare" on the built-in default scenario.
// Run "rollout help" for the list of commands.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/scenarios"
)

// Exit statuses shared by every subcommand.
const (
	exitOK      = 0 // success
	exitFailed  = 1 // a run that failed (I/O error, interrupted)
	exitInvalid = 2 // bad usage or invalid input
	exitBug     = 3 // an internal error: a bug in rollout (a panic, a failed consistency check)
)

// defaultCommand runs when no subcommand is named.
const defaultCommand = "compare"

// command is one subcommand: its flags are parsed by run itself on its own FlagSet.
type command struct {
	name    string
	summary string // one line for the command list
	usage   string // "rollout NAME [FLAGS] ARGS" line(s)
	example string // real examples, printed under -h
	// flags adds the command's flags to fs; may be nil.
	flags func(fs *pflag.FlagSet)
	// run executes the command with the parsed flag set; it returns an exit status.
	run func(env *env, fs *pflag.FlagSet) int
}

// env is what a command may touch: its output streams and the full command line.
type env struct {
	stdout, stderr io.Writer
	// terminal is the raw stderr, for the progress bar's control sequences; stderr
	// escapes control characters.
	terminal io.Writer
	args     []string // the full command line, for reports that reproduce the run
}

var commands = map[string]*command{}

// register adds a subcommand; each subcommand's file calls it from init.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("rollout: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args to a subcommand and returns the exit status. Diagnostics have
// their control characters escaped, and so has stdout when it is a terminal; a panic
// is reported as an internal error (exitBug); a failed write to stdout makes a
// successful command exit with exitFailed.
func run(args []string, stdout, stderr io.Writer) (code int) {
	out := &checkedWriter{w: stdout}
	e := &env{stdout: out, stderr: escapingWriter{stderr}, terminal: stderr, args: append([]string{"rollout"}, args...)}
	if isTerminal(stdout) {
		e.stdout = escapingWriter{out}
	}
	name := defaultCommand
	defer func() {
		if v := recover(); v != nil {
			code = reportBug(e.stderr, name, recovered(v))
		}
		if out.err != nil && code == exitOK {
			fmt.Fprintf(e.stderr, "rollout %s: cannot write to stdout: %v\n", name, out.err)
			code = exitFailed
		}
	}()
	return dispatch(e, args, &name)
}

// dispatch runs the command named by args (the default one when none is) and sets
// *name to the command's name.
func dispatch(e *env, args []string, name *string) int {
	stdout, stderr := e.stdout, e.stderr
	switch {
	case len(args) == 0:
	case args[0] == "--version" || args[0] == "-v":
		printVersion(stdout)
		return exitOK
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help":
		if len(args) > 1 && args[0] == "help" {
			if tp, ok := topics[args[1]]; ok {
				tp.print(stdout)
				return exitOK
			}
			c, ok := commands[args[1]]
			if !ok {
				return unknownCommand(stderr, args[1])
			}
			printCommandUsage(stdout, c, newFlagSet(c))
			return exitOK
		}
		printHelp(stdout)
		return exitOK
	case strings.HasPrefix(args[0], "-"):
		// Flags with no command go to the default command: rollout --seed 7.
	default:
		*name, args = args[0], args[1:]
	}
	c, ok := commands[*name]
	if !ok {
		return unknownCommand(stderr, *name)
	}
	fs := newFlagSet(c)
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			printCommandUsage(stdout, c, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "rollout %s: %v\nsee 'rollout help %s'\n", c.name, err, c.name)
		return exitInvalid
	}
	return c.run(e, fs)
}

// unknownCommand reports a name that is no command. A scenario given without a command
// (rollout my-org.yaml) gets the command line it most likely meant.
func unknownCommand(stderr io.Writer, name string) int {
	if _, builtin := scenarios.BuiltinSource(name); builtin || isFile(name) {
		fmt.Fprintf(stderr, "rollout: unknown command %q; to compare that scenario: rollout compare %s\n", name, name)
		return exitInvalid
	}
	fmt.Fprintf(stderr, "rollout: unknown command %q; see 'rollout help'\n", name)
	return exitInvalid
}

// isFile reports whether path names an existing regular file.
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// newFlagSet builds the command's flag set; parse errors are returned, never printed.
func newFlagSet(c *command) *pflag.FlagSet {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	if c.flags != nil {
		c.flags(fs)
	}
	return fs
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `rollout simulates an Exchange 5.5 -> 2003 and Outlook 2000/XP -> 2003 migration in both
orderings (clients first, servers first) and recommends one, with charts for a proposal.

Usage:
  rollout [COMMAND] [FLAGS] [ARGS]

With no command, rollout runs 'compare' on the built-in default scenario and writes
branch-consolidation-report.html (a scenario's report is SCENARIO-report.html).

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, "\nHelp topics:\n")
	for n, tp := range topics {
		fmt.Fprintf(w, "  %-10s %s\n", n, tp.summary)
	}
	fmt.Fprint(w, `
Examples:
  rollout                                    compare both orderings on the default scenario
  rollout compare slow-branches -r 50        a built-in scenario, 50 replications
  rollout compare my-org.yaml --json -       your own scenario, results as JSON on stdout
  rollout validate my-org.yaml               check a scenario file

Run 'rollout help COMMAND' or 'rollout COMMAND -h' for a command's flags and examples,
'rollout help scenario' for the scenario format, 'rollout --version' (-v) for the version.
`)
}

func printCommandUsage(w io.Writer, c *command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  %s\n", c.summary, strings.ReplaceAll(strings.TrimSpace(c.usage), "\n", "\n  "))
	if u := fs.FlagUsages(); u != "" {
		fmt.Fprintf(w, "\nFlags:\n%s", u)
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExamples:\n  %s\n", strings.ReplaceAll(strings.TrimSpace(c.example), "\n", "\n  "))
	}
}
