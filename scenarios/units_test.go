package scenarios

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Bytes
	}{
		{"75KB", 75e3},
		{"1.5GB", 1.5e9},
		{"20MiB", 20 << 20},
		{"1KiB", 1024},
		{"0B", 0},
		{"8.1MB", 8.1e6},
		{"2TB", 2e12},
		{" 3 MB ", 3e6}, // spaces around and before the unit are allowed
		{".5GB", 0.5e9},
		{"4kB", 4000},
		{"1e3KB", 1e6},   // an exponent: 1e3 × 1000 B
		{"1e15MB", 1e21}, // 1e15 × 1e6 B
		{"2.5E-3GB", 2.5e6},
	} {
		got, err := ParseBytes(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseBytes(%q) = %v, %v; want %v", tc.in, float64(got), err, float64(tc.want))
		}
	}
}

func TestParseBytesErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"75", "size needs a unit, e.g. 75KB or 1.5GB"},
		{"0", "size needs a unit, e.g. 75KB or 1.5GB"},
		{"-5MB", `size "-5MB" is negative (must be ≥ 0, e.g. 75KB or 1.5GB)`},
		{"5mb", `size "5mb" has an unknown unit "mb" (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB, kB; e.g. 75KB or 1.5GB)`},
		{"1.5gB", `size "1.5gB" has an unknown unit "gB" (did you mean "1.5GB"?)`},
		{"3mib", `size "3mib" has an unknown unit "mib" (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB, kB; e.g. 75KB or 1.5GB)`},
		{"", "size is empty (e.g. 75KB or 1.5GB)"},
		{"MB", `size "MB" is not a number with a unit (e.g. 75KB or 1.5GB)`},
		{"1e400KB", `size "1e400KB" is too large`},
		{"1eKB", `size "1eKB" has an unknown unit "eKB" (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB, kB; e.g. 75KB or 1.5GB)`},
		{"NaNMB", `size "NaNMB" is not a number with a unit (e.g. 75KB or 1.5GB)`},
	} {
		_, err := ParseBytes(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseBytes(%q) error = %v\n want %s", tc.in, err, tc.want)
		}
	}
}

func TestParseBitRate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want BitRate
	}{
		{"128kbps", 128e3},
		{"1.544Mbps", 1.544e6},
		{"10Mbps", 10e6},
		{"1Gbps", 1e9},
		{"56000bps", 56e3},
		{"64Kbps", 64e3},
		// 2 GB per hour = 2e9 bytes × 8 bits / 3600 s = 4,444,444.4… bits per second.
		{"2GB/h", 2e9 * 8 / 3600},
		{"1MB/s", 8e6},
		{"30MB/min", 30e6 * 8 / 60},
		{"1GB/d", 1e9 * 8 / 86400},
	} {
		got, err := ParseBitRate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseBitRate(%q) = %v, %v; want %v", tc.in, float64(got), err, float64(tc.want))
		}
	}
}

func TestParseBitRateErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1544000", "rate needs a unit, e.g. 1.544Mbps"},
		{"10MB", `rate "10MB" is a size, not a rate (bits per second, e.g. 1.544Mbps, or a size per time, e.g. 2GB/h)`},
		{"10Mbit", `rate "10Mbit" has an unknown unit "Mbit" (units: bps, kbps, Mbps, Gbps, Kbps; e.g. 1.544Mbps)`},
		{"1mbps", `rate "1mbps" has an unknown unit "mbps" (did you mean "1Mbps"?)`},
		{"64 KBPS", `rate "64 KBPS" has an unknown unit "KBPS" (did you mean "64 kbps"?)`},
		{"2GB/week", `rate "2GB/week" has an unknown time unit "week" after '/' (s, m, h, d; e.g. 2GB/h)`},
		{"2/h", `rate "2/h": size needs a unit, e.g. 75KB or 1.5GB`},
		{"-1Mbps", `rate "-1Mbps" is negative (must be ≥ 0, e.g. 1.544Mbps)`},
	} {
		_, err := ParseBitRate(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseBitRate(%q) error = %v\n want %s", tc.in, err, tc.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Duration
	}{
		{"45s", 45},
		{"30m", 1800},
		{"6h", 21600},
		{"14d", 14 * 86400},
		{"1h30m", 5400},
		{"1d12h", 36 * 3600},
		{"150ms", 0.15},
		{"2min", 120},
		{"0d", 0},
		{"1.5h", 5400},
		{"0.5ms", 0.0005},
		{"1 h", 3600},
		{"1h 30m", 5400},
		{" 2 d 12 h ", 60 * 3600},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, float64(got), err, float64(tc.want))
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"30", "duration needs a unit, e.g. 30m or 1h30m"},
		{"1h30", `duration "1h30" needs a unit after each number (d, h, m, s, ms; e.g. 30m or 1h30m)`},
		{"3w", `duration "3w" has an unknown unit "w" (units d, h, m, s, ms; e.g. 30m or 1h30m)`},
		{"1 0h", `duration "1 0h" needs a unit after each number (d, h, m, s, ms; e.g. 30m or 1h30m)`},
		{"2D", `duration "2D" has an unknown unit "D" (did you mean "d"?)`},
		{"1h 30MS", `duration "1h 30MS" has an unknown unit "MS" (did you mean "ms"?)`},
		{"-1h", `duration "-1h" is negative (must be ≥ 0, e.g. 30m or 1h30m)`},
		{"h", `duration "h" is not a number with a unit (units d, h, m, s, ms; e.g. 30m or 1h30m)`},
		{"", "duration is empty (e.g. 30m or 1h30m)"},
	} {
		_, err := ParseDuration(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseDuration(%q) error = %v\n want %s", tc.in, err, tc.want)
		}
	}
}

