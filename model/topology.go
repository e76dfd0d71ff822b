package model

import (
	"fmt"
	"math"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// addLink adds a resource of nominal capacity capBps bits/s. wan marks a site WAN,
// datacenter or remote access link (WAN bytes, congestion), series one with a line in
// link_utilization. The model keeps the nominal capacity here, in resCap, and nowhere
// else: the network holds the current capacity (0 during an outage).
func (w *world) addLink(name string, capBps float64, wan, series bool) sim.ResourceID {
	r := w.net.AddResource(name, capBps)
	w.resName = append(w.resName, name)
	w.resCap = append(w.resCap, capBps)
	w.resWAN = append(w.resWAN, wan)
	w.resSeries = append(w.resSeries, series)
	return r
}

// build creates resources, servers, groups, users and outage processes.
func (w *world) build() error {
	sc := w.sc
	if len(sc.Datacenter.Servers) == 0 {
		return fmt.Errorf("model: scenario %q has no 2003 servers", sc.Name)
	}
	if sc.Rollout.Clients.UsersPerDay < 1 {
		return fmt.Errorf("model: rollout.clients.users_per_day must be at least 1")
	}
	siteIx := make(map[string]int32, len(sc.Sites))
	for i, s := range sc.Sites {
		siteIx[s.Name] = int32(i)
	}
	for i := range w.cls {
		name := "background" // the last class, not reported as WAN bytes
		if i < len(Classes) {
			name = Classes[i]
		}
		w.cls[i] = w.net.AddClass(name)
	}
	if err := w.buildSites(siteIx); err != nil {
		return err
	}
	w.buildUsers()
	w.buildMailboxes()
	w.buildOSTs()
	w.sizeServers()
	w.endDailyAdd()
	if err := w.buildPlan(siteIx); err != nil {
		return err
	}
	w.buildOutages()
	w.applyBackground()
	return nil
}

// buildSites creates the sites' and the datacenter's links and servers and resolves
// each site's 5.5 server.
func (w *world) buildSites(siteIx map[string]int32) error {
	sc := w.sc
	w.sites = make([]site, len(sc.Sites))
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		st.lan = w.addLink(s.Name+"/LAN", float64(s.LAN), false, false)
		st.wanDown = w.addLink(s.Name+"/WAN-down", float64(s.WAN.Down), true, true)
		st.wanUp = w.addLink(s.Name+"/WAN-up", float64(s.WAN.Up), true, true)
		st.s55 = -1
		if s.LocalServer {
			st.s55 = int32(len(w.servers))
			w.servers = append(w.servers, newServer(s.Name+"/EX55", false,
				w.addLink(s.Name+"/EX55", float64(s.ServerThroughput), false, false), &sc.Servers.Exchange55, 0))
		}
	}
	dc := sc.Datacenter
	w.dcIn = w.addLink(dc.Name+"/link-in", float64(dc.Link.Down), true, true)
	w.dcOut = w.addLink(dc.Name+"/link-out", float64(dc.Link.Up), true, true)
	w.dcLat = float64(dc.Link.Latency)
	w.first03 = int32(len(w.servers))
	w.n03 = len(dc.Servers)
	for _, s := range dc.Servers {
		srv := newServer(s.Name, true, w.addLink(s.Name, float64(s.Throughput), false, false), &sc.Servers.Exchange2003, s.ConcurrentMoves)
		if s.Site != "" {
			i, ok := siteIx[s.Site]
			if !ok {
				return fmt.Errorf("model: 2003 server %q stands at %q, which is not a site", s.Name, s.Site)
			}
			srv.site = i
		}
		w.servers = append(w.servers, srv)
	}
	for i := range sc.Sites {
		s := &sc.Sites[i]
		h, ok := siteIx[s.ServedBy]
		if s.LocalServer {
			h, ok = int32(i), true
		}
		if !ok || w.sites[h].s55 < 0 {
			return fmt.Errorf("model: site %q is served by %q, which has no local 5.5 server", s.Name, s.ServedBy)
		}
		w.sites[i].host = h
		w.sites[i].s55 = w.sites[h].s55
	}
	return nil
}

