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
// when it surfaces). The calendar is a binary heap of 16-byte entries with the
// payloads kept aside, and allocates nothing per event once warm.
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
// Flows with the same (path, cap, class) form a group and always share one
// per-flow rate, so rates are computed over groups and resources, never over
// individual flows. Each group keeps a processor-sharing virtual clock — the
// bytes served to each of its flows since it last emptied — and a heap of
// finish tags (virtual start + size), so a flow's completion time is computed,
// not stepped: starting or completing a flow costs O(log n) in its group.
// All changes made at one instant (starts, completions, capacity changes) are
// re-rated once, just before the clock advances (Engine.BeforeAdvance), or at
// once when a query needs a rate. A flow counts as finished when what is left
// is below 1e-9 of its size.
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
