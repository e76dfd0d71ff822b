package sim

import (
	"math"
	"testing"
)

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// n equal flows of S bytes on C bits/s share C/n each, so all end at n·S·8/C.
func TestEqualFlowsEndTogether(t *testing.T) {
	for _, nf := range []int{1, 3, 7, 1000} {
		e := New()
		nw := NewNetwork(e)
		const capBps = 100e6 // 12.5 MB/s
		const size = 3.3e6   // bytes
		r := nw.AddResource("link", capBps)
		c := nw.AddClass("x")
		p := nw.AddPath(r)
		var ends []Time
		done := func(int) { ends = append(ends, e.Now()) }
		for i := 0; i < nf; i++ {
			nw.Start(Flow{SizeBytes: size, Path: p, Class: c, Done: done})
		}
		e.Run()
		want := float64(nf) * size * 8 / capBps
		if len(ends) != nf {
			t.Fatalf("n=%d: %d completions", nf, len(ends))
		}
		for _, x := range ends {
			if relErr(float64(x), want) > 1e-9 {
				t.Fatalf("n=%d: flow ended at %.12g s, want %.12g s", nf, float64(x), want)
			}
		}
		if got := nw.Bytes(r, c); relErr(got, float64(nf)*size) > 1e-9 {
			t.Fatalf("n=%d: carried %v bytes, want %v", nf, got, float64(nf)*size)
		}
		if nw.ActiveFlows() != 0 {
			t.Fatalf("n=%d: %d flows still active", nf, nw.ActiveFlows())
		}
	}
}

// 100 MB at 0 s and 25 MB at 4 s on 100 Mbit/s (12.5 MB/s): alone for 4 s the
// first moves 50 MB; shared at 6.25 MB/s the second needs 4 s (ends at 8 s)
// while the first moves 25 MB more; its last 25 MB alone take 2 s: 10 s.
func TestStaggeredFlows(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("link", 100e6)
	c := nw.AddClass("x")
	p := nw.AddPath(r)
	end := map[int]Time{}
	done := func(a int) { end[a] = e.Now() }
	nw.Start(Flow{SizeBytes: 100e6, Path: p, Class: c, Done: done, Arg: 1})
	e.At(4, func(int) {
		nw.Start(Flow{SizeBytes: 25e6, Path: p, Class: c, Done: done, Arg: 2})
	}, 0)
	e.Run()
	if relErr(float64(end[1]), 10) > 1e-12 || relErr(float64(end[2]), 8) > 1e-12 {
		t.Fatalf("ends %v, want 1:10 s and 2:8 s", end)
	}
}

func TestMaxMinWithCaps(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	c := nw.AddClass("x")
	r := nw.AddResource("r", 10)
	p := nw.AddPath(r)
	f1 := nw.Start(Flow{SizeBytes: 1e9, Path: p, Class: c, CapBps: 1})
	f4 := nw.Start(Flow{SizeBytes: 1e9, Path: p, Class: c, CapBps: 4})
	fn := nw.Start(Flow{SizeBytes: 1e9, Path: p, Class: c})
	// Level rises to 1 (f1 capped), to 4 (f4 capped), then the last takes the
	// remaining 10-1-4 = 5.
	for _, x := range []struct {
		id   FlowID
		want float64
	}{{f1, 1}, {f4, 4}, {fn, 5}} {
		if got := nw.Rate(x.id); relErr(got, x.want) > 1e-12 {
			t.Errorf("one resource: rate %v, want %v", got, x.want)
		}
	}
	if u := nw.Utilization(r); relErr(u, 1) > 1e-12 {
		t.Errorf("utilization %v, want 1", u)
	}

	// R1 (1) carries A and B, R2 (2) carries A and C: R1 saturates first at
	// 0.5 each; C takes the rest of R2, 2-0.5 = 1.5.
	r1 := nw.AddResource("r1", 1)
	r2 := nw.AddResource("r2", 2)
	a := nw.Start(Flow{SizeBytes: 1e9, Path: nw.AddPath(r1, r2), Class: c})
	b := nw.Start(Flow{SizeBytes: 1e9, Path: nw.AddPath(r1), Class: c})
	cc := nw.Start(Flow{SizeBytes: 1e9, Path: nw.AddPath(r2), Class: c})
	for _, x := range []struct {
		name string
		id   FlowID
		want float64
	}{{"A", a, 0.5}, {"B", b, 0.5}, {"C", cc, 1.5}} {
		if got := nw.Rate(x.id); relErr(got, x.want) > 1e-12 {
			t.Errorf("two resources: %s rate %v, want %v", x.name, got, x.want)
		}
	}
}

