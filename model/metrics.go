package model

import (
	"math"
	"slices"

	"rollout/scenarios"
	"rollout/sim"
)

// finish integrates every accumulator up to the horizon.
func (w *world) finish() {
	wn := w.nowW()
	for g := range w.groups {
		w.flushGroup(int32(g))
	}
	for _, it := range []*integrator{&w.waiting, &w.hdrDeg, &w.cachedN, &w.fullN, &w.on55, &w.on03} {
		it.add(wn, 0)
	}
	for u := 0; u < w.nUsers; u++ {
		f := w.uFlags[u]
		if !w.onlineMode(u) {
			continue
		}
		if f&flagMoving != 0 {
			if b := wn - w.cal.W(w.uMoveT[u]); b > 0 {
				w.blocked[causeMove] += b
				w.uFlags[u] |= flagBlocked
			}
		} else if w.groups[w.uGroup[u]].stampW > w.uJoinW[u] {
			w.uFlags[u] |= flagBlocked
		}
	}
	w.net.Flush()
	t := w.eng.Now()
	w.levels.Finish(t)
	w.srvSyncs.Finish(t)
	w.srvMoves.Finish(t)
	w.srvOnline.Finish(t)
}

// congestion returns the user working seconds of online-mode users (not blocked, not
// on a slow link, without degraded latency) whose path crossed a link in one of its
// saturated buckets (congested[link], ascending bucket indexes): per congestion key,
// Σ over the saturated buckets of any of its links of ∫ count × working time over the
// bucket. O(history + saturated buckets) per key, no loop over users or all buckets.
func (w *world) congestion(congested [][]int32) float64 {
	var acc float64
	var bs []int32
	for k := range w.congKeys {
		ck := &w.congKeys[k]
		if len(ck.hist) == 0 {
			continue
		}
		// the union of the links' saturated buckets
		bs = bs[:0]
		for _, l := range ck.links {
			bs = append(bs, congested[l]...)
		}
		if len(bs) == 0 {
			continue
		}
		if len(ck.links) > 1 {
			slices.Sort(bs)
			bs = slices.Compact(bs)
		}
		h := ck.hist
		p := 0 // first step that ends after the bucket start
		for _, b := range bs {
			t0 := float64(b) * w.bucket
			t1 := t0 + w.bucketLen(int(b))
			for p < len(h)-1 && h[p+1].t <= t0 {
				p++
			}
			for q := p; q < len(h) && h[q].t < t1; q++ {
				if h[q].n <= 0 {
					continue
				}
				a, e := math.Max(t0, h[q].t), t1
				if q+1 < len(h) {
					e = math.Min(e, h[q+1].t)
				}
				acc += h[q].n * w.cal.between(a, e)
			}
		}
	}
	return acc
}

// bucketLen is the length of bucket b in seconds (the last may be partial).
func (w *world) bucketLen(b int) float64 {
	return math.Min(w.bucket, w.horizon-float64(b)*w.bucket)
}

