package model

import (
	"math"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// The tiny calendar starts on Monday 2004-03-01, works Mon–Fri 08:00–18:00 (10 h a day).
func TestCalendarWorkingSeconds(t *testing.T) {
	c := newCalendar(tinyScenario(tinySite("A", 1, mbps, true, mB)))
	cases := []struct {
		name string
		t    float64
		want float64
	}{
		{"day 0 before work", 7 * hour, 0},
		{"day 0 noon: 08–12", 12 * hour, 4 * hour},
		{"day 0 evening: the whole day", 23 * hour, 10 * hour},
		{"Saturday: Mon–Fri", 5*day + 12*hour, 50 * hour},
		{"next Monday 09:00: a week plus 1 h", 7*day + 9*hour, 51 * hour},
		{"ten weeks", 70 * day, 500 * hour},
		{"negative", -5, 0},
	}
	for _, tc := range cases {
		if got := c.W(tc.t); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: W(%v) = %v h, want %v h", tc.name, tc.t, got/hour, tc.want/hour)
		}
	}
	// Friday 17:00 → Monday 09:00: 1 h on Friday + 1 h on Monday.
	if got := c.between(4*day+17*hour, 7*day+9*hour); got != 2*hour {
		t.Errorf("between(Fri 17:00, Mon 09:00) = %v h, want 2", got/hour)
	}
	if got := c.between(10, 5); got != 0 {
		t.Errorf("between of a reversed interval = %v, want 0", got)
	}
}

func TestCalendarNextWorkingAndWindows(t *testing.T) {
	c := newCalendar(tinyScenario(tinySite("A", 1, mbps, true, mB)))
	cases := []struct{ t, want float64 }{
		{0, 8 * hour},                          // Monday 00:00 → Monday 08:00
		{9 * hour, 9 * hour},                   // inside working hours: itself
		{18 * hour, day + 8*hour},              // end of day is not working → Tuesday 08:00
		{5*day + 10*hour, 7*day + 8*hour},      // Saturday → Monday
		{4*day + 17.5*hour, 4*day + 17.5*hour}, // Friday 17:30
		{4*day + 18.5*hour, 7*day + 8*hour},    // Friday 18:30 → Monday
	}
	for _, tc := range cases {
		if got := c.nextWorking(tc.t); got != tc.want {
			t.Errorf("nextWorking(%v h) = %v h, want %v h", tc.t/hour, got/hour, tc.want/hour)
		}
	}
	if !c.isWorking(10*hour) || c.isWorking(5*day+10*hour) || c.isWorking(7*hour) {
		t.Error("isWorking disagrees with Mon–Fri 08–18")
	}
	night := scenarios.Window{Start: 19 * hour, End: 7 * hour}
	for _, tc := range []struct {
		t    float64
		in   bool
		open float64
	}{
		{20 * hour, true, 20 * hour},
		{3 * hour, true, 3 * hour},
		{7 * hour, false, 19 * hour},
		{12 * hour, false, 19 * hour},
		{day + 6.5*hour, true, day + 6.5*hour},
	} {
		if got := inWindow(night, tc.t); got != tc.in {
			t.Errorf("inWindow(19–07, %v h) = %v, want %v", tc.t/hour, got, tc.in)
		}
		if got := nextWindowOpen(night, tc.t); got != tc.open {
			t.Errorf("nextWindowOpen(19–07, %v h) = %v h, want %v h", tc.t/hour, got/hour, tc.open/hour)
		}
	}
	if !inWindow(scenarios.Window{}, 5*hour) {
		t.Error("an empty window (start == end) is the whole day")
	}
}

// A calendar whose day 0 is a Saturday shifts working days by the weekday of Start.
func TestCalendarStartWeekday(t *testing.T) {
	sc := tinyScenario(tinySite("A", 1, mbps, true, mB))
	sc.Start = sc.Start.AddDate(0, 0, 5) // Saturday 2004-03-06
	c := newCalendar(sc)
	if c.isWorkingDay(0) || c.isWorkingDay(1) || !c.isWorkingDay(2) {
		t.Errorf("day 0 Saturday: working days 0,1,2 = %v %v %v, want false false true", c.isWorkingDay(0), c.isWorkingDay(1), c.isWorkingDay(2))
	}
	if got := c.W(3 * day); got != 10*hour {
		t.Errorf("W(Sat, Sun, Mon) = %v h, want 10", got/hour)
	}
}