// A 10 MB flow on 8 Mbit/s (1 MB/s) needs 10 s; a 2 s outage from 3 s to 5 s
// makes it end at 12 s. A second class's flow is aborted at 6 s: bytes are
// conserved (carried = completed sizes + moved bytes of the aborted flow).
func TestOutageStallsAndResumes(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("wan", 8e6)
	ca, cb := nw.AddClass("a"), nw.AddClass("b")
	p := nw.AddPath(r)
	var endA Time
	fa := nw.Start(Flow{SizeBytes: 10e6, Path: p, Class: ca, CapBps: 4e6, Done: func(int) { endA = e.Now() }})
	fb := nw.Start(Flow{SizeBytes: 50e6, Path: p, Class: cb, CapBps: 4e6})
	var moved float64
	e.At(3, func(int) { nw.SetCapacity(r, 0) }, 0)
	e.At(4, func(int) {
		if nw.Rate(fa) != 0 || nw.Utilization(r) != 0 {
			t.Errorf("during outage: rate %v, utilization %v, want 0", nw.Rate(fa), nw.Utilization(r))
		}
		if got := nw.Moved(fa); relErr(got, 1.5e6) > 1e-12 { // 3 s at 0.5 MB/s
			t.Errorf("moved %v during outage, want 1.5e6", got)
		}
	}, 0)
	e.At(5, func(int) { nw.SetCapacity(r, 8e6) }, 0)
	e.At(6, func(int) { moved = nw.Abort(fb) }, 0)
	e.Run()
	// a: 0.5 MB/s for 3 s, stall 2 s, 0.5 MB/s for 1 s (to 6 s), then 1 MB/s
	// is not reached: its cap is 4 Mbit/s = 0.5 MB/s. 10 MB at 0.5 MB/s is
	// 20 s of transfer, plus 2 s of outage: 22 s.
	if relErr(float64(endA), 22) > 1e-12 {
		t.Fatalf("flow a ended at %v, want 22 (20 s + 2 s outage)", endA)
	}
	if relErr(moved, 2e6) > 1e-12 { // b: 4 s at 0.5 MB/s
		t.Fatalf("aborted flow moved %v, want 2e6", moved)
	}
	total := nw.Bytes(r, ca) + nw.Bytes(r, cb)
	if relErr(total, 10e6+moved) > 1e-12 {
		t.Fatalf("carried %v bytes, want %v", total, 10e6+moved)
	}
	if nw.Active(fb) || nw.Active(fa) || nw.Abort(fb) != 0 {
		t.Fatal("finished or aborted flows still active")
	}
}

// Outage on an uncapped flow: it ends late by exactly the outage length.
func TestOutageDelaysByOutageLength(t *testing.T) {
	for _, outage := range []Time{0.5, 2, 7.25} {
		e := New()
		nw := NewNetwork(e)
		r := nw.AddResource("wan", 8e6)
		c := nw.AddClass("a")
		var end Time
		nw.Start(Flow{SizeBytes: 10e6, Path: nw.AddPath(r), Class: c, Done: func(int) { end = e.Now() }})
		e.At(3, func(int) { nw.SetCapacity(r, 0) }, 0)
		e.At(3+outage, func(int) { nw.SetCapacity(r, 8e6) }, 0)
		e.Run()
		if relErr(float64(end), 10+float64(outage)) > 1e-12 {
			t.Fatalf("outage %v s: ended at %v, want %v", outage, end, 10+outage)
		}
		if got := nw.Bytes(r, c); relErr(got, 10e6) > 1e-12 {
			t.Fatalf("outage %v s: carried %v, want 1e7", outage, got)
		}
	}
}

func TestPauseResume(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("l", 8e6) // 1 MB/s
	c := nw.AddClass("a")
	p := nw.AddPath(r)
	var end1, end2 Time
	f1 := nw.Start(Flow{SizeBytes: 4e6, Path: p, Class: c, Done: func(int) { end1 = e.Now() }})
	nw.Start(Flow{SizeBytes: 4e6, Path: p, Class: c, Done: func(int) { end2 = e.Now() }})
	// 0-2 s shared: 1 MB each. 2-4 s f1 paused, f2 alone: 2 MB more (3 MB).
	// 4 s: both again at 0.5 MB/s: f2 needs 2 s for its last 1 MB (ends 6 s),
	// f1 has 3 MB left: 1 MB by 6 s, 2 MB alone: ends 8 s.
	e.At(2, func(int) { nw.Pause(f1) }, 0)
	e.At(3, func(int) {
		if nw.Rate(f1) != 0 || !nw.Active(f1) || relErr(nw.Remaining(f1), 3e6) > 1e-12 {
			t.Errorf("paused: rate %v active %v remaining %v", nw.Rate(f1), nw.Active(f1), nw.Remaining(f1))
		}
	}, 0)
	e.At(4, func(int) { nw.Resume(f1) }, 0)
	e.Run()
	if relErr(float64(end1), 8) > 1e-12 || relErr(float64(end2), 6) > 1e-12 {
		t.Fatalf("ends %v and %v, want 8 and 6", end1, end2)
	}
}

