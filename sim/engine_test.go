package sim

import (
	"testing"
)

func TestEngineOrderAndTies(t *testing.T) {
	e := New()
	var got []int
	rec := func(a int) { got = append(got, a) }
	e.At(2, rec, 20)
	e.At(1, rec, 10)
	e.At(2, rec, 21) // same time as 20, scheduled later: fires after it
	e.At(1, rec, 11)
	e.At(0, func(int) {
		e.After(2, rec, 22) // t=2, scheduled last: after 20 and 21
		e.After(0, rec, 1)  // same instant as this event: fires next
	}, 0)
	e.Run()
	want := []int{1, 10, 11, 20, 21, 22}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if e.Now() != 2 || e.Fired() != 7 {
		t.Fatalf("Now=%v Fired=%d, want 2 and 7", e.Now(), e.Fired())
	}
}

func TestEngineCancel(t *testing.T) {
	e := New()
	fired := 0
	h := func(int) { fired++ }
	a := e.At(1, h, 0)
	b := e.At(2, h, 0)
	if !e.Cancel(a) {
		t.Fatal("Cancel of a pending event returned false")
	}
	if e.Cancel(a) {
		t.Fatal("second Cancel returned true")
	}
	if e.Cancel(0) || e.Cancel(EventID(1<<40|12345)) {
		t.Fatal("Cancel of a bogus ID returned true")
	}
	e.Run()
	if fired != 1 {
		t.Fatalf("fired %d events, want 1", fired)
	}
	if e.Cancel(b) {
		t.Fatal("Cancel of a fired event returned true")
	}
	// The slot of b is reused by c; b's stale ID must not cancel c.
	c := e.At(3, h, 0)
	if e.Cancel(b) {
		t.Fatal("stale ID cancelled a new event")
	}
	if !e.Cancel(c) {
		t.Fatal("Cancel(c) returned false")
	}
	e.Run()
	if fired != 1 || e.Fired() != 1 {
		t.Fatalf("fired %d (engine says %d), want 1", fired, e.Fired())
	}
}

func TestEngineRunUntilAndStop(t *testing.T) {
	e := New()
	var at []Time
	h := func(int) { at = append(at, e.Now()) }
	for _, x := range []Time{1, 2, 3, 4} {
		e.At(x, h, 0)
	}
	e.RunUntil(2.5)
	if len(at) != 2 || e.Now() != 2.5 {
		t.Fatalf("after RunUntil(2.5): fired at %v, Now=%v", at, e.Now())
	}
	e.RunUntil(3) // the event at exactly 3 fires
	if len(at) != 3 || e.Now() != 3 {
		t.Fatalf("after RunUntil(3): fired at %v, Now=%v", at, e.Now())
	}
	e.At(5, func(int) { e.Stop() }, 0)
	e.At(6, h, 0)
	e.RunUntil(10)
	if e.Now() != 5 || len(at) != 4 {
		t.Fatalf("Stop: Now=%v fired at %v, want Now=5 and 4 events", e.Now(), at)
	}
	e.Run()
	if e.Now() != 6 || len(at) != 5 {
		t.Fatalf("Run after Stop: Now=%v fired at %v", e.Now(), at)
	}
}

func TestEngineAtPastPanics(t *testing.T) {
	e := New()
	e.RunUntil(5)
	defer func() {
		if recover() == nil {
			t.Fatal("At in the past did not panic")
		}
	}()
	e.At(4, func(int) {}, 0)
}

func TestEngineBeforeAdvance(t *testing.T) {
	e := New()
	var log []string
	e.At(1, func(int) {
		log = append(log, "a")
		e.BeforeAdvance(func() {
			log = append(log, "hook")
			e.At(e.Now(), func(int) { log = append(log, "from-hook") }, 0)
		})
	}, 0)
	e.At(1, func(int) { log = append(log, "b") }, 0)
	e.At(2, func(int) { log = append(log, "c") }, 0)
	e.Run()
	want := "a b hook from-hook c"
	got := ""
	for i, s := range log {
		if i > 0 {
			got += " "
		}
		got += s
	}
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// The hold model in steady state must allocate nothing per event.
func TestEngineNoAllocPerEvent(t *testing.T) {
	e := New()
	r := Stream(1, 0, "hold")
	var h Handler
	h = func(int) { e.After(Time(r.ExpFloat64()), h, 0) }
	for i := 0; i < 1000; i++ {
		e.After(Time(r.ExpFloat64()), h, i)
	}
	e.RunUntil(100) // warm up: heap, slots and free list reach steady size
	allocs := testing.AllocsPerRun(10, func() { e.RunUntil(e.Now() + 10) })
	if allocs != 0 {
		t.Fatalf("%v allocations per 10 s of hold model, want 0", allocs)
	}
}

// A randomized check of the calendar against a reference model: handlers
// schedule 0-2 new events (often at the current instant or at tied times) and
// cancel random pending ones; the firing order must be (time, scheduling order)
// exactly, and cancelled events must never fire.
func TestEngineRandomAgainstReference(t *testing.T) {
	type ev struct {
		t   Time
		seq int
	}
	for seed := uint64(1); seed <= 20; seed++ {
		e := New()
		rng := Stream(seed, 0, "calendar")
		pending := map[int]ev{} // seq -> event, for the reference
		ids := map[int]EventID{}
		var fired []int
		seq := 0
		var h Handler
		schedule := func(at Time) {
			seq++
			pending[seq] = ev{at, seq}
			ids[seq] = e.At(at, h, seq)
		}
		h = func(s int) {
			if _, ok := pending[s]; !ok {
				t.Fatalf("seed %d: event %d fired but was cancelled or fired before", seed, s)
			}
			// It must be the earliest pending event by (time, seq).
			for _, p := range pending {
				if p.t < e.Now() || (p.t == e.Now() && p.seq < s) {
					t.Fatalf("seed %d: event %d fired at %v before pending %v", seed, s, e.Now(), p)
				}
			}
			delete(pending, s)
			fired = append(fired, s)
			if seq < 3000 {
				for k := 1 + rng.IntN(2); k > 0; k-- {
					schedule(e.Now() + Time(rng.IntN(4))) // ties are common
				}
			}
			if rng.IntN(4) == 0 && len(pending) > 0 {
				// cancel the pending event with the smallest seq above a random value
				c := -1
				for q := range pending {
					if c < 0 || q < c {
						c = q
					}
				}
				if !e.Cancel(ids[c]) {
					t.Fatalf("seed %d: Cancel of pending %d returned false", seed, c)
				}
				delete(pending, c)
			}
		}
		for i := 0; i < 20; i++ {
			schedule(Time(rng.IntN(5)))
		}
		e.Run()
		if len(pending) != 0 || e.Pending() != 0 {
			t.Fatalf("seed %d: %d events left (engine: %d)", seed, len(pending), e.Pending())
		}
		if len(fired) < 1000 {
			t.Fatalf("seed %d: only %d events fired", seed, len(fired))
		}
		if e.Fired() != uint64(len(fired)) {
			t.Fatalf("seed %d: Fired()=%d, handlers ran %d times", seed, e.Fired(), len(fired))
		}
	}
}
