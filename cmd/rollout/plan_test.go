package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mixedPlan is a two-site organization whose best plan is servers-first at Bath
// only (the file says why); the experiment library's plan tests use it too.
const mixedPlan = "../../reports/experiment/testdata/mixed-plan.yaml"

// TestPlanCommand: rollout plan finds servers-first at Bath, says how many candidates
// and replications it used, writes a plan file that rollout validate accepts, and
// writes the same JSON and plan file on 1 and 2 workers.
func TestPlanCommand(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	args := []string{"plan", mixedPlan, "-r", "2", "--finish-by", "120d", "--max-utilization", "0.9", "--first-replications", "1", "--quiet"}
	code, out, errOut := runCLI(t, append(args, "--workers", "1", "--json", p("one.json"), "--plan", p("one.yaml"))...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"20 candidate plans", "replications in all", "Best plan: servers-first at Bath, clients-first elsewhere",
		"vs clients-first:", "vs servers-first:", "Runners-up:", "rollout validate " + p("one.yaml")} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, out, errOut := runCLI(t, "validate", p("one.yaml")); code != exitOK || !strings.Contains(out, "ok") {
		t.Errorf("validate the plan file: exit %d: %s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, append(args, "--workers", "2", "--json", p("two.json"), "--plan", p("two.yaml"))...)
	if code != exitOK {
		t.Fatalf("2 workers: exit %d: %s", code, errOut)
	}
	for _, f := range [][2]string{{"one.json", "two.json"}, {"one.yaml", "two.yaml"}} {
		a, _ := os.ReadFile(p(f[0]))
		b, _ := os.ReadFile(p(f[1]))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s and %s differ (or are empty) between 1 and 2 workers", f[0], f[1])
		}
	}
}

func TestPlanBadFlags(t *testing.T) {
	for _, tc := range []struct{ args []string }{
		{[]string{"--finish-by", "soon"}},
		{[]string{"--max-utilization", "1.5"}},
		{[]string{"--max-installs-per-day", "-3"}},
		{[]string{"--finish-by", "400d"}}, // after the 240 d horizon
	} {
		code, _, errOut := runCLI(t, append([]string{"plan", "single-site", "--plan", ""}, tc.args...)...)
		if code != exitInvalid || !strings.Contains(errOut, "rollout plan:") {
			t.Errorf("%v: exit %d, %q; want %d and a message", tc.args, code, errOut, exitInvalid)
		}
	}
}
