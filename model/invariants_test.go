package model

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
	"github.com/rollout-sim/rollout/sim"
)

var orderings = []scenarios.Ordering{scenarios.ClientsFirst, scenarios.ServersFirst}

// checkInvariants asserts what must hold for any run: users conserved in every bucket,
// bytes conserved between classes, totals and series, no NaN or negative metric.
func checkInvariants(t *testing.T, name string, sc *scenarios.Scenario, r *Result) {
	t.Helper()
	users := 0
	for _, s := range sc.Sites {
		users += s.Users
	}
	for _, s := range r.Scalars() {
		if math.IsNaN(s.Value) || math.IsInf(s.Value, 0) || s.Value < 0 {
			t.Errorf("%s: %s = %v", name, s.Key, s.Value)
		}
	}
	var sum float64
	for _, c := range Classes {
		sum += r.WANGigabytesByClass[c]
	}
	if math.Abs(sum-r.WANGigabytes) > 1e-9*math.Max(1, sum) {
		t.Errorf("%s: classes sum to %v GB, total %v GB", name, sum, r.WANGigabytes)
	}
	var bsum float64
	for _, c := range BlockCauses {
		bsum += r.BlockedUserHoursByCause[c]
	}
	if math.Abs(bsum-r.BlockedUserHours) > 1e-9*math.Max(1, bsum) {
		t.Errorf("%s: blocked causes sum to %v, total %v", name, bsum, r.BlockedUserHours)
	}
	if r.UsersBlocked > users {
		t.Errorf("%s: users_blocked %d > users %d", name, r.UsersBlocked, users)
	}
	if r.PeakLinkUtilization > 1+1e-9 {
		t.Errorf("%s: peak link utilization %v > 1", name, r.PeakLinkUtilization)
	}
	for _, g := range r.Series.Groups {
		for _, l := range g.Lines {
			for b, v := range l.Values {
				if math.IsNaN(v) || v < 0 {
					t.Fatalf("%s: series %s/%s[%d] = %v", name, g.Key, l.Name, b, v)
				}
			}
		}
		switch g.Key {
		case "users_by_state":
			if len(g.Lines) != len(States) {
				t.Fatalf("%s: %d state lines", name, len(g.Lines))
			}
			for b := range g.Lines[0].Values {
				var n float64
				for _, l := range g.Lines {
					n += l.Values[b]
				}
				if math.Abs(n-float64(users)) > 1e-6*float64(users) {
					t.Fatalf("%s: bucket %d holds %v users, want %d", name, b, n, users)
				}
			}
		case "wan_bytes_by_class":
			// the series sum the bytes on every WAN link; wan_gigabytes counts a byte
			// once: a transfer crosses one or two WAN links (site WAN and datacenter
			// link, two site WANs, access and datacenter link), so for the transfer
			// classes once ≤ links ≤ 2 × once. Catch-up is split at the end state
			// (once ≤ links only); steady traffic counts its demand, so no bound.
			for _, l := range g.Lines {
				if l.Name == "steady_online" || l.Name == "steady_cached" {
					continue
				}
				var s float64
				for _, v := range l.Values {
					s += v
				}
				once := r.WANGigabytesByClass[l.Name] * 1e9
				if tol := math.Max(1, 1e-6*s); once > s+tol || (l.Name != "catch_up" && s > 2*once+tol) {
					t.Errorf("%s: series of %s sums to %v bytes over links, counted once %v", name, l.Name, s, once)
				}
			}
		}
	}
	if r.Finished && (r.ProgressFraction != 1 || r.MigrationEndDays > float64(sc.Horizon)/day) {
		t.Errorf("%s: finished with progress %v, end %v days", name, r.ProgressFraction, r.MigrationEndDays)
	}
}

// Every built-in scenario, both orderings, replication 0: invariants, and the same seed
// gives the identical result.
func TestBuiltinInvariants(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		sc, err := scenarios.Load(b.Name, nil)
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		var outages [2][3]int
		for i, o := range orderings {
			r, err := Run(sc, o, 0)
			if err != nil {
				t.Fatalf("%s %s: %v", b.Name, o, err)
			}
			checkInvariants(t, b.Name+" "+string(o), sc, r)
			outages[i] = [3]int{r.WANOutages, r.Blips, r.ServerOutages}
			if b.Name == scenarios.DefaultScenario {
				again, _ := Run(sc, o, 0)
				if !reflect.DeepEqual(r, again) {
					t.Errorf("%s %s: the same seed gave different results", b.Name, o)
				}
			}
		}
		// common random numbers: both orderings see the same outages
		if outages[0] != outages[1] {
			t.Errorf("%s: outage counts differ between orderings: %v vs %v", b.Name, outages[0], outages[1])
		}
	}
}

