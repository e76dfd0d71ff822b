package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rollout-sim/rollout/model"
)

// update rewrites golden files instead of comparing: go test ./reports -update.
// Every golden test of the package shares this one flag.
var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (rerun with -update if the change is intended):\n%s", path, got)
	}
}

// TestJSONGoldenSynthetic pins the JSON layout (schema version 1), with a handful of
// metrics (smallJSON), on two replications of hand-made results; the comparison of a real tiny scenario is pinned by the
// command's golden test in cmd/rollout.
func TestJSONGoldenSynthetic(t *testing.T) {
	cfg := testConfig()
	cfg.Run = RunInfo{ToolVersion: "test", GoVersion: "go", CommandLine: "rollout compare synthetic -r 2"}
	agg := NewAggregator(cfg)
	for rep := 0; rep < 2; rep++ {
		r := float64(rep)
		cf := synth(ClientsFirst, rep, map[string]float64{"wan_outage": 10 + r, "mailbox_move": 1}, map[string]float64{"latency": 4}, 2, 30, 50+r, true)
		sf := synth(ServersFirst, rep, map[string]float64{"wan_outage": 40 + 3*r, "mailbox_move": 5}, map[string]float64{"latency": 40}, 1, 45, 52+r, true)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, agg.Comparison(), nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "json_synthetic.golden.json", smallJSON(t, buf.Bytes()))
}
