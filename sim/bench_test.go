package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// bareItem and bareHeap are the physical floor for the calendar: a binary heap
// of (time, id) specialised by hand, with no payload and no cancellation.
type bareItem struct {
	t  float64
	id uint64
}

type bareHeap []bareItem

func (h *bareHeap) push(x bareItem) {
	a := append(*h, x)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].t < x.t || (a[p].t == x.t && a[p].id <= x.id) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = x
	*h = a
}

func (h *bareHeap) pop() bareItem {
	a := *h
	top := a[0]
	n := len(a) - 1
	x := a[n]
	a = a[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && (a[r].t < a[c].t || (a[r].t == a[c].t && a[r].id < a[c].id)) {
			c = r
		}
		if x.t < a[c].t || (x.t == a[c].t && x.id <= a[c].id) {
			break
		}
		a[i] = a[c]
		i = c
	}
	if n > 0 {
		a[i] = x
	}
	*h = a
	return top
}

var holdSizes = []struct {
	name string
	n    int
}{{"n=1k", 1000}, {"n=100k", 100000}}

// BenchmarkBareHeap: the hold model (pop the earliest, push it back at
// time + Exp(1)) on a bare heap; one op = one pop+push.
func BenchmarkBareHeap(b *testing.B) {
	for _, sz := range holdSizes {
		b.Run(sz.name, func(b *testing.B) {
			r := Stream(1, 0, "hold")
			h := make(bareHeap, 0, sz.n)
			for i := 0; i < sz.n; i++ {
				h.push(bareItem{r.ExpFloat64(), uint64(i)})
			}
			id := uint64(sz.n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				x := h.pop()
				id++
				h.push(bareItem{x.t + r.ExpFloat64(), id})
			}
		})
	}
}

// BenchmarkCalendar: the same hold model through the Engine's public API; one
// op = one event fired (pop, handler call, After).
func BenchmarkCalendar(b *testing.B) {
	for _, sz := range holdSizes {
		b.Run(sz.name, func(b *testing.B) {
			r := Stream(1, 0, "hold")
			e := New()
			left := sz.n // warm-up events: slot table and free list reach steady size
			var h Handler
			h = func(int) {
				if left--; left == 0 {
					e.Stop()
				}
				e.After(Time(r.ExpFloat64()), h, 0)
			}
			for i := 0; i < sz.n; i++ {
				e.At(Time(r.ExpFloat64()), h, 0)
			}
			e.Run()
			left = b.N
			b.ReportAllocs()
			b.ResetTimer()
			e.Run()
		})
	}
}

// flowBench is a closed system of `flows` flows on 200 resources: every
// completion starts a new flow on a random one of `groups` (path, cap) pairs,
// so the population stays constant. One op = one flow event (a start or a
// completion).
type flowBench struct {
	e      *Engine
	nw     *Network
	rng    *rand.Rand
	paths  []PathID
	caps   []float64
	class  ClassID
	doneFn Handler
	events int
}

func newFlowBench(flows, resources, groups int) *flowBench {
	fb := &flowBench{e: New(), rng: Stream(2, 0, "flows")}
	fb.nw = NewNetwork(fb.e)
	fb.class = fb.nw.AddClass("x")
	var rs []ResourceID
	for i := 0; i < resources; i++ {
		rs = append(rs, fb.nw.AddResource(fmt.Sprint("r", i), 1e9*(1+float64(i%4))))
	}
	for len(fb.paths) < groups {
		// Paths of 2 or 3 distinct resources (site link, core, server).
		a, b, c := rs[fb.rng.IntN(resources)], rs[fb.rng.IntN(resources)], rs[fb.rng.IntN(resources)]
		if a == b || b == c || a == c {
			continue
		}
		var p PathID
		if len(fb.paths)%2 == 0 {
			p = fb.nw.AddPath(a, b)
		} else {
			p = fb.nw.AddPath(a, b, c)
		}
		fb.paths = append(fb.paths, p)
		capBps := 0.0
		if len(fb.caps)%3 == 0 {
			capBps = 2e6 // a third of the groups are capped (access links)
		}
		fb.caps = append(fb.caps, capBps)
	}
	fb.doneFn = fb.done
	for i := 0; i < flows; i++ {
		fb.start()
	}
	return fb
}

func (fb *flowBench) start() {
	g := fb.rng.IntN(len(fb.paths))
	fb.nw.Start(Flow{SizeBytes: 1e3 + fb.rng.ExpFloat64()*1e6, Path: fb.paths[g], CapBps: fb.caps[g],
		Class: fb.class, Done: fb.doneFn})
	fb.events++
}

func (fb *flowBench) done(int) {
	fb.events++
	fb.start()
}

func BenchmarkFlows(b *testing.B) {
	for _, sz := range []struct {
		name  string
		flows int
	}{{"flows=1k", 1000}, {"flows=100k", 100000}} {
		b.Run(sz.name, func(b *testing.B) {
			fb := newFlowBench(sz.flows, 200, 400)
			for fb.events < 3*sz.flows { // warm up past the initial burst
				fb.e.RunUntil(fb.e.Now() + 0.01)
			}
			b.ReportAllocs()
			b.ResetTimer()
			target := fb.events + b.N
			for fb.events < target {
				fb.e.RunUntil(fb.e.Now() + 0.001)
			}
			b.ReportMetric(float64(fb.nw.ActiveFlows()), "flows")
		})
	}
}

// BenchmarkMM1: an M/M/1 processor-sharing queue on the network (load 0.8);
// one op = one customer (arrival, flow start, completion).
func BenchmarkMM1(b *testing.B) {
	q := newPSQueue(1, 0, 100e6, 1, b.N+1, expSize(10e6))
	b.ReportAllocs()
	b.ResetTimer()
	q.run()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "customers/s")
}
