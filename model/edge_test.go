package model

import (
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// Unusual but valid scenarios run without panic and keep the invariants.
func TestEdgeScenarios(t *testing.T) {
	cases := map[string]func(sc *scenarios.Scenario){
		"one-hour horizon":   func(sc *scenarios.Scenario) { sc.Horizon = hour; sc.Simulation.Bucket = 7 * 60 },
		"no cached mode":     func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.CachedMode = false },
		"ost resync":         func(sc *scenarios.Scenario) { sc.Rollout.OSTAfterMove = scenarios.OSTResync },
		"moves resume":       func(sc *scenarios.Scenario) { sc.Rollout.Moves.OnFailure = scenarios.OnFailureResume },
		"sync resumes on 55": func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.ResumeNeeds2003 = false },
		"adapter rule": func(sc *scenarios.Scenario) {
			sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
		},
		"header-only against 5.5": func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.HeaderOnlyNeeds2003 = false },
		"empty site":              func(sc *scenarios.Scenario) { sc.Sites[2].Users = 0 },
		"whole-day window":        func(sc *scenarios.Scenario) { sc.Rollout.Moves.Window = scenarios.Window{} },
		"no working days":         func(sc *scenarios.Scenario) { sc.Calendar.WorkingDays = [7]bool{} },
		"zero traffic and OAB": func(sc *scenarios.Scenario) {
			for i := range sc.Sites {
				sc.Sites[i].Mailbox.Traffic = scenarios.Traffic{PeakFactor: 1}
			}
			sc.Clients.Outlook2003.OABSize = 0
		},
		"huge waves":      func(sc *scenarios.Scenario) { sc.Rollout.Clients.UsersPerDay = 100000 },
		"usable at once":  func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.UsableFraction = 0 },
		"usable at end":   func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.UsableFraction = 1 },
		"combined office": func(sc *scenarios.Scenario) { sc.Costs.OfficeDeployment = scenarios.OfficeCombined },
		"overloaded 2003": func(sc *scenarios.Scenario) { sc.Servers.Exchange2003.DiskIOPSPerUser = 0.5 },
		"no actions":      func(sc *scenarios.Scenario) { sc.Clients.Online.ActionsPerDay = 0 },
		"one sync a server": func(sc *scenarios.Scenario) {
			sc.Servers.Exchange55.ConcurrentSyncs = 1
			sc.Servers.Exchange2003.ConcurrentSyncs = 1
		},
		"short horizon 5d": func(sc *scenarios.Scenario) { sc.Horizon = 5 * day },
	}
	for name, f := range cases {
		sc := exampleScenario()
		sc.Horizon = 60 * day
		f(sc)
		for _, o := range orderings {
			r, err := Run(sc, o, 3)
			if err != nil {
				t.Fatalf("%s %s: %v", name, o, err)
			}
			checkInvariants(t, name+" "+string(o), sc, r)
		}
	}
}

// Scenario values at the edge of what a file may say, loaded the way a user's file is
// (built-in + --set), run without error or panic, keep the invariants (no NaN, Inf or
// negative scalar) and give the values that can be worked out: a run that cannot
// finish reports the horizon as its end and progress below 1.
func TestEdgeScenarioValues(t *testing.T) {
	cases := []struct {
		base     string
		sets     []string
		finished bool    // in both orderings
		endDays  float64 // migration_end_days when not finished (the horizon)
	}{
		{"single-site", []string{"sites.Office.users=1"}, true, 0},
		{"single-site", []string{"sites.Office.users=1", "rollout.clients.users_per_day=1000"}, true, 0},
		{"single-site", []string{"rollout.clients.users_per_day=1000"}, true, 0},
		{"single-site", []string{"horizon=1h"}, false, 1.0 / 24},
		{"single-site", []string{"horizon=1s"}, false, 1.0 / 86400},
		{"single-site", []string{"calendar.working_hours.start=00:00", "calendar.working_hours.end=24:00"}, true, 0},
		{"single-site", []string{"calendar.working_days=[sun]"}, true, 0},
		{"single-site", []string{"rollout.moves.window.start=00:00", "rollout.moves.window.end=24:00"}, true, 0},
		{"single-site", []string{"servers.exchange55.outages=off", "servers.exchange2003.outages=off"}, true, 0},
		{"single-site", []string{"mailbox.traffic_per_day.online=0B", "mailbox.traffic_per_day.cached=0B"}, true, 0},
		{"single-site", []string{"mailbox.size.median=0B", "mailbox.size.p95=0B", "clients.outlook2003.oab_size=0B"}, true, 0},
		{"single-site", []string{"simulation.bucket=200d"}, true, 0},
		{"single-site", []string{"rollout.gap=0s"}, true, 0},
		{"single-site", []string{"rollout.clients.start=200d"}, false, 120},
		{"single-site", []string{"clients.outlook2003.slow_link.threshold=0bps"}, true, 0},
		// up ~1 s between outages of ~1 h: no sync or move against 5.5 ever finishes
		{"single-site", []string{"servers.exchange55.outages.mtbf=1s"}, false, 120},
		{"single-site", []string{"servers.exchange55.rpc_latency=10s", "servers.exchange2003.disk_iops_per_user=0.001"}, true, 0},
		{"branch-consolidation", []string{"horizon=1h"}, false, 1.0 / 24},
		{"branch-consolidation", []string{"datacenter.servers=[{name: ONLY, throughput: 1Gbps, concurrent_moves: 1}]"}, true, 0},
		{"branch-consolidation", []string{"sites.*.remote_users.count=0", "sites.*.users=1"}, true, 0},
		{"slow-branches", []string{"rollout.moves.rate_per_move=1B/h"}, false, 365},
	}
	for _, c := range cases {
		name := c.base + " " + strings.Join(c.sets, " ")
		sc, err := scenarios.Load(c.base, c.sets)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, o := range orderings {
			r, err := Run(sc, o, 0)
			if err != nil {
				t.Fatalf("%s %s: %v", name, o, err)
			}
			checkInvariants(t, name+" "+string(o), sc, r)
			if r.Finished != c.finished {
				t.Errorf("%s %s: finished %v, want %v (end %v d, progress %v)", name, o, r.Finished, c.finished, r.MigrationEndDays, r.ProgressFraction)
			}
			if !c.finished && r.MigrationEndDays != c.endDays {
				t.Errorf("%s %s: migration_end_days %v, want the horizon %v", name, o, r.MigrationEndDays, c.endDays)
			}
			if c.finished && !(r.MigrationEndDays > 0 && r.MigrationEndDays <= sc.Horizon.Seconds()/86400 && r.ProgressFraction == 1) {
				t.Errorf("%s %s: finished with end %v d, progress %v", name, o, r.MigrationEndDays, r.ProgressFraction)
			}
		}
	}
}
