package model

import (
	"time"

	"github.com/rollout-sim/rollout/internal/bigorg"
	"github.com/rollout-sim/rollout/scenarios"
)

// Units for building scenarios by hand.
const (
	kbps = 1e3
	mbps = 1e6
	kB   = 1e3
	mB   = 1e6
	gB   = 1e9
	hour = 3600.0
	day  = 86400.0
)

// off is a switched-off outage process.
var off = scenarios.Outage{Off: true}

// lognormalOutage returns an outage process with exponential up-times of mean mtbf and
// lognormal durations through median and p95.
func lognormalOutage(mtbf, median, p95 float64) scenarios.Outage {
	return scenarios.Outage{MTBF: scenarios.Duration(mtbf), Duration: scenarios.DurationDist{
		Kind: scenarios.DistLognormal, Median: scenarios.Duration(median), P95: scenarios.Duration(p95)}}
}

// tinySite is a hand-computable site: fixed mailboxes, no outages, no background, no
// remote users, 100 Mbps LAN/adapter/server.
func tinySite(name string, users int, wan float64, local bool, mailbox float64) scenarios.Site {
	mb := scenarios.Mailbox{
		Size:       scenarios.SizeDist{Median: scenarios.Bytes(mailbox), P95: scenarios.Bytes(mailbox)},
		ItemSize:   75 * kB,
		HeaderSize: 4 * kB,
		Traffic:    scenarios.Traffic{Online: 0, Cached: 0, PeakFactor: 2},
	}
	return scenarios.Site{
		Name: name, Users: users, LAN: 100 * mbps, Adapter: 100 * mbps, ServerThroughput: 100 * mbps,
		WAN:         scenarios.Link{Down: scenarios.BitRate(wan), Up: scenarios.BitRate(wan), Latency: 0.040},
		LocalServer: local, ServedBy: name, Mailbox: mb,
		Outages: scenarios.SiteOutages{WAN: off, Blips: off},
	}
}

// tinyScenario is a fully filled scenario for hand-computed tests: working days Mon–Fri
// 08:00–18:00 starting on Monday 2004-03-01, no outages, no steady traffic, no
// background, compression 0.7, usable fraction 0.1, OAB 20 MB, one 2003 server of
// 1 Gbps behind a 1 Gbps datacenter link, moves in a whole-day window.
func tinyScenario(sites ...scenarios.Site) *scenarios.Scenario {
	order := make([]string, len(sites))
	for i, s := range sites {
		order[i] = s.Name
	}
	sc := &scenarios.Scenario{
		Name:    "tiny",
		Start:   time.Date(2004, 3, 1, 0, 0, 0, 0, time.UTC), // a Monday
		Horizon: 120 * day,
		Calendar: scenarios.Calendar{WorkStart: 8 * hour, WorkEnd: 18 * hour,
			WorkingDays: [7]bool{false, true, true, true, true, true, false}},
		Mailbox: sites[0].Mailbox,
		Clients: scenarios.Clients{
			Outlook2003: scenarios.Outlook2003{
				CachedMode:          true,
				SlowLink:            scenarios.SlowLink{Threshold: 10 * mbps, MeasuredOn: scenarios.MeasuredOnPath},
				HeaderOnlyNeeds2003: true,
				CompressionWith2003: 0.7,
				UsableFraction:      0.1,
				OABSize:             20 * mB,
				ResumeNeeds2003:     true,
			},
			Online: scenarios.OnlineClient{ReconnectPenalty: 120, ActionsPerDay: 160, RoundTripsPerAction: 5,
				AcceptedResponse: 1, HangThreshold: 5},
		},
		Servers: scenarios.Servers{
			Exchange55:   scenarios.ServerVersion{Outages: off, RPCLatency: 0.01, IOPSPerUser: 0.75, DiskIOPSPerUser: 1.5},
			Exchange2003: scenarios.ServerVersion{Outages: off, RPCLatency: 0.01, IOPSPerUser: 0.75, DiskIOPSPerUser: 1.5},
		},
		Datacenter: scenarios.Datacenter{Name: "DC",
			Link:    scenarios.Link{Down: 1000 * mbps, Up: 1000 * mbps, Latency: 0.002},
			Servers: []scenarios.Server{{Name: "EX03-A", Throughput: 1000 * mbps, ConcurrentMoves: 4}}},
		Sites: sites,
		Rollout: scenarios.Rollout{
			Orderings: []scenarios.Ordering{scenarios.ClientsFirst, scenarios.ServersFirst},
			SiteOrder: order,
			Gap:       14 * day,
			Clients:   scenarios.ClientWaves{Start: 0, UsersPerDay: 150},
			Moves: scenarios.Moves{Window: scenarios.Window{Start: 0, End: 0}, RatePerMove: 1000 * mbps,
				OnFailure: scenarios.OnFailureRestart},
			OSTAfterMove: scenarios.OSTKeep,
		},
		Simulation: scenarios.Simulation{Replications: 1, Seed: 1, Bucket: hour, SaturatedUtilization: 0.9},
	}
	return sc
}

