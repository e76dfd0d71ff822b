package reports

import "testing"

// TestDurationText: 0.00025 h = 0.9 s; 0.2 h = 12 min; 1.5 h; 72 h = 3 d.
func TestDurationText(t *testing.T) {
	for _, tc := range []struct {
		hours float64
		want  string
	}{
		{0.00025, "0.90 s"}, // 0.00025 · 3600 = 0.9
		{0, "0.00 s"},
		{0.2, "12.0 min"}, // 0.2 · 60
		{1.5, "1.50 h"},
		{72, "3.00 d"}, // 72 / 24
		{-0.5, "−30.0 min"},
	} {
		if got := durationText(tc.hours); got != tc.want {
			t.Errorf("durationText(%g) = %q, want %q", tc.hours, got, tc.want)
		}
	}
}
