package experiment

import (
	"context"
	"errors"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// TestSweepPoints: one comparison per point, in order, without time series; a
// failed point is named by the parameter and value.
func TestSweepPoints(t *testing.T) {
	spec := SweepSpec{Param: "rollout.clients.users_per_day"}
	for _, v := range []string{"100", "400"} {
		sc, err := scenarios.Load("single-site", []string{"simulation.replications=2", "rollout.clients.users_per_day=" + v})
		if err != nil {
			t.Fatal(err)
		}
		spec.Points = append(spec.Points, Point{Value: v, Numeric: float64(len(spec.Points)), Scenario: sc})
	}
	sw, err := Sweep(context.Background(), spec, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Points) != 2 || sw.Values[1] != "400" || sw.Numeric[1] != 1 || sw.Scenario != "single-site" || sw.Param != spec.Param {
		t.Fatalf("sweep %+v", sw)
	}
	for i, p := range sw.Points {
		if p.Replications != 2 || len(p.Orderings) != 2 || len(p.Orderings[0].Series.Groups) != 0 {
			t.Errorf("point %d: %d replications, %d orderings, %d series groups kept", i, p.Replications, len(p.Orderings), len(p.Orderings[0].Series.Groups))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Sweep(ctx, spec, Options{})
	var pe *PointError
	if !errors.As(err, &pe) || pe.Value != "100" || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sweep: %v, want the first point's error wrapping context.Canceled", err)
	}
}
