package experiment

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// mixedPlan is the scenario of testdata/mixed-plan.yaml: two sites whose best plan
// is mixed by construction (servers-first at Bath only; the file says why). The
// plan command's test uses the same file.
func mixedPlan(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load("testdata/mixed-plan.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestPlanFindsTheMixedPlanKnownByConstruction(t *testing.T) {
	sc := mixedPlan(t)
	opt := PlanOptions{Workers: 1, FirstReplications: 1, Replications: 3}
	ps, err := Plan(context.Background(), sc, PlanConstraints{FinishBy: 120 * 86400, MaxHoursOver: -1, MaxUtilization: 0.9}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := ps.Best.ServersFirstSites; !slices.Equal(got, []string{"Bath"}) {
		t.Fatalf("best plan %q (servers-first at %v), want servers-first at Bath only; all: %+v", ps.Best.Name, got, ps.All)
	}
	// the mixed plan beats both textbook orderings, paired
	for _, d := range []struct {
		name string
		v    float64
		ci   [2]float64
	}{{"clients-first", ps.VsClientsFirst.Difference, ps.VsClientsFirst.CI95}, {"servers-first", ps.VsServersFirst.Difference, ps.VsServersFirst.CI95}} {
		if !(d.v < 0) || !(d.ci[1] <= 0) {
			t.Errorf("best − %s = %v user-hours, CI %v: want below zero", d.name, d.v, d.ci)
		}
	}
	// 4 ordering assignments × 5 lever variants = 20 candidates; successive halving
	// runs fewer than all 20 at the final 3 replications: at least every candidate
	// once, the textbook pair 3 times, and the best and the pair on 3 fresh ones
	// (20 + 6 + 9 = 35), fewer than all at 3 (60 + 6 + 9 = 75)
	if ps.Candidates != 20 {
		t.Errorf("%d candidates, want 20", ps.Candidates)
	}
	if ps.Replications >= 75 || ps.Replications < 35 {
		t.Errorf("%d replications, want from 35 to 74", ps.Replications)
	}
	if ps.VsClientsFirst.N != 3 || ps.Best.Replications != 6 {
		t.Errorf("differences over %d replications, the best ran %d: want 3 fresh ones after its 3", ps.VsClientsFirst.N, ps.Best.Replications)
	}
	if len(ps.RunnersUp) != 2 || ps.RunnersUp[0].DisruptionUserHours < ps.Best.DisruptionUserHours {
		t.Errorf("runners-up %+v: want two, none better than the best", ps.RunnersUp)
	}
	// the plan is a scenario file the parser accepts, naming the same plan
	src := ps.Best.Scenario().ResolvedYAML()
	if !strings.Contains(src, `servers_first_sites: ["Bath"]  # chosen by rollout plan`) {
		t.Error("the plan file does not mark servers_first_sites as chosen by the search")
	}
	back, err := scenarios.Parse("plan.yaml", []byte(src), nil)
	if err != nil {
		t.Fatalf("the plan file does not validate: %v", err)
	}
	if !slices.Equal(back.Rollout.ServersFirstSites, []string{"Bath"}) || back.Rollout.Clients.UsersPerDay != ps.Best.UsersPerDay {
		t.Errorf("plan file reads back as servers-first at %v, %d users per day", back.Rollout.ServersFirstSites, back.Rollout.Clients.UsersPerDay)
	}
	// the same search on two workers gives the same result
	opt.Workers = 2
	ps2, err := Plan(context.Background(), sc, PlanConstraints{FinishBy: 120 * 86400, MaxHoursOver: -1, MaxUtilization: 0.9}, opt)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(ps)
	b, _ := json.Marshal(ps2)
	if string(a) != string(b) {
		t.Error("the search differs between 1 and 2 workers")
	}
}

// The caps bound the space's levers, and a finish date no plan meets is an error
// that names a reason.
func TestPlanConstraintsBind(t *testing.T) {
	sc := mixedPlan(t)
	for _, c := range PlanSpace(sc, PlanConstraints{MaxInstallsPerDay: 7, MaxMoves: 5}) {
		if c.UsersPerDay > 7 || slices.Max(c.ConcurrentMoves) > 5 {
			t.Errorf("%s: %d users per day, moves %v: over the caps 7 and 5", c.Name, c.UsersPerDay, c.ConcurrentMoves)
		}
	}
	// the clients-first sites install 20 users on day 0 and move 14 d later: no plan
	// ends within 2 days
	_, err := Plan(context.Background(), sc, PlanConstraints{FinishBy: 2 * 86400, MaxHoursOver: -1},
		PlanOptions{Workers: 1, FirstReplications: 1, Replications: 1})
	if err == nil || !strings.Contains(err.Error(), "finish-by day 2.0") {
		t.Errorf("error %v, want no plan and the finish-by reason", err)
	}
}
