package sim

// Re-rating: which groups a change can affect (the region), progressive
// filling over them, and applying the new per-flow rates.

// rerate settles every change made at Now(): activation of groups, new per-flow
// rates, completion times, per-resource carried rates, and the wake-up event.
//
// Only a region is re-rated. Every group remembers its bottleneck: the
// resource that froze it in progressive filling (or its cap). A change of the
// load on a saturated resource changes the rates of the groups bottlenecked
// there, which changes the loads on the other saturated resources they cross,
// and so on: the region starts from the groups whose number of running flows
// changed (and every group crossing a resource whose capacity changed) and
// grows along that relation. Progressive filling then runs over the region,
// the other groups' loads counting as fixed background. If it saturates a
// resource at a level below the rate of an outside group crossing it, that
// group must slow down too: every group on the resource joins and filling
// restarts. The result is the global max-min allocation (the package tests
// check it against the bottleneck conditions after random changes).
func (n *Network) rerate() {
	n.pending = false
	for _, gi := range n.dirtyQ {
		g := &n.groups[gi]
		if running := len(g.fl) > 0; running != g.active {
			if running {
				n.activate(gi)
			} else {
				n.deactivate(gi)
			}
		}
	}
	n.region++
	n.aff = n.aff[:0]
	for _, gi := range n.dirtyQ {
		g := &n.groups[gi]
		if float64(len(g.fl)) == g.nRated {
			// As many running flows as before (one finished, another
			// started): no rate anywhere can change.
			continue
		}
		for _, r := range g.res {
			if n.saturated(r) {
				n.addBottlenecked(r)
			}
		}
		if g.active {
			n.addGroup(gi)
		}
	}
	for _, r := range n.changedQ {
		// A resource unsaturated before and after the change of its capacity
		// or reservations is nobody's bottleneck: no rate changes.
		rs := &n.res[r]
		if a := rs.flowAvail(); n.saturated(ResourceID(r)) || a-rs.load <= 1e-9*a {
			n.addAll(ResourceID(r))
		}
	}
	if len(n.aff) > 0 {
		n.closure(0)
		for {
			from := len(n.aff)
			r := n.fill()
			if r < 0 {
				break
			}
			n.addAll(r)
			n.closure(from)
		}
		n.apply()
	}
	for _, gi := range n.dirtyQ {
		g := &n.groups[gi]
		g.dirty = false
		if len(g.fl) == 0 {
			// Empty: restart the virtual clock so it never grows large
			// (paused flows keep their remaining bytes, not tags).
			g.v, g.lastT = 0, n.e.now
		}
		n.updateNext(gi)
		n.account(g)
	}
	n.dirtyQ = n.dirtyQ[:0]
	for _, r := range n.changedQ {
		n.accountRes(r)
	}
	n.changedQ = n.changedQ[:0]
	for _, r := range n.recomputeQ {
		n.recompute(&n.res[r])
	}
	n.recomputeQ = n.recomputeQ[:0]
	n.schedWake()
}

// saturated reports whether flows fill what reservations leave of r, as of the
// last re-rate, within a relative 1e-9.
func (n *Network) saturated(r ResourceID) bool {
	rs := &n.res[r]
	a := rs.availRated
	return a-rs.load <= 1e-9*a
}

// addBottlenecked puts in the region the groups whose bottleneck is r.
func (n *Network) addBottlenecked(r ResourceID) {
	if n.rStamp[r] == n.region {
		return
	}
	n.rStamp[r] = n.region
	for _, gi := range n.res[r].groups {
		if n.groups[gi].bn == int32(r) {
			n.addGroup(gi)
		}
	}
}

// addAll puts in the region every active group crossing r.
func (n *Network) addAll(r ResourceID) {
	if n.rAll[r] == n.region {
		return
	}
	n.rAll[r] = n.region
	n.rStamp[r] = n.region
	for _, gi := range n.res[r].groups {
		n.addGroup(gi)
	}
}

func (n *Network) addGroup(gi int32) {
	if n.gStamp[gi] != n.region {
		n.gStamp[gi] = n.region
		n.aff = append(n.aff, gi)
	}
}

