package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/reports/experiment"
)

func TestExpandParam(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"sites.Leeds.wan.down", []string{"sites.Leeds.wan.down"}},
		{"sites.Leeds.wan.{down,up}", []string{"sites.Leeds.wan.down", "sites.Leeds.wan.up"}},
		{"sites.*.wan.{down,up}", []string{"sites.*.wan.down", "sites.*.wan.up"}},
		{"sites.{Leeds,Bristol}.wan.{down,up}", []string{"sites.Leeds.wan.down", "sites.Leeds.wan.up", "sites.Bristol.wan.down", "sites.Bristol.wan.up"}},
	} {
		got, err := expandParam(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("expandParam(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"a.{b,c", "a.b}", "a.{b,{c,d}}", "a.{b,}", "a,b"} {
		if _, err := expandParam(bad); err == nil {
			t.Errorf("expandParam(%q): no error", bad)
		}
	}
}

// A --param with a {down,up} group and * moves both directions of every site's link
// together at each swept value.
func TestSweepMovesSeveralPaths(t *testing.T) {
	code, out, errOut := runCLI(t, "sweep", filepath.Join("testdata", "compare_tiny.yaml"), "--param", "sites.*.wan.{down,up}",
		"--values", "1Mbps,2Mbps", "-r", "1", "--json", "-", "--quiet", "-o", "")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Points []struct {
			Assumptions []struct{ Path, Value string } `json:"assumptions"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"1Mbps", "2Mbps"} {
		seen := 0
		for _, a := range doc.Points[i].Assumptions {
			if strings.HasPrefix(a.Path, "sites.") && (strings.HasSuffix(a.Path, ".wan.down") || strings.HasSuffix(a.Path, ".wan.up")) {
				seen++
				if a.Value != want {
					t.Errorf("point %d: %s = %s, want %s", i, a.Path, a.Value, want)
				}
			}
		}
		if seen != 4 { // HQ and Branch, down and up
			t.Errorf("point %d: %d site WAN directions, want 4", i, seen)
		}
	}
}

// Two --param give a grid: every pair of values, the grid's axes in the JSON, the
// same bytes for any number of workers; a grid with a --values and a --range is
// refused before anything runs.
func TestSweepGrid(t *testing.T) {
	args := []string{"sweep", filepath.Join("testdata", "compare_tiny.yaml"), "--param", "sites.*.wan.{down,up}", "--values", "512kbps,2Mbps",
		"--param", "rollout.clients.users_per_day", "--values", "5,10,15", "-r", "1", "--json", "-", "--quiet", "-o", ""}
	code, one, errOut := runCLI(t, append(args, "--workers", "1")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Points []json.RawMessage `json:"points"`
		Grid   struct {
			Params [2]string   `json:"params"`
			Values [2][]string `json:"values"`
		} `json:"grid"`
	}
	if err := json.Unmarshal([]byte(one), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Points) != 6 || doc.Grid.Params[1] != "rollout.clients.users_per_day" || len(doc.Grid.Values[0]) != 2 || len(doc.Grid.Values[1]) != 3 {
		t.Errorf("grid: %d points, axes %+v; want 2 × 3", len(doc.Points), doc.Grid)
	}
	if _, two, _ := runCLI(t, append(args, "--workers", "2")...); two != one {
		t.Error("the grid's JSON with --workers 2 differs from --workers 1")
	}
	before := experiment.Started()
	code, _, errOut = runCLI(t, "sweep", filepath.Join("testdata", "compare_tiny.yaml"), "--param", "a.b", "--values", "1,2", "--param", "c.d", "--range", "1:2:2", "--quiet", "-o", "")
	if code != exitInvalid || !strings.Contains(errOut, "two --values or two --range") || experiment.Started() != before {
		t.Errorf("mixed --values and --range: exit %d, %q", code, errOut)
	}
}
