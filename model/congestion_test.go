package model

import (
	"testing"

	"rollout/scenarios"
)

// congestionScenario: HQ (5 users, local 5.5 server, 100 Mbps WAN) serves Branch
// (10 users, no server, 1 Mbps WAN) over [Branch LAN, Branch WAN-down, HQ WAN-up,
// HQ EX55]. One week from Monday 2004-03-01 (5 working days, 08:00–18:00), no outages,
// no background, no installs within the horizon (clients.start = 30 d), so every user
// stays online on the old client all week. Only Branch carries steady traffic:
// online bytes per user per day, peak factor 2 over H = 10 working hours — the hour
// 09:00–10:00 carries 2/10 of the day, the other nine (10 − 2)/9/10 each. The slow-link
// threshold is 1 kbps, so no path is slow; path latency 80 ms < 150 ms.
func congestionScenario(onlinePerDay float64) *scenarios.Scenario {
	hq := tinySite("HQ", 5, 100*mbps, true, 100*mB)
	br := tinySite("Branch", 10, 1*mbps, false, 100*mB)
	br.ServedBy = "HQ"
	br.Mailbox.Traffic.Online = scenarios.Bytes(onlinePerDay)
	sc := tinyScenario(hq, br)
	sc.Horizon = 7 * day
	sc.Rollout.Clients.Start = 30 * day
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 1 * kbps, MeasuredOn: scenarios.MeasuredOnPath}
	return sc
}

// Branch's 10 users × 216 MB/day: the peak hour carries 10 × 0.2 × 216 MB = 432 MB on
// the 1 Mbps WAN-down: 432e6·8 / (1e6·3600) = 0.96 ≥ 0.9; every other working hour
// 10 × 0.8/9 × 216 MB = 192 MB → 0.4267 < 0.9. So one congested hour per working day:
// congestion = 10 users × 5 days × 1 h = 50 user-hours; saturated_link_hours = 5 (Branch
// WAN-down only; HQ WAN-up carries the same 432 MB at 100 Mbps: 0.0096). HQ's users
// cross no WAN link and are never congested.
func TestCongestionSaturatedBySteadyTraffic(t *testing.T) {
	sc := congestionScenario(216 * mB)
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "peak link utilization", r.PeakLinkUtilization, 0.96, 1e-9)
	near(t, "saturated link-hours", r.SaturatedLinkHours, 5, 1e-9)
	near(t, "congestion user-hours", r.DegradedUserHoursByCause["congestion"], 50, 1e-9)
	near(t, "degraded user-hours", r.DegradedUserHours, 50, 1e-9)
	for _, c := range []string{"latency", "slow_link", "server_load"} {
		near(t, c+" user-hours", r.DegradedUserHoursByCause[c], 0, 0)
	}
	near(t, "blocked user-hours", r.BlockedUserHours, 0, 0)
}

// 200 MB/day: the peak hour carries 400 MB → 400e6·8/3.6e9 = 0.889 < 0.9: no link-bucket
// is saturated and nobody is congested. With clients.online.degraded_utilization 0.85
// the same peak hours count: 50 user-hours and 5 link-hours again.
func TestCongestionBelowThreshold(t *testing.T) {
	sc := congestionScenario(200 * mB)
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "peak link utilization", r.PeakLinkUtilization, 4e8*8/3.6e9, 1e-9)
	near(t, "saturated link-hours", r.SaturatedLinkHours, 0, 0)
	near(t, "congestion user-hours", r.DegradedUserHoursByCause["congestion"], 0, 0)

	sc.Clients.Online.DegradedUtilization = 0.85
	_, r = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "saturated link-hours at 0.85", r.SaturatedLinkHours, 5, 1e-9)
	near(t, "congestion user-hours at 0.85", r.DegradedUserHoursByCause["congestion"], 50, 1e-9)
}

