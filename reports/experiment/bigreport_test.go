package experiment

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// bigOrganization is the default scenario grown to nSites sites and users users
// (spread evenly) in the shape of a large organization: the HQ on 45 Mbps,
// branches on 10 Mbps, every site with its own 5.5 server, one 2003 server per
// 2,500 users (at least 2) behind a 1 Gbps datacenter link, users_per_day =
// users/100 (at least 150).
func bigOrganization(t *testing.T, nSites, users int) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load(scenarios.DefaultScenario, nil)
	if err != nil {
		t.Fatal(err)
	}
	const mbps = 1e6
	hq := sc.Sites[0]
	hq.RemoteUsers = scenarios.RemoteUsers{}
	hq.WAN.Down, hq.WAN.Up = 45*mbps, 45*mbps
	sites := []scenarios.Site{hq}
	for i := 1; i < nSites; i++ {
		s := sc.Sites[1] // a branch with its own server
		s.Name = fmt.Sprintf("B%03d", i)
		s.ServedBy = s.Name
		s.WAN.Down, s.WAN.Up = 10*mbps, 10*mbps
		sites = append(sites, s)
	}
	per := users / nSites
	for i := range sites {
		sites[i].Users = per
	}
	sites[0].Users += users - per*nSites
	sc.Sites = sites
	sc.Rollout.SiteOrder = nil
	for _, s := range sites {
		sc.Rollout.SiteOrder = append(sc.Rollout.SiteOrder, s.Name)
	}
	sc.Rollout.Clients.UsersPerDay = max(150, users/100)
	sc.Datacenter.Servers = nil
	for i := 0; i < max(2, users/2500); i++ {
		sc.Datacenter.Servers = append(sc.Datacenter.Servers,
			scenarios.Server{Name: fmt.Sprintf("EX03-%02d", i), Throughput: 400 * mbps, ConcurrentMoves: 4})
	}
	sc.Datacenter.Link = scenarios.Link{Down: 1000 * mbps, Up: 1000 * mbps, Latency: 0.002, Background: 0.2}
	sc.Simulation.Replications = 2
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
