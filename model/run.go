package model

import (
	"errors"
	"fmt"
	"math"

	"rollout/scenarios"
	"rollout/sim"
)

// Run simulates replication rep of ordering ord of the resolved scenario sc and returns
// its measurements. Random streams derive from (sc.Simulation.Seed, rep, stream name),
// so both orderings of one replication see the same mailboxes and outages. Run never
// panics on a scenario that scenarios.Load accepted; an inconsistent scenario gives an
// error.
func Run(sc *scenarios.Scenario, ord scenarios.Ordering, rep int) (*Result, error) {
	if sc == nil {
		return nil, errors.New("model: nil scenario")
	}
	if ord != scenarios.ClientsFirst && ord != scenarios.ServersFirst {
		return nil, fmt.Errorf("model: unknown ordering %q (want %s or %s)", ord, scenarios.ClientsFirst, scenarios.ServersFirst)
	}
	if !(sc.Horizon > 0) || math.IsInf(float64(sc.Horizon), 0) {
		return nil, fmt.Errorf("model: horizon must be positive, got %v s", float64(sc.Horizon))
	}
	w, err := newWorld(sc, ord, rep)
	if err != nil {
		return nil, err
	}
	w.run()
	return w.result(), nil
}

// newWorld builds the world of one replication without running it.
func newWorld(sc *scenarios.Scenario, ord scenarios.Ordering, rep int) (*world, error) {
	eng := sim.New()
	w := &world{sc: sc, ord: ord, rep: rep, eng: eng, net: sim.NewNetwork(eng), cal: newCalendar(sc),
		horizon: float64(sc.Horizon), wT: -1}
	w.bucket = float64(sc.Simulation.Bucket)
	if !(w.bucket > 0) {
		w.bucket = 3600
	}
	w.buckets = int(math.Ceil(w.horizon / w.bucket))
	if w.buckets < 1 {
		w.buckets = 1
	}
	if err := w.build(); err != nil {
		return nil, err
	}
	w.hInstall = w.onInstall
	w.hSyncDone = w.onSyncDone
	w.hMoveDone = w.onMoveDone
	w.hWindow = w.onWindow
	w.hProfile = w.onProfile
	w.flushFn = func() { w.onFlush(0) }
	w.hOutStart = w.onOutStart
	w.hOutEnd = w.onOutEnd
	w.hUnblock = w.onUnblock
	w.hMovesPhase = w.onMovesPhase
	w.hWavesPhase = w.onWavesPhase
	w.net.Record(sim.Time(w.bucket), w.buckets)
	// bucket series only where the result reads them: WAN, datacenter and access links
	// (utilization, bytes by class) and servers (load)
	var rec []sim.ResourceID
	for r := range w.resName {
		if w.resWAN[r] {
			rec = append(rec, sim.ResourceID(r))
		}
	}
	for k := range w.servers {
		rec = append(rec, w.servers[k].res)
	}
	w.net.RecordResources(rec...)
	w.levels = sim.NewLevels(sim.Time(w.bucket), w.buckets, numStates)
	ns := len(w.servers)
	w.srvSyncs = sim.NewLevels(sim.Time(w.bucket), w.buckets, ns)
	w.srvMoves = sim.NewLevels(sim.Time(w.bucket), w.buckets, ns)
	w.srvOnline = sim.NewLevels(sim.Time(w.bucket), w.buckets, ns)
	return w, nil
}

