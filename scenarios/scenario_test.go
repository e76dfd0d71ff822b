package scenarios

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// base is the smallest valid scenario: one site, everything else defaulted.
const base = `name: t
sites:
  - name: A
    users: 10
    wan: {down: 1Mbps, up: 1Mbps}
`

// TestBadInputs: one row per mistake, with the exact messages (every problem in
// the file, in source order). Columns point at the offending value.
func TestBadInputs(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{base + "horizon: 0d\n",
			"t.yaml:6:10: horizon: 0s is not allowed (horizon must be > 0 and at most 36500d, e.g. 240d)"},
		{base + "colour: red\n",
			"t.yaml:6:1: colour: unknown key \"colour\" (valid keys here: name, description, start, horizon, calendar, mailbox, clients, servers, datacenter, site_defaults, sites, rollout, simulation, decision, costs)"},
		{base + "calendar: {working_hours: {start: \"18:00\", end: \"08:00\"}}\n",
			"t.yaml:6:49: calendar.working_hours.end: 08:00 is not after start 18:00 (working hours lie within one day)"},
		{base + "calendar: {working_days: [mon, mon, funday]}\n",
			"t.yaml:6:32: calendar.working_days[1]: mon is listed twice (each day once)\nt.yaml:6:37: calendar.working_days[2]: \"funday\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)"},
		{base + "mailbox: {size: {median: 500MB, p95: 100MB}}\n",
			"t.yaml:6:38: mailbox.size.p95: 100MB is below the median 500MB (p95 ≥ median; equal means a fixed size)"},
		{base + "mailbox: {size: {median: 0B, p95: 100MB}}\n",
			"t.yaml:6:26: mailbox.size.median: 0B is not allowed (a lognormal needs median > 0; for a fixed size give median = p95)"},
		{base + "mailbox: {size: 0B, traffic_per_day: {online: 0B, cached: 0B, peak_factor: 0.5}}\n",
			"t.yaml:6:76: mailbox.traffic_per_day.peak_factor: 0.5 is not allowed (peak_factor ≥ 1: the peak hour carries at least the average)"},
		{base + "site_defaults: {wan: {background: 1}, outages: {wan: {mtbf: 30d, duration: {median: 1h, p95: 30m}}, blips: {mtbf: 1d, duration: {min: 1m, max: 5s}}}}\n",
			"t.yaml:6:35: site_defaults.wan.background: 1 is not allowed (background utilization must be in [0, 1), e.g. 0.3)\nt.yaml:6:94: site_defaults.outages.wan.duration.p95: 30m is below the median 1h (p95 ≥ median; equal means a fixed value)\nt.yaml:6:144: site_defaults.outages.blips.duration.max: 5s is not allowed (max ≥ min 1m and > 0)"},
		{base + "site_defaults: {outages: {wan: offf, blips: {mtbf: 1d, duration: {median: 1m, max: 5s}}}}\n",
			"t.yaml:6:32: site_defaults.outages.wan: \"offf\" is not allowed (off, or a process such as {mtbf: 30d, duration: {median: 30m, p95: 6h}})\nt.yaml:6:66: site_defaults.outages.blips.duration: mixes median/p95 with min/max (either {median, p95}: lognormal, or {min, max}: uniform)"},
		{base + "servers: {exchange55: {outages: off, disk_iops_per_user: 0}, exchange2003: {outages: {mtbf: 0d}}}\n",
			"t.yaml:6:58: servers.exchange55.disk_iops_per_user: 0 is not allowed (disk IOPS per mailbox: from 0.001 to 1000)\nt.yaml:6:93: servers.exchange2003.outages.mtbf: 0s is not allowed (must be > 0, e.g. 30m)"},
		// keys of earlier versions of the format say what replaces them, at their position
		{base + "servers: {exchange55: {slow_fraction: 0.25, load_threshold: 0.8}}\n",
			"t.yaml:6:24: servers.exchange55.slow_fraction: was removed: a slow server is described by servers.exchange55.rpc_latency and disk_iops_per_user, which online users pay on every round trip\n" +
				"t.yaml:6:45: servers.exchange55.load_threshold: was removed: server load now stretches RPC latency through the disk share (servers.exchange55.disk_iops_per_user, iops_per_user)"},
		{base + "clients: {online: {degraded_latency: 150ms, hang_threshold: 0.5s}}\n",
			"t.yaml:6:20: clients.online.degraded_latency: was removed: an online-mode action now waits round_trips_per_action × the path's round-trip time, so latency counts continuously (see clients.online)\n" +
				"t.yaml:6:61: clients.online.hang_threshold: 500ms is shorter than accepted_response 1s (a hang is an action far beyond what users accept)"},
		{base + "  - name: A\n    users: 0\n    wan: {down: 0bps, up: 1Mbps, latency: 1h}\n    local_server: false\n",
			"t.yaml:6:11: sites.A.name: \"A\" is used twice (site names are unique; first at t.yaml:3:11)\nt.yaml:7:12: sites.A.users: 0 is not allowed (users at the site: a whole number from 1 to 10000000)\nt.yaml:8:17: sites.A.wan.down: 0bps is not allowed (a capacity must be > 0, e.g. 1.544Mbps)"},
		{base + "  - name: B\n    users: 5\n    wan: {down: 1Mbps, up: 1Mbps}\n    local_server: false\n    served_by: C\n",
			"t.yaml:10:16: sites.B.served_by: no site named \"C\" (one of: A, B)"},
		{base + "  - name: B\n    users: 5\n    wan: {down: 1Mbps, up: 1Mbps}\n    local_server: false\n  - name: C\n    users: 5\n    wan: {down: 1Mbps, up: 1Mbps}\n    local_server: false\n    served_by: B\n",
			"t.yaml:14:16: sites.C.served_by: site \"B\" has no local server (served_by names a site with local_server: true)"},
		{base + "    local_server: false\n",
			"t.yaml:3:5: sites.A.served_by: no site has a local server to serve this site (rule: a site without a local server is served by the first site with local_server: true, or the one named in served_by)"},
		{"name: t\nsites:\n  - name: A\n    users: 10\n    wan: {up: 1Mbps}\n    served_by: A2\n    remote_users: {count: 11}\n",
			"t.yaml:5:10: sites.A.wan.down: missing (required, e.g. down: 1.544Mbps)\nt.yaml:6:16: sites.A.served_by: \"A2\" is not allowed: this site has local_server: true (not set here: site_defaults or the default) and is served by its own server (remove served_by, or set local_server: false)\nt.yaml:7:27: sites.A.remote_users.count: 11 exceeds the site's 10 users (remote users are counted within users)"},
		{"name: t\nsites:\n  - name: A\n    users: 10\n    wan: {down: 1Mbps, up: 1Mbps}\n    local_server: true\n    served_by: A2\n",
			"t.yaml:7:16: sites.A.served_by: \"A2\" is not allowed: this site has local_server: true and is served by its own server (remove served_by, or set local_server: false)"},
		{base + "rollout: {orderings: [servers-first, servers-first, both], site_order: [A, A]}\n",
			"t.yaml:6:38: rollout.orderings[1]: servers-first is listed twice (each ordering once)\nt.yaml:6:53: rollout.orderings[2]: \"both\" is not allowed (clients-first | servers-first)\nt.yaml:6:76: rollout.site_order[1]: \"A\" is listed twice (each site once)"},
		{base + "rollout: {servers_first_sites: [A, Leds, A]}\n",
			"t.yaml:6:36: rollout.servers_first_sites[1]: no site named \"Leds\" (one of: A)\nt.yaml:6:42: rollout.servers_first_sites[2]: \"A\" is listed twice (each site once)"},
		{base + "rollout: {orderings: [], moves: {window: {start: \"19:00\", end: \"19:00\"}, on_failure: retry}, ost_after_move: drop}\n",
			"t.yaml:6:22: rollout.orderings: is empty (at least one of clients-first, servers-first)\nt.yaml:6:64: rollout.moves.window.end: 19:00 equals start (the window would be empty; use start \"00:00\", end \"24:00\" for all day)\nt.yaml:6:86: rollout.moves.on_failure: \"retry\" is not allowed (restart | resume)\nt.yaml:6:110: rollout.ost_after_move: \"drop\" is not allowed (keep | resync)"},
		{base + "simulation: {replications: 0, seed: -1, bucket: 1s}\nhorizon: 240d\n",
			"t.yaml:6:28: simulation.replications: 0 is not allowed (replications: a whole number from 1 to 100000)\nt.yaml:6:37: simulation.seed: \"-1\" is not allowed (a whole number from 0 to 18446744073709551615)\nt.yaml:6:49: simulation.bucket: 1s is not allowed (at most 1000000 buckets over the horizon 240d)"},
		{base + "costs: {currency: GBP, user_hour: -35, office_deployment: both}\n",
			"t.yaml:6:35: costs.user_hour: -35 is not allowed (a cost must be ≥ 0)\nt.yaml:6:59: costs.office_deployment: \"both\" is not allowed (combined | separate)"},
		{base + "costs: {blocked_user_hour: 35}\n",
			"t.yaml:6:9: costs.blocked_user_hour: was renamed costs.user_hour: a cost per disruption user-hour (blocked, waiting or degraded)"},
		{base + "clients: {outlook2003: {slow_link: {threshold: 128, measured_on: nic}, cached_mode: yes, usable_fraction: 1.5}}\n",
			"t.yaml:6:48: clients.outlook2003.slow_link.threshold: rate needs a unit, e.g. 1.544Mbps\nt.yaml:6:66: clients.outlook2003.slow_link.measured_on: \"nic\" is not allowed (path | adapter)\nt.yaml:6:85: clients.outlook2003.cached_mode: \"yes\" is not allowed (true or false)\nt.yaml:6:107: clients.outlook2003.usable_fraction: fraction 1.5 is above 1 (must be between 0 and 1, e.g. 0.25)"},
		{base + "datacenter: {servers: [{name: X, throughput: 0bps}, {name: X, concurrent_moves: 0}]}\n",
			"t.yaml:6:46: datacenter.servers.X.throughput: 0bps is not allowed (a capacity must be > 0, e.g. 1.544Mbps)\nt.yaml:6:60: datacenter.servers.X.name: \"X\" is used twice (server names are unique; first at t.yaml:6:31)\nt.yaml:6:81: datacenter.servers.X.concurrent_moves: 0 is not allowed (moves at once: a whole number from 1 to 1000)"},
		{base + "datacenter: {servers: []}\n",
			"t.yaml:6:23: datacenter.servers: is empty (at least one Exchange 2003 server, e.g. [{name: EX03-A}])"},
		{"- a\n- b\n",
			"t.yaml:1:1: a scenario is a mapping of keys such as name, sites and rollout, not a list (see 'rollout init')"},
		{"name: t\nsites: [\n",
			"t.yaml:2:8: YAML syntax error: sequence end token ']' not found"},
		{"name: t\nsites:\n  - name: A\n\tusers: 3\n",
			"t.yaml:4:1: YAML syntax error: a tab character (YAML indents with spaces only)"},
		{"",
			"t.yaml: the file is empty (a scenario is a mapping of keys such as name, sites, rollout; see 'rollout init')"},
		{"name: t\n",
			"t.yaml:1:1: sites: missing (required, e.g. sites: [{name: HQ, users: 1200, wan: {down: 10Mbps, up: 10Mbps}}])"},
		{base + "start: 2004-02-30\n",
			"t.yaml:6:8: start: \"2004-02-30\" is not a date YYYY-MM-DD (e.g. 2004-03-01)"},
		{base + "name: u\n",
			"t.yaml:6:1: YAML syntax error: key \"name\" is given twice (first at t.yaml:1:1)"},
		{base + "description:\n",
			"t.yaml:6:14: description: has no value (write a value after the colon, or remove the key)"},
		{base + "mailbox: {item_size: 75KB, header_size: {x: 1}}\n",
			"t.yaml:6:41: mailbox.header_size: is a mapping (a single value is needed here)"},
		{base + "decision: {degraded_weight: 0.25}\n",
			"t.yaml:6:12: decision.degraded_weight: was removed: disruption is now the share of each working hour a user waits, so degraded hours need no weight"},
		{base + "datacenter: {servers: [{name: EX03-A, site: Nowhere}]}\n",
			"t.yaml:6:45: datacenter.servers.EX03-A.site: \"Nowhere\" is not a site (the server stands at one of: A; leave site out for the datacenter)"},
		{base + "rollout: {clients: {install: gpo, logon_window: 0s}}\n",
			"t.yaml:6:30: rollout.clients.install: \"gpo\" is not allowed (logon | spread)\nt.yaml:6:49: rollout.clients.logon_window: 0s is not allowed (must be > 0, e.g. 1h)"},
		{base + "mailbox: {traffic_per_day: {peak_factor: 11}}\n",
			"t.yaml:6:42: mailbox.traffic_per_day.peak_factor: 11 is not allowed (peak_factor at most the 10 working hours per day, or the other hours would carry negative traffic)"},
	} {
		_, err := Parse("t.yaml", []byte(tc.src), nil)
		if err == nil {
			t.Errorf("no error for:\n%s", tc.src)
			continue
		}
		var el *ErrorList
		if !errors.As(err, &el) {
			t.Errorf("error is %T, want *ErrorList", err)
		}
		if err.Error() != tc.want {
			t.Errorf("for:\n%s\ngot:\n%s\nwant:\n%s", tc.src, err, tc.want)
		}
	}
}

