package sim

import (
	"fmt"
	"math"
)

// ResourceID identifies a resource (a link, a server…) of a Network.
type ResourceID int32

// ClassID is the accounting label of a flow or reservation.
type ClassID int32

// PathID identifies an interned list of resources (see Network.AddPath).
type PathID int32

// FlowID is the handle of a flow. Handles of finished or aborted flows are
// stale: the network recognises them (by a generation number) and treats them
// as inactive.
type FlowID int64

// Flow describes a transfer to start with Network.Start.
type Flow struct {
	SizeBytes float64 // bytes to move (> 0; <= 0 or NaN completes at once)
	Path      PathID  // the resources it crosses, from Network.Path
	CapBps    float64 // per-flow rate cap in bits/s; 0 = no cap
	Class     ClassID // the class its bytes are counted under
	Done      Handler // called at completion with Arg (may be nil)
	Arg       int     // passed to Done
}

// doneTol is the relative remaining size below which a flow counts as
// finished, guarding against floating drift of the virtual clocks.
const doneTol = 1e-9

var inf = math.Inf(1)

type resource struct {
	name     string
	capBps   float64
	res      []float64 // reserved rate per class, bits/s (as set, before scaling)
	resTotal float64   // sum of res, bits/s

	groups []int32 // active groups (at least one running flow) through this resource

	// Accounting. rates is the carried rate per class in bits/s (flows +
	// scaled reservations), constant since lastT.
	rates      []float64
	resCarried []float64 // reservation part of rates, per class, bits/s
	load       float64   // flow part of the carried rate, bits/s
	availRated float64   // flowAvail() when load was last settled
	incr       int       // incremental updates of rates since the last recomputation
	bytes      []float64
	series     [][]float64 // per class, per bucket; nil until used
	lastT      Time
	// flows is the running flows crossing the resource, as last accounted;
	// flowSecs integrates it over time (flow-seconds), flowSeries per bucket
	// (nil when the resource is not recorded).
	flows      float64
	flowSecs   float64
	flowSeries []float64
	rec        bool // bucket series are recorded (flowSeries allocated at first use)

	changed   bool // queued in Network.changedQ
	recompute bool // queued in Network.recomputeQ // capacity or reservations changed at Now(); queued in Network.changedQ
}

// group holds the flows with one (path, cap). All its running flows get the
// same rate x, so one virtual clock v (bytes served to each flow since the
// group last emptied) serves them all: a flow started at virtual time v0 with
// size s finishes when v reaches its tag v0+s. Classes only label bytes, so
// flows of several classes share a group; cls counts them per class.
type group struct {
	res    []ResourceID // the path's resources (shared with Network.paths)
	capBps float64      // per-flow cap, +Inf when none
	cls    []gclass
	clsChg bool // a class count changed since the last accounting

	fl    []fentry // min-heap of running flows by finish tag
	x     float64  // per-flow rate, bits/s
	v     float64  // virtual time (bytes) at lastT
	lastT Time

	nextT Time  // time the first flow finishes, +Inf when none
	hpos  int32 // position in Network.gheap, -1 when absent

	active bool    // listed in Network.active and in its resources' groups
	aidx   int32   // position in Network.active
	apos   []int32 // position in each path resource's groups list
	dirty  bool    // queued in Network.dirtyQ (running set changed)

	newX float64 // scratch for progressive filling (-1: not frozen yet)
	bn   int32   // bottleneck: the resource that froze it in the last filling, -1 for its cap

	// The contribution to the carried rates of its resources, as last
	// accounted: nRated flows at xRated bits/s each.
	nRated, xRated float64
}

// gclass counts the running flows of one class in a group.
type gclass struct {
	c      ClassID
	n      int32   // running flows
	nRated float64 // running flows as last accounted
}

type fentry struct {
	tag  float64 // finish tag, bytes of virtual time
	seq  uint64  // start order, breaks ties deterministically
	slot int32
}

const (
	flowFree uint8 = iota
	flowRunning
	flowPaused
	flowFinishing // completed, Done handler running
)

