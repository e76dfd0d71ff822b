package model

import (
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// A LAN initial sync at the per-client sync rate: three 100 MB users on a 100 Mbps LAN
// to their local 5.5 server, sync_rate 1 GB/h = 8e9 bit / 3600 s = 2.2222 Mbps per
// client (the LAN, far faster, is not the limit). Usable after 10 % of the mailbox:
// 10 MB × 8 / 2.2222 Mbps = 36 s; synced after the mailbox and the 20 MB OAB:
// 120 MB × 8 / 2.2222 Mbps = 432 s. Installs are 3 h 20 min apart, so the syncs never
// overlap; waiting = 3 × 36 s = 0.03 user-hours (the end state is never down here).
func TestLANSyncAtClientRate(t *testing.T) {
	sc := tinyScenario(tinySite("A", 3, 1.544*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 3
	sc.Clients.Outlook2003.SyncRate = 1 * gB * 8 / hour
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "time_to_usable p50 (h)", r.TimeToUsableHours.P50, 36.0/3600, 1e-9)
	near(t, "time_to_synced p95 (h)", r.TimeToSyncedHours.P95, 432.0/3600, 1e-9)
	near(t, "waiting user-hours", r.WaitingUserHours, 3*36.0/3600, 1e-9)
}

// A server's concurrent-sync limit queues a storm: three 1 GB users at a one-sync
// 5.5 server, installs at 09:40, 13:00 and 16:20 (three a day over 08:00–18:00). Each
// sync is 1 GB + 2 MB OAB = 1.002 GB at 0.1 GB/h = 10.02 h; usable after 0.1 GB = 1 h.
// User 0 syncs at once: usable after 1 h. User 1 waits for user 0's slot, freed at
// 09:40 + 10.02 h = 19:41:12, then 1 h more: 6.6867 h + 1 h = 7.6867 h after its
// install. User 2 waits for user 1's slot (19:41:12 + 10.02 h = 05:42:24 the next day)
// and 1 h more: from 16:20 that is 13.3733 h + 1 h = 14.3733 h. Median 7.6867 h.
func TestSyncSlotsQueueAStorm(t *testing.T) {
	sc := tinyScenario(tinySite("A", 3, 1.544*mbps, true, 1*gB))
	sc.Rollout.Clients.UsersPerDay = 3
	sc.Clients.Outlook2003.SyncRate = 0.1 * gB * 8 / hour
	sc.Clients.Outlook2003.OABSize = 2 * mB
	sc.Servers.Exchange55.ConcurrentSyncs = 1
	sc.Horizon = 10 * day
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "time_to_usable p50 (h)", r.TimeToUsableHours.P50, 6.6867+1, 1e-4)
	near(t, "time_to_usable max (h)", r.TimeToUsableQuantiles[20], 13.3733+1, 1e-4)
	// without the limit each is usable after 1 h
	sc.Servers.Exchange55.ConcurrentSyncs = 0
	_, r = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "time_to_usable max without the limit (h)", r.TimeToUsableQuantiles[20], 1, 1e-9)
}