func TestBuiltinsValidate(t *testing.T) {
	seen := map[string]bool{}
	for _, b := range Builtins() {
		if seen[b.Name] {
			t.Errorf("built-in %q listed twice", b.Name)
		}
		seen[b.Name] = true
		if len(b.Description) < 30 || strings.Contains(b.Description, "\n") {
			t.Errorf("%s: description %q is not one informative line", b.Name, b.Description)
		}
		sc, err := Load(b.Name, nil)
		if err != nil {
			t.Errorf("%s: %v", b.Name, err)
			continue
		}
		if sc.Name != b.Name {
			t.Errorf("built-in %q has name %q", b.Name, sc.Name)
		}
		if len(strings.TrimSpace(sc.Description)) < 80 {
			t.Errorf("%s: the file's description is too short to say what it shows", b.Name)
		}
	}
	if !seen[DefaultScenario] {
		t.Errorf("DefaultScenario %q is not a built-in", DefaultScenario)
	}
}

// The acceptance file: a typo'd key, a rate without a unit, a negative
// user count and an unknown site in site_order give exactly four positioned errors.
func TestAcceptanceFile(t *testing.T) {
	_, err := Load("testdata/acceptance.yaml", nil)
	want := `testdata/acceptance.yaml:69:5: sites.Leeds.usres: unknown key "usres" (did you mean "users"?)
testdata/acceptance.yaml:74:17: sites.Bristol.wan.down: rate needs a unit, e.g. 1.544Mbps
testdata/acceptance.yaml:77:12: sites.Glasgow.users: -150 is not allowed (users at the site: a whole number from 1 to 10000000)
testdata/acceptance.yaml:88:45: rollout.site_order[4]: no site named "Turro" (did you mean "Truro"?)`
	if err == nil || err.Error() != want {
		t.Fatalf("got:\n%v\nwant:\n%s", err, want)
	}
	if n := err.(*ErrorList).Len(); n != 4 {
		t.Errorf("%d errors, want 4", n)
	}
}

