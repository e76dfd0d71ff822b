package sim

import "sync/atomic"

// interruptEvery is how many fired events pass between two looks at the interrupt
// flag: a power of two, so the test is a mask; at a few hundred nanoseconds an event
// a look comes every few hundred microseconds.
const interruptEvery = 1 << 10

// SetInterrupt makes Run and RunUntil return soon after flag becomes true (within
// interruptEvery events of it), with Interrupted reporting true. Pass nil to remove
// it. Set the flag from another goroutine, e.g. when a context is cancelled.
func (e *Engine) SetInterrupt(flag *atomic.Bool) { e.interrupt = flag }

// Interrupted reports whether the last Run or RunUntil returned because the
// interrupt flag was set; the calendar then still holds the events not yet fired.
func (e *Engine) Interrupted() bool { return e.interrupted }

// checkInterrupt is called after each fired event; it stops the engine when the
// flag is set.
func (e *Engine) checkInterrupt() {
	if e.interrupt != nil && e.interrupt.Load() {
		e.stopped = true
		e.interrupted = true
	}
}
