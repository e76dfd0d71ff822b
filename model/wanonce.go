package model

import (
	"math"

	"github.com/rollout-sim/rollout/sim"
)

// WAN volume counted once (measured, not behaviour): a byte that crosses the WAN — a
// site WAN link, the datacenter link or a remote access link, however many of them its
// path crosses — counts once in wan_gigabytes, attributed to the site of the user it
// serves; the bytes per link stay in the link series. Transfers count at their start
// with their size and give back what they had not moved when aborted or at the horizon.
// Steady traffic counts its demand (users × daily bytes × the profile) while the path
// is up, split at each user's end state: before it, migration-window traffic
// (wan_gigabytes_by_class.steady_*), after it, end_state_wan_gigabytes. Catch-up after
// an outage splits the same way, by the share of the group's cached users not yet in
// their end state.

// addPath adds a path over res and records whether it crosses a WAN link.
func (w *world) addPath(res ...sim.ResourceID) sim.PathID {
	p := w.net.AddPath(res...)
	for int(p) >= len(w.pathWAN) {
		w.pathWAN = append(w.pathWAN, false)
	}
	for _, r := range res {
		if w.resWAN[r] {
			w.pathWAN[p] = true
		}
	}
	return p
}

// startUserFlow starts flow f of traffic class c for user u and counts its bytes once
// when its path crosses the WAN.
func (w *world) startUserFlow(u int, f sim.Flow, c int) sim.FlowID {
	id := w.net.Start(f)
	w.uWANCls[u] = 0
	if w.pathWAN[f.Path] && f.SizeBytes > 0 {
		w.uWANCls[u] = uint8(c + 1)
		w.led.wanAdd(w.uSite[u], c, f.SizeBytes)
	}
	return id
}

// abortUserFlow aborts user u's running flow and returns the bytes it moved; the
// bytes it had not moved are no longer counted.
func (w *world) abortUserFlow(u int) (moved float64) {
	id := w.uFlow[u]
	rem := w.net.Remaining(id)
	moved = w.net.Abort(id)
	if c := w.uWANCls[u]; c > 0 {
		w.led.wanAdd(w.uSite[u], int(c-1), -rem)
		w.uWANCls[u] = 0
	}
	return moved
}

// catchUp is a running catch-up transfer counted once: its site and the share of its
// bytes in the migration window (the rest is end-state traffic).
type catchUp struct {
	id   sim.FlowID
	site int32
	frac float64
}

// startCatchUp starts group gi's catch-up transfer of size bytes after an outage.
func (w *world) startCatchUp(gi int32, size float64) {
	g := &w.groups[gi]
	id := w.net.Start(sim.Flow{SizeBytes: size, Path: g.path, Class: w.cls[clsCatchUp]})
	if !g.wan || !(size > 0) || g.cached <= 0 {
		return
	}
	doneCa := int32(0)
	if !w.led.endOnline {
		doneCa = g.done
	}
	frac := float64(g.cached-doneCa) / float64(g.cached)
	w.led.wanAdd(g.site, clsCatchUp, size*frac)
	w.led.siteEndWAN[g.site] += size * (1 - frac)
	w.led.catchUps = append(w.led.catchUps, catchUp{id: id, site: g.site, frac: frac})
}

// finishWAN gives back the bytes that transfers running at the horizon have not moved.
func (w *world) finishWAN() {
	for u := 0; u < w.nUsers; u++ {
		if c := w.uWANCls[u]; c > 0 && w.net.Active(w.uFlow[u]) {
			w.led.wanAdd(w.uSite[u], int(c-1), -w.net.Remaining(w.uFlow[u]))
		}
	}
	for _, cu := range w.led.catchUps {
		if w.net.Active(cu.id) {
			rem := w.net.Remaining(cu.id)
			w.led.wanAdd(cu.site, clsCatchUp, -rem*cu.frac)
			w.led.siteEndWAN[cu.site] -= rem * (1 - cu.frac)
		}
	}
}

// wanAdd counts b bytes of class c crossing the WAN for site s.
func (l *ledger) wanAdd(s int32, c int, b float64) { l.siteWAN[s][c] += b }

// steadyWAN integrates group g's steady WAN demand from the profile position (pa, pb)
// of its last flush to (na, nb) now: the users not yet in their end state into the
// steady classes, the others into the end state's WAN bytes. Only while the path is up.
func (l *ledger) steadyWAN(g *group, pa, pb, na, nb float64) {
	if !g.wan || g.down > 0 {
		return
	}
	tr := &l.traffic[g.site]
	f := (na - pa) + (nb-pb)*tr.PeakFactor
	if !(f > 0) {
		return
	}
	doneOn, doneCa := g.done, int32(0)
	if !l.endOnline {
		doneOn, doneCa = 0, g.done
	}
	on, ca := float64(tr.Online)*f, float64(tr.Cached)*f
	l.siteWAN[g.site][clsSteadyOnline] += float64(g.online-doneOn) * on
	l.siteWAN[g.site][clsSteadyCached] += float64(g.cached-doneCa) * ca
	l.siteEndWAN[g.site] += float64(doneOn)*on + float64(doneCa)*ca
}

// profilePrefix returns the steady profile's integral over [0, t) (see steadyProfile)
// as its two parts (A, B; the rate per daily byte is A + B × the peak factor), in
// working days: each whole working day adds (1, 0). The profile is 0 outside working
// time, so it is a function of the working-time position alone. O(1).
func (c *calendar) profilePrefix(t float64) (a, b float64) { return c.profileOfW(c.W(t)) }

// profileOfW returns the steady profile's integral over the first wv working seconds
// as (A, B) in working days: whole working days, then the position x in the last one
// (the peak hour is its second hour). O(1).
func (c *calendar) profileOfW(wv float64) (a, b float64) {
	if !(wv > 0) || c.dayLen <= 0 {
		return 0, 0
	}
	days := math.Floor(wv / c.dayLen)
	x := wv - days*c.dayLen // in [0, dayLen) up to rounding
	if x < 0 {
		x = 0
	} else if x > c.dayLen {
		x = c.dayLen
	}
	avg := 1 / c.dayLen
	h := c.dayLen / 3600
	if h < 2 {
		return days + x*avg, 0
	}
	off, peak := x, 0.0 // seconds outside and inside the peak hour [3600, 7200)
	switch {
	case x > 7200:
		off, peak = x-3600, 3600
	case x > 3600:
		off, peak = 3600, x-3600
	}
	return days + off*avg*h/(h-1), -off*avg/(h-1) + peak*avg
}

// profileNow returns profileOfW of the working-time position wn, cached per position
// (a flush of every group at one instant computes it once).
func (l *ledger) profileNow(wn float64) (a, b float64) {
	if wn != l.pW {
		l.pW = wn
		l.pA, l.pB = l.cal.profileOfW(wn)
	}
	return l.pA, l.pB
}
