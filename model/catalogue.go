package model

import (
	"math"
	"strings"

	"github.com/rollout-sim/rollout/scenarios"
)

// MetricID names one scalar metric of the catalogue. Code that needs one particular
// metric (a report's decision rule, a sentence about one cause) names it by its ID, so
// that a removed metric fails at compile time and a renamed key needs no other edit.
type MetricID uint8

// The metrics, in report order (the order of MetricDefs and Result.Scalars). A new
// disruption cause is one constant here plus one entry in catalogueEntries.
const (
	MetricFinished MetricID = iota
	MetricMigrationEndDays
	MetricProgressFraction
	MetricWANGigabytes
	MetricWANInitialSync // WAN GB by class, in the order of Classes
	MetricWANHeaders
	MetricWANOAB
	MetricWANMove
	MetricWANCatchUp
	MetricWANSteadyOnline
	MetricWANSteadyCached
	MetricEndStateWANGigabytes
	MetricPeakLinkUtilization
	MetricSaturatedLinkHours
	MetricBlockedUserHours
	MetricBlockedWANOutage // blocked user-hours by cause, in the order of BlockCauses
	MetricBlockedBlip
	MetricBlockedServerOutage
	MetricBlockedMailboxMove
	MetricWaitingUserHours
	MetricDegradedUserHours
	MetricDegradedLatency // degraded user-hours by cause, in the order of DegradeCauses
	MetricDegradedBandwidth
	MetricDegradedServer
	MetricDegradedHeaderFetch
	MetricDegradedDisconnected
	MetricEndStateUserHours
	MetricUsersBlocked
	MetricUsersOSTLimit
	MetricTimeToUsableP50
	MetricTimeToUsableP95
	MetricTimeToSyncedP50
	MetricTimeToSyncedP95
	MetricCachedModeUserDays
	MetricFullFeatureUserDays
	MetricPeakConcurrentSyncs
	MetricPeakConcurrentMoves
	MetricWANOutages
	MetricBlips
	MetricServerOutages
	MetricCostTotal // only when the scenario gives costs
	numMetrics
)

// NoTotal is the PartOf of a metric that is not one part of a total.
const NoTotal MetricID = 255

// Family is the disruption component a metric belongs to: the recommendation's
// disruption score is blocked + waiting + weight × degraded, summed over the metrics of
// a family that are parts of its total (PartOf), or the total itself.
type Family uint8

// Disruption families.
const (
	FamilyNone     Family = iota // not a disruption component (volumes, counts, plan)
	FamilyBlocked                // users could not work
	FamilyWaiting                // users waited for a usable mailbox
	FamilyDegraded               // users worked with degraded service
)

// MetricDef describes one scalar metric: an entry of the metric catalogue.
type MetricDef struct {
	Key           string // as in Scalar.Key
	Unit          string // e.g. "user-hours", "GB", "days"
	Description   string // one plain sentence
	LowerIsBetter bool   // the direction: false when more is better (e.g. full_feature_user_days)

	ID    MetricID // its catalogue ID
	Label string   // a few words for charts and sentences, e.g. "wan outage"
	// Cause is the name of a per-cause or per-class part in the Result's maps (e.g.
	// "wan_outage" in BlockedUserHoursByCause); empty for other metrics.
	Cause    string
	Family   Family   // disruption component, FamilyNone if none
	PartOf   MetricID // the total this metric is one part of, NoTotal if none
	Additive bool     // summing it over parts, replications or users is meaningful
	// PerSite says that Result.Sites holds each site's part of it: additive ones sum
	// over the sites to the total (the link figures with Result.DatacenterLink).
	PerSite bool
}

// metric is one catalogue entry and how to read it from a Result.
type metric struct {
	def MetricDef
	get func(r *Result) float64
}

// catalogue is the metric catalogue indexed by MetricID.
var catalogue = markPerSite(catalogueEntries())

// markPerSite sets PerSite on the metrics every site has its own part of: WAN bytes,
// disruption by cause, the end state's cost, blocked users, times to usable and
// synced, and its link's peak utilization and saturated hours.
func markPerSite(ms []metric) []metric {
	for i := range ms {
		d := &ms[i].def
		switch {
		case d.ID == MetricWANGigabytes || d.PartOf == MetricWANGigabytes || d.ID == MetricEndStateWANGigabytes,
			d.Family != FamilyNone, d.ID == MetricEndStateUserHours, d.ID == MetricUsersBlocked, d.ID == MetricUsersOSTLimit,
			d.ID >= MetricTimeToUsableP50 && d.ID <= MetricTimeToSyncedP95,
			d.ID == MetricPeakLinkUtilization, d.ID == MetricSaturatedLinkHours:
			d.PerSite = true
		}
	}
	return ms
}

