package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// TestVersionFlag: --version and -v print what 'rollout version' prints, exit 0.
func TestVersionFlag(t *testing.T) {
	_, want, _ := runCLI(t, "version")
	if !strings.HasPrefix(want, "rollout ") {
		t.Fatalf("rollout version printed %q", want)
	}
	for _, flag := range []string{"--version", "-v"} {
		code, out, errOut := runCLI(t, flag)
		if code != exitOK || out != want || errOut != "" {
			t.Errorf("rollout %s: exit %d, stdout %q, stderr %q; want 0 and %q", flag, code, out, errOut, want)
		}
	}
}

// TestCompletionScripts: every shell gets a script naming every command; the bash
// script passes bash -n and, sourced, completes commands, flags, flag values and
// built-in scenarios.
func TestCompletionScripts(t *testing.T) {
	for _, sh := range completionShells {
		code, out, errOut := runCLI(t, "completion", sh)
		if code != exitOK || errOut != "" {
			t.Fatalf("completion %s: exit %d, stderr %q", sh, code, errOut)
		}
		for name := range commands {
			if !strings.Contains(out, name) {
				t.Errorf("completion %s does not name command %s", sh, name)
			}
		}
	}
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}} {
		if code, _, _ := runCLI(t, args...); code != exitInvalid {
			t.Errorf("%v: exit %d, want %d", args, code, exitInvalid)
		}
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to check the script")
	}
	_, script, _ := runCLI(t, "completion", "bash")
	path := filepath.Join(t.TempDir(), "rollout.bash")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	for _, tc := range []struct{ words, want string }{
		{"rollout com", "compare completion"},
		{"rollout compare --cs", "--csv --csv-bom"},
		{"rollout run --ordering s", "servers-first"},
		{"rollout compare -r 5 sin", "single-site"},
		{"rollout completion f", "fish"},
		{"rollout help sc", "scenarios scenario"},
	} {
		words := strings.Fields(tc.words)
		probe := "source " + path + "; COMP_WORDS=(" + strings.Join(words, " ") + "); COMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "; _rollout; echo \"${COMPREPLY[*]}\""
		cmd := exec.Command(bash, "-c", probe)
		cmd.Dir = t.TempDir() // no YAML files to offer
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.words, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != tc.want {
			t.Errorf("completing %q: %q, want %q", tc.words, got, tc.want)
		}
	}
}

// TestHelpScenarioTopic: 'rollout help scenario' explains the format and shows
// the starter scenario; the help lists the topic.
func TestHelpScenarioTopic(t *testing.T) {
	code, out, _ := runCLI(t, "help", "scenario")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Units are written in the value", "--set PATH=VALUE", "site_defaults", "name: my-organization"} {
		if !strings.Contains(out, want) {
			t.Errorf("help scenario lacks %q", want)
		}
	}
	if _, help, _ := runCLI(t, "help"); !strings.Contains(help, "  scenario ") {
		t.Errorf("help does not list the scenario topic:\n%s", help)
	}
}

// TestDefaultReportName: the report is named after the scenario.
func TestDefaultReportName(t *testing.T) {
	for _, tc := range []struct{ scenario, command, ordering, want string }{
		{"single-site", "compare", "", "single-site-report.html"},
		{"configs/my-org.yaml", "compare", "", "my-org-report.html"},
		{"my-org.yml", "run", "servers-first", "my-org-servers-first-report.html"},
		{"slow-branches", "sweep", "", "slow-branches-sweep-report.html"},
	} {
		if got := defaultReportName(tc.scenario, tc.command, tc.ordering); got != tc.want {
			t.Errorf("defaultReportName(%q, %q, %q) = %q, want %q", tc.scenario, tc.command, tc.ordering, got, tc.want)
		}
	}
}

// TestCompareWritesScenarioReport: rollout compare single-site writes
// single-site-report.html in the working folder, and nothing named rollout-report.html.
func TestCompareWritesScenarioReport(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, errOut := runCLI(t, "compare", "single-site", "-r", "1", "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, err := os.Stat("single-site-report.html"); err != nil || fi.Size() == 0 {
		t.Errorf("single-site-report.html: %v", err)
	}
	if _, err := os.Stat("rollout-report.html"); err == nil {
		t.Error("rollout-report.html was written")
	}
}

// TestBuiltinIntervalsRespectRange: for every built-in scenario, no ordering's
// metric that is never negative (its minimum over replications is 0 or more) has
// a CI bound below zero in the JSON; and the text shows the median time to usable
// in seconds or minutes, not as 0.00… hours.
func TestBuiltinIntervalsRespectRange(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every built-in scenario")
	}
	for _, b := range scenarios.Builtins() {
		code, out, errOut := runCLI(t, "compare", b.Name, "-r", "4", "--quiet", "-o", "", "--json", "-")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", b.Name, code, errOut)
		}
		var doc struct {
			Orderings map[string]struct {
				Metrics map[string]struct {
					Min  float64     `json:"min"`
					CI95 *[2]float64 `json:"ci95"`
				} `json:"metrics"`
			} `json:"orderings"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		n := 0
		for o, om := range doc.Orderings {
			for k, st := range om.Metrics {
				if st.CI95 == nil {
					continue
				}
				n++
				if st.Min >= 0 && (st.CI95[0] < 0 || st.CI95[1] < 0) {
					t.Errorf("%s %s %s: min %g, CI %v below zero", b.Name, o, k, st.Min, *st.CI95)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no intervals in the JSON", b.Name)
		}
	}
	_, text, _ := runCLI(t, "compare", "branch-consolidation", "-r", "4", "--quiet", "-o", "")
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "time_to_usable_hours.p50" {
			if f[1] != "s" && f[1] != "min" {
				t.Errorf("time to usable shown in %q: %s", f[1], line)
			}
			return
		}
	}
	t.Errorf("no time_to_usable_hours.p50 row in:\n%s", text)
}

// TestCSVByteOrderMarkFlag: CSV files start with the UTF-8 byte-order mark unless
// --csv-bom=false.
func TestCSVByteOrderMarkFlag(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		bom   bool
	}{{nil, true}, {[]string{"--csv-bom=false"}, false}} {
		dir := filepath.Join(t.TempDir(), "csv")
		args := append([]string{"compare", filepath.Join("testdata", "compare_tiny.yaml"), "--quiet", "-o", "", "--csv", dir}, tc.flags...)
		if code, _, errOut := runCLI(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		b, err := os.ReadFile(filepath.Join(dir, "recommendation.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.HasPrefix(string(b), "\ufeff"); got != tc.bom {
			t.Errorf("%v: recommendation.csv starts with the BOM: %v, want %v", tc.flags, got, tc.bom)
		}
	}
}