// The excess rule with an outage of the end state. Branch (10 users, served by HQ's
// 5.5 server over Branch's WAN) gets Outlook 2003 at 4 a day; one WAN outage of exactly
// 1 h at Tuesday 12:00, when 6 users are cached and 4 online. The end state (cached,
// on the 2003 server over the same Branch WAN) is disconnected in that hour too:
// r_end = disconnected_share 0.1. Online users are blocked 1 h + 2 min: 1 h counts
// 1 − 0.1 = 0.9, the 2 min penalty (the end state has reconnected) counts 1:
// 4 × (3600 × 0.9 + 120) s = 13,440 s = 3.7333 user-hours. Cached users are
// disconnected exactly as the end state would be: 0.1 − 0.1 = 0. The end state's own
// cost: every user of Branch's end group (10) × 1 h × 0.1 = 1 user-hour.
func TestExcessWithEndStateOutage(t *testing.T) {
	sc := branchBehindHQ()
	sc.Clients.Outlook2003.DisconnectedShare = 0.1
	sc.Rollout.Moves.Window = scenarios.Window{Start: 19 * hour, End: 7 * hour} // no move in working time
	w, err := newWorld(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.eng.At(sim.Time(day+12*hour), w.hOutStart, procOf(t, w, causeWAN))
	w.run()
	r := w.result()
	near(t, "blocked wan_outage user-hours", r.BlockedUserHoursByCause["wan_outage"], 4*(3600*0.9+120)/3600, 1e-9)
	near(t, "disconnected user-hours", r.DegradedUserHoursByCause["disconnected"], 0, 1e-12)
	near(t, "end state's own user-hours", r.EndStateUserHours, 10*0.1, 1e-9)
}

// A cached user on its local 5.5 server during that server's outage is disconnected while
// its end state (the 2003 server, up) is not: 5 cached HQ users × 2 h × 0.1 = 1 user-hour.
// Online users of the same server are blocked in full (2 h + 2 min) — in the run below
// every user is cached by then.
func TestDisconnectedOnOldServerOutage(t *testing.T) {
	hq := tinySite("HQ", 5, 10*mbps, true, 10*mB)
	sc := tinyScenario(hq)
	sc.Rollout.Clients.UsersPerDay = 5
	sc.Clients.Outlook2003.DisconnectedShare = 0.1
	sc.Rollout.Gap = 30 * day // the moves wait: the users stay on 5.5
	sc.Rollout.Moves.Window = scenarios.Window{Start: 19 * hour, End: 7 * hour}
	sc.Servers.Exchange55.Outages = scenarios.Outage{MTBF: 1e12, Duration: scenarios.DurationDist{Kind: scenarios.DistLognormal, Median: 2 * hour, P95: 2 * hour}}
	w, err := newWorld(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.eng.At(sim.Time(2*day+10*hour), w.hOutStart, procOf(t, w, causeServer))
	w.run()
	r := w.result()
	near(t, "disconnected user-hours", r.DegradedUserHoursByCause["disconnected"], 5*2*0.1, 1e-9)
	near(t, "blocked user-hours", r.BlockedUserHours, 0, 0)
	near(t, "end state's own user-hours", r.EndStateUserHours, 0, 0)
}

// procOf returns the index of the first outage process of kind c.
func procOf(t *testing.T, w *world, c int) int {
	t.Helper()
	for i := range w.procs {
		if w.procs[i].cause == c {
			return i
		}
	}
	t.Fatalf("no outage process of kind %d", c)
	return -1
}

// Make the network better and no one waits longer: the same organization with every
// branch WAN at 1, 4 and 9.9 Mbps, then at 10 and 20 Mbps; online-mode and header-only
// waiting (latency + bandwidth + server + header fetch) never rises with the link
// speed in either ordering. The 9.9 → 10 Mbps step is Outlook's own slow-link rule
// (full syncs instead of headers across the WAN) and is not compared.
func TestFasterLinksNoLongerWaits(t *testing.T) {
	for _, o := range orderings {
		for _, speeds := range [][]float64{{1, 4, 9.9}, {10, 20}} {
			fasterNoLonger(t, o, speeds)
		}
	}
}

func fasterNoLonger(t *testing.T, o scenarios.Ordering, speeds []float64) {
	t.Helper()
	prev := -1.0
	for _, c := range speeds {
		sc := exampleScenario()
		sc.Horizon = 120 * day
		for i := 1; i < len(sc.Sites); i++ {
			sc.Sites[i].WAN.Down, sc.Sites[i].WAN.Up = scenarios.BitRate(c*mbps), scenarios.BitRate(c*mbps)
		}
		r, err := Run(sc, o, 0)
		if err != nil {
			t.Fatal(err)
		}
		d := r.DegradedUserHoursByCause
		wait := d["latency"] + d["bandwidth"] + d["server"] + d["header_fetch"]
		if prev >= 0 && wait > prev*1.0001 {
			t.Errorf("%s: %v Mbps branch links: %.1f user-hours of waiting, more than %.1f at a slower link", o, c, wait, prev)
		}
		prev = wait
	}
}

// Deployment phases follow the ordering: with Outlook deployed apart from the rest of
// Office (separate), clients-first deploys twice (Outlook now, Office later) and
// servers-first once (Outlook rides with Office after the servers); combined is one
// phase for either. With no cost per user-hour and no training, cost_total is the
// deployment alone: 2 × 15,000 against 1 × 15,000, then 15,000 each.
func TestDeploymentPhasesByOrdering(t *testing.T) {
	sc := tinyScenario(tinySite("A", 3, 1.544*mbps, true, 10*mB))
	sc.Costs = &scenarios.Costs{Currency: "GBP", DeploymentPhase: 15000, OfficeDeployment: scenarios.OfficeSeparate}
	cost := func(o scenarios.Ordering) float64 {
		_, r := runWorld(t, sc, o)
		return *r.CostTotal
	}
	near(t, "separate: clients-first", cost(scenarios.ClientsFirst), 30000, 0)
	near(t, "separate: servers-first", cost(scenarios.ServersFirst), 15000, 0)
	sc.Costs.OfficeDeployment = scenarios.OfficeCombined
	near(t, "combined: clients-first", cost(scenarios.ClientsFirst), 15000, 0)
	near(t, "combined: servers-first", cost(scenarios.ServersFirst), 15000, 0)
}
