package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/reports/experiment"
)

// robustnessJSON runs compare on the tiny scenario with args and returns the JSON's
// robustness object (nil when absent) and the raw JSON.
func robustnessJSON(t *testing.T, args ...string) (map[string]any, string) {
	t.Helper()
	all := append([]string{"compare", filepath.Join("testdata", "compare_tiny.yaml"), "--json", "-", "--quiet", "-o", ""}, args...)
	code, out, errOut := runCLI(t, all...)
	if code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	rb, _ := doc["robustness"].(map[string]any)
	return rb, out
}

// compare runs the robustness check by default: one row per assumed parameter with
// low, high and the difference at each; --vary adds a row; --robustness=false drops
// the check; the JSON is the same for any number of workers.
func TestCompareRobustness(t *testing.T) {
	rb, one := robustnessJSON(t, "--workers", "1", "--vary", "sites.Branch.wan.latency=20ms:300ms", "--vary", "sites.*.wan.{down,up}=256kbps:2Mbps")
	if rb == nil {
		t.Fatal("no robustness in the JSON")
	}
	if lead, _ := rb["lead"].(string); !strings.HasPrefix(lead, "The recommendation ") {
		t.Errorf("lead %q", lead)
	}
	rows, _ := rb["rows"].([]any)
	var paths []string
	for _, r := range rows {
		row := r.(map[string]any)
		paths = append(paths, row["path"].(string))
		if row["untested"] != nil {
			continue
		}
		for _, end := range []string{"at_low", "at_high"} {
			p, ok := row[end].(map[string]any)
			if !ok || p["difference"] == nil || p["flips"] == nil {
				t.Errorf("%s: %s is %v, want a difference and a flip flag", row["path"], end, row[end])
			}
		}
	}
	for _, want := range []string{"clients.outlook2003.usable_fraction", "servers.exchange55.rpc_latency", "sites.Branch.wan.latency", "sites.*.wan.{down,up}"} {
		if !strings.Contains(strings.Join(paths, " "), want) {
			t.Errorf("no row for %s in %v", want, paths)
		}
	}
	if _, two := robustnessJSON(t, "--workers", "2", "--vary", "sites.Branch.wan.latency=20ms:300ms", "--vary", "sites.*.wan.{down,up}=256kbps:2Mbps"); two != one {
		t.Error("the JSON with --workers 2 differs from --workers 1")
	}
	if off, _ := robustnessJSON(t, "--robustness=false"); off != nil {
		t.Errorf("--robustness=false still ran the check: %v", off)
	}
}

// A bad --vary stops compare before anything runs, with exit 2 and the path named.
func TestCompareVaryErrors(t *testing.T) {
	for _, tc := range []struct {
		vary, want string
	}{
		{"sites.Branch.wan.latency", "want PATH=LOW:HIGH"},
		{"sites.Branch.wan.latncy=20ms:300ms", "sites.Branch.wan.latncy"},
		{"sites.Branch.wan.latency=20ms:fast", "sites.Branch.wan.latency = fast"},
		{"sites.*.wan.{down,up=1Mbps:2Mbps", "without its '}'"},
	} {
		before := experiment.Started()
		code, _, errOut := runCLI(t, "compare", filepath.Join("testdata", "compare_tiny.yaml"), "--quiet", "-o", "", "--vary", tc.vary)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("--vary %s: exit %d, stderr %q; want exit %d naming %q", tc.vary, code, errOut, exitInvalid, tc.want)
		}
		if n := experiment.Started() - before; n != 0 {
			t.Errorf("--vary %s: %d replications started before the error", tc.vary, n)
		}
	}
	if code, _, errOut := runCLI(t, "compare", "--robustness-replications", "0", "--quiet", "-o", ""); code != exitInvalid || !strings.Contains(errOut, "--robustness-replications") {
		t.Errorf("--robustness-replications 0: exit %d, %q", code, errOut)
	}
}

// With no outages at all, switching ride-through off changes nothing: its ablation
// row is zero and backs no reason, and no reason credits riding through outages.
func TestCompareAblationZeroRow(t *testing.T) {
	code, out, errOut := runCLI(t, "compare", filepath.Join("testdata", "compare_tiny.yaml"), "--json", "-", "--quiet", "-o", "", "--robustness=false")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Ablation struct {
			Rows []struct {
				Mechanism string     `json:"mechanism"`
				Share     float64    `json:"share"`
				ShareCI   [2]float64 `json:"share_ci95"`
				Backs     bool       `json:"backs_reasons"`
			} `json:"rows"`
		} `json:"ablation"`
		Recommendation struct {
			Reasons []string `json:"reasons"`
		} `json:"recommendation"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range doc.Ablation.Rows {
		if r.Mechanism != "ride_through" {
			continue
		}
		found = true
		if r.Share != 0 || r.ShareCI != [2]float64{0, 0} || r.Backs {
			t.Errorf("ride-through without outages: %+v, want a zero row backing nothing", r)
		}
	}
	if !found {
		t.Errorf("no ride_through row in %+v", doc.Ablation.Rows)
	}
	if all := strings.Join(doc.Recommendation.Reasons, " "); strings.Contains(all, "ride through") {
		t.Errorf("a reason credits riding through outages that never happen: %s", all)
	}
}