// TestExampleResolved checks values of the reference example after resolution,
// including the ones it inherits.
func TestExampleResolved(t *testing.T) {
	sc := MustLoad(DefaultScenario)
	if len(sc.Sites) != 5 || sc.Sites[4].Name != "Truro" {
		t.Fatalf("sites = %+v", sc.Sites)
	}
	truro, glasgow, hq := sc.Sites[4], sc.Sites[3], sc.Sites[0]
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("Truro.LocalServer", truro.LocalServer, false)
	check("Truro.ServedBy (first site with a local server)", truro.ServedBy, "HQ")
	check("HQ.ServedBy", hq.ServedBy, "HQ")
	check("Truro.WAN.Down", truro.WAN.Down, BitRate(256e3))
	check("Truro.LAN (site_defaults)", truro.LAN, BitRate(100e6))
	check("HQ.RemoteUsers", hq.RemoteUsers, RemoteUsers{Count: 60, Link: 128e3, Latency: 0.2, Outages: Outage{Off: true}})
	check("Truro.RemoteUsers.Count (default)", truro.RemoteUsers.Count, 0)
	check("Glasgow.Mailbox.Size (own)", glasgow.Mailbox.Size, SizeDist{Median: 150e6, P95: 900e6})
	check("Glasgow.Mailbox.ItemSize (organization)", glasgow.Mailbox.ItemSize, Bytes(75e3))
	check("Truro.Mailbox.Size (organization)", truro.Mailbox.Size, SizeDist{Median: 100e6, P95: 500e6})
	check("Truro.Outages.WAN", truro.Outages.WAN, Outage{MTBF: 30 * 86400, Duration: DurationDist{Kind: DistLognormal, Median: 1800, P95: 6 * 3600}})
	check("Truro.Outages.Blips", truro.Outages.Blips, Outage{MTBF: 2 * 86400, Duration: DurationDist{Kind: DistUniform, Min: 5, Max: 60}})
	check("Calendar", sc.Calendar, Calendar{WorkStart: 8 * 3600, WorkEnd: 18 * 3600, WorkingDays: [7]bool{false, true, true, true, true, true, false}})
	check("Start", sc.Start.Format("2006-01-02 15:04 MST"), "2004-03-01 00:00 UTC")
	check("Horizon", sc.Horizon, Duration(240*86400))
	// 2 GB/h = 2e9 B × 8 bit/B / 3600 s.
	check("RatePerMove", sc.Rollout.Moves.RatePerMove, BitRate(2e9*8/3600))
	check("Window", sc.Rollout.Moves.Window, Window{Start: 19 * 3600, End: 7 * 3600})
	check("SiteOrder", sc.Rollout.SiteOrder, []string{"HQ", "Leeds", "Bristol", "Glasgow", "Truro"})
	check("Orderings", sc.Rollout.Orderings, []Ordering{ClientsFirst, ServersFirst})
	check("Decision (default)", sc.Decision, Decision{MinRelativeDifference: 0.01, MinUserHours: 1})
	check("DiskIOPSPerUser (default)", sc.Servers.Exchange55.DiskIOPSPerUser, 1.5)
	check("Costs", *sc.Costs, Costs{Currency: "GBP", UserHour: 35, TrainingPerUser: 20, DeploymentPhase: 15000, OfficeDeployment: OfficeSeparate})
	check("Datacenter.Servers", sc.Datacenter.Servers, []Server{{"EX03-A", 400e6, 4, ""}, {"EX03-B", 400e6, 4, ""}})
	check("Simulation", sc.Simulation, Simulation{Replications: 30, Seed: 1, Bucket: 3600, SaturatedUtilization: 0.9})
	check("SlowLink", sc.Clients.Outlook2003.SlowLink, SlowLink{Threshold: 10e6, MeasuredOn: MeasuredOnPath})
	check("documented-slow-link SlowLink", MustLoad("documented-slow-link").Clients.Outlook2003.SlowLink, SlowLink{Threshold: 128e3, MeasuredOn: MeasuredOnAdapter})
}