// run schedules the plan, the outages and the steady-traffic profile, and runs to the
// horizon.
func (w *world) run() {
	sc := w.sc
	// initial population: every user online on the old client, mailbox on 5.5
	for u := 0; u < w.nUsers; u++ {
		w.joinGroup(u)
	}
	w.on55.add(0, float64(w.nUsers))
	// background utilization: a constant reservation on every site WAN and datacenter link
	for i := range sc.Sites {
		s := &sc.Sites[i]
		st := &w.sites[i]
		w.net.SetReservation(st.wanDown, w.cls[clsBackground], float64(s.WAN.Background)*float64(s.WAN.Down))
		w.net.SetReservation(st.wanUp, w.cls[clsBackground], float64(s.WAN.Background)*float64(s.WAN.Up))
	}
	dl := sc.Datacenter.Link
	w.net.SetReservation(w.dcIn, w.cls[clsBackground], float64(dl.Background)*float64(dl.Down))
	w.net.SetReservation(w.dcOut, w.cls[clsBackground], float64(dl.Background)*float64(dl.Up))
	// steady-traffic profile
	w.onProfile(0)
	// outages
	for p := range w.procs {
		pr := &w.procs[p]
		if up := pr.rng.ExpFloat64() * float64(pr.o.MTBF); up < w.horizon {
			w.eng.At(sim.Time(up), w.hOutStart, p)
		}
	}
	// phase 1
	if w.nUsers == 0 {
		w.endT = 0
	} else if w.ord == scenarios.ClientsFirst {
		w.startWaves(float64(sc.Rollout.Clients.Start))
	} else {
		w.onMovesPhase(0)
	}
	w.eng.RunUntil(sim.Time(w.horizon))
	w.finish()
}

// ---- group accounting ----

