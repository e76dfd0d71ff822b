// Package bigorg grows a scenario into a large synthetic organization, for the
// benchmarks and the size tests of the model and the reports.
package bigorg

import (
	"fmt"

	"github.com/rollout-sim/rollout/scenarios"
)

const mbps = 1e6 // bits per second

// Grow makes sc an organization of nSites sites and users users (spread evenly):
// its first site becomes the HQ on a 45 Mbps WAN link with no remote users; every
// other site is a copy of its second site (a branch with its own 5.5 server) on
// 10 Mbps metro Ethernet, named B001, B002, …; the waves visit them in that order;
// users_per_day is users/100 (at least 150); the datacenter has one 2003 server per
// 2,500 users (at least 2, 400 Mbps, 4 concurrent moves each) behind a 1 Gbps link.
// sc needs at least two sites.
func Grow(sc *scenarios.Scenario, nSites, users int) {
	hq := sc.Sites[0]
	hq.RemoteUsers = scenarios.RemoteUsers{}
	hq.WAN.Down, hq.WAN.Up = 45*mbps, 45*mbps
	sites := []scenarios.Site{hq}
	for i := 1; i < nSites; i++ {
		s := sc.Sites[1]
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
}

// Default is the default built-in scenario grown by Grow, with two replications.
func Default(nSites, users int) (*scenarios.Scenario, error) {
	sc, err := scenarios.Load(scenarios.DefaultScenario, []string{"simulation.replications=2"})
	if err != nil {
		return nil, err
	}
	Grow(sc, nSites, users)
	return sc, nil
}
