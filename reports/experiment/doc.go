// Package experiment runs the paired experiments of a resolved scenario from Go code,
// without the command line: Compare runs every ordering on the same random worlds
// (common random numbers: replication r of every ordering draws the same mailboxes
// and outages) and aggregates them into a reports.Comparison; Sweep runs one
// Comparison per value of a parameter and finds where the recommendation flips.
// Both return what the writers of package reports (text, JSON, CSV, HTML) take.
//
// Robustness reruns a Comparison's first random worlds with each assumed parameter
// at the low and high end of its range (scenarios.Variation) and says whether the
// recommendation flips; Ablation reruns them with each mechanism a reason can name
// switched off (scenarios.Mechanism) and gives the share of the difference it
// explains. Both estimate against the comparison itself (reports.PairedBase), so a
// few replications per point suffice.
//
// SweepShard runs the points of one shard of a sweep (point p in shard p mod N) and
// MergeSweep combines every shard's part into the sweep one run gives, byte for byte
// in every output; WritePart and ReadPart store a part as a file.
//
// Plan searches the plans of a scenario (PlanSpace: the ordering per site, users
// per day, concurrent moves, site order, move window) for the one with the least
// disruption that meets the planner's constraints, by successive halving on common
// random numbers, and compares it, paired, with both textbook orderings.
//
// Replicate is the building block under all of them: it runs replications on
// parallel workers and delivers each replication's results in replication order, so
// that any aggregation is bit-identical whatever the number of workers.
//
// Errors: a cancelled context gives the context's error and no result. A panic in
// the model, or an error from the model for a scenario that scenarios.Load accepted,
// is an internal error, a *BugError.
package experiment
