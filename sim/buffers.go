package sim

// Buffers keeps the per-bucket series of finished runs (a Network's byte and
// flow-seconds series, a Levels' integrals) for reuse by the next run on the same
// goroutine, so that a replication after the first allocates almost none of them.
// It holds slices of one length only, that of the last slice returned: runs of
// one scenario share it. The zero value is ready; a nil *Buffers allocates every
// slice anew. Not safe for concurrent use: one per worker.
type Buffers struct {
	n    int         // length of the slices in free
	free [][]float64 // zero or more slices of length n, contents undefined
}

// floats returns a zeroed slice of length n, reused when one is free.
func (b *Buffers) floats(n int) []float64 {
	if b != nil && n == b.n && len(b.free) > 0 {
		s := b.free[len(b.free)-1]
		b.free[len(b.free)-1] = nil
		b.free = b.free[:len(b.free)-1]
		clear(s)
		return s
	}
	return make([]float64, n)
}

// put keeps s for reuse; a slice of another length than those kept replaces them.
func (b *Buffers) put(s []float64) {
	if b == nil || len(s) == 0 {
		return
	}
	if len(s) != b.n {
		clear(b.free)
		b.free, b.n = b.free[:0], len(s)
	}
	b.free = append(b.free, s)
}

// Free is the number of slices kept for reuse.
func (b *Buffers) Free() int {
	if b == nil {
		return 0
	}
	return len(b.free)
}
