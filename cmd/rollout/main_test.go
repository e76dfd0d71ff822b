package main

import (
	"bytes"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		code, out, _ := runCLI(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d, want 0", args, code)
		}
		for name := range commands {
			if !strings.Contains(out, "  "+name+" ") {
				t.Errorf("%v: help does not list %q:\n%s", args, name, out)
			}
		}
	}
}

func TestUnknownCommandIsOneLineAndExit2(t *testing.T) {
	code, out, errOut := runCLI(t, "no-such-command")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing", out)
	}
	want := "rollout: unknown command \"no-such-command\"; see 'rollout help'\n"
	if errOut != want {
		t.Errorf("stderr = %q, want %q", errOut, want)
	}
}

// A scenario named without a command gets the compare command line it likely meant.
func TestScenarioWithoutCommand(t *testing.T) {
	for _, arg := range []string{"slow-branches", "testdata/compare_tiny.yaml"} {
		code, out, errOut := runCLI(t, arg)
		want := "rollout: unknown command \"" + arg + "\"; to compare that scenario: rollout compare " + arg + "\n"
		if code != exitInvalid || out != "" || errOut != want {
			t.Errorf("rollout %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", arg, code, out, errOut, want)
		}
	}
}

func TestUnknownFlagExit2(t *testing.T) {
	code, _, errOut := runCLI(t, "version", "--no-such-flag")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	if !strings.Contains(errOut, "unknown flag: --no-such-flag") || !strings.Contains(errOut, "see 'rollout help version'") {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestCommandHelpShowsUsageAndExamples(t *testing.T) {
	for name := range commands {
		code, out, _ := runCLI(t, name, "-h")
		if code != exitOK {
			t.Errorf("%s -h: exit %d", name, code)
		}
		if !strings.Contains(out, "Usage:") || !strings.Contains(out, "Examples:") {
			t.Errorf("%s -h lacks usage or examples:\n%s", name, out)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "rollout ") || !strings.Contains(out, "go1.") {
		t.Fatalf("version: exit %d, out %q", code, out)
	}
}