func TestParseTimeOfDay(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want TimeOfDay
	}{
		{"08:00", 8 * 3600},
		{"18:30", 18*3600 + 30*60},
		{"00:00", 0},
		{"24:00", 86400},
		{"07:05:30", 7*3600 + 5*60 + 30},
		{"07:05:30.25", 7*3600 + 5*60 + 30.25},
		{"8:00", 8 * 3600}, // a one-digit hour, as people write it
	} {
		got, err := ParseTimeOfDay(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v", tc.in, float64(got), err, float64(tc.want))
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"8", `time of day needs the form HH:MM, e.g. "08:00"`},
		{"25:00", `time of day "25:00" is not HH:MM between 00:00 and 24:00 (e.g. "08:00")`},
		{"24:01", `time of day "24:01" is not HH:MM between 00:00 and 24:00 (e.g. "08:00")`},
		{"8:0", `time of day "8:0" is not HH:MM between 00:00 and 24:00 (e.g. "08:00")`},
		{"008:00", `time of day "008:00" is not HH:MM between 00:00 and 24:00 (e.g. "08:00")`},
		{"08:60", `time of day "08:60" is not HH:MM between 00:00 and 24:00 (e.g. "08:00")`},
	} {
		_, err := ParseTimeOfDay(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseTimeOfDay(%q) error = %v\n want %s", tc.in, err, tc.want)
		}
	}
}

func TestParseWeekdayAndFraction(t *testing.T) {
	for in, want := range map[string]Weekday{"mon": 1, "Sun": 0, "saturday": 6, "FRI": 5} {
		if got, err := ParseWeekday(in); err != nil || got != want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseWeekday("mo"); err == nil || err.Error() != `"mo" is not a weekday (mon, tue, wed, thu, fri, sat, sun)` {
		t.Errorf("ParseWeekday(mo) error = %v", err)
	}
	for in, want := range map[string]Fraction{"0.25": 0.25, "25%": 0.25, "1": 1, "0": 0, "100%": 1, ".3": 0.3} {
		if got, err := ParseFraction(in); err != nil || got != want {
			t.Errorf("ParseFraction(%q) = %v, %v; want %v", in, float64(got), err, float64(want))
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"1.5", "fraction 1.5 is above 1 (must be between 0 and 1, e.g. 0.25)"},
		{"-0.1", `fraction "-0.1" is negative (must be between 0 and 1, e.g. 0.25)`},
		{"half", `"half" is not a fraction between 0 and 1 (e.g. 0.25 or 25%)`},
	} {
		_, err := ParseFraction(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseFraction(%q) error = %v\n want %s", tc.in, err, tc.want)
		}
	}
}

// TestUnitStrings checks the canonical forms String writes.
func TestUnitStrings(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Bytes(75e3).String(), "75KB"},
		{Bytes(1.5e9).String(), "1.5GB"},
		{Bytes(20 << 20).String(), "20MiB"},
		{Bytes(0).String(), "0B"},
		{Bytes(1234567).String(), "1.234567MB"},
		{BitRate(1.544e6).String(), "1.544Mbps"},
		{BitRate(128e3).String(), "128kbps"},
		{BitRate(2e9 * 8 / 3600).String(), "2GB/h"},
		{BitRate(0).String(), "0bps"},
		{Duration(5400).String(), "1h30m"},
		{Duration(14 * 86400).String(), "14d"},
		{Duration(0.15).String(), "150ms"},
		{Duration(0).String(), "0s"},
		{Duration(0.0005).String(), "0.0005s"},
		{TimeOfDay(8 * 3600).String(), "08:00"},
		{TimeOfDay(7*3600 + 5*60 + 30.25).String(), "07:05:30.25"},
		{Weekday(time.Wednesday).String(), "wed"},
		{Fraction(0.3).String(), "0.3"},
	} {
		if tc.got != tc.want {
			t.Errorf("String() = %q, want %q", tc.got, tc.want)
		}
	}
}

