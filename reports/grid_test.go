package reports

import (
	"strings"
	"testing"
)

// gridTestSweep is a 2 × 3 grid whose recommendation is clients-first except at the
// second row's last two columns (servers-first).
func gridTestSweep() *Sweep {
	base := htmlTestComparison(htmlTestOptions{name: "g", days: 5, seed: 4})
	g := &Grid{Params: [2]string{"sites.*.wan.{down,up}", "rollout.clients.users_per_day"},
		Values:  [2][]string{{"256kbps", "20Mbps"}, {"50", "150", "400"}},
		Numeric: [2][]float64{{256e3, 20e6}, {50, 150, 400}},
		Units:   [2]string{"Mbps", ""}, Scales: [2]float64{1e6, 0}}
	sw := &Sweep{Param: "a × b", Grid: g}
	for i := 0; i < 2; i++ {
		for j := 0; j < 3; j++ {
			c := *base
			c.Differences = map[string]Difference{KeyDisruption: {N: 30, Difference: -100}}
			c.Recommendation = &Recommendation{Ordering: ClientsFirst, DecidingMetric: KeyDisruption}
			if i == 1 && j > 0 {
				c.Differences = map[string]Difference{KeyDisruption: {N: 30, Difference: 50}}
				c.Recommendation = &Recommendation{Ordering: ServersFirst, DecidingMetric: KeyDisruption}
			}
			sw.Points = append(sw.Points, c)
			sw.Values = append(sw.Values, g.Values[0][i]+", "+g.Values[1][j])
		}
	}
	return sw
}

// The grid's flips are the neighbours whose recommendation differs: at 20 Mbps
// between 50 and 150 users a day, and at 150 and at 400 users a day between 256 kbps
// and 20 Mbps; the heat map draws one contour edge for each, and its axes read in
// Mbps.
func TestGridFlipsAndHeatMap(t *testing.T) {
	sw := gridTestSweep()
	flips := GridFlips(sw)
	if len(flips) != 3 {
		t.Fatalf("flips %q, want 3", flips)
	}
	if want := "at sites.*.wan.{down,up} = 20Mbps: clients-first → servers-first between rollout.clients.users_per_day = 50 and 150"; flips[len(flips)-1] != want {
		t.Errorf("last flip %q, want %q", flips[len(flips)-1], want)
	}
	svg := string(gridHeatMap(sw))
	if n := strings.Count(svg, `class="contour"`); n != 3 {
		t.Errorf("%d contour edges, want 3", n)
	}
	if !strings.Contains(svg, "sites.*.wan.{down,up} (Mbps)") || !strings.Contains(svg, ">0.256<") {
		t.Error("the heat map's axis does not read in Mbps")
	}
	var b strings.Builder
	if err := WriteSweepText(&b, sw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "servers-first 50") || !strings.Contains(b.String(), "The recommendation flips") {
		t.Errorf("grid text:\n%s", b.String())
	}
	out := htmlRender(t, nil, sw)
	if !strings.Contains(out, `<svg class="heatmap"`) || strings.Contains(out, `id="fig-sweep"`) {
		t.Error("the report of a grid shows the heat map and no line chart")
	}
}