// TestDefaultValues: a scenario that gives only its sites takes every
// other value of the defaults table (sourced or assumed).
func TestDefaultValues(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(base), nil)
	if err != nil {
		t.Fatal(err)
	}
	o := sc.Clients.Outlook2003
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"mailbox size", sc.Mailbox.Size, SizeDist{Median: 100e6, P95: 500e6}},
		{"traffic", sc.Mailbox.Traffic, Traffic{Online: 8.1e6, Cached: 3.9e6, PeakFactor: 2}},
		{"header size", sc.Mailbox.HeaderSize, Bytes(4e3)},
		{"slow link", o.SlowLink, SlowLink{Threshold: 10e6, MeasuredOn: MeasuredOnPath}},
		{"compression", o.CompressionWith2003, Fraction(0.7)},
		{"usable fraction", o.UsableFraction, Fraction(0.1)},
		{"OAB (from the recipients)", [2]any{o.OABAuto, o.OABPer1000Recipients}, [2]any{true, Bytes(1e6)}},
		{"OST reuse and restart", [4]any{o.RestartUnit, o.OSTFormat, o.ExistingOSTShare, sc.Rollout.PreseedRemote}, [4]any{RestartFolder, OSTKeepFormat, Fraction(0), false}},
		{"flags", [3]bool{o.CachedMode, o.HeaderOnlyNeeds2003, o.ResumeNeeds2003}, [3]bool{true, true, true}},
		{"online", sc.Clients.Online, OnlineClient{ReconnectPenalty: 120, ActionsPerDay: 160, RoundTripsPerAction: 5, AcceptedResponse: 1, HangThreshold: 5}},
		{"servers", sc.Servers.Exchange2003.RPCLatency, Duration(0.01)},
		{"sync", [3]float64{float64(o.SyncRate), float64(o.BodyFetchShare), float64(o.DisconnectedShare)}, [3]float64{1e9 * 8 / 3600, 0.5, 0.1}},
		// 30 min of unplanned downtime a month in outages of about an hour, for both generations.
		{"5.5 outages", sc.Servers.Exchange55.Outages, Outage{MTBF: 67 * 86400, Duration: DurationDist{Kind: DistLognormal, Median: 1800, P95: 4 * 3600}}},
		{"2003 outages", sc.Servers.Exchange2003.Outages, sc.Servers.Exchange55.Outages},
		{"moves", sc.Rollout.Moves, Moves{Window: Window{19 * 3600, 7 * 3600}, RatePerMove: 2e9 * 8 / 3600, OnFailure: OnFailureRestart}},
		{"concurrent moves", sc.Datacenter.Servers[0].ConcurrentMoves, 4},
		{"OST", sc.Rollout.OSTAfterMove, OSTKeep},
		{"site WAN background", sc.Sites[0].WAN.Background, Fraction(0.3)},
		{"site local server", sc.Sites[0].LocalServer, true},
		{"costs", sc.Costs, (*Costs)(nil)},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %+v, want %+v", c.what, c.got, c.want)
		}
	}
}

