package sim

// Accounting: bytes carried per (resource, class), integrated exactly because
// carried rates are constant between the instants at which they change.

// integrate adds the bytes carried on rs since rs.lastT at its current rates.
func (n *Network) integrate(rs *resource) {
	now := n.e.now
	dt := float64(now - rs.lastT)
	if dt <= 0 {
		return
	}
	if rs.flows > 0 {
		rs.flowSecs += rs.flows * dt
		if rs.rec {
			if rs.flowSeries == nil {
				rs.flowSeries = n.buf.floats(n.recN)
			}
			n.spread(rs.flowSeries, rs.lastT, now, rs.flows)
		}
	}
	for c, rate := range rs.rates {
		if rate > 0 {
			rs.bytes[c] += rate / 8 * dt
			if rs.series != nil {
				n.addSeries(rs, c, rs.lastT, now, rate/8)
			}
		}
	}
	rs.lastT = now
}

// addSeries spreads bytesPerSec over [t0, t1) into the buckets of class c.
func (n *Network) addSeries(rs *resource, c int, t0, t1 Time, bytesPerSec float64) {
	if int(t0/n.recBucket) >= n.recN {
		return
	}
	s := rs.series[c]
	if s == nil {
		s = n.buf.floats(n.recN)
		rs.series[c] = s
	}
	n.spread(s, t0, t1, bytesPerSec)
}

// spread adds perSec × the overlap of [t0, t1) with each bucket to s.
func (n *Network) spread(s []float64, t0, t1 Time, perSec float64) {
	spreadOver(s, n.recBucket, t0, t1, perSec)
}

// spreadOver adds perSec × the overlap of [t0, t1) (seconds) with each bucket of
// s to it, bucket b covering [b·w, (b+1)·w); what falls after the last bucket is
// dropped. Network series (bytes/s, flows) and Levels (signal values) share it.
func spreadOver(s []float64, w, t0, t1 Time, perSec float64) {
	b := int(t0 / w)
	for t0 < t1 && b < len(s) {
		end := Time(b+1) * w
		if end <= t0 { // rounding put t0 at the end of bucket b
			b++
			continue
		}
		if end > t1 {
			end = t1
		}
		s[b] += perSec * float64(end-t0)
		t0 = end
		b++
	}
}

// Record makes the network keep, for every (resource, class), the bytes carried
// in each of `buckets` consecutive buckets of `bucket` seconds starting at time
// 0. Bytes after the last bucket count in Bytes but in no bucket. Call it
// before the run.
func (n *Network) Record(bucket Time, buckets int) {
	if !(bucket > 0) || buckets <= 0 {
		n.recN = 0
		return
	}
	n.Flush()
	n.releaseSeries()
	n.recBucket = bucket
	n.recN = buckets
	for i := range n.res {
		n.res[i].series = make([][]float64, len(n.classes))
		n.res[i].rec = true // its flow-seconds series is allocated at first use
	}
}

// SetBuffers makes the network take its bucket series from b and return them
// to it on Release. Call it before Record.
func (n *Network) SetBuffers(b *Buffers) { n.buf = b }

// Release returns the network's bucket series to its Buffers (SetBuffers) for a
// later run and stops recording; views from BytesSeriesView and
// FlowSecondsSeries must no longer be read. Totals (Bytes, FlowSeconds) stay,
// up to the last accounting (call Flush first to bring them up to Now()).
func (n *Network) Release() {
	n.releaseSeries()
	n.recN = 0
}

// releaseSeries hands every bucket series to n.buf and forgets it.
func (n *Network) releaseSeries() {
	for i := range n.res {
		r := &n.res[i]
		for _, s := range r.series {
			n.buf.put(s)
		}
		n.buf.put(r.flowSeries)
		r.series, r.flowSeries, r.rec = nil, nil, false
	}
}

// RecordResources restricts the bucketed series started by Record to the
// listed resources (their totals in Bytes are kept for all); call it after
// Record, before the run.
func (n *Network) RecordResources(rs ...ResourceID) {
	if n.recN == 0 {
		return
	}
	keep := make([]bool, len(n.res))
	for _, r := range rs {
		keep[r] = true
	}
	for i := range n.res {
		r := &n.res[i]
		if !keep[i] {
			for _, s := range r.series {
				n.buf.put(s)
			}
			n.buf.put(r.flowSeries)
			r.series, r.flowSeries, r.rec = nil, nil, false
		} else if r.series == nil {
			n.Flush()
			r.series = make([][]float64, len(n.classes))
			r.rec = true
		}
	}
}

