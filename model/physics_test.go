package model

import (
	"math"
	"testing"
)

func nearRel(got, want, relTol float64) bool {
	if want == 0 {
		return math.Abs(got) <= relTol
	}
	return math.Abs(got-want) <= relTol*math.Abs(want)
}

// An online-mode action on a T1 shared with three initial syncs.
//
//	T1 1.544 Mbps; background 30 % = 0.4632 Mbps; steady online traffic 0.2 Mbps:
//	free = 1.544 − 0.6632 = 0.8808 Mbps; three syncs fill it (elastic 0.8808 Mbps):
//	share = max(0.8808 / (1 + 3), 0.8808 − 0.8808) = 0.2202 Mbps.
//	bytes per action = 8.1 MB / 160 actions = 50,625 B = 405,000 bits → 1.83924 s.
//	round trips: 5 × (RTT 2 × 30 ms + RPC 10 ms) = 0.35 s. Action 2.18924 s.
//	Wait: 2.18924 − 1 s accepted = 1.18924 s (below the 5 s hang threshold).
//	16 actions per working hour (160 over 10 h): 19.0279 s per hour → r = 0.0052855.
func TestActionOnSharedLink(t *testing.T) {
	share := pathShareBps(1.544e6, 0.4632e6+0.2e6, 0.8808e6, 3)
	if !nearRel(share, 0.2202e6, 1e-9) {
		t.Fatalf("share %v bit/s, want 220,200", share)
	}
	act := actionSeconds(5, 0.060, 0.010, 8.1e6/160, share)
	if !nearRel(act, 0.35+405000/0.2202e6, 1e-12) || !nearRel(act, 2.18924, 1e-5) {
		t.Fatalf("action %v s, want 2.18924", act)
	}
	w := waitSeconds(act, 1, 5)
	r := waitRate(16.0/3600, w)
	if !nearRel(w, 1.18924, 1e-5) || !nearRel(r, 16*1.18924/3600, 1e-5) {
		t.Errorf("wait %v s, rate %v; want 1.18924 s, 0.0052855", w, r)
	}
	// Unused capacity is never taken away: one capped sync of 0.1 Mbps on the same
	// link leaves 0.7808 Mbps, more than the fair half (0.4404).
	if s := pathShareBps(1.544e6, 0.6632e6, 0.1e6, 1); !nearRel(s, 0.7808e6, 1e-9) {
		t.Errorf("share beside a capped flow %v, want 780,800", s)
	}
	// A link fully reserved (or in an outage) gives nothing: an action with bytes never ends.
	if s := pathShareBps(1e6, 1.2e6, 0, 0); s != 0 || !math.IsInf(actionSeconds(5, 0, 0, 1, s), 1) {
		t.Errorf("saturated link: share %v", s)
	}
}

// The hang rule: below the 5 s threshold only the time beyond the accepted 1 s counts;
// from 5 s on the user loses the whole action. The share of an hour is capped at 1.
func TestHangRule(t *testing.T) {
	for _, c := range []struct{ act, want float64 }{
		{0.8, 0},   // within what users accept
		{1.5, 0.5}, // 0.5 s beyond it
		{4.9, 3.9}, // 3.9 s beyond it, no hang yet
		{5, 5},     // the dialog: all 5 s
		{12, 12},   // a 12 s hang: all of it
	} {
		if got := waitSeconds(c.act, 1, 5); !nearRel(got, c.want, 1e-12) {
			t.Errorf("action %v s: wait %v s, want %v", c.act, got, c.want)
		}
	}
	// 16 actions an hour that each hang 300 s: 4,800 s of a 3,600 s hour → the whole hour.
	if r := waitRate(16.0/3600, 300); r != 1 {
		t.Errorf("rate %v, want 1 (capped)", r)
	}
	if r := waitRate(16.0/3600, math.Inf(1)); r != 1 {
		t.Errorf("endless action: rate %v, want 1", r)
	}
}