// result assembles the Result of a finished run.
func (w *world) result() *Result {
	sc := w.sc
	r := &Result{Ordering: w.ord, Replication: w.rep}
	r.Finished = w.doneN == w.nUsers
	if r.Finished {
		r.MigrationEndDays = w.endT / secondsPerDay
		r.ProgressFraction = 1
	} else {
		r.MigrationEndDays = w.horizon / secondsPerDay
		r.ProgressFraction = float64(w.doneN) / float64(w.nUsers)
	}
	// WAN bytes by class, summed over WAN links (a byte that crosses a site WAN link and
	// the datacenter link counts on both)
	r.WANGigabytesByClass = make(map[string]float64, len(Classes))
	for c, name := range Classes {
		var b float64
		for res := range w.resName {
			if w.resWAN[res] {
				b += w.net.Bytes(sim.ResourceID(res), w.cls[c])
			}
		}
		r.WANGigabytesByClass[name] = b / 1e9
		r.WANGigabytes += b / 1e9
	}
	// link utilization per bucket
	series := Series{BucketSeconds: w.bucket}
	util := SeriesGroup{Key: "link_utilization", Unit: "fraction"}
	byClass := SeriesGroup{Key: "wan_bytes_by_class", Unit: "bytes"}
	classLines := make([][]float64, len(Classes))
	for c := range classLines {
		classLines[c] = make([]float64, w.buckets)
	}
	// a link-bucket at or above this utilization is saturated (saturated_link_hours)
	// and congests the online-mode users whose path crosses the link (issue 5's 0.9 by
	// default); 0 (possible only in a Scenario built in Go: files require > 0) switches
	// both off, as a zero load_threshold does for server_load
	sat := float64(sc.Clients.Online.DegradedUtilization)
	if !(sat > 0) {
		sat = math.Inf(1)
	}
	congested := make([][]int32, len(w.resName)) // per WAN link: its saturated buckets, ascending
	scratch := make([]float64, w.buckets)
	for res := range w.resName {
		if !w.resWAN[res] {
			continue
		}
		line := scratch // remote access links: congestion only, no line
		if w.resSeries[res] {
			line = make([]float64, w.buckets)
		} else {
			clear(line)
		}
		for c := 0; c < numClasses; c++ {
			if w.net.Bytes(sim.ResourceID(res), w.cls[c]) == 0 {
				continue
			}
			bs := w.net.BytesSeriesView(sim.ResourceID(res), w.cls[c])
			for b := 0; b < w.buckets && b < len(bs); b++ {
				if c < len(Classes) {
					classLines[c][b] += bs[b]
				}
				if line != nil {
					line[b] += bs[b]
				}
			}
		}
		for b := range line {
			u := 0.0
			if den := w.resCap[res] * w.bucketLen(b); den > 0 {
				u = line[b] * 8 / den
			}
			line[b] = u
			if u >= sat {
				congested[res] = append(congested[res], int32(b))
				if w.resSeries[res] {
					r.SaturatedLinkHours += w.bucketLen(b) / 3600
				}
			}
			if w.resSeries[res] {
				r.PeakLinkUtilization = math.Max(r.PeakLinkUtilization, u)
			}
		}
		if w.resSeries[res] {
			util.Lines = append(util.Lines, Line{Name: w.resName[res], Values: line})
		}
	}
	w.degraded[degCongestion] = w.congestion(congested)
	for c, name := range Classes {
		byClass.Lines = append(byClass.Lines, Line{Name: name, Values: classLines[c]})
	}
	// server load: online users of a server are degraded in buckets where its
	// utilization reaches the version's load threshold
	for k := range w.servers {
		s := &w.servers[k]
		if !(s.loadThresh > 0) {
			continue
		}
		// exact shortcut: if all the bytes the server ever carried would not reach the
		// threshold within one bucket, no bucket does
		var total float64
		for c := 0; c < numClasses; c++ {
			total += w.net.Bytes(s.res, w.cls[c])
		}
		if total*8 < s.loadThresh*w.resCap[s.res]*math.Min(w.bucket, w.bucketLen(w.buckets-1)) {
			continue
		}
		load := make([]float64, w.buckets)
		for c := 0; c < numClasses; c++ {
			if w.net.Bytes(s.res, w.cls[c]) == 0 {
				continue
			}
			bs := w.net.BytesSeriesView(s.res, w.cls[c])
			for b := 0; b < w.buckets && b < len(bs); b++ {
				load[b] += bs[b]
			}
		}
		online := w.srvOnline.Series(k)
		for b := range load {
			den := w.resCap[s.res] * w.bucketLen(b)
			if den <= 0 || load[b]*8/den < s.loadThresh || b >= len(online) {
				continue
			}
			t0 := float64(b) * w.bucket
			w.degraded[degServerLoad] += online[b] * w.cal.between(t0, t0+w.bucketLen(b))
		}
	}
	w.degraded[degHeaderOnly] = w.hdrDeg.acc
	w.degraded[degServerSlow] = w.on55.acc*float64(sc.Servers.Exchange55.SlowFraction) +
		w.on03.acc*float64(sc.Servers.Exchange2003.SlowFraction)
	r.BlockedUserHoursByCause = make(map[string]float64, numCauses)
	for c, name := range BlockCauses {
		h := w.blocked[c] / 3600
		r.BlockedUserHoursByCause[name] = h
		r.BlockedUserHours += h
	}
	r.DegradedUserHoursByCause = make(map[string]float64, numDegrade)
	for c, name := range DegradeCauses {
		h := w.degraded[c] / 3600
		r.DegradedUserHoursByCause[name] = h
		r.DegradedUserHours += h
	}
	r.WaitingUserHours = w.waiting.acc / 3600
	for u := 0; u < w.nUsers; u++ {
		if w.uFlags[u]&flagBlocked != 0 {
			r.UsersBlocked++
		}
	}
	r.TimeToUsableHours, r.TimeToUsableQuantiles = quantiles(w.usableH)
	r.TimeToSyncedHours, r.TimeToSyncedQuantiles = quantiles(w.syncedH)
	if w.cal.dayLen > 0 {
		r.CachedModeUserDays = w.cachedN.acc / w.cal.dayLen
		r.FullFeatureUserDays = w.fullN.acc / w.cal.dayLen
	}
	r.PeakConcurrentSyncs = w.peakSyncs
	r.PeakConcurrentMoves = w.peakMoves
	r.WANOutages = w.outageCount[causeWAN]
	r.Blips = w.outageCount[causeBlip]
	r.ServerOutages = w.outageCount[causeServer]
	if c := sc.Costs; c != nil {
		phases := 2.0
		if c.OfficeDeployment == scenarios.OfficeCombined {
			phases = 1
		}
		v := r.BlockedUserHours*c.BlockedUserHour + c.TrainingPerUser*float64(w.nUsers) + c.DeploymentPhase*phases
		r.CostTotal = &v
	}
	// series
	states := SeriesGroup{Key: "users_by_state", Unit: "users"}
	for i, name := range States {
		states.Lines = append(states.Lines, Line{Name: name, Values: clampSeries(w.levels.Series(i))})
	}
	syncs := SeriesGroup{Key: "server_syncs", Unit: "syncs"}
	moves := SeriesGroup{Key: "server_moves", Unit: "moves"}
	for k := range w.servers {
		syncs.Lines = append(syncs.Lines, Line{Name: w.servers[k].name, Values: clampSeries(w.srvSyncs.Series(k))})
		if w.servers[k].is2003 {
			moves.Lines = append(moves.Lines, Line{Name: w.servers[k].name, Values: clampSeries(w.srvMoves.Series(k))})
		}
	}
	series.Groups = []SeriesGroup{states, util, byClass, syncs, moves}
	r.Series = series
	return r
}