// newServer is a server of version v on resource res (its throughput).
func newServer(name string, is2003 bool, res sim.ResourceID, v *scenarios.ServerVersion, moves int) server {
	return server{name: name, is2003: is2003, site: -1, res: res, rpcIdle: float64(v.RPCLatency),
		iopsUser: v.IOPSPerUser, concurrent: moves, syncCap: v.ConcurrentSyncs}
}

// sizeServers sets what each server is sized for — a 5.5 server the mailboxes it holds
// at the start, a 2003 server those that move to it — and its disk limit, and each
// group's end group and end-state users.
func (w *world) sizeServers() {
	for u := 0; u < w.nUsers; u++ {
		w.servers[w.uServer[u]].sized++
		w.servers[w.uTarget[u]].sized++
		w.groups[w.groupOf(u, w.uTarget[u])].endUsers++
	}
	for k := range w.servers {
		s := &w.servers[k]
		v := &w.sc.Servers.Exchange55
		if s.is2003 {
			v = &w.sc.Servers.Exchange2003
		}
		s.diskIOPS = v.DiskIOPSPerUser * float64(s.sized)
	}
	// a 5.5 group's users end on the 2003 server of their location's first user
	for loc := 0; loc < w.locs; loc++ {
		first := w.locFirst[loc]
		for j := 0; j < w.nGrp; j++ {
			g := int32(loc*w.nGrp + j)
			w.groups[g].endGroup = g
			w.groups[g].startGroup = -1
		}
		g0 := int32(loc * w.nGrp)
		e := w.groupOf(int(first), w.uTarget[first])
		w.groups[g0].endGroup = e
		w.groups[e].startGroup = g0
	}
}

// applyBackground sets the background utilization of every site WAN and datacenter
// link: a constant reservation of class background, background × nominal capacity,
// in force from time 0.
func (w *world) applyBackground() {
	sc := w.sc
	bg := w.cls[clsBackground]
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		w.net.SetReservation(st.wanDown, bg, float64(s.WAN.Background)*w.resCap[st.wanDown])
		w.net.SetReservation(st.wanUp, bg, float64(s.WAN.Background)*w.resCap[st.wanUp])
	}
	dl := sc.Datacenter.Link
	w.net.SetReservation(w.dcIn, bg, float64(dl.Background)*w.resCap[w.dcIn])
	w.net.SetReservation(w.dcOut, bg, float64(dl.Background)*w.resCap[w.dcOut])
}

