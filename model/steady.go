package model

import (
	"math"

	"github.com/rollout-sim/rollout/sim"
)

// steadyTraffic is the steady-traffic state of the links and servers: per resource the
// daily bytes of the users whose path crosses it and the reservations in force.
type steadyTraffic struct {
	// daily[r] = Σ over users on paths through r of daily bytes: online, online ×
	// peak factor, cached, cached × peak factor
	daily      [][4]float64
	resOn      []float64 // online reservation in force, bits/s
	resCa      []float64 // cached reservation in force, bits/s
	dirty      []sim.ResourceID
	isDirty    []bool
	flushSched bool
	profA      float64 // steady rate per daily byte now = profA + profB × peak factor, 1/s
	profB      float64
}

// alloc sizes the steady-traffic state for n resources.
func (s *steadyTraffic) alloc(n int) {
	s.daily = make([][4]float64, n)
	s.resOn = make([]float64, n)
	s.resCa = make([]float64, n)
	s.isDirty = make([]bool, n)
}

// steadyAdd adds dOn online and dCa cached users of group g to the daily bytes of
// every resource on its path.
func (w *world) steadyAdd(g *group, dOn, dCa int32) {
	tr := &w.sc.Sites[g.site].Mailbox.Traffic
	on, ca := float64(dOn)*float64(tr.Online), float64(dCa)*float64(tr.Cached)
	if on == 0 && ca == 0 {
		return
	}
	for _, r := range g.res {
		st := &w.steady.daily[r]
		st[0] += on
		st[1] += on * tr.PeakFactor
		st[2] += ca
		st[3] += ca * tr.PeakFactor
		w.markDirty(r)
	}
}

// steadyProfile returns the steady rate per byte of daily traffic at t as A + B × the
// peak factor, in 1/s: 0 outside working time; in the peak hour (the working hour
// starting at WorkStart + 1 h) peak_factor × the hourly average; in the other H − 1
// hours (H − peak_factor)/(H − 1) × the average, so a day carries exactly its daily
// bytes. The form is linear in the peak factor so that sites with different traffic
// profiles can share one reservation per resource. With fewer than 2 working hours the
// rate is flat.
func (w *world) steadyProfile(t float64) (a, b float64) {
	if !w.cal.isWorking(t) {
		return 0, 0
	}
	h := w.cal.dayLen / 3600
	avg := 1 / w.cal.dayLen
	if h < 2 {
		return avg, 0
	}
	tod := math.Mod(t, secondsPerDay) - w.cal.workStart
	if tod >= 3600 && tod < 7200 {
		return 0, avg
	}
	return avg * h / (h - 1), -avg / (h - 1)
}

// nextProfileChange returns the next boundary of the steady profile after t.
func (w *world) nextProfileChange(t float64) float64 {
	d := int(t / secondsPerDay)
	for i := 0; i < 9; i++ {
		dd := d + i
		if !w.cal.isWorkingDay(dd) {
			continue
		}
		ws := w.cal.dayStart(dd)
		for _, b := range [4]float64{ws, ws + 3600, ws + 7200, ws + w.cal.dayLen} {
			if b > t && b <= ws+w.cal.dayLen {
				return b
			}
		}
	}
	return math.Inf(1)
}

// onProfile switches to the profile rate of now and schedules the next boundary.
func (w *world) onProfile(int) {
	t := w.now()
	s := &w.steady
	s.profA, s.profB = w.steadyProfile(t)
	for r := range s.daily {
		if s.daily[r] != [4]float64{} || s.resOn[r] != 0 || s.resCa[r] != 0 {
			w.markDirty(sim.ResourceID(r))
		}
	}
	if nt := w.nextProfileChange(t); nt < w.horizon {
		w.eng.At(sim.Time(nt), w.hProfile, 0)
	}
}

// markDirty queues resource r's reservations for the flush before time advances.
func (w *world) markDirty(r sim.ResourceID) {
	s := &w.steady
	if s.isDirty[r] {
		return
	}
	s.isDirty[r] = true
	s.dirty = append(s.dirty, r)
	if !s.flushSched {
		s.flushSched = true
		w.eng.BeforeAdvance(w.flushFn)
	}
}

// onFlush applies the steady reservations of the resources changed at this instant.
func (w *world) onFlush(int) {
	s := &w.steady
	a, b := s.profA*8, s.profB*8
	for _, r := range s.dirty {
		s.isDirty[r] = false
		st := &s.daily[r]
		on := math.Max(0, a*st[0]+b*st[1])
		ca := math.Max(0, a*st[2]+b*st[3])
		if on != s.resOn[r] {
			s.resOn[r] = on
			w.net.SetReservation(r, w.cls[clsSteadyOnline], on)
		}
		if ca != s.resCa[r] {
			s.resCa[r] = ca
			w.net.SetReservation(r, w.cls[clsSteadyCached], ca)
		}
	}
	s.dirty = s.dirty[:0]
	s.flushSched = false
}
