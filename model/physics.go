package model

import "math"

// The physics of what a user waits for: pure functions of the path, the server and
// the client's behaviour, used by the ledger to turn a group's state into a
// disruption rate r — the share of a working hour a user cannot work with e-mail.

// pathShareBps is the bandwidth, in bits/s, that one more transfer gets on a resource
// of capacity capBps carrying reservedBps of steady reservations and elasticBps of
// transfers from flows transfers on average: processor sharing gives it
// (capacity − reservations) / (1 + flows), and it never gets less than the capacity
// the transfers leave unused (capped transfers such as per-client syncs leave some).
// A resource without capacity gives 0.
func pathShareBps(capBps, reservedBps, elasticBps, flows float64) float64 {
	free := capBps - reservedBps
	if !(free > 0) {
		return 0
	}
	fair := free / (1 + math.Max(flows, 0))
	return math.Max(fair, free-math.Max(elasticBps, 0))
}

// serverRPCSeconds is a server's latency per RPC: its idle latency idleS stretched by
// processor sharing of its disk. diskIOPS is its disk limit, steadyIOPS what its users
// cause, transfers the syncs and moves it serves: the disk share of one more request
// is (diskIOPS − steadyIOPS) / (1 + transfers), and the latency is
// idleS × diskIOPS / share — idleS on an idle disk, idleS / (1 − ρ) with ρ =
// steadyIOPS / diskIOPS and no transfers (the M/M/1-PS response time). A saturated
// disk gives +Inf.
func serverRPCSeconds(idleS, diskIOPS, steadyIOPS, transfers float64) float64 {
	if !(diskIOPS > 0) {
		return idleS
	}
	share := (diskIOPS - steadyIOPS) / (1 + math.Max(transfers, 0))
	if !(share > 0) {
		return math.Inf(1)
	}
	return idleS * diskIOPS / share
}

// actionSeconds is the time of one synchronous action: roundTrips × (the path's
// round-trip time + the server's RPC latency), plus its bytes over the path's share.
// A path with no bandwidth makes an action with bytes endless (+Inf).
func actionSeconds(roundTrips, rttS, rpcS, bytes, shareBps float64) float64 {
	t := roundTrips * (rttS + rpcS)
	if bytes > 0 {
		if !(shareBps > 0) {
			return math.Inf(1)
		}
		t += bytes * 8 / shareBps
	}
	return t
}

// waitSeconds is what one action of actionS seconds costs the user: the time beyond
// the accepted response, or the whole action once it reaches the hang threshold
// (the client hangs, and the user loses all of it).
func waitSeconds(actionS, acceptedS, hangS float64) float64 {
	if actionS >= hangS {
		return actionS
	}
	return math.Max(0, actionS-acceptedS)
}

// waitRate is the share of working time lost to actionsPerSecond actions that each
// cost waitS seconds, capped at the whole of it.
func waitRate(actionsPerSecond, waitS float64) float64 {
	if !(actionsPerSecond > 0) || !(waitS > 0) {
		return 0
	}
	return math.Min(1, actionsPerSecond*waitS)
}

// excess is what a disruption rate r costs over the end state's rate rEnd at the same
// moment: only what the ordering changes counts.
func excess(r, rEnd float64) float64 {
	return math.Max(0, r-rEnd)
}