// TestInheritance: organization → site_defaults → site, key by key; a
// distribution or an outage switched off is replaced whole.
func TestInheritance(t *testing.T) {
	src := `name: t
mailbox: {item_size: 50KB, header_size: 2KB}
site_defaults:
  lan: 1Gbps
  mailbox: {item_size: 60KB}
  outages: {wan: {mtbf: 10d}}
sites:
  - name: A
    users: 10
    wan: {down: 1Mbps, up: 1Mbps}
  - name: B
    users: 10
    lan: 10Mbps
    wan: {down: 1Mbps, up: 1Mbps}
    mailbox: {item_size: 70KB, size: 1GB}
    outages: {wan: off, blips: {duration: {median: 10s, p95: 20s}}}
`
	sc, err := Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := sc.Sites[0], sc.Sites[1]
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"org item size", sc.Mailbox.ItemSize, Bytes(50e3)},
		{"A item size (site_defaults)", a.Mailbox.ItemSize, Bytes(60e3)},
		{"B item size (own)", b.Mailbox.ItemSize, Bytes(70e3)},
		{"A header size (organization)", a.Mailbox.HeaderSize, Bytes(2e3)},
		{"B size (fixed)", b.Mailbox.Size, SizeDist{Median: 1e9, P95: 1e9}},
		{"A size (default)", a.Mailbox.Size, SizeDist{Median: 100e6, P95: 500e6}},
		{"A lan", a.LAN, BitRate(1e9)},
		{"B lan", b.LAN, BitRate(10e6)},
		{"A wan outage: mtbf from site_defaults, duration from the defaults", a.Outages.WAN, Outage{MTBF: 10 * 86400, Duration: DurationDist{Kind: DistLognormal, Median: 1800, P95: 6 * 3600}}},
		{"B wan outage", b.Outages.WAN, Outage{Off: true}},
		{"B blips: duration replaced whole", b.Outages.Blips, Outage{MTBF: 2 * 86400, Duration: DurationDist{Kind: DistLognormal, Median: 10, P95: 20}}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %+v, want %+v", c.what, c.got, c.want)
		}
	}
}

func TestSetOverrides(t *testing.T) {
	sc, err := Load(DefaultScenario, []string{
		"sites.Leeds.wan.down=512kbps",
		"rollout.clients.users_per_day=300",
		"sites.*.wan.background=0.1",
		"sites.0.users=100",
		"servers.exchange55.outages=off",
		"site_defaults.outages.blips=off",
		"rollout.orderings=[servers-first]",
		"datacenter.servers.EX03-B.concurrent_moves=8",
		"clients.outlook2003.slow_link={threshold: 128kbps, measured_on: adapter}",
		"sites.Truro.mailbox.size={median: 1h, p95: 2h}=x", // '=' inside the value is the value's
	}[:9])
	if err != nil {
		t.Fatal(err)
	}
	leeds := sc.Sites[1]
	if leeds.WAN.Down != 512e3 || leeds.WAN.Up != 1.544e6 {
		t.Errorf("Leeds WAN = %v/%v, want 512kbps/1.544Mbps", leeds.WAN.Down, leeds.WAN.Up)
	}
	if sc.Rollout.Clients.UsersPerDay != 300 {
		t.Errorf("users_per_day = %d", sc.Rollout.Clients.UsersPerDay)
	}
	for _, s := range sc.Sites {
		if s.WAN.Background != 0.1 || !s.Outages.Blips.Off {
			t.Errorf("%s: background %v, blips %+v", s.Name, s.WAN.Background, s.Outages.Blips)
		}
	}
	if sc.Sites[0].Users != 100 || !sc.Servers.Exchange55.Outages.Off {
		t.Errorf("HQ users %d, 5.5 outages %+v", sc.Sites[0].Users, sc.Servers.Exchange55.Outages)
	}
	if !reflect.DeepEqual(sc.Rollout.Orderings, []Ordering{ServersFirst}) || sc.Datacenter.Servers[1].ConcurrentMoves != 8 || sc.Datacenter.Servers[0].ConcurrentMoves != 4 {
		t.Errorf("orderings %v, servers %+v", sc.Rollout.Orderings, sc.Datacenter.Servers)
	}
	if sc.Clients.Outlook2003.SlowLink != (SlowLink{128e3, MeasuredOnAdapter}) {
		t.Errorf("slow link %+v", sc.Clients.Outlook2003.SlowLink)
	}
	as := map[string]Assumption{}
	for _, a := range sc.Assumptions() {
		as[a.Path] = a
	}
	if a := as["sites.Leeds.wan.down"]; a.Source != "--set" || a.Value != "512kbps" || a.Default {
		t.Errorf("assumption for the override: %+v", a)
	}
}

