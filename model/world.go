package model

import (
	"fmt"
	"math"
	"math/rand/v2"

	"rollout/scenarios"
	"rollout/sim"
)

// Facts from DEFAULTS.md that are not scenario parameters.
const (
	// ostInflation is the OST file size per byte of mailbox: "OST file is 50–80 % larger
	// than the mailbox" (KB 817957); the low end, 1.5, is used.
	ostInflation = 1.5
	// ansiOSTLimitBytes is the ANSI OST size limit, 2 GB (KB 817957). A 5.5 → 2003 move
	// keeps an ANSI OST (KB 841207); an OST that would exceed the limit must be rebuilt.
	ansiOSTLimitBytes = 2e9
)

// Per-user client, sync stage and flag values.
const (
	clientOld  = 0 // Outlook 2000/XP, online mode
	client2003 = 1 // Outlook 2003

	stageNone    = 0 // no transfer in progress
	stageUsable  = 1 // first usable_fraction of the sync's mailbox/header bytes
	stageRest    = 2 // the rest of the mailbox/header bytes
	stageOAB     = 3 // the Offline Address Book of a full sync
	stageOABOnly = 4 // OAB download after a cross-site move
	stageAborted = 5 // interrupted against 5.5; restarts from zero at recovery

	stOnline = 255 // uState of an online-mode user: the group decides local/remote/blocked
)

// Per-user flags (world.uFlags).
const (
	flagUsableSeen = 1 << iota
	flagSynced
	flagResync
	flagHeader
	flagMoving
	flagPending // sync to restart against the new server after the move
	flagDone
	flagBlocked
	flagHdrDeg // counted in the header-only degraded integrator
)

// integrator accumulates count × working seconds of a piecewise-constant count.
type integrator struct {
	n, lastW, acc float64
}

// add changes the count by d at working-time position wNow (calendar.W of now).
func (it *integrator) add(wNow, d float64) {
	it.acc += it.n * (wNow - it.lastW)
	it.lastW = wNow
	it.n += d
}

// group is the set of users sharing one location (a site's LAN or one remote user's
// access link) and one mailbox server: they share a path, and so outages, latency,
// slow-link detection and steady-traffic reservations.
type group struct {
	path    sim.PathID
	res     []sim.ResourceID
	server  int32   // index into world.servers
	slow    bool    // slow-link detection says slow on this path
	local   bool    // server on the user's LAN (online_local)
	latDeg  bool    // online users degraded by latency
	latency float64 // one-way path latency, seconds
	online  int32   // online-mode users, not moving
	cached  int32   // cached-mode users, not moving
	block   [3]int16
	srvDown int16
	lastW   float64 // working-time position of the last flush
	stampW  float64 // working seconds this group spent blocked
	syncs   []int32 // users with an initial sync/resync running or pending
	site    int32   // the users' site (their traffic profile)
	// congKey is the congestion key (world.congKeys) whose count this group's online,
	// unblocked users feed, or −1: a group on a slow link or with degraded latency
	// (those causes win), or one whose path crosses no WAN, datacenter or access link
	congKey int32
}

// congKey is the set of WAN, datacenter and remote-access links shared by the paths
// of several groups (a location and all 2003 servers, or a location and its 5.5
// server), with the history of their online-mode, unblocked, not otherwise degraded
// users: each entry is the count from its time on (wall-clock seconds). The history
// has O(1) entries per user state change or outage, never one per bucket.
type congKey struct {
	links []sim.ResourceID
	n     float64
	hist  []congStep
}

// congStep is a congestion key's count from time t on.
type congStep struct {
	t, n float64
}

func (g *group) blocked() bool { return g.block[0]+g.block[1]+g.block[2] > 0 }

// cause returns the block cause in force (wan_outage over server_outage over blip).
func (g *group) cause() int {
	switch {
	case g.block[causeWAN] > 0:
		return causeWAN
	case g.block[causeServer] > 0:
		return causeServer
	default:
		return causeBlip
	}
}

