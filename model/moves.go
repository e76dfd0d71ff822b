package model

import (
	"math"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// onMovesPhase queues the moves of the servers-first sites' users (sf = 1) or of the
// clients-first sites' users (sf = 0) and starts moves.
func (w *world) onMovesPhase(sf int) {
	w.enqueueMoves(sf == 1)
	w.onWindow(0)
}

// onWindow starts moves while the window is open and schedules the next opening.
func (w *world) onWindow(int) {
	t := w.now()
	win := w.sc.Rollout.Moves.Window
	if !inWindow(win, t) {
		w.eng.At(sim.Time(nextWindowOpen(win, t)), w.hWindow, 0)
		return
	}
	pending := false
	for k := int(w.first03); k < len(w.servers); k++ {
		w.fillMoves(k)
		s := &w.servers[k]
		pending = pending || s.qHead < len(s.queue)
	}
	if pending && win.Start != win.End {
		next := math.Floor(t/secondsPerDay)*secondsPerDay + float64(win.Start)
		if next <= t {
			next += secondsPerDay
		}
		if next < w.horizon {
			w.eng.At(sim.Time(next), w.hWindow, 0)
		}
	}
}

// fillMoves starts queued moves into server k up to its concurrency, inside the window.
func (w *world) fillMoves(k int) {
	s := &w.servers[k]
	for len(s.moving) < s.concurrent && s.qHead < len(s.queue) && inWindow(w.sc.Rollout.Moves.Window, w.now()) {
		u := int(s.queue[s.qHead])
		s.qHead++
		w.startMove(u)
	}
}

// moveFlow starts the flow of user u's mailbox move.
func (w *world) moveFlow(u int) sim.FlowID {
	k := int(w.uTarget[u] - w.first03)
	h := int(w.sites[w.uSite[u]].host)
	return w.startUserFlow(u, sim.Flow{SizeBytes: math.Max(w.uMailbox[u], 1), Path: w.movePth[h*w.n03+k],
		CapBps: float64(w.sc.Rollout.Moves.RatePerMove), Class: w.cls[clsMove], Done: w.hMoveDone, Arg: u}, clsMove)
}

// startMove starts user u's mailbox move; a sync in progress restarts after it.
func (w *world) startMove(u int) {
	switch st := w.uStage[u]; st {
	case stageNone:
	case stageOABOnly:
		w.abortUserFlow(u)
	default: // a running, interrupted or queued sync restarts against the new server
		if st != stageAborted && st != stageQueued {
			w.abortUserFlow(u)
		}
		w.removeSync(u, st != stageQueued)
		w.uFlags[u] |= flagPending
		if w.uFlags[u]&flagSynced != 0 {
			w.uFlags[u] |= flagResync
		}
	}
	w.uStage[u] = stageNone
	w.leaveGroup(u)
	k := w.uTarget[u]
	s := &w.servers[k]
	s.moving = append(s.moving, move{int32(u), w.uPhase[u]})
	w.setPhase(u, phaseMoving)
	w.led.moveStarted(u, k)
	w.uFlow[u] = w.moveFlow(u)
}

// onMoveDone ends user u's move: the mailbox is on its 2003 server.
func (w *world) onMoveDone(arg int) {
	u := arg
	k := w.uTarget[u]
	s := &w.servers[k]
	m := s.movingEntry(u)
	if m == nil {
		return // not moving: cannot happen, the move's flow ends once
	}
	prev := m.prev
	*m = s.moving[len(s.moving)-1]
	s.moving = s.moving[:len(s.moving)-1]
	w.led.moveEnded(u, w.uServer[u], k, w.onlineMode(u), w.uClient[u] == client2003)
	w.uServer[u] = k
	w.uGroup[u] = w.groupOf(u, k)
	if w.onlineMode(u) {
		w.setPhase(u, phaseOnline)
		w.joinGroup(u)
	} else {
		w.joinGroup(u)
		w.resumeCached(u, prev)
	}
	w.movesDone++
	w.checkDone(u)
	if w.userSF(u) {
		w.sfMoved++
	}
	if w.userSF(u) && w.sfMoved == w.nSF { // the servers-first sites' waves follow their last move
		if t := w.now() + float64(w.sc.Rollout.Gap); t < w.horizon {
			w.eng.At(sim.Time(t), w.hWavesPhase, 0)
		}
	}
	w.fillMoves(int(k))
}

// crossSite reports whether user u's move leaves the site of its 5.5 server: a move
// into the datacenter or to another site's 2003 server (an in-place upgrade on the
// same LAN is not).
func (w *world) crossSite(u int) bool {
	return w.servers[w.uTarget[u]].site != w.sites[w.uSite[u]].host
}

// resumeCached puts a cached-mode user back to work after its move (prev: its phase
// before the move): the sync that the move interrupted restarts, an OST that cannot be
// kept is rebuilt, or the kept OST follows the new path's slow-link mode and
// downloads the new site's OAB.
func (w *world) resumeCached(u int, prev phase) {
	switch {
	case w.uFlags[u]&flagPending != 0:
		w.uFlags[u] &^= flagPending
		w.setPhase(u, prev)
		w.startSync(u, w.uFlags[u]&flagResync != 0)
	case w.uFlags[u]&flagSynced != 0 && (w.sc.Rollout.OSTAfterMove == scenarios.OSTResync ||
		w.sc.Clients.Outlook2003.OSTFormat == scenarios.OSTUnicode ||
		w.uMailbox[u]*ostInflation > ansiOSTLimitBytes):
		// the OST must be rebuilt: a full resync over the new path (a Unicode-forcing
		// policy rebuilds every ANSI OST built against 5.5, KB 841207)
		w.setPhase(u, prev)
		w.startSync(u, true)
	default:
		// the OST is kept; slow-link detection now reads the new path: on a slow
		// link to 2003 the client continues in header-only mode (new items as
		// headers, no OAB download)
		w.uFlags[u] &^= flagHeader
		if w.hdrMode(w.uGroup[u]) {
			w.uFlags[u] |= flagHeader
		}
		st := prev
		if st == phaseSynced || st == phaseHeaderOnly {
			st = phaseSynced
			if w.uFlags[u]&flagHeader != 0 {
				st = phaseHeaderOnly
			}
		}
		w.setPhase(u, st)
		if b := w.stageBytes(u, stageOABOnly); w.uFlags[u]&flagHeader == 0 && b > 0 && w.crossSite(u) {
			// a cross-site move: a full OAB download
			w.uStage[u] = stageOABOnly
			w.uFlow[u] = w.startUserFlow(u, sim.Flow{SizeBytes: b, Path: w.groups[w.uGroup[u]].path,
				CapBps: float64(w.sc.Clients.Outlook2003.SyncRate), Class: w.cls[clsOAB], Done: w.hSyncDone, Arg: u}, clsOAB)
		}
	}
}