// TestSetErrors: overrides are validated like the file; positions are
// --set:N:COL (the N-th --set, the column in PATH=VALUE).
func TestSetErrors(t *testing.T) {
	for _, tc := range []struct {
		sets []string
		want string
	}{
		{[]string{"sites.Leeds.wan.down=512"},
			"--set:1:22: sites.Leeds.wan.down: rate needs a unit, e.g. 1.544Mbps"},
		{[]string{"sites.Leeds.wan.dwn=512kbps"},
			"--set:1:1: sites.Leeds.wan.dwn: unknown path sites.Leeds.wan.dwn (did you mean sites.Leeds.wan.down?)"},
		{[]string{"rollout.clients.users_per_dya=300"},
			"--set:1:1: rollout.clients.users_per_dya: unknown path rollout.clients.users_per_dya (did you mean rollout.clients.users_per_day?)"},
		{[]string{"sitez.Leeds.users=3"},
			"--set:1:1: sitez: unknown path sitez.Leeds.users (did you mean sites.Leeds.users?)"},
		{[]string{"sites.Lids.users=3"},
			`--set:1:1: sites.Lids: no entry named "Lids" in sites (a name, an index 0–4, or * for all; did you mean "Leeds"?)`},
		{[]string{"sites.Zanzibar.users=3"},
			`--set:1:1: sites.Zanzibar: no entry named "Zanzibar" in sites (a name: HQ, Leeds, Bristol, Glasgow, Truro; an index 0–4; or * for all)`},
		{[]string{"servers.exchange55.outages.mtbf=7d"}, ""},
		{[]string{"rollout.gap"},
			`--set:1:1: "rollout.gap" needs the form PATH=VALUE (e.g. --set sites.Leeds.wan.down=512kbps)`},
		{[]string{"rollout.gap="},
			"--set:1:13: rollout.gap: has no value (e.g. --set rollout.gap=VALUE)"},
		{[]string{"rollout..gap=1d"},
			"--set:1:1: rollout..gap: is not a path (keys separated by dots, e.g. rollout.clients.users_per_day)"},
		{[]string{"rollout.gap.days=1"},
			"--set:1:1: rollout.gap: is a single value (14d); there is nothing inside it to set (rollout.gap.days)"},
		{[]string{"rollout.clients.users_per_day=300", "sites.HQ.users=-1"},
			"--set:2:16: sites.HQ.users: -1 is not allowed (users at the site: a whole number from 1 to 10000000)"},
		{[]string{"rollout.orderings=[a"},
			"--set:1:19: rollout.orderings: YAML syntax error: sequence end token ']' not found"},
	} {
		_, err := Load(DefaultScenario, tc.sets)
		if tc.want == "" && err == nil {
			continue
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("--set %q:\ngot:  %v\nwant: %s", tc.sets, err, tc.want)
		}
	}
}

// An override copies along its path: a value shared through a YAML alias changes
// only where the override points.
func TestSetDoesNotChangeAliases(t *testing.T) {
	src := `name: t
sites:
  - {name: A, users: 10, wan: &w {down: 1Mbps, up: 1Mbps}}
  - {name: B, users: 10, wan: *w}
`
	sc, err := Parse("t.yaml", []byte(src), []string{"sites.A.wan.down=2Mbps"})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Sites[0].WAN.Down != 2e6 || sc.Sites[1].WAN.Down != 1e6 {
		t.Errorf("A %v, B %v; want 2Mbps, 1Mbps", sc.Sites[0].WAN.Down, sc.Sites[1].WAN.Down)
	}
}

// Nested aliases that would expand to billions of values are refused at once.
func TestAliasBombIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	_, err := Parse("bomb.yaml", []byte(b.String()), nil)
	if err == nil || !strings.Contains(err.Error(), "the document expands to more than a million values") {
		t.Fatalf("error = %v", err)
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

// TestResolvedYAMLRoundTrip: the resolved text parses back to the same scenario,
// for every built-in and the starter, and marks exactly the defaulted values.
func TestResolvedYAMLRoundTrip(t *testing.T) {
	type named struct {
		name string
		sc   *Scenario
	}
	var all []named
	for _, b := range Builtins() {
		all = append(all, named{b.Name, MustLoad(b.Name)})
	}
	st, err := Parse("starter.yaml", Starter(), nil)
	if err != nil {
		t.Fatalf("starter: %v", err)
	}
	all = append(all, named{"starter", st})
	for _, n := range all {
		y := n.sc.ResolvedYAML()
		back, err := Parse("resolved.yaml", []byte(y), nil)
		if err != nil {
			t.Errorf("%s: resolved YAML does not parse: %v\n%s", n.name, err, y)
			continue
		}
		a, b := *n.sc, *back
		a.origins, b.origins, a.file, b.file = nil, nil, "", ""
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: resolved YAML resolves differently:\n%+v\n%+v", n.name, a, b)
		}
		defaults := 0
		for _, as := range n.sc.Assumptions() {
			if as.Default {
				defaults++
			}
		}
		if n.sc.origins["name"].defaulted {
			defaults++ // the name, taken from the file name, is marked too
		}
		// Remote-user link and latency of a site without remote users are written
		// (marked default when defaulted) but not listed as assumptions in force.
		for i, s := range n.sc.Sites {
			if s.RemoteUsers.Count != 0 {
				continue
			}
			p := itemPath("sites", s.Name, i)
			for _, k := range []string{".remote_users.link", ".remote_users.latency"} {
				if n.sc.origins[p+k].defaulted {
					defaults++
				}
			}
		}
		if got := strings.Count(y, "  # default\n") + strings.Count(y, "  # default; "); got != defaults {
			t.Errorf("%s: %d lines marked default, %d assumptions defaulted", n.name, got, defaults)
		}
	}
}