// server is a mail server: a local 5.5 server of a site or a 2003 server.
type server struct {
	name       string
	is2003     bool
	res        sim.ResourceID
	slowFrac   float64
	loadThresh float64
	concurrent int
	queue      []int32 // users whose mailbox moves to this (2003) server, in site order
	qHead      int
	moving     []int32 // users whose move is running
}

// site holds a site's resources.
type site struct {
	lan, wanDown, wanUp sim.ResourceID
	s55                 int32 // server index of the 5.5 server holding this site's mailboxes
	host                int32 // site index of that server
	first, n            int32 // users first..first+n−1
	remote              int32
}

// outageProc is one renewal process of outages.
type outageProc struct {
	res      []sim.ResourceID
	groups   []int32
	cause    int
	isServer bool
	o        scenarios.Outage
	rng      *rand.Rand
	ln       func() float64
	start    float64
	pending  []int32
}

// world is one replication of one ordering.
type world struct {
	sc      *scenarios.Scenario
	ord     scenarios.Ordering
	rep     int
	eng     *sim.Engine
	net     *sim.Network
	cal     *calendar
	horizon float64
	bucket  float64
	buckets int
	cls     [numClasses]sim.ClassID

	resName   []string
	resCap    []float64
	resWAN    []bool // site WAN, datacenter or remote access link
	resSeries []bool // one line in link_utilization
	resDepth  []int16
	resGroups [][]int32
	// steady[r] = Σ over users on paths through r of daily bytes: online, online ×
	// peak factor, cached, cached × peak factor
	steady     []([4]float64)
	resOn      []float64 // reservation in force, bits/s
	resCa      []float64
	dirty      []sim.ResourceID
	isDirty    []bool
	flushSched bool
	profA      float64 // steady rate per daily byte now = profA + profB × peak factor, 1/s
	profB      float64
	dcIn       sim.ResourceID
	dcOut      sim.ResourceID
	dcLat      float64

	sites   []site
	servers []server
	n03     int   // number of 2003 servers; they follow the 5.5 servers in servers
	first03 int32 // index of the first 2003 server
	groups  []group
	locs    int // locations: one per site, then one per remote user
	nGrp    int // groups per location = 1 + n03
	movePth []sim.PathID

	// users, struct of arrays
	nUsers   int
	uSite    []int32
	uLoc     []int32
	uGroup   []int32
	uServer  []int32
	uTarget  []int32
	uClient  []uint8
	uStage   []uint8
	uState   []uint8
	uPrev    []uint8
	uFlags   []uint16
	uMailbox []float64
	uFlow    []sim.FlowID
	uSyncIx  []int32
	uInstall []float64
	uMoveT   []float64
	uJoinW   []float64 // group's stampW when the user joined it online
	usableH  []float64
	syncedH  []float64

	levels    *sim.Levels // users by state
	srvSyncs  *sim.Levels
	srvMoves  *sim.Levels
	srvOnline *sim.Levels
	congKeys  []congKey // per location × {5.5 server, 2003 servers}

	waiting  integrator
	hdrDeg   integrator
	cachedN  integrator
	fullN    integrator
	on55     integrator
	on03     integrator
	blocked  [numCauses]float64 // user working seconds
	degraded [numDegrade]float64
	wT, wV   float64

	// plan
	order       []int32 // wave order (site order)
	waveNext    int
	waveDay     int
	waveK       int
	movesDone   int
	doneN       int
	endT        float64
	syncsNow    int
	movesNow    int
	peakSyncs   int
	peakMoves   int
	procs       []outageProc
	outageCount [3]int

	// pre-bound handlers
	hInstall, hSyncDone, hMoveDone, hWindow, hProfile      sim.Handler
	flushFn                                                func() // applies the instant's reservation changes before time advances
	hOutStart, hOutEnd, hUnblock, hMovesPhase, hWavesPhase sim.Handler
}

// now returns the engine time in seconds.
func (w *world) now() float64 { return float64(w.eng.Now()) }

// nowW returns the working-time position of now, cached per instant.
func (w *world) nowW() float64 {
	t := w.now()
	if t != w.wT {
		w.wT, w.wV = t, w.cal.W(t)
	}
	return w.wV
}

