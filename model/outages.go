package model

import (
	"fmt"
	"math"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// buildOutages creates the outage processes; each draws from its own named stream so
// both orderings of a replication see the same outages.
func (w *world) buildOutages() {
	sc := w.sc
	add := func(name string, o scenarios.Outage, cause int, res ...sim.ResourceID) {
		if o.Off || o.MTBF <= 0 {
			return
		}
		p := outageProc{res: res, cause: cause, o: o,
			rng: sim.Stream(sc.Simulation.Seed, w.rep, name)}
		if o.Duration.Kind != scenarios.DistUniform && float64(o.Duration.P95) > float64(o.Duration.Median) && o.Duration.Median > 0 {
			d := sim.LogNormalMedianP95(float64(o.Duration.Median), float64(o.Duration.P95), p.rng)
			p.ln = d.Rand
		}
		seen := map[int32]bool{}
		for _, r := range res {
			for _, g := range w.resGroups[r] {
				if !seen[g] {
					seen[g] = true
					p.groups = append(p.groups, g)
				}
			}
		}
		w.procs = append(w.procs, p)
	}
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		add("outage/wan/"+s.Name, s.Outages.WAN, causeWAN, st.wanDown, st.wanUp)
		add("outage/blip/"+s.Name, s.Outages.Blips, causeBlip, st.wanDown, st.wanUp)
	}
	// the datacenter link and every remote user's access link: off unless the scenario
	// gives a process; named streams, so both orderings see the same outages
	add("outage/datacenter-link", sc.Datacenter.Outages, causeWAN, w.dcIn, w.dcOut)
	for _, a := range w.access {
		add(fmt.Sprintf("outage/remote/%s/%d", sc.Sites[a.site].Name, a.k), sc.Sites[a.site].RemoteUsers.Outages, causeWAN, a.res)
	}
	for i := range w.servers {
		s := &w.servers[i]
		o := sc.Servers.Exchange55.Outages
		if s.is2003 {
			o = sc.Servers.Exchange2003.Outages
		}
		add("outage/server/"+s.name, o, causeServer, s.res)
	}
}

// duration draws an outage length in seconds.
func (p *outageProc) duration() float64 {
	d := p.o.Duration
	switch {
	case d.Kind == scenarios.DistUniform:
		return float64(d.Min) + p.rng.Float64()*float64(d.Max-d.Min)
	case p.ln != nil:
		return p.ln()
	default:
		return float64(d.Median)
	}
}

// onOutStart starts an outage of process p: its resources fail, its groups block.
func (w *world) onOutStart(p int) {
	pr := &w.procs[p]
	t := w.now()
	pr.start = t
	w.led.outageStarted(pr.cause)
	for _, r := range pr.res {
		w.resDepth[r]++
		if w.resDepth[r] == 1 {
			w.net.SetCapacity(r, 0)
		}
	}
	restart := w.sc.Clients.Outlook2003.ResumeNeeds2003
	for _, gi := range pr.groups {
		w.setBlock(gi, pr.cause, 1)
		w.setDown(gi, 1)
		g := &w.groups[gi]
		if restart && !w.servers[g.server].is2003 {
			for _, u := range g.syncs {
				if st := w.uStage[u]; st >= stageUsable && st <= stageOAB {
					w.keepFolders(int(u), st, w.abortUserFlow(int(u)))
					w.uStage[u] = stageAborted
					pr.pending = append(pr.pending, u)
				}
			}
		}
	}
	if w.sc.Rollout.Moves.OnFailure != scenarios.OnFailureResume {
		for k := int(w.first03); k < len(w.servers); k++ {
			for _, m := range w.servers[k].moving {
				if u := m.u; w.moveCrosses(int(u), pr.res) {
					w.abortUserFlow(int(u))
					w.uFlow[u] = w.moveFlow(int(u))
				}
			}
		}
	}
	w.eng.At(sim.Time(t+math.Max(pr.duration(), 0)), w.hOutEnd, p)
}

// moveCrosses reports whether user u's move path uses any of res.
func (w *world) moveCrosses(u int, res []sim.ResourceID) bool {
	k := int(w.uTarget[u] - w.first03)
	h := int(w.sites[w.uSite[u]].host)
	for _, a := range w.net.PathResources(w.movePth[h*w.n03+k]) {
		for _, b := range res {
			if a == b {
				return true
			}
		}
	}
	return false
}

// onOutEnd ends an outage of process p: capacity returns, cached users catch up,
// aborted syncs restart, and the groups unblock after the reconnect penalty.
func (w *world) onOutEnd(p int) {
	pr := &w.procs[p]
	t := w.now()
	for _, r := range pr.res {
		w.resDepth[r]--
		if w.resDepth[r] == 0 {
			w.net.SetCapacity(r, w.resCap[r])
		}
	}
	wdur := w.cal.between(pr.start, t)
	for _, gi := range pr.groups {
		g := &w.groups[gi]
		daily := float64(w.sc.Sites[g.site].Mailbox.Traffic.Cached)
		w.setDown(gi, -1)
		if g.cached > 0 && wdur > 0 && daily > 0 && w.cal.dayLen > 0 {
			size := float64(g.cached) * daily * wdur / w.cal.dayLen * w.wire(g.server)
			w.startCatchUp(gi, size)
		}
	}
	for _, u := range pr.pending {
		if w.uStage[u] == stageAborted {
			w.runStage(int(u), stageUsable)
		}
	}
	pr.pending = pr.pending[:0]
	if pen := float64(w.sc.Clients.Online.ReconnectPenalty); pen > 0 {
		w.eng.At(sim.Time(t+pen), w.hUnblock, p)
	} else {
		w.onUnblock(p)
	}
	if next := t + pr.rng.ExpFloat64()*float64(pr.o.MTBF); next < w.horizon {
		w.eng.At(sim.Time(next), w.hOutStart, p)
	}
}

// onUnblock ends the block of process p's groups.
func (w *world) onUnblock(p int) {
	pr := &w.procs[p]
	for _, gi := range pr.groups {
		w.setBlock(gi, pr.cause, -1)
	}
}
