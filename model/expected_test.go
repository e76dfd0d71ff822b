package model

import (
	"testing"

	"rollout/scenarios"
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

func disruption(sc *scenarios.Scenario, m map[string]float64) float64 {
	return m["blocked_user_hours"] + m["waiting_user_hours"] + sc.Decision.DegradedWeight*m["degraded_user_hours"]
}

// The behaviour issue 5 expects, as far as the model produces it (doc.go explains the
// rest): branch-consolidation — clients-first blocks fewer user-hours, moves fewer
// initial-sync bytes over the WAN and disrupts less in total (blocked + waiting + 0.25 ×
// degraded); troubled-servers — servers-first takes users off the troubled 5.5 servers
// sooner, so the servers' own share of the disruption (server slowness, load and
// outages) is far smaller, and so is its total disruption (its offices reach the
// datacenter over 10 Mbps metro Ethernet; behind T1 links the slow_link cost of
// servers-first outweighs the servers' share: see doc.go). Three replications keep the
// test fast; the margins are wide (10 replications: ~16,700 user-hours).
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
	if dc, ds := disruption(bc, cf), disruption(bc, sf); !(dc < ds-10000) {
		t.Errorf("branch-consolidation disruption: clients-first %v, servers-first %v", dc, ds)
	}
	ts, err := scenarios.Load("troubled-servers", nil)
	if err != nil {
		t.Fatal(err)
	}
	cf = meanScalars(t, ts, scenarios.ClientsFirst, n)
	sf = meanScalars(t, ts, scenarios.ServersFirst, n)
	server := func(m map[string]float64) float64 {
		return m["blocked_user_hours_by_cause.server_outage"] + ts.Decision.DegradedWeight*(m["degraded_user_hours_by_cause.server_slow"]+
			m["degraded_user_hours_by_cause.server_load"]+m["degraded_user_hours_by_cause.server_outage"])
	}
	if sc, ss := server(cf), server(sf); !(ss < sc/2) {
		t.Errorf("troubled-servers server-caused disruption: clients-first %v, servers-first %v", sc, ss)
	}
	if dc, ds := disruption(ts, cf), disruption(ts, sf); !(ds < dc-10000) {
		t.Errorf("troubled-servers disruption: clients-first %v, servers-first %v (servers-first should disrupt less)", dc, ds)
	}
}
