package reports

import (
	"strings"
	"testing"
)

// The sweep chart's x axis reads in the parameter's unit: a rate sweep from
// 256 kbps to 20 Mbps is drawn from 0.256 to 20 on an axis named "… (Mbps)".
func TestSweepAxisInUnit(t *testing.T) {
	c := htmlTestComparison(htmlTestOptions{name: "s", days: 5, seed: 1})
	sw := &Sweep{Param: "sites.*.wan.{down,up}", Log: true, Values: []string{"256kbps", "20Mbps"}, Numeric: []float64{256e3, 20e6},
		AxisUnit: "Mbps", AxisScale: 1e6, Points: []Comparison{*c, *c}}
	f := sweepFigure(sw)
	opt := htmlRender(t, nil, sw)
	if !strings.Contains(opt, `sites.*.wan.{down,up} (Mbps)`) {
		t.Error("the x axis is not named with its unit")
	}
	series := f.Chart.Option["series"]
	b, _ := htmlJSON(series)
	if !strings.Contains(b, "[0.256,") || strings.Contains(b, "256000") {
		t.Errorf("the swept values are not in Mbps: %.200s", b)
	}
}
