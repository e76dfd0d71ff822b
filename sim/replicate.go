package sim

import (
	"context"
	"runtime"
	"sync/atomic"
)

// Replicate runs run(rep) for rep = 0..n-1 on `workers` goroutines (<= 0:
// GOMAXPROCS) and calls deliver(rep, v) in rep order from the calling
// goroutine, holding only results not yet deliverable. Each run must be
// independent of the others (its own Engine and Streams), so the delivered
// results are the same for every number of workers. At most 2 × workers runs
// are started and not yet delivered at any time (a slow run holds the others
// back instead of letting finished results pile up), so memory is bounded by the
// number of workers. It stops promptly when ctx is cancelled and returns
// ctx.Err(); runs already started finish in the background and their results
// are dropped.
func Replicate[T any](ctx context.Context, n, workers int, run func(rep int) T, deliver func(rep int, v T)) error {
	if n <= 0 {
		return ctx.Err()
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > n {
		workers = n
	}
	type result struct {
		rep int
		v   T
	}
	out := make(chan result, workers)
	stop := make(chan struct{})
	// window holds a token for every run started and not yet delivered
	window := make(chan struct{}, 2*workers)
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		go func() {
			for {
				select {
				case window <- struct{}{}:
				case <-stop:
					return
				}
				rep := int(next.Add(1) - 1)
				if rep >= n {
					return
				}
				select {
				case <-stop:
					return
				default:
				}
				v := run(rep)
				select {
				case out <- result{rep, v}:
				case <-stop:
					return
				}
			}
		}()
	}
	defer close(stop)
	held := map[int]T{}
	want := 0
	for want < n {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case r := <-out:
			if r.rep != want {
				held[r.rep] = r.v
				continue
			}
			deliver(r.rep, r.v)
			<-window
			want++
			for {
				v, ok := held[want]
				if !ok {
					break
				}
				delete(held, want)
				deliver(want, v)
				<-window
				want++
			}
		}
	}
	return nil
}
