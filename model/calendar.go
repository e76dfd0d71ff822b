package model

import (
	"math"

	"github.com/rollout-sim/rollout/scenarios"
)

// secondsPerDay is the length of a calendar day in seconds.
const secondsPerDay = 86400.0

// calendar answers working-time questions in simulated seconds since day 0 (midnight of
// the scenario's start date). A working moment is a time of day in [WorkStart, WorkEnd)
// on a working weekday.
type calendar struct {
	workStart, workEnd float64 // seconds since midnight
	dayLen             float64 // workEnd − workStart, seconds
	working            [7]bool // indexed by day offset mod 7 (day 0 = index 0)
	// cum[i] = working days among the first i days of a week (day offsets 0..i−1 mod 7).
	cum         [8]int
	daysPerWeek int
}

// newCalendar builds a calendar from the scenario's working hours and days; day 0 is the
// weekday of sc.Start.
func newCalendar(sc *scenarios.Scenario) *calendar {
	c := &calendar{
		workStart: float64(sc.Calendar.WorkStart),
		workEnd:   float64(sc.Calendar.WorkEnd),
	}
	c.dayLen = math.Max(0, c.workEnd-c.workStart)
	first := int(sc.Start.Weekday())
	for i := 0; i < 7; i++ {
		c.working[i] = sc.Calendar.WorkingDays[(first+i)%7]
	}
	for i := 0; i < 7; i++ {
		c.cum[i+1] = c.cum[i]
		if c.working[i] {
			c.cum[i+1]++
		}
	}
	c.daysPerWeek = c.cum[7]
	return c
}

// isWorkingDay reports whether day d (since day 0) is a working day.
func (c *calendar) isWorkingDay(d int) bool {
	if d < 0 {
		return false
	}
	return c.working[d%7]
}

// workingDaysBefore returns the number of working days among days 0..d−1.
func (c *calendar) workingDaysBefore(d int) int {
	if d <= 0 {
		return 0
	}
	return d/7*c.daysPerWeek + c.cum[d%7]
}

// W returns the working seconds in [0, t). It is O(1).
func (c *calendar) W(t float64) float64 {
	if t <= 0 || c.dayLen <= 0 {
		return 0
	}
	d := int(t / secondsPerDay)
	w := float64(c.workingDaysBefore(d)) * c.dayLen
	if c.isWorkingDay(d) {
		tod := t - float64(d)*secondsPerDay
		w += math.Min(math.Max(tod-c.workStart, 0), c.dayLen)
	}
	return w
}

// between returns the working seconds in [a, b) (0 when b <= a).
func (c *calendar) between(a, b float64) float64 {
	if b <= a {
		return 0
	}
	return c.W(b) - c.W(a)
}

// isWorking reports whether t is a working moment.
func (c *calendar) isWorking(t float64) bool {
	if t < 0 || c.dayLen <= 0 {
		return false
	}
	d := int(t / secondsPerDay)
	if !c.isWorkingDay(d) {
		return false
	}
	tod := t - float64(d)*secondsPerDay
	return tod >= c.workStart && tod < c.workEnd
}

// nextWorking returns the first working moment at or after t, or +Inf when the calendar
// has no working time.
func (c *calendar) nextWorking(t float64) float64 {
	if c.dayLen <= 0 || c.daysPerWeek == 0 {
		return math.Inf(1)
	}
	if t < 0 {
		t = 0
	}
	d := int(t / secondsPerDay)
	for i := 0; i < 8; i++ {
		dd := d + i
		if !c.isWorkingDay(dd) {
			continue
		}
		day := float64(dd) * secondsPerDay
		if t < day+c.workStart {
			return day + c.workStart
		}
		if t < day+c.workEnd {
			return t
		}
	}
	return math.Inf(1)
}

// dayStart returns the start of working hours on day d.
func (c *calendar) dayStart(d int) float64 {
	return float64(d)*secondsPerDay + c.workStart
}

// inWindow reports whether t lies in the daily window [start, end), which wraps past
// midnight when end < start. start == end means the window is the whole day.
func inWindow(w scenarios.Window, t float64) bool {
	tod := math.Mod(t, secondsPerDay)
	s, e := float64(w.Start), float64(w.End)
	switch {
	case s == e:
		return true
	case s < e:
		return tod >= s && tod < e
	default:
		return tod >= s || tod < e
	}
}

// nextWindowOpen returns the first moment at or after t inside the window.
func nextWindowOpen(w scenarios.Window, t float64) float64 {
	if inWindow(w, t) {
		return t
	}
	d := math.Floor(t / secondsPerDay)
	open := d*secondsPerDay + float64(w.Start)
	if open < t {
		open += secondsPerDay
	}
	return open
}
