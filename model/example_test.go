package model_test

import (
	"fmt"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// Three users of the single-site scenario with fixed 100 MB mailboxes, no outages and no
// steady traffic, so the arithmetic is by hand: the 100 Mbps LAN to the local 5.5
// server is far faster than one client's MAPI initial sync (clients.outlook2003.sync_rate,
// 1 GB/h = 2.2222 Mbps), so a user is usable after 10 % of the mailbox
// (10 MB·8/2.2222 Mbps = 36 s) and synced after the mailbox and the OAB, given as
// 20 MB (120 MB·8/2.2222 Mbps = 432 s).
func Example() {
	sc, err := scenarios.Load("single-site", []string{
		"sites.Office.users=3",
		"mailbox.size=100MB",
		"mailbox.traffic_per_day={online: 0B, cached: 0B, peak_factor: 2}",
		"rollout.clients.users_per_day=3",
		"servers.exchange55.outages=off",
		"servers.exchange2003.outages=off",
		"sites.Office.server_throughput=100Mbps",
		"clients.outlook2003.oab_size=20MB",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := model.Run(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("finished: %v\n", r.Finished)
	fmt.Printf("usable after %.1f s, synced after %.1f s\n", r.TimeToUsableHours.P50*3600, r.TimeToSyncedHours.P50*3600)
	fmt.Printf("blocked user-hours: %.0f\n", r.BlockedUserHours)
	// Output:
	// finished: true
	// usable after 36.0 s, synced after 432.0 s
	// blocked user-hours: 0
}
