package reports

import (
	"fmt"
	"strings"
	"testing"
)

// sweepOf builds a sweep whose points have the given disruption differences
// (clients-first − servers-first) and recommendations.
func sweepOf(numeric []float64, diffs []float64, recs []Ordering, log bool) *Sweep {
	sw := &Sweep{Param: "sites.Leeds.wan.down", Log: log}
	for i, x := range numeric {
		sw.Values = append(sw.Values, fmt.Sprintf("%gbps", x))
		sw.Numeric = append(sw.Numeric, x)
		rec := &Recommendation{Ordering: recs[i], DecidingMetric: KeyDisruption}
		if recs[i] == "" {
			rec = &Recommendation{Tie: true}
		}
		sw.Points = append(sw.Points, Comparison{
			Replications: 3,
			Orderings: []OrderingSummary{
				{Ordering: ClientsFirst, Metrics: map[string]Stat{KeyDisruption: {N: 3, Mean: 100 + diffs[i]}}},
				{Ordering: ServersFirst, Metrics: map[string]Stat{KeyDisruption: {N: 3, Mean: 100}}},
			},
			Differences:    map[string]Difference{KeyDisruption: {N: 3, Difference: diffs[i]}},
			Recommendation: rec,
		})
	}
	return sw
}

// TestBreakEvenLinear: differences −30, −10, +10, +30 at 1, 2, 4, 8: clients-first
// wins at 1 and 2, servers-first at 4 and 8. The difference crosses zero between 2
// and 4 at t = −10 / (−10 − 10) = 0.5, i.e. at 2 + 0.5·2 = 3.
func TestBreakEvenLinear(t *testing.T) {
	cf, sf := ClientsFirst, ServersFirst
	sw := sweepOf([]float64{1, 2, 4, 8}, []float64{-30, -10, 10, 30}, []Ordering{cf, cf, sf, sf}, false)
	be := FindBreakEvens(sw, func(v float64) string { return fmt.Sprintf("%gbps", v) })
	if len(be) != 1 {
		t.Fatalf("break-evens %+v, want one", be)
	}
	b := be[0]
	if b.Between != [2]string{"2bps", "4bps"} || b.From != cf || b.To != sf || !b.Crossed || b.Metric != KeyDisruption {
		t.Errorf("break-even %+v", b)
	}
	near(t, "estimate", b.Estimate, 3, 1e-12)
	sw.BreakEven = be
	want := "Break-even: the recommendation flips from clients-first to servers-first between sites.Leeds.wan.down = 2bps and 4bps (its disruption difference crosses zero near 3bps)."
	if got := BreakEvenSentences(sw); len(got) != 1 || got[0] != want {
		t.Errorf("sentences %q\nwant %q", got, want)
	}
}

// TestBreakEvenLogAndTies: on a log axis, with a tie at 4 between a clients-first
// point at 2 and a servers-first point at 8. Differences −10, +10, +30: the sign
// changes between 2 and 4, at t = 0.5 in log10: 10^((log10 2 + log10 4)/2) = √8
// = 2.828427. The bracket is still the two deciding points, 2 and 8.
func TestBreakEvenLogAndTies(t *testing.T) {
	cf, sf := ClientsFirst, ServersFirst
	sw := sweepOf([]float64{2, 4, 8}, []float64{-10, 10, 30}, []Ordering{cf, "", sf}, true)
	be := FindBreakEvens(sw, nil)
	if len(be) != 1 || be[0].Between != [2]string{"2bps", "8bps"} {
		t.Fatalf("break-evens %+v", be)
	}
	near(t, "estimate", be[0].Estimate, 2.8284271247, 1e-9)
}

// TestNoBreakEven: clients-first at every value says so.
func TestNoBreakEven(t *testing.T) {
	cf := ClientsFirst
	sw := sweepOf([]float64{64e3, 1e6, 10e6}, []float64{-30, -20, -10}, []Ordering{cf, cf, cf}, true)
	sw.BreakEven = FindBreakEvens(sw, nil)
	if len(sw.BreakEven) != 0 {
		t.Fatalf("break-evens %+v, want none", sw.BreakEven)
	}
	var b strings.Builder
	if err := WriteSweepText(&b, sw); err != nil {
		t.Fatal(err)
	}
	want := "No break-even in the range 64000bps to 1e+07bps of sites.Leeds.wan.down: clients-first is recommended at every value."
	if !strings.Contains(b.String(), want) {
		t.Errorf("sweep text lacks %q:\n%s", want, b.String())
	}
	// The table shows both orderings' disruption at every value: clients-first
	// 100 − 30 = 70 at the first.
	if !strings.Contains(b.String(), "64000bps") || !strings.Contains(b.String(), "70.0") {
		t.Errorf("sweep table:\n%s", b.String())
	}
}
