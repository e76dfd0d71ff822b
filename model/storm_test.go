package model

import (
	"math"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// A hand-computed sync storm. 100 users of one site, 1 GB mailboxes, install at their
// first logon: users_per_day 100 over the 1 h logon window, so install k is at
// 08:00 + (k + 0.5) × 36 s. One 100 Mbps LAN to a local 5.5 server of 1 Gbps
// throughput whose disk is sized at 1.5 IOPS per mailbox (the disk limit slows RPCs,
// not sync bytes); 10 sync slots; per-client sync rate 10 Mbps (4.5 GB/h).
//
// Processor sharing under the cap: at most 10 syncs run (the slots), and with n ≤ 10
// flows on the LAN each gets min(10 Mbps, 100 Mbps / n) = 10 Mbps. One sync is the
// mailbox and the 20 MB OAB, 1,020 MB = 8,160 Mbit: 816 s; usable after 10 % of the
// mailbox, 800 Mbit: 80 s. Users 0–9 start at install (the 10th arrives at 342 s,
// before the first finishes at 18 + 816 s). User k ≥ 10 takes the slot user k − 10
// frees: start_k = start_(k−10) + 816 s, so with j = ⌊k/10⌋,
// start_k = a_(k mod 10) + 816 j and a_k = a_(k mod 10) + 360 j: it waits 456 j s.
// Time to usable = 80 + 456 j s, to synced = 816 + 456 j s, ten users for each
// j = 0…9. Over the 100 sorted values the p50 interpolates halfway between j = 4 and
// j = 5 (positions 49 and 50): usable 80 + 456 × 4.5 = 2,132 s = 0.592222 h, synced
// 816 + 2,052 = 2,868 s = 0.796667 h; the p95 (position 94.05) is j = 9: usable
// 80 + 4,104 = 4,184 s = 1.162222 h, synced 4,920 s = 1.366667 h.
//
// The same users installed spread over the working day arrive 360 s apart: at most
// three syncs overlap, nobody queues, and every user is usable after 80 s.
func TestLogonSyncStorm(t *testing.T) {
	s := tinySite("A", 100, 1.544*mbps, true, 1*gB)
	s.ServerThroughput = 1000 * mbps
	sc := tinyScenario(s)
	sc.Rollout.Clients.UsersPerDay = 100
	sc.Rollout.Clients.Install = scenarios.InstallLogon
	sc.Rollout.Clients.LogonWindow = hour
	sc.Clients.Outlook2003.SyncRate = 10 * mbps
	sc.Servers.Exchange55.ConcurrentSyncs = 10
	sc.Horizon = 10 * day
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "time_to_usable p50 (h)", r.TimeToUsableHours.P50, 2132.0/3600, 1e-6)
	near(t, "time_to_usable p95 (h)", r.TimeToUsableHours.P95, 4184.0/3600, 1e-6)
	near(t, "time_to_synced p50 (h)", r.TimeToSyncedHours.P50, 2868.0/3600, 1e-6)
	near(t, "time_to_synced p95 (h)", r.TimeToSyncedHours.P95, 4920.0/3600, 1e-6)
	// at the last install (3,582 s) the syncs of users 0–38 have ended (user 38's at
	// a_8 + 816 × 4 = 306 + 3,264 = 3,570 s; user 39's at 342 + 3,264 = 3,606 s):
	// 100 − 39 = 61 running or queued
	if r.PeakConcurrentSyncs != 61 {
		t.Errorf("peak concurrent syncs (running or queued) = %d, want 61", r.PeakConcurrentSyncs)
	}

	sc.Rollout.Clients.Install = scenarios.InstallSpread
	_, r = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "spread: time_to_usable p95 (h)", r.TimeToUsableHours.P95, 80.0/3600, 1e-6)
	near(t, "spread: time_to_synced p95 (h)", r.TimeToSyncedHours.P95, 816.0/3600, 1e-6)
	if r.PeakConcurrentSyncs != 3 {
		t.Errorf("spread: peak concurrent syncs = %d, want 3 (816 s syncs 360 s apart)", r.PeakConcurrentSyncs)
	}
}