// buildUsers numbers the users, creates the remote users' access links and every
// location's groups.
func (w *world) buildUsers() {
	sc := w.sc
	n := 0
	remotes := 0
	for i := range sc.Sites {
		s := &sc.Sites[i]
		w.sites[i].first, w.sites[i].n = int32(n), int32(s.Users)
		rc := min(max(s.RemoteUsers.Count, 0), s.Users)
		w.sites[i].remote = int32(rc)
		n += s.Users
		remotes += rc
	}
	w.nUsers = n
	w.locs = len(sc.Sites) + remotes
	w.nGrp = 1 + w.n03
	w.allocUsers(n)
	// groups: per location, the host 5.5 server then each 2003 server
	w.groups = make([]group, w.locs*w.nGrp)
	w.locFirst = make([]int32, w.locs)
	w.led.alloc(n, len(w.groups), len(w.servers))
	w.led.siteWAN = make([][numClasses]float64, len(sc.Sites))
	w.led.siteSec = make([][numMetrics]float64, len(sc.Sites))
	w.led.causeN = make([][numMetrics]integrator, len(sc.Sites))
	w.led.siteUsableH = make([][]float64, len(sc.Sites))
	w.led.siteSyncedH = make([][]float64, len(sc.Sites))
	w.led.sitePh = make([]sitePhase, len(sc.Sites))
	w.led.siteOSTLimit = make([]int, len(sc.Sites))
	for i := range w.led.sitePh {
		w.led.sitePh[i] = newSitePhase()
	}
	w.led.uSite = w.uSite
	w.led.siteEndWAN = make([]float64, len(sc.Sites))
	w.led.traffic = make([]scenarios.Traffic, len(sc.Sites))
	for i := range sc.Sites {
		w.led.traffic[i] = sc.Sites[i].Mailbox.Traffic
	}
	w.led.groups = w.groups
	loc := len(sc.Sites)
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		w.locFirst[i] = st.first
		for k := 0; k < s.Users; k++ {
			u := int(st.first) + k
			w.uSite[u] = int32(i)
			if k < int(st.remote) {
				acc := w.addLink(fmt.Sprintf("%s/remote-%d", s.Name, k), float64(s.RemoteUsers.Link), true, false)
				w.access = append(w.access, accessLink{site: int32(i), k: int32(k), res: acc})
				w.uLoc[u] = int32(loc)
				w.locFirst[loc] = int32(u)
				w.makeGroups(loc, i, acc, float64(s.RemoteUsers.Link), float64(s.RemoteUsers.Latency))
				loc++
			} else {
				if w.uLoc[u] = int32(i); k == int(st.remote) {
					w.locFirst[i] = int32(u)
				}
			}
		}
		w.makeGroups(i, i, -1, float64(s.Adapter), 0)
	}
	nr := len(w.resName)
	w.resDepth = make([]int16, nr)
	w.resGroups = make([][]int32, nr)
	w.steady.alloc(nr)
	for g := range w.groups {
		for _, r := range w.groups[g].res {
			w.resGroups[r] = append(w.resGroups[r], int32(g))
		}
	}
}

// buildMailboxes draws the mailbox sizes and sets every user's target 2003 server and
// starting state: old client, online, mailbox on its 5.5 server.
func (w *world) buildMailboxes() {
	sc := w.sc
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		rng := sim.Stream(sc.Simulation.Seed, w.rep, "mailbox/"+s.Name)
		med, p95 := float64(s.Mailbox.Size.Median), float64(s.Mailbox.Size.P95)
		var ln func() float64
		if p95 > med && med > 0 {
			d := sim.LogNormalMedianP95(med, p95, rng)
			ln = d.Rand
		}
		for k := 0; k < s.Users; k++ {
			u := int(st.first) + k
			size := med
			if ln != nil {
				size = ln()
			}
			w.uMailbox[u] = size
			w.uTarget[u] = w.first03 + int32(int64(u)*int64(w.n03)/int64(w.nUsers))
			w.uServer[u] = st.s55
			w.uGroup[u] = w.groupOf(u, st.s55)
			w.uClient[u] = clientOld
			w.uPhase[u] = phaseOnline
		}
	}
}

// buildOSTs sets the Offline Address Book size and marks the users whose first sync
// is a delta: a share of each site's users with an offline-folders OST that Outlook
// 2003 reuses (stream "ost/<site>", the same in both orderings), and the users of
// pre-seeded sites and, with preseed_remote, the remote users.
func (w *world) buildOSTs() {
	sc := w.sc
	o := &sc.Clients.Outlook2003
	w.oab = float64(o.OABSize)
	if o.OABAuto {
		w.oab = float64(o.OABPer1000Recipients) * float64(w.nUsers) / 1000
	}
	pre := map[string]bool{}
	for _, s := range sc.Rollout.Preseed {
		pre[s] = true
	}
	share := float64(o.ExistingOSTShare)
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		var rng interface{ Float64() float64 }
		if share > 0 {
			rng = sim.Stream(sc.Simulation.Seed, w.rep, "ost/"+s.Name)
		}
		for k := 0; k < s.Users; k++ {
			u := int(st.first) + k
			delta := pre[s.Name] || (sc.Rollout.PreseedRemote && k < int(st.remote))
			if rng != nil && rng.Float64() < share {
				delta = true
			}
			if delta {
				w.uFlags[u] |= flagDelta
			}
		}
	}
}