// TestAssumptionsOnlyInForce: the remote-user link and latency of a site without
// remote users change nothing and are not listed; with remote users they are.
func TestAssumptionsOnlyInForce(t *testing.T) {
	sc := MustLoad(DefaultScenario)
	withRemote := map[string]bool{}
	for i, s := range sc.Sites {
		withRemote[itemPath("sites", s.Name, i)] = s.RemoteUsers.Count > 0
	}
	listed := 0
	for _, a := range sc.Assumptions() {
		site, rest, ok := strings.Cut(a.Path, ".remote_users.")
		if !ok || rest == "count" {
			continue
		}
		listed++
		if !withRemote[site] {
			t.Errorf("%s = %s listed for a site without remote users", a.Path, a.Value)
		}
	}
	sites0 := 0
	for _, r := range withRemote {
		if r {
			sites0++
		}
	}
	// Three parameters (link, latency, outages) per site with remote users.
	if listed != 3*sites0 {
		t.Errorf("%d remote-user link/latency/outages assumptions listed, want %d", listed, 3*sites0)
	}
	if !strings.Contains(sc.ResolvedYAML(), "remote_users:") {
		t.Error("the resolved YAML must still write every site's remote_users")
	}
}

func TestAssumptions(t *testing.T) {
	sc, _ := Parse("t.yaml", []byte(base), nil)
	as := map[string]Assumption{}
	var order []string
	for _, a := range sc.Assumptions() {
		as[a.Path] = a
		order = append(order, a.Path)
	}
	for _, want := range []Assumption{
		{Path: "mailbox.size", Value: "{median: 100MB, p95: 500MB}", Source: "TechNet bb125019 (D)", Default: true},
		{Path: "clients.outlook2003.usable_fraction", Value: "0.1", Source: "assumed", Assumed: true, Default: true},
		{Path: "clients.outlook2003.oab_size", Value: "auto", Source: "TechNet aa996152 (D): about 1 MB per 1,000 recipients (certificates add 1–3 KB each: give oab_size to include them)", Default: true},
		{Path: "datacenter.servers.EX03-A.concurrent_moves", Value: "4", Source: "KB 821829 (D)", Default: true},
		{Path: "sites.A.users", Value: "10", Source: "scenario"},
		{Path: "sites.A.lan", Value: "100Mbps", Source: "assumed", Assumed: true, Default: true},
		{Path: "sites.A.served_by", Value: `"A"`, Source: "rule: a site with a local server serves itself", Default: true},
		{Path: "rollout.site_order", Value: `["A"]`, Source: "rule: the sites as listed", Default: true},
		{Path: "simulation.replications", Value: "30", Source: "simulation setting", Default: true},
		{Path: "clients.online.round_trips_per_action", Value: "5", Source: "assumed", Assumed: true, Default: true},
		{Path: "decision.min_relative_difference", Value: "0.01", Source: "assumed", Assumed: true, Default: true},
		{Path: "decision.min_user_hours", Value: "1", Source: "assumed", Assumed: true, Default: true},
	} {
		if got := as[want.Path]; got != want {
			t.Errorf("assumption %s = %+v\n want %+v", want.Path, got, want)
		}
	}
	if order[0] != "start" || order[len(order)-1] != "decision.min_user_hours" {
		t.Errorf("assumptions not in the format's order: first %s, last %s", order[0], order[len(order)-1])
	}
	// The example restates defaults: still cited, but not "from the defaults".
	ex := map[string]Assumption{}
	for _, a := range MustLoad(DefaultScenario).Assumptions() {
		ex[a.Path] = a
	}
	if a := ex["clients.outlook2003.usable_fraction"]; a.Default || a.Source != "assumed" || !a.Assumed {
		t.Errorf("restated default: %+v", a)
	}
	if a := ex["sites.HQ.users"]; a.Default || a.Source != "scenario" {
		t.Errorf("HQ users: %+v", a)
	}
	// A restated organization fact is the planner's own, never an unsourced assumption.
	for _, path := range []string{"start", "datacenter.name", "sites.Leeds.wan.background", "sites.HQ.local_server", "rollout.gap"} {
		if a := ex[path]; a.Default || a.Source != "scenario" || a.Assumed {
			t.Errorf("restated organization fact %s: %+v", path, a)
		}
	}
	if a := ex["servers.exchange55.iops_per_user"]; !a.Default || a.Value != "0.75" || a.Assumed {
		t.Errorf("IOPS per user: %+v", a)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ arg, want string }{
		{"slow-branch", `slow-branch: no built-in scenario or file of that name (built-ins: branch-consolidation, single-site, slow-branches, troubled-servers, documented-slow-link; did you mean "slow-branches"?)`},
		{"nosuch", `nosuch: no built-in scenario or file of that name (built-ins: branch-consolidation, single-site, slow-branches, troubled-servers, documented-slow-link)`},
		{"testdata/no-such.yaml", "testdata/no-such.yaml: no such file"},
		{"testdata", "testdata: cannot read: is a directory"},
	} {
		_, err := Load(tc.arg, nil)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Load(%q):\ngot  %v\nwant %s", tc.arg, err, tc.want)
		}
	}
}

