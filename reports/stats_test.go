package reports

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.9g, want %.9g (±%g)", what, got, want, tol)
	}
}

// TestSummarizeHandComputed checks Summarize against a sample worked by hand.
//
// x = 2, 4, 4, 4, 5, 5, 7, 9 (n = 8):
//
//	mean = 40/8 = 5
//	squared deviations 9, 1, 1, 1, 0, 0, 4, 16 sum to 32; variance = 32/7 = 4.571428…
//	SD = √4.571428 = 2.138090
//
// CI: a percentile bootstrap, which for a mean of 8 values is close to the normal
// interval with the plug-in SD: √(32/8) / √8 = 0.707107; 1.959964 · 0.707107 = 1.385904,
// so about 5 ± 1.39 = [3.61, 6.39] (checked to ±0.25: resampling noise and skew).
//
// Empirical quantiles (smallest value with at least p·n values at or below it):
// p5: 0.4 → 1st value 2; p50: 4 → 4th value 4; p95: 7.6 → 8th value 9.
func TestSummarizeHandComputed(t *testing.T) {
	st := Summarize([]float64{5, 2, 9, 4, 4, 7, 4, 5}) // unsorted on purpose
	if st.N != 8 {
		t.Fatalf("N = %d", st.N)
	}
	near(t, "mean", st.Mean, 5, 1e-12)
	near(t, "sd", st.SD, 2.138090, 1e-6)
	near(t, "ci low", st.CI95[0], 3.61, 0.25)
	near(t, "ci high", st.CI95[1], 6.39, 0.25)
	near(t, "p5", st.P5, 2, 0)
	near(t, "p50", st.P50, 4, 0)
	near(t, "p95", st.P95, 9, 0)
	near(t, "min", st.Min, 2, 0)
	near(t, "max", st.Max, 9, 0)
}

// TestTCritical checks the Student-t quantiles against table values:
// t(0.975, 2) = 4.302653, t(0.975, 3) = 3.182446, t(0.975, 29) = 2.045230,
// and tends to z(0.975) = 1.959964 for many degrees of freedom.
func TestTCritical(t *testing.T) {
	near(t, "t(3 values)", tCritical(3), 4.302653, 1e-6)
	near(t, "t(4 values)", tCritical(4), 3.182446, 1e-6)
	near(t, "t(30 values)", tCritical(30), 2.045230, 1e-6)
	near(t, "t(1e6 values)", tCritical(1_000_000), 1.959964, 1e-5)
	if tCritical(1) != 0 || tCritical(0) != 0 {
		t.Errorf("tCritical below two values must be 0")
	}
}

// TestBootstrapCITwoValues: for 0 and 10 a resample is {0,0}, {0,10}, {10,0} or
// {10,10} with probability 1/4 each, so its mean is 0, 5 or 10 with probability
// 1/4, 1/2, 1/4. More than 2.5 % of the means are 0 and more than 2.5 % are 10:
// the 95 % percentile interval is exactly [0, 10].
func TestBootstrapCITwoValues(t *testing.T) {
	if got := Summarize([]float64{0, 10}).CI95; got != [2]float64{0, 10} {
		t.Errorf("CI of {0, 10} = %v, want [0 10]", got)
	}
}

// TestBootstrapCIRespectsRange: a heavy-tailed, never-negative metric (27
// replications with no blocked hour, three with many) has a Student-t interval
// below zero; the bootstrap interval starts at zero or above, contains the mean,
// and is the same on every call.
func TestBootstrapCIRespectsRange(t *testing.T) {
	x := make([]float64, 30)
	x[4], x[17], x[29] = 2100, 3400, 260
	// mean = 5760/30 = 192; the t-interval is 192 ± 2.045 · SD/√30 with SD ≈ 681, low ≈ −62.
	st := Summarize(x)
	near(t, "mean", st.Mean, 192, 1e-9)
	tLow := st.Mean - tCritical(30)*st.SD/math.Sqrt(30)
	if tLow >= 0 {
		t.Fatalf("test data: t-interval low %g should be negative", tLow)
	}
	if st.CI95[0] < 0 || st.CI95[0] > st.Mean || st.CI95[1] < st.Mean || st.CI95[1] > st.Max {
		t.Errorf("bootstrap CI %v with mean %g, max %g", st.CI95, st.Mean, st.Max)
	}
	if again := Summarize(append([]float64(nil), x...)); again.CI95 != st.CI95 {
		t.Errorf("not deterministic: %v then %v", st.CI95, again.CI95)
	}
	// Constant values: nothing varies, the interval is the value.
	if ci := Summarize([]float64{4, 4, 4}).CI95; ci != [2]float64{4, 4} {
		t.Errorf("constant values: CI %v", ci)
	}
}

