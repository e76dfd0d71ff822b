package experiment_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/reports/experiment"
	"github.com/rollout-sim/rollout/scenarios"
)

// Compare both orderings of a built-in scenario from Go code, with an override as
// --set would give it, and read the recommendation.
func ExampleCompare() {
	sc, err := scenarios.Load("single-site", []string{"simulation.replications=4"})
	if err != nil {
		log.Fatal(err)
	}
	c, err := experiment.Compare(context.Background(), sc, experiment.Options{Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	d := c.Differences[reports.KeyDisruption]
	fmt.Printf("%d replications of %s\n", c.Replications, c.Scenario.Name)
	fmt.Printf("disruption, %s − %s: %.0f user-hours\n", c.Orderings[0].Ordering, c.Orderings[1].Ordering, d.Difference)
	fmt.Printf("recommended: %q (tie: %v)\n", c.Recommendation.Ordering, c.Recommendation.Tie)
	// Output:
	// 4 replications of single-site
	// disruption, clients-first − servers-first: 3 user-hours
	// recommended: "servers-first" (tie: false)
}
