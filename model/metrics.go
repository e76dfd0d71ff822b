package model

import (
	"math"
	"slices"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// finish integrates every accumulator up to the horizon.
func (w *world) finish() {
	l := &w.led
	wn := w.nowW()
	for g := range w.groups {
		l.flush(int32(g), &w.groups[g])
	}
	for _, it := range []*integrator{&l.cachedN, &l.fullN, &l.on55, &l.on03} {
		it.add(wn, 0)
	}
	for s := range l.causeN {
		for id := range l.causeN[s] {
			l.causeN[s][id].add(wn, 0)
			l.siteSec[s][id] += l.causeN[s][id].acc
		}
	}
	for u := 0; u < w.nUsers; u++ {
		if !w.onlineMode(u) {
			if w.uPhase[u] == phaseMoving {
				l.moveDisconnected(u, wn)
			}
			continue
		}
		if w.uPhase[u] == phaseMoving {
			l.moveBlocked(u, wn)
		} else {
			l.leftOnline(u, w.uGroup[u])
		}
	}
	w.finishWAN()
	w.net.Flush()
	t := w.eng.Now()
	l.levels.Finish(t)
	l.srvSyncs.Finish(t)
	l.srvMoves.Finish(t)
	l.srvHomed.Finish(t)
}

// bucketLen is the length of bucket b in seconds (the last may be partial).
func (l *ledger) bucketLen(b int) float64 {
	return math.Min(l.bucket, l.horizon-float64(b)*l.bucket)
}

// result assembles the Result of a finished run.
func (w *world) result() *Result {
	l := &w.led
	r := &Result{Ordering: w.ord, Replication: w.rep}
	r.Finished = w.doneN == w.nUsers
	if r.Finished {
		r.MigrationEndDays = w.endT / secondsPerDay
		r.ProgressFraction = 1
	} else {
		r.MigrationEndDays = w.horizon / secondsPerDay
		r.ProgressFraction = float64(w.doneN) / float64(w.nUsers)
	}
	w.wanBytes(r)
	util, byClass := w.linkUtilization(r)
	w.waitWalk()
	w.endStateCost()
	var tot [numMetrics]float64
	for s := range l.siteSec {
		for id, v := range l.siteSec[s] {
			tot[id] += v
		}
	}
	r.BlockedUserHoursByCause, r.BlockedUserHours = hoursByCause(&tot, MetricBlockedUserHours)
	r.DegradedUserHoursByCause, r.DegradedUserHours = hoursByCause(&tot, MetricDegradedUserHours)
	r.WaitingUserHours = tot[MetricWaitingUserHours] / 3600
	r.EndStateUserHours = tot[MetricEndStateUserHours] / 3600
	for u := range l.uMarks {
		if l.uMarks[u]&markBlocked != 0 {
			r.UsersBlocked++
		}
	}
	r.TimeToUsableHours, r.TimeToUsableQuantiles = quantiles(l.usableH)
	r.TimeToSyncedHours, r.TimeToSyncedQuantiles = quantiles(l.syncedH)
	if w.cal.dayLen > 0 {
		r.CachedModeUserDays = l.cachedN.acc / w.cal.dayLen
		r.FullFeatureUserDays = l.fullN.acc / w.cal.dayLen
	}
	r.PeakConcurrentSyncs = l.peakSyncs
	r.PeakConcurrentMoves = l.peakMoves
	r.WANOutages = l.outageCount[causeWAN]
	r.Blips = l.outageCount[causeBlip]
	r.ServerOutages = l.outageCount[causeServer]
	if c := w.sc.Costs; c != nil {
		v := (r.BlockedUserHours+r.WaitingUserHours+r.DegradedUserHours)*c.UserHour +
			c.TrainingPerUser*float64(w.nUsers) + c.DeploymentPhase*DeploymentPhases(c.OfficeDeployment, w.deployOrdering())
		r.CostTotal = &v
	}
	w.siteResults(r, w.resPeak, w.resSat)
	r.Series = Series{BucketSeconds: l.bucket, Groups: w.series(util, byClass)}
	return r
}

// deployOrdering is the ordering whose deployment phases the plan pays: a per-site
// plan with a clients-first site deploys Outlook apart there, as clients-first does.
func (w *world) deployOrdering() scenarios.Ordering {
	if w.ord == scenarios.PerSite {
		if w.nSF < w.nUsers {
			return scenarios.ClientsFirst
		}
		return scenarios.ServersFirst
	}
	return w.ord
}

// DeploymentPhases is the number of desktop deployment phases an ordering pays:
// deploying Outlook 2003 apart from the rest of Office 2003 (separate) makes
// clients-first deploy twice (Outlook now, Office later) while servers-first deploys
// Outlook with Office once the servers are done; combined is one phase for either.
func DeploymentPhases(office string, ord scenarios.Ordering) float64 {
	if office == scenarios.OfficeSeparate && ord == scenarios.ClientsFirst {
		return 2
	}
	return 1
}

// hoursByCause returns the user-hours of every cause part of total (catalogue order,
// keyed by cause name) and their sum, from user working seconds per metric.
func hoursByCause(sec *[numMetrics]float64, total MetricID) (map[string]float64, float64) {
	n := 0
	for i := range catalogue {
		if catalogue[i].def.PartOf == total {
			n++
		}
	}
	m := make(map[string]float64, n)
	var sum float64
	for i := range catalogue {
		if d := &catalogue[i].def; d.PartOf == total {
			h := sec[d.ID] / 3600
			m[d.Cause] = h
			sum += h
		}
	}
	return m, sum
}

// wanBytes sets the WAN bytes by class, each byte counted once however many WAN links
// it crosses, in the migration window (see wanonce.go), and the end state's steady WAN
// bytes apart.
func (w *world) wanBytes(r *Result) {
	l := &w.led
	r.WANGigabytesByClass = make(map[string]float64, len(Classes))
	for c, name := range Classes {
		var b float64
		for s := range l.siteWAN {
			b += l.siteWAN[s][c]
		}
		r.WANGigabytesByClass[name] = b / 1e9
		r.WANGigabytes += b / 1e9
	}
	for _, b := range l.siteEndWAN {
		r.EndStateWANGigabytes += b / 1e9
	}
}

// linkUtilization computes every WAN link's utilization per bucket: the
// link_utilization and wan_bytes_by_class series, the peak utilization and saturated
// link-hours.
func (w *world) linkUtilization(r *Result) (util, byClass SeriesGroup) {
	l := &w.led
	util = SeriesGroup{Key: "link_utilization", Unit: "fraction"}
	byClass = SeriesGroup{Key: "wan_bytes_by_class", Unit: "bytes"}
	classLines := make([][]float64, len(Classes))
	for c := range classLines {
		classLines[c] = make([]float64, l.buckets)
	}
	// a link-bucket at or above this utilization is saturated (saturated_link_hours,
	// 0.9 by default); 0 (possible only in a Scenario built in Go: files require > 0)
	// switches it off
	sat := float64(w.sc.Simulation.SaturatedUtilization)
	if !(sat > 0) {
		sat = math.Inf(1)
	}
	scratch := make([]float64, l.buckets)
	w.resPeak = make([]float64, len(w.resName))
	w.resSat = make([]float64, len(w.resName))
	for res := range w.resName {
		if !w.resWAN[res] {
			continue
		}
		line := scratch // remote access links: no line
		if w.resSeries[res] {
			line = make([]float64, l.buckets)
		} else {
			clear(line)
		}
		w.addClassBytes(sim.ResourceID(res), line, classLines)
		for b := range line {
			u := 0.0
			if den := w.resCap[res] * l.bucketLen(b); den > 0 {
				u = line[b] * 8 / den
			}
			line[b] = u
			if u >= sat && w.resSeries[res] {
				r.SaturatedLinkHours += l.bucketLen(b) / 3600
				w.resSat[res] += l.bucketLen(b) / 3600
			}
			if w.resSeries[res] {
				r.PeakLinkUtilization = math.Max(r.PeakLinkUtilization, u)
				w.resPeak[res] = math.Max(w.resPeak[res], u)
			}
		}
		if w.resSeries[res] {
			util.Lines = append(util.Lines, Line{Name: w.resName[res], Values: line})
		}
	}
	for c, name := range Classes {
		byClass.Lines = append(byClass.Lines, Line{Name: name, Values: classLines[c]})
	}
	return util, byClass
}

// addClassBytes adds resource res's bytes per bucket, all classes, into line, and
// those of the reported classes into classLines (nil: not wanted).
func (w *world) addClassBytes(res sim.ResourceID, line []float64, classLines [][]float64) {
	for c := 0; c < numClasses; c++ {
		if w.net.Bytes(res, w.cls[c]) == 0 {
			continue
		}
		bs := w.net.BytesSeriesView(res, w.cls[c])
		for b := 0; b < w.led.buckets && b < len(bs); b++ {
			if classLines != nil && c < len(Classes) {
				classLines[c][b] += bs[b]
			}
			if line != nil {
				line[b] += bs[b]
			}
		}
	}
}

// series returns the Result's series groups in their fixed order.
func (w *world) series(util, byClass SeriesGroup) []SeriesGroup {
	l := &w.led
	states := SeriesGroup{Key: "users_by_state", Unit: "users"}
	for i, name := range States {
		states.Lines = append(states.Lines, Line{Name: name, Values: clampSeries(l.levels.Series(i))})
	}
	syncs := SeriesGroup{Key: "server_syncs", Unit: "syncs"}
	moves := SeriesGroup{Key: "server_moves", Unit: "moves"}
	for k := range w.servers {
		syncs.Lines = append(syncs.Lines, Line{Name: w.servers[k].name, Values: clampSeries(l.srvSyncs.Series(k))})
		if w.servers[k].is2003 {
			moves.Lines = append(moves.Lines, Line{Name: w.servers[k].name, Values: clampSeries(l.srvMoves.Series(k))})
		}
	}
	return []SeriesGroup{states, util, byClass, syncs, moves}
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