// WAN volume counts each byte once. 10 mailboxes of 100 MB at a site behind a T1
// (1.544 Mbps) move to the datacenter over the site's WAN-up and the datacenter link:
// wan_gigabytes_by_class.move = 10 × 100 MB = 1.0 GB (not 2.0 GB for two links). The
// servers-first initial sync of the same users then runs from the 2003 server over the
// datacenter link and the site's WAN-down, compressed ×0.7: 10 × 70 MB = 0.70 GB (the
// adapter rule keeps the 100 Mbps adapter on a full sync; the OAB is its own class,
// 10 × 20 MB × 0.7 = 0.14 GB). Steady traffic is off here, so wan_gigabytes is their
// sum, 1.84 GB, and nothing is end-state traffic.
func TestWANBytesOnce(t *testing.T) {
	sc := tinyScenario(tinySite("A", 10, 1.544*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 10
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
	w, r := runWorld(t, sc, scenarios.ServersFirst)
	near(t, "wan_gigabytes_by_class.move", r.WANGigabytesByClass["move"], 1.0, 1e-9)
	near(t, "wan_gigabytes_by_class.initial_sync", r.WANGigabytesByClass["initial_sync"], 0.70, 1e-9)
	near(t, "wan_gigabytes_by_class.oab", r.WANGigabytesByClass["oab"], 0.14, 1e-9)
	near(t, "wan_gigabytes", r.WANGigabytes, 1.84, 1e-9)
	near(t, "end_state_wan_gigabytes", r.EndStateWANGigabytes, 0, 1e-12)
	// the link table still carries each link's bytes: the moves on WAN-up and DC-in
	near(t, "A/WAN-up move bytes", w.net.Bytes(resByName(t, w, "A/WAN-up"), w.cls[clsMove]), 1*gB, 1e-3)
	near(t, "DC link-in move bytes", w.net.Bytes(w.dcIn, w.cls[clsMove]), 1*gB, 1e-3)
}

// Steady traffic is split at each user's end state. One user at a site behind a
// 2 Mbps WAN, cached mode, 3.9 MB of cached traffic a day (none online), peak factor 2
// over a 10 h day: outside the peak hour the rate is (10 − 2)/(10 − 1) of the average,
// 3.9 MB × 8/9 / 36,000 s = 96.30 B/s (770.37 bit/s). Servers first: the mailbox moves
// the first night; the install follows 14 days later, at 13:00 on day 14 (one install a
// day, spread). Its sync — 70 MB + the 14 MB OAB over the WAN-down, which the user's own
// steady reservation shares — takes 84e6 × 8 / (2e6 − 770.37) = 336.129 s, during which
// the cached user is in the migration window: 336.129 × 96.30 = 32,368 B of
// steady_cached. After it the user is in its end state: the rest of day 14 (13:05:36 to
// 18:00, 17,663.87 s × 96.30 B/s = 170,103 B) and 11 whole working days up to the
// 30-day horizon (days 15–18, 21–25, 28, 29: 11 × 3.9 MB = 42.9 MB) go to
// end_state_wan_gigabytes, 43,070,103 B.
func TestSteadyAfterEndStateApart(t *testing.T) {
	s := tinySite("A", 1, 2*mbps, true, 100*mB)
	s.Mailbox.Traffic.Cached = 3.9 * mB
	sc := tinyScenario(s)
	sc.Mailbox = s.Mailbox
	sc.Rollout.Clients.UsersPerDay = 1
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
	sc.Horizon = 30 * day
	_, r := runWorld(t, sc, scenarios.ServersFirst)
	rate := 3.9 * mB * 8 / 9 / 36000         // B/s outside the peak hour
	syncS := 84 * mB * 8 / (2*mbps - rate*8) // s
	near(t, "steady_cached in the migration window (B)", r.WANGigabytesByClass["steady_cached"]*1e9, syncS*rate, 1)
	near(t, "end_state_wan_gigabytes (B)", r.EndStateWANGigabytes*1e9, (5*hour-syncS)*rate+11*3.9*mB, 1)
}

// The steady profile's prefix (profilePrefix, O(1)) agrees with integrating the profile
// piece by piece (profileIntegral) over arbitrary spans, including weekends, the peak
// hour and partial days.
func TestProfilePrefixMatchesIntegral(t *testing.T) {
	sc := tinyScenario(tinySite("A", 1, 2*mbps, true, 100*mB))
	w, err := newWorld(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, span := range [][2]float64{{0, 9.5 * hour}, {8.5 * hour, 9.25 * hour}, {3*day + 17*hour, 9*day + 1*hour},
		{0.3 * day, 0.7 * day}, {5 * day, 7 * day}, {0, 30 * day}} {
		ia, ib := w.profileIntegral(span[0], span[1])
		a0, b0 := w.cal.profilePrefix(span[0])
		a1, b1 := w.cal.profilePrefix(span[1])
		near(t, "A part", (a1-a0)*w.cal.dayLen, ia*w.cal.dayLen, 1e-6)
		near(t, "B part", (b1-b0)*w.cal.dayLen, ib*w.cal.dayLen, 1e-6)
	}
}

// An in-place upgrade: the 2003 server stands on the site's LAN. Clients first, 10
// cached users sync their OSTs (and the 20 MB OAB) from the local 5.5 server; their moves
// to the 2003 server stay in the building and are not cross-site, so the kept OSTs
// download no second OAB: the LAN carries 10 × 20 MB = 200 MB of OAB, not 400 MB, and no
// path crosses the WAN (0 bytes on the site's WAN and the datacenter link). With the
// 2003 server in the datacenter every kept-OST user downloads the OAB again after the
// move: 10 × 20 MB × 0.7 = 140 MB more on the LAN.
func TestInPlaceUpgradeStaysOnTheLAN(t *testing.T) {
	sc := tinyScenario(tinySite("A", 10, 1.544*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 10
	sc.Datacenter.Servers[0].Site = "A"
	// the adapter rule: the T1 path to the datacenter stays on full sync
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
	w, r := runWorld(t, sc, scenarios.ClientsFirst)
	if !r.Finished {
		t.Fatal("not finished")
	}
	lan := resByName(t, w, "A/LAN")
	near(t, "LAN oab bytes", w.net.Bytes(lan, w.cls[clsOAB]), 10*20*mB, 1e-3)
	near(t, "wan_gigabytes", r.WANGigabytes, 0, 1e-12)
	for res := range w.resName {
		if w.resWAN[res] {
			for c := 0; c < numClasses-1; c++ {
				if b := w.net.Bytes(sim.ResourceID(res), w.cls[c]); b != 0 {
					t.Errorf("%s carries %v bytes of %s", w.resName[res], b, Classes[c])
				}
			}
		}
	}
	sc.Datacenter.Servers[0].Site = ""
	w, _ = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "LAN oab bytes, 2003 in the datacenter", w.net.Bytes(resByName(t, w, "A/LAN"), w.cls[clsOAB]), 10*20*mB+10*14*mB, 1e-3)
}

// Per-site results sum to the totals: for every built-in, both orderings, every
// additive per-site metric summed over the sites equals the total (the link figures
// with the datacenter link's part); every site's users are counted, and a site's phase
// dates are ordered (start ≤ end).
func TestSitesSumToTotals(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		sc, err := scenarios.Load(b.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orderings {
			r, err := Run(sc, o, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Sites) != len(sc.Sites) {
				t.Fatalf("%s %s: %d site rows for %d sites", b.Name, o, len(r.Sites), len(sc.Sites))
			}
			users := 0
			for i, s := range r.Sites {
				users += s.Users
				if s.Name != sc.Sites[i].Name || s.Users != sc.Sites[i].Users {
					t.Errorf("%s: row %d is %s with %d users", b.Name, i, s.Name, s.Users)
				}
				p := s.Phases
				if p.ClientsStartDays > p.ClientsEndDays || p.MovesStartDays > p.MovesEndDays {
					t.Errorf("%s %s %s: phases out of order %+v", b.Name, o, s.Name, p)
				}
			}
			for _, d := range SiteMetrics() {
				if !d.Additive {
					continue
				}
				var sum float64
				for i := range r.Sites {
					sum += r.Sites[i].Value(d.ID)
				}
				if d.ID == MetricSaturatedLinkHours {
					sum += r.DatacenterLink.SaturatedHours
				}
				if tot := r.Value(d.ID); math.Abs(sum-tot) > 1e-9*math.Max(1, math.Abs(tot)) {
					t.Errorf("%s %s: %s sums over sites to %v, total %v", b.Name, o, d.Key, sum, tot)
				}
			}
			peak := r.DatacenterLink.PeakUtilization
			for i := range r.Sites {
				peak = math.Max(peak, r.Sites[i].PeakLinkUtilization)
			}
			if peak != r.PeakLinkUtilization {
				t.Errorf("%s %s: peak link utilization over sites and datacenter %v, total %v", b.Name, o, peak, r.PeakLinkUtilization)
			}
		}
	}
}

// The datacenter link fails too. Servers first, 4 users of site A (10 Mbps WAN) are
// moved in the first night; their old clients then work online against the 2003 server
// across the WAN and the datacenter link. One datacenter-link outage of exactly 1 h at
// Tuesday 12:00 blocks them for 1 h + the 2 min reconnect penalty: 4 × 3,720 s =
// 4.1333 user-hours of wan_outage (the end state, cached with disconnected_share 0, costs
// nothing in it). The process draws from its own stream, so both orderings see the same
// outages; remote users' access links get theirs likewise.
func TestDatacenterAndAccessOutages(t *testing.T) {
	s := tinySite("A", 4, 10*mbps, true, 10*mB)
	sc := tinyScenario(s)
	sc.Rollout.Clients.UsersPerDay = 4
	sc.Horizon = 10 * day
	sc.Datacenter.Outages = scenarios.Outage{MTBF: 1e12, Duration: scenarios.DurationDist{Kind: scenarios.DistLognormal, Median: hour, P95: hour}}
	w, err := newWorld(sc, scenarios.ServersFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.eng.At(sim.Time(day+12*hour), w.hOutStart, procOf(t, w, causeWAN))
	w.run()
	r := w.result()
	near(t, "blocked wan_outage user-hours", r.BlockedUserHoursByCause["wan_outage"], 4*3720/3600.0, 1e-9)
	if r.WANOutages != 1 {
		t.Errorf("wan_outages = %d, want 1 (the datacenter link's)", r.WANOutages)
	}

	// same streams in both orderings: datacenter link and access links
	ex := exampleScenario()
	ex.Horizon = 60 * day
	ex.Datacenter.Outages = lognormalOutage(10*day, hour, 4*hour)
	ex.Sites[0].RemoteUsers.Outages = lognormalOutage(20*day, hour, 8*hour)
	var n [2]int
	for i, o := range orderings {
		r, err := Run(ex, o, 0)
		if err != nil {
			t.Fatal(err)
		}
		n[i] = r.WANOutages
	}
	base := exampleScenario()
	base.Horizon = 60 * day
	r0, err := Run(base, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n[0] != n[1] || n[0] <= r0.WANOutages {
		t.Errorf("wan_outages clients-first %d, servers-first %d, without the new processes %d: want equal and more", n[0], n[1], r0.WANOutages)
	}
}
