package reports_test

import (
	"fmt"

	"github.com/rollout-sim/rollout/reports"
)

// Blocked user-hours of four replications of each ordering; replication r of both
// orderings saw the same outages, so the orderings are compared pair by pair.
// Differences −60, −55, −47, −60: mean −55.5, SD 6.137, half-width
// t(0.975, 3) · 6.137 / √4 = 3.182446 · 3.069 = 9.77. One ordering's mean gets a
// percentile bootstrap interval, which lies within the values seen (120 to 140).
func ExamplePaired() {
	clientsFirst := []float64{120, 135, 128, 140}
	serversFirst := []float64{180, 190, 175, 200}
	d := reports.Paired(clientsFirst, serversFirst, "clients-first", "servers-first", true)
	fmt.Printf("difference %.2f user-hours, 95 %% CI [%.2f, %.2f], significant %v, better %s\n",
		d.Difference, d.CI95[0], d.CI95[1], d.Significant, d.Better)

	st := reports.Summarize(clientsFirst)
	fmt.Printf("clients-first: mean %.2f, SD %.2f, 95 %% CI [%.2f, %.2f], p50 %.0f\n",
		st.Mean, st.SD, st.CI95[0], st.CI95[1], st.P50)
	// Output:
	// difference -55.50 user-hours, 95 % CI [-65.27, -45.73], significant true, better clients-first
	// clients-first: mean 130.75, SD 8.69, 95 % CI [123.75, 137.50], p50 128
}