// A header-only user opens a body it has not got, over a 128 kbps access link.
//
//	item 75 KB × compression 0.7 = 52,500 B = 420,000 bits; access link 128 kbps with
//	its steady cached traffic 8 kbps reserved: share 120 kbps → 3.5 s.
//	round trips 5 × (RTT 2 × (200 + 2) ms + RPC 10 ms) = 5 × 0.414 = 2.07 s.
//	Fetch 5.57 s ≥ 5 s: the client hangs, the whole 5.57 s counts.
//	Half the 16 hourly actions open a body (body_fetch_share 0.5): 8 × 5.57 = 44.56 s
//	an hour → r = 0.012378.
func TestHeaderOnlyBodyFetch(t *testing.T) {
	share := pathShareBps(128e3, 8e3, 0, 0)
	act := actionSeconds(5, 2*0.202, 0.010, 75e3*0.7, share)
	if !nearRel(act, 5.57, 1e-9) {
		t.Fatalf("fetch %v s, want 5.57", act)
	}
	r := waitRate(0.5*16/3600, waitSeconds(act, 1, 5))
	if !nearRel(r, 44.56/3600, 1e-9) {
		t.Errorf("rate %v, want 0.012378", r)
	}
}

// RPC latency of a 5.5 server under a sync storm.
//
//	2,000 mailboxes; disk sized 1.5 IOPS per mailbox = 3,000 IOPS; users cause 0.75
//	each = 1,500 IOPS. Idle: 10 ms. No transfers: 10 ms × 3,000 / 1,500 = 20 ms
//	(ρ = 0.5: twice the idle latency). Nine syncs: share 1,500 / 10 = 150 IOPS →
//	10 ms × 3,000 / 150 = 200 ms. An online action on the LAN (5 round trips, 0 RTT,
//	50,625 B over 100 Mbps = 4.05 ms) then takes 1.00405 s: 4.05 ms beyond the
//	accepted 1 s. Users causing more IOPS than the disk gives wait without end.
func TestServerLatencyUnderSyncStorm(t *testing.T) {
	if got := serverRPCSeconds(0.010, 3000, 1500, 0); !nearRel(got, 0.020, 1e-12) {
		t.Errorf("steady: %v s, want 0.020", got)
	}
	rpc := serverRPCSeconds(0.010, 3000, 1500, 9)
	if !nearRel(rpc, 0.200, 1e-12) {
		t.Fatalf("storm: %v s, want 0.200", rpc)
	}
	act := actionSeconds(5, 0, rpc, 8.1e6/160, 100e6)
	if !nearRel(waitSeconds(act, 1, 5), 0.00405, 1e-9) {
		t.Errorf("wait %v s, want 0.00405", waitSeconds(act, 1, 5))
	}
	if got := serverRPCSeconds(0.010, 3000, 3100, 0); !math.IsInf(got, 1) {
		t.Errorf("overloaded disk: %v s, want +Inf", got)
	}
}

// Only what the ordering changes counts: max(0, r − r_end).
//
//	An online user blocked by a WAN outage whose end state (cached, over the same WAN)
//	is disconnected at that moment (disconnected_share 0.1): 1 − 0.1 = 0.9.
//	A cached user on its local 5.5 server (r = 0) during the same outage: its end
//	state would be disconnected (0.1), but it is better off now: 0, never negative.
//	A header-only user after the migration, on the end path with the end network:
//	r = r_end → 0.
func TestExcessOverEndState(t *testing.T) {
	if got := excess(1, 0.1); !nearRel(got, 0.9, 1e-12) {
		t.Errorf("blocked in an outage of the end path: %v, want 0.9", got)
	}
	if got := excess(0, 0.1); got != 0 {
		t.Errorf("better than the end state: %v, want 0", got)
	}
	if got := excess(0.0123, 0.0123); got != 0 {
		t.Errorf("in the end state: %v, want 0", got)
	}
}

// Monotone in the network: a faster link, less latency or a lighter server never
// makes an action longer.
func TestPhysicsMonotone(t *testing.T) {
	prev := math.Inf(1)
	for _, c := range []float64{64e3, 128e3, 1.544e6, 9.9e6, 10e6, 20e6, 100e6} {
		act := actionSeconds(5, 0.06, serverRPCSeconds(0.01, 3000, 1500, 2), 50e3, pathShareBps(c, 0.3*c, 0.5*c, 2))
		if act > prev {
			t.Errorf("capacity %v: action %v s longer than %v s at a slower link", c, act, prev)
		}
		prev = act
	}
	if serverRPCSeconds(0.01, 3000, 1500, 3) < serverRPCSeconds(0.01, 3000, 1500, 2) {
		t.Error("more transfers made the server faster")
	}
}