// Reservations take capacity first; beyond capacity they are scaled down and
// flows get nothing. Their bytes are counted exactly.
func TestReservations(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("l", 80) // 10 B/s
	bg, fg := nw.AddClass("bg"), nw.AddClass("fg")
	nw.SetReservation(r, bg, 32) // 4 B/s
	f := nw.Start(Flow{SizeBytes: 1e6, Path: nw.AddPath(r), Class: fg})
	if got := nw.Rate(f); got != 48 {
		t.Fatalf("flow rate %v, want 80-32 = 48", got)
	}
	e.RunUntil(10)
	nw.SetReservation(r, bg, 160) // 20 B/s wanted, scaled to the 10 B/s there is
	if got := nw.Rate(f); got != 0 {
		t.Fatalf("flow rate %v, want 0 under an over-full reservation", got)
	}
	if u := nw.Utilization(r); relErr(u, 1) > 1e-12 {
		t.Fatalf("utilization %v, want 1", u)
	}
	e.RunUntil(20)
	// bg: 4 B/s for 10 s + 10 B/s for 10 s = 140 B; fg: 6 B/s for 10 s = 60 B.
	if got := nw.Bytes(r, bg); relErr(got, 140) > 1e-12 {
		t.Fatalf("bg bytes %v, want 140", got)
	}
	if got := nw.Bytes(r, fg); relErr(got, 60) > 1e-12 {
		t.Fatalf("fg bytes %v, want 60", got)
	}
}

// Bytes per bucket: 1 MB/s from 0.5 s to 3 s in buckets of 1 s gives
// 0.5, 1, 1 MB; a reservation of 8 bit/s (1 B/s) adds 1 B per bucket.
func TestBytesSeries(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("l", 8e6+8)
	c := nw.AddClass("a")
	nw.Record(1, 4)
	nw.SetReservation(r, c, 8)
	e.At(0.5, func(int) { nw.Start(Flow{SizeBytes: 2.5e6, Path: nw.AddPath(r), Class: c}) }, 0)
	e.RunUntil(3.5)
	nw.Flush()
	got := nw.BytesSeries(r, c)
	want := []float64{0.5e6 + 1, 1e6 + 1, 1e6 + 1, 0.5}
	for i := range want {
		if relErr(got[i], want[i]) > 1e-12 {
			t.Fatalf("series %v, want %v", got, want)
		}
	}
	if tot := nw.Bytes(r, c); relErr(tot, 2.5e6+3.5) > 1e-12 {
		t.Fatalf("total %v, want %v", tot, 2.5e6+3.5)
	}
}

// Flows sharing only part of their paths, starting and ending at different
// times: each flow's bytes equal its size, and every resource carries the sum
// of the flows crossing it (work conservation).
func TestConservationRandomFlows(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	rng := Stream(5, 0, "flows")
	var rs []ResourceID
	for i := 0; i < 6; i++ {
		rs = append(rs, nw.AddResource("r", 1e6*float64(1+i)))
	}
	cls := []ClassID{nw.AddClass("a"), nw.AddClass("b")}
	want := make([]float64, len(rs))
	completed := 0
	for i := 0; i < 300; i++ {
		a, b := rng.IntN(6), rng.IntN(6)
		var p PathID
		if a == b {
			p = nw.AddPath(rs[a])
		} else {
			p = nw.AddPath(rs[a], rs[b])
		}
		size := 1e4 + rng.ExpFloat64()*1e5
		for _, r := range nw.PathResources(p) {
			want[r] += size
		}
		capBps := 0.0
		if i%3 == 0 {
			capBps = 2e5
		}
		f := Flow{SizeBytes: size, Path: p, Class: cls[i%2], CapBps: capBps, Done: func(int) { completed++ }}
		e.At(Time(rng.Float64()*20), func(int) { nw.Start(f) }, 0)
	}
	e.At(7, func(int) { nw.SetCapacity(rs[2], 0) }, 0)
	e.At(9, func(int) { nw.SetCapacity(rs[2], 3e6) }, 0)
	e.Run()
	if completed != 300 {
		t.Fatalf("%d flows completed, want 300", completed)
	}
	for i, r := range rs {
		got := nw.Bytes(r, cls[0]) + nw.Bytes(r, cls[1])
		if relErr(got, want[i]) > 1e-9 {
			t.Errorf("resource %d carried %v bytes, want %v", i, got, want[i])
		}
	}
}

