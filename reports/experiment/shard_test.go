package experiment

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// twelvePoints is a sweep of users per day over 12 values of the single-site
// scenario, 2 replications each.
func twelvePoints(t *testing.T) SweepSpec {
	t.Helper()
	spec := SweepSpec{Param: "rollout.clients.users_per_day"}
	for i := 0; i < 12; i++ {
		v := strconv.Itoa(40 + 40*i) // 40, 80, …, 480
		sc, err := scenarios.Load("single-site", []string{"simulation.replications=2", "rollout.clients.users_per_day=" + v})
		if err != nil {
			t.Fatal(err)
		}
		spec.Points = append(spec.Points, Point{Value: v, Numeric: float64(40 + 40*i), Scenario: sc})
	}
	return spec
}

// outputs writes sw as JSON, CSV and HTML, as the command line does.
func outputs(t *testing.T, sw *reports.Sweep) (string, string, string) {
	t.Helper()
	var j, h bytes.Buffer
	if err := reports.WriteJSON(&j, nil, sw); err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	for _, f := range reports.SweepCSVFiles(sw, reports.CSVOptions{}) {
		csv.WriteString(f.Name + "\n" + string(f.Data))
	}
	if err := reports.WriteHTML(&h, nil, sw); err != nil {
		t.Fatal(err)
	}
	return j.String(), csv.String(), h.String()
}

// TestShardsMergeToOneRun: a 12-point sweep run as 4 shards (with 1 and 2 workers),
// each written to and read back from a partial file, merges — in any order — into
// the same JSON, CSV and HTML bytes as the sweep run at once. Each shard runs its 3
// points (p mod 4 = shard).
func TestShardsMergeToOneRun(t *testing.T) {
	spec := twelvePoints(t)
	run := reports.RunInfo{ToolVersion: "test", GoVersion: "go", CommandLine: "rollout sweep"}
	whole, err := Sweep(context.Background(), spec, Options{Workers: 2, Run: run})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, wantCSV, wantHTML := outputs(t, whole)
	var parts []*SweepPart
	for _, i := range []int{2, 0, 3, 1} {
		p, err := SweepShard(context.Background(), spec, Options{Workers: 1 + i%2, Run: run}, Shard{Index: i, Count: 4})
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{i, i + 4, i + 8}; len(p.Indices) != 3 || p.Indices[0] != want[0] || p.Indices[2] != want[2] {
			t.Errorf("shard %d/4 ran points %v, want %v", i, p.Indices, want)
		}
		var buf bytes.Buffer
		if err := WritePart(&buf, p); err != nil {
			t.Fatal(err)
		}
		back, err := ReadPart(&buf)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, back)
	}
	merged, err := MergeSweep(parts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, gotCSV, gotHTML := outputs(t, merged)
	if gotJSON != wantJSON {
		t.Errorf("merged JSON differs from one run's:\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	if gotCSV != wantCSV {
		t.Error("merged CSV differs from one run's")
	}
	if gotHTML != wantHTML {
		t.Error("merged HTML differs from one run's")
	}
	if len(merged.Points) != 12 {
		t.Fatalf("merged sweep has %d points", len(merged.Points))
	}
	for k, c := range merged.Points { // each point is its own value's comparison
		if v := merged.Values[k]; !strings.Contains(c.Resolved, "users_per_day: "+v+"\n") {
			t.Errorf("point %d (%s) holds the comparison of another value", k, v)
		}
	}
}

// TestMergeRefusesIncompleteOrMixedParts: a missing shard, a shard given twice, a
// part of another sweep and a file that is no partial result are named errors.
func TestMergeRefusesIncompleteOrMixedParts(t *testing.T) {
	spec := twelvePoints(t)
	spec.Points = spec.Points[:3]
	var parts []*SweepPart
	for i := 0; i < 3; i++ {
		p, err := SweepShard(context.Background(), spec, Options{Workers: 1}, Shard{Index: i, Count: 3})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	other := *parts[2]
	other.Header.Param = "rollout.servers.moves_per_night"
	names := []string{"a", "b", "c"}
	for _, c := range []struct {
		parts []*SweepPart
		want  string
	}{
		{parts[:2], "shard 2/3 missing"},
		{[]*SweepPart{parts[0], parts[1], parts[1]}, "b and c are both shard 1/3"},
		{[]*SweepPart{parts[0], parts[1], &other}, "a and c are parts of different sweeps (their parameters differ)"},
	} {
		if _, err := MergeSweep(c.parts, names, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("merge: %v, want an error with %q", err, c.want)
		}
	}
	if _, err := ReadPart(strings.NewReader("{\"schema_version\": 1}\n")); err == nil || !strings.Contains(err.Error(), "not a partial result file") {
		t.Errorf("reading JSON as a part: %v", err)
	}
	if err := (Shard{Index: 4, Count: 4}).Check(); err == nil {
		t.Error("shard 4/4 accepted")
	}
}
