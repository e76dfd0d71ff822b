package model

import (
	"math"

	"github.com/rollout-sim/rollout/scenarios"
)

// MemoryEstimate is the estimated peak memory of one replication of one ordering of
// a scenario, in bytes. The estimate is deliberately on the high side: it counts
// every traffic class a link could carry, which a run rarely does.
type MemoryEstimate struct {
	// WorldBytes is the simulated world while it runs: per-user state, locations,
	// resources and their bucketed recordings. It is garbage once the Result is
	// built.
	WorldBytes float64
	// ResultBytes is the Result returned: mostly its bucketed series, and a row per
	// site.
	ResultBytes float64
	// Buckets is the number of time buckets of the series (horizon / bucket).
	Buckets int
	// SeriesLines is the number of lines in the Result's series (one value each per
	// bucket).
	SeriesLines int
}

// Costs per item, in bytes, measured on linux/amd64 (Go 1.26) and rounded up:
// a user's state across the world's per-user arrays; a remote user's own location
// (access link resource, groups, congestion keys); a site's resources, groups and
// per-site tallies; a site's row in the Result (SiteResult: its maps and quantiles).
const (
	memBytesPerUser       = 200
	memBytesPerRemoteUser = 1024
	memBytesPerSite       = 6144
	memBytesPerSiteResult = 4096
	memBytesPerFloat      = 8
	// recorded traffic classes counted per recorded resource (of numClasses): a
	// site or datacenter link carries at most every class; a remote user's access
	// link and a server fewer.
	memClassesPerLink   = numClasses
	memClassesPerAccess = 4
	memClassesPerServer = 4
)

// EstimateMemory estimates the peak memory of one replication of one ordering of sc
// from its users, sites, servers and time buckets, without building anything.
func EstimateMemory(sc *scenarios.Scenario) MemoryEstimate {
	bucket := float64(sc.Simulation.Bucket)
	if !(bucket > 0) {
		bucket = 3600
	}
	buckets := 1
	if h := float64(sc.Horizon); h > 0 && !math.IsInf(h, 0) {
		buckets = max(1, int(math.Ceil(h/bucket)))
	}
	var users, remote, n55 float64
	for i := range sc.Sites {
		s := &sc.Sites[i]
		users += float64(max(s.Users, 0))
		remote += float64(min(max(s.RemoteUsers.Count, 0), max(s.Users, 0)))
		if s.LocalServer {
			n55++
		}
	}
	sites := float64(len(sc.Sites))
	n03 := float64(len(sc.Datacenter.Servers))
	links := 2*sites + 2 // each site's WAN down and up, the datacenter's link in and out
	// Result: users by state, utilization per link, bytes by class, syncs per
	// server, moves per 2003 server.
	resultLines := float64(numStates) + links + float64(len(Classes)) + (n55 + n03) + n03
	// World: the levels by state and per server (syncs, moves, online users), and
	// the bytes by class on every recorded link, access link and server.
	worldLines := float64(numStates) + 3*(n55+n03) +
		links*memClassesPerLink + remote*memClassesPerAccess + (n55+n03)*memClassesPerServer
	b := float64(buckets)
	return MemoryEstimate{
		WorldBytes: worldLines*b*memBytesPerFloat +
			users*memBytesPerUser + remote*memBytesPerRemoteUser + sites*memBytesPerSite,
		ResultBytes: resultLines*b*memBytesPerFloat + sites*memBytesPerSiteResult,
		Buckets:     buckets,
		SeriesLines: int(resultLines),
	}
}
