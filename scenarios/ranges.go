package scenarios

import (
	"fmt"
	"strings"
)

// Sources of the ranges a robustness check tries. A range with no published figure
// is "assumed", like the default it brackets.
const (
	rngAssumed     = "assumed"
	rngRoundTrips  = "assumed; nothing published: opening a message takes about 3–10 round trips"
	rngCompression = "assumed; TechNet aa997744 gives no figure: a byte reduction of 20–60 %"
	rngRPC         = "ExBPA rule (D): under 50 ms healthy, over 50 ms users see delays"
	rngDiskIOPS    = "Optimizing Storage for Exchange Server 2003 (D): profiles from 0.5 to 1.5 IOPS per mailbox; a disk sized for 1 to 3 assumed"
	rngMoveRate    = "assumed from one aggregate figure, about 3.3 GB/h (HP Customer Focused Testing, E2000 → E2003)"
	rngReconnect   = "assumed; nothing published: restarting Outlook and finding one's place, 2–10 min"
	rngWANOutage   = "assumed; Osterman Research (A): median unplanned messaging downtime 30 min a month"
	rngLatency     = "assumed; no latency threshold is published for the 2003 era: 50–300 ms"
)

// rangeTable gives, for each default that a scenario may leave assumed, a low and a
// high value as they would be written in a scenario: the range a robustness check
// reruns the comparison at. Paths are those of defaultTable (site_defaults.* for
// every site's value, datacenter.server.* for every datacenter server's).
var rangeTable = []struct {
	path, low, high, source string
}{
	{"mailbox.header_size", "2KB", "8KB", rngAssumed},

	{"clients.outlook2003.compression_with_2003", "0.4", "0.8", rngCompression},
	{"clients.outlook2003.usable_fraction", "0.05", "0.25", rngAssumed},
	{"clients.outlook2003.sync_rate", "500MB/h", "3GB/h", rngAssumed},
	{"clients.outlook2003.disconnected_share", "0.05", "0.3", rngAssumed},
	{"clients.outlook2003.restart_unit", "folder", "mailbox", rngAssumed},
	{"clients.outlook2003.sync_folders", "5", "50", rngAssumed},
	{"clients.outlook2003.existing_ost_share", "0", "0.5", rngAssumed},
	{"clients.outlook2003.existing_ost_delta", "0.01", "0.2", rngAssumed},
	{"clients.online.reconnect_penalty", "1m", "10m", rngReconnect},
	{"clients.online.round_trips_per_action", "3", "10", rngRoundTrips},

	{"servers.exchange55.outages.mtbf", "30d", "180d", rngAssumed},
	{"servers.exchange55.outages.duration", "{median: 15m, p95: 1h}", "{median: 2h, p95: 12h}", rngAssumed},
	{"servers.exchange55.rpc_latency", "5ms", "50ms", rngRPC},
	{"servers.exchange55.disk_iops_per_user", "1", "3", rngDiskIOPS},
	{"servers.exchange55.concurrent_syncs", "10", "200", rngAssumed},
	{"servers.exchange2003.outages.mtbf", "30d", "180d", rngAssumed},
	{"servers.exchange2003.outages.duration", "{median: 15m, p95: 1h}", "{median: 2h, p95: 12h}", rngAssumed},
	{"servers.exchange2003.rpc_latency", "5ms", "50ms", rngRPC},
	{"servers.exchange2003.disk_iops_per_user", "1", "3", rngDiskIOPS},
	{"servers.exchange2003.concurrent_syncs", "10", "200", rngAssumed},

	{"datacenter.outages", "off", "{mtbf: 180d, duration: {median: 30m, p95: 4h}}", rngAssumed},
	{"datacenter.link.latency", "1ms", "10ms", rngAssumed},
	{"datacenter.link.background", "0.1", "0.5", rngAssumed},
	{"datacenter.server.throughput", "100Mbps", "1Gbps", rngAssumed},

	{"site_defaults.lan", "10Mbps", "1Gbps", rngAssumed},
	{"site_defaults.adapter", "10Mbps", "1Gbps", rngAssumed},
	{"site_defaults.server_throughput", "10Mbps", "1Gbps", rngAssumed},
	{"site_defaults.wan.latency", "10ms", "300ms", rngLatency},
	{"site_defaults.wan.background", "0.1", "0.6", rngAssumed},
	{"site_defaults.remote_users.count", "0", "10", rngAssumed},
	{"site_defaults.remote_users.outages", "off", "{mtbf: 30d, duration: {median: 1h, p95: 8h}}", rngAssumed},
	{"site_defaults.outages.wan.mtbf", "10d", "90d", rngWANOutage},
	{"site_defaults.outages.wan.duration", "{median: 15m, p95: 2h}", "{median: 1h, p95: 12h}", rngWANOutage},
	{"site_defaults.outages.blips.mtbf", "1d", "7d", rngAssumed},
	{"site_defaults.outages.blips.duration", "{min: 5s, max: 30s}", "{min: 15s, max: 2m}", rngAssumed},

	{"rollout.moves.rate_per_move", "500MB/h", "3.3GB/h", rngMoveRate},
}

// Variation is one parameter a robustness check reruns the comparison at: Path as
// given to --set, the value in force, and the low and high values of its range.
type Variation struct {
	Path   string // --set path, e.g. site_defaults.outages.wan.mtbf
	Value  string // the value in force, as written in a scenario
	Low    string // the low end of the range, as written in a scenario
	High   string // the high end of the range
	Source string // where the range comes from: a citation, "assumed", or "--vary"
	// Untested is why the parameter has no range ("" when it has one): a robustness
	// check lists it and reruns nothing.
	Untested string
	// Planner is true for a range the planner gave (--vary): an end that the
	// scenario refuses is an error, where an end of the table's range that does not
	// fit this scenario (10 remote users at a site of 5) only leaves the row untested.
	Planner bool
}

