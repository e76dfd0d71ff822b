package model

import "github.com/rollout-sim/rollout/scenarios"

// Result is what one replication of one ordering measured. Scalars flattens it into
// the keyed metrics that statistics and reports work on; Series holds the bucketed
// time series. A Result holds no per-user data, so its size does not grow with users.
type Result struct {
	Ordering    scenarios.Ordering `json:"ordering"`
	Replication int                `json:"replication"`

	Finished         bool    `json:"finished"`           // every user on Outlook 2003 against a 2003 server within the horizon
	MigrationEndDays float64 `json:"migration_end_days"` // days from start to the end of the plan; the horizon when not finished
	ProgressFraction float64 `json:"progress_fraction"`  // share of users fully migrated at the end (1 when finished)

	WANGigabytes        float64            `json:"wan_gigabytes"`          // GB (1e9 bytes) that crossed the WAN (site WAN, datacenter or remote access links), each byte once, until each user's end state; all classes but background
	WANGigabytesByClass map[string]float64 `json:"wan_gigabytes_by_class"` // GB by traffic class (Classes)
	// EndStateWANGigabytes is the steady (and catch-up) traffic, GB, of users already
	// in their end state that crossed the WAN: not part of WANGigabytes.
	EndStateWANGigabytes float64 `json:"end_state_wan_gigabytes"`
	PeakLinkUtilization  float64 `json:"peak_link_utilization"` // highest bucket utilization of any WAN or datacenter link, in [0, 1]
	SaturatedLinkHours   float64 `json:"saturated_link_hours"`  // hours with utilization ≥ clients.online.degraded_utilization (default 0.9), summed over links

	BlockedUserHours         float64            `json:"blocked_user_hours"`           // working hours users could not work, all causes
	BlockedUserHoursByCause  map[string]float64 `json:"blocked_user_hours_by_cause"`  // by BlockCauses
	WaitingUserHours         float64            `json:"waiting_user_hours"`           // working hours between install and usable
	DegradedUserHours        float64            `json:"degraded_user_hours"`          // working hours of degraded service, all causes
	DegradedUserHoursByCause map[string]float64 `json:"degraded_user_hours_by_cause"` // by DegradeCauses
	UsersBlocked             int                `json:"users_blocked"`                // distinct users blocked at least once
	UsersOSTLimit            int                `json:"users_ost_limit"`              // distinct users whose ANSI OST reached the 2 GB limit
	// EndStateUserHours is what the end state itself would cost every user over the
	// horizon (cached users disconnected in outages of their end path, header-only
	// body downloads, online waits with cached mode off): the same for both orderings,
	// and not part of disruption, which counts only the excess over it.
	EndStateUserHours float64 `json:"end_state_user_hours"`

	TimeToUsableHours Percentiles `json:"time_to_usable_hours"` // install → usable, wall-clock hours, over users
	TimeToSyncedHours Percentiles `json:"time_to_synced_hours"` // install → full sync done, wall-clock hours, over users
	// TimeToUsableQuantiles and TimeToSyncedQuantiles are the 0, 5, …, 100 % quantiles
	// (21 values, hours) of the same per-user times, for distribution charts.
	TimeToUsableQuantiles []float64 `json:"time_to_usable_quantiles"`
	TimeToSyncedQuantiles []float64 `json:"time_to_synced_quantiles"`

	CachedModeUserDays  float64 `json:"cached_mode_user_days"`  // working days users ran Outlook 2003 in cached mode
	FullFeatureUserDays float64 `json:"full_feature_user_days"` // working days users had Outlook 2003 on a 2003 server
	PeakConcurrentSyncs int     `json:"peak_concurrent_syncs"`  // most initial syncs running at once, all servers
	PeakConcurrentMoves int     `json:"peak_concurrent_moves"`  // most mailbox moves running at once, all servers

	WANOutages    int `json:"wan_outages"`    // long WAN outages that started within the horizon, all sites
	Blips         int `json:"blips"`          // short WAN interruptions, all sites
	ServerOutages int `json:"server_outages"` // server outages, all servers

	// CostTotal is the total cost in the scenario's currency; nil when it gives no costs.
	CostTotal *float64 `json:"cost_total,omitempty"`

	Series Series `json:"series"`

	// Sites holds every site's part of the per-site metrics, in file order (empty in
	// a SiteResult itself).
	Sites []SiteResult `json:"sites,omitempty"`
	// DatacenterLink is the datacenter link's part of peak_link_utilization and
	// saturated_link_hours (the sites' rows hold their own WAN links').
	DatacenterLink LinkFigures `json:"datacenter_link"`
}

// Percentiles are two quantiles of a per-user quantity.
type Percentiles struct {
	P50 float64 `json:"p50"` // median, in the unit of the quantity
	P95 float64 `json:"p95"` // 95th percentile, in the unit of the quantity
}

// Series is a set of bucketed time series sharing one time axis: bucket i covers
// [i·BucketSeconds, (i+1)·BucketSeconds) of simulated time.
type Series struct {
	BucketSeconds float64       `json:"bucket_seconds"` // bucket length in seconds (the last bucket may end early, at the horizon)
	Groups        []SeriesGroup `json:"groups"`         // one per chart, in a fixed order
}

// SeriesGroup is one chart's worth of lines, e.g. users by state.
type SeriesGroup struct {
	Key   string `json:"key"`   // e.g. users_by_state, link_utilization, wan_bytes_by_class, server_syncs, server_moves
	Unit  string `json:"unit"`  // e.g. users, fraction, bytes
	Lines []Line `json:"lines"` // one per server, link, state or class
}

// Line is one named series: time-weighted averages (levels), utilizations (fractions)
// or totals (bytes) per bucket, in its group's Unit.
type Line struct {
	Name   string    `json:"name"`   // the server, link, state or class
	Values []float64 `json:"values"` // one per bucket
}

// Scalar is one keyed metric of a Result, e.g. "blocked_user_hours_by_cause.wan_outage".
type Scalar struct {
	Key   string  // as in MetricDef.Key
	Value float64 // in the unit of the metric's MetricDef
}
