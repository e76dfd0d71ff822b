package reports

import (
	"math"
	"strings"
	"testing"
)

// robustBase is a comparison of three replications whose disruption values are
// clients-first 10, 20, 30 and servers-first 20, 25, 45 user-hours.
func robustBase(decidedOnDisruption bool) *Comparison {
	a, b := []float64{10, 20, 30}, []float64{20, 25, 45}
	c := &Comparison{
		Orderings: []OrderingSummary{
			{Ordering: ClientsFirst, Metrics: map[string]Stat{KeyDisruption: Summarize(a)}, PerReplication: map[string][]float64{KeyDisruption: a}},
			{Ordering: ServersFirst, Metrics: map[string]Stat{KeyDisruption: Summarize(b)}, PerReplication: map[string][]float64{KeyDisruption: b}},
		},
		Differences:           map[string]Difference{KeyDisruption: Paired(a, b, "clients-first", "servers-first", true)},
		MinRelativeDifference: 0.01,
		MinUserHours:          1,
	}
	c.Recommendation = &Recommendation{Ordering: ClientsFirst, DecidingMetric: KeyDisruption}
	if !decidedOnDisruption {
		c.Recommendation.DecidingMetric = "wan_gigabytes"
	}
	return c
}

// The estimate at a point is the comparison's mean difference plus the mean paired
// change over the shared worlds, with a Welch–Satterthwaite interval.
func TestRobustnessEstimate(t *testing.T) {
	c := robustBase(true)
	base, err := basePaired(c, 2)
	if err != nil {
		t.Fatal(err)
	}
	// D_base = 10−20, 20−25, 30−45 = −10, −5, −15: mean −10, SD 5, SE 5/√3 = 2.887.
	if base.mean != -10 || math.Abs(base.se-5/math.Sqrt(3)) > 1e-9 {
		t.Fatalf("base mean %v SE %v, want −10 and 2.887", base.mean, base.se)
	}
	// At the point the first two worlds give clients-first 15, 22 and servers-first
	// 10, 20: D = 5, 2; changes Δ = 5−(−10) = 15 and 2−(−5) = 7, mean 11, so the
	// estimate is −10 + 11 = 1 user-hour, favouring servers-first: a flip.
	p := base.estimate("50ms", []float64{15, 22}, []float64{10, 20})
	if math.Abs(p.Difference-1) > 1e-9 || p.Favours != ServersFirst || !p.Flips {
		t.Fatalf("point %+v, want difference 1 favouring servers-first, a flip", p)
	}
	// Variances 8.333 (base, 2 df) and 32/2 = 16 (changes, 1 df): SE √24.33 = 4.933,
	// df = 24.33² / (8.333²/2 + 16²/1) = 2.04, t ≈ 4.25, half-width ≈ 21.
	half := (p.CI95[1] - p.CI95[0]) / 2
	if !p.HasCI || half < 20 || half > 22 || math.Abs((p.CI95[0]+p.CI95[1])/2-1) > 1e-9 {
		t.Errorf("CI %v, want 1 ± about 21", p.CI95)
	}
	if p.Recommends != "" {
		t.Errorf("the CI includes zero, so disruption would tie there; got %q", p.Recommends)
	}
	// One replication per point: an estimate, no interval.
	base1, _ := basePaired(c, 1)
	if q := base1.estimate("50ms", []float64{15}, []float64{10}); q.HasCI || q.Difference != -10+15 {
		t.Errorf("one replication: %+v, want −10 + 15 = 5 with no CI", q)
	}
	// The same point when WAN volume decided: disruption does not decide there
	// either (its CI includes zero), so the recommendation stands.
	bw, _ := basePaired(robustBase(false), 2)
	if q := bw.estimate("50ms", []float64{15, 22}, []float64{10, 20}); q.Flips {
		t.Errorf("decided on WAN volume, disruption tied at the point: %+v should not flip", q)
	}
}

