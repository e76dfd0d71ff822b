package sim

import (
	"fmt"
	"testing"
)

// A slice given back is handed out again zeroed; a slice of another length
// replaces those kept.
func TestBuffersReuseZeroed(t *testing.T) {
	var b Buffers
	s := b.floats(4)
	s[0], s[3] = 1, 2
	b.put(s)
	if b.Free() != 1 {
		t.Fatalf("%d free, want 1", b.Free())
	}
	r := b.floats(4)
	if &r[0] != &s[0] || r[0] != 0 || r[3] != 0 || b.Free() != 0 {
		t.Fatalf("got %v (same array %v), %d free; want the kept slice, zeroed", r, &r[0] == &s[0], b.Free())
	}
	b.put(r)
	b.put(make([]float64, 5))
	if b.Free() != 1 || len(b.floats(5)) != 5 || b.Free() != 0 {
		t.Fatal("a slice of another length did not replace the kept ones")
	}
	var none *Buffers // nil: allocates, keeps nothing
	none.put(none.floats(3))
	if none.Free() != 0 {
		t.Fatal("nil Buffers kept a slice")
	}
}

// A network run on buffers that a previous run dirtied records the same series as
// one on fresh memory; Release hands its series back.
func TestNetworkBuffersSameSeries(t *testing.T) {
	run := func(b *Buffers, bytes float64) (string, *Network) {
		e := New()
		nw := NewNetwork(e)
		nw.SetBuffers(b)
		a, r := nw.AddResource("a", 8), nw.AddResource("b", 8)
		c := nw.AddClass("x")
		nw.Record(1, 3)
		nw.RecordResources(r)
		nw.Start(Flow{SizeBytes: bytes, Path: nw.AddPath(a, r), Class: c}) // 1 B/s
		e.Run()
		nw.Flush()
		return fmt.Sprint(nw.BytesSeriesView(r, c), nw.FlowSecondsSeries(r), nw.BytesSeriesView(a, c)), nw
	}
	fresh, _ := run(nil, 2)
	var b Buffers
	_, nw := run(&b, 3) // other values in the series
	nw.Release()
	if b.Free() != 2 { // b's bytes of class x and its flow-seconds
		t.Fatalf("%d series given back, want 2", b.Free())
	}
	if got, _ := run(&b, 2); got != fresh {
		t.Errorf("on reused buffers %s, fresh %s", got, fresh)
	}
	if fresh != "[1 1 0] [1 1 0] []" {
		t.Errorf("series %s, want [1 1 0] [1 1 0] []", fresh)
	}
}