// flushGroup integrates the group's blocked and degraded user-seconds up to now.
func (w *world) flushGroup(gi int32) {
	g := &w.groups[gi]
	wn := w.nowW()
	if dw := wn - g.lastW; dw > 0 {
		switch {
		case g.blocked():
			g.stampW += dw
			w.blocked[g.cause()] += float64(g.online) * dw
		case g.slow:
			// an old client on a link Outlook 2003 itself would call slow
			w.degraded[degSlowLink] += float64(g.online) * dw
		case g.latDeg:
			w.degraded[degLatency] += float64(g.online) * dw
		}
		if g.srvDown > 0 {
			w.degraded[degServerOutage] += float64(g.cached) * dw
		}
	}
	g.lastW = wn
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

// groupAdd changes the group's online and cached counts, with their levels and
// steady-traffic reservations.
func (w *world) groupAdd(gi int32, dOn, dCa int32) {
	w.flushGroup(gi)
	g := &w.groups[gi]
	t := w.eng.Now()
	if dOn != 0 {
		w.levels.Add(t, g.onlineState(), float64(dOn))
		g.online += dOn
		if !g.blocked() {
			// blocked users count as blocked, not also as degraded by server load
			w.srvOnline.Add(t, int(g.server), float64(dOn))
			if g.congKey >= 0 {
				w.congAdd(g.congKey, float64(dOn))
			}
		}
	}
	g.cached += dCa
	tr := &w.sc.Sites[g.site].Mailbox.Traffic
	on, ca := float64(dOn)*float64(tr.Online), float64(dCa)*float64(tr.Cached)
	if on == 0 && ca == 0 {
		return
	}
	for _, r := range g.res {
		st := &w.steady[r]
		st[0] += on
		st[1] += on * tr.PeakFactor
		st[2] += ca
		st[3] += ca * tr.PeakFactor
		w.markDirty(r)
	}
}

// setBlock changes the group's block depth for cause c by d.
func (w *world) setBlock(gi int32, c int, d int16) {
	w.flushGroup(gi)
	g := &w.groups[gi]
	from := g.onlineState()
	g.block[c] += d
	if to := g.onlineState(); to != from && g.online != 0 {
		t := w.eng.Now()
		w.levels.Add(t, from, -float64(g.online))
		w.levels.Add(t, to, float64(g.online))
		d := 0.0
		if to == stBlocked {
			d = -float64(g.online)
		} else if from == stBlocked {
			d = float64(g.online)
		}
		if d != 0 {
			w.srvOnline.Add(t, int(g.server), d)
			if g.congKey >= 0 {
				w.congAdd(g.congKey, d)
			}
		}
	}
}

// congAdd changes congestion key k's count by d now; changes at one instant share one
// history entry.
func (w *world) congAdd(k int32, d float64) {
	ck := &w.congKeys[k]
	ck.n += d
	t := w.now()
	if n := len(ck.hist); n > 0 && ck.hist[n-1].t == t {
		ck.hist[n-1].n = ck.n
		return
	}
	ck.hist = append(ck.hist, congStep{t, ck.n})
}

// onlineMode reports whether user u works in online mode (old client, or Outlook 2003
// with cached mode off).
func (w *world) onlineMode(u int) bool {
	return w.uClient[u] == clientOld || !w.sc.Clients.Outlook2003.CachedMode
}

func (w *world) joinGroup(u int) {
	g := w.uGroup[u]
	if w.onlineMode(u) {
		w.groupAdd(g, 1, 0)
		w.uJoinW[u] = w.groups[g].stampW
	} else {
		w.groupAdd(g, 0, 1)
	}
}

func (w *world) leaveGroup(u int) {
	g := w.uGroup[u]
	if w.onlineMode(u) {
		w.groupAdd(g, -1, 0)
		if w.groups[g].stampW > w.uJoinW[u] {
			w.uFlags[u] |= flagBlocked
		}
	} else {
		w.groupAdd(g, 0, -1)
	}
}

// setState moves a user between the per-user states (waiting, usable, synced,
// header_only, moving; stOnline = counted by its group).
func (w *world) setState(u int, s uint8) {
	old := w.uState[u]
	if old == s {
		return
	}
	t := w.eng.Now()
	wn := w.nowW()
	if old != stOnline {
		w.levels.Add(t, int(old), -1)
	}
	if s != stOnline {
		w.levels.Add(t, int(s), 1)
	}
	if old == stWaiting {
		w.waiting.add(wn, -1)
	}
	if s == stWaiting {
		w.waiting.add(wn, 1)
	}
	// header-only users are degraded once usable
	wasHdr := w.uFlags[u]&flagHdrDeg != 0
	isHdr := w.uFlags[u]&flagHeader != 0 && (s == stUsable || s == stHeaderOnly)
	if wasHdr != isHdr {
		if isHdr {
			w.hdrDeg.add(wn, 1)
			w.uFlags[u] |= flagHdrDeg
		} else {
			w.hdrDeg.add(wn, -1)
			w.uFlags[u] &^= flagHdrDeg
		}
	}
	w.uState[u] = s
}

// ---- steady traffic ----

// steadyProfile returns the steady rate per byte of daily traffic at t as A + B × the
// peak factor, in 1/s: 0 outside working time; in the peak hour (the working hour
// starting at WorkStart + 1 h) peak_factor × the hourly average; in the other H − 1
// hours (H − peak_factor)/(H − 1) × the average, so a day carries exactly its daily
// bytes. The form is linear in the peak factor so that sites with different traffic
// profiles can share one reservation per resource. With fewer than 2 working hours the
// rate is flat.
func (w *world) steadyProfile(t float64) (a, b float64) {
	if !w.cal.isWorking(t) {
		return 0, 0
	}
	h := w.cal.dayLen / 3600
	avg := 1 / w.cal.dayLen
	if h < 2 {
		return avg, 0
	}
	tod := math.Mod(t, secondsPerDay) - w.cal.workStart
	if tod >= 3600 && tod < 7200 {
		return 0, avg
	}
	return avg * h / (h - 1), -avg / (h - 1)
}

// nextProfileChange returns the next boundary of the steady profile after t.
func (w *world) nextProfileChange(t float64) float64 {
	d := int(t / secondsPerDay)
	for i := 0; i < 9; i++ {
		dd := d + i
		if !w.cal.isWorkingDay(dd) {
			continue
		}
		ws := w.cal.dayStart(dd)
		for _, b := range [4]float64{ws, ws + 3600, ws + 7200, ws + w.cal.dayLen} {
			if b > t && b <= ws+w.cal.dayLen {
				return b
			}
		}
	}
	return math.Inf(1)
}

func (w *world) onProfile(int) {
	t := w.now()
	w.profA, w.profB = w.steadyProfile(t)
	for r := range w.steady {
		if w.steady[r] != [4]float64{} || w.resOn[r] != 0 || w.resCa[r] != 0 {
			w.markDirty(sim.ResourceID(r))
		}
	}
	if nt := w.nextProfileChange(t); nt < w.horizon {
		w.eng.At(sim.Time(nt), w.hProfile, 0)
	}
}

func (w *world) markDirty(r sim.ResourceID) {
	if w.isDirty[r] {
		return
	}
	w.isDirty[r] = true
	w.dirty = append(w.dirty, r)
	if !w.flushSched {
		w.flushSched = true
		w.eng.BeforeAdvance(w.flushFn)
	}
}

// onFlush applies the steady reservations of the resources changed at this instant.
func (w *world) onFlush(int) {
	a, b := w.profA*8, w.profB*8
	for _, r := range w.dirty {
		w.isDirty[r] = false
		st := &w.steady[r]
		on := math.Max(0, a*st[0]+b*st[1])
		ca := math.Max(0, a*st[2]+b*st[3])
		if on != w.resOn[r] {
			w.resOn[r] = on
			w.net.SetReservation(r, w.cls[clsSteadyOnline], on)
		}
		if ca != w.resCa[r] {
			w.resCa[r] = ca
			w.net.SetReservation(r, w.cls[clsSteadyCached], ca)
		}
	}
	w.dirty = w.dirty[:0]
	w.flushSched = false
}

// ---- client waves ----

// slotTime is install k of working day d: WorkStart + (k + 0.5)·len/users_per_day.
func (w *world) slotTime(d, k int) float64 {
	return w.cal.dayStart(d) + (float64(k)+0.5)*w.cal.dayLen/float64(w.sc.Rollout.Clients.UsersPerDay)
}

// startWaves schedules the first install at the first slot at or after t0.
func (w *world) startWaves(t0 float64) {
	upd := w.sc.Rollout.Clients.UsersPerDay
	if w.cal.daysPerWeek == 0 || w.cal.dayLen <= 0 {
		return // nobody ever works: the plan cannot run
	}
	d := int(math.Floor(t0 / secondsPerDay))
	if d < 0 {
		d = 0
	}
	for {
		if w.cal.isWorkingDay(d) {
			k := int(math.Ceil((t0-w.cal.dayStart(d))/(w.cal.dayLen/float64(upd)) - 0.5))
			k = max(k, 0)
			if k < upd {
				w.waveDay, w.waveK = d, k
				break
			}
		}
		d++
	}
	if t := w.slotTime(w.waveDay, w.waveK); t < w.horizon {
		w.eng.At(sim.Time(t), w.hInstall, 0)
	}
}

func (w *world) onWavesPhase(int) { w.startWaves(w.now() + float64(w.sc.Rollout.Clients.Start)) }

func (w *world) onInstall(int) {
	u := int(w.order[w.waveNext])
	w.waveNext++
	w.install(u)
	if w.waveNext >= len(w.order) {
		if w.ord == scenarios.ClientsFirst {
			if t := w.now() + float64(w.sc.Rollout.Gap); t < w.horizon {
				w.eng.At(sim.Time(t), w.hMovesPhase, 0)
			}
		}
		return
	}
	w.waveK++
	if w.waveK >= w.sc.Rollout.Clients.UsersPerDay {
		w.waveK = 0
		w.waveDay++
		for !w.cal.isWorkingDay(w.waveDay) {
			w.waveDay++
		}
	}
	if t := w.slotTime(w.waveDay, w.waveK); t < w.horizon {
		w.eng.At(sim.Time(t), w.hInstall, 0)
	}
}

// install puts Outlook 2003 on user u's desktop; in cached mode its initial sync starts
// from the server that holds the mailbox now.
func (w *world) install(u int) {
	wn := w.nowW()
	w.uInstall[u] = w.now()
	moving := w.uFlags[u]&flagMoving != 0
	if !moving {
		w.leaveGroup(u)
	}
	w.uClient[u] = client2003
	if w.servers[w.uServer[u]].is2003 {
		w.fullN.add(wn, 1)
	}
	if !w.sc.Clients.Outlook2003.CachedMode {
		if !moving {
			w.joinGroup(u)
		}
		w.checkDone(u)
		return
	}
	w.cachedN.add(wn, 1)
	if moving {
		w.uPrev[u] = stWaiting
		w.uFlags[u] |= flagPending
		return
	}
	w.joinGroup(u)
	w.startSync(u, false)
}

// ---- initial sync ----

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
	uf := float64(o.UsableFraction)
	switch st {
	case stageUsable:
		return uf * base * f
	case stageRest:
		return (1 - uf) * base * f
	case stageOAB:
		if hdr {
			return 0
		}
		return float64(o.OABSize) * f
	case stageOABOnly:
		return float64(o.OABSize) * f
	}
	return 0
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
	w.uFlags[u] &^= flagHeader | flagResync
	if hdr {
		w.uFlags[u] |= flagHeader
	}
	if resync {
		w.uFlags[u] |= flagResync
	}
	w.setState(u, stWaiting)
	w.uSyncIx[u] = int32(len(g.syncs))
	g.syncs = append(g.syncs, int32(u))
	w.syncsNow++
	w.peakSyncs = max(w.peakSyncs, w.syncsNow)
	w.srvSyncs.Add(w.eng.Now(), int(g.server), 1)
	w.runStage(u, stageUsable)
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
			w.uFlow[u] = w.net.Start(sim.Flow{SizeBytes: b, Path: w.groups[w.uGroup[u]].path, Class: w.cls[c], Done: w.hSyncDone, Arg: u})
			return
		}
		st = w.stageFinished(u, st)
	}
	w.syncComplete(u)
}

