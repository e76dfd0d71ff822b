package scenarios

import (
	"strings"
	"testing"
)

// Every range end is a value the format accepts at its path: loading the default
// scenario with it as an override succeeds (a typo in the table would otherwise only
// show up as an untested row).
func TestRangeEndsLoad(t *testing.T) {
	for _, r := range rangeTable {
		path := r.path
		if strings.HasPrefix(path, "datacenter.server.") {
			path = "datacenter.servers.*." + strings.TrimPrefix(path, "datacenter.server.")
		}
		for _, v := range []string{r.low, r.high} {
			if _, err := Load(DefaultScenario, []string{path + "=" + v}); err != nil {
				t.Errorf("%s = %s: %v", path, v, err)
			}
		}
		if r.source == "" {
			t.Errorf("%s: the range has no source", r.path)
		}
	}
}

// Every range brackets a default of the table (a range for a path that has no
// default would never be used).
func TestRangesAreForDefaults(t *testing.T) {
	has := map[string]bool{}
	for _, d := range defaultTable {
		has[d.path] = true
	}
	for _, r := range rangeTable {
		p := r.path
		for !has[p] && strings.Contains(p, ".") {
			p = p[:strings.LastIndexByte(p, '.')] // outages.wan.mtbf is inside site_defaults.outages.wan
		}
		if !has[p] {
			t.Errorf("%s: no default in the table", r.path)
		}
	}
}

// The default scenario's variations: one per generic path (the sites' outage
// parameters once, as site_defaults.*; the sites' mailbox header size folded into
// the organization's), none for the decision thresholds or the plan, and a --vary
// range that replaces the table's and one that adds a row.
func TestVariationsOfDefaultScenario(t *testing.T) {
	sc, err := Load(DefaultScenario, nil)
	if err != nil {
		t.Fatal(err)
	}
	vars := sc.Variations([]Variation{
		{Path: "site_defaults.outages.wan.mtbf", Low: "5d", High: "60d", Source: "--vary", Planner: true},
		{Path: "sites.Leeds.wan.latency", Low: "20ms", High: "200ms", Source: "--vary", Planner: true},
	})
	seen := map[string]Variation{}
	for _, v := range vars {
		if _, dup := seen[v.Path]; dup {
			t.Errorf("%s listed twice", v.Path)
		}
		seen[v.Path] = v
		if strings.HasPrefix(v.Path, "sites.") && v.Path != "sites.Leeds.wan.latency" {
			t.Errorf("%s: a site's assumption should be varied through site_defaults", v.Path)
		}
		if strings.HasPrefix(v.Path, "decision.") {
			t.Errorf("%s: a decision threshold is not an assumption about the world", v.Path)
		}
	}
	if v := seen["site_defaults.outages.wan.mtbf"]; v.Low != "5d" || v.High != "60d" || v.Value != "30d" {
		t.Errorf("--vary of a listed path: %+v, want 5d:60d around the value in force 30d", v)
	}
	if v := seen["sites.Leeds.wan.latency"]; v.Value != "40ms" || !v.Planner {
		t.Errorf("--vary of a path not listed: %+v, want the value in force 40ms", v)
	}
	if v := seen["mailbox.header_size"]; v.Low == "" || v.Untested != "" {
		t.Errorf("mailbox.header_size: %+v, want a tested range", v)
	}
	if _, ok := seen["site_defaults.mailbox.header_size"]; ok {
		t.Error("a site's mailbox is the organization's: no site_defaults.mailbox row")
	}
}

func TestParseVary(t *testing.T) {
	v, err := ParseVary("sites.Leeds.wan.latency=20ms:200ms")
	if err != nil || v.Path != "sites.Leeds.wan.latency" || v.Low != "20ms" || v.High != "200ms" || !v.Planner {
		t.Errorf("ParseVary: %+v, %v", v, err)
	}
	for _, bad := range []string{"sites.Leeds.wan.latency", "=1:2", "a=1", "a=1:2:3", "a=:2", "a=1: "} {
		if _, err := ParseVary(bad); err == nil {
			t.Errorf("ParseVary(%q): no error", bad)
		}
	}
}