// clampSeries turns float rounding residue below zero (and NaN) in a level series into
// 0, in place, and returns it.
func clampSeries(s []float64) []float64 {
	for i, v := range s {
		if !(v > 0) {
			s[i] = 0
		}
	}
	return s
}

// quantiles returns the p50 and p95 and the 0, 5, …, 100 % quantiles (linear
// interpolation between order statistics) of xs; zeros when xs is empty. xs is sorted.
func quantiles(xs []float64) (Percentiles, []float64) {
	q := make([]float64, 21)
	if len(xs) == 0 {
		return Percentiles{}, q
	}
	slices.Sort(xs)
	at := func(p float64) float64 {
		pos := p * float64(len(xs)-1)
		i := int(pos)
		if i >= len(xs)-1 {
			return xs[len(xs)-1]
		}
		f := pos - float64(i)
		return xs[i] + f*(xs[i+1]-xs[i])
	}
	for i := range q {
		q[i] = at(float64(i) / 20)
	}
	return Percentiles{P50: at(0.5), P95: at(0.95)}, q
}

// metric is one scalar's definition and how to read it from a Result.
type metric struct {
	def MetricDef
	get func(r *Result) float64
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// metrics returns the scalar catalogue in its fixed order; withCost adds cost_total.
func metrics(withCost bool) []metric {
	m := []metric{
		{MetricDef{"finished", "bool", "1 when every user runs Outlook 2003 against a 2003 server within the horizon.", false}, func(r *Result) float64 { return b2f(r.Finished) }},
		{MetricDef{"migration_end_days", "days", "Days from the start to the end of the plan (the horizon when not finished).", true}, func(r *Result) float64 { return r.MigrationEndDays }},
		{MetricDef{"progress_fraction", "fraction", "Share of users fully migrated at the end.", false}, func(r *Result) float64 { return r.ProgressFraction }},
		{MetricDef{"wan_gigabytes", "GB", "Bytes carried over site WAN, datacenter and remote access links, summed over links, all classes but background.", true}, func(r *Result) float64 { return r.WANGigabytes }},
	}
	for _, c := range Classes {
		m = append(m, metric{MetricDef{"wan_gigabytes_by_class." + c, "GB", "WAN bytes of traffic class " + c + ", summed over links.", true},
			func(r *Result) float64 { return r.WANGigabytesByClass[c] }})
	}
	m = append(m,
		metric{MetricDef{"peak_link_utilization", "fraction", "Highest bucket utilization of any WAN or datacenter link.", true}, func(r *Result) float64 { return r.PeakLinkUtilization }},
		metric{MetricDef{"saturated_link_hours", "link-hours", "Hours with utilization of at least clients.online.degraded_utilization (default 0.9), summed over WAN and datacenter links.", true}, func(r *Result) float64 { return r.SaturatedLinkHours }},
		metric{MetricDef{"blocked_user_hours", "user-hours", "Working hours users could not work, all causes.", true}, func(r *Result) float64 { return r.BlockedUserHours }},
	)
	for _, c := range BlockCauses {
		m = append(m, metric{MetricDef{"blocked_user_hours_by_cause." + c, "user-hours", "Working hours users were blocked by " + c + ".", true},
			func(r *Result) float64 { return r.BlockedUserHoursByCause[c] }})
	}
	m = append(m,
		metric{MetricDef{"waiting_user_hours", "user-hours", "Working hours between Outlook 2003 install (or resync) and a usable mailbox.", true}, func(r *Result) float64 { return r.WaitingUserHours }},
		metric{MetricDef{"degraded_user_hours", "user-hours", "Working hours of degraded service, all causes.", true}, func(r *Result) float64 { return r.DegradedUserHours }},
	)
	for _, c := range DegradeCauses {
		m = append(m, metric{MetricDef{"degraded_user_hours_by_cause." + c, "user-hours", "Working hours of service degraded by " + c + ".", true},
			func(r *Result) float64 { return r.DegradedUserHoursByCause[c] }})
	}
	m = append(m,
		metric{MetricDef{"users_blocked", "users", "Distinct users blocked at least once.", true}, func(r *Result) float64 { return float64(r.UsersBlocked) }},
		metric{MetricDef{"time_to_usable_hours.p50", "hours", "Median wall-clock hours from install to a usable mailbox.", true}, func(r *Result) float64 { return r.TimeToUsableHours.P50 }},
		metric{MetricDef{"time_to_usable_hours.p95", "hours", "95th percentile of wall-clock hours from install to a usable mailbox.", true}, func(r *Result) float64 { return r.TimeToUsableHours.P95 }},
		metric{MetricDef{"time_to_synced_hours.p50", "hours", "Median wall-clock hours from install to the end of the initial sync.", true}, func(r *Result) float64 { return r.TimeToSyncedHours.P50 }},
		metric{MetricDef{"time_to_synced_hours.p95", "hours", "95th percentile of wall-clock hours from install to the end of the initial sync.", true}, func(r *Result) float64 { return r.TimeToSyncedHours.P95 }},
		metric{MetricDef{"cached_mode_user_days", "user-days", "Working days users ran Outlook 2003 in cached mode.", false}, func(r *Result) float64 { return r.CachedModeUserDays }},
		metric{MetricDef{"full_feature_user_days", "user-days", "Working days users had Outlook 2003 on a 2003 server (search folders, junk filtering, RPC over HTTPS).", false}, func(r *Result) float64 { return r.FullFeatureUserDays }},
		metric{MetricDef{"peak_concurrent_syncs", "syncs", "Most initial syncs and resyncs running at once, all servers.", true}, func(r *Result) float64 { return float64(r.PeakConcurrentSyncs) }},
		metric{MetricDef{"peak_concurrent_moves", "moves", "Most mailbox moves running at once, all servers.", true}, func(r *Result) float64 { return float64(r.PeakConcurrentMoves) }},
		metric{MetricDef{"wan_outages", "outages", "Long WAN outages that started within the horizon, all sites.", true}, func(r *Result) float64 { return float64(r.WANOutages) }},
		metric{MetricDef{"blips", "outages", "Short WAN interruptions within the horizon, all sites.", true}, func(r *Result) float64 { return float64(r.Blips) }},
		metric{MetricDef{"server_outages", "outages", "Server outages within the horizon, all servers.", true}, func(r *Result) float64 { return float64(r.ServerOutages) }},
	)
	if withCost {
		m = append(m, metric{MetricDef{"cost_total", "currency", "Blocked user-hours × rate + training + desktop deployment phases.", true},
			func(r *Result) float64 {
				if r.CostTotal == nil {
					return 0
				}
				return *r.CostTotal
			}})
	}
	return m
}

// MetricDefs describes the scalar metrics of a scenario's results in the order Scalars
// returns them; cost_total is included when the scenario gives costs. The unit of
// cost_total is the scenario's currency.
func MetricDefs(sc *scenarios.Scenario) []MetricDef {
	withCost := sc != nil && sc.Costs != nil
	ms := metrics(withCost)
	out := make([]MetricDef, len(ms))
	for i, m := range ms {
		out[i] = m.def
		if m.def.Key == "cost_total" && sc.Costs.Currency != "" {
			out[i].Unit = sc.Costs.Currency
		}
	}
	return out
}

// Scalars flattens the Result into keyed metrics in the fixed order of MetricDefs:
// maps as "key.name", booleans as 0/1, cost_total only when costs were given. A NaN
// (which the model never produces) would be reported as 0.
func (r *Result) Scalars() []Scalar {
	ms := metrics(r.CostTotal != nil)
	out := make([]Scalar, len(ms))
	for i, m := range ms {
		v := m.get(r)
		if math.IsNaN(v) {
			v = 0
		}
		out[i] = Scalar{Key: m.def.Key, Value: v}
	}
	return out
}
