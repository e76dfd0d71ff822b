package model

import (
	"testing"

	"rollout/scenarios"
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
