package experiment

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/rollout-sim/rollout/internal/bigorg"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// bigOrganization is the default scenario grown to nSites sites and users users
// (bigorg.Default), with two replications.
func bigOrganization(t *testing.T, nSites, users int) *scenarios.Scenario {
	t.Helper()
	sc, err := bigorg.Default(nSites, users)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// staticPictureRE finds a chart's static picture and its chart's id in a report.
var staticPictureRE = regexp.MustCompile(`(?s)<div class="chart static" id="([^"]+)"[^>]*>(<svg class="static-chart".*?</svg>)`)

// TestBigOrganizationReportSize: the HTML report of an organization of 100 sites
// (100 local 5.5 servers, 200 WAN links), two replications, carries every chart
// as a static picture and none over 300 KB; it logs each picture's size and the
// page's.
func TestBigOrganizationReportSize(t *testing.T) {
	if testing.Short() {
		t.Skip("a 100-site comparison is skipped in -short mode")
	}
	sc := bigOrganization(t, 100, 100000)
	c, err := Compare(context.Background(), sc, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := reports.WriteHTML(&b, c, nil); err != nil {
		t.Fatal(err)
	}
	pics := staticPictureRE.FindAllSubmatch(b.Bytes(), -1)
	if charts := bytes.Count(b.Bytes(), []byte(`<div class="chart`)); len(pics) != charts || charts == 0 {
		t.Errorf("%d of %d charts carry a static picture", len(pics), charts)
	}
	total := 0
	for _, p := range pics {
		n := len(p[2])
		total += n
		t.Logf("chart %s: static picture %.1f KB", p[1], float64(n)/1e3)
		if n > 300e3 {
			t.Errorf("chart %s: static picture %.1f KB, over 300 KB", p[1], float64(n)/1e3)
		}
	}
	t.Logf("100 sites, %d users: HTML report %.2f MB, of which static pictures %.2f MB", 100000, float64(b.Len())/1e6, float64(total)/1e6)
}
