package model

import "github.com/rollout-sim/rollout/sim"

// Ablation switches read by the model (scenarios.Ablations): each turns one
// mechanism off so that an experiment can measure how much of a difference it
// explains. A scenario as read has none set.

// syncPath is the path user u's initial sync (or resync) crosses from group gi: the
// group's own, or, with near-server sync switched off, the path of the group its
// users end in on the 2003 server, so a sync never runs against the nearby 5.5
// server.
func (w *world) syncPath(gi int32) sim.PathID {
	g := &w.groups[gi]
	if w.sc.Off.NearServerSyncOff && !w.servers[g.server].is2003 {
		return w.groups[g.endGroup].path
	}
	return g.path
}

// outageBlocked is the number of group g's users an outage blocks: its online-mode
// users, and with ride-through switched off its cached users too (those already past
// their first sync; the others are counted as waiting for it).
func (l *ledger) outageBlocked(g *group) float64 {
	n := float64(g.online)
	if l.rideOff {
		n += float64(max(g.cached-g.waiting, 0))
	}
	return n
}
