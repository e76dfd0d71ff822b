package model

import "math"

// What users wait for while they work: online-mode actions and header-only body
// downloads, from the bandwidth their path gives them, its round-trip time and their
// server's RPC latency, counted beyond what the end state would cost at the same moment.
//
// Resolution (documented in doc.go): the users are exact — each group's history of
// counts, with working time integrated exactly — and the network and the servers are
// bucket averages: per resource and bucket, the carried reservations, the carried
// transfer bytes and the time-average number of transfers; per server, the average
// number of mailboxes it holds and of transfers it serves. The datacenter link is on
// thousands of groups' paths, so per-event rates would cost a re-evaluation per group
// at every flow start or end.

// profileIntegral returns ∫ of the steady profile over [a, e] as its two parts
// (∫A dt, ∫B dt; the rate per daily unit is A + B × the peak factor), in working-day
// shares: over a whole working day A + B × any peak factor integrates to 1.
func (w *world) profileIntegral(a, e float64) (ia, ib float64) {
	for a < e {
		nb := math.Min(e, w.nextProfileChange(a))
		pa, pb := w.steadyProfile(a)
		ia += pa * (nb - a)
		ib += pb * (nb - a)
		a = nb
	}
	return ia, ib
}

// waitInputs is what one action costs on a path at one moment.
type waitInputs struct {
	rttS, rpcS, shareBps float64
}

// userWaits is the waiting of one user class on a path, and how it splits over the
// three parts of an online action (round trips × RTT, round trips × RPC, bytes over
// the share).
func (in waitInputs) action(roundTrips, bytes float64) (act, lat, srv, bw float64) {
	lat = roundTrips * in.rttS
	srv = roundTrips * in.rpcS
	if bytes > 0 {
		bw = math.Inf(1)
		if in.shareBps > 0 {
			bw = bytes * 8 / in.shareBps
		}
	}
	return lat + srv + bw, lat, srv, bw
}

// waitWalk adds every group's online-mode and header-only waiting beyond the end state
// to the degraded causes: per step of the group's history and per bucket it overlaps,
// count × working seconds × max(0, r − r_end).
func (w *world) waitWalk() {
	l := &w.led
	on := &w.sc.Clients.Online
	if !(on.ActionsPerDay > 0) {
		return
	}
	homed := make([][]float64, len(w.servers))
	for k := range w.servers {
		homed[k] = l.srvHomed.Series(k)
	}
	for gi := range w.groups {
		h := l.tally[gi].hist
		if len(h) == 0 {
			continue
		}
		g := &w.groups[gi]
		for q := range h {
			st := &h[q]
			if st.onOld+st.onNew+st.hdr == 0 {
				continue
			}
			t0, t1 := st.t, w.horizon
			if q+1 < len(h) {
				t1 = math.Min(h[q+1].t, w.horizon)
			}
			for b := int(t0 / l.bucket); b < l.buckets && float64(b)*l.bucket < t1; b++ {
				a := math.Max(t0, float64(b)*l.bucket)
				e := math.Min(t1, float64(b)*l.bucket+l.bucketLen(b))
				ws := w.cal.between(a, e)
				if ws <= 0 {
					continue
				}
				ia, ib := w.profileIntegral(a, e)
				w.waitSegment(g, st, b, ws, ia, ib, homed)
			}
		}
	}
}