// buildPlan creates the move paths, the wave order and the move queues.
func (w *world) buildPlan(siteIx map[string]int32) error {
	sc := w.sc
	// move paths: [EX55(H), LAN(H), WAN-up(H), DC-in, EX03-k]
	w.movePth = make([]sim.PathID, len(sc.Sites)*w.n03)
	for h := range sc.Sites {
		st := &w.sites[h]
		if !sc.Sites[h].LocalServer {
			continue
		}
		for k := 0; k < w.n03; k++ {
			dst := &w.servers[int(w.first03)+k]
			var res []sim.ResourceID
			switch {
			case dst.site < 0: // into the datacenter
				res = []sim.ResourceID{w.servers[st.s55].res, st.lan, st.wanUp, w.dcIn, dst.res}
			case dst.site == int32(h): // in place, on the LAN
				res = []sim.ResourceID{w.servers[st.s55].res, st.lan, dst.res}
			default: // to another site, hubbed through the datacenter core
				ds := &w.sites[dst.site]
				res = []sim.ResourceID{w.servers[st.s55].res, st.lan, st.wanUp, ds.wanDown, ds.lan, dst.res}
			}
			w.movePth[h*w.n03+k] = w.addPath(res...)
		}
	}
	// wave order
	w.order = make([]int32, 0, w.nUsers)
	for _, name := range sc.Rollout.SiteOrder {
		i, ok := siteIx[name]
		if !ok {
			return fmt.Errorf("model: rollout.site_order names unknown site %q", name)
		}
		st := &w.sites[i]
		for k := int32(0); k < st.n; k++ {
			w.order = append(w.order, st.first+k)
		}
	}
	if len(w.order) != w.nUsers {
		return fmt.Errorf("model: rollout.site_order lists %d users' sites, want every site once (%d users)", len(w.order), w.nUsers)
	}
	// the ordering of each site
	w.siteSF = make([]bool, len(w.sites))
	for i := range w.siteSF {
		w.siteSF[i] = w.ord == scenarios.ServersFirst
	}
	if w.ord == scenarios.PerSite {
		for _, name := range sc.Rollout.ServersFirstSites {
			i, ok := siteIx[name]
			if !ok {
				return fmt.Errorf("model: rollout.servers_first_sites names unknown site %q", name)
			}
			w.siteSF[i] = true
		}
	}
	perServer := make([]int, len(w.servers))
	for _, u := range w.order {
		perServer[w.uTarget[u]]++
		if w.userSF(int(u)) {
			w.nSF++
		}
	}
	w.waveQ = make([]int32, 0, w.nUsers)
	for k := range w.servers {
		s := &w.servers[k]
		s.queue = make([]int32, 0, perServer[k])
		s.moving = make([]move, 0, max(min(s.concurrent, perServer[k]), 0))
	}
	return nil
}

// userSF reports whether user u's site goes servers-first.
func (w *world) userSF(u int) bool { return w.siteSF[w.uSite[u]] }

// enqueueMoves appends the moves of the users of the servers-first sites (sf) or of
// the clients-first sites to their servers' queues, in wave order.
func (w *world) enqueueMoves(sf bool) {
	for _, u := range w.order {
		if w.userSF(int(u)) == sf {
			s := &w.servers[w.uTarget[u]]
			s.queue = append(s.queue, u)
		}
	}
}

// enqueueWaves appends the installs of the users of the servers-first sites (sf) or
// of the clients-first sites to the waves, in wave order, and starts the waves at t0
// unless they are running: then the new installs follow the running ones.
func (w *world) enqueueWaves(sf bool, t0 float64) {
	for _, u := range w.order {
		if w.userSF(int(u)) == sf {
			w.waveQ = append(w.waveQ, u)
		}
	}
	if !w.waveBusy {
		w.startWaves(t0)
	}
}