// stageFinished records the end of stage st and returns the next stage.
func (w *world) stageFinished(u int, st uint8) uint8 {
	if st == stageUsable {
		w.setState(u, stUsable)
		if w.uFlags[u]&(flagResync|flagUsableSeen) == 0 {
			w.uFlags[u] |= flagUsableSeen
			w.usableH = append(w.usableH, (w.now()-w.uInstall[u])/3600)
		}
	}
	return st + 1
}

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

// removeSync takes user u off its group's running-sync list.
func (w *world) removeSync(u int) {
	g := &w.groups[w.uGroup[u]]
	i := w.uSyncIx[u]
	last := g.syncs[len(g.syncs)-1]
	g.syncs[i] = last
	w.uSyncIx[last] = i
	g.syncs = g.syncs[:len(g.syncs)-1]
	w.syncsNow--
	w.srvSyncs.Add(w.eng.Now(), int(g.server), -1)
}

func (w *world) syncComplete(u int) {
	w.uStage[u] = stageNone
	w.removeSync(u)
	if w.uFlags[u]&flagHeader != 0 {
		w.setState(u, stHeaderOnly)
	} else {
		w.setState(u, stSynced)
	}
	if w.uFlags[u]&(flagResync|flagSynced) == 0 {
		w.syncedH = append(w.syncedH, (w.now()-w.uInstall[u])/3600)
	}
	w.uFlags[u] |= flagSynced
	w.checkDone(u)
}

