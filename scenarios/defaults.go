package scenarios

import (
	"fmt"
	"strings"
	"sync"
)

// defaultsFile names the built-in defaults in positions; a value whose position
// has this file came from the defaults, not from the scenario.
const defaultsFile = "defaults"

// Sources of defaults: the published source, as cited in reports. A default with no published source
// is "assumed" and is listed first among the report's assumptions.
const (
	srcAssumed  = "assumed"
	srcSetting  = "simulation setting" // not a claim about the world
	srcMailbox  = "TechNet bb125019 (D)"
	srcTraffic  = "cgoosen.com 2010-07 quoting Microsoft's table (A)"
	srcCached   = "Office 2003 Resource Kit HA001140253 (D)"
	srcSlowLink = "the article (path rule, 10 Mbps); documented rule 128 kbps on the adapter: TechNet cc747446 (D)"
	srcHeader   = "office.microsoft.com HP001040660 (D)"
	srcResume   = "Office 2003 Resource Kit HA001140253 (D); MSDN blog nickmac 2004-09-08 (A)"
	srcMoves    = "KB 821829 (D)"
	srcRestart  = "KB 328810 (D)"
	srcOST      = "KB 841207 (D)"
	srcActions  = "Compaq ProLiant MMB benchmark paper ECG082/0898, Table 3 (A): about 160 user actions per working day"
	srcBodies   = "Compaq ProLiant MMB benchmark paper ECG082/0898, Table 3 (A): 81 reads of about 160 actions"
	srcAccepted = "Windows IT Pro, Understanding and Using LoadSim 5.0, Part 3 (A): 1 s or less per action"
	srcHang     = "KB 892764, KB 839862 (D): the 'retrieving data' dialog after 5 s"
	srcIOPS     = "Optimizing Storage for Exchange Server 2003 (D): 0.75 IOPS per average-profile mailbox"
	srcRPC      = "assumed; ExBPA rule (D): server RPC latency under 50 ms is healthy, over 50 ms users see delays"
	srcOABSize  = "TechNet aa996152 (D): about 1 MB per 1,000 recipients (certificates add 1–3 KB each: give oab_size to include them)"
	srcReuse    = "assumed share; reuse itself: Office 2003 Resource Kit via catapultsystems.com blog (A): an existing offline-folders OST is only brought up to date"
	srcPreseed  = "Office 2003 Resource Kit HA001192193 (D): an initial OST built on a fast link and shipped to the user"
	srcNoRate   = "assumed: no published outage rate, so off unless the scenario gives one"
	srcOutage   = "assumed from surveys: Osterman Research via Network World (A), median unplanned messaging downtime 30 min a month; Bakbone survey (A): a typical outage lasts 69 min (this lognormal: mean 67 min); no trusted figure tells 5.5 and 2003 servers apart"
	srcLogon    = "Office 2003 Resource Kit via catapultsystems.com blog; MS blog dgoldman 2006-10-25 (A): a Group Policy install at logon for many users at once can 'bring a network to its knees'"
	srcDisk     = "assumed: a disk sized for the 'large' 1.5 IOPS profile of Optimizing Storage for Exchange Server 2003 (D)"
)

// removedKeys are keys that earlier versions of the format had, with what replaces
// them; a file that still uses one gets this message at the key's position.
var removedKeys = map[string]string{
	"clients.online.degraded_latency":     "was removed: an online-mode action now waits round_trips_per_action × the path's round-trip time, so latency counts continuously (see clients.online)",
	"clients.online.degraded_utilization": "was removed: link congestion now slows online-mode actions through the bandwidth they get; the level of saturated_link_hours is simulation.saturated_utilization",
	"servers.exchange55.slow_fraction":    "was removed: a slow server is described by servers.exchange55.rpc_latency and disk_iops_per_user, which online users pay on every round trip",
	"servers.exchange2003.slow_fraction":  "was removed: a slow server is described by servers.exchange2003.rpc_latency and disk_iops_per_user, which online users pay on every round trip",
	"servers.exchange55.load_threshold":   "was removed: server load now stretches RPC latency through the disk share (servers.exchange55.disk_iops_per_user, iops_per_user)",
	"servers.exchange2003.load_threshold": "was removed: server load now stretches RPC latency through the disk share (servers.exchange2003.disk_iops_per_user, iops_per_user)",
	"decision.degraded_weight":            "was removed: disruption is now the share of each working hour a user waits, so degraded hours need no weight",
	"costs.blocked_user_hour":             "was renamed costs.user_hour: a cost per disruption user-hour (blocked, waiting or degraded)",
}

