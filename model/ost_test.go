package model

import (
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// The ANSI limit: a 1.5 GB mailbox synced against its 5.5 server makes an ANSI OST of
// 1.5 GB × 1.5 = 2.25 GB > 2 GB, so the sync stops at the limit, 2 GB / 1.5 =
// 1.3333 GB of mailbox, and the user is reported as hitting it (users_ost_limit = 1).
// A 1.2 GB mailbox (1.8 GB of OST) fits: synced in full, not reported. Servers first,
// the same 1.5 GB user syncs a Unicode OST against 2003 and never hits the limit.
func TestANSIOSTLimit(t *testing.T) {
	sc := tinyScenario(tinySite("A", 1, 1.544*mbps, true, 1.5*gB))
	sc.Rollout.Clients.UsersPerDay = 1
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
	sc.Horizon = 2 * day
	w, r := runWorld(t, sc, scenarios.ClientsFirst)
	if r.UsersOSTLimit != 1 {
		t.Errorf("users_ost_limit = %d, want 1", r.UsersOSTLimit)
	}
	near(t, "LAN initial_sync bytes (capped)", w.net.Bytes(resByName(t, w, "A/LAN"), w.cls[clsInitialSync]), 2*gB/1.5, 1)

	sc.Sites[0].Mailbox.Size = scenarios.SizeDist{Median: 1.2 * gB, P95: 1.2 * gB}
	w, r = runWorld(t, sc, scenarios.ClientsFirst)
	if r.UsersOSTLimit != 0 {
		t.Errorf("1.2 GB mailbox: users_ost_limit = %d, want 0", r.UsersOSTLimit)
	}
	near(t, "LAN initial_sync bytes (1.2 GB)", w.net.Bytes(resByName(t, w, "A/LAN"), w.cls[clsInitialSync]), 1.2*gB, 1)

	sc.Sites[0].Mailbox.Size = scenarios.SizeDist{Median: 1.5 * gB, P95: 1.5 * gB}
	sc.Horizon = 30 * day
	if _, r = runWorld(t, sc, scenarios.ServersFirst); r.UsersOSTLimit != 0 {
		t.Errorf("servers-first: users_ost_limit = %d, want 0 (a Unicode OST against 2003)", r.UsersOSTLimit)
	}
}

// A Unicode-forcing policy (ost_format: unicode, KB 841207): every moved cached user
// rebuilds its OST in full. Clients first, 10 users of 100 MB sync from their local
// 5.5 server (LAN only), then move to the 2003 server in the datacenter behind the
// site's T1 (adapter rule: full sync). Kept ANSI OSTs (keep) download only the OAB
// across the WAN: 10 × 20 MB × 0.7 = 0.14 GB, no initial_sync. Unicode: each resyncs
// the mailbox and the OAB across the WAN: initial_sync 10 × 100 MB × 0.7 = 0.70 GB,
// OAB 0.14 GB.
func TestUnicodePolicyResyncsEveryMovedUser(t *testing.T) {
	sc := tinyScenario(tinySite("A", 10, 1.544*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 10
	sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
	_, r := runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "keep: WAN initial_sync GB", r.WANGigabytesByClass["initial_sync"], 0, 1e-12)
	near(t, "keep: WAN oab GB", r.WANGigabytesByClass["oab"], 0.14, 1e-9)
	sc.Clients.Outlook2003.OSTFormat = scenarios.OSTUnicode
	_, r = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "unicode: WAN initial_sync GB", r.WANGigabytesByClass["initial_sync"], 0.70, 1e-9)
	near(t, "unicode: WAN oab GB", r.WANGigabytesByClass["oab"], 0.14, 1e-9)
}

// An interrupted sync against 5.5 restarts the folder in progress, not the mailbox.
// One 100 MB user, sync_rate 1 GB/h (2.2222 Mbps: 277,778 B/s), installed at 13:00;
// the mailbox is 10 folders of 10 MB. Its 5.5 server fails at 13:00 + 200 s for exactly
// 1 h: by then usable (10 MB in 36 s) and 164 s into the rest, 45.56 MB: 55.56 MB done,
// 5 whole folders (50 MB) kept. After the outage the rest needs 90 − 40 = 50 MB, 180 s,
// then the 20 MB OAB, 72 s: synced 200 + 3,600 + 180 + 72 = 4,052 s after install.
// Restarting the mailbox: the whole 120 MB again, 432 s: 4,232 s.
func TestFolderRestartAgainst55(t *testing.T) {
	sc := tinyScenario(tinySite("A", 1, 1.544*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 1
	sc.Clients.Outlook2003.SyncRate = 1 * gB * 8 / hour
	sc.Clients.Outlook2003.SyncFolders = 10
	sc.Servers.Exchange55.Outages = scenarios.Outage{MTBF: 1e12, Duration: scenarios.DurationDist{Kind: scenarios.DistLognormal, Median: hour, P95: hour}}
	sc.Horizon = 2 * day
	for _, c := range []struct {
		unit   string
		synced float64
	}{{scenarios.RestartFolder, 4052}, {scenarios.RestartMailbox, 4232}} {
		sc.Clients.Outlook2003.RestartUnit = c.unit
		w, err := newWorld(sc, scenarios.ClientsFirst, 0)
		if err != nil {
			t.Fatal(err)
		}
		w.eng.At(sim.Time(13*hour+200), w.hOutStart, procOf(t, w, causeServer))
		w.run()
		r := w.result()
		near(t, c.unit+": time to synced (s)", r.TimeToSyncedHours.P50*3600, c.synced, 1e-6)
	}
}

// Reused and pre-seeded OSTs sync only the delta (5 %), and the OAB follows the
// recipients. 10 users of 100 MB at a site with a local 5.5 server, clients first:
// every user reusing an offline-folders OST (existing_ost_share 1) brings 5 MB up to
// date: 10 × 5 MB = 50 MB of initial_sync on the LAN; pre-seeding the site does the
// same. OAB "auto": 1 MB per 1,000 recipients, 10 users = 10 KB each, 100 KB in all.
func TestReusedAndPreseededOSTs(t *testing.T) {
	sc := tinyScenario(tinySite("A", 10, 1.544*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 10
	sc.Clients.Outlook2003.ExistingOSTDelta = 0.05
	sc.Clients.Outlook2003.OABAuto = true
	sc.Clients.Outlook2003.OABPer1000Recipients = 1 * mB
	sc.Horizon = 2 * day
	w, _ := runWorld(t, sc, scenarios.ClientsFirst)
	lan := resByName(t, w, "A/LAN")
	near(t, "no reuse: initial_sync bytes", w.net.Bytes(lan, w.cls[clsInitialSync]), 10*100*mB, 1)
	near(t, "OAB bytes (auto)", w.net.Bytes(lan, w.cls[clsOAB]), 10*10*kB, 1e-3)
	sc.Clients.Outlook2003.ExistingOSTShare = 1
	w, _ = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "reused OSTs: initial_sync bytes", w.net.Bytes(resByName(t, w, "A/LAN"), w.cls[clsInitialSync]), 10*5*mB, 1e-3)
	sc.Clients.Outlook2003.ExistingOSTShare = 0
	sc.Rollout.Preseed = []string{"A"}
	w, _ = runWorld(t, sc, scenarios.ClientsFirst)
	near(t, "pre-seeded: initial_sync bytes", w.net.Bytes(resByName(t, w, "A/LAN"), w.cls[clsInitialSync]), 10*5*mB, 1e-3)
}
