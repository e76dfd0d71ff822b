package experiment

import "testing"

func TestAxisUnit(t *testing.T) {
	for _, tc := range []struct {
		sample string
		values []float64
		unit   string
		scale  float64
	}{
		{"256kbps", []float64{256e3, 20e6}, "Mbps", 1e6}, // 20,000,000 bit/s reads 20 Mbps
		{"64kbps", []float64{64e3, 512e3}, "kbps", 1e3},
		{"30m", []float64{1800, 7200}, "h", 3600},
		{"5ms", []float64{0.005, 0.08}, "ms", 0.001},
		{"0.5", []float64{0.5, 2}, "", 0},
		{"keep", []float64{0, 1}, "", 0},
	} {
		u, s := AxisUnit(tc.sample, tc.values)
		if u != tc.unit || s != tc.scale {
			t.Errorf("AxisUnit(%s, %v) = %q, %v; want %q, %v", tc.sample, tc.values, u, s, tc.unit, tc.scale)
		}
	}
}

func TestRobustBreakEven(t *testing.T) {
	for _, tc := range []struct {
		v0, v1 string
		d0, d1 float64
		want   string
	}{
		// t = −10/(−10−30) = 0.25 of the way from 10 ms to 50 ms: 20 ms.
		{"10ms", "50ms", -10, 30, "about 20ms"},
		// rates interpolate on a log scale: halfway from 1 to 100 Mbps is 10 Mbps.
		{"1Mbps", "100Mbps", -1, 1, "about 10Mbps"},
		// in the flipping end's unit: 500MB/h at t = 0.5 on a log scale from 2GB/h is
		// √(2000 × 500) = 1000MB/h.
		{"2GB/h", "500MB/h", -1, 1, "about 1000MB/h"},
		// not one quantity: the bracket only.
		{"{median: 1h, p95: 8h}", "{median: 2h, p95: 12h}", -1, 1, "between {median: 1h, p95: 8h} and {median: 2h, p95: 12h}"},
	} {
		if got := robustBreakEven(tc.v0, tc.v1, tc.d0, tc.d1); got != tc.want {
			t.Errorf("robustBreakEven(%s, %s) = %q, want %q", tc.v0, tc.v1, got, tc.want)
		}
	}
}
