package model

import (
	"fmt"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

// TestReusedBuffersSameResult: a replication on buffers that another replication
// used and gave back gives the same Result, series included, as on fresh memory.
func TestReusedBuffersSameResult(t *testing.T) {
	sc := scenarios.MustLoad("branch-consolidation")
	run := func(rep int, buf *sim.Buffers) string {
		w, err := newWorldIn(sc, scenarios.ServersFirst, rep, buf)
		if err != nil {
			t.Fatal(err)
		}
		w.run()
		r := w.result()
		w.release()
		cost := r.CostTotal // a pointer: print its value, not its address
		r.CostTotal = nil
		if cost != nil {
			return fmt.Sprintf("%+v cost %v", *r, *cost)
		}
		return fmt.Sprintf("%+v", *r)
	}
	fresh := run(0, nil)
	buf := new(sim.Buffers)
	run(1, buf)
	if buf.Free() == 0 {
		t.Fatal("the replication gave no series back")
	}
	if got := run(0, buf); got != fresh {
		i := 0
		for i < len(got) && i < len(fresh) && got[i] == fresh[i] {
			i++
		}
		t.Errorf("replication 0 on reused buffers differs from replication 0 on fresh memory at byte %d: %.200s\nfresh: %.200s", i, got[max(0, i-100):], fresh[max(0, i-100):])
	}
}