// FlowSecondsSeries returns the network's own slice of the flow-seconds on r in
// each bucket set by Record: the integral over the bucket of the number of
// running flows crossing r, so that dividing by the bucket's length gives their
// time-average. Read it, do not modify or keep it across later events; nil when r
// is not recorded. Call Flush first so that the buckets up to Now() are complete.
func (n *Network) FlowSecondsSeries(r ResourceID) []float64 {
	rs := &n.res[r]
	if n.recN == 0 || !rs.rec {
		return nil
	}
	if rs.flowSeries == nil {
		rs.flowSeries = n.buf.floats(n.recN)
	}
	return rs.flowSeries
}

// FlowSeconds returns the integral over time of the number of running flows
// crossing r, up to Now(), in flow-seconds.
func (n *Network) FlowSeconds(r ResourceID) float64 {
	rs := &n.res[r]
	n.integrate(rs)
	return rs.flowSecs
}

// BytesSeries returns a copy of the bytes carried on r by class c in each
// bucket set by Record (nil when r is not recorded). Call Flush first so that
// the buckets up to Now() are complete.
func (n *Network) BytesSeries(r ResourceID, c ClassID) []float64 {
	if n.recN == 0 || n.res[r].series == nil {
		return nil
	}
	out := make([]float64, n.recN)
	copy(out, n.res[r].series[c])
	return out
}

// BytesSeriesView is BytesSeries without the copy: the network's own slice,
// which it keeps updating — read it, do not modify or keep it across later
// events. It is nil when r is not recorded or class c never crossed r.
func (n *Network) BytesSeriesView(r ResourceID, c ClassID) []float64 {
	if n.recN == 0 || n.res[r].series == nil {
		return nil
	}
	return n.res[r].series[c]
}

// Flush brings the byte accounting of every resource up to Now().
func (n *Network) Flush() {
	for i := range n.res {
		n.integrate(&n.res[i])
	}
}

// Bytes returns the bytes carried on r by class c (flows and reservations)
// from the start up to Now().
func (n *Network) Bytes(r ResourceID, c ClassID) float64 {
	rs := &n.res[r]
	n.integrate(rs)
	return rs.bytes[c]
}

// account brings the carried rates of g's resources in line with its current
// flows and rate, first integrating their bytes up to Now() at the old rates.
// Rates are updated by difference; once every group is accounted, a
// resource's rates are recomputed from its groups when it has none left
// (exact zero) and every 1024 updates, so rounding cannot accumulate.
func (n *Network) account(g *group) {
	nf := float64(len(g.fl))
	if !g.clsChg && nf == g.nRated && g.x == g.xRated {
		return
	}
	for _, r := range g.res {
		n.integrate(&n.res[r])
	}
	for i := range g.cls {
		e := &g.cls[i]
		cn := float64(e.n)
		d := cn*g.x - e.nRated*g.xRated
		e.nRated = cn
		if d == 0 {
			continue
		}
		for _, r := range g.res {
			n.res[r].rates[e.c] += d
		}
	}
	d := nf*g.x - g.nRated*g.xRated
	dn := nf - g.nRated
	g.nRated, g.xRated, g.clsChg = nf, g.x, false
	for _, r := range g.res {
		rs := &n.res[r]
		rs.load += d
		rs.flows += dn
		if rs.incr++; len(rs.groups) == 0 || rs.incr >= 1024 {
			n.queueRecompute(r)
		}
	}
}

func (n *Network) queueRecompute(r ResourceID) {
	if rs := &n.res[r]; !rs.recompute {
		rs.recompute = true
		n.recomputeQ = append(n.recomputeQ, int32(r))
	}
}

// recompute sets the carried rates of rs from its groups (as accounted) and
// reservations.
func (n *Network) recompute(rs *resource) {
	n.integrate(rs)
	rs.incr = 0
	rs.recompute = false
	copy(rs.rates, rs.resCarried)
	load, flows := 0.0, 0.0
	for _, gi := range rs.groups {
		g := &n.groups[gi]
		for _, e := range g.cls {
			rs.rates[e.c] += e.nRated * g.xRated
		}
		load += g.nRated * g.xRated
		flows += g.nRated
	}
	rs.load, rs.flows = load, flows
}

// accountRes settles a change of capacity or reservations of r: the carried
// reservation rates (scaled down when they exceed the capacity) and the
// capacity left to flows.
func (n *Network) accountRes(r int32) {
	rs := &n.res[r]
	rs.changed = false
	n.integrate(rs)
	scale := 1.0
	if rs.resTotal > rs.capBps {
		scale = rs.capBps / rs.resTotal
	}
	for c, b := range rs.res {
		rs.resCarried[c] = b * scale
	}
	rs.availRated = rs.flowAvail()
	n.queueRecompute(ResourceID(r))
}