// defaultTable is every default, in ONE place: a scenario path, the value as it
// would be written in a scenario, and where it comes from. Keys under
// site_defaults apply to every site (organization → site_defaults → site);
// datacenter.server applies to each entry of datacenter.servers; costs.* apply
// only when the scenario has a costs section. The organization's mailbox is also
// each site's default mailbox.
var defaultTable = []struct {
	path, value, source string
}{
	{"start", "2004-03-01", srcAssumed},
	{"horizon", "240d", srcAssumed},
	{"calendar.working_hours", `{start: "08:00", end: "18:00"}`, srcAssumed},
	{"calendar.working_days", "[mon, tue, wed, thu, fri]", srcAssumed},

	{"mailbox.size", "{median: 100MB, p95: 500MB}", srcMailbox},
	{"mailbox.item_size", "75KB", srcMailbox},
	{"mailbox.header_size", "4KB", srcAssumed},
	{"mailbox.traffic_per_day", "{online: 8.1MB, cached: 3.9MB, peak_factor: 2}", srcTraffic},

	{"clients.outlook2003.cached_mode", "true", srcCached},
	{"clients.outlook2003.slow_link", "{threshold: 10Mbps, measured_on: path}", srcSlowLink},
	{"clients.outlook2003.header_only_needs_2003", "true", srcHeader},
	{"clients.outlook2003.compression_with_2003", "0.7", srcAssumed},
	{"clients.outlook2003.usable_fraction", "0.10", srcAssumed},
	{"clients.outlook2003.oab_size", "auto", srcOABSize},
	{"clients.outlook2003.oab_per_1000_recipients", "1MB", srcOABSize},
	{"clients.outlook2003.resume_needs_2003", "true", srcResume},
	{"clients.outlook2003.restart_unit", "folder", srcAssumed},
	{"clients.outlook2003.sync_folders", "20", srcAssumed},
	{"clients.outlook2003.ost_format", "keep", srcOST},
	{"clients.outlook2003.existing_ost_share", "0", srcReuse},
	{"clients.outlook2003.existing_ost_delta", "0.05", srcAssumed},
	{"clients.outlook2003.sync_rate", "1GB/h", srcAssumed},
	{"clients.outlook2003.body_fetch_share", "0.5", srcBodies},
	{"clients.outlook2003.disconnected_share", "0.1", srcAssumed},
	{"clients.online.reconnect_penalty", "2m", srcAssumed},
	{"clients.online.actions_per_day", "160", srcActions},
	{"clients.online.round_trips_per_action", "5", srcAssumed},
	{"clients.online.accepted_response", "1s", srcAccepted},
	{"clients.online.hang_threshold", "5s", srcHang},

	{"servers.exchange55.outages", "{mtbf: 67d, duration: {median: 30m, p95: 4h}}", srcOutage},
	{"servers.exchange55.rpc_latency", "10ms", srcRPC},
	{"servers.exchange55.iops_per_user", "0.75", srcIOPS},
	{"servers.exchange55.disk_iops_per_user", "1.5", srcDisk},
	{"servers.exchange55.concurrent_syncs", "50", srcAssumed},
	{"servers.exchange2003.outages", "{mtbf: 67d, duration: {median: 30m, p95: 4h}}", srcOutage},
	{"servers.exchange2003.rpc_latency", "10ms", srcRPC},
	{"servers.exchange2003.iops_per_user", "0.75", srcIOPS},
	{"servers.exchange2003.disk_iops_per_user", "1.5", srcDisk},
	{"servers.exchange2003.concurrent_syncs", "50", srcAssumed},

	{"datacenter.name", "DC", srcAssumed},
	{"datacenter.link", "{down: 45Mbps, up: 45Mbps, latency: 2ms, background: 0.2}", srcAssumed},
	{"datacenter.servers", "[{name: EX03-A}, {name: EX03-B}]", srcAssumed},
	{"datacenter.outages", "off", srcNoRate},
	{"datacenter.server.throughput", "400Mbps", srcAssumed},
	{"datacenter.server.concurrent_moves", "4", srcMoves},

	{"site_defaults.lan", "100Mbps", srcAssumed},
	{"site_defaults.adapter", "100Mbps", srcAssumed},
	{"site_defaults.server_throughput", "100Mbps", srcAssumed},
	{"site_defaults.wan.latency", "30ms", srcAssumed},
	{"site_defaults.wan.background", "0.3", srcAssumed},
	{"site_defaults.local_server", "true", srcAssumed},
	{"site_defaults.remote_users", "{count: 0, link: 128kbps, latency: 200ms}", srcAssumed},
	{"site_defaults.remote_users.outages", "off", srcNoRate},
	{"site_defaults.outages.wan", "{mtbf: 30d, duration: {median: 30m, p95: 6h}}", srcAssumed},
	{"site_defaults.outages.blips", "{mtbf: 2d, duration: {min: 5s, max: 60s}}", srcAssumed},

	{"rollout.orderings", "[clients-first, servers-first]", srcSetting},
	{"rollout.gap", "14d", srcAssumed},
	{"rollout.clients", "{start: 0d, users_per_day: 150}", srcAssumed},
	{"rollout.clients.install", "logon", srcLogon},
	{"rollout.clients.logon_window", "1h", srcAssumed},
	{"rollout.moves.window", `{start: "19:00", end: "07:00"}`, srcAssumed},
	{"rollout.moves.rate_per_move", "2GB/h", srcAssumed},
	{"rollout.moves.on_failure", "restart", srcRestart},
	{"rollout.ost_after_move", "keep", srcOST},
	{"rollout.servers_first_sites", "[]", srcSetting},
	{"rollout.preseed", "[]", srcPreseed},
	{"rollout.preseed_remote", "false", srcPreseed},

	{"simulation.replications", "30", srcSetting},
	{"simulation.seed", "1", srcSetting},
	{"simulation.bucket", "1h", srcSetting},
	{"simulation.saturated_utilization", "0.9", srcSetting},

	{"decision.min_relative_difference", "0.01", srcAssumed},
	{"decision.min_user_hours", "1", srcAssumed},

	{"costs.currency", "USD", srcAssumed},
	{"costs.user_hour", "0", srcAssumed},
	{"costs.training_per_user", "0", srcAssumed},
	{"costs.deployment_phase", "0", srcAssumed},
	{"costs.office_deployment", "separate", srcAssumed},
}