// exampleScenario mirrors scenarios/builtin/branch-consolidation.yaml in Go, for
// tests that must not depend on the scenarios package's parser.
func exampleScenario() *scenarios.Scenario {
	mb := scenarios.Mailbox{
		Size:       scenarios.SizeDist{Median: 100 * mB, P95: 500 * mB},
		ItemSize:   75 * kB,
		HeaderSize: 4 * kB,
		Traffic:    scenarios.Traffic{Online: 8.1 * mB, Cached: 3.9 * mB, PeakFactor: 2},
	}
	wanOut := lognormalOutage(30*day, 30*60, 6*hour)
	blips := scenarios.Outage{MTBF: 2 * day, Duration: scenarios.DurationDist{Kind: scenarios.DistUniform, Min: 5, Max: 60}}
	site := func(name string, users int, wan float64, lat, bg float64, local bool) scenarios.Site {
		s := scenarios.Site{Name: name, Users: users, LAN: 100 * mbps, Adapter: 100 * mbps, ServerThroughput: 100 * mbps,
			WAN:         scenarios.Link{Down: scenarios.BitRate(wan), Up: scenarios.BitRate(wan), Latency: scenarios.Duration(lat), Background: scenarios.Fraction(bg)},
			LocalServer: local, ServedBy: name, Mailbox: mb,
			Outages: scenarios.SiteOutages{WAN: wanOut, Blips: blips}}
		if !local {
			s.ServedBy = "HQ"
		}
		return s
	}
	hq := site("HQ", 1200, 10*mbps, 0.015, 0.3, true)
	hq.RemoteUsers = scenarios.RemoteUsers{Count: 60, Link: 128 * kbps, Latency: 0.2}
	gl := site("Glasgow", 150, 2.048*mbps, 0.05, 0.25, true)
	gl.Mailbox.Size = scenarios.SizeDist{Median: 150 * mB, P95: 900 * mB}
	sc := tinyScenario(hq,
		site("Leeds", 240, 1.544*mbps, 0.04, 0.3, true),
		site("Bristol", 180, 1.544*mbps, 0.045, 0.3, true),
		gl,
		site("Truro", 25, 256*kbps, 0.08, 0.2, false))
	sc.Name = "branch-consolidation"
	sc.Horizon = 240 * day
	sc.Mailbox = mb
	sc.Servers.Exchange55.Outages = lognormalOutage(60*day, hour, 8*hour)
	sc.Servers.Exchange2003.Outages = lognormalOutage(180*day, 30*60, 2*hour)
	sc.Datacenter = scenarios.Datacenter{Name: "DC",
		Link: scenarios.Link{Down: 45 * mbps, Up: 45 * mbps, Latency: 0.002, Background: 0.2},
		Servers: []scenarios.Server{{Name: "EX03-A", Throughput: 400 * mbps, ConcurrentMoves: 4},
			{Name: "EX03-B", Throughput: 400 * mbps, ConcurrentMoves: 4}}}
	sc.Rollout.Moves = scenarios.Moves{Window: scenarios.Window{Start: 19 * hour, End: 7 * hour},
		RatePerMove: 2 * gB * 8 / hour, OnFailure: scenarios.OnFailureRestart}
	sc.Clients.Outlook2003.SyncRate = 1 * gB * 8 / hour
	sc.Clients.Outlook2003.BodyFetchShare = 0.5
	sc.Clients.Outlook2003.DisconnectedShare = 0.1
	sc.Servers.Exchange55.ConcurrentSyncs = 50
	sc.Servers.Exchange2003.ConcurrentSyncs = 50
	sc.Simulation.Replications = 30
	sc.Costs = &scenarios.Costs{Currency: "GBP", UserHour: 35, TrainingPerUser: 20, DeploymentPhase: 15000,
		OfficeDeployment: scenarios.OfficeSeparate}
	return sc
}

// bigScenario is a programmatic organization of nSites sites and users users (spread
// evenly), 240 days, outages on, for benchmarks: an HQ on 45 Mbps and branches on
// 10 Mbps metro Ethernet, every site with its own 5.5 server, one 2003 server per 2,500
// users (at least 2), a 1 Gbps datacenter link, users_per_day = users/100 (≥ 150).
func bigScenario(nSites, users int) *scenarios.Scenario {
	sc := exampleScenario()
	bigorg.Grow(sc, nSites, users)
	return sc
}