// TestUnitRoundTrip checks parse → String → parse for written forms and for
// 2,000 random values of each type (seeded): the value must come back exactly.
func TestUnitRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	randomMagnitude := func() float64 {
		// Log-uniform over 1e-6 … 1e15, plus some whole numbers.
		v := math.Pow(10, rng.Float64()*21-6)
		if rng.IntN(3) == 0 {
			v = math.Round(v)
		}
		return v
	}
	for _, s := range []string{"75KB", "1.5GB", "20MiB", "0B", "3.9MB", "1KiB", ".1B"} {
		roundTrip(t, "Bytes", s, ParseBytes)
	}
	for _, s := range []string{"2GB/h", "1.544Mbps", "56000bps", "30MB/min", "1GB/d", "64Kbps"} {
		roundTrip(t, "BitRate", s, ParseBitRate)
	}
	for _, s := range []string{"1h30m", "150ms", "0d", "1d12h", "1.5s", "2min", "0.0005ms", "90m"} {
		roundTrip(t, "Duration", s, ParseDuration)
	}
	for _, s := range []string{"08:00", "24:00", "00:00:00.001", "23:59:59.999"} {
		roundTrip(t, "TimeOfDay", s, ParseTimeOfDay)
	}
	for _, s := range []string{"0.25", "25%", "1", "0", "0.3333333"} {
		roundTrip(t, "Fraction", s, ParseFraction)
	}
	for _, s := range []string{"mon", "Tuesday", "SUN"} {
		roundTrip(t, "Weekday", s, ParseWeekday)
	}
	for i := 0; i < 2000; i++ {
		v := randomMagnitude()
		checkString(t, Bytes(v), ParseBytes)
		checkString(t, BitRate(v), ParseBitRate)
		checkString(t, Duration(v), ParseDuration)
		checkString(t, TimeOfDay(rng.Float64()*86400), ParseTimeOfDay)
		checkString(t, Fraction(rng.Float64()), ParseFraction)
	}
}

func roundTrip[T interface {
	comparable
	String() string
}](t *testing.T, kind, s string, parse func(string) (T, error)) {
	t.Helper()
	v, err := parse(s)
	if err != nil {
		t.Errorf("%s %q: %v", kind, s, err)
		return
	}
	checkString(t, v, parse)
}

func checkString[T interface {
	comparable
	String() string
}](t *testing.T, v T, parse func(string) (T, error)) {
	t.Helper()
	s := v.String()
	back, err := parse(s)
	if err != nil || back != v {
		t.Errorf("%T %v: String() = %q parses to %v, %v", v, v, s, back, err)
	}
}

// Numbers in scientific notation are numbers: too large ones say so.
func TestNumbersWithExponents(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1e308", `"1e308" is too large`}, // above the 1e300 bound of plain numbers
		{"1e400", `"1e400" is too large`},
	} {
		if _, err := parseNumber(tc.in); err == nil || err.Error() != tc.want {
			t.Errorf("parseNumber(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	if v, err := parseNumber("2.5e-1"); err != nil || v != 0.25 {
		t.Errorf("parseNumber(2.5e-1) = %v, %v", v, err)
	}
	if _, err := parseInt("1e308"); err == nil || err.Error() != "1e308 is too large" {
		t.Errorf("parseInt(1e308) = %v", err)
	}
	if v, err := parseInt("150"); err != nil || v != 150 {
		t.Errorf("parseInt(150) = %v, %v", v, err)
	}
	if d, err := ParseDuration("1e1d"); err != nil || d != 10*86400 {
		t.Errorf("ParseDuration(1e1d) = %v, %v; want 10 days", float64(d), err)
	}
}