// TestSummarizeEdgeCases: no values, one value, and NaN input give no NaN.
func TestSummarizeEdgeCases(t *testing.T) {
	if st := Summarize(nil); st != (Stat{}) {
		t.Errorf("empty: %+v", st)
	}
	st := Summarize([]float64{3.5})
	if st.N != 1 || st.Mean != 3.5 || st.SD != 0 || st.CI95 != [2]float64{3.5, 3.5} || st.P5 != 3.5 || st.P95 != 3.5 {
		t.Errorf("one value: %+v", st)
	}
	st = Summarize([]float64{math.NaN(), 2, math.Inf(1)})
	for _, v := range []float64{st.Mean, st.SD, st.CI95[0], st.CI95[1], st.P5, st.P50, st.P95, st.Min, st.Max} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("non-finite in %+v", st)
		}
	}
	// NaN and Inf count as 0: values 0, 2, 0 → mean 2/3.
	near(t, "mean with NaN", st.Mean, 2.0/3, 1e-12)
}

// TestPairedHandComputed: a = 10, 12, 11, 13; b = 8, 11, 9, 10.
//
//	d = a − b = 2, 1, 2, 3; mean 2
//	squared deviations 0, 1, 0, 1 → variance 2/3, SD 0.816497
//	t(0.975, 3) = 3.182446; half-width = 3.182446 · 0.816497 / √4 = 1.299228
//	CI = [0.700772, 3.299228]: excludes zero, so significant; lower is better and
//	a − b > 0, so b is better.
func TestPairedHandComputed(t *testing.T) {
	d := Paired([]float64{10, 12, 11, 13}, []float64{8, 11, 9, 10}, "a", "b", true)
	near(t, "difference", d.Difference, 2, 1e-12)
	near(t, "ci low", d.CI95[0], 0.700772, 1e-5)
	near(t, "ci high", d.CI95[1], 3.299228, 1e-5)
	if !d.Significant || d.Better != "b" || d.N != 4 {
		t.Errorf("significant %v better %q n %d, want true b 4", d.Significant, d.Better, d.N)
	}
	// Higher is better: the same numbers make a the better one.
	if d := Paired([]float64{10, 12, 11, 13}, []float64{8, 11, 9, 10}, "a", "b", false); d.Better != "a" {
		t.Errorf("higher is better: better %q, want a", d.Better)
	}
	// d = 1, −1, 2, −2: mean 0, CI straddles zero: not significant, no better.
	d = Paired([]float64{1, 0, 2, 0}, []float64{0, 1, 0, 2}, "a", "b", true)
	if d.Significant || d.Better != "" {
		t.Errorf("straddling zero: %+v", d)
	}
	// Constant nonzero differences: SD 0, CI collapses to the difference, significant.
	d = Paired([]float64{5, 6, 7}, []float64{4, 5, 6}, "a", "b", true)
	if !d.Significant || d.CI95 != [2]float64{1, 1} || d.Better != "b" {
		t.Errorf("constant difference: %+v", d)
	}
	// Rounding noise is no difference: 1 − (1 − 1e-16) in every replication.
	if d := Paired([]float64{1, 1, 1}, []float64{1 - 1e-16, 1 - 1e-16, 1 - 1e-16}, "a", "b", true); d.Significant {
		t.Errorf("rounding noise significant: %+v", d)
	}
	// One pair can never be significant.
	if d := Paired([]float64{5}, []float64{1}, "a", "b", true); d.Significant {
		t.Errorf("one pair significant: %+v", d)
	}
}

func TestNumFormatting(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{1240, "1,240"}, {1240.4, "1,240"}, {-1240, "−1,240"}, {1234567, "1,234,567"},
		{123.4, "123"}, {12.34, "12.3"}, {0.4234, "0.42"}, {0, "0.00"}, {-0.001, "−0.001"},
		{1.5, "1.50"}, {-0.0001, "−0.0001"}, {math.NaN(), "–"}, {math.Inf(1), "–"},
	} {
		if got := num(c.v); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	if got := ciText([2]float64{1100, 1380}); got != "1,100–1,380" {
		t.Errorf("ciText = %q", got)
	}
	if got := ciText([2]float64{-5, 3}); got != "−5.00 to 3.00" {
		t.Errorf("ciText = %q", got)
	}
}

