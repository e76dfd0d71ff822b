package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// runRollout runs the CLI in-process and returns its exit status and output.
func runRollout(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// The acceptance test of validation: four mistakes, four positioned errors, exit 2.
func TestValidateAcceptanceFile(t *testing.T) {
	code, out, errOut := runRollout("validate", "../../scenarios/testdata/acceptance.yaml")
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing", out)
	}
	want := `../../scenarios/testdata/acceptance.yaml:69:5: sites.Leeds.usres: unknown key "usres" (did you mean "users"?)
../../scenarios/testdata/acceptance.yaml:74:17: sites.Bristol.wan.down: rate needs a unit, e.g. 1.544Mbps
../../scenarios/testdata/acceptance.yaml:77:12: sites.Glasgow.users: -150 is not allowed (users at the site: a whole number from 1 to 10000000)
../../scenarios/testdata/acceptance.yaml:88:45: rollout.site_order[4]: no site named "Turro" (did you mean "Truro"?)
`
	if errOut != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, want)
	}
}

func TestValidateOK(t *testing.T) {
	var names []string
	for _, b := range scenarios.Builtins() {
		names = append(names, b.Name)
	}
	code, out, errOut := runRollout(append([]string{"validate"}, names...)...)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := strings.Join(names, ": ok\n") + ": ok\n"
	if out != want {
		t.Errorf("stdout = %q, want %q", out, want)
	}
}

// One bad file among good ones: every file is checked, the status is 2.
func TestValidateMixed(t *testing.T) {
	code, out, errOut := runRollout("validate", "single-site", "no-such-file.yaml", "--set", "rollout.gap=7d")
	if code != exitInvalid {
		t.Errorf("exit %d, want 2", code)
	}
	if out != "single-site: ok\n" || errOut != "no-such-file.yaml: no such file\n" {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	code, _, errOut = runRollout("validate", "single-site", "--set", "rollout.gap=7")
	if code != exitInvalid || errOut != "--set:1:13: rollout.gap: duration needs a unit, e.g. 30m or 1h30m\n" {
		t.Errorf("bad --set: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runRollout("validate")
	if code != exitInvalid || !strings.Contains(errOut, "name at least one scenario file") {
		t.Errorf("no args: exit %d, stderr %q", code, errOut)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "org.yaml")
	code, out, errOut := runRollout("init", path)
	if code != exitOK || !strings.HasPrefix(out, "wrote "+path) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, scenarios.Starter()) {
		t.Errorf("file differs from the starter scenario")
	}
	if _, err := scenarios.Load(path, nil); err != nil {
		t.Errorf("the starter does not validate: %v", err)
	}
	// Refuses to overwrite, and leaves the file alone.
	os.WriteFile(path, []byte("mine"), 0o644)
	code, _, errOut = runRollout("init", path)
	if code != exitInvalid || errOut != "rollout init: "+path+" exists; use --force to overwrite it\n" {
		t.Errorf("overwrite: exit %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Errorf("file was changed without --force")
	}
	if code, _, _ = runRollout("init", "--force", path); code != exitOK {
		t.Errorf("--force: exit %d", code)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, scenarios.Starter()) {
		t.Errorf("--force did not overwrite")
	}
	code, out, _ = runRollout("init", "-")
	if code != exitOK || out != string(scenarios.Starter()) {
		t.Errorf("init -: exit %d", code)
	}
	// The default name, in the working directory.
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	if code, _, _ = runRollout("init"); code != exitOK {
		t.Errorf("init: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "scenario.yaml")); err != nil {
		t.Errorf("scenario.yaml not written: %v", err)
	}
}

func TestScenariosCommand(t *testing.T) {
	code, out, _ := runRollout("scenarios")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(scenarios.Builtins()) {
		t.Fatalf("%d lines for %d built-ins:\n%s", len(lines), len(scenarios.Builtins()), out)
	}
	for i, b := range scenarios.Builtins() {
		if !strings.HasPrefix(lines[i], b.Name) || !strings.HasSuffix(lines[i], b.Description) {
			t.Errorf("line %q does not list %s", lines[i], b.Name)
		}
	}
	if !strings.HasPrefix(lines[0], scenarios.DefaultScenario+" (default)") {
		t.Errorf("first line %q does not mark the default", lines[0])
	}

	code, out, _ = runRollout("scenarios", "show", "slow-branches")
	src, _ := scenarios.BuiltinSource("slow-branches")
	if code != exitOK || out != string(src) {
		t.Errorf("show: exit %d", code)
	}
	code, out, _ = runRollout("scenarios", "show", "slow-branches", "--resolved", "--set", "rollout.gap=7d")
	if code != exitOK || !strings.Contains(out, "\n  gap: 7d\n") || !strings.Contains(out, "  # default\n") {
		t.Errorf("show --resolved: exit %d\n%s", code, out)
	}
	code, _, errOut := runRollout("scenarios", "show", "slow-branch")
	if code != exitInvalid || !strings.Contains(errOut, `did you mean "slow-branches"?`) {
		t.Errorf("unknown name: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runRollout("scenarios", "list")
	if code != exitInvalid || !strings.Contains(errOut, "expected no arguments or 'show NAME'") {
		t.Errorf("bad args: exit %d, stderr %q", code, errOut)
	}
}
