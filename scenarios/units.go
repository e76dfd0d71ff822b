package scenarios

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file holds the parsers and String methods of the unit types declared in
// types.go. Every parser accepts exactly what String produces (and more), so
// Parse(x.String()) == x for every value a parser can return. Numbers are written
// in plain decimal notation (no sign, no exponent): "1.544Mbps", ".5h".

// sizeUnits are the size suffixes, in the order String tries them.
var sizeUnits = []struct {
	name string
	mult float64
}{
	{"B", 1},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"kB", 1e3},
}

// rateUnits are the bit-rate suffixes (bits per second), in the order String tries them.
var rateUnits = []struct {
	name string
	mult float64
}{
	{"bps", 1}, {"kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9},
	{"Kbps", 1e3},
}

// durationUnits are the duration suffixes (seconds); "min" is accepted for minutes.
var durationUnits = []struct {
	name string
	mult float64
}{
	{"d", 86400}, {"h", 3600}, {"min", 60}, {"m", 60}, {"s", 1}, {"ms", 1e-3},
}

// splitNumber splits s into a leading unsigned decimal number (with an optional
// exponent, 1e15) and the rest.
// It returns ok=false when s does not start with a digit or '.'.
func splitNumber(s string) (num float64, rest string, ok bool) {
	i := 0
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, s, false
	}
	// an exponent, as in 1e308 or 2.5E-3 (no unit begins with e or E)
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, s, false
	}
	return v, s[i:], true
}

// isBareNumber reports whether s is a number with nothing after it (sign allowed).
func isBareNumber(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	_, rest, ok := splitNumber(s)
	return ok && rest == ""
}

// unitNames lists the names of a unit table for error messages.
func unitNames[T any](units []T, name func(T) string) string {
	var b []string
	for _, u := range units {
		b = append(b, name(u))
	}
	return strings.Join(b, ", ")
}

// parseQuantity parses "<number><unit>" with a unit from the table, rejecting
// negative, non-finite and unitless values with messages that show an example.
func parseQuantity(s, what, example string, units []struct {
	name string
	mult float64
}) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("%s is empty (e.g. %s)", what, example)
	}
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("%s %q is negative (must be ≥ 0, e.g. %s)", what, s, example)
	}
	if isBareNumber(t) {
		return 0, fmt.Errorf("%s needs a unit, e.g. %s", what, example)
	}
	num, rest, ok := splitNumber(strings.TrimPrefix(t, "+"))
	if !ok {
		return 0, fmt.Errorf("%s %q is not a number with a unit (e.g. %s)", what, s, example)
	}
	rest = strings.TrimSpace(rest)
	for _, u := range units {
		if rest == u.name {
			v := num * u.mult
			if math.IsInf(v, 0) || math.IsNaN(v) || v > math.MaxFloat64/16 {
				return 0, fmt.Errorf("%s %q is too large", what, s)
			}
			return v, nil
		}
	}
	for _, u := range units {
		// case matters, so suggest rather than guess; and never turn a lowercase b
		// (bits, as in Mb) into B (bytes)
		if strings.EqualFold(rest, u.name) && !(strings.HasSuffix(rest, "b") && strings.HasSuffix(u.name, "B")) {
			return 0, fmt.Errorf("%s %q has an unknown unit %q (did you mean %q?)", what, s, rest, strings.TrimSuffix(t, rest)+u.name)
		}
	}
	return 0, fmt.Errorf("%s %q has an unknown unit %q (units: %s; e.g. %s)", what, s, rest, unitNames(units, func(u struct {
		name string
		mult float64
	}) string {
		return u.name
	}), example)
}

