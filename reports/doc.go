// Package reports turns replications into decisions: statistics over replications,
// paired comparison of orderings, the recommendation, and the HTML, CSV, JSON and
// text outputs.
//
// # Use
//
// An Aggregator takes one replication at a time — one model.Result per ordering, in
// replication order, as sim.Replicate delivers them — and keeps its memory flat in the
// number of replications: one float per metric, ordering and replication, and running
// bucket-by-bucket sums of the time series; no Result is kept. Comparison then
// computes the statistics (Summarize), the paired differences (Paired) and the
// recommendation (Recommend). WriteText, WriteJSON and WriteCSV render it; the HTML
// report is WriteHTML. A sweep is a list of Comparisons; FindBreakEvens finds where
// the recommendation flips.
//
// # Statistics
//
// Per ordering and metric: n, mean, sample SD (n − 1), the 95 % CI of the mean as a
// percentile bootstrap over replications (BootstrapResamples resamples, fixed seed:
// it stays within the smallest and largest value, so a metric that is never negative
// never gets a negative bound, as a t-interval of a heavy-tailed metric over few
// replications does), the empirical 5th, 50th and 95th percentiles and the extremes. Per metric, the paired difference first − second ordering over the
// replications: because replication r of every ordering draws the same random world
// (common random numbers), each replication gives one difference, and its mean gets
// a t-CI; it is significant when the CI excludes zero (never with fewer than two
// pairs). migration_end_days counts only replications that finished within the
// horizon (and, paired, those where both finished); every output says "not finished
// in N of R replications" when a plan did not finish. Disruption,
// disruption_user_hours = blocked + waiting + degraded user-hours (each already the
// share of a working hour lost beyond the end state, so no weights), is computed per
// replication and summarized like any metric.
//
// # Recommendation
//
// The rule (see decisionSteps) looks at disruption, then WAN gigabytes, then
// finishing within the horizon and the migration end, then cost when the scenario
// gives costs, and stops at the first difference that counts: its 95 % CI excludes
// zero, it is at least decision.min_relative_difference (default 1 %) of the
// larger of the two orderings' means and, for a user-hours metric, at least
// decision.min_user_hours (default 1) — smaller differences count as ties; when none
// counts it reports a tie. Its reasons are plain sentences with the figures and
// their CIs, the causes behind a disruption difference (only those whose paired CI
// excludes zero, by their paired contribution; Cached Exchange Mode is credited only
// when clients.outlook2003.cached_mode is on), the article's exception when
// servers-first wins because of the old servers' outages or RPC latency, and the
// assumed (unsourced) parameters in force.
//
// # SCHEMA
//
// `rollout compare --json` (and `run`) writes one JSON object, schema_version 2 (1
// had degraded_weight where 2 has cached_mode, and other degraded causes). A key
// is renamed or removed, or its meaning changes, only with a new schema_version;
// keys may be added without one. Maps are written with sorted keys; floats are
// shortest round-trip decimals; no value is NaN.
//
//	schema_version      2
//	scenario            {name, description, start (YYYY-MM-DD of day 0)}
//	seed                the scenario's seed in force
//	replications        R
//	cached_mode         clients.outlook2003.cached_mode in force
//	min_relative_difference  share of the larger mean below which a difference is a tie
//	min_user_hours      user-hours below which a user-hours difference is a tie
//	intervals           how the CIs are computed, in words (bootstrap per ordering,
//	                     Student-t for paired differences)
//	orderings.NAME      {order (0-based position), not_finished (replications, of R),
//	                     metrics.KEY {n, mean, sd, ci95 [low, high], p5, p50, p95, min, max}}
//	difference_of       [A, B]: every comparison entry is A − B (absent for `run`)
//	comparison.KEY      {n, difference, ci95 [low, high], significant (the CI excludes zero),
//	                     better (an ordering or ""), practical (significant and at least
//	                     min_relative_difference of the larger mean and, in user-hours,
//	                     at least min_user_hours: counts in the rule)}
//	recommendation      {ordering ("" on a tie), tie, reasons [sentences], deciding_metric,
//	                     articles_exception}
//	robustness          (compare, unless --robustness=false) {replications (per confirmed
//	                     point; every point is screened on 1), confirmed (points rerun),
//	                     metric, lead (the sentence that opens the report), rows [{path,
//	                     value (in force), low, high, source (of the range), untested (why
//	                     nothing was rerun; absent when tested), at_low, at_high: {value,
//	                     difference (A − B), ci95 (null with one replication), favours,
//	                     recommends ("" when disruption would tie there), flips, reused
//	                     (the value in force: the comparison itself)}, flips, break_even}]}
//	ablation            (compare, unless --ablation=false) {replications (per mechanism),
//	                     min_share (0.1), rows [{mechanism (ride_through, near_server_sync,
//	                     sync_storms, server_trouble, wan_latency), off (what switching it off
//	                     means), difference (A − B with it off), share (of the difference it
//	                     explains), share_ci95, backs_reasons (share ≥ min_share, CI above
//	                     zero: only then do the reasons name it)}]}
//	notes               [caveats, e.g. "servers-first: not finished in 2 of 30 replications; …"]
//	assumptions         [{path, value, source, assumed, default}]
//	metric_definitions.KEY {order, unit, description, lower_is_better}
//	sites               [{name, users (on-site and remote), orderings [{ordering,
//	                     metrics.KEY (mean over replications of disruption_user_hours and
//	                     of every per-site metric, model.SiteMetrics), phases
//	                     {clients_start_days, clients_end_days, syncs_end_days,
//	                     moves_start_days, moves_end_days, done_days} (mean days from day
//	                     0 where it happened, −1 never)}], disruption_difference (A − B)}],
//	                     in file order; additive metrics sum over the sites to the totals
//	datacenter_link     [{ordering, peak_utilization, saturated_hours}]: the datacenter
//	                     link's part of the link figures (the sites hold their WAN links')
//	run                 {tool_version, go_version, command_line}
//
// Metric keys are the model's (model.Result.Scalars, e.g. wan_gigabytes,
// blocked_user_hours_by_cause.wan_outage, time_to_usable_hours.p95) plus
// disruption_user_hours. The command line omits --workers and --quiet, which do not
// change results, so the document is byte-identical for any number of workers.
//
// `rollout sweep --json` writes {schema_version, scenario, param, log, categorical,
// values [as written], numeric [base units; positions 0, 1, … when categorical],
// points [one comparison object as above per value],
// break_even [{between [v1, v2], estimate (base units), estimate_text, metric,
// crossed, from, to}]}. A sweep of two parameters (two --param) adds grid {params
// [A, B], values [[A's], [B's]], numeric [[…], […]]}; its points are every pair, A's
// values in the outer loop, each labelled "a, b" in values; numeric is empty and
// break_even too (the report draws the flips as a contour on a heat map).
//
// # CSV
//
// --csv DIR writes metrics.csv, comparison.csv, recommendation.csv, assumptions.csv,
// sites.csv (a row per site and ordering: every per-site metric and the dates each
// phase starts and ends there),
// one series_ORDERING_GROUP.csv per time-series group (mean over replications, one
// row per bucket) and quantiles_ORDERING.csv. A sweep writes sweep.csv (every
// metric's mean and CI per value and ordering, with the recommendation) and
// break_even.csv.
package reports