func (w *world) addResource(name string, capBps float64, wan, series bool) sim.ResourceID {
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
	names := []string{"initial_sync", "headers", "oab", "move", "catch_up", "steady_online", "steady_cached", "background"}
	for i, n := range names {
		w.cls[i] = w.net.AddClass(n)
	}
	// resources
	w.sites = make([]site, len(sc.Sites))
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		st.lan = w.addResource(s.Name+"/LAN", float64(s.LAN), false, false)
		st.wanDown = w.addResource(s.Name+"/WAN-down", float64(s.WAN.Down), true, true)
		st.wanUp = w.addResource(s.Name+"/WAN-up", float64(s.WAN.Up), true, true)
		st.s55 = -1
		if s.LocalServer {
			st.s55 = int32(len(w.servers))
			w.servers = append(w.servers, server{
				name: s.Name + "/EX55", res: w.addResource(s.Name+"/EX55", float64(s.ServerThroughput), false, false),
				slowFrac: float64(sc.Servers.Exchange55.SlowFraction), loadThresh: float64(sc.Servers.Exchange55.LoadThreshold),
			})
		}
	}
	dc := sc.Datacenter
	w.dcIn = w.addResource(dc.Name+"/link-in", float64(dc.Link.Down), true, true)
	w.dcOut = w.addResource(dc.Name+"/link-out", float64(dc.Link.Up), true, true)
	w.dcLat = float64(dc.Link.Latency)
	w.first03 = int32(len(w.servers))
	w.n03 = len(dc.Servers)
	for _, s := range dc.Servers {
		w.servers = append(w.servers, server{
			name: s.Name, is2003: true, res: w.addResource(s.Name, float64(s.Throughput), false, false),
			slowFrac: float64(sc.Servers.Exchange2003.SlowFraction), loadThresh: float64(sc.Servers.Exchange2003.LoadThreshold),
			concurrent: s.ConcurrentMoves,
		})
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
	// users
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
	w.congKeys = make([]congKey, 2*w.locs)
	loc := len(sc.Sites)
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		for k := 0; k < s.Users; k++ {
			u := int(st.first) + k
			w.uSite[u] = int32(i)
			if k < int(st.remote) {
				acc := w.addResource(fmt.Sprintf("%s/remote-%d", s.Name, k), float64(s.RemoteUsers.Link), true, false)
				w.uLoc[u] = int32(loc)
				w.makeGroups(loc, i, acc, float64(s.RemoteUsers.Link), float64(s.RemoteUsers.Latency))
				loc++
			} else {
				w.uLoc[u] = int32(i)
			}
		}
		w.makeGroups(i, i, -1, float64(s.Adapter), 0)
	}
	w.resDepth = make([]int16, len(w.resName))
	w.resGroups = make([][]int32, len(w.resName))
	w.steady = make([][4]float64, len(w.resName))
	w.resOn = make([]float64, len(w.resName))
	w.resCa = make([]float64, len(w.resName))
	w.isDirty = make([]bool, len(w.resName))
	for g := range w.groups {
		for _, r := range w.groups[g].res {
			w.resGroups[r] = append(w.resGroups[r], int32(g))
		}
	}
	// mailboxes and targets
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
			w.uTarget[u] = w.first03 + int32(int64(u)*int64(w.n03)/int64(n))
			w.uServer[u] = st.s55
			w.uGroup[u] = w.groupOf(u, st.s55)
			w.uClient[u] = clientOld
			w.uState[u] = stOnline
		}
	}
	// move paths: [EX55(H), LAN(H), WAN-up(H), DC-in, EX03-k]
	w.movePth = make([]sim.PathID, len(sc.Sites)*w.n03)
	for h := range sc.Sites {
		st := &w.sites[h]
		if !sc.Sites[h].LocalServer {
			continue
		}
		for k := 0; k < w.n03; k++ {
			w.movePth[h*w.n03+k] = w.net.AddPath(w.servers[st.s55].res, st.lan, st.wanUp, w.dcIn, w.servers[int(w.first03)+k].res)
		}
	}
	// wave order
	w.order = make([]int32, 0, n)
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
	if len(w.order) != n {
		return fmt.Errorf("model: rollout.site_order lists %d users' sites, want every site once (%d users)", len(w.order), n)
	}
	for _, u := range w.order {
		s := &w.servers[w.uTarget[u]]
		s.queue = append(s.queue, u)
	}
	w.buildOutages()
	return nil
}

