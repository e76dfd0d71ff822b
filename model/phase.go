package model

// phase is where a user is in the migration; every user is in exactly one. Users in
// phaseOnline are counted by their group (online_local, online_remote or blocked
// there); the other phases are the users_by_state index of the same name. The
// transitions and the events that cause them are tabled in doc.go ("Phases").
type phase uint8

// Phases; each but phaseOnline equals its index in States.
const (
	phaseWaiting    = phase(stWaiting)    // cached client installed or resync started, not yet usable
	phaseUsable     = phase(stUsable)     // usable_fraction synced, the rest running
	phaseSynced     = phase(stSynced)     // full cached-mode OST
	phaseHeaderOnly = phase(stHeaderOnly) // header-only cached-mode OST
	phaseMoving     = phase(stMoving)     // mailbox move running
	phaseOnline     = phase(255)          // online mode (old client, or Outlook 2003 without cached mode)
)

// setPhase is the one transition of a user's phase: it tells the ledger what changed.
func (w *world) setPhase(u int, p phase) {
	old := w.uPhase[u]
	if old == p {
		return
	}
	gi := w.uGroup[u]
	g := &w.groups[gi]
	w.led.flush(gi, g)
	w.led.phaseChanged(u, gi, g, old, p, w.uFlags[u]&flagHeader != 0)
	w.uPhase[u] = p
}

// onlineMode reports whether user u works in online mode (old client, or Outlook 2003
// with cached mode off).
func (w *world) onlineMode(u int) bool {
	return w.uClient[u] == clientOld || !w.sc.Clients.Outlook2003.CachedMode
}

// groupAdd changes the group's online (dNew of them Outlook 2003 without cached mode)
// and cached counts, with the ledger's levels and the steady-traffic reservations.
func (w *world) groupAdd(gi int32, dOn, dNew, dCa int32) {
	g := &w.groups[gi]
	w.led.flush(gi, g)
	if dOn != 0 {
		w.led.onlineChanged(g, dOn)
		g.online += dOn
		g.onNew += dNew
	}
	g.cached += dCa
	w.led.record(gi, g)
	w.steadyAdd(g, dOn, dCa)
}

// setBlock changes the group's block depth for cause c by d.
func (w *world) setBlock(gi int32, c int, d int16) {
	g := &w.groups[gi]
	w.flushWithStart(gi)
	from := g.onlineState()
	g.block[c] += d
	w.led.blockChanged(g, from, g.onlineState())
	w.led.record(gi, g)
}

// setDown changes by d the outages in force on group gi's path: its cached users are
// cut off while one is.
func (w *world) setDown(gi int32, d int16) {
	g := &w.groups[gi]
	w.flushWithStart(gi)
	g.down += d
	w.led.record(gi, g)
}

// flushWithStart flushes group gi and the 5.5 group whose users' end state it is.
func (w *world) flushWithStart(gi int32) {
	g := &w.groups[gi]
	w.led.flush(gi, g)
	if s := g.startGroup; s >= 0 {
		w.led.flush(s, &w.groups[s])
	}
}

// joinGroup adds user u to its group in its client's mode.
func (w *world) joinGroup(u int) {
	g := w.uGroup[u]
	if w.onlineMode(u) {
		w.groupAdd(g, 1, w.newOnline(u), 0)
		w.led.joinedOnline(u, g)
	} else {
		w.groupAdd(g, 0, 0, 1)
	}
}

// newOnline is 1 when user u works in online mode on Outlook 2003 (cached mode off).
func (w *world) newOnline(u int) int32 {
	if w.uClient[u] == client2003 {
		return 1
	}
	return 0
}

// leaveGroup takes user u out of its group.
func (w *world) leaveGroup(u int) {
	g := w.uGroup[u]
	if w.onlineMode(u) {
		w.groupAdd(g, -1, -w.newOnline(u), 0)
		w.led.leftOnline(u, g)
	} else {
		w.groupAdd(g, 0, 0, -1)
	}
}
