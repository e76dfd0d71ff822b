package sim

import (
	"sync/atomic"
	"testing"
)

// An endless chain of events stops within interruptEvery events of the flag being
// set, with Interrupted true and the clock where the last event left it.
func TestInterruptStopsRun(t *testing.T) {
	e := New()
	var flag atomic.Bool
	e.SetInterrupt(&flag)
	const setAt = 5000
	var h Handler
	h = func(n int) {
		if n == setAt {
			flag.Store(true)
		}
		e.After(1, h, n+1)
	}
	e.At(0, h, 1)
	e.Run() // without the flag this would never return
	if !e.Interrupted() {
		t.Fatal("Interrupted() = false after an interrupted Run")
	}
	// the flag is set by event 5000; the next look is at the next multiple of 1024:
	// 5 × 1024 = 5120 events
	if got := e.Fired(); got < setAt || got > setAt+interruptEvery {
		t.Errorf("fired %d events, want between %d and %d", got, setAt, setAt+interruptEvery)
	}
	if e.Now() != Time(e.Fired()-1) {
		t.Errorf("Now() = %v, want %v (the last event fired)", e.Now(), e.Fired()-1)
	}
	// RunUntil does not jump the clock to its limit when interrupted
	e.RunUntil(1e9)
	if !e.Interrupted() || e.Now() >= 1e9 {
		t.Errorf("RunUntil with the flag still set: Interrupted %v, Now %v", e.Interrupted(), e.Now())
	}
	flag.Store(false)
	e.RunUntil(e.Now() + 10)
	if e.Interrupted() {
		t.Error("Interrupted() still true after a run that was not interrupted")
	}
}

// The flag is set from another goroutine while the engine runs (as a cancelled
// context does); the race detector checks the hand-over.
func TestInterruptFromAnotherGoroutine(t *testing.T) {
	e := New()
	var flag atomic.Bool
	e.SetInterrupt(&flag)
	started := make(chan struct{})
	var h Handler
	h = func(n int) {
		if n == 1 {
			close(started)
		}
		e.After(1, h, n+1)
	}
	e.At(0, h, 1)
	go func() {
		<-started
		flag.Store(true)
	}()
	e.Run()
	if !e.Interrupted() {
		t.Fatal("Run returned without being interrupted")
	}
}

func TestNoInterruptByDefault(t *testing.T) {
	e := New()
	n := 0
	var h Handler
	h = func(int) {
		n++
		if n < 3000 {
			e.After(1, h, 0)
		}
	}
	e.At(0, h, 0)
	e.Run()
	if n != 3000 || e.Interrupted() {
		t.Errorf("fired %d (want 3000), Interrupted %v", n, e.Interrupted())
	}
}