type flow struct {
	gen   uint32
	state uint8
	group int32
	hpos  int32
	class ClassID
	size  float64
	tag   float64 // finish tag when running; remaining bytes when paused
	done  Handler
	arg   int
}

// rscratch is the progressive-filling state of one resource, kept together so
// that visiting a resource touches one cache line.
type rscratch struct {
	rem   float64 // capacity left to unfrozen flows, bits/s
	cnt   float64 // unfrozen flows crossing it
	stamp uint32  // == Network.epoch when initialised for this fill
	in    int32   // region groups crossing it
}

type groupKey struct {
	path   PathID
	capBps float64
}

// Network is a fluid-flow network on an Engine: resources with capacities in
// bits per second, shared max-min fairly (with per-flow caps) by the flows
// crossing them, after rate reservations are served. See the package
// documentation for the sharing rule.
type Network struct {
	e   *Engine
	buf *Buffers // where bucket series come from and go back to (nil: allocated)

	res     []resource
	classes []string
	paths   [][]ResourceID
	pathIdx map[string]PathID

	groups   []group
	groupIdx map[groupKey]int32
	active   []int32 // groups with running flows

	flows     []flow
	freeFlows []int32
	flowSeq   uint64
	nActive   int // running + paused

	gheap []gentry // groups with finite nextT, min-heap by (nextT, id)

	dirtyQ     []int32
	recomputeQ []int32
	changedQ   []int32 // resources whose capacity or reservations changed
	pending    bool    // changes at Now() not yet re-rated
	hookReg    bool    // hookFn registered with the engine
	hookFn     func()
	wakeFn     Handler
	wakeID     EventID
	wakeT      Time
	doneQ      []int32
	recBucket  Time
	recN       int

	// progressive-filling scratch, indexed by resource
	sc     []rscratch // per resource
	epoch  uint32
	rStamp []uint32 // groups bottlenecked at the resource are in the region (== region)
	rAll   []uint32 // all groups crossing the resource are in the region (== region)
	gStamp []uint32 // group affected (== region), indexed by group
	region uint32
	aff    []int32 // affected groups
	fh     []fkey  // lazy heap of resources by level
	sCaps  []int32
}

// NewNetwork returns an empty network driven by e.
func NewNetwork(e *Engine) *Network {
	n := &Network{e: e, pathIdx: map[string]PathID{}, groupIdx: map[groupKey]int32{}}
	n.hookFn = n.hook
	n.wakeFn = n.wake
	n.wakeT = Time(inf)
	return n
}

// AddResource adds a resource with a capacity in bits/s (negative or NaN is
// taken as 0) and returns its ID.
func (n *Network) AddResource(name string, capacityBps float64) ResourceID {
	if !(capacityBps > 0) {
		capacityBps = 0
	}
	k := len(n.classes)
	n.res = append(n.res, resource{
		name: name, capBps: capacityBps, lastT: n.e.now,
		res: make([]float64, k), rates: make([]float64, k), bytes: make([]float64, k),
		resCarried: make([]float64, k), availRated: capacityBps,
	})
	n.sc = append(n.sc, rscratch{})
	n.rStamp = append(n.rStamp, 0)
	n.rAll = append(n.rAll, 0)
	if n.recN > 0 {
		n.res[len(n.res)-1].series = make([][]float64, k)
	}
	return ResourceID(len(n.res) - 1)
}

// AddClass adds an accounting class and returns its ID.
func (n *Network) AddClass(name string) ClassID {
	n.classes = append(n.classes, name)
	for i := range n.res {
		r := &n.res[i]
		r.res = append(r.res, 0)
		r.rates = append(r.rates, 0)
		r.resCarried = append(r.resCarried, 0)
		r.bytes = append(r.bytes, 0)
		if r.series != nil {
			r.series = append(r.series, nil)
		}
	}
	return ClassID(len(n.classes) - 1)
}

// NumResources returns the number of resources.
func (n *Network) NumResources() int { return len(n.res) }

// NumClasses returns the number of classes.
func (n *Network) NumClasses() int { return len(n.classes) }

// ResourceName returns the name given to AddResource.
func (n *Network) ResourceName(r ResourceID) string { return n.res[r].name }