// A different replication is a different random world.
func TestReplicationsDiffer(t *testing.T) {
	sc := exampleScenario()
	a, _ := Run(sc, scenarios.ClientsFirst, 0)
	b, _ := Run(sc, scenarios.ClientsFirst, 1)
	if a.Blips == b.Blips && a.WANGigabytes == b.WANGigabytes {
		t.Error("replications 0 and 1 look identical")
	}
	checkInvariants(t, "example rep 1", sc, b)
}

func TestRunRejectsBadInput(t *testing.T) {
	if _, err := Run(nil, scenarios.ClientsFirst, 0); err == nil {
		t.Error("nil scenario accepted")
	}
	sc := tinyScenario(tinySite("A", 3, mbps, true, mB))
	if _, err := Run(sc, "both-at-once", 0); err == nil {
		t.Error("unknown ordering accepted")
	}
	sc.Sites[0].LocalServer = false
	sc.Sites[0].ServedBy = "nowhere"
	if _, err := Run(sc, scenarios.ClientsFirst, 0); err == nil {
		t.Error("a site served by a missing server accepted")
	}
}

func TestScalarsMatchMetricDefs(t *testing.T) {
	sc := exampleScenario()
	r, err := Run(sc, scenarios.ServersFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	defs := MetricDefs(sc)
	sc2 := *sc
	sc2.Costs = nil
	if len(MetricDefs(&sc2)) != len(defs)-1 {
		t.Error("cost_total is not dropped without costs")
	}
	s := r.Scalars()
	if len(s) != len(defs) {
		t.Fatalf("%d scalars, %d defs", len(s), len(defs))
	}
	seen := map[string]bool{}
	for i := range s {
		if s[i].Key != defs[i].Key {
			t.Errorf("scalar %d is %s, def %s", i, s[i].Key, defs[i].Key)
		}
		if seen[s[i].Key] {
			t.Errorf("duplicate key %s", s[i].Key)
		}
		seen[s[i].Key] = true
	}
	get := func(k string) float64 {
		for _, x := range s {
			if x.Key == k {
				return x.Value
			}
		}
		t.Fatalf("no scalar %s", k)
		return 0
	}
	if get("blocked_user_hours_by_cause.wan_outage") != r.BlockedUserHoursByCause["wan_outage"] ||
		get("cost_total") != *r.CostTotal || get("finished") != b2f(r.Finished) {
		t.Error("scalars do not read the result")
	}
	// cost: disruption × 35 + 1795 users × 20 + 1 phase × 15,000 (separate Office:
	// servers-first deploys Outlook with the rest of Office, once)
	near(t, "cost_total", *r.CostTotal, (r.BlockedUserHours+r.WaitingUserHours+r.DegradedUserHours)*35+1795*20+1*15000, 1e-6)
}

// Replications run in parallel (as reports does through sim.Replicate) give exactly the
// results of a serial run: Run shares nothing mutable between calls.
func TestParallelReplicationsMatchSerial(t *testing.T) {
	sc := exampleScenario()
	sc.Horizon = 60 * day
	const n = 4
	serial := make([]*Result, n)
	for rep := range serial {
		r, err := Run(sc, scenarios.ServersFirst, rep)
		if err != nil {
			t.Fatal(err)
		}
		serial[rep] = r
	}
	got := make([]*Result, n)
	err := sim.Replicate(context.Background(), n, 2, func(rep int) *Result {
		r, _ := Run(sc, scenarios.ServersFirst, rep)
		return r
	}, func(rep int, r *Result) { got[rep] = r })
	if err != nil {
		t.Fatal(err)
	}
	for rep := range serial {
		if !reflect.DeepEqual(serial[rep], got[rep]) {
			t.Errorf("replication %d differs between serial and parallel runs", rep)
		}
	}
}