// notWorldAssumption reports whether an assumed path is a choice of the planner or a
// threshold of the decision rule rather than a belief about the world: the start,
// the horizon and the calendar, the rollout plan (all of rollout.* but the move rate,
// which the mailbox-move engine sets), the decision thresholds and the costs. A
// robustness check leaves them alone; the planner sweeps them.
func notWorldAssumption(path string) bool {
	switch {
	case path == "start", path == "horizon", strings.HasPrefix(path, "calendar."),
		strings.HasPrefix(path, "decision."), strings.HasPrefix(path, "costs."),
		strings.HasPrefix(path, "simulation."):
		return true
	case strings.HasPrefix(path, "rollout."):
		return path != "rollout.moves.rate_per_move"
	}
	return false
}

// genericPath is the path that sets an assumed value for every entry that takes it
// from the defaults: a site's value comes from site_defaults (its mailbox from the
// organization's mailbox), a datacenter server's from every datacenter server.
func genericPath(path string) string {
	parts := strings.Split(path, ".")
	switch {
	case len(parts) > 2 && parts[0] == "sites" && parts[2] == "mailbox":
		return strings.Join(parts[2:], ".")
	case len(parts) > 2 && parts[0] == "sites":
		return "site_defaults." + strings.Join(parts[2:], ".")
	case len(parts) > 3 && parts[0] == "datacenter" && parts[1] == "servers":
		return "datacenter.servers.*." + strings.Join(parts[3:], ".")
	}
	return path
}

// rangeOf returns the range of a generic path, or false.
func rangeOf(path string) (low, high, source string, ok bool) {
	key := path
	if strings.HasPrefix(key, "datacenter.servers.*.") {
		key = "datacenter.server." + strings.TrimPrefix(key, "datacenter.servers.*.")
	}
	for _, r := range rangeTable {
		if r.path == key {
			return r.low, r.high, r.source, true
		}
	}
	return "", "", "", false
}

// Variations lists the assumed parameters in force that describe the world (see
// notWorldAssumption), one per generic path (site_defaults.outages.wan.mtbf for
// every site that takes it from the defaults), in the order of the format, each
// with its range; then the planner's own, vary, which replace a listed path's range
// or add one. A parameter with no range in the table is listed as untested.
func (s *Scenario) Variations(vary []Variation) []Variation {
	var out []Variation
	index := map[string]int{}
	for _, a := range s.Assumptions() {
		if !a.Assumed || notWorldAssumption(a.Path) {
			continue
		}
		p := genericPath(a.Path)
		if _, dup := index[p]; dup {
			continue
		}
		v := Variation{Path: p, Value: a.Value}
		if lo, hi, src, ok := rangeOf(p); ok {
			v.Low, v.High, v.Source = lo, hi, src
		} else {
			v.Untested = "no range is documented; test it with --vary " + p + "=LOW:HIGH"
		}
		index[p] = len(out)
		out = append(out, v)
	}
	for _, v := range vary {
		if v.Value == "" {
			v.Value = s.ValueAt(v.Path)
		}
		if i, ok := index[v.Path]; ok {
			v.Value = out[i].Value
			out[i] = v
			continue
		}
		index[v.Path] = len(out)
		out = append(out, v)
	}
	return out
}

// ValueAt is the value in force at a --set path (the first entry's for a path with
// *, the organization's for site_defaults.*), or "" when the path names no leaf.
func (s *Scenario) ValueAt(path string) string {
	as := s.Assumptions()
	for _, a := range as {
		if a.Path == path {
			return a.Value
		}
	}
	for _, a := range as {
		if genericPath(a.Path) == path || strings.Contains(path, "*") && matchStar(path, a.Path) {
			return a.Value
		}
	}
	return ""
}

// matchStar reports whether path matches pattern, whose * components match any one component.
func matchStar(pattern, path string) bool {
	pp, qq := strings.Split(pattern, "."), strings.Split(path, ".")
	if len(pp) != len(qq) {
		return false
	}
	for i := range pp {
		if pp[i] != "*" && pp[i] != qq[i] {
			return false
		}
	}
	return true
}

// ParseVary reads a --vary PATH=LOW:HIGH argument into a Variation; LOW and HIGH
// are written as in a scenario (512kbps, 10d, adapter), and neither may contain a
// colon, so a time of day cannot be varied this way.
func ParseVary(s string) (Variation, error) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return Variation{}, fmt.Errorf("--vary %q: want PATH=LOW:HIGH, e.g. sites.Leeds.wan.latency=20ms:200ms", s)
	}
	path, rng := strings.TrimSpace(s[:eq]), s[eq+1:]
	parts := strings.Split(rng, ":")
	if len(parts) != 2 || strings.TrimSpace(parts[0]) == "" || strings.TrimSpace(parts[1]) == "" {
		return Variation{}, fmt.Errorf("--vary %q: want PATH=LOW:HIGH with one colon between two values, e.g. %s=20ms:200ms", s, path)
	}
	return Variation{Path: path, Low: strings.TrimSpace(parts[0]), High: strings.TrimSpace(parts[1]), Source: "--vary", Planner: true}, nil
}
