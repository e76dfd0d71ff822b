package reports

import (
	"math"
	"strings"
	"testing"
)

// The share a mechanism explains is minus the mean paired change of the difference
// over the comparison's mean difference, with a Student-t CI over the changes.
func TestAblationRow(t *testing.T) {
	base, err := basePaired(robustBase(true), 3)
	if err != nil {
		t.Fatal(err)
	}
	// D_base = −10, −5, −15 (mean −10). Off: clients-first 18, 23, 36 against
	// servers-first 20, 25, 40: D = −2, −2, −4; changes 8, 3, 11, mean 22/3 = 7.333,
	// so the share is 7.333/10 = 73.3 %. SD of the changes: deviations 0.667, −4.333,
	// 3.667, squares 0.444 + 18.778 + 13.444 = 32.667, /2 = 16.333, SD 4.041;
	// half-width t(2) 4.303 × 4.041/√3 = 10.04 user-hours, 100.4 % of 10.
	r := ablationRow(&base, RideThrough, []float64{18, 23, 36}, []float64{20, 25, 40})
	if math.Abs(r.Share-0.7333) > 1e-3 || math.Abs(r.Difference-(-10+7.3333)) > 1e-3 {
		t.Errorf("share %v difference %v, want 73.3 %% and −2.67", r.Share, r.Difference)
	}
	if math.Abs(r.ShareCI[0]-(0.7333-1.004)) > 2e-3 || math.Abs(r.ShareCI[1]-(0.7333+1.004)) > 2e-3 {
		t.Errorf("share CI %v, want 73.3 %% ± 100.4 %%", r.ShareCI)
	}
	if r.Backs {
		t.Error("a share whose CI includes zero backs no reason")
	}
	// The same changes with less spread (8, 7, 7): share 73.3 %, CI above zero.
	if r := ablationRow(&base, RideThrough, []float64{18, 22, 32}, []float64{20, 20, 40}); !r.Backs {
		t.Errorf("%+v: a share of 73 %% with a CI above zero should back the reason", r)
	}
	// A mechanism that changes nothing: a zero row.
	if r := ablationRow(&base, RideThrough, []float64{10, 20}, []float64{20, 25}); r.Share != 0 || r.ShareCI != [2]float64{0, 0} || r.Backs {
		t.Errorf("no change: %+v, want share 0, CI [0, 0], not backing", r)
	}
}

// The reasons name a mechanism only when the ablation backs it: WAN outages (50
// fewer blocked user-hours, ride-through) and mailbox moves (20 fewer) explain a
// clients-first win; with ride-through's row not backing, the clause goes (the
// mailbox moves have no switch, so with an ablation they are not named either), and
// with it backing, only ride-through is named.
func TestReasonsNameOnlyBackedMechanisms(t *testing.T) {
	agg := outagesAndMovesWin(t)
	c := agg.Comparison()
	if !strings.Contains(c.Recommendation.Reasons[0], "ride through the WAN outages") {
		t.Fatalf("without an ablation the reason credits ride-through: %q", c.Recommendation.Reasons[0])
	}
	c.Ablation = &Ablation{Replications: 3, MinShare: MinAblationShare, Rows: []AblationRow{
		{Mechanism: RideThrough, Share: 0.05, ShareCI: [2]float64{-0.01, 0.11}},
	}}
	reason := Recommend(c).Reasons[0]
	if strings.Contains(reason, "because") {
		t.Errorf("with ride-through not backed: %q", reason)
	}
	c.Ablation.Rows[0] = AblationRow{Mechanism: RideThrough, Share: 0.8, ShareCI: [2]float64{0.7, 0.9}, Backs: true}
	if reason := Recommend(c).Reasons[0]; !strings.HasSuffix(reason, "because cached clients ride through the WAN outages (41 per run).") {
		t.Errorf("with ride-through backed: %q", reason)
	}
}
