package scenarios_test

import (
	"fmt"

	"github.com/rollout-sim/rollout/scenarios"
)

// Load a built-in scenario with an override, and read resolved values.
func ExampleLoad() {
	sc, err := scenarios.Load("branch-consolidation", []string{"sites.Leeds.wan.down=512kbps"})
	if err != nil {
		fmt.Println(err)
		return
	}
	leeds := sc.Sites[1]
	fmt.Println(leeds.Name, leeds.WAN.Down, leeds.WAN.Up, leeds.LAN)
	fmt.Println("Truro is served by", sc.Sites[4].ServedBy)
	fmt.Println("move rate:", sc.Rollout.Moves.RatePerMove, "=", float64(sc.Rollout.Moves.RatePerMove), "bit/s")

	_, err = scenarios.Load("branch-consolidation", []string{"sites.Leeds.wan.down=512", "rollout.clients.users_per_dya=300"})
	fmt.Println(err)
	// Output:
	// Leeds 512kbps 1.544Mbps 100Mbps
	// Truro is served by HQ
	// move rate: 2GB/h = 4.444444444444444e+06 bit/s
	// --set:1:22: sites.Leeds.wan.down: rate needs a unit, e.g. 1.544Mbps
	// --set:2:1: rollout.clients.users_per_dya: unknown path rollout.clients.users_per_dya (did you mean rollout.clients.users_per_day?)
}

// Units parse from the text a scenario holds and print back the same way.
func ExampleParseBitRate() {
	for _, s := range []string{"1.544Mbps", "2GB/h", "1544000"} {
		r, err := scenarios.ParseBitRate(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s = %.0f bit/s, written %s\n", s, float64(r), r)
	}
	// Output:
	// 1.544Mbps = 1544000 bit/s, written 1.544Mbps
	// 2GB/h = 4444444 bit/s, written 2GB/h
	// rate needs a unit, e.g. 1.544Mbps
}