// allocUsers sizes the per-user arrays for n users.
func (w *world) allocUsers(n int) {
	w.uSite = make([]int32, n)
	w.uLoc = make([]int32, n)
	w.uGroup = make([]int32, n)
	w.uServer = make([]int32, n)
	w.uTarget = make([]int32, n)
	w.uClient = make([]uint8, n)
	w.uStage = make([]uint8, n)
	w.uPhase = make([]phase, n)
	w.uFlags = make([]uint8, n)
	w.uMailbox = make([]float64, n)
	w.uFlow = make([]sim.FlowID, n)
	w.uSyncIx = make([]int32, n)
	w.uWANCls = make([]uint8, n)
	w.uKept = make([]float64, n)
}

// groupOf returns user u's group when their mailbox is on server srv.
func (w *world) groupOf(u int, srv int32) int32 {
	j := int32(0)
	if w.servers[srv].is2003 {
		j = 1 + srv - w.first03
	}
	return w.uLoc[u]*int32(w.nGrp) + j
}

// makeGroups creates the groups of location loc at site si: acc is the remote user's
// access link (−1 for the site LAN), adapter the speed the adapter rule reads.
func (w *world) makeGroups(loc, si int, acc sim.ResourceID, adapter, accLat float64) {
	sc := w.sc
	s := &sc.Sites[si]
	st := &w.sites[si]
	h := st.host
	hs := &sc.Sites[h]
	hst := &w.sites[h]
	for j := 0; j < w.nGrp; j++ {
		g := &w.groups[loc*w.nGrp+j]
		g.site = int32(si)
		var res []sim.ResourceID
		if j == 0 {
			g.server = st.s55
			srvRes := w.servers[st.s55].res
			switch {
			case acc >= 0: // remote user: VPN into the host site
				res = []sim.ResourceID{acc, hst.lan, srvRes}
				g.latency = accLat
			case h == int32(si):
				res = []sim.ResourceID{st.lan, srvRes}
				g.local = true
			default:
				res = []sim.ResourceID{st.lan, st.wanDown, hst.wanUp, srvRes}
				g.latency = float64(s.WAN.Latency) + float64(hs.WAN.Latency)
			}
		} else {
			g.server = w.first03 + int32(j-1)
			srv := &w.servers[g.server]
			srvRes := srv.res
			switch {
			case srv.site >= 0 && acc >= 0: // remote user: VPN into the server's site
				res = []sim.ResourceID{acc, w.sites[srv.site].lan, srvRes}
				g.latency = accLat
			case srv.site == int32(si): // the server stands on this site's LAN
				res = []sim.ResourceID{st.lan, srvRes}
				g.local = true
			case srv.site >= 0: // at another site, hubbed through the datacenter core
				res = []sim.ResourceID{st.lan, st.wanDown, w.sites[srv.site].wanUp, srvRes}
				g.latency = float64(s.WAN.Latency) + float64(sc.Sites[srv.site].WAN.Latency)
			case acc >= 0:
				res = []sim.ResourceID{acc, w.dcOut, srvRes}
				g.latency = accLat + w.dcLat
			default:
				res = []sim.ResourceID{st.lan, st.wanDown, w.dcOut, srvRes}
				g.latency = float64(s.WAN.Latency) + w.dcLat
			}
		}
		g.res = res
		g.path = w.addPath(res...)
		g.wan = w.pathWAN[g.path]
		sl := sc.Clients.Outlook2003.SlowLink
		if sl.MeasuredOn == scenarios.MeasuredOnAdapter {
			g.slow = adapter <= float64(sl.Threshold)
		} else {
			// the links only: Outlook measures the connection, not the server's throughput
			minCap := math.Inf(1)
			for _, r := range res {
				if r != w.servers[g.server].res {
					minCap = math.Min(minCap, w.resCap[r])
				}
			}
			g.slow = minCap < float64(sl.Threshold)
		}

	}
}
