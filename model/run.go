package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// Run simulates replication rep of ordering ord of the resolved scenario sc and returns
// its measurements. Random streams derive from (sc.Simulation.Seed, rep, stream name),
// so both orderings of one replication see the same mailboxes and outages. Run never
// panics on a scenario that scenarios.Load accepted; an inconsistent scenario gives an
// error.
func Run(sc *scenarios.Scenario, ord scenarios.Ordering, rep int) (*Result, error) {
	return RunContext(context.Background(), sc, ord, rep)
}

// RunContext is Run that stops soon after ctx is cancelled, even in the middle of the
// replication, and then returns ctx's error and no result.
func RunContext(ctx context.Context, sc *scenarios.Scenario, ord scenarios.Ordering, rep int) (*Result, error) {
	if sc == nil {
		return nil, errors.New("model: nil scenario")
	}
	if ord != scenarios.ClientsFirst && ord != scenarios.ServersFirst && ord != scenarios.PerSite {
		return nil, fmt.Errorf("model: unknown ordering %q (want %s, %s or %s)", ord, scenarios.ClientsFirst, scenarios.ServersFirst, scenarios.PerSite)
	}
	if !(sc.Horizon > 0) || math.IsInf(float64(sc.Horizon), 0) {
		return nil, fmt.Errorf("model: horizon must be positive, got %v s", float64(sc.Horizon))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	buf := buffers.Get().(*sim.Buffers)
	defer buffers.Put(buf)
	w, err := newWorldIn(sc, ord, rep, buf)
	if err != nil {
		return nil, err
	}
	defer w.release()
	if ctx.Done() != nil {
		var cancelled atomic.Bool
		stop := context.AfterFunc(ctx, func() { cancelled.Store(true) })
		defer stop()
		w.eng.SetInterrupt(&cancelled)
	}
	w.run()
	if w.eng.Interrupted() {
		return nil, ctx.Err()
	}
	return w.result(), nil
}

// buffers keeps the bucket series of finished replications for the next one on
// the same worker (a sync.Pool hands each goroutine its own), so that parallel
// replications neither allocate them anew nor share them.
var buffers = sync.Pool{New: func() any { return new(sim.Buffers) }}

// newWorld builds the world of one replication without running it.
func newWorld(sc *scenarios.Scenario, ord scenarios.Ordering, rep int) (*world, error) {
	return newWorldIn(sc, ord, rep, nil)
}

// newWorldIn is newWorld with its bucket series taken from buf (nil: allocated);
// release gives them back.
func newWorldIn(sc *scenarios.Scenario, ord scenarios.Ordering, rep int, buf *sim.Buffers) (*world, error) {
	eng := sim.New()
	w := &world{sc: sc, ord: ord, rep: rep, eng: eng, net: sim.NewNetwork(eng), cal: newCalendar(sc),
		horizon: float64(sc.Horizon)}
	w.net.SetBuffers(buf)
	w.led.buf = buf
	bucket := float64(sc.Simulation.Bucket)
	if !(bucket > 0) {
		bucket = 3600
	}
	buckets := max(int(math.Ceil(w.horizon/bucket)), 1)
	w.led.init(eng, w.cal, w.horizon, bucket, buckets)
	o3 := &sc.Clients.Outlook2003
	w.led.ds = float64(o3.DisconnectedShare)
	w.led.rDown, w.led.endOnline = w.led.ds, !o3.CachedMode
	if !o3.CachedMode {
		w.led.rDown = 1
	}
	if sc.Off.RideThroughOff { // the end state's cached users are blocked in outages too
		w.led.rideOff, w.led.rDown = true, 1
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
	w.net.Record(sim.Time(bucket), buckets)
	// bucket series only where the result reads them: WAN, datacenter and access links
	// (utilization, bytes by class), LANs and servers (what users wait for on their path)
	var rec []sim.ResourceID
	for r := range w.resName {
		if w.resWAN[r] {
			rec = append(rec, sim.ResourceID(r))
		}
	}
	for i := range w.sites {
		rec = append(rec, w.sites[i].lan)
	}
	for k := range w.servers {
		rec = append(rec, w.servers[k].res)
	}
	w.net.RecordResources(rec...)
	return w, nil
}

// release gives the world's bucket series back to its buffers once the result
// is built; the world is not used afterwards.
func (w *world) release() {
	w.net.Release()
	for _, l := range []*sim.Levels{w.led.levels, w.led.srvSyncs, w.led.srvMoves, w.led.srvHomed} {
		if l != nil {
			l.Release()
		}
	}
}

// run schedules the plan, the outages and the steady-traffic profile, and runs to the
// horizon.
func (w *world) run() {
	sc := w.sc
	// initial population: every user online on the old client, mailbox on 5.5
	for u := 0; u < w.nUsers; u++ {
		w.joinGroup(u)
	}
	home := make([]int32, len(w.servers))
	for u := 0; u < w.nUsers; u++ {
		home[w.uServer[u]]++
	}
	w.led.populated(w.nUsers, home)
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
	} else {
		// the servers-first sites' moves and the clients-first sites' waves start
		// at once; each site's second half follows its first (see doc.go)
		if w.nSF > 0 {
			w.onMovesPhase(1)
		}
		if w.nSF < w.nUsers {
			w.enqueueWaves(false, float64(sc.Rollout.Clients.Start))
		}
	}
	w.eng.RunUntil(sim.Time(w.horizon))
	if w.eng.Interrupted() {
		return // the caller drops this replication
	}
	w.finish()
}