func (w *world) allocUsers(n int) {
	w.uSite = make([]int32, n)
	w.uLoc = make([]int32, n)
	w.uGroup = make([]int32, n)
	w.uServer = make([]int32, n)
	w.uTarget = make([]int32, n)
	w.uClient = make([]uint8, n)
	w.uStage = make([]uint8, n)
	w.uState = make([]uint8, n)
	w.uPrev = make([]uint8, n)
	w.uFlags = make([]uint16, n)
	w.uMailbox = make([]float64, n)
	w.uFlow = make([]sim.FlowID, n)
	w.uSyncIx = make([]int32, n)
	w.uInstall = make([]float64, n)
	w.uMoveT = make([]float64, n)
	w.uJoinW = make([]float64, n)
	w.usableH = make([]float64, 0, n)
	w.syncedH = make([]float64, 0, n)
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
			srvRes := w.servers[g.server].res
			if acc >= 0 {
				res = []sim.ResourceID{acc, w.dcOut, srvRes}
				g.latency = accLat + w.dcLat
			} else {
				res = []sim.ResourceID{st.lan, st.wanDown, w.dcOut, srvRes}
				g.latency = float64(s.WAN.Latency) + w.dcLat
			}
		}
		g.res = res
		g.path = w.net.AddPath(res...)
		g.latDeg = g.latency > float64(sc.Clients.Online.DegradedLatency)
		g.congKey = -1
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
		if !g.slow && !g.latDeg {
			k := &w.congKeys[2*loc+min(j, 1)]
			if k.links == nil {
				k.links = make([]sim.ResourceID, 0, 2)
				for _, r := range res {
					if w.resWAN[r] {
						k.links = append(k.links, r)
					}
				}
			}
			if len(k.links) > 0 {
				g.congKey = int32(2*loc + min(j, 1))
			}
		}
	}
}

// buildOutages creates the outage processes; each draws from its own named stream so
// both orderings of a replication see the same outages.
func (w *world) buildOutages() {
	sc := w.sc
	add := func(name string, o scenarios.Outage, cause int, isServer bool, res ...sim.ResourceID) {
		if o.Off || o.MTBF <= 0 {
			return
		}
		p := outageProc{res: res, cause: cause, isServer: isServer, o: o,
			rng: sim.Stream(sc.Simulation.Seed, w.rep, name)}
		if o.Duration.Kind != scenarios.DistUniform && float64(o.Duration.P95) > float64(o.Duration.Median) && o.Duration.Median > 0 {
			d := sim.LogNormalMedianP95(float64(o.Duration.Median), float64(o.Duration.P95), p.rng)
			p.ln = d.Rand
		}
		seen := map[int32]bool{}
		for _, r := range res {
			for _, g := range w.resGroups[r] {
				if !seen[g] {
					seen[g] = true
					p.groups = append(p.groups, g)
				}
			}
		}
		w.procs = append(w.procs, p)
	}
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		add("outage/wan/"+s.Name, s.Outages.WAN, causeWAN, false, st.wanDown, st.wanUp)
		add("outage/blip/"+s.Name, s.Outages.Blips, causeBlip, false, st.wanDown, st.wanUp)
	}
	for i := range w.servers {
		s := &w.servers[i]
		o := sc.Servers.Exchange55.Outages
		if s.is2003 {
			o = sc.Servers.Exchange2003.Outages
		}
		add("outage/server/"+s.name, o, causeServer, true, s.res)
	}
}

// duration draws an outage length in seconds.
func (p *outageProc) duration() float64 {
	d := p.o.Duration
	switch {
	case d.Kind == scenarios.DistUniform:
		return float64(d.Min) + p.rng.Float64()*float64(d.Max-d.Min)
	case p.ln != nil:
		return p.ln()
	default:
		return float64(d.Median)
	}
}
