package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// oneBuilding is an office of 100 users whose Exchange 5.5 server and new Exchange 2003
// server both stand in the building: the 2003 server is upgraded in place on the LAN.
const oneBuilding = `
name: one-building
start: 2004-03-01
horizon: 60d
datacenter:
  servers:
    - {name: EX03-A, site: Office}
sites:
  - {name: Office, users: 100, lan: 1Gbps, adapter: 1Gbps, wan: {down: 1.544Mbps, up: 1.544Mbps}}
rollout:
  clients: {users_per_day: 100}
simulation: {replications: 5}
`

// compareSource runs every replication of both orderings of a scenario source and
// returns the comparison.
func compareSource(t *testing.T, src string, sets []string) *Comparison {
	t.Helper()
	sc, err := scenarios.Parse("one-building.yaml", []byte(src), sets)
	if err != nil {
		t.Fatal(err)
	}
	return compareScenario(t, sc, "rollout compare")
}

// In one building no path crosses the WAN: both orderings move 0 GB across it, the
// disruption difference (the 2003 server's compression shortens each sync by seconds)
// is a tie under the rule, and the text says that either ordering will do and why. With
// the same 2003 server in a datacenter behind the office's T1, syncs and moves cross the
// WAN and the sentence is not said.
func TestOneBuildingEitherOrdering(t *testing.T) {
	wan := keyOf(model.MetricWANGigabytes)
	c := compareSource(t, oneBuilding, nil)
	for _, o := range c.Orderings {
		if m := o.Metrics[wan].Mean; m != 0 {
			t.Errorf("%s: wan_gigabytes = %v, want 0 (no path crosses the WAN)", o.Ordering, m)
		}
	}
	if d := c.Differences[KeyDisruption]; d.Practical {
		t.Errorf("disruption difference %v (CI %v) counts; want a tie", d.Difference, d.CI95)
	}
	if d := c.Differences[wan]; d.Practical {
		t.Errorf("WAN difference %v counts; want a tie", d.Difference)
	}
	var b bytes.Buffer
	if err := WriteText(&b, c); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Either ordering will do", "no byte crosses the WAN"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}

	c = compareSource(t, strings.Replace(oneBuilding, "{name: EX03-A, site: Office}", "{name: EX03-A}", 1), nil)
	if c.Orderings[0].Metrics[wan].Mean == 0 {
		t.Errorf("2003 server in the datacenter: no WAN bytes")
	}
	b.Reset()
	if err := WriteText(&b, c); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Either ordering will do") {
		t.Errorf("2003 server behind the T1: the text says either ordering will do:\n%s", b.String())
	}
}