// waitSegment adds the waiting of history step st of group g over ws working seconds
// of bucket b, whose steady profile integrates to (ia, ib).
func (w *world) waitSegment(g *group, st *waitStep, b int, ws, ia, ib float64, homed [][]float64) {
	l := &w.led
	on := &w.sc.Clients.Online
	o3 := &w.sc.Clients.Outlook2003
	mb := &w.sc.Sites[g.site].Mailbox
	alpha := on.ActionsPerDay * (ia + ib*mb.Traffic.PeakFactor) / ws // actions per working second
	if !(alpha > 0) {
		return
	}
	in := waitInputs{rttS: 2 * g.latency, rpcS: w.rpcSeconds(g.server, b, homed), shareBps: w.pathShare(g, b)}
	rEnd := w.endRate(g.endGroup, ws, ia, ib)
	acc, hang := float64(on.AcceptedResponse), float64(on.HangThreshold)
	bOld := float64(mb.Traffic.Online) / on.ActionsPerDay
	online := func(n, bytes float64) {
		if n == 0 {
			return
		}
		act, lat, srv, bw := in.action(on.RoundTripsPerAction, bytes)
		x := excess(waitRate(alpha, waitSeconds(act, acc, hang)), rEnd) * n * ws
		if x == 0 {
			return
		}
		// split the excess over the action's parts, by their share of its time
		switch {
		case math.IsInf(bw, 1):
			l.siteSec[g.site][MetricDegradedBandwidth] += x
		case math.IsInf(srv, 1):
			l.siteSec[g.site][MetricDegradedServer] += x
		default:
			l.siteSec[g.site][MetricDegradedLatency] += x * lat / act
			l.siteSec[g.site][MetricDegradedServer] += x * srv / act
			l.siteSec[g.site][MetricDegradedBandwidth] += x * bw / act
		}
	}
	online(st.onOld, bOld)
	online(st.onNew, bOld*w.wire(g.server))
	if st.hdr > 0 {
		act, _, _, _ := in.action(on.RoundTripsPerAction, float64(mb.ItemSize)*w.wire(g.server))
		r := waitRate(alpha*float64(o3.BodyFetchShare), waitSeconds(act, acc, hang))
		l.siteSec[g.site][MetricDegradedHeaderFetch] += excess(r, rEnd) * st.hdr * ws
	}
}

// pathShare is the bandwidth, bits/s, one more transfer gets on group g's path in
// bucket b: the least over its resources of pathShareBps from the bucket's carried
// reservations, transfer bytes and time-average number of transfers.
func (w *world) pathShare(g *group, b int) float64 {
	share := math.Inf(1)
	blen := w.led.bucketLen(b)
	for _, r := range g.res {
		var resv, el float64
		for c := 0; c < numClasses; c++ {
			bs := w.net.BytesSeriesView(r, w.cls[c])
			if b >= len(bs) {
				continue
			}
			if c == clsSteadyOnline || c == clsSteadyCached || c == clsBackground {
				resv += bs[b]
			} else {
				el += bs[b]
			}
		}
		flows := 0.0
		if fs := w.net.FlowSecondsSeries(r); b < len(fs) {
			flows = fs[b] / blen
		}
		share = math.Min(share, pathShareBps(w.resCap[r], resv*8/blen, el*8/blen, flows))
	}
	return share
}

// rpcSeconds is server k's RPC latency in bucket b: its idle latency stretched by its
// disk share, from the mailboxes it held on average and the transfers it served.
func (w *world) rpcSeconds(k int32, b int, homed [][]float64) float64 {
	s := &w.servers[k]
	steady := 0.0
	if hs := homed[k]; b < len(hs) {
		steady = s.iopsUser * hs[b]
	}
	transfers := 0.0
	if fs := w.net.FlowSecondsSeries(s.res); b < len(fs) {
		transfers = fs[b] / w.led.bucketLen(b)
	}
	return serverRPCSeconds(s.rpcIdle, s.diskIOPS, steady, transfers)
}

