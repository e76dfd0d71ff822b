package sim

import (
	"fmt"
	"math"
	"sync/atomic"
)

// Time is simulated time in seconds since the start of the run.
type Time float64

// Handler is called when an event fires; arg is the value given when it was
// scheduled. Pass pre-bound method values (w.onInstall) stored once, so that
// scheduling allocates nothing.
type Handler func(arg int)

// EventID identifies a scheduled event for Cancel; 0 is never a valid ID.
type EventID uint64

// The heap key packs the scheduling sequence number (high bits, so that equal
// times fire in insertion order) with the payload slot (low bits).
const (
	slotBits = 24
	slotMask = 1<<slotBits - 1
	maxSeq   = 1<<(64-slotBits) - 1
)

// entry is one calendar heap element (16 bytes, no pointers: sifts move half
// the memory of an entry carrying its payload, and the garbage collector never
// scans the heap). The payload waits in the event's slot (Engine.pay).
type entry struct {
	t   Time
	key uint64 // seq<<slotBits | slot
}

// payload is what a pending event calls when it fires.
type payload struct {
	h   Handler
	arg int
}

// A slot tracks one pending event: its payload in Engine.pay and, for Cancel,
// its generation in Engine.slots, 4 bytes (so that table of a large calendar
// stays in cache): the low 31 bits are the generation handed out in the
// EventID, which changes when the event fires or is cancelled, so stale IDs
// are recognised (until the generation wraps, after 2^31 reuses of the slot);
// the top bit marks a cancelled event still in the heap.
const (
	genMask   = 1<<31 - 1
	cancelBit = 1 << 31
)

// Engine is the simulation clock and event calendar. It is not safe for
// concurrent use; run one Engine per goroutine (replications are independent).
type Engine struct {
	now     Time
	heap    []entry   // 1-based: heap[0] is unused, so sibling entries share a cache line
	slots   []uint32  // generation by slot
	pay     []payload // payload by slot
	free    []uint32
	ncancel int // cancelled entries still in the heap
	// hole is set while the handler of the root entry runs: the root is spent,
	// and the next At fills it (one sift instead of a pop and a push, the
	// common case of a handler that schedules its successor).
	hole    bool
	seq     uint64
	fired   uint64
	stopped bool
	sink    int // receives the early payload loads of siftDown, so they are not discarded; meaningless

	interrupt   *atomic.Bool // see SetInterrupt; nil: none
	interrupted bool         // the last run stopped because interrupt was set

	// hooks run once, in registration order, before the clock next advances
	// (see BeforeAdvance). hookBuf is swapped with hooks to avoid allocation.
	hooks   []func()
	hookBuf []func()
}

// New returns an engine at time 0 with an empty calendar.
func New() *Engine {
	return &Engine{heap: make([]entry, 1, 64)}
}

// Now returns the current simulated time in seconds.
func (e *Engine) Now() Time { return e.now }

// Fired returns the number of events fired so far (cancelled events are not
// counted).
func (e *Engine) Fired() uint64 { return e.fired }

// Pending returns the number of entries in the calendar, including cancelled
// events not yet discarded.
func (e *Engine) Pending() int {
	if e.hole {
		return len(e.heap) - 2
	}
	return len(e.heap) - 1
}

// At schedules h(arg) at absolute time t (seconds). Scheduling in the past
// (t < Now()) or at NaN is a programming error and panics. Events with equal
// times fire in the order they were scheduled.
func (e *Engine) At(t Time, h Handler, arg int) EventID {
	if !(t >= e.now) {
		panic(fmt.Sprintf("sim: At(%v) before Now()=%v", float64(t), float64(e.now)))
	}
	var s uint32
	if n := len(e.free); n > 0 {
		s = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		if len(e.slots) > slotMask {
			panic("sim: more than 16M pending events")
		}
		s = uint32(len(e.slots))
		e.slots = append(e.slots, 1)
		e.pay = append(e.pay, payload{})
	}
	if e.seq == maxSeq {
		panic("sim: event sequence exhausted")
	}
	e.seq++
	e.pay[s] = payload{h, arg}
	x := entry{t: t, key: e.seq<<slotBits | uint64(s)}
	if e.hole {
		// t >= Now() = time of the spent root, so x may replace it.
		e.hole = false
		e.siftDown(1, x)
	} else {
		e.push(x)
	}
	return EventID(uint64(e.slots[s])<<slotBits | uint64(s))
}