// A user counts once: with the default 10 Mbps slow-link threshold Branch's 1 Mbps path
// is slow, so its 10 online users are slow_link-degraded for all 5 × 10 working hours
// (500 user-hours) and the saturated peak hours add no congestion. Blocked wins too: a
// block of Branch's users from 09:00 to 10:02 on Monday (as a WAN outage with a 2 min
// reconnect penalty would) makes Monday's congested hour blocked time.
func TestCongestionCountsUsersOnce(t *testing.T) {
	sc := congestionScenario(216 * mB)
	sc.Clients.Outlook2003.SlowLink.Threshold = 10 * mbps
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "slow_link user-hours", r.DegradedUserHoursByCause["slow_link"], 500, 1e-9)
	near(t, "congestion user-hours", r.DegradedUserHoursByCause["congestion"], 0, 0)

	// blocked wins over congestion: the slow-link rule off again, a WAN outage of
	// Branch covering Monday's peak hour 09:00–10:00 (+ 2 min reconnect): Monday's
	// congested hour is blocked time, so congestion = 10 × 4 days = 40 user-hours
	r = runBlockingBranchMonday(t, congestionScenario(216*mB))
	near(t, "blocked user-hours", r.BlockedUserHours, 10*62.0/60, 1e-9)
	near(t, "congestion user-hours", r.DegradedUserHoursByCause["congestion"], 40, 1e-9)
}

// runBlockingBranchMonday runs a congestionScenario (clients-first) with Branch's
// online users on the 5.5 server blocked by hand from 09:00 to 10:02 on Monday, as a
// WAN outage with a 2 min reconnect penalty would.
func runBlockingBranchMonday(t *testing.T, sc *scenarios.Scenario) *Result {
	t.Helper()
	w, err := newWorld(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	var gi int32 = -1
	for g := range w.groups {
		if w.groups[g].site == 1 && w.groups[g].server == w.sites[0].s55 && !w.groups[g].local {
			gi = int32(g)
		}
	}
	if gi < 0 {
		t.Fatal("no Branch group on the 5.5 server")
	}
	w.eng.At(9*hour, func(int) { w.setBlock(gi, causeWAN, 1) }, 0)
	w.eng.At(10*hour+120, func(int) { w.setBlock(gi, causeWAN, -1) }, 0)
	w.run()
	return w.result()
}

// A remote user's access link counts too: site R (3 users, local 5.5 server), the first
// of them remote over a 128 kbps access link (latency 50 ms), 280 MB/day each. The
// remote user's peak hour carries 0.2 × 280 MB = 56 MB on the access link:
// 56e6·8 / (128e3·3600) = 0.9722 ≥ 0.9; other hours 0.8/9 × 280 MB = 24.9 MB → 0.432.
// Congestion = 1 user × 5 days × 1 h = 5 user-hours; the on-site users cross no WAN
// link. Access links have no link_utilization line, so saturated_link_hours stays 0.
func TestCongestionOnRemoteAccessLink(t *testing.T) {
	s := tinySite("R", 3, 100*mbps, true, 100*mB)
	s.RemoteUsers = scenarios.RemoteUsers{Count: 1, Link: 128 * kbps, Latency: 0.050}
	s.Mailbox.Traffic.Online = 280 * mB
	sc := tinyScenario(s)
	sc.Horizon = 7 * day
	sc.Rollout.Clients.Start = 30 * day
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 1 * kbps, MeasuredOn: scenarios.MeasuredOnPath}
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "congestion user-hours", r.DegradedUserHoursByCause["congestion"], 5, 1e-9)
	near(t, "saturated link-hours", r.SaturatedLinkHours, 0, 0)
	near(t, "degraded user-hours", r.DegradedUserHours, 5, 1e-9)
}

// Blocked users are not also degraded by server load. congestionScenario with the 5.5
// load threshold at 0.004: HQ's EX55 (100 Mbps) carries Branch's 216 MB/day, so every
// working hour is loaded (peak hour 432 MB → 0.0096, others 192 MB → 0.00427 ≥ 0.004)
// and its 15 online users are degraded for 5 × 10 h: 750 user-hours. Blocking
// Branch's 10 users from 09:00 to 10:02 on Monday takes 10 × 62/60 user-hours out of
// server_load (bucket 09–10 has 5 online users, bucket 10–11 15 − 10 × 2/60) and puts
// the same into blocked.
func TestServerLoadSkipsBlockedUsers(t *testing.T) {
	sc := congestionScenario(216 * mB)
	sc.Servers.Exchange55.LoadThreshold = 0.004
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "server_load user-hours", r.DegradedUserHoursByCause["server_load"], 750, 1e-9)
	r = runBlockingBranchMonday(t, sc)
	near(t, "blocked user-hours", r.BlockedUserHours, 10*62.0/60, 1e-9)
	near(t, "server_load user-hours", r.DegradedUserHoursByCause["server_load"], 750-10*62.0/60, 1e-9)
}