// formatDecimal writes v (≥ 0, finite) in plain decimal notation with at most
// prec significant digits (prec ≤ 0: the shortest form that round-trips).
func formatDecimal(v float64, prec int) string {
	if prec > 0 {
		r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', prec-1, 64), 64)
		if err == nil {
			v = r
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// shortestForm returns the "<number><unit>" text among the units that parses back
// to exactly v with the fewest significant digits, preferring a number in
// [1, 1000) on ties ("1.544Mbps" over "1544kbps"); fallback when none does.
func shortestForm(v float64, units []struct {
	name string
	mult float64
}, parse func(string) (float64, error), fallback string) string {
	best, bestDigits, bestOut := "", 0, true
	for _, u := range units {
		q := v / u.mult
		if v != 0 && (q < 1e-3 || q >= 1e6) {
			continue // another unit writes it with the same digits, more readably
		}
		// No form needs more digits than the shortest text of the quotient itself.
		maxPrec := significantDigits(formatDecimal(q, 0))
		if best != "" {
			maxPrec = min(maxPrec, bestDigits)
		}
		for prec := 1; prec <= max(maxPrec, 1); prec++ {
			num := formatDecimal(q, prec)
			s := num + u.name
			if got, err := parse(s); err == nil && got == v {
				m := v / u.mult
				out := m < 1 || m >= 1000
				d := significantDigits(num)
				if best == "" || d < bestDigits || d == bestDigits && bestOut && !out {
					best, bestDigits, bestOut = s, d, out
				}
				break
			}
		}
	}
	if best == "" {
		return fallback
	}
	return best
}

// ParseBytes parses a size such as 75KB, 1.5GB (1000-based), 20MiB (1024-based) or 0B.
func ParseBytes(s string) (Bytes, error) {
	v, err := parseQuantity(s, "size", "75KB or 1.5GB", sizeUnits)
	return Bytes(v), err
}

// String writes the size in the shortest unit form that parses back to the same
// value, e.g. "75KB", "1.5GB", "20MiB".
func (b Bytes) String() string {
	v := float64(b)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Sprintf("invalid size %g", v)
	}
	return shortestForm(v, sizeUnits[:9], func(s string) (float64, error) {
		x, err := ParseBytes(s)
		return float64(x), err
	}, formatDecimal(v, 0)+"B")
}

// ParseBitRate parses a rate in bits per second such as 128kbps or 1.544Mbps, or a
// volume per time such as 2GB/h (sizes as in ParseBytes; per s, m, min, h or d),
// converted to bits per second.
func ParseBitRate(s string) (BitRate, error) {
	t := strings.TrimSpace(s)
	if i := strings.IndexByte(t, '/'); i >= 0 {
		vol, per := t[:i], strings.TrimSpace(t[i+1:])
		b, err := ParseBytes(vol)
		if err != nil {
			return 0, fmt.Errorf("rate %q: %v", s, err)
		}
		var secs float64
		switch per {
		case "s":
			secs = 1
		case "m", "min":
			secs = 60
		case "h":
			secs = 3600
		case "d":
			secs = 86400
		default:
			return 0, fmt.Errorf("rate %q has an unknown time unit %q after '/' (s, m, h, d; e.g. 2GB/h)", s, per)
		}
		return BitRate(float64(b) * 8 / secs), nil
	}
	v, err := parseQuantity(s, "rate", "1.544Mbps", rateUnits)
	if err != nil {
		if _, e := ParseBytes(t); e == nil {
			// a size where a rate belongs (2GB for 2GB/h): say how to write a rate
			return 0, fmt.Errorf("rate %q is a size, not a rate (bits per second, e.g. 1.544Mbps, or a size per time, e.g. 2GB/h)", s)
		}
	}
	return BitRate(v), err
}

// perUnits are the volume-per-time forms String may choose for a rate, as
// (size unit, time unit, bits per second per unit).
var perUnits = func() []struct {
	name string
	mult float64
} {
	var out []struct {
		name string
		mult float64
	}
	for _, t := range []struct {
		name string
		secs float64
	}{{"h", 3600}, {"s", 1}} {
		for _, u := range []struct {
			name string
			mult float64
		}{{"MB", 1e6}, {"GB", 1e9}} {
			out = append(out, struct {
				name string
				mult float64
			}{u.name + "/" + t.name, u.mult * 8 / t.secs})
		}
	}
	return out
}()

// String writes the rate in the shortest form that parses back to the same value:
// "1.544Mbps", "128kbps", or a volume per time such as "2GB/h" when that is shorter.
func (r BitRate) String() string {
	v := float64(r)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Sprintf("invalid rate %g", v)
	}
	parse := func(s string) (float64, error) {
		x, err := ParseBitRate(s)
		return float64(x), err
	}
	best := shortestForm(v, rateUnits[:4], parse, formatDecimal(v, 0)+"bps")
	if significantDigits(best) <= 4 {
		return best
	}
	// A volume per time such as 2GB/h (4.444…Mbps) when that needs fewer digits.
	if alt := shortestForm(v, perUnits, parse, ""); alt != "" && significantDigits(alt) < significantDigits(best) {
		best = alt
	}
	return best
}

// significantDigits counts the significant digits of the number at the start of
// s: without leading zeros, and without trailing zeros ("100" has one, "1.05" three).
func significantDigits(s string) int {
	var digits []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if c == '0' && len(digits) == 0 {
			continue
		}
		digits = append(digits, c)
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return len(digits)
}

// ParseDuration parses a duration such as 45s, 30m, 6h, 14d, 150ms or a
// combination such as 1h30m or 1d12h, in seconds. Each part is a number with
// one of the units d, h, m (or min), s, ms.
func ParseDuration(s string) (Duration, error) {
	const example = "30m or 1h30m"
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("duration is empty (e.g. %s)", example)
	}
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("duration %q is negative (must be ≥ 0, e.g. %s)", s, example)
	}
	if isBareNumber(t) {
		return 0, fmt.Errorf("duration needs a unit, e.g. %s", example)
	}
	rest := strings.TrimPrefix(t, "+")
	total := 0.0
	for rest != "" {
		num, r, ok := splitNumber(rest)
		if !ok {
			return 0, fmt.Errorf("duration %q is not a number with a unit (units d, h, m, s, ms; e.g. %s)", s, example)
		}
		// The unit is the run of letters after the number (spaces allowed around it,
		// as in sizes and rates: "1 h 30 m").
		r = strings.TrimLeft(r, " \t")
		j := 0
		for j < len(r) && (r[j] >= 'a' && r[j] <= 'z' || r[j] >= 'A' && r[j] <= 'Z') {
			j++
		}
		unit := r[:j]
		rest = strings.TrimLeft(r[j:], " \t")
		found := false
		for _, u := range durationUnits {
			if unit == u.name {
				if u.name == "ms" {
					total += num / 1000 // num/1000 rounds once; num*1e-3 would round twice
				} else {
					total += num * u.mult
				}
				found = true
				break
			}
		}
		if !found {
			if unit == "" {
				return 0, fmt.Errorf("duration %q needs a unit after each number (d, h, m, s, ms; e.g. %s)", s, example)
			}
			for _, u := range durationUnits {
				if strings.EqualFold(unit, u.name) {
					return 0, fmt.Errorf("duration %q has an unknown unit %q (did you mean %q?)", s, unit, u.name)
				}
			}
			return 0, fmt.Errorf("duration %q has an unknown unit %q (units d, h, m, s, ms; e.g. %s)", s, unit, example)
		}
	}
	if math.IsInf(total, 0) || math.IsNaN(total) || total > 1e300 {
		return 0, fmt.Errorf("duration %q is too large", s)
	}
	return Duration(total), nil
}