// checkDone marks user u migrated once it runs Outlook 2003 against a 2003 server with
// no transfer in progress.
func (w *world) checkDone(u int) {
	f := w.uFlags[u]
	if f&(flagDone|flagMoving|flagPending) != 0 || w.uClient[u] != client2003 ||
		!w.servers[w.uServer[u]].is2003 || w.uStage[u] != stageNone {
		return
	}
	w.uFlags[u] |= flagDone
	w.doneN++
	if w.doneN == w.nUsers {
		w.endT = w.now()
	}
}

// ---- mailbox moves ----

func (w *world) onMovesPhase(int) {
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

func (w *world) moveFlow(u int) sim.FlowID {
	k := int(w.uTarget[u] - w.first03)
	h := int(w.sites[w.uSite[u]].host)
	return w.net.Start(sim.Flow{SizeBytes: math.Max(w.uMailbox[u], 1), Path: w.movePth[h*w.n03+k],
		CapBps: float64(w.sc.Rollout.Moves.RatePerMove), Class: w.cls[clsMove], Done: w.hMoveDone, Arg: u})
}

func (w *world) startMove(u int) {
	switch st := w.uStage[u]; st {
	case stageNone:
	case stageOABOnly:
		w.net.Abort(w.uFlow[u])
	default: // a running or interrupted sync restarts against the new server
		if st != stageAborted {
			w.net.Abort(w.uFlow[u])
		}
		w.removeSync(u)
		w.uFlags[u] |= flagPending
		if w.uFlags[u]&flagSynced != 0 {
			w.uFlags[u] |= flagResync
		}
	}
	w.uStage[u] = stageNone
	w.leaveGroup(u)
	w.uPrev[u] = w.uState[u]
	w.setState(u, stMoving)
	w.uFlags[u] |= flagMoving
	w.uMoveT[u] = w.now()
	k := w.uTarget[u]
	s := &w.servers[k]
	s.moving = append(s.moving, int32(u))
	w.movesNow++
	w.peakMoves = max(w.peakMoves, w.movesNow)
	w.srvMoves.Add(w.eng.Now(), int(k), 1)
	w.uFlow[u] = w.moveFlow(u)
}

func (w *world) onMoveDone(arg int) {
	u := arg
	k := w.uTarget[u]
	s := &w.servers[k]
	for i, v := range s.moving {
		if int(v) == u {
			s.moving[i] = s.moving[len(s.moving)-1]
			s.moving = s.moving[:len(s.moving)-1]
			break
		}
	}
	w.movesNow--
	w.srvMoves.Add(w.eng.Now(), int(k), -1)
	wn := w.nowW()
	if w.onlineMode(u) {
		if b := wn - w.cal.W(w.uMoveT[u]); b > 0 {
			w.blocked[causeMove] += b
			w.uFlags[u] |= flagBlocked
		}
	}
	w.on55.add(wn, -1)
	w.on03.add(wn, 1)
	w.uServer[u] = k
	w.uGroup[u] = w.groupOf(u, k)
	if w.uClient[u] == client2003 {
		w.fullN.add(wn, 1)
	}
	w.uFlags[u] &^= flagMoving
	if w.onlineMode(u) {
		w.setState(u, stOnline)
		w.joinGroup(u)
	} else {
		w.joinGroup(u)
		switch {
		case w.uFlags[u]&flagPending != 0:
			w.uFlags[u] &^= flagPending
			w.setState(u, w.uPrev[u])
			w.startSync(u, w.uFlags[u]&flagResync != 0)
		case w.uFlags[u]&flagSynced != 0 && (w.sc.Rollout.OSTAfterMove == scenarios.OSTResync ||
			w.uMailbox[u]*ostInflation > ansiOSTLimitBytes):
			// the OST must be rebuilt: a full resync over the new path
			w.setState(u, w.uPrev[u])
			w.startSync(u, true)
		default:
			// the OST is kept; slow-link detection now reads the new path: on a slow
			// link to 2003 the client continues in header-only mode (new items as
			// headers, no OAB download)
			w.uFlags[u] &^= flagHeader
			if w.hdrMode(w.uGroup[u]) {
				w.uFlags[u] |= flagHeader
			}
			st := w.uPrev[u]
			if st == stSynced || st == stHeaderOnly {
				st = stSynced
				if w.uFlags[u]&flagHeader != 0 {
					st = stHeaderOnly
				}
			}
			w.setState(u, st)
			if b := w.stageBytes(u, stageOABOnly); w.uFlags[u]&flagHeader == 0 && b > 0 {
				// every 5.5 → datacenter move is cross-site: a full OAB download
				w.uStage[u] = stageOABOnly
				w.uFlow[u] = w.net.Start(sim.Flow{SizeBytes: b, Path: w.groups[w.uGroup[u]].path,
					Class: w.cls[clsOAB], Done: w.hSyncDone, Arg: u})
			}
		}
	}
	w.movesDone++
	w.checkDone(u)
	if w.movesDone == w.nUsers && w.ord == scenarios.ServersFirst {
		if t := w.now() + float64(w.sc.Rollout.Gap); t < w.horizon {
			w.eng.At(sim.Time(t), w.hWavesPhase, 0)
		}
	}
	w.fillMoves(int(k))
}

// ---- outages ----

func (w *world) onOutStart(p int) {
	pr := &w.procs[p]
	t := w.now()
	pr.start = t
	w.outageCount[pr.cause]++
	for _, r := range pr.res {
		w.resDepth[r]++
		if w.resDepth[r] == 1 {
			w.net.SetCapacity(r, 0)
		}
	}
	restart := w.sc.Clients.Outlook2003.ResumeNeeds2003
	for _, gi := range pr.groups {
		w.setBlock(gi, pr.cause, 1)
		g := &w.groups[gi]
		if pr.isServer {
			g.srvDown++
		}
		if restart && !w.servers[g.server].is2003 {
			for _, u := range g.syncs {
				if st := w.uStage[u]; st >= stageUsable && st <= stageOAB {
					w.net.Abort(w.uFlow[u])
					w.uStage[u] = stageAborted
					pr.pending = append(pr.pending, u)
				}
			}
		}
	}
	if w.sc.Rollout.Moves.OnFailure != scenarios.OnFailureResume {
		for k := int(w.first03); k < len(w.servers); k++ {
			for _, u := range w.servers[k].moving {
				if w.moveCrosses(int(u), pr.res) {
					w.net.Abort(w.uFlow[u])
					w.uFlow[u] = w.moveFlow(int(u))
				}
			}
		}
	}
	w.eng.At(sim.Time(t+math.Max(pr.duration(), 0)), w.hOutEnd, p)
}

// moveCrosses reports whether user u's move path uses any of res.
func (w *world) moveCrosses(u int, res []sim.ResourceID) bool {
	k := int(w.uTarget[u] - w.first03)
	h := int(w.sites[w.uSite[u]].host)
	for _, a := range w.net.PathResources(w.movePth[h*w.n03+k]) {
		for _, b := range res {
			if a == b {
				return true
			}
		}
	}
	return false
}

func (w *world) onOutEnd(p int) {
	pr := &w.procs[p]
	t := w.now()
	for _, r := range pr.res {
		w.resDepth[r]--
		if w.resDepth[r] == 0 {
			w.net.SetCapacity(r, w.resCap[r])
		}
	}
	wdur := w.cal.between(pr.start, t)
	for _, gi := range pr.groups {
		g := &w.groups[gi]
		daily := float64(w.sc.Sites[g.site].Mailbox.Traffic.Cached)
		if pr.isServer {
			w.flushGroup(gi)
			g.srvDown--
		}
		if g.cached > 0 && wdur > 0 && daily > 0 && w.cal.dayLen > 0 {
			size := float64(g.cached) * daily * wdur / w.cal.dayLen * w.wire(g.server)
			w.net.Start(sim.Flow{SizeBytes: size, Path: g.path, Class: w.cls[clsCatchUp]})
		}
	}
	for _, u := range pr.pending {
		if w.uStage[u] == stageAborted {
			w.runStage(int(u), stageUsable)
		}
	}
	pr.pending = pr.pending[:0]
	if pen := float64(w.sc.Clients.Online.ReconnectPenalty); pen > 0 {
		w.eng.At(sim.Time(t+pen), w.hUnblock, p)
	} else {
		w.onUnblock(p)
	}
	if next := t + pr.rng.ExpFloat64()*float64(pr.o.MTBF); next < w.horizon {
		w.eng.At(sim.Time(next), w.hOutStart, p)
	}
}

func (w *world) onUnblock(p int) {
	pr := &w.procs[p]
	for _, gi := range pr.groups {
		w.setBlock(gi, pr.cause, -1)
	}
}
