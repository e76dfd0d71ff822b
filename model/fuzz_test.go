package model

import (
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// fuzzScenario is a small scenario touching every section (two sites, a remote user,
// blips, a wrapping move window, costs), short enough that one run takes milliseconds.
const fuzzScenario = `name: f
horizon: 20d
calendar: {working_hours: {start: "08:00", end: "18:00"}, working_days: [mon, tue, wed, thu, fri]}
mailbox: {size: {median: 10MB, p95: 50MB}, traffic_per_day: {online: 8MB, cached: 4MB, peak_factor: 2}}
servers: {exchange55: {outages: {mtbf: 5d, duration: {median: 1h, p95: 4h}}, rpc_latency: 50ms}, exchange2003: {outages: {mtbf: 9d, duration: 1h}}}
datacenter: {link: {down: 2Mbps, up: 2Mbps}, servers: [{name: X, throughput: 2GB/h}, {name: Y}]}
site_defaults: {outages: {wan: {mtbf: 7d, duration: {median: 30m, p95: 2h}}, blips: {mtbf: 1d, duration: {min: 1s, max: 9s}}}}
sites:
  - {name: A, users: 9, wan: {down: 1544kbps, up: 1544kbps}, remote_users: {count: 2}}
  - {name: B, users: 3, wan: {down: 512kbps, up: 512kbps}, local_server: false, served_by: A}
rollout: {gap: 1d, clients: {users_per_day: 5}, moves: {window: {start: "19:00", end: "07:00"}}}
simulation: {replications: 1, seed: 7, bucket: 1h}
costs: {user_hour: 10}
`

// FuzzRun runs both orderings of a small scenario with one arbitrary --set override:
// whatever the scenarios package accepts must run without error or panic and keep the
// invariants (no NaN, Inf or negative scalar; causes sum to totals; users conserved).
// Overrides that make a run large (many users or buckets) are skipped to keep it fast.
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"sites.B.users=1", "horizon=1s", "horizon=1h", "rollout.clients.users_per_day=1000",
		"calendar.working_hours.end=24:00", "rollout.moves.window.end=19:01",
		"servers.exchange55.outages=off", "sites.A.wan.down=1bps", "mailbox.size.p95=10MB",
		"rollout.orderings=[servers-first]", "clients.outlook2003.cached_mode=false",
		"rollout.ost_after_move=resync", "rollout.moves.on_failure=resume",
		"site_defaults.outages.blips.mtbf=1s", "clients.outlook2003.usable_fraction=0",
		"mailbox.traffic_per_day.online=0B", "datacenter.link.background=0.999",
	} {
		if _, err := scenarios.Parse("fuzz.yaml", []byte(fuzzScenario), []string{s}); err != nil {
			f.Fatalf("seed --set %s: %v", s, err)
		}
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		sc, err := scenarios.Parse("fuzz.yaml", []byte(fuzzScenario), []string{set})
		if err != nil {
			return
		}
		users := 0
		for _, s := range sc.Sites {
			users += s.Users
		}
		if users > 200 || sc.Horizon.Seconds()/sc.Simulation.Bucket.Seconds() > 2000 || sc.Horizon.Seconds() > 100*day {
			return
		}
		for _, o := range sc.Rollout.Orderings {
			r, err := Run(sc, o, 0)
			if err != nil {
				t.Fatalf("--set %s, %s: %v", set, o, err)
			}
			checkInvariants(t, "--set "+set+" "+string(o), sc, r)
		}
	})
}
