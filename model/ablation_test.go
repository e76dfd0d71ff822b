package model

import (
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// disruptionParts runs one replication of ord and returns its blocked-by-outage,
// waiting and disconnected user-hours.
func disruptionParts(t *testing.T, sc *scenarios.Scenario, ord scenarios.Ordering) (blocked, waiting, disconnected float64) {
	t.Helper()
	r, err := Run(sc, ord, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r.Value(MetricBlockedWANOutage) + r.Value(MetricBlockedBlip) + r.Value(MetricBlockedServerOutage),
		r.Value(MetricWaitingUserHours), r.Value(MetricDegradedDisconnected)
}

// Switching ride-through off blocks cached users in outages: clients-first, whose
// users are cached through the branch outages, is blocked for more user-hours and is
// cut off (degraded) for none; with no outages at all the switch changes nothing.
func TestRideThroughOff(t *testing.T) {
	sc := exampleScenario()
	b0, _, d0 := disruptionParts(t, sc, scenarios.ClientsFirst)
	sc.Off.RideThroughOff = true
	b1, _, d1 := disruptionParts(t, sc, scenarios.ClientsFirst)
	if !(b1 > b0) || !(d1 < d0) {
		t.Errorf("ride-through off: blocked %.1f → %.1f, disconnected %.1f → %.1f; want more blocked and less disconnected", b0, b1, d0, d1)
	}

	quiet := exampleScenario()
	quiet.Servers.Exchange55.Outages, quiet.Servers.Exchange2003.Outages = off, off
	for i := range quiet.Sites {
		quiet.Sites[i].Outages = scenarios.SiteOutages{WAN: off, Blips: off}
	}
	r0, err := Run(quiet, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	quiet.Off.RideThroughOff = true
	r1, err := Run(quiet, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	s1 := r1.Scalars()
	for i, s := range r0.Scalars() {
		if s1[i] != s {
			t.Errorf("no outages: %s changed from %v to %v with ride-through off", s.Key, s.Value, s1[i].Value)
		}
	}
}

// Switching near-server sync off sends clients-first's initial syncs at the branches
// across the WAN: they wait longer; servers-first, whose syncs already run against
// the 2003 servers, does not change.
func TestNearServerSyncOff(t *testing.T) {
	sc := exampleScenario()
	_, w0, _ := disruptionParts(t, sc, scenarios.ClientsFirst)
	_, s0, _ := disruptionParts(t, sc, scenarios.ServersFirst)
	sc.Off.NearServerSyncOff = true
	_, w1, _ := disruptionParts(t, sc, scenarios.ClientsFirst)
	_, s1, _ := disruptionParts(t, sc, scenarios.ServersFirst)
	if !(w1 > w0) {
		t.Errorf("clients-first waiting %.1f → %.1f user-hours; want more with near-server sync off", w0, w1)
	}
	if s1 != s0 {
		t.Errorf("servers-first waiting %.1f → %.1f; its syncs never ran against a 5.5 server", s0, s1)
	}
}
