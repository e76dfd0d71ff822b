package experiment

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// update rewrites the golden files under testdata/ instead of comparing:
// go test ./reports/experiment -run Golden -update.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenSeparator ends a golden file's script; the expected output follows it.
const goldenSeparator = "----\n"

// goldenHeader starts a golden file that -update creates for a built-in without one.
const goldenHeader = `# The lines above "----" are the run: "compare SCENARIO", then one --set override per
# line. Below it is the expected output: the text summary, then sparklines of the
# users in each state and of the busiest link's utilization, for each ordering.
# Rewrite after an intended change: go test ./reports/experiment -run Golden -update
`

// TestGoldenBuiltins runs each testdata/NAME.txt script and compares the text
// output with the rest of the file: one file per built-in scenario, so that a change
// of behaviour reads as a short diff.
func TestGoldenBuiltins(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			path := filepath.Join("testdata", b.Name+".txt")
			data, err := os.ReadFile(path)
			if os.IsNotExist(err) && *update {
				data = []byte(goldenHeader + "compare " + b.Name + "\n--set simulation.replications=3\n" + goldenSeparator)
			} else if err != nil {
				t.Fatalf("%v (go test ./reports/experiment -run Golden -update creates it)", err)
			}
			script, want, ok := strings.Cut(string(data), goldenSeparator)
			if !ok {
				t.Fatalf("%s: no %q line", path, strings.TrimSpace(goldenSeparator))
			}
			got := runGoldenScript(t, path, script)
			if *update {
				if err := os.WriteFile(path, []byte(script+goldenSeparator+got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("%s: the output differs (rerun with -update if the change is intended):\n%s", path, lineDiff(want, got))
			}
			if n := strings.Count(string(data), "\n"); n >= 200 {
				t.Errorf("%s has %d lines; keep a golden file under 200", path, n)
			}
		})
	}
}

// runGoldenScript runs a golden file's script and returns its text output.
func runGoldenScript(t *testing.T, path, script string) string {
	t.Helper()
	var name string
	var sets []string
	for i, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "compare "):
			name = strings.TrimSpace(strings.TrimPrefix(line, "compare "))
		case strings.HasPrefix(line, "--set "):
			sets = append(sets, strings.TrimSpace(strings.TrimPrefix(line, "--set ")))
		default:
			t.Fatalf("%s:%d: want \"compare SCENARIO\" or \"--set PATH=VALUE\", got %q", path, i+1, line)
		}
	}
	if name == "" {
		t.Fatalf("%s: no \"compare SCENARIO\" line", path)
	}
	sc, err := scenarios.Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := reports.WriteText(&b, c); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\n")
	if err := reports.WriteSparklines(&b, c, 60); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// lineDiff lists the lines of want and got that differ, by line number.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("-" + wl + "\n+" + gl + "\n")
		}
	}
	return b.String()
}