// RecordResources keeps series only for the listed resources; the view is the
// live slice.
func TestRecordResources(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	a, b := nw.AddResource("a", 8), nw.AddResource("b", 8)
	c := nw.AddClass("x")
	nw.Record(1, 3)
	nw.RecordResources(b)
	nw.Start(Flow{SizeBytes: 2, Path: nw.AddPath(a, b), Class: c}) // 1 B/s for 2 s
	e.Run()
	nw.Flush()
	if nw.BytesSeries(a, c) != nil || nw.BytesSeriesView(a, c) != nil {
		t.Fatal("series kept for an unrecorded resource")
	}
	v := nw.BytesSeriesView(b, c)
	if len(v) != 3 || v[0] != 1 || v[1] != 1 || v[2] != 0 {
		t.Fatalf("series of b %v, want [1 1 0]", v)
	}
	if nw.Bytes(a, c) != 2 {
		t.Fatalf("total on a %v, want 2", nw.Bytes(a, c))
	}
}

// A reservation change on a resource that stays unsaturated changes no rate,
// so it must not re-rate the groups crossing it.
func TestUnsaturatedReservationIsLocal(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	core := nw.AddResource("core", 1000)
	c := nw.AddClass("x")
	bg := nw.AddClass("bg")
	var ids []FlowID
	for i := 0; i < 5; i++ {
		edge := nw.AddResource("edge", 10)
		ids = append(ids, nw.Start(Flow{SizeBytes: 1e6, Path: nw.AddPath(edge, core), Class: c}))
	}
	e.RunUntil(1)
	nw.SetReservation(core, bg, 500) // core carries 50 of 1000-500: unsaturated
	nw.settle()
	if len(nw.aff) != 0 {
		t.Fatalf("%d groups re-rated, want 0", len(nw.aff))
	}
	nw.SetReservation(core, bg, 990) // 10 left for 5 flows of 10: saturated
	for _, id := range ids {
		if r := nw.Rate(id); relErr(r, 2) > 1e-12 {
			t.Fatalf("rate %v, want 10/5 = 2", r)
		}
	}
	if len(nw.aff) != 5 {
		t.Fatalf("%d groups re-rated, want 5", len(nw.aff))
	}
}

// A group that never empties keeps a growing virtual clock (here 5e11 bytes,
// whose resolution is 6e-5 bytes); a small flow joining it late still ends on
// time, to about 1e-7 — the resolution of float64 time at 500 s (1e-13 s)
// against its 2 µs duration.
func TestLongBusyGroupPrecision(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("l", 8e9) // 1 GB/s
	c := nw.AddClass("x")
	p := nw.AddPath(r)
	nw.Start(Flow{SizeBytes: 1e15, Path: p, Class: c}) // busy for days
	e.RunUntil(500)                                    // its virtual clock passes 5e11 bytes
	for k := 0; k < 5; k++ {
		t0 := e.Now()
		var end Time
		nw.Start(Flow{SizeBytes: 1000, Path: p, Class: c, Done: func(int) { end = e.Now() }})
		e.RunUntil(t0 + 1)
		// Two flows at 0.5 GB/s: 1000 B take 2 µs.
		if got := float64(end - t0); relErr(got, 2e-6) > 1e-6 {
			t.Fatalf("small flow took %.12g s, want 2e-6 s", got)
		}
	}
}

// TestFlowSeconds: the flow-seconds on a resource integrate the number of running
// flows. The staggered pair above: flow 1 runs 0–10 s, flow 2 runs 4–8 s, so the link
// carries 10 + 4 = 14 flow-seconds; in 5 s buckets, bucket 0 (0–5 s) holds 5 + 1 = 6,
// bucket 1 (5–10 s) 5 + 3 = 8. A resource on no flow's path has none.
func TestFlowSeconds(t *testing.T) {
	e := New()
	nw := NewNetwork(e)
	r := nw.AddResource("link", 100e6)
	idle := nw.AddResource("idle", 100e6)
	c := nw.AddClass("x")
	p := nw.AddPath(r)
	nw.Record(5, 3)
	nw.Start(Flow{SizeBytes: 100e6, Path: p, Class: c})
	e.At(4, func(int) { nw.Start(Flow{SizeBytes: 25e6, Path: p, Class: c}) }, 0)
	e.Run()
	nw.Flush()
	if got := nw.FlowSeconds(r); relErr(got, 14) > 1e-9 {
		t.Errorf("flow-seconds %v, want 14", got)
	}
	s := nw.FlowSecondsSeries(r)
	if relErr(s[0], 6) > 1e-9 || relErr(s[1], 8) > 1e-9 || s[2] != 0 {
		t.Errorf("flow-seconds by bucket %v, want [6 8 0]", s)
	}
	if nw.FlowSeconds(idle) != 0 {
		t.Errorf("idle resource: %v flow-seconds", nw.FlowSeconds(idle))
	}
}