// String writes the duration canonically: whole milliseconds as "1h30m", "14d",
// "150ms", "0s"; anything else as seconds in the shortest decimal form ("1.0000001s").
func (d Duration) String() string {
	v := float64(d)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Sprintf("invalid duration %g", v)
	}
	if v == 0 {
		return "0s"
	}
	if v < 1e12 {
		ms := math.Round(v * 1000)
		if ms >= 1 {
			var b strings.Builder
			rest := int64(ms)
			for _, u := range []struct {
				name string
				ms   int64
			}{{"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1}} {
				if q := rest / u.ms; q > 0 {
					fmt.Fprintf(&b, "%d%s", q, u.name)
					rest -= q * u.ms
				}
			}
			if got, err := ParseDuration(b.String()); err == nil && float64(got) == v {
				return b.String()
			}
		}
	}
	// Parts that do not recombine exactly, or fractions of a millisecond: plain
	// seconds, which parse back exactly (the multiplier is 1).
	return formatDecimal(v, 0) + "s"
}

// Hours returns the duration in hours.
func (d Duration) Hours() float64 { return float64(d) / 3600 }

// Seconds returns the duration in seconds.
func (d Duration) Seconds() float64 { return float64(d) }

// ParseTimeOfDay parses a time of day "HH:MM" or "HH:MM:SS" (seconds may have a
// fraction; a one-digit hour such as 8:00 is read as 08:00), from "00:00" to "24:00",
// in seconds since midnight.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	t := strings.TrimSpace(s)
	parts := strings.Split(t, ":")
	bad := fmt.Errorf("time of day %q is not HH:MM between 00:00 and 24:00 (e.g. \"08:00\")", s)
	if len(parts) < 2 || len(parts) > 3 {
		if isBareNumber(t) {
			return 0, fmt.Errorf("time of day needs the form HH:MM, e.g. \"08:00\"")
		}
		return 0, bad
	}
	whole := func(p string) (int, bool) {
		if len(p) != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' {
			return 0, false
		}
		return int(p[0]-'0')*10 + int(p[1]-'0'), true
	}
	hh := parts[0]
	if len(hh) == 1 {
		hh = "0" + hh // 8:00 as 08:00
	}
	h, ok1 := whole(hh)
	m, ok2 := whole(parts[1])
	if !ok1 || !ok2 || h > 24 || m > 59 {
		return 0, bad
	}
	sec := 0.0
	if len(parts) == 3 {
		p := parts[2]
		if len(p) < 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' {
			return 0, bad
		}
		v, rest, ok := splitNumber(p)
		if !ok || rest != "" || v >= 60 || (len(p) > 2 && p[2] != '.') {
			return 0, bad
		}
		sec = v
	}
	total := float64(h*3600+m*60) + sec
	if total > 86400 {
		return 0, bad
	}
	return TimeOfDay(total), nil
}

