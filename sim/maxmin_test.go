package sim

import (
	"fmt"
	"math"
	"testing"
)

// checkMaxMin verifies the current rates against the definition of max-min
// fairness with caps, independently of how they were computed: every resource
// carries at most what reservations leave, and every running group either runs
// at its cap or crosses a full resource on which no group is faster.
func checkMaxMin(nw *Network) error {
	nw.settle()
	R := len(nw.res)
	load := make([]float64, R)
	maxRate := make([]float64, R)
	for gi := range nw.groups {
		g := &nw.groups[gi]
		if len(g.fl) == 0 {
			continue
		}
		for _, r := range g.res {
			load[r] += float64(len(g.fl)) * g.x
			maxRate[r] = math.Max(maxRate[r], g.x)
		}
	}
	const tol = 1e-9
	for r := range nw.res {
		a := nw.res[r].flowAvail()
		if load[r] > a*(1+tol)+1e-12 {
			return fmt.Errorf("resource %d carries %v > %v", r, load[r], a)
		}
		if math.Abs(nw.res[r].load-load[r]) > tol*a+1e-12 {
			return fmt.Errorf("resource %d: recorded load %v, groups give %v", r, nw.res[r].load, load[r])
		}
	}
	for gi := range nw.groups {
		g := &nw.groups[gi]
		if len(g.fl) == 0 {
			continue
		}
		if g.x > g.capBps*(1+tol) {
			return fmt.Errorf("group %d above its cap: %v > %v", gi, g.x, g.capBps)
		}
		if g.x >= g.capBps*(1-tol) {
			continue
		}
		ok := false
		for _, r := range g.res {
			a := nw.res[r].flowAvail()
			if a-load[r] <= tol*a+1e-12 && g.x >= maxRate[r]*(1-tol) {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("group %d (rate %v, %d flows, path %v) has no bottleneck", gi, g.x, len(g.fl), g.res)
		}
	}
	return nil
}

// Random churn — starts, completions, pauses, resumes, aborts, outages and
// reservation changes — checking after every instant that the incrementally
// re-rated allocation is max-min fair and that bytes are conserved per
// resource and class. Small networks (12 resources, 25 paths) and larger,
// busier ones (40 resources, 120 paths), where regions grow and restart.
func TestMaxMinUnderChurn(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		nres, npaths := 12, 25
		if seed > 8 {
			nres, npaths = 40, 120
		}
		e := New()
		nw := NewNetwork(e)
		rng := Stream(seed, 0, "churn")
		var rs []ResourceID
		caps := []float64{}
		for i := 0; i < nres; i++ {
			c := 1e6 * float64(1+rng.IntN(8))
			caps = append(caps, c)
			rs = append(rs, nw.AddResource(fmt.Sprint("r", i), c))
		}
		cls := []ClassID{nw.AddClass("a"), nw.AddClass("b")}
		bg := nw.AddClass("background")     // reservations only
		want := make([][2]float64, len(rs)) // flow bytes per resource and class
		var paths []PathID
		for len(paths) < npaths {
			k := 1 + rng.IntN(3)
			perm := rng.Perm(len(rs))[:k]
			var p []ResourceID
			for _, i := range perm {
				p = append(p, rs[i])
			}
			paths = append(paths, nw.AddPath(p...))
		}
		var live []FlowID
		var completedBytes, abortedBytes float64
		var livePath []PathID
		var liveClass []int
		check := func(int) {
			if err := checkMaxMin(nw); err != nil {
				t.Fatalf("seed %d at t=%v: %v", seed, e.Now(), err)
			}
		}
		var act Handler
		act = func(int) {
			if e.Now() >= 200 {
				return
			}
			for k := 0; k < 1+rng.IntN(3); k++ { // several changes in one instant
				switch x := rng.IntN(20); {
				case x < 10:
					size := 1e4 + rng.ExpFloat64()*3e5
					capBps := 0.0
					if rng.IntN(3) == 0 {
						capBps = []float64{2e5, 5e5, 1e6}[rng.IntN(3)]
					}
					p := paths[rng.IntN(len(paths))]
					ci := rng.IntN(2)
					f := Flow{SizeBytes: size, Path: p, CapBps: capBps, Class: cls[ci]}
					f.Done = func(int) {
						completedBytes += size
						for _, r := range nw.PathResources(p) {
							want[r][ci] += size
						}
					}
					live = append(live, nw.Start(f))
					livePath = append(livePath, p)
					liveClass = append(liveClass, ci)
				case x < 12 && len(live) > 0:
					nw.Pause(live[rng.IntN(len(live))])
				case x < 15 && len(live) > 0:
					nw.Resume(live[rng.IntN(len(live))])
				case x < 16 && len(live) > 0:
					i := rng.IntN(len(live))
					m := nw.Abort(live[i])
					abortedBytes += m
					for _, r := range nw.PathResources(livePath[i]) {
						want[r][liveClass[i]] += m
					}
					live = append(live[:i], live[i+1:]...)
					livePath = append(livePath[:i], livePath[i+1:]...)
					liveClass = append(liveClass[:i], liveClass[i+1:]...)
				case x < 18:
					i := rng.IntN(len(rs))
					if nw.Capacity(rs[i]) == 0 {
						nw.SetCapacity(rs[i], caps[i])
					} else if rng.IntN(2) == 0 {
						nw.SetCapacity(rs[i], 0)
					} else {
						nw.SetCapacity(rs[i], caps[i]*(0.5+rng.Float64()))
					}
				default:
					nw.SetReservation(rs[rng.IntN(len(rs))], bg, rng.Float64()*2e6)
				}
			}
			e.At(e.Now(), check, 0) // after every change of this instant
			e.After(Time(rng.ExpFloat64()*0.2), act, 0)
		}
		e.At(0, act, 0)
		// Check also between actions, after completions.
		var tick Handler
		tick = func(int) {
			check(0)
			if e.Now() < 200 {
				e.After(0.37, tick, 0)
			}
		}
		e.At(0.1, tick, 0)
		e.RunUntil(200)
		// End: restore capacities, drop reservations, resume all, run dry.
		for i, r := range rs {
			nw.SetCapacity(r, caps[i])
			nw.SetReservation(r, bg, 0)
		}
		for _, id := range live {
			nw.Resume(id)
		}
		e.Run()
		if nw.ActiveFlows() != 0 {
			t.Fatalf("seed %d: %d flows left", seed, nw.ActiveFlows())
		}
		if completedBytes == 0 || abortedBytes == 0 {
			t.Fatalf("seed %d: completed %v bytes, aborted flows moved %v", seed, completedBytes, abortedBytes)
		}
		for i, r := range rs {
			for ci, c := range cls {
				if got := nw.Bytes(r, c); relErr(got, want[i][ci]) > 1e-9 {
					t.Errorf("seed %d: resource %d carried %v bytes of class %d, its flows moved %v", seed, i, got, ci, want[i][ci])
				}
			}
		}
	}
}