// ClassName returns the name given to AddClass.
func (n *Network) ClassName(c ClassID) string { return n.classes[c] }

// AddPath interns a list of distinct resources and returns its ID; the same
// list always gives the same ID. Intern once and reuse the ID for every flow.
// An empty path, an unknown or a repeated resource is a programming error and
// panics.
func (n *Network) AddPath(resources ...ResourceID) PathID {
	if len(resources) == 0 {
		panic("sim: AddPath needs at least one resource")
	}
	key := make([]byte, 0, 4*len(resources))
	for i, r := range resources {
		if r < 0 || int(r) >= len(n.res) {
			panic(fmt.Sprintf("sim: AddPath: unknown resource %d", r))
		}
		for _, q := range resources[:i] {
			if q == r {
				panic(fmt.Sprintf("sim: AddPath: resource %q repeated", n.res[r].name))
			}
		}
		key = append(key, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
	}
	if p, ok := n.pathIdx[string(key)]; ok {
		return p
	}
	p := PathID(len(n.paths))
	n.paths = append(n.paths, append([]ResourceID(nil), resources...))
	n.pathIdx[string(key)] = p
	return p
}

// PathResources returns the resources of path p (do not modify).
func (n *Network) PathResources(p PathID) []ResourceID { return n.paths[p] }

// SetCapacity changes the capacity of r to bps bits/s at Now() (negative or NaN
// is taken as 0). Capacity 0 is an outage: flows crossing r stall at rate 0 and
// resume by themselves when capacity returns.
func (n *Network) SetCapacity(r ResourceID, bps float64) {
	if !(bps > 0) {
		bps = 0
	}
	if n.res[r].capBps == bps {
		return
	}
	n.res[r].capBps = bps
	n.capChanged(r)
}

// Capacity returns the current capacity of r in bits/s.
func (n *Network) Capacity(r ResourceID) float64 { return n.res[r].capBps }

// SetReservation sets the steady rate (bits/s) that class c reserves on r,
// replacing the previous value (negative or NaN is taken as 0). Reservations
// are served first (if together they exceed the capacity they are scaled down
// proportionally); flows share what is left. The bytes they carry are counted
// in Bytes like those of flows.
func (n *Network) SetReservation(r ResourceID, c ClassID, bps float64) {
	if !(bps > 0) || math.IsInf(bps, 1) {
		if math.IsInf(bps, 1) {
			panic("sim: SetReservation: infinite rate")
		}
		bps = 0
	}
	rs := &n.res[r]
	if rs.res[c] == bps {
		return
	}
	rs.res[c] = bps
	t := 0.0
	for _, b := range rs.res {
		t += b
	}
	rs.resTotal = t
	n.capChanged(r)
}

// Reservation returns the rate (bits/s) that class c reserves on r, as set
// (before any scaling down).
func (n *Network) Reservation(r ResourceID, c ClassID) float64 { return n.res[r].res[c] }

// flowAvail is the capacity of r left to flows after reservations, bits/s.
func (rs *resource) flowAvail() float64 {
	if a := rs.capBps - rs.resTotal; a > 0 {
		return a
	}
	return 0
}

// markDirty records that the running set of group gi changed at Now().
func (n *Network) markDirty(gi int32) {
	g := &n.groups[gi]
	if !g.dirty {
		g.dirty = true
		n.dirtyQ = append(n.dirtyQ, gi)
	}
	n.touch()
}

// touch asks the engine to re-rate before the clock advances.
func (n *Network) touch() {
	n.pending = true
	if !n.hookReg {
		n.hookReg = true
		n.e.BeforeAdvance(n.hookFn)
	}
}

func (n *Network) hook() {
	n.hookReg = false
	if n.pending {
		n.rerate()
	}
}

// settle re-rates now if changes are pending (for queries of rates).
func (n *Network) settle() {
	if n.pending {
		n.rerate()
	}
}

func (n *Network) capChanged(r ResourceID) {
	if rs := &n.res[r]; !rs.changed {
		rs.changed = true
		n.changedQ = append(n.changedQ, int32(r))
	}
	n.touch()
}