// String writes the time of day as "08:00", "08:00:30" or "08:00:30.5".
func (t TimeOfDay) String() string {
	v := float64(t)
	if math.IsNaN(v) || v < 0 || v > 86400 {
		return fmt.Sprintf("invalid time of day %g", v)
	}
	whole := math.Floor(v)
	h := int(whole) / 3600
	m := int(whole) % 3600 / 60
	sec := v - float64(h*3600+m*60)
	if sec == 0 {
		return fmt.Sprintf("%02d:%02d", h, m)
	}
	ss := formatDecimal(sec, 0)
	if sec < 10 {
		ss = "0" + ss
	}
	out := fmt.Sprintf("%02d:%02d:%s", h, m, ss)
	if got, err := ParseTimeOfDay(out); err != nil || float64(got) != v {
		// h*3600+m*60+sec does not recombine exactly; try neighbouring seconds text.
		for prec := 1; prec <= 17; prec++ {
			s2 := formatDecimal(sec, prec)
			if sec < 10 {
				s2 = "0" + s2
			}
			cand := fmt.Sprintf("%02d:%02d:%s", h, m, s2)
			if got, err := ParseTimeOfDay(cand); err == nil && float64(got) == v {
				return cand
			}
		}
	}
	return out
}

// Hours returns the time of day in hours since midnight.
func (t TimeOfDay) Hours() float64 { return float64(t) / 3600 }

// Weekday is a day of the week, numbered like time.Weekday (0 = Sunday).
// Written as mon, tue, … or in full (monday); case does not matter.
type Weekday time.Weekday

var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeekday parses a weekday: mon, tue, wed, thu, fri, sat, sun or the full name.
func ParseWeekday(s string) (Weekday, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range weekdayNames {
		if t == n || t == strings.ToLower(time.Weekday(i).String()) {
			return Weekday(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a weekday (mon, tue, wed, thu, fri, sat, sun)", s)
}

// String writes the weekday's three-letter name, e.g. "mon".
func (w Weekday) String() string {
	if w < 0 || w > 6 {
		return fmt.Sprintf("invalid weekday %d", int(w))
	}
	return weekdayNames[w]
}

// ParseFraction parses a share in [0, 1], written as a decimal (0.25) or a
// percentage (25%).
func ParseFraction(s string) (Fraction, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a fraction between 0 and 1 (e.g. 0.25 or 25%%)", s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("fraction %q is negative (must be between 0 and 1, e.g. 0.25)", s)
	}
	v, rest, ok := splitNumber(strings.TrimPrefix(t, "+"))
	if !ok || rest != "" {
		return 0, bad
	}
	if pct {
		v /= 100
	}
	if v > 1 {
		return 0, fmt.Errorf("fraction %s is above 1 (must be between 0 and 1, e.g. 0.25)", s)
	}
	return Fraction(v), nil
}

// String writes the fraction as a decimal in its shortest round-tripping form, e.g. "0.25".
func (f Fraction) String() string {
	v := float64(f)
	if math.IsNaN(v) || v < 0 || v > 1 {
		return fmt.Sprintf("invalid fraction %g", v)
	}
	return formatDecimal(v, 0)
}

// parseDate parses a calendar date YYYY-MM-DD as midnight UTC.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD (e.g. 2004-03-01)", s)
	}
	return t, nil
}
