// Package experiment runs the paired experiments of a resolved scenario from Go code,
// without the command line: Compare runs every ordering on the same random worlds
// (common random numbers: replication r of every ordering draws the same mailboxes
// and outages) and aggregates them into a reports.Comparison; Sweep runs one
// Comparison per value of a parameter and finds where the recommendation flips.
// Both return what the writers of package reports (text, JSON, CSV, HTML) take.
//
// Replicate is the building block under both: it runs replications on parallel
// workers and delivers each replication's results in replication order, so that any
// aggregation is bit-identical whatever the number of workers. Further experiments
// (reruns at low and high values of assumed parameters, ablation switches, a search
// over plans with successive halving, runs split into shards by replication range)
// are functions over the same pieces: scenarios to run, Options, Replicate and
// reports.Aggregator.
//
// Errors: a cancelled context gives the context's error and no result. A panic in
// the model, or an error from the model for a scenario that scenarios.Load accepted,
// is an internal error, a *BugError.
package experiment
