package sim

import "fmt"

// Flows: starting, pausing, resuming and aborting flows, and per-flow and
// per-resource queries.

// Start starts a flow at Now() and returns its handle. Its rate is settled
// (with every other change at this instant) before the clock advances.
func (n *Network) Start(f Flow) FlowID {
	if f.Path < 0 || int(f.Path) >= len(n.paths) {
		panic(fmt.Sprintf("sim: Start: unknown path %d", f.Path))
	}
	if f.Class < 0 || int(f.Class) >= len(n.classes) {
		panic(fmt.Sprintf("sim: Start: unknown class %d", f.Class))
	}
	size := f.SizeBytes
	if !(size > 0) {
		size = 0
	}
	capBps := f.CapBps
	if !(capBps > 0) {
		capBps = inf
	}
	key := groupKey{f.Path, capBps}
	gi, ok := n.groupIdx[key]
	if !ok {
		gi = int32(len(n.groups))
		n.groups = append(n.groups, group{
			res: n.paths[f.Path], capBps: capBps, nextT: Time(inf), hpos: -1, bn: -1,
			lastT: n.e.now, apos: make([]int32, len(n.paths[f.Path])),
		})
		n.groupIdx[key] = gi
		n.gStamp = append(n.gStamp, 0)
	}
	var s int32
	if k := len(n.freeFlows); k > 0 {
		s = n.freeFlows[k-1]
		n.freeFlows = n.freeFlows[:k-1]
	} else {
		s = int32(len(n.flows))
		n.flows = append(n.flows, flow{})
	}
	fl := &n.flows[s]
	fl.gen++
	fl.state = flowRunning
	fl.group = gi
	fl.class = f.Class
	fl.size = size
	fl.done = f.Done
	fl.arg = f.Arg
	g := &n.groups[gi]
	fl.tag = n.vNow(g) + size
	n.flowSeq++
	n.pushFlow(g, fentry{tag: fl.tag, seq: n.flowSeq, slot: s})
	n.nActive++
	n.markDirty(gi)
	return FlowID(int64(fl.gen&0x7fffffff)<<32 | int64(s))
}

// lookup returns the flow record of a live handle, or nil if it is stale.
func (n *Network) lookup(id FlowID) *flow {
	s := int64(id) & 0xffffffff
	if id < 0 || s >= int64(len(n.flows)) {
		return nil
	}
	fl := &n.flows[s]
	if fl.state == flowFree || int64(fl.gen&0x7fffffff) != int64(id)>>32 {
		return nil
	}
	return fl
}

// vNow is the group's virtual time at Now().
func (n *Network) vNow(g *group) float64 {
	return g.v + g.x/8*float64(n.e.now-g.lastT)
}

// Pause stops a running flow at Now(), keeping its progress; Resume continues
// it. Pausing a paused, finished or aborted flow does nothing.
func (n *Network) Pause(id FlowID) {
	fl := n.lookup(id)
	if fl == nil || fl.state != flowRunning {
		return
	}
	g := &n.groups[fl.group]
	rem := fl.tag - n.vNow(g)
	if rem < 0 {
		rem = 0
	}
	n.removeFlow(g, fl.hpos)
	fl.tag = rem
	fl.state = flowPaused
	n.markDirty(fl.group)
}

// Resume continues a paused flow at Now(). Resuming a flow that is not paused
// does nothing.
func (n *Network) Resume(id FlowID) {
	fl := n.lookup(id)
	if fl == nil || fl.state != flowPaused {
		return
	}
	g := &n.groups[fl.group]
	fl.tag = n.vNow(g) + fl.tag
	fl.state = flowRunning
	n.flowSeq++
	n.pushFlow(g, fentry{tag: fl.tag, seq: n.flowSeq, slot: int32(int64(id) & 0xffffffff)})
	n.markDirty(fl.group)
}

// Abort removes a running or paused flow and returns the bytes it moved; its
// Done handler is not called. A stale handle returns 0.
func (n *Network) Abort(id FlowID) (movedBytes float64) {
	fl := n.lookup(id)
	if fl == nil || fl.state == flowFinishing {
		return 0
	}
	rem := fl.tag
	if fl.state == flowRunning {
		g := &n.groups[fl.group]
		rem = fl.tag - n.vNow(g)
		n.removeFlow(g, fl.hpos)
		n.markDirty(fl.group)
	}
	moved := clamp(fl.size-rem, fl.size)
	n.freeFlow(int32(int64(id) & 0xffffffff))
	return moved
}

func clamp(x, hi float64) float64 {
	if x < 0 {
		return 0
	}
	if x > hi {
		return hi
	}
	return x
}

func (n *Network) freeFlow(s int32) {
	fl := &n.flows[s]
	fl.state = flowFree
	fl.done = nil
	n.freeFlows = append(n.freeFlows, s)
	n.nActive--
}

// Moved returns the bytes flow id has moved so far (its size once finished,
// while its Done handler runs; 0 for a stale handle).
func (n *Network) Moved(id FlowID) float64 {
	fl := n.lookup(id)
	if fl == nil {
		return 0
	}
	return fl.size - n.remaining(fl)
}

// Remaining returns the bytes flow id still has to move (0 for a stale handle).
func (n *Network) Remaining(id FlowID) float64 {
	fl := n.lookup(id)
	if fl == nil {
		return 0
	}
	return n.remaining(fl)
}

func (n *Network) remaining(fl *flow) float64 {
	switch fl.state {
	case flowRunning:
		return clamp(fl.tag-n.vNow(&n.groups[fl.group]), fl.size)
	case flowPaused:
		return fl.tag
	}
	return 0
}

// Rate returns the current rate of flow id in bits/s (0 when paused, stalled
// or stale).
func (n *Network) Rate(id FlowID) float64 {
	fl := n.lookup(id)
	if fl == nil || fl.state != flowRunning {
		return 0
	}
	n.settle()
	return n.groups[fl.group].x
}

// Active reports whether flow id has started and is neither finished nor
// aborted (a paused flow is active).
func (n *Network) Active(id FlowID) bool {
	fl := n.lookup(id)
	return fl != nil && (fl.state == flowRunning || fl.state == flowPaused)
}

// ActiveFlows returns the number of active (running or paused) flows.
func (n *Network) ActiveFlows() int { return n.nActive }

// Load returns the rate carried by flows on r in bits/s (reservations
// excluded).
func (n *Network) Load(r ResourceID) float64 {
	n.settle()
	return n.res[r].load
}

// Utilization returns the current carried rate on r (flows and reservations)
// divided by its capacity; 0 when the capacity is 0.
func (n *Network) Utilization(r ResourceID) float64 {
	n.settle()
	rs := &n.res[r]
	if rs.capBps == 0 {
		return 0
	}
	t := 0.0
	for _, b := range rs.rates {
		t += b
	}
	return t / rs.capBps
}
