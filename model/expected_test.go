package model

import (
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// meanScalars runs n replications of one ordering and returns the mean of each scalar.
func meanScalars(t *testing.T, sc *scenarios.Scenario, o scenarios.Ordering, n int) map[string]float64 {
	t.Helper()
	m := map[string]float64{}
	for rep := 0; rep < n; rep++ {
		r, err := Run(sc, o, rep)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range r.Scalars() {
			m[s.Key] += s.Value / float64(n)
		}
	}
	return m
}

func disruption(m map[string]float64) float64 {
	return m["blocked_user_hours"] + m["waiting_user_hours"] + m["degraded_user_hours"]
}

// The behaviour the article argues for, as the model produces it (doc.go gives the
// figures): branch-consolidation — clients-first blocks far fewer user-hours (cached
// clients ride through the WAN outages and blips that hang servers-first's online
// clients on the WAN), moves fewer initial-sync bytes over the WAN and disrupts less
// in total; troubled-servers — the 5.5 servers' RPC latency under load and their
// outages cost clients-first's users far more, so servers-first disrupts less (the
// article's exception). Three replications keep the test fast; the margins are wide.
func TestExpectedBehaviour(t *testing.T) {
	const n = 3
	bc, err := scenarios.Load("branch-consolidation", nil)
	if err != nil {
		t.Fatal(err)
	}
	cf := meanScalars(t, bc, scenarios.ClientsFirst, n)
	sf := meanScalars(t, bc, scenarios.ServersFirst, n)
	if !(cf["blocked_user_hours"] < sf["blocked_user_hours"]/5) {
		t.Errorf("branch-consolidation blocked user-hours: clients-first %v, servers-first %v", cf["blocked_user_hours"], sf["blocked_user_hours"])
	}
	if !(cf["wan_gigabytes_by_class.initial_sync"] < sf["wan_gigabytes_by_class.initial_sync"]/2) {
		t.Errorf("branch-consolidation initial-sync WAN GB: clients-first %v, servers-first %v",
			cf["wan_gigabytes_by_class.initial_sync"], sf["wan_gigabytes_by_class.initial_sync"])
	}
	if !(cf["wan_gigabytes"] < sf["wan_gigabytes"]) {
		t.Errorf("branch-consolidation WAN GB: clients-first %v, servers-first %v", cf["wan_gigabytes"], sf["wan_gigabytes"])
	}
	if dc, ds := disruption(cf), disruption(sf); !(dc < ds/2) {
		t.Errorf("branch-consolidation disruption: clients-first %v, servers-first %v", dc, ds)
	}
	ts, err := scenarios.Load("troubled-servers", nil)
	if err != nil {
		t.Fatal(err)
	}
	cf = meanScalars(t, ts, scenarios.ClientsFirst, n)
	sf = meanScalars(t, ts, scenarios.ServersFirst, n)
	server := func(m map[string]float64) float64 {
		return m["blocked_user_hours_by_cause.server_outage"] + m["degraded_user_hours_by_cause.server"]
	}
	if sc, ss := server(cf), server(sf); !(ss < sc/2) {
		t.Errorf("troubled-servers server-caused disruption: clients-first %v, servers-first %v", sc, ss)
	}
	if dc, ds := disruption(cf), disruption(sf); !(ds < dc/2) {
		t.Errorf("troubled-servers disruption: clients-first %v, servers-first %v (servers-first should disrupt less)", dc, ds)
	}
}