// After schedules h(arg) at Now()+d; d must be >= 0.
func (e *Engine) After(d Time, h Handler, arg int) EventID {
	return e.At(e.now+d, h, arg)
}

// Cancel removes a scheduled event. It reports false if the event already
// fired, was already cancelled, or id is not an ID from this engine.
func (e *Engine) Cancel(id EventID) bool {
	s := uint64(id) & slotMask
	if id == 0 || s >= uint64(len(e.slots)) {
		return false
	}
	sl := &e.slots[s]
	if uint64(*sl) != uint64(id)>>slotBits { // also false when cancelled
		return false
	}
	// Lazy deletion: the heap entry stays and is discarded when it surfaces.
	*sl = cancelBit | (*sl+1)&genMask
	e.pay[s].h = nil // drop the handler reference
	e.ncancel++
	return true
}

// Stop makes Run or RunUntil return after the current event's handler.
func (e *Engine) Stop() { e.stopped = true }

// BeforeAdvance registers f to run once before the clock next advances past
// Now() (or before Run/RunUntil returns with an empty calendar). Hooks may
// schedule events, including at Now(). The network uses it to re-rate flows
// once per instant however many changes that instant brings.
func (e *Engine) BeforeAdvance(f func()) {
	e.hooks = append(e.hooks, f)
}

func (e *Engine) runHooks() {
	for len(e.hooks) > 0 {
		hs := e.hooks
		e.hooks = e.hookBuf[:0]
		for i, f := range hs {
			f()
			hs[i] = nil
		}
		e.hookBuf = hs[:0]
	}
}

// Run fires events in time order until the calendar is empty or Stop is called.
func (e *Engine) Run() {
	e.run(Time(math.Inf(1)))
}

// RunUntil fires every event with time <= t, then sets Now() to t (unless Stop
// was called, in which case Now() stays at the last fired event). t < Now() does
// nothing.
func (e *Engine) RunUntil(t Time) {
	if !(t >= e.now) {
		return
	}
	e.run(t)
	if !e.stopped && t > e.now {
		e.runHooks()
		e.now = t
	}
}

func (e *Engine) run(limit Time) {
	e.stopped = false
	e.interrupted = false
	if e.hole { // Run called from a handler
		e.hole = false
		e.pop()
	}
	for !e.stopped {
		if len(e.heap) == 1 {
			if len(e.hooks) == 0 {
				return
			}
			e.runHooks()
			continue
		}
		top := e.heap[1]
		if top.t > e.now && len(e.hooks) > 0 {
			e.runHooks()
			continue
		}
		if top.t > limit {
			return
		}
		s := uint32(top.key & slotMask)
		sl := &e.slots[s]
		e.free = append(e.free, s)
		if e.ncancel > 0 && *sl&cancelBit != 0 {
			*sl &^= cancelBit
			e.ncancel--
			e.pop()
			continue
		}
		*sl = (*sl + 1) & genMask
		p := &e.pay[s]
		h, arg := p.h, p.arg
		p.h = nil // drop the handler reference; the slot is free
		e.now = top.t
		e.fired++
		e.hole = true
		h(arg)
		if e.hole {
			e.hole = false
			e.pop()
		}
		if e.fired&(interruptEvery-1) == 0 {
			e.checkInterrupt()
		}
	}
}

func (a entry) less(b entry) bool {
	return a.t < b.t || (a.t == b.t && a.key < b.key)
}

func (e *Engine) push(x entry) {
	h := append(e.heap, x)
	i := len(h) - 1
	for i > 1 {
		p := i / 2
		if !x.less(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
	e.heap = h
}

// pop removes the minimum entry (the caller has read it as heap[1]).
func (e *Engine) pop() {
	h := e.heap
	n := len(h) - 1
	x := h[n]
	e.heap = h[:n]
	if n > 1 {
		e.siftDown(1, x)
	}
}

// siftDown places x, which goes at position i, down the heap.
func (e *Engine) siftDown(i int, x entry) {
	h := e.heap
	n := len(h)
	for {
		c := 2 * i
		if c >= n {
			break
		}
		if r := c + 1; r < n && h[r].less(h[c]) {
			c = r
		}
		if !h[c].less(x) {
			break
		}
		if i == 1 {
			// h[c] becomes the root, the next event to fire: load its
			// payload now, so that the cache miss (a large calendar's
			// slots are visited at random) overlaps the rest of the sift.
			e.sink += e.pay[h[c].key&slotMask].arg
		}
		h[i] = h[c]
		i = c
	}
	h[i] = x
}
