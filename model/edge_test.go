package model

import (
	"testing"

	"rollout/scenarios"
)

// Unusual but valid scenarios run without panic and keep the invariants.
func TestEdgeScenarios(t *testing.T) {
	cases := map[string]func(sc *scenarios.Scenario){
		"one-hour horizon":   func(sc *scenarios.Scenario) { sc.Horizon = hour; sc.Simulation.Bucket = 7 * 60 },
		"no cached mode":     func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.CachedMode = false },
		"ost resync":         func(sc *scenarios.Scenario) { sc.Rollout.OSTAfterMove = scenarios.OSTResync },
		"moves resume":       func(sc *scenarios.Scenario) { sc.Rollout.Moves.OnFailure = scenarios.OnFailureResume },
		"sync resumes on 55": func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.ResumeNeeds2003 = false },
		"adapter rule": func(sc *scenarios.Scenario) {
			sc.Clients.Outlook2003.SlowLink = scenarios.SlowLink{Threshold: 128 * kbps, MeasuredOn: scenarios.MeasuredOnAdapter}
		},
		"header-only against 5.5": func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.HeaderOnlyNeeds2003 = false },
		"empty site":              func(sc *scenarios.Scenario) { sc.Sites[2].Users = 0 },
		"whole-day window":        func(sc *scenarios.Scenario) { sc.Rollout.Moves.Window = scenarios.Window{} },
		"no working days":         func(sc *scenarios.Scenario) { sc.Calendar.WorkingDays = [7]bool{} },
		"zero traffic and OAB": func(sc *scenarios.Scenario) {
			for i := range sc.Sites {
				sc.Sites[i].Mailbox.Traffic = scenarios.Traffic{PeakFactor: 1}
			}
			sc.Clients.Outlook2003.OABSize = 0
		},
		"huge waves":       func(sc *scenarios.Scenario) { sc.Rollout.Clients.UsersPerDay = 100000 },
		"usable at once":   func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.UsableFraction = 0 },
		"usable at end":    func(sc *scenarios.Scenario) { sc.Clients.Outlook2003.UsableFraction = 1 },
		"combined office":  func(sc *scenarios.Scenario) { sc.Costs.OfficeDeployment = scenarios.OfficeCombined },
		"slow 2003":        func(sc *scenarios.Scenario) { sc.Servers.Exchange2003.SlowFraction = 0.5 },
		"short horizon 5d": func(sc *scenarios.Scenario) { sc.Horizon = 5 * day },
	}
	for name, f := range cases {
		sc := exampleScenario()
		sc.Horizon = 60 * day
		f(sc)
		for _, o := range orderings {
			r, err := Run(sc, o, 3)
			if err != nil {
				t.Fatalf("%s %s: %v", name, o, err)
			}
			checkInvariants(t, name+" "+string(o), sc, r)
		}
	}
}