// TestOddValuesNeverPanic puts odd values at every path of a scenario (and at its
// site paths moved under site_defaults): each result is a scenario or an
// *ErrorList, never a panic. A structural complement to the byte-level fuzzer.
func TestOddValuesNeverPanic(t *testing.T) {
	odd := []string{"~", "[]", "{}", "off", "0", "-1", "x", "{name: Z}", "[{}]", "99999999999999999999", "[A, A]", "{median: 1h, min: 1s}"}
	src := `name: t
site_defaults: {served_by: A}
sites:
  - {name: A, users: 10, wan: {down: 1Mbps, up: 1Mbps}, remote_users: {count: 1}}
  - {name: B, users: 5, wan: {down: 1Mbps, up: 1Mbps}, local_server: false}
costs: {currency: GBP}
`
	// The same with a site that has no name (an error, but one that must not let
	// anything inherited stand in for the name).
	nameless := strings.Replace(src, "{name: B, ", "{", 1)
	sc, err := Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{"site_defaults.name": true, "site_defaults.users": true, "sites": true, "sites.*": true}
	for _, a := range sc.Assumptions() {
		comps := strings.Split(a.Path, ".")
		for i := 1; i <= len(comps); i++ {
			p := strings.Join(comps[:i], ".")
			paths[p] = true
			if strings.HasPrefix(p, "sites.A.") {
				paths["site_defaults."+strings.TrimPrefix(p, "sites.A.")] = true
			}
		}
	}
	n := 0
	for p := range paths {
		for _, v := range odd {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("--set %s=%s: panic: %v", p, v, r)
					}
				}()
				for _, text := range []string{src, nameless} {
					sc, err := Parse("t.yaml", []byte(text), []string{p + "=" + v})
					if err == nil && sc == nil {
						t.Errorf("--set %s=%s: no scenario and no error", p, v)
					}
					if err != nil {
						if _, ok := err.(*ErrorList); !ok {
							t.Errorf("--set %s=%s: error %T", p, v, err)
						}
					}
					n++
				}
			}()
		}
	}
	if n < 1000 {
		t.Errorf("only %d variants tried", n)
	}
}

// mutations calls f with a copy of n in which one key or list item, somewhere in
// the tree, is removed — once for every key and item.
func mutations(n *node, f func(*node)) {
	for i := range n.vals {
		without := cloneShallow(n)
		without.vals = append(without.vals[:i:i], n.vals[i+1:]...)
		if n.kind == mapNode {
			without.keys = append(without.keys[:i:i], n.keys[i+1:]...)
			without.keyPos = append(without.keyPos[:i:i], n.keyPos[i+1:]...)
		}
		f(without)
		mutations(n.vals[i], func(child *node) {
			c := cloneShallow(n)
			c.vals[i] = child
			f(c)
		})
	}
}

// TestMissingKeysNeverPanic removes each key and list item of the built-ins in
// turn: the result is a scenario or positioned errors, never a panic, and a
// missing required value is always reported.
func TestMissingKeysNeverPanic(t *testing.T) {
	for _, b := range []string{DefaultScenario, "slow-branches"} {
		src, _ := BuiltinSource(b)
		root, err := parseYAML("t.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		mutations(root, func(m *node) {
			n++
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s, mutation %d: panic: %v", b, n, r)
				}
			}()
			var errs ErrorList
			d := &decoder{errs: &errs, origins: map[string]origin{}, record: true}
			sc := decodeScenario("t.yaml", m, d)
			if errs.Len() == 0 {
				// Accepted: then it must also survive the resolved round trip.
				sc.origins = d.origins
				if _, err := Parse("resolved.yaml", []byte(sc.ResolvedYAML()), nil); err != nil {
					t.Errorf("%s, mutation %d: resolved YAML does not parse: %v", b, n, err)
				}
			}
			for _, e := range errs.Errors {
				if e.Pos.Line == 0 && e.Pos.File != "" {
					t.Errorf("%s, mutation %d: error without a line: %v", b, n, e)
				}
			}
		})
		if n < 90 { // 169 and 95 keys and items
			t.Errorf("%s: only %d mutations", b, n)
		}
	}
}

// Files saved by Windows editors: a UTF-8 byte-order mark is dropped (CRLF line ends
// too, by the YAML parser) and positions stay those the user sees; UTF-16 is refused
// with a message saying how to save the file.
func TestWindowsEncodings(t *testing.T) {
	bom := "\xef\xbb\xbf"
	crlf := strings.ReplaceAll(base, "\n", "\r\n")
	for _, src := range []string{bom + base, crlf, bom + crlf} {
		if _, err := Parse("t.yaml", []byte(src), nil); err != nil {
			t.Errorf("%q…: %v", src[:12], err)
		}
	}
	bad := strings.Replace(base, "users: 10", "users: -1", 1)
	_, err := Parse("t.yaml", []byte(bom+bad), nil)
	_, want := Parse("t.yaml", []byte(bad), nil)
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("with a BOM: %v\nwithout: %v", err, want)
	}
	for _, mark := range []string{"\xff\xfe", "\xfe\xff"} {
		_, err := Parse("t.yaml", []byte(mark+"n\x00a\x00"), nil)
		if w := `t.yaml: the file is saved as UTF-16 ("Unicode"); save it as UTF-8`; err == nil || err.Error() != w {
			t.Errorf("UTF-16 %q: %v, want %s", mark, err, w)
		}
	}
}