// closure grows the region from the groups aff[from:]: the groups bottlenecked
// at a saturated resource that a region group crosses join it. Once the region
// holds half the active groups it takes them all: counting background loads
// and growing step by step would cost more.
func (n *Network) closure(from int) {
	for i := from; i < len(n.aff); i++ {
		if 2*len(n.aff) > len(n.active) {
			n.wholeRegion()
			return
		}
		for _, r := range n.groups[n.aff[i]].res {
			if n.rStamp[r] != n.region && n.saturated(r) {
				n.addBottlenecked(r)
			}
		}
	}
}

// wholeRegion extends the region to every active group and resource: when the
// region is most of the network already, this avoids counting background loads
// and growing the region step by step.
func (n *Network) wholeRegion() {
	for _, gi := range n.active {
		n.addGroup(gi)
		for _, r := range n.groups[gi].res {
			n.rStamp[r] = n.region
			n.rAll[r] = n.region
		}
	}
}

// apply sets the rates computed by fill for the region's groups.
func (n *Network) apply() {
	for _, gi := range n.aff {
		g := &n.groups[gi]
		if g.newX != g.x {
			n.setRate(g, g.newX)
			if !g.dirty {
				n.updateNext(gi)
				n.account(g)
			}
		}
	}
}

// setRate changes the per-flow rate of g at Now(), first advancing its virtual
// clock at the old rate.
func (n *Network) setRate(g *group, x float64) {
	now := n.e.now
	g.v += g.x / 8 * float64(now-g.lastT)
	g.lastT = now
	g.x = x
}

func (n *Network) activate(gi int32) {
	g := &n.groups[gi]
	g.active = true
	g.aidx = int32(len(n.active))
	n.active = append(n.active, gi)
	for i, r := range g.res {
		rs := &n.res[r]
		g.apos[i] = int32(len(rs.groups))
		rs.groups = append(rs.groups, gi)
	}
}

func (n *Network) deactivate(gi int32) {
	g := &n.groups[gi]
	n.setRate(g, 0)
	g.active = false
	last := n.active[len(n.active)-1]
	n.active[g.aidx] = last
	n.groups[last].aidx = g.aidx
	n.active = n.active[:len(n.active)-1]
	for i, r := range g.res {
		rs := &n.res[r]
		p := g.apos[i]
		moved := rs.groups[len(rs.groups)-1]
		rs.groups[p] = moved
		rs.groups = rs.groups[:len(rs.groups)-1]
		if moved != gi {
			mg := &n.groups[moved]
			for j, q := range mg.res {
				if q == r {
					mg.apos[j] = p
					break
				}
			}
		}
	}
}