var (
	defaultsOnce sync.Once
	defaultsRoot *node
)

// defaultTree returns the defaults as one tree (built once; never modified).
func defaultTree() *node {
	defaultsOnce.Do(func() {
		root := &node{kind: mapNode, pos: Pos{File: defaultsFile}}
		for i, d := range defaultTable {
			v, err := parseYAML(defaultsFile, []byte(d.value))
			if err != nil {
				panic(fmt.Sprintf("scenarios: default %s = %q: %v", d.path, d.value, err)) // a bug in this table, not user input
			}
			markSource(v, d.source, i+1)
			cur := root
			parts := strings.Split(d.path, ".")
			for _, p := range parts[:len(parts)-1] {
				next := cur.get(p)
				if next == nil {
					next = &node{kind: mapNode, pos: Pos{File: defaultsFile, Line: i + 1, Col: 1}, source: d.source}
					cur.set(p, next)
				}
				cur = next
			}
			cur.set(parts[len(parts)-1], v)
		}
		defaultsRoot = root
	})
	return defaultsRoot
}

// markSource sets the source on every node of a default value; the line is the
// entry's index in defaultTable so that positions stay distinct.
func markSource(n *node, src string, line int) {
	n.source = src
	n.pos.Line = line
	for i := range n.keyPos {
		n.keyPos[i].Line = line
	}
	for _, v := range n.vals {
		markSource(v, src, line)
	}
}
