package model

import (
	"math"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// wire is the bytes on the wire per data byte to server srv.
func (w *world) wire(srv int32) float64 {
	if w.servers[srv].is2003 {
		return float64(w.sc.Clients.Outlook2003.CompressionWith2003)
	}
	return 1
}

// items is the number of items in user u's mailbox: ceil(size / item size).
func (w *world) items(u int) float64 {
	is := float64(w.sc.Sites[w.uSite[u]].Mailbox.ItemSize)
	if !(is > 0) {
		return 0
	}
	return math.Ceil(w.uMailbox[u] / is)
}

// stageBytes is the wire size of a sync stage of user u.
func (w *world) stageBytes(u int, st uint8) float64 {
	o := &w.sc.Clients.Outlook2003
	f := w.wire(w.uServer[u])
	hdr := w.uFlags[u]&flagHeader != 0
	base := w.uMailbox[u]
	if hdr {
		base = w.items(u) * float64(w.sc.Sites[w.uSite[u]].Mailbox.HeaderSize)
	}
	if w.uFlags[u]&(flagDelta|flagSynced) == flagDelta {
		// a reused or pre-seeded OST: the first sync brings it up to date
		base *= float64(o.ExistingOSTDelta)
	}
	if w.ansiCapped(u) {
		// an ANSI OST (built against 5.5) stops at 2 GB of file
		base = ansiOSTLimitBytes / ostInflation
	}
	uf := float64(o.UsableFraction)
	usable, rest := uf*base*f, (1-uf)*base*f
	switch st {
	case stageUsable:
		return math.Max(0, usable-w.uKept[u])
	case stageRest:
		return math.Max(0, rest-math.Max(0, w.uKept[u]-usable))
	case stageOAB:
		if hdr {
			return 0
		}
		return w.oab * f
	case stageOABOnly:
		return w.oab * f
	}
	return 0
}

// ansiCapped reports whether user u's running full sync is against a 5.5 server and
// would make an OST beyond the ANSI limit (mailbox × ostInflation > 2 GB).
func (w *world) ansiCapped(u int) bool {
	return w.uFlags[u]&(flagHeader|flagDelta) == 0 && !w.servers[w.uServer[u]].is2003 &&
		w.uMailbox[u]*ostInflation > ansiOSTLimitBytes
}

// keepFolders records, for user u's sync interrupted in stage st after moving moved
// bytes, what the restart keeps: with restart_unit folder the whole folders synced so
// far (the mailbox as sync_folders equal folders; an interrupted OAB starts again),
// with mailbox nothing.
func (w *world) keepFolders(u int, st uint8, moved float64) {
	o := &w.sc.Clients.Outlook2003
	if o.RestartUnit != scenarios.RestartFolder || o.SyncFolders < 1 {
		w.uKept[u] = 0
		return
	}
	kept := w.uKept[u]
	w.uKept[u] = 0 // the stage sizes without anything kept
	usable, rest := w.stageBytes(u, stageUsable), w.stageBytes(u, stageRest)
	var done float64
	switch st {
	case stageUsable:
		done = kept + moved
	case stageRest:
		done = math.Max(kept, usable) + moved
	default: // the OAB: every folder is synced
		done = usable + rest
	}
	folder := (usable + rest) / float64(o.SyncFolders)
	if folder > 0 {
		w.uKept[u] = math.Min(math.Floor(done/folder*(1+1e-12))*folder, usable+rest)
	}
}

// hdrMode reports whether Outlook 2003's slow-link detection puts a cached client of
// group gi in header-only mode: the path is slow by the configured rule and the server
// allows it (2003, when header_only_needs_2003).
func (w *world) hdrMode(gi int32) bool {
	g := &w.groups[gi]
	return g.slow && (!w.sc.Clients.Outlook2003.HeaderOnlyNeeds2003 || w.servers[g.server].is2003)
}

// startSync starts a (re)sync of user u's OST from the current server.
func (w *world) startSync(u int, resync bool) {
	gi := w.uGroup[u]
	g := &w.groups[gi]
	hdr := w.hdrMode(gi)
	w.uFlags[u] &^= flagHeader | flagResync | flagANSI
	w.uKept[u] = 0
	if hdr {
		w.uFlags[u] |= flagHeader
	}
	if resync {
		w.uFlags[u] |= flagResync
	}
	w.setPhase(u, phaseWaiting)
	w.uSyncIx[u] = int32(len(g.syncs))
	g.syncs = append(g.syncs, int32(u))
	w.led.syncStarted(g.server)
	s := &w.servers[g.server]
	if s.syncCap > 0 && s.syncSlots >= s.syncCap {
		// every slot is taken: wait for one (still waiting for a usable mailbox)
		w.uStage[u] = stageQueued
		s.syncQ = append(s.syncQ, int32(u))
		return
	}
	s.syncSlots++
	w.runStage(u, stageUsable)
}

// releaseSlot frees a sync slot of server k and gives it to the first user still
// queued for it.
func (w *world) releaseSlot(k int32) {
	s := &w.servers[k]
	s.syncSlots--
	for s.syncQHead < len(s.syncQ) {
		u := int(s.syncQ[s.syncQHead])
		s.syncQHead++
		if w.uStage[u] != stageQueued || w.uServer[u] != k {
			continue // its move took it elsewhere
		}
		s.syncSlots++
		w.runStage(u, stageUsable)
		break
	}
	if s.syncQHead == len(s.syncQ) {
		s.syncQ, s.syncQHead = s.syncQ[:0], 0
	}
}

// runStage starts stage st of user u's sync, skipping empty stages.
func (w *world) runStage(u int, st uint8) {
	for st <= stageOAB {
		if b := w.stageBytes(u, st); b > 0 {
			c := clsInitialSync
			if st == stageOAB {
				c = clsOAB
			} else if w.uFlags[u]&flagHeader != 0 {
				c = clsHeaders
			}
			w.uStage[u] = st
			// MAPI initial sync runs at the per-client sync rate at most
			w.uFlow[u] = w.startUserFlow(u, sim.Flow{SizeBytes: b, Path: w.syncPath(w.uGroup[u]),
				CapBps: float64(w.sc.Clients.Outlook2003.SyncRate), Class: w.cls[c], Done: w.hSyncDone, Arg: u}, c)
			return
		}
		st = w.stageFinished(u, st)
	}
	w.syncComplete(u)
}

// stageFinished records the end of stage st and returns the next stage.
func (w *world) stageFinished(u int, st uint8) uint8 {
	if st == stageUsable {
		w.setPhase(u, phaseUsable)
		w.led.usable(u, w.uFlags[u]&flagResync != 0)
	}
	return st + 1
}

// onSyncDone ends the running stage of user u's sync or OAB download.
func (w *world) onSyncDone(arg int) {
	u := arg
	st := w.uStage[u]
	if st == stageOABOnly {
		w.uStage[u] = stageNone
		w.checkDone(u)
		return
	}
	w.runStage(u, w.stageFinished(u, st))
}

// removeSync takes user u off its group's running-sync list; slot says it held one of
// its server's sync slots (it was not queued).
func (w *world) removeSync(u int, slot bool) {
	g := &w.groups[w.uGroup[u]]
	i := w.uSyncIx[u]
	last := g.syncs[len(g.syncs)-1]
	g.syncs[i] = last
	w.uSyncIx[last] = i
	g.syncs = g.syncs[:len(g.syncs)-1]
	w.led.syncEnded(g.server)
	if slot {
		w.releaseSlot(g.server)
	}
}

// syncComplete ends user u's sync: synced or header-only.
func (w *world) syncComplete(u int) {
	w.uStage[u] = stageNone
	w.removeSync(u, true)
	if w.ansiCapped(u) {
		// the OST is full: what did not fit is not cached, and the user works on it
		// as a header-only user does (bodies on demand) until a Unicode resync
		w.uFlags[u] |= flagHeader | flagANSI
		w.led.ostLimit(u)
	}
	if w.uFlags[u]&flagHeader != 0 {
		w.setPhase(u, phaseHeaderOnly)
	} else {
		w.setPhase(u, phaseSynced)
	}
	if w.uFlags[u]&(flagResync|flagSynced) == 0 {
		w.led.synced(u)
	}
	w.uFlags[u] |= flagSynced
	w.checkDone(u)
}

// checkDone marks user u migrated once it runs Outlook 2003 against a 2003 server with
// no transfer in progress.
func (w *world) checkDone(u int) {
	f := w.uFlags[u]
	if f&(flagDone|flagPending) != 0 || w.uPhase[u] == phaseMoving || w.uClient[u] != client2003 ||
		!w.servers[w.uServer[u]].is2003 || w.uStage[u] != stageNone {
		return
	}
	w.uFlags[u] |= flagDone
	gi := w.uGroup[u]
	w.led.flush(gi, &w.groups[gi])
	w.groups[gi].done++
	w.led.reachedEnd(u)
	w.doneN++
	if w.doneN == w.nUsers {
		w.endT = w.now()
	}
}
