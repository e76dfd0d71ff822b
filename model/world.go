package model

import (
	"math/rand/v2"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// Published facts that are not scenario parameters (each cites its source).
const (
	// ostInflation is the OST file size per byte of mailbox: "OST file is 50–80 % larger
	// than the mailbox" (KB 817957); the low end, 1.5, is used.
	ostInflation = 1.5
	// ansiOSTLimitBytes is the ANSI OST size limit, 2 GB (KB 817957). A 5.5 → 2003 move
	// keeps an ANSI OST (KB 841207); an OST that would exceed the limit must be rebuilt.
	ansiOSTLimitBytes = 2e9
)

// Per-user client and sync stage values.
const (
	clientOld  = 0 // Outlook 2000/XP, online mode
	client2003 = 1 // Outlook 2003

	stageNone    = 0 // no transfer in progress
	stageUsable  = 1 // first usable_fraction of the sync's mailbox/header bytes
	stageRest    = 2 // the rest of the mailbox/header bytes
	stageOAB     = 3 // the Offline Address Book of a full sync
	stageOABOnly = 4 // OAB download after a cross-site move
	stageAborted = 5 // interrupted against 5.5; restarts from zero at recovery
	stageQueued  = 6 // waiting for one of its server's concurrent sync slots
)

// Per-user sync facts (world.uFlags): what the sync and move behaviour must remember
// about a user beyond its phase.
const (
	flagSynced  = 1 << iota // a sync of this user has completed
	flagResync              // the running sync is a resync (not the first)
	flagHeader              // the current or last sync is header-only
	flagPending             // sync to restart against the new server after the move
	flagDone                // migrated: Outlook 2003 on a 2003 server, nothing running
	flagDelta               // the first sync brings only a delta: reused or pre-seeded OST
	flagANSI                // the OST stopped at the ANSI limit (built against 5.5)
)

// group is the set of users sharing one location (a site's LAN or one remote user's
// access link) and one mailbox server: they share a path, and so outages, latency,
// slow-link detection and steady-traffic reservations.
type group struct {
	path    sim.PathID
	res     []sim.ResourceID
	server  int32   // index into world.servers
	slow    bool    // slow-link detection says slow on this path
	local   bool    // server on the user's LAN (online_local)
	latency float64 // one-way path latency, seconds
	online  int32   // online-mode users, not moving
	onNew   int32   // of online: Outlook 2003 without cached mode
	cached  int32   // cached-mode users, not moving (waiting ones included)
	waiting int32   // of cached: waiting for a usable mailbox
	hdr     int32   // of cached: header-only and usable
	block   [numOutageKinds]int16
	down    int16   // outages in force on the path (block lasts the reconnect penalty longer)
	syncs   []int32 // users with an initial sync/resync running or pending
	site    int32   // the users' site (their traffic profile)
	// endGroup is the group of the same location on the 2003 server its users' end
	// state is measured on (for a 5.5 group: the target of the location's first user)
	endGroup int32
	endUsers int32 // users whose end state is this group
	// startGroup is the 5.5 group whose users' end group this is, or −1: its
	// integrals depend on this group's outages, so it is flushed with it
	startGroup int32
	wan        bool  // the path crosses a WAN link
	done       int32 // users in their end state (they stay in this group)
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

// onlineState is the users_by_state index of the group's online users.
func (g *group) onlineState() int {
	switch {
	case g.blocked():
		return stBlocked
	case g.local:
		return stOnlineLocal
	default:
		return stOnlineRemote
	}
}

// server is a mail server: a local 5.5 server of a site or a 2003 server.
type server struct {
	name       string
	is2003     bool
	site       int32 // the site it stands at (its LAN), −1 for the datacenter
	res        sim.ResourceID
	rpcIdle    float64 // seconds per RPC on an idle server
	iopsUser   float64 // disk IOPS one mailbox's user causes
	diskIOPS   float64 // disk limit: IOPS per mailbox × the mailboxes it is sized for
	sized      int32   // mailboxes it is sized for (5.5: held at the start; 2003: moving in)
	concurrent int
	queue      []int32 // users whose mailbox moves to this (2003) server, in site order
	qHead      int
	moving     []move  // moves running into this (2003) server
	syncCap    int     // concurrent syncs (0: no limit)
	syncSlots  int     // syncs holding a slot
	syncQ      []int32 // users waiting for a slot, in arrival order
	syncQHead  int
}

// move is a running mailbox move: the user and the phase to return to after it.
type move struct {
	u    int32
	prev phase
}

// movingEntry returns user u's running move into s, nil when it has none.
func (s *server) movingEntry(u int) *move {
	for i := range s.moving {
		if int(s.moving[i].u) == u {
			return &s.moving[i]
		}
	}
	return nil
}

// site holds a site's resources.
type site struct {
	lan, wanDown, wanUp sim.ResourceID
	s55                 int32 // server index of the 5.5 server holding this site's mailboxes
	host                int32 // site index of that server
	first, n            int32 // users first..first+n−1
	remote              int32
}

// accessLink is remote user k of a site's access link.
type accessLink struct {
	site, k int32
	res     sim.ResourceID
}

// outageProc is one renewal process of outages.
type outageProc struct {
	res     []sim.ResourceID
	groups  []int32
	cause   int
	o       scenarios.Outage
	rng     *rand.Rand
	ln      func() float64
	start   float64
	pending []int32
}

// world is one replication of one ordering: the topology, the users' phases and the
// plan (what happens). Everything measured lives in led (what is measured).
type world struct {
	sc      *scenarios.Scenario
	ord     scenarios.Ordering
	rep     int
	eng     *sim.Engine
	net     *sim.Network
	cal     *calendar
	horizon float64
	cls     [numClasses]sim.ClassID
	led     ledger

	// links and servers; resCap is the one record of a resource's nominal capacity
	// (the network holds its current one, 0 during an outage)
	resName   []string
	resCap    []float64 // bits/s
	resWAN    []bool    // site WAN, datacenter or remote access link
	resSeries []bool    // one line in link_utilization
	resDepth  []int16   // outages in force on the resource
	resGroups [][]int32
	steady    steadyTraffic
	endDaily  [][2]float64 // per resource: end-state daily steady bytes on it (Σ, Σ × peak factor)
	resPeak   []float64    // per resource: peak bucket utilization (series links; set at the end)
	resSat    []float64    // per resource: saturated link-hours (series links; set at the end)
	dcIn      sim.ResourceID
	dcOut     sim.ResourceID
	dcLat     float64

	sites    []site
	servers  []server
	n03      int   // number of 2003 servers; they follow the 5.5 servers in servers
	first03  int32 // index of the first 2003 server
	groups   []group
	locs     int     // locations: one per site, then one per remote user
	locFirst []int32 // a location's first user (a site's first on-site user)
	nGrp     int     // groups per location = 1 + n03
	movePth  []sim.PathID
	access   []accessLink // remote users' access links, in user order
	pathWAN  []bool       // per path: it crosses a WAN link

	// users, struct of arrays
	nUsers   int
	uSite    []int32
	uLoc     []int32
	uGroup   []int32
	uServer  []int32
	uTarget  []int32
	uClient  []uint8
	uStage   []uint8
	uPhase   []phase
	uFlags   []uint8
	uMailbox []float64
	uFlow    []sim.FlowID
	uSyncIx  []int32
	uWANCls  []uint8   // 1 + class of the running flow counted in WAN bytes, 0 if none
	uKept    []float64 // wire bytes of the running sync's mailbox stages kept from interrupted attempts (whole folders)
	oab      float64   // Offline Address Book bytes (from the recipients, or as given)

	// plan
	order     []int32 // wave order (site order)
	siteSF    []bool  // per site: its users go servers-first
	nSF       int     // users at servers-first sites
	sfMoved   int     // of them, moves done
	cfDone    int     // users at clients-first sites installed
	waveQ     []int32 // users whose installs are due, in wave order; waveNext the next
	waveNext  int
	waveBusy  bool // an install is scheduled or the waves could not start
	waveDay   int
	waveK     int
	movesDone int
	doneN     int
	endT      float64
	procs     []outageProc

	// pre-bound handlers
	hInstall, hSyncDone, hMoveDone, hWindow, hProfile      sim.Handler
	flushFn                                                func() // applies the instant's reservation changes before time advances
	hOutStart, hOutEnd, hUnblock, hMovesPhase, hWavesPhase sim.Handler
}

// now returns the engine time in seconds.
func (w *world) now() float64 { return float64(w.eng.Now()) }

// nowW returns the working-time position of now, cached per instant.
func (w *world) nowW() float64 { return w.led.nowW() }