// A completion whose Done starts a flow in the same group leaves every count,
// hence every rate, as it was: nothing is re-rated, and the rates stay max-min.
func TestSameGroupRestartIsFree(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r1, r2 := nw.AddResource("r1", 8e6), nw.AddResource("r2", 4e6)
	c, d := nw.AddClass("x"), nw.AddClass("y")
	pa, pb := nw.AddPath(r1, r2), nw.AddPath(r1)
	restarts := 0
	var done Handler
	done = func(int) {
		if restarts == 5 {
			return
		}
		restarts++
		// Another class, same path and cap: the same group.
		nw.Start(Flow{SizeBytes: 1e6, Path: pa, Class: d, Done: done})
		nw.settle()
		if len(nw.aff) != 0 {
			t.Fatalf("restart %d re-rated %d groups, want 0", restarts, len(nw.aff))
		}
		if err := checkMaxMin(nw); err != nil {
			t.Fatal(err)
		}
	}
	nw.Start(Flow{SizeBytes: 1e6, Path: pa, Class: c, Done: done})
	nw.Start(Flow{SizeBytes: 1e9, Path: pa, Class: c})
	nw.Start(Flow{SizeBytes: 1e9, Path: pb, Class: c})
	e.RunUntil(100)
	if restarts != 5 {
		t.Fatalf("%d restarts, want 5", restarts)
	}
	// r2 (4 Mbit/s) limits the two flows of pa to 2 Mbit/s (0.25 MB/s)
	// each; pb takes the rest of r1: 8-4 = 4 Mbit/s. A 1 MB flow takes 4 s,
	// so the 5 restarts (class y) end at 8, 12, …, 24 s: 5 MB of y on r2.
	if got := nw.Load(r1); relErr(got, 8e6) > 1e-12 {
		t.Fatalf("r1 load %v, want 8e6", got)
	}
	if got := nw.Bytes(r2, d); relErr(got, 5e6) > 1e-12 {
		t.Fatalf("class y carried %v bytes on r2, want 5e6", got)
	}
}
