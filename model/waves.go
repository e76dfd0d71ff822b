package model

import (
	"math"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// installSpan is the span of a working day's installs, seconds from WorkStart: the
// logon window (at most the working day) for the logon pattern, the working day for
// spread.
func (w *world) installSpan() float64 {
	c := &w.sc.Rollout.Clients
	if c.Install == scenarios.InstallSpread || !(c.LogonWindow > 0) {
		return w.cal.dayLen
	}
	return math.Min(float64(c.LogonWindow), w.cal.dayLen)
}

// slotTime is install k of working day d: WorkStart + (k + 0.5)·span/users_per_day,
// span the installSpan.
func (w *world) slotTime(d, k int) float64 {
	return w.cal.dayStart(d) + (float64(k)+0.5)*w.installSpan()/float64(w.sc.Rollout.Clients.UsersPerDay)
}

// startWaves schedules the first install at the first slot at or after t0.
func (w *world) startWaves(t0 float64) {
	w.waveBusy = true
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
			k := int(math.Ceil((t0-w.cal.dayStart(d))/(w.installSpan()/float64(upd)) - 0.5))
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

// onWavesPhase starts the waves of the servers-first sites' users, clients.start
// after now (the gap after their last move).
func (w *world) onWavesPhase(int) {
	w.enqueueWaves(true, w.now()+float64(w.sc.Rollout.Clients.Start))
}

func (w *world) onInstall(int) {
	u := int(w.waveQ[w.waveNext])
	w.waveNext++
	w.install(u)
	if !w.userSF(u) {
		w.cfDone++
		if w.cfDone == w.nUsers-w.nSF { // the clients-first sites' moves follow their last install
			if t := w.now() + float64(w.sc.Rollout.Gap); t < w.horizon {
				w.eng.At(sim.Time(t), w.hMovesPhase, 0)
			}
		}
	}
	if w.waveNext >= len(w.waveQ) {
		w.waveBusy = false
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
	cached := w.sc.Clients.Outlook2003.CachedMode
	moving := w.uPhase[u] == phaseMoving
	if !moving {
		w.leaveGroup(u)
	}
	w.uClient[u] = client2003
	w.led.installed(u, cached, w.servers[w.uServer[u]].is2003)
	if !cached {
		if !moving {
			w.joinGroup(u)
		}
		w.checkDone(u)
		return
	}
	if moving {
		if m := w.servers[w.uTarget[u]].movingEntry(u); m != nil {
			m.prev = phaseWaiting // the first sync starts after the move
		}
		w.uFlags[u] |= flagPending
		return
	}
	w.joinGroup(u)
	w.startSync(u, false)
}
