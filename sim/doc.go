// Package sim is a discrete-event simulation engine: a clock, an event
// calendar, named random streams, a fluid-flow network, time-weighted series
// and a replication runner. It knows nothing of e-mail: links and servers are
// resources, transfers are flows.
//
// # Time
//
// Time is simulated time in seconds (float64) since the start of the run.
// An Engine keeps the clock and a calendar of events, each a Handler and an int
// argument to call at a time. Handlers are plain functions (pre-bind method
// values once, so scheduling allocates nothing); there are no goroutines per
// process. The clock jumps from event to event: Run fires events in order of
// time, and events at the same time fire in the order they were scheduled.
// Cancel removes a pending event (lazily: its calendar entry is discarded
// when it surfaces). The calendar is a binary heap of 16-byte value entries
// (time; sequence number and slot packed in one word) — no interfaces, no
// pointers — plus, per pending event, a slot holding its handler and argument
// and a 4-byte generation for Cancel. While a handler
// runs, its spent entry stays at the root, and the handler's first At takes
// its place (one sift instead of a pop and a push). The calendar allocates
// nothing per event once warm.
//
// # Flows
//
// A Network holds resources with capacities in bits per second, and flows
// with sizes in bytes that cross a path of resources. Between events every rate
// is constant, so bytes moved are integrated exactly (never sampled), per
// resource and class, in totals and in buckets (Record, BytesSeries).
//
// The sharing rule, applied after every change: on each resource, class
// reservations (steady background rates) are served first, scaled down in
// proportion if together they exceed the capacity; the rest is shared by the
// running flows max-min fairly, respecting per-flow caps. That is progressive
// filling: the rates of all flows rise together; a flow stops rising when it
// reaches its cap or when a resource on its path is full; the others keep
// rising. The result is the unique allocation in which no flow can go faster
// without slowing a flow that is no faster than it. A resource with capacity 0
// (an outage) gives its flows rate 0; they resume by themselves when the
// capacity returns. Paused flows keep their progress and take no capacity.
//
// Flows with the same path and cap form a group and always share one per-flow
// rate (whatever their classes, which only label bytes), so rates are
// computed over groups and resources, never over individual flows. Each group keeps a processor-sharing virtual clock — the
// bytes served to each of its flows since it last emptied — and a heap of
// finish tags (virtual start + size), so a flow's completion time is computed,
// not stepped: starting or completing a flow costs O(log n) in its group, and
// one engine event stands for the earliest completion of the whole network.
//
// All changes made at one instant (starts, completions, pauses, capacity and
// reservation changes) are re-rated once, just before the clock advances
// (Engine.BeforeAdvance), or at once when a query needs a rate. Re-rating is
// regional. Each group remembers its bottleneck (the full resource that
// limits it, or its cap), and a group's rate can change only if its
// bottleneck's share changes or a resource it crosses fills below its rate.
// So the region starts from the groups whose number of running flows changed
// (and all groups on a resource whose capacity changed), and takes in the
// groups bottlenecked at the full resources that region groups cross;
// progressive filling runs over the region with the other groups' loads as
// fixed background, and if it fills a resource below the rate of an outside
// group crossing it, that resource's groups join and filling restarts. The
// result is the same max-min allocation as a global computation (the tests
// check it against the definition after thousands of random changes). A
// change on a resource that is
// not full before or after it (a reservation on an idle link) re-rates
// nothing, and neither does an instant that leaves every group with as many
// running flows as before (a flow ending and its successor starting on the
// same path). The cost of an instant is thus proportional to the groups whose
// rate may change (times their path lengths, with a logarithmic factor), not
// to the number of flows.
//
// Bytes are integrated per resource and class whenever a carried rate
// changes; carried rates are updated by difference and recomputed from the
// groups when a resource empties and every 1024 updates, so rounding cannot
// accumulate. A flow counts as finished when what is left is below 1e-9 of
// its size (or its completion time rounds to the current instant).
//
// Handles: inside a flow's Done handler the flow is no longer Active and
// Moved returns its size; afterwards the handle is stale (Moved, Remaining
// and Rate return 0). A flow with SizeBytes <= 0 completes at the current
// instant. Paths are non-empty lists of distinct resources.
//
// # Determinism
//
// A run is a pure function of its inputs and seeds: ties in time break by
// scheduling order, flows completing at one instant are reported in a fixed
// order, and no map iteration or goroutine scheduling reaches the results.
// Random numbers come only from Stream(seed, replication, name): each name is
// an independent PCG stream, so two variants of one replication that use the
// same names draw the same random world (common random numbers), whatever else
// they draw. Replicate runs replications on several goroutines and delivers
// results in replication order; results do not depend on the number of workers.
package sim
