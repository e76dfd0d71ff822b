package reports

import "testing"

// TestSparkline: columns are means of equal shares scaled to the largest; zero is a
// blank, any positive value at least the lowest bar.
func TestSparkline(t *testing.T) {
	for _, tc := range []struct {
		values []float64
		width  int
		want   string
	}{
		// 8 columns of 1..8: v/8×8 bars → bar v
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, 8, "▁▂▃▄▅▆▇█"},
		// pairs averaged: (0+0)/2 = 0 blank, (1+3)/2 = 2 → 2/4×8 = 4th bar, (4+4)/2 = 4 → █
		{[]float64{0, 0, 1, 3, 4, 4}, 3, " ▄█"},
		// 0.01 of the top still shows the lowest bar
		{[]float64{0.01, 1}, 2, "▁█"},
		// more columns than values: one per value
		{[]float64{0, 2}, 10, " █"},
		{nil, 5, ""},
	} {
		if got := Sparkline(tc.values, tc.width); got != tc.want {
			t.Errorf("Sparkline(%v, %d) = %q, want %q", tc.values, tc.width, got, tc.want)
		}
	}
}
