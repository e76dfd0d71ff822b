package model

import (
	"rollout/sim"
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

// groupTally is what the ledger keeps per group: the working-time position up to which
// the group's blocked and degraded user-seconds are integrated, and the working seconds
// it has spent blocked (to tell whether a user who was in it was ever blocked).
type groupTally struct {
	lastW  float64
	stampW float64
}

// Per-user marks (ledger.uMarks): facts measured about a user, not behaviour.
const (
	markUsable  = 1 << iota // time to usable recorded
	markBlocked             // blocked for more than zero working seconds
	markHdrDeg              // counted in the header-only degraded integrator
)

// ledger owns everything measured in one replication: the users_by_state and
// per-server level series, the integrators of working time, the user working seconds
// per blocked and degraded cause (indexed by catalogue MetricID), the congestion
// history, per-user times and peaks. Behaviour code (waves, sync, moves, outages,
// steady traffic) tells it what changed through the methods below and never touches a
// sum; result.go turns it, with the network's byte counts, into the Result.
type ledger struct {
	eng     *sim.Engine
	cal     *calendar
	horizon float64 // seconds
	bucket  float64 // seconds
	buckets int
	wT, wV  float64 // nowW cache: time and its working-time position

	levels    *sim.Levels // users by state
	srvSyncs  *sim.Levels
	srvMoves  *sim.Levels
	srvOnline *sim.Levels // online, unblocked users per server (server_load)
	congKeys  []congKey   // per location × {5.5 server, 2003 servers}
	tally     []groupTally

	// userSec[id] is the user working seconds of blocked or degraded cause metric id
	// (congestion, server_load and server_slow are filled at the end)
	userSec [numMetrics]float64
	// causeN[id] is the number of users disrupted by cause metric id, integrated over
	// working time (see disrupted); added to userSec at the end
	causeN   [numMetrics]integrator
	waiting  integrator
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
func (l *ledger) alloc(users, groups, locs, servers int) {
	l.uMarks = make([]uint8, users)
	l.uJoinW = make([]float64, users)
	l.uInstall = make([]float64, users)
	l.uMoveT = make([]float64, users)
	l.usableH = make([]float64, 0, users)
	l.syncedH = make([]float64, 0, users)
	l.tally = make([]groupTally, groups)
	l.congKeys = make([]congKey, 2*locs)
	l.levels = sim.NewLevels(sim.Time(l.bucket), l.buckets, numStates)
	l.srvSyncs = sim.NewLevels(sim.Time(l.bucket), l.buckets, servers)
	l.srvMoves = sim.NewLevels(sim.Time(l.bucket), l.buckets, servers)
	l.srvOnline = sim.NewLevels(sim.Time(l.bucket), l.buckets, servers)
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

// flush integrates group gi's blocked and degraded user-seconds up to now; it must be
// called before any of the group's counts or blocks change.
func (l *ledger) flush(gi int32, g *group) {
	gt := &l.tally[gi]
	wn := l.nowW()
	if dw := wn - gt.lastW; dw > 0 {
		switch {
		case g.blocked():
			gt.stampW += dw
			l.userSec[outageMetric[g.cause()]] += float64(g.online) * dw
		case g.slow:
			// an old client on a link Outlook 2003 itself would call slow
			l.userSec[MetricDegradedSlowLink] += float64(g.online) * dw
		case g.latDeg:
			l.userSec[MetricDegradedLatency] += float64(g.online) * dw
		}
		if g.srvDown > 0 {
			l.userSec[MetricDegradedServerOutage] += float64(g.cached) * dw
		}
	}
	gt.lastW = wn
}

// onlineChanged records dOn more online-mode users in group g (flushed).
func (l *ledger) onlineChanged(g *group, dOn int32) {
	t := l.eng.Now()
	l.levels.Add(t, g.onlineState(), float64(dOn))
	if !g.blocked() {
		// blocked users count as blocked, not also as degraded by server load
		l.srvOnline.Add(t, int(g.server), float64(dOn))
		if g.congKey >= 0 {
			l.congAdd(g.congKey, float64(dOn))
		}
	}
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
	d := 0.0
	if to == stBlocked {
		d = -float64(g.online)
	} else if from == stBlocked {
		d = float64(g.online)
	}
	if d != 0 {
		l.srvOnline.Add(t, int(g.server), d)
		if g.congKey >= 0 {
			l.congAdd(g.congKey, d)
		}
	}
}

// congAdd changes congestion key k's count by d now; changes at one instant share one
// history entry.
func (l *ledger) congAdd(k int32, d float64) {
	ck := &l.congKeys[k]
	ck.n += d
	t := float64(l.eng.Now())
	if n := len(ck.hist); n > 0 && ck.hist[n-1].t == t {
		ck.hist[n-1].n = ck.n
		return
	}
	ck.hist = append(ck.hist, congStep{t, ck.n})
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

// phaseChanged records user u's transition between phases; hdr says whether the
// user's sync is header-only (a header-only user is degraded once usable).
func (l *ledger) phaseChanged(u int, from, to phase, hdr bool) {
	t := l.eng.Now()
	wn := l.nowW()
	if from != phaseOnline {
		l.levels.Add(t, int(from), -1)
	}
	if to != phaseOnline {
		l.levels.Add(t, int(to), 1)
	}
	if from == phaseWaiting {
		l.waiting.add(wn, -1)
	}
	if to == phaseWaiting {
		l.waiting.add(wn, 1)
	}
	wasHdr := l.uMarks[u]&markHdrDeg != 0
	isHdr := hdr && (to == phaseUsable || to == phaseHeaderOnly)
	if wasHdr != isHdr {
		if isHdr {
			l.disrupted(MetricDegradedHeaderOnly, 1)
			l.uMarks[u] |= markHdrDeg
		} else {
			l.disrupted(MetricDegradedHeaderOnly, -1)
			l.uMarks[u] &^= markHdrDeg
		}
	}
}

// disrupted changes by d, from now on, the number of users disrupted by cause metric
// id (a blocked or degraded cause of the catalogue): the ledger integrates the count
// over working time into the cause's user-hours. A behaviour that disrupts users
// calls it when they start (+n) and stop (−n) being disrupted.
func (l *ledger) disrupted(id MetricID, d float64) { l.causeN[id].add(l.nowW(), d) }

// installed records Outlook 2003 on user u's desktop now: in cached mode or not, with
// the mailbox on a 2003 server or not.
func (l *ledger) installed(u int, cached, on2003 bool) {
	wn := l.nowW()
	l.uInstall[u] = float64(l.eng.Now())
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
	l.usableH = append(l.usableH, (float64(l.eng.Now())-l.uInstall[u])/3600)
}

// synced records the end of the first sync of user u.
func (l *ledger) synced(u int) {
	l.syncedH = append(l.syncedH, (float64(l.eng.Now())-l.uInstall[u])/3600)
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
	l.movesNow++
	l.peakMoves = max(l.peakMoves, l.movesNow)
	l.srvMoves.Add(l.eng.Now(), int(k), 1)
}

// moveEnded records the end of user u's move into server k: an online-mode user was
// blocked for its working time; the mailbox is now on 2003.
func (l *ledger) moveEnded(u int, k int32, online, client2003 bool) {
	l.movesNow--
	l.srvMoves.Add(l.eng.Now(), int(k), -1)
	wn := l.nowW()
	if online {
		l.moveBlocked(u, wn)
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
		l.userSec[MetricBlockedMailboxMove] += b
		l.uMarks[u] |= markBlocked
	}
}

// outageStarted counts one outage of kind c.
func (l *ledger) outageStarted(c int) { l.outageCount[c]++ }

// populated records the initial population: n users, every mailbox on 5.5.
func (l *ledger) populated(n int) { l.on55.add(0, float64(n)) }