// endRate is the disruption rate of end group e's end state over a segment of ws
// working seconds whose steady profile integrates to (ia, ib): Outlook 2003 as
// configured on e's 2003 server, on a network carrying only background and every
// user's end-state steady traffic, the server holding its target mailboxes and serving
// no transfers. Full cached mode waits for nothing (0); header-only mode waits for the
// bodies it opens; with cached mode off every action is online. Outages of the end
// path are counted exactly by the ledger (flush), not here.
func (w *world) endRate(ei int32, ws, ia, ib float64) float64 {
	e := &w.groups[ei]
	on := &w.sc.Clients.Online
	o3 := &w.sc.Clients.Outlook2003
	hdr := o3.CachedMode && w.hdrMode(ei)
	if o3.CachedMode && !hdr {
		return 0
	}
	mb := &w.sc.Sites[e.site].Mailbox
	alpha := on.ActionsPerDay * (ia + ib*mb.Traffic.PeakFactor) / ws
	if !(alpha > 0) {
		return 0
	}
	s := &w.servers[e.server]
	in := waitInputs{rttS: 2 * e.latency, rpcS: serverRPCSeconds(s.rpcIdle, s.diskIOPS, s.iopsUser*float64(s.sized), 0),
		shareBps: w.endShare(e, ws, ia, ib)}
	acc, hang := float64(on.AcceptedResponse), float64(on.HangThreshold)
	if hdr {
		act, _, _, _ := in.action(on.RoundTripsPerAction, float64(mb.ItemSize)*w.wire(e.server))
		return waitRate(alpha*float64(o3.BodyFetchShare), waitSeconds(act, acc, hang))
	}
	act, _, _, _ := in.action(on.RoundTripsPerAction, float64(mb.Traffic.Online)/on.ActionsPerDay*w.wire(e.server))
	return waitRate(alpha, waitSeconds(act, acc, hang))
}

// endShare is the bandwidth one transfer gets on end group e's path in the end state:
// background plus every user's end-state steady traffic, averaged over the segment.
func (w *world) endShare(e *group, ws, ia, ib float64) float64 {
	share := math.Inf(1)
	for _, r := range e.res {
		d := &w.endDaily[r]
		resv := w.net.Reservation(r, w.cls[clsBackground]) + 8*(d[0]*ia+d[1]*ib)/ws
		share = math.Min(share, pathShareBps(w.resCap[r], resv, 0, 0))
	}
	return share
}

// endStateCost adds to the ledger what the end state costs its users outside outages
// over the whole horizon (header-only body downloads, or online waits with cached
// mode off): the rate depends only on the steady profile, so the horizon's working time
// is summed per profile level once.
func (w *world) endStateCost() {
	type level struct{ a, b, secs float64 }
	var levels []level
	for t := 0.0; t < w.horizon; {
		nb := math.Min(w.horizon, w.nextProfileChange(t))
		if pa, pb := w.steadyProfile(t); pa != 0 || pb != 0 {
			found := false
			for i := range levels {
				if levels[i].a == pa && levels[i].b == pb {
					levels[i].secs += nb - t
					found = true
					break
				}
			}
			if !found {
				levels = append(levels, level{pa, pb, nb - t})
			}
		}
		t = nb
	}
	for gi := range w.groups {
		g := &w.groups[gi]
		if g.endUsers == 0 {
			continue
		}
		for _, lv := range levels {
			// one second of the level: ∫A = a, ∫B = b over ws = 1
			if r := w.endRate(int32(gi), 1, lv.a, lv.b); r > 0 {
				w.led.siteSec[g.site][MetricEndStateUserHours] += float64(g.endUsers) * lv.secs * r
			}
		}
	}
}

// endDailyAdd sums every user's end-state daily steady bytes onto the resources of its
// end path: endDaily[r] = (Σ daily bytes, Σ daily bytes × peak factor).
func (w *world) endDailyAdd() {
	w.endDaily = make([][2]float64, len(w.resName))
	for gi := range w.groups {
		g := &w.groups[gi]
		if g.endUsers == 0 {
			continue
		}
		tr := &w.sc.Sites[g.site].Mailbox.Traffic
		daily := float64(tr.Cached)
		if !w.sc.Clients.Outlook2003.CachedMode {
			daily = float64(tr.Online)
		}
		n := float64(g.endUsers)
		for _, r := range g.res {
			w.endDaily[r][0] += n * daily
			w.endDaily[r][1] += n * daily * tr.PeakFactor
		}
	}
}
