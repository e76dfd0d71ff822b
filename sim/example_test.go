package sim_test

import (
	"fmt"

	"github.com/rollout-sim/rollout/sim"
)

// Two downloads share a 100 Mbit/s (12.5 MB/s) link: the first (100 MB) runs
// alone for 4 s, then shares the link with a 25 MB download, which therefore
// takes 4 s at 6.25 MB/s; the first finishes its last 25 MB alone.
func Example() {
	e := sim.New()
	nw := sim.NewNetwork(e)
	link := nw.AddResource("link", 100e6) // bits/s
	mail := nw.AddClass("mail")
	path := nw.AddPath(link)

	done := func(arg int) { fmt.Printf("t=%4.1f s  download %d done\n", e.Now(), arg) }
	nw.Start(sim.Flow{SizeBytes: 100e6, Path: path, Class: mail, Done: done, Arg: 1})
	e.At(4, func(int) {
		nw.Start(sim.Flow{SizeBytes: 25e6, Path: path, Class: mail, Done: done, Arg: 2})
	}, 0)
	e.Run()
	fmt.Printf("link carried %.0f MB\n", nw.Bytes(link, mail)/1e6)
	// Output:
	// t= 8.0 s  download 2 done
	// t=10.0 s  download 1 done
	// link carried 125 MB
}