// SiteMetrics returns the definitions of the per-site metrics in catalogue order.
func SiteMetrics() []MetricDef {
	var out []MetricDef
	for _, m := range catalogue {
		if m.def.PerSite {
			out = append(out, m.def)
		}
	}
	return out
}

// Key returns the key of metric id, e.g. "waiting_user_hours".
func Key(id MetricID) string { return catalogue[id].def.Key }

// Def returns the definition of metric id.
func Def(id MetricID) MetricDef { return catalogue[id].def }

// Catalogue returns every metric's definition in MetricID order (cost_total included).
func Catalogue() []MetricDef {
	out := make([]MetricDef, len(catalogue))
	for i, m := range catalogue {
		out[i] = m.def
	}
	return out
}

// RenameMetric changes the key of metric id and returns its previous key. It exists so
// that a test can show that every output follows the catalogue (and then restores the
// key); keys are part of the output format, so nothing else calls it.
func RenameMetric(id MetricID, key string) (old string) {
	old = catalogue[id].def.Key
	catalogue[id].def.Key = key
	return old
}

// Parts returns the metrics that are parts of total, in catalogue order.
func Parts(total MetricID) []MetricDef {
	var out []MetricDef
	for _, m := range catalogue {
		if m.def.PartOf == total {
			out = append(out, m.def)
		}
	}
	return out
}

// Lookup returns the definition of the metric with this key.
func Lookup(key string) (MetricDef, bool) {
	for _, m := range catalogue {
		if m.def.Key == key {
			return m.def, true
		}
	}
	return MetricDef{}, false
}