// The lead sentence says the recommendation holds, or names the parameters that
// flip it, and lists what was not tested.
func TestRobustnessLead(t *testing.T) {
	c := robustBase(true)
	base, _ := basePaired(c, 2)
	hold := base.estimate("20ms", []float64{11, 21}, []float64{20, 25}) // D = −9, −4: still clients-first
	flip := base.estimate("50ms", []float64{15, 22}, []float64{10, 20})
	rb := &Robustness{Replications: 2, Rows: []RobustnessRow{
		{Path: "a.b", Value: "10ms", Low: "5ms", High: "20ms", AtLow: &hold, AtHigh: &hold},
		{Path: "x.y", Untested: "no range is documented"},
	}}
	finishRow(&rb.Rows[0], base.mean, func(v0, v1 string, d0, d1 float64) string { return "about 46ms" })
	if s := robustnessLead(rb, &base); !strings.HasPrefix(s, "The recommendation holds for every assumption in its range (1 parameter,") ||
		!strings.Contains(s, "Not tested: x.y (no range is documented)") {
		t.Errorf("lead %q", s)
	}
	rb.Rows[0].AtHigh = &flip
	rb.Rows[0].High = "50ms"
	finishRow(&rb.Rows[0], base.mean, func(v0, v1 string, d0, d1 float64) string { return "about 46ms" })
	s := robustnessLead(rb, &base)
	if !rb.Rows[0].Flips || !strings.HasPrefix(s, "The recommendation flips within the range of a.b (at 50ms it favours servers-first, though the CI includes zero; break-even about 46ms)") {
		t.Errorf("lead %q (row %+v)", s, rb.Rows[0])
	}
}

// The report shows the lead sentence in the recommendation, the tornado chart and
// the table, widest swing on top; a hostile --vary path is escaped in both.
func TestWriteHTMLRobustness(t *testing.T) {
	c := htmlTestComparison(htmlTestOptions{name: "r", days: 10, seed: 3})
	d := c.Differences[KeyDisruption].Difference
	narrow := RobustnessPoint{Value: "1", Difference: d + 1}
	wide := RobustnessPoint{Value: "2", Difference: d + 50}
	c.Robustness = &Robustness{Replications: 2, Lead: "The recommendation holds for every assumption in its range (test).", Rows: []RobustnessRow{
		{Path: "narrow.param", Value: "0", Low: "1", High: "1", AtLow: &narrow, AtHigh: &narrow},
		{Path: "<b>wide</b>", Value: "0", Low: "2", High: "2", AtLow: &wide, AtHigh: &wide},
		{Path: "untested.param", Value: "0", Untested: "no range is documented"},
	}}
	out := htmlRender(t, c, nil)
	if !strings.Contains(out, `<p class="lead"><strong>The recommendation holds for every assumption in its range (test).</strong></p>`) {
		t.Error("no lead sentence")
	}
	svg := out[strings.Index(out, `<svg class="tornado"`):]
	svg = svg[:strings.Index(svg, "</svg>")]
	if strings.Count(svg, "<rect") != 2+2*2 { // two legend swatches, two bars per tested row
		t.Errorf("tornado: %d rects, want 6", strings.Count(svg, "<rect"))
	}
	if w, n := strings.Index(svg, "&lt;b&gt;wide&lt;/b&gt;"), strings.Index(svg, "narrow.param"); w < 0 || n < 0 || w > n {
		t.Errorf("tornado rows: wide at %d, narrow at %d; want the widest swing first, escaped", w, n)
	}
	if strings.Contains(out, "<b>wide</b>") {
		t.Error("a path reached the page unescaped")
	}
	if !strings.Contains(out, "<td><code>untested.param</code></td><td>0</td><td></td><td class=\"n\">–</td>") {
		t.Error("the untested row is not in the table")
	}
}

// A point screened on one world earns the full replications when it flips, or when
// its estimate lies within twice the comparison's half-width of zero, or when
// disruption did not decide the comparison.
func TestRobustnessContends(t *testing.T) {
	base, _ := basePaired(robustBase(true), 1)
	// half-width of the comparison: t(2) 4.303 × SE 2.887 = 12.42; twice that 24.8.
	if base.contends(RobustnessPoint{Difference: -30, Favours: ClientsFirst}) {
		t.Error("−30 user-hours is more than 24.8 from zero: no need to confirm")
	}
	if !base.contends(RobustnessPoint{Difference: -20, Favours: ClientsFirst}) {
		t.Error("−20 user-hours is within 24.8 of zero: confirm")
	}
	if !base.contends(RobustnessPoint{Difference: 40, Favours: ServersFirst, Flips: true}) {
		t.Error("a flip is always confirmed")
	}
	bw, _ := basePaired(robustBase(false), 1)
	if !bw.contends(RobustnessPoint{Difference: -300}) {
		t.Error("when disruption did not decide, every point is confirmed")
	}
}
