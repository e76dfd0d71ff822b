package sim

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
)

// cpuTime returns the CPU time (user + system) of the process in ns. On a
// shared machine it is steadier than wall time; benchmarks report it as
// cpu-ns/op next to ns/op.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

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
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				x := h.pop()
				id++
				h.push(bareItem{x.t + r.ExpFloat64(), id})
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
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
			cpu0 := cpuTime()
			e.Run()
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// flowBench is a closed system of `flows` flows on 200 resources, spread
// evenly over `groups` (path, cap) pairs: every completion starts a new flow
// (of a new random size) in the same group 1 µs later, so each group keeps its
// population (give or take one) and the run is stationary from the start.
// One op = one flow event (a start or a completion), each re-rated on its own. Capacities and caps are proportional to `scale`
// bits/s per flow: with scale fixed, 1k and 100k flows give every flow the same
// rate (the same resources saturate) and differ only in the number of flows
// per group.
type flowBench struct {
	e       *Engine
	nw      *Network
	rng     *rand.Rand
	paths   []PathID
	caps    []float64
	class   ClassID
	doneFn  Handler
	startFn Handler
	events  int
	target  int // Stop the engine when events reaches target
}

func newFlowBench(flows, resources, groups int, scale float64, allCapped bool) *flowBench {
	fb := &flowBench{e: New(), rng: Stream(2, 0, "flows")}
	fb.nw = NewNetwork(fb.e)
	fb.class = fb.nw.AddClass("x")
	var rs []ResourceID
	for i := 0; i < resources; i++ {
		rs = append(rs, fb.nw.AddResource(fmt.Sprint("r", i), scale*float64(flows)*(1+float64(i%4))))
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
		if allCapped || len(fb.caps)%3 == 0 {
			capBps = 2e6 // a third of the groups are capped (access links)
		}
		fb.caps = append(fb.caps, capBps)
	}
	fb.doneFn, fb.startFn = fb.done, fb.start
	for i := 0; i < flows; i++ {
		fb.start(i % groups)
	}
	return fb
}

func (fb *flowBench) start(g int) {
	fb.nw.Start(Flow{SizeBytes: 1e3 + fb.rng.ExpFloat64()*1e6, Path: fb.paths[g], CapBps: fb.caps[g],
		Class: fb.class, Done: fb.doneFn, Arg: g})
	fb.events++
}

func (fb *flowBench) done(g int) {
	fb.events++
	fb.e.After(1e-6, fb.startFn, g)
	if fb.events >= fb.target {
		fb.e.Stop()
	}
}

// BenchmarkFlows: 400 groups on 200 resources, capacities 10 to 40 kbit/s
// per flow in the network (1 to 4 Gbit/s for 100k flows) and a 2 Mbit/s cap on
// a third of the groups, so both sizes run in the same regime, with about half
// of the resources saturated (the metric "saturated").
func BenchmarkFlows(b *testing.B) {
	b.Run("flows=1k", func(b *testing.B) { benchFlowsN(b, 1000, 1e4, false) })
	b.Run("flows=100k", func(b *testing.B) { benchFlowsN(b, 100000, 1e4, false) })
}

// BenchmarkFlowsLight: every group capped at 2 Mbit/s and capacities of 20
// to 80 kbit/s per flow, where few resources saturate and re-rating stays
// local.
func BenchmarkFlowsLight(b *testing.B) {
	b.Run("flows=1k", func(b *testing.B) { benchFlowsN(b, 1000, 2e4, true) })
	b.Run("flows=100k", func(b *testing.B) { benchFlowsN(b, 100000, 2e4, true) })
}

func benchFlowsN(b *testing.B, flows int, scale float64, allCapped bool) {
	fb := newFlowBench(flows, 200, 400, scale, allCapped)
	fb.target = 2 * flows // warm up past the initial burst
	fb.e.Run()
	b.ReportAllocs()
	b.ResetTimer()
	fb.target = fb.events + b.N
	cpu0 := cpuTime()
	fb.e.Run()
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	sat := 0
	for r := range fb.nw.res {
		if fb.nw.saturated(ResourceID(r)) {
			sat++
		}
	}
	b.ReportMetric(float64(sat), "saturated")
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

// BenchmarkFlowsHub: the migration model's hot spot — one saturated 10 Mbit/s
// branch link carrying about 1,000 flows of 2 classes on 40 paths
// [lan, wan, core, server k] (40 groups); lan, core and servers are not
// saturated. 1,100 users alternate a transfer (mean 100 kB) and a think time
// (mean 8 s), so the number of flows, hence the fair share of all 40 groups,
// changes at every event. Series are recorded for every resource.
func BenchmarkFlowsHub(b *testing.B) {
	e := New()
	nw := NewNetwork(e)
	lan := nw.AddResource("lan", 1e9)
	wan := nw.AddResource("wan", 10e6)
	core := nw.AddResource("core", 1e9)
	cls := []ClassID{nw.AddClass("sync"), nw.AddClass("oab")}
	var paths []PathID
	for k := 0; k < 40; k++ {
		paths = append(paths, nw.AddPath(lan, wan, core, nw.AddResource(fmt.Sprint("server", k), 100e6)))
	}
	nw.Record(3600, 1000)
	rng := Stream(3, 0, "hub")
	events, target := 0, 0
	var done, start Handler
	start = func(g int) {
		nw.Start(Flow{SizeBytes: 1e3 + rng.ExpFloat64()*0.99e5, Path: paths[g/2], Class: cls[g%2], Done: done, Arg: g})
		events++
	}
	done = func(g int) {
		events++
		e.After(Time(rng.ExpFloat64()*8), start, rng.IntN(80))
		if events >= target {
			e.Stop()
		}
	}
	for i := 0; i < 1100; i++ {
		start(i % 80)
	}
	target = 50000
	e.Run()
	b.ReportAllocs()
	b.ResetTimer()
	target = events + b.N
	cpu0 := cpuTime()
	e.Run()
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(nw.ActiveFlows()), "flows")
}
