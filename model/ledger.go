package model

import (
	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
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

// waitStep is a group's counts of users whose waiting depends on the network and the
// servers, from time t on (wall-clock seconds): online-mode users not blocked (old
// clients and Outlook 2003 without cached mode) and header-only cached users not cut
// off. The history has O(1) entries per user state change or outage, never one per
// bucket; the wait walk (waits.go) reads it against the bucket series at the end.
type waitStep struct {
	t                 float64
	onOld, onNew, hdr float64
}

// groupTally is what the ledger keeps per group: the working-time position up to which
// the group's blocked and degraded user-seconds are integrated, and the working seconds
// it has spent blocked (to tell whether a user who was in it was ever blocked).
type groupTally struct {
	lastW float64
	// lastPA, lastPB: the steady profile's position (profileOfW) at the last flush
	lastPA, lastPB float64
	stampW         float64
	hist           []waitStep
}

// Per-user marks (ledger.uMarks): facts measured about a user, not behaviour.
const (
	markUsable   = 1 << iota // time to usable recorded
	markBlocked              // blocked for more than zero working seconds
	markHdr                  // counted in its group's header-only users
	markOSTLimit             // its ANSI OST reached the 2 GB limit
)

// ledger owns everything measured in one replication: the users_by_state and
// per-server level series, the integrators of working time, the user working seconds
// per blocked and degraded cause (indexed by catalogue MetricID), the congestion
// history, per-user times and peaks. Behaviour code (waves, sync, moves, outages,
// steady traffic) tells it what changed through the methods below and never touches a
// sum; result.go turns it, with the network's byte counts, into the Result.
type ledger struct {
	eng     *sim.Engine
	buf     *sim.Buffers // where the Levels' bucket series come from (nil: allocated)
	cal     *calendar
	horizon float64 // seconds
	bucket  float64 // seconds
	buckets int
	wT, wV  float64 // nowW cache: time and its working-time position

	levels   *sim.Levels // users by state
	srvSyncs *sim.Levels
	srvMoves *sim.Levels
	srvHomed *sim.Levels // users whose mailbox a server holds (its steady disk load)
	tally    []groupTally
	groups   []group // the world's groups (read only: end groups' outages)

	// rDown is the end state's disruption rate while its path is down: the
	// disconnected share for cached mode, 1 (blocked) with cached mode off; ds the
	// disconnected share; endOnline says the end state is online mode
	rDown, ds float64
	endOnline bool
	rideOff   bool // ride-through switched off: cached users are blocked in outages (ablation)

	// siteSec[s][id] is site s's user working seconds of blocked or degraded cause
	// metric id, of waiting (MetricWaitingUserHours) and of the end state's own cost
	// (MetricEndStateUserHours); the degraded causes of waiting on the network and the
	// servers are filled at the end. The totals are their sums over sites.
	siteSec [][numMetrics]float64
	uSite   []int32 // the world's users' sites (read only)
	// per site: install → usable and → synced wall-clock hours of first syncs, and
	// the phase times (sitePhase)
	siteUsableH, siteSyncedH [][]float64
	sitePh                   []sitePhase
	siteOSTLimit             []int // users whose ANSI OST reached the 2 GB limit
	// causeN[s][id] is the number of site s's users disrupted by cause metric id,
	// integrated over working time (see disrupted); added to siteSec at the end
	causeN   [][numMetrics]integrator
	cachedN  integrator
	fullN    integrator
	on55     integrator
	on03     integrator
	usableH  []float64 // wall-clock hours install → usable, first sync of each user
	syncedH  []float64 // wall-clock hours install → synced, first sync of each user
	syncsNow int
	movesNow int
	peakSyncs,
	peakMoves int
	outageCount [numOutageKinds]int

	// WAN bytes counted once (wanonce.go): per site and class in the migration
	// window, per site after the users' end state; running catch-up transfers;
	// per site steady traffic; the profile position cache
	siteWAN    [][numClasses]float64
	siteEndWAN []float64
	catchUps   []catchUp
	traffic    []scenarios.Traffic
	pW, pA, pB float64 // profileNow's cache: working-time position and its profile

	// per user
	uMarks   []uint8
	uJoinW   []float64 // group's stampW when the user joined it online
	uInstall []float64 // install time, seconds
	uMoveT   []float64 // start of the running move, seconds
}

// init sets the engine, calendar, horizon (s) and buckets (length s, count) the ledger
// measures against.
func (l *ledger) init(eng *sim.Engine, cal *calendar, horizon, bucket float64, buckets int) {
	l.eng, l.cal, l.horizon, l.bucket, l.buckets, l.wT = eng, cal, horizon, bucket, buckets, -1
}

// alloc sizes the per-user, per-group, per-location (congestion keys) and per-server
// records.
func (l *ledger) alloc(users, groups, servers int) {
	l.uMarks = make([]uint8, users)
	l.uJoinW = make([]float64, users)
	l.uInstall = make([]float64, users)
	l.uMoveT = make([]float64, users)
	l.usableH = make([]float64, 0, users)
	l.syncedH = make([]float64, 0, users)
	l.tally = make([]groupTally, groups)
	l.levels = l.buf.NewLevels(sim.Time(l.bucket), l.buckets, numStates)
	l.srvSyncs = l.buf.NewLevels(sim.Time(l.bucket), l.buckets, servers)
	l.srvMoves = l.buf.NewLevels(sim.Time(l.bucket), l.buckets, servers)
	l.srvHomed = l.buf.NewLevels(sim.Time(l.bucket), l.buckets, servers)
}

// nowW returns the working-time position of now, cached per instant.
func (l *ledger) nowW() float64 {
	t := float64(l.eng.Now())
	if t != l.wT {
		l.wT, l.wV = t, l.cal.W(t)
	}
	return l.wV
}

// ---- groups ----

// endDown reports whether group g's end state is cut off now: cached mode is
// disconnected while an outage is on the path; online mode is blocked until the
// reconnect penalty has passed too.
func (l *ledger) endDown(g *group) bool {
	e := &l.groups[g.endGroup]
	if l.endOnline {
		return e.blocked()
	}
	return e.down > 0
}

// flush integrates group gi's blocked, waiting and disconnected user-seconds — each
// beyond what the end state costs at the same moment — and the end state's own cost in
// outages, up to now. It must be called before any of the group's counts, blocks or
// outages change, and before those of the end group its users are measured against.
func (l *ledger) flush(gi int32, g *group) {
	gt := &l.tally[gi]
	wn := l.nowW()
	if dw := wn - gt.lastW; dw > 0 {
		// the steady profile runs in working time only
		pa, pb := l.profileNow(wn)
		l.steadyWAN(g, gt.lastPA, gt.lastPB, pa, pb)
		gt.lastPA, gt.lastPB = pa, pb
		rEnd := 0.0
		if l.endDown(g) {
			rEnd = l.rDown
		}
		if g.blocked() {
			gt.stampW += dw
			l.siteSec[g.site][outageMetric[g.cause()]] += l.outageBlocked(g) * dw * (1 - rEnd)
		}
		if g.down > 0 && !(l.rideOff && g.blocked()) { // without ride-through they are blocked instead
			if a := g.cached - g.waiting; a > 0 {
				l.siteSec[g.site][MetricDegradedDisconnected] += float64(a) * dw * excess(l.ds, rEnd)
			}
		}
		if g.waiting > 0 {
			l.siteSec[g.site][MetricWaitingUserHours] += float64(g.waiting) * dw * (1 - rEnd)
		}
		if g.endUsers > 0 && l.endDown(g) { // an end group: its own end users
			l.siteSec[g.site][MetricEndStateUserHours] += float64(g.endUsers) * dw * l.rDown
		}
	}
	gt.lastW = wn
}

// record appends group gi's counts of users whose waiting depends on the network and
// the servers to its history (changes at one instant share one entry). Call it after
// any change of the group's counts, blocks or outages.
func (l *ledger) record(gi int32, g *group) {
	st := waitStep{t: float64(l.eng.Now())}
	if !g.blocked() {
		st.onOld, st.onNew = float64(g.online-g.onNew), float64(g.onNew)
	}
	if g.down == 0 {
		st.hdr = float64(g.hdr)
	}
	h := &l.tally[gi].hist
	if n := len(*h); n > 0 {
		last := &(*h)[n-1]
		if last.onOld == st.onOld && last.onNew == st.onNew && last.hdr == st.hdr {
			return
		}
		if last.t == st.t {
			*last = st
			return
		}
	} else if st.onOld == 0 && st.onNew == 0 && st.hdr == 0 {
		return
	}
	*h = append(*h, st)
}

// onlineChanged records dOn more online-mode users in group g (flushed).
func (l *ledger) onlineChanged(g *group, dOn int32) {
	l.levels.Add(l.eng.Now(), g.onlineState(), float64(dOn))
}

// blockChanged records that group g's online users went from users_by_state index
// from to index to (a block began or ended).
func (l *ledger) blockChanged(g *group, from, to int) {
	if to == from || g.online == 0 {
		return
	}
	t := l.eng.Now()
	l.levels.Add(t, from, -float64(g.online))
	l.levels.Add(t, to, float64(g.online))
}

// joinedOnline and leftOnline record user u joining and leaving group gi in online
// mode: a user whose group was blocked in between was blocked.
func (l *ledger) joinedOnline(u int, gi int32) { l.uJoinW[u] = l.tally[gi].stampW }

func (l *ledger) leftOnline(u int, gi int32) {
	if l.tally[gi].stampW > l.uJoinW[u] {
		l.uMarks[u] |= markBlocked
	}
}

// ---- users ----

// phaseChanged records user u's transition between phases in group gi (its group,
// flushed); hdr says whether the user's sync is header-only (a header-only user waits
// for bodies once usable).
func (l *ledger) phaseChanged(u int, gi int32, g *group, from, to phase, hdr bool) {
	t := l.eng.Now()
	if from != phaseOnline {
		l.levels.Add(t, int(from), -1)
	}
	if to != phaseOnline {
		l.levels.Add(t, int(to), 1)
	}
	if from == phaseWaiting {
		g.waiting--
	}
	if to == phaseWaiting {
		g.waiting++
	}
	wasHdr := l.uMarks[u]&markHdr != 0
	isHdr := hdr && (to == phaseUsable || to == phaseHeaderOnly)
	if wasHdr != isHdr {
		if isHdr {
			g.hdr++
			l.uMarks[u] |= markHdr
		} else {
			g.hdr--
			l.uMarks[u] &^= markHdr
		}
	}
	l.record(gi, g)
}

// disrupted changes by d, from now on, the number of site's users disrupted by cause
// metric id (a blocked or degraded cause of the catalogue): the ledger integrates the count
// over working time into the cause's user-hours. A behaviour that disrupts users
// calls it when they start (+n) and stop (−n) being disrupted.
func (l *ledger) disrupted(site int32, id MetricID, d float64) {
	l.causeN[site][id].add(l.nowW(), d)
}

// installed records Outlook 2003 on user u's desktop now: in cached mode or not, with
// the mailbox on a 2003 server or not.
func (l *ledger) installed(u int, cached, on2003 bool) {
	wn := l.nowW()
	l.uInstall[u] = float64(l.eng.Now())
	l.sitePh[l.uSite[u]].at(phClients, l.uInstall[u])
	if on2003 {
		l.fullN.add(wn, 1)
	}
	if cached {
		l.cachedN.add(wn, 1)
	}
}

// usable records user u's mailbox usable now; resync says it is not the first sync.
func (l *ledger) usable(u int, resync bool) {
	if resync || l.uMarks[u]&markUsable != 0 {
		return
	}
	l.uMarks[u] |= markUsable
	h := (float64(l.eng.Now()) - l.uInstall[u]) / 3600
	l.usableH = append(l.usableH, h)
	s := l.uSite[u]
	l.siteUsableH[s] = append(l.siteUsableH[s], h)
}

// ostLimit records that user u's ANSI OST reached the 2 GB limit (counted once).
func (l *ledger) ostLimit(u int) {
	if l.uMarks[u]&markOSTLimit == 0 {
		l.uMarks[u] |= markOSTLimit
		l.siteOSTLimit[l.uSite[u]]++
	}
}

// reachedEnd records user u reaching its end state now.
func (l *ledger) reachedEnd(u int) {
	p := &l.sitePh[l.uSite[u]]
	p.at(phDone, float64(l.eng.Now()))
	p.done++
}

// synced records the end of the first sync of user u.
func (l *ledger) synced(u int) {
	h := (float64(l.eng.Now()) - l.uInstall[u]) / 3600
	l.syncedH = append(l.syncedH, h)
	s := l.uSite[u]
	l.siteSyncedH[s] = append(l.siteSyncedH[s], h)
	l.sitePh[s].at(phSyncsEnd, float64(l.eng.Now()))
}

// syncStarted and syncEnded count running syncs on server k.
func (l *ledger) syncStarted(k int32) {
	l.syncsNow++
	l.peakSyncs = max(l.peakSyncs, l.syncsNow)
	l.srvSyncs.Add(l.eng.Now(), int(k), 1)
}

func (l *ledger) syncEnded(k int32) {
	l.syncsNow--
	l.srvSyncs.Add(l.eng.Now(), int(k), -1)
}

// moveStarted records the start of user u's mailbox move into server k.
func (l *ledger) moveStarted(u int, k int32) {
	l.uMoveT[u] = float64(l.eng.Now())
	l.sitePh[l.uSite[u]].at(phMoves, l.uMoveT[u])
	l.movesNow++
	l.peakMoves = max(l.peakMoves, l.movesNow)
	l.srvMoves.Add(l.eng.Now(), int(k), 1)
}

// moveEnded records the end of user u's move from server src into server k: an
// online-mode user was blocked for its working time, a cached one disconnected; the
// mailbox is now on 2003.
func (l *ledger) moveEnded(u int, src, k int32, online, client2003 bool) {
	l.movesNow--
	t := l.eng.Now()
	l.sitePh[l.uSite[u]].at(phMoves, float64(t))
	l.srvMoves.Add(t, int(k), -1)
	l.srvHomed.Add(t, int(src), -1)
	l.srvHomed.Add(t, int(k), 1)
	wn := l.nowW()
	if online {
		l.moveBlocked(u, wn)
	} else {
		l.moveDisconnected(u, wn)
	}
	l.on55.add(wn, -1)
	l.on03.add(wn, 1)
	if client2003 {
		l.fullN.add(wn, 1)
	}
}

// moveBlocked counts the working time of user u's running move, up to wn, as blocked.
func (l *ledger) moveBlocked(u int, wn float64) {
	if b := wn - l.cal.W(l.uMoveT[u]); b > 0 {
		l.siteSec[l.uSite[u]][MetricBlockedMailboxMove] += b
		l.uMarks[u] |= markBlocked
	}
}

// moveDisconnected counts the working time of cached user u's running move, up to wn,
// as disconnected: it works on from its OST without the server.
func (l *ledger) moveDisconnected(u int, wn float64) {
	if b := wn - l.cal.W(l.uMoveT[u]); b > 0 {
		l.siteSec[l.uSite[u]][MetricDegradedDisconnected] += b * l.ds
	}
}

// outageStarted counts one outage of kind c.
func (l *ledger) outageStarted(c int) { l.outageCount[c]++ }

// populated records the initial population: n users, every mailbox on 5.5, home[k]
// of them on server k.
func (l *ledger) populated(n int, home []int32) {
	l.on55.add(0, float64(n))
	for k, c := range home {
		if c > 0 {
			l.srvHomed.Add(0, k, float64(c))
		}
	}
}
