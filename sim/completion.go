package sim

// Completions: virtual-clock finish times, the per-group heaps of flows, the
// heap of groups by next completion, and the wake-up event.

// isDone reports whether a flow with rem bytes left (of size) at rate x counts
// as finished at now: within the relative tolerance, or so close that its
// completion time would not differ from now in floating point.
func isDone(rem, size, x float64, now Time) bool {
	return rem <= doneTol*size || (x > 0 && now+Time(rem*8/x) <= now)
}

// updateNext recomputes when the first flow of group gi finishes.
func (n *Network) updateNext(gi int32) {
	g := &n.groups[gi]
	t := Time(inf)
	if len(g.fl) > 0 {
		now := n.e.now
		top := g.fl[0]
		rem := top.tag - n.vNow(g)
		if rem <= doneTol*n.flows[top.slot].size {
			t = now
		} else if g.x > 0 {
			// A completion time that rounds to now counts as now (isDone).
			t = now + Time(rem*8/g.x)
		}
	}
	if t != g.nextT {
		g.nextT = t
		n.gheapFix(gi)
	}
}

// schedWake keeps one engine event at the earliest group completion time.
func (n *Network) schedWake() {
	t := Time(inf)
	if len(n.gheap) > 0 {
		t = n.gheap[0].t
	}
	if t == n.wakeT && (n.wakeID != 0 || t == Time(inf)) {
		return
	}
	if n.wakeID != 0 {
		n.e.Cancel(n.wakeID)
		n.wakeID = 0
	}
	n.wakeT = t
	if t < Time(inf) {
		n.wakeID = n.e.At(t, n.wakeFn, 0)
	}
}

// wake completes every flow due at Now() and calls their Done handlers in
// order of (group completion time, group, finish tag, start order).
func (n *Network) wake(int) {
	n.wakeID = 0
	n.wakeT = Time(inf)
	now := n.e.now
	for len(n.gheap) > 0 {
		if n.gheap[0].t > now {
			break
		}
		gi := n.gheap[0].g
		g := &n.groups[gi]
		g.nextT = Time(inf)
		n.gheapRemove(0)
		n.setRate(g, g.x) // advance the virtual clock to now
		for len(g.fl) > 0 {
			top := g.fl[0]
			fl := &n.flows[top.slot]
			if !isDone(top.tag-g.v, fl.size, g.x, now) {
				break
			}
			n.removeFlow(g, 0)
			fl.state = flowFinishing
			n.doneQ = append(n.doneQ, top.slot)
		}
		n.markDirty(gi)
	}
	for i := 0; i < len(n.doneQ); i++ {
		s := n.doneQ[i]
		fl := &n.flows[s]
		h, arg := fl.done, fl.arg
		if h != nil {
			h(arg)
		}
		n.freeFlow(s)
	}
	n.doneQ = n.doneQ[:0]
}

// countClass adds d to the running flows of class c in g.
func (n *Network) countClass(g *group, c ClassID, d int32) {
	g.clsChg = true
	for i := range g.cls {
		if g.cls[i].c == c {
			g.cls[i].n += d
			return
		}
	}
	g.cls = append(g.cls, gclass{c: c, n: d})
}

// ---- per-group flow heap (by finish tag, then start order) ----

func (a fentry) less(b fentry) bool {
	return a.tag < b.tag || (a.tag == b.tag && a.seq < b.seq)
}

func (n *Network) pushFlow(g *group, x fentry) {
	n.countClass(g, n.flows[x.slot].class, 1)
	g.fl = append(g.fl, x)
	n.flUp(g, len(g.fl)-1)
}

func (n *Network) flUp(g *group, i int) {
	h := g.fl
	x := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !x.less(h[p]) {
			break
		}
		h[i] = h[p]
		n.flows[h[i].slot].hpos = int32(i)
		i = p
	}
	h[i] = x
	n.flows[x.slot].hpos = int32(i)
}

func (n *Network) flDown(g *group, i int) {
	h := g.fl
	x := h[i]
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].less(h[c]) {
			c++
		}
		if !h[c].less(x) {
			break
		}
		h[i] = h[c]
		n.flows[h[i].slot].hpos = int32(i)
		i = c
	}
	h[i] = x
	n.flows[x.slot].hpos = int32(i)
}

func (n *Network) removeFlow(g *group, i32 int32) {
	i := int(i32)
	n.countClass(g, n.flows[g.fl[i].slot].class, -1)
	last := len(g.fl) - 1
	n.flows[g.fl[i].slot].hpos = -1
	if i != last {
		g.fl[i] = g.fl[last]
	}
	g.fl = g.fl[:last]
	if i < last {
		n.flDown(g, i)
		n.flUp(g, i)
	}
}

// ---- heap of groups by next completion time ----

// gentry is an entry of Network.gheap; it carries the group's nextT so that
// comparisons do not visit the groups.
type gentry struct {
	t Time
	g int32
}

func (a gentry) less(b gentry) bool { return a.t < b.t || (a.t == b.t && a.g < b.g) }

// gheapFix puts group gi at its place for its (new) nextT, adding or removing
// it as nextT is finite or not.
func (n *Network) gheapFix(gi int32) {
	g := &n.groups[gi]
	if g.nextT == Time(inf) {
		if g.hpos >= 0 {
			n.gheapRemove(int(g.hpos))
		}
		return
	}
	x := gentry{g.nextT, gi}
	if g.hpos < 0 {
		n.gheap = append(n.gheap, x)
		n.gUp(len(n.gheap)-1, x)
		return
	}
	i := int(g.hpos)
	if i > 0 && x.less(n.gheap[(i-1)/2]) {
		n.gUp(i, x)
	} else {
		n.gDown(i, x)
	}
}

func (n *Network) gheapRemove(i int) {
	h := n.gheap
	n.groups[h[i].g].hpos = -1
	last := len(h) - 1
	x := h[last]
	n.gheap = h[:last]
	if i == last {
		return
	}
	if i > 0 && x.less(n.gheap[(i-1)/2]) {
		n.gUp(i, x)
	} else {
		n.gDown(i, x)
	}
}

// gUp places x, which goes at position i, up the heap.
func (n *Network) gUp(i int, x gentry) {
	h := n.gheap
	for i > 0 {
		p := (i - 1) / 2
		if !x.less(h[p]) {
			break
		}
		h[i] = h[p]
		n.groups[h[i].g].hpos = int32(i)
		i = p
	}
	h[i] = x
	n.groups[x.g].hpos = int32(i)
}

// gDown places x, which goes at position i, down the heap.
func (n *Network) gDown(i int, x gentry) {
	h := n.gheap
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].less(h[c]) {
			c++
		}
		if !h[c].less(x) {
			break
		}
		h[i] = h[c]
		n.groups[h[i].g].hpos = int32(i)
		i = c
	}
	h[i] = x
	n.groups[x.g].hpos = int32(i)
}
