package experiment

import (
	"context"
	"math"
	"testing"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// compareWith runs the comparison of a built-in with overrides as --set gives them.
func compareWith(t *testing.T, name string, sets ...string) *reports.Comparison {
	t.Helper()
	sc, err := scenarios.Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), sc, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAnswerIgnoresHorizonAndGap: what a reviewer tries first. The horizon only
// adds time in the end state, where both orderings cost the same by construction,
// so the recommendation and the paired disruption difference must not move (within
// 2 %); a longer pause between the phases only keeps clients-first's cached users
// on the 5.5 servers longer, so its disruption must stay within 10 %.
func TestAnswerIgnoresHorizonAndGap(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four comparisons of branch-consolidation")
	}
	const reps = "simulation.replications=4"
	short := compareWith(t, "branch-consolidation", reps, "horizon=120d")
	long := compareWith(t, "branch-consolidation", reps, "horizon=365d")
	ds, dl := short.Differences[reports.KeyDisruption].Difference, long.Differences[reports.KeyDisruption].Difference
	t.Logf("disruption difference: horizon 120 d %.1f, 365 d %.1f user-hours; recommended %q and %q",
		ds, dl, short.Recommendation.Ordering, long.Recommendation.Ordering)
	if short.Recommendation.Ordering != long.Recommendation.Ordering || short.Recommendation.Tie != long.Recommendation.Tie {
		t.Errorf("the horizon changes the recommendation: %q (tie %v) at 120 d, %q (tie %v) at 365 d",
			short.Recommendation.Ordering, short.Recommendation.Tie, long.Recommendation.Ordering, long.Recommendation.Tie)
	}
	if math.Abs(ds-dl) > 0.02*math.Max(math.Abs(ds), math.Abs(dl)) {
		t.Errorf("the horizon moves the disruption difference by more than 2 %%: %.1f against %.1f", ds, dl)
	}

	cf := func(c *reports.Comparison) float64 {
		for _, o := range c.Orderings {
			if o.Ordering == reports.Ordering(scenarios.ClientsFirst) {
				return o.Metrics[reports.KeyDisruption].Mean
			}
		}
		t.Fatal("no clients-first in the comparison")
		return 0
	}
	g0 := cf(compareWith(t, "branch-consolidation", reps, "rollout.gap=0d"))
	g60 := cf(compareWith(t, "branch-consolidation", reps, "rollout.gap=60d"))
	t.Logf("clients-first disruption: gap 0 d %.1f, 60 d %.1f user-hours (%+.1f %%)", g0, g60, 100*(g60-g0)/g0)
	if math.Abs(g60-g0) > 0.10*math.Max(g0, g60) {
		t.Errorf("a 60-day gap moves clients-first's disruption by more than 10 %%: %.1f against %.1f", g0, g60)
	}
}