// causeNames returns the Cause names of the parts of total, in catalogue order.
func causeNames(total MetricID) []string {
	var out []string
	for _, d := range Parts(total) {
		out = append(out, d.Cause)
	}
	return out
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// plain is a metric that is not part of a total; its label is its key in words.
func plain(id MetricID, key, unit, desc string, lower, additive bool, get func(r *Result) float64) metric {
	return metric{MetricDef{Key: key, Unit: unit, Description: desc, LowerIsBetter: lower, ID: id,
		Label: strings.ReplaceAll(key, "_", " "), PartOf: NoTotal, Additive: additive}, get}
}

// total is a disruption total of family f.
func total(id MetricID, f Family, key, desc string, get func(r *Result) float64) metric {
	m := plain(id, key, "user-hours", desc, true, true, get)
	m.def.Family = f
	return m
}

// part is one cause or class of total of, read from the Result map m by name.
func part(id, of MetricID, f Family, prefix, name, unit, desc string, m func(r *Result) map[string]float64) metric {
	return metric{MetricDef{Key: prefix + "." + name, Unit: unit, Description: desc, LowerIsBetter: true, ID: id,
		Label: strings.ReplaceAll(name, "_", " "), Cause: name, Family: f, PartOf: of, Additive: true},
		func(r *Result) float64 { return m(r)[name] }}
}

func wanClass(id MetricID, name string) metric {
	return part(id, MetricWANGigabytes, FamilyNone, "wan_gigabytes_by_class", name, "GB",
		"WAN bytes of traffic class "+name+", each byte once, until each user's end state.", func(r *Result) map[string]float64 { return r.WANGigabytesByClass })
}

func blockedCause(id MetricID, name string) metric {
	return part(id, MetricBlockedUserHours, FamilyBlocked, "blocked_user_hours_by_cause", name, "user-hours",
		"Working hours users were blocked by "+name+".", func(r *Result) map[string]float64 { return r.BlockedUserHoursByCause })
}

func degradedCause(id MetricID, name, desc string) metric {
	return part(id, MetricDegradedUserHours, FamilyDegraded, "degraded_user_hours_by_cause", name, "user-hours",
		desc, func(r *Result) map[string]float64 { return r.DegradedUserHoursByCause })
}

// catalogueEntries lists every metric in MetricID order (checked by a test). It is a
// flat table, hence its length.
func catalogueEntries() []metric {
	return []metric{
		plain(MetricFinished, "finished", "bool", "1 when every user runs Outlook 2003 against a 2003 server within the horizon.", false, false, func(r *Result) float64 { return b2f(r.Finished) }),
		plain(MetricMigrationEndDays, "migration_end_days", "days", "Days from the start to the end of the plan (the horizon when not finished).", true, false, func(r *Result) float64 { return r.MigrationEndDays }),
		plain(MetricProgressFraction, "progress_fraction", "fraction", "Share of users fully migrated at the end.", false, false, func(r *Result) float64 { return r.ProgressFraction }),
		plain(MetricWANGigabytes, "wan_gigabytes", "GB", "Bytes that crossed the WAN (a site WAN, the datacenter link or a remote access link), each byte once however many links it crossed, until each user reaches its end state; all classes but background.", true, true, func(r *Result) float64 { return r.WANGigabytes }),
		wanClass(MetricWANInitialSync, "initial_sync"),
		wanClass(MetricWANHeaders, "headers"),
		wanClass(MetricWANOAB, "oab"),
		wanClass(MetricWANMove, "move"),
		wanClass(MetricWANCatchUp, "catch_up"),
		wanClass(MetricWANSteadyOnline, "steady_online"),
		wanClass(MetricWANSteadyCached, "steady_cached"),
		plain(MetricEndStateWANGigabytes, "end_state_wan_gigabytes", "GB", "Steady and catch-up bytes of users already in their end state that crossed the WAN, each byte once: after the migration, not part of wan_gigabytes.", true, true, func(r *Result) float64 { return r.EndStateWANGigabytes }),
		plain(MetricPeakLinkUtilization, "peak_link_utilization", "fraction", "Highest bucket utilization of any WAN or datacenter link.", true, false, func(r *Result) float64 { return r.PeakLinkUtilization }),
		plain(MetricSaturatedLinkHours, "saturated_link_hours", "link-hours", "Hours with utilization of at least simulation.saturated_utilization (default 0.9), summed over WAN and datacenter links.", true, true, func(r *Result) float64 { return r.SaturatedLinkHours }),
		total(MetricBlockedUserHours, FamilyBlocked, "blocked_user_hours", "Working hours users could not work (online clients in outages and their own mailbox move), beyond the end state, all causes.", func(r *Result) float64 { return r.BlockedUserHours }),
		blockedCause(MetricBlockedWANOutage, "wan_outage"),
		blockedCause(MetricBlockedBlip, "blip"),
		blockedCause(MetricBlockedServerOutage, "server_outage"),
		blockedCause(MetricBlockedMailboxMove, "mailbox_move"),
		total(MetricWaitingUserHours, FamilyWaiting, "waiting_user_hours", "Working hours between Outlook 2003 install (or resync) and a usable mailbox, beyond the end state.", func(r *Result) float64 { return r.WaitingUserHours }),
		total(MetricDegradedUserHours, FamilyDegraded, "degraded_user_hours", "Working hours users waited on their mail client beyond what the end state would cost, all causes.", func(r *Result) float64 { return r.DegradedUserHours }),
		degradedCause(MetricDegradedLatency, "latency", "Online-mode users' waiting on the round-trip time of their path (round trips × RTT), beyond the end state."),
		degradedCause(MetricDegradedBandwidth, "bandwidth", "Online-mode users' waiting on the bytes of their actions over the bandwidth their path gives them, beyond the end state."),
		degradedCause(MetricDegradedServer, "server", "Online-mode users' waiting on their server's RPC latency (its idle latency stretched by disk load, syncs and moves), beyond the end state."),
		degradedCause(MetricDegradedHeaderFetch, "header_fetch", "Header-only cached users' waiting for bodies they open, beyond the end state."),
		degradedCause(MetricDegradedDisconnected, "disconnected", "Cached users cut off from their server (WAN or server outage, their own mailbox move): the share of e-mail work that needs the server, beyond the end state."),
		plain(MetricEndStateUserHours, "end_state_user_hours", "user-hours", "What the end state itself (Outlook 2003 as configured, on the 2003 servers) would cost every user over the horizon under the same outages: the same for either ordering, and not part of disruption.", true, true, func(r *Result) float64 { return r.EndStateUserHours }),
		plain(MetricUsersBlocked, "users_blocked", "users", "Distinct users blocked at least once.", true, false, func(r *Result) float64 { return float64(r.UsersBlocked) }),
		plain(MetricUsersOSTLimit, "users_ost_limit", "users", "Distinct users whose ANSI OST, built against Exchange 5.5, reached the 2 GB limit (mailbox × 1.5 OST inflation): what did not fit stays out of the OST, bodies on demand, until a Unicode resync.", true, true, func(r *Result) float64 { return float64(r.UsersOSTLimit) }),
		plain(MetricTimeToUsableP50, "time_to_usable_hours.p50", "hours", "Median wall-clock hours from install to a usable mailbox.", true, false, func(r *Result) float64 { return r.TimeToUsableHours.P50 }),
		plain(MetricTimeToUsableP95, "time_to_usable_hours.p95", "hours", "95th percentile of wall-clock hours from install to a usable mailbox.", true, false, func(r *Result) float64 { return r.TimeToUsableHours.P95 }),
		plain(MetricTimeToSyncedP50, "time_to_synced_hours.p50", "hours", "Median wall-clock hours from install to the end of the initial sync.", true, false, func(r *Result) float64 { return r.TimeToSyncedHours.P50 }),
		plain(MetricTimeToSyncedP95, "time_to_synced_hours.p95", "hours", "95th percentile of wall-clock hours from install to the end of the initial sync.", true, false, func(r *Result) float64 { return r.TimeToSyncedHours.P95 }),
		plain(MetricCachedModeUserDays, "cached_mode_user_days", "user-days", "Working days users ran Outlook 2003 in cached mode.", false, true, func(r *Result) float64 { return r.CachedModeUserDays }),
		plain(MetricFullFeatureUserDays, "full_feature_user_days", "user-days", "Working days users had Outlook 2003 on a 2003 server (search folders, junk filtering, RPC over HTTPS).", false, true, func(r *Result) float64 { return r.FullFeatureUserDays }),
		plain(MetricPeakConcurrentSyncs, "peak_concurrent_syncs", "syncs", "Most initial syncs and resyncs running at once, all servers.", true, false, func(r *Result) float64 { return float64(r.PeakConcurrentSyncs) }),
		plain(MetricPeakConcurrentMoves, "peak_concurrent_moves", "moves", "Most mailbox moves running at once, all servers.", true, false, func(r *Result) float64 { return float64(r.PeakConcurrentMoves) }),
		plain(MetricWANOutages, "wan_outages", "outages", "Long WAN outages that started within the horizon: site WAN links, the datacenter link and remote access links.", true, true, func(r *Result) float64 { return float64(r.WANOutages) }),
		plain(MetricBlips, "blips", "outages", "Short WAN interruptions within the horizon, all sites.", true, true, func(r *Result) float64 { return float64(r.Blips) }),
		plain(MetricServerOutages, "server_outages", "outages", "Server outages within the horizon, all servers.", true, true, func(r *Result) float64 { return float64(r.ServerOutages) }),
		plain(MetricCostTotal, "cost_total", "currency", "Disruption user-hours × costs.user_hour + training + desktop deployment phases (separate Office: two for clients-first, one for servers-first).", true, true, func(r *Result) float64 {
			if r.CostTotal == nil {
				return 0
			}
			return *r.CostTotal
		}),
	}
}

// metrics returns the scalar catalogue in its fixed order; withCost keeps cost_total.
func metrics(withCost bool) []metric {
	if withCost {
		return catalogue
	}
	return catalogue[:MetricCostTotal]
}

// MetricDefs describes the scalar metrics of a scenario's results in the order Scalars
// returns them; cost_total is included when the scenario gives costs. The unit of
// cost_total is the scenario's currency.
func MetricDefs(sc *scenarios.Scenario) []MetricDef {
	withCost := sc != nil && sc.Costs != nil
	ms := metrics(withCost)
	out := make([]MetricDef, len(ms))
	for i, m := range ms {
		out[i] = m.def
		if m.def.ID == MetricCostTotal && sc.Costs.Currency != "" {
			out[i].Unit = sc.Costs.Currency
		}
	}
	return out
}

// Scalars flattens the Result into keyed metrics in the fixed order of MetricDefs:
// maps as "key.name", booleans as 0/1, cost_total only when costs were given. A NaN
// (which the model never produces) would be reported as 0.
func (r *Result) Scalars() []Scalar {
	ms := metrics(r.CostTotal != nil)
	out := make([]Scalar, len(ms))
	for i, m := range ms {
		v := m.get(r)
		if math.IsNaN(v) {
			v = 0
		}
		out[i] = Scalar{Key: m.def.Key, Value: v}
	}
	return out
}

// Value returns metric id of the Result (cost_total 0 when the scenario gave no costs).
func (r *Result) Value(id MetricID) float64 { return catalogue[id].get(r) }
