package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// TestCatalogueShape: entries in MetricID order with unique keys; every part belongs to
// a total of its own family and is keyed "total_by_….cause"; the Result's maps are keyed
// by the parts' causes (Classes, BlockCauses, DegradeCauses come from the catalogue).
func TestCatalogueShape(t *testing.T) {
	defs := Catalogue()
	if len(defs) != int(numMetrics) {
		t.Fatalf("%d entries, %d IDs", len(defs), numMetrics)
	}
	seen := map[string]bool{}
	for i, d := range defs {
		if d.ID != MetricID(i) {
			t.Errorf("entry %d (%s) has ID %d", i, d.Key, d.ID)
		}
		if seen[d.Key] || d.Key == "" || d.Unit == "" || d.Description == "" || d.Label == "" {
			t.Errorf("entry %d: duplicate or incomplete %+v", i, d)
		}
		seen[d.Key] = true
		if d.PartOf == NoTotal {
			continue
		}
		tot := Def(d.PartOf)
		if tot.PartOf != NoTotal || tot.Family != d.Family || !d.Additive || !tot.Additive || d.Unit != tot.Unit {
			t.Errorf("%s is a part of %s, which does not fit it: %+v / %+v", d.Key, tot.Key, d, tot)
		}
		if !strings.HasSuffix(d.Key, "."+d.Cause) || d.Label != strings.ReplaceAll(d.Cause, "_", " ") {
			t.Errorf("%s: cause %q, label %q", d.Key, d.Cause, d.Label)
		}
	}
	for _, c := range []struct {
		total MetricID
		names []string
		want  []string
	}{
		{MetricWANGigabytes, Classes, []string{"initial_sync", "headers", "oab", "move", "catch_up", "steady_online", "steady_cached"}},
		{MetricBlockedUserHours, BlockCauses, []string{"wan_outage", "blip", "server_outage", "mailbox_move"}},
		{MetricDegradedUserHours, DegradeCauses, []string{"latency", "bandwidth", "server", "header_fetch", "disconnected"}},
	} {
		if !slices.Equal(c.names, c.want) {
			t.Errorf("parts of %s: %v, want %v", Key(c.total), c.names, c.want)
		}
	}
	if Def(MetricFullFeatureUserDays).LowerIsBetter || !Def(MetricBlockedUserHours).LowerIsBetter {
		t.Error("directions")
	}
	if Def(MetricWaitingUserHours).Family != FamilyWaiting || len(Parts(MetricWaitingUserHours)) != 0 {
		t.Error("waiting is a family total without parts")
	}
}

// TestRenameMetric: a renamed key is what Scalars, MetricDefs and Lookup give, and a
// Result's value is found under it; restoring the key restores the outputs.
func TestRenameMetric(t *testing.T) {
	sc := exampleScenario()
	r, err := Run(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	old := RenameMetric(MetricWaitingUserHours, "waiting_renamed")
	defs := MetricDefs(sc)
	s := r.Scalars()
	RenameMetric(MetricWaitingUserHours, old)
	if old != "waiting_user_hours" || defs[MetricWaitingUserHours].Key != "waiting_renamed" ||
		s[MetricWaitingUserHours] != (Scalar{"waiting_renamed", r.WaitingUserHours}) {
		t.Errorf("renamed: old %q, def %q, scalar %+v", old, defs[MetricWaitingUserHours].Key, s[MetricWaitingUserHours])
	}
	if _, ok := Lookup("waiting_renamed"); ok || Key(MetricWaitingUserHours) != old {
		t.Error("the rename was not undone")
	}
}

// TestPhasesAreStates: every phase but online is counted under the users_by_state line
// of the same name.
func TestPhasesAreStates(t *testing.T) {
	for p, name := range map[phase]string{phaseWaiting: "waiting", phaseUsable: "usable", phaseSynced: "synced",
		phaseHeaderOnly: "header_only", phaseMoving: "moving"} {
		if States[p] != name {
			t.Errorf("phase %d counts as %s, want %s", p, States[p], name)
		}
	}
	if int(phaseOnline) < len(States) {
		t.Error("phaseOnline is a state index; online users are counted by their group")
	}
}