// fill computes max-min fair per-flow rates with caps for the region's groups
// by progressive filling: all their unfrozen flows rise together; a group
// freezes when its flows reach their cap or when a resource it crosses runs out
// of capacity. Groups outside the region keep their rates and count as
// background load. It returns a resource outside the region that limited a
// region group while groups outside the region cross it (the region must grow;
// rates are not final), or -1 when done.
//
// The heap of resources is lazy: a resource's saturation level (capacity
// left / unfrozen flows crossing it) only rises while filling (groups freeze at
// the minimum level), so a stale entry is a lower bound; it is recomputed when
// it reaches the top.
func (n *Network) fill() ResourceID {
	n.epoch++
	ep := n.epoch
	n.fh = n.fh[:0]
	caps := n.sCaps[:0]
	for _, gi := range n.aff {
		g := &n.groups[gi]
		g.newX = -1
		c := float64(len(g.fl))
		for _, r := range g.res {
			sc := &n.sc[r]
			if sc.stamp != ep {
				rs := &n.res[r]
				// Background: the accounted load less the region's part
				// (added back below, group by group).
				*sc = rscratch{rem: rs.flowAvail() - rs.load, stamp: ep}
				n.fh = append(n.fh, fkey{r: int32(r)})
			}
			sc.rem += g.nRated * g.xRated
			sc.in++
			sc.cnt += c
		}
		if g.capBps < inf {
			caps = append(caps, gi)
		}
	}
	// Groups that stopped running still count in the accounted load.
	for _, gi := range n.dirtyQ {
		if g := &n.groups[gi]; !g.active {
			for _, r := range g.res {
				if n.sc[r].stamp == ep {
					n.sc[r].rem += g.nRated * g.xRated
				}
			}
		}
	}
	for i := range n.fh {
		r := n.fh[i].r
		if rs := &n.res[r]; int(n.sc[r].in) == len(rs.groups) || rs.flowAvail() == 0 {
			// No background, or nothing left for flows at all: exact,
			// without the rounding of load minus contributions.
			n.sc[r].rem = rs.flowAvail()
		}
		rem := n.sc[r].rem
		if rem < 0 {
			rem = 0
		}
		n.fh[i].key = rem / n.sc[r].cnt
	}
	for i := len(n.fh)/2 - 1; i >= 0; i-- {
		fhDown(n.fh, i)
	}
	if len(caps) > 1 {
		sortByCap(caps, n.groups)
	}
	n.sCaps = caps

	left := len(n.aff)
	ci := 0
	for left > 0 {
		for ci < len(caps) && n.groups[caps[ci]].newX >= 0 {
			ci++
		}
		// Bring a valid resource to the top of the heap.
		for len(n.fh) > 0 {
			top := n.fh[0]
			if n.sc[top.r].cnt <= 0 {
				n.fhPop()
				continue
			}
			sc := &n.sc[top.r]
			if k := max(sc.rem, 0) / sc.cnt; k != top.key {
				n.fh[0].key = k
				fhDown(n.fh, 0)
				continue
			}
			break
		}
		ck := inf
		if ci < len(caps) {
			ck = n.groups[caps[ci]].capBps
		}
		if len(n.fh) == 0 && ci == len(caps) {
			break // cannot happen: every group crosses a resource
		}
		if len(n.fh) == 0 || ck <= n.fh[0].key {
			n.freeze(caps[ci], ck, -1)
			left--
			continue
		}
		r := n.fh[0].r
		lam := n.fh[0].key
		if n.rAll[r] != n.region {
			// An outside group faster than the level at which r fills
			// would no longer have the largest rate on its bottleneck.
			for _, h := range n.res[r].groups {
				if n.gStamp[h] != n.region && n.groups[h].x > lam*(1+1e-9) {
					return ResourceID(r)
				}
			}
		}
		for _, gi := range n.res[r].groups {
			if n.groups[gi].newX < 0 {
				n.freeze(gi, lam, r)
				left--
			}
		}
	}
	return -1
}

// freeze fixes the per-flow rate of group gi at lam bits/s, reached at
// bottleneck bn (-1: its cap), and takes its load off the resources it
// crosses.
func (n *Network) freeze(gi int32, lam float64, bn int32) {
	g := &n.groups[gi]
	g.newX = lam
	g.bn = bn
	c := float64(len(g.fl))
	load := c * lam
	for _, r := range g.res {
		sc := &n.sc[r]
		sc.rem -= load
		sc.cnt -= c
	}
}

// fkey is an entry of the lazy filling heap: a resource and its level when
// pushed or last refreshed.
type fkey struct {
	key float64
	r   int32
}

func (a fkey) less(b fkey) bool { return a.key < b.key || (a.key == b.key && a.r < b.r) }

func fhDown(h []fkey, i int) {
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
		i = c
	}
	h[i] = x
}

func (n *Network) fhPop() {
	last := len(n.fh) - 1
	n.fh[0] = n.fh[last]
	n.fh = n.fh[:last]
	if last > 0 {
		fhDown(n.fh, 0)
	}
}

// sortByCap sorts group indices by (cap, index) — insertion sort for short
// lists, heap sort otherwise; both allocation free.
func sortByCap(a []int32, gs []group) {
	less := func(x, y int32) bool {
		cx, cy := gs[x].capBps, gs[y].capBps
		return cx < cy || (cx == cy && x < y)
	}
	if len(a) <= 16 {
		for i := 1; i < len(a); i++ {
			for j := i; j > 0 && less(a[j], a[j-1]); j-- {
				a[j], a[j-1] = a[j-1], a[j]
			}
		}
		return
	}
	down := func(i, n int) {
		for {
			c := 2*i + 1
			if c >= n {
				return
			}
			if c+1 < n && less(a[c], a[c+1]) {
				c++
			}
			if !less(a[i], a[c]) {
				return
			}
			a[i], a[c] = a[c], a[i]
			i = c
		}
	}
	for i := len(a)/2 - 1; i >= 0; i-- {
		down(i, len(a))
	}
	for end := len(a) - 1; end > 0; end-- {
		a[0], a[end] = a[end], a[0]
		down(0, end)
	}
}
