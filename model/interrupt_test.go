package model

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

func TestRunContextCancelledBeforeStart(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := RunContext(ctx, sc, scenarios.ClientsFirst, 0)
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Fatalf("RunContext(cancelled) = %v, %v; want nil, context.Canceled", r, err)
	}
}

// A replication whose engine is interrupted stops in its event loop: far fewer events
// fire than in the whole run, and the partial world is not summarized.
func TestInterruptedReplicationStopsEarly(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	whole, err := newWorld(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	whole.run()
	w, err := newWorld(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	var flag atomic.Bool
	flag.Store(true)
	w.eng.SetInterrupt(&flag)
	w.run()
	if !w.eng.Interrupted() {
		t.Fatal("the engine was not interrupted")
	}
	// the flag is seen at the 1024th event
	if got, all := w.eng.Fired(), whole.eng.Fired(); got > 1024 || all <= 1024 {
		t.Errorf("interrupted run fired %d events (whole run %d); want at most 1024 of more", got, all)
	}
}
