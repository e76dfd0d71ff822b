package reports

import "math"

// durationUnit is a unit a duration is shown in: its symbol and how many of it
// make one hour.
type durationUnit struct {
	Symbol  string
	PerHour float64
}

// durationUnits from the smallest: a duration is shown in the largest unit in which
// it is at least 1 (seconds below a minute, minutes below an hour, hours below two
// days, then days).
var (
	unitSeconds = durationUnit{"s", 3600}
	unitMinutes = durationUnit{"min", 60}
	unitHours   = durationUnit{"h", 1}
	unitDays    = durationUnit{"d", 1.0 / 24}
)

// isHoursUnit reports whether a metric's unit is a duration in hours (the model's
// time-to-usable and time-to-synced quantiles), which the reports show in the unit
// that reads: 0.00025 hours is shown as 0.9 s.
func isHoursUnit(unit string) bool { return unit == "hours" || unit == "h" }

// durationUnitFor picks the unit for durations of up to maxHours hours (the largest
// magnitude among values shown together, so that they share one unit).
func durationUnitFor(maxHours float64) durationUnit {
	h := math.Abs(finite(maxHours))
	switch {
	case h < 1.0/60:
		return unitSeconds
	case h < 1:
		return unitMinutes
	case h < 48:
		return unitHours
	}
	return unitDays
}

// durationText writes hours in the unit that reads, e.g. "0.90 s", "12.0 min", "1.50 h".
func durationText(hours float64) string {
	u := durationUnitFor(hours)
	return num(hours*u.PerHour) + " " + u.Symbol
}