// TestAssumedParameters: a value assumed for every site collapses to sites.*; one
// assumed for some sites names them; differing ones keep their paths; sourced
// parameters are left out.
func TestAssumedParameters(t *testing.T) {
	got := AssumedParameters([]Assumption{
		{Path: "horizon", Value: "240d", Assumed: true},
		{Path: "sites.HQ.lan", Value: "100Mbps", Assumed: true},
		{Path: "sites.HQ.wan.down", Value: "10Mbps", Assumed: true},
		{Path: "sites.HQ.remote_users.count", Value: "60"},
		{Path: "sites.Leeds.lan", Value: "100Mbps", Assumed: true},
		{Path: "sites.Leeds.wan.down", Value: "1.544Mbps", Assumed: true},
		{Path: "sites.Leeds.remote_users.count", Value: "0", Assumed: true},
		{Path: "sites.Truro.lan", Value: "100Mbps", Assumed: true},
		{Path: "sites.Truro.remote_users.count", Value: "0", Assumed: true},
		{Path: "clients.outlook2003.slow_link.threshold", Value: "10Mbps", Source: "the article"},
	})
	want := []string{"horizon = 240d", "sites.*.lan = 100Mbps", "sites.HQ.wan.down = 10Mbps",
		"sites.Leeds.wan.down = 1.544Mbps", "sites.{Leeds,Truro}.remote_users.count = 0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestPractical: a = 15.10, 15.12, 15.14 and b = 15.06, 15.08, 15.10: every difference
// is 0.04, so the CI is [0.04, 0.04] and significant; the larger mean is 15.12 and 1 %
// of it is 0.1512 > 0.04, so it is not practical. With a threshold of 0.1 % (0.01512)
// it is.
func TestPractical(t *testing.T) {
	a, b := []float64{15.10, 15.12, 15.14}, []float64{15.06, 15.08, 15.10}
	d := Paired(a, b, "a", "b", true)
	if !d.Significant {
		t.Fatalf("not significant: %+v", d)
	}
	if practical(d, a, b, 0.01) {
		t.Error("0.04 of 15.12 counted at 1 %")
	}
	if !practical(d, a, b, 0.001) {
		t.Error("0.04 of 15.12 not counted at 0.1 %")
	}
	if practical(Difference{Difference: 5}, a, b, 0) {
		t.Error("a non-significant difference counted")
	}
}

// TestFewReplicationsOutputs: one replication gives no CI ("n/a" in text, null in
// JSON); no replication at all (a metric of only unfinished runs) gives null figures;
// rounding residue in a difference is written as 0.
func TestFewReplicationsOutputs(t *testing.T) {
	one, _ := json.Marshal(Summarize([]float64{0.15}))
	if want := `{"n":1,"mean":0.15,"sd":null,"ci95":null,"p5":0.15,"p50":0.15,"p95":0.15,"min":0.15,"max":0.15}`; string(one) != want {
		t.Errorf("n = 1:\n got %s\nwant %s", one, want)
	}
	none, _ := json.Marshal(Summarize(nil))
	if want := `{"n":0,"mean":null,"sd":null,"ci95":null,"p5":null,"p50":null,"p95":null,"min":null,"max":null}`; string(none) != want {
		t.Errorf("n = 0:\n got %s\nwant %s", none, want)
	}
	d, _ := json.Marshal(Paired([]float64{2}, []float64{1}, "a", "b", true))
	if want := `{"n":1,"difference":1,"ci95":null,"significant":false,"better":"","practical":false}`; string(d) != want {
		t.Errorf("one pair:\n got %s\nwant %s", d, want)
	}
	if got := ciTextN([2]float64{0.04, 0.04}, 1); got != "n/a" {
		t.Errorf("ciTextN with one value = %q", got)
	}
	// 0.1 + 0.2 − 0.3 style residue: utilization 0.3 reached as 0.1+0.2 in one ordering.
	r := Paired([]float64{0.1 + 0.2, 0.1 + 0.2}, []float64{0.3, 0.3}, "a", "b", true)
	if r.Difference != 0 || r.CI95 != [2]float64{0, 0} || r.Significant {
		t.Errorf("residue not snapped to 0: %+v", r)
	}
}
