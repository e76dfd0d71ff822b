package scenarios

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// The fuzz targets check that no input panics or hangs, that every rejection is
// an error value with a position, and that whatever is accepted survives a round
// trip: a unit through String, a scenario through ResolvedYAML. Seed corpora are
// under testdata/fuzz/<target>/ (checked in) plus the f.Add calls below.

// compact is a small scenario in flow style that uses every section of the format.
const compact = `name: c
horizon: 30d
calendar: {working_hours: {start: "08:00", end: "18:00"}, working_days: [mon, fri]}
mailbox: {size: {median: 10MB, p95: 50MB}, traffic_per_day: {online: 8MB, cached: 0B, peak_factor: 2}}
clients: {outlook2003: {slow_link: {threshold: 128kbps, measured_on: adapter}, usable_fraction: 25%}, online: {reconnect_penalty: 2m}}
servers: {exchange55: {outages: off, disk_iops_per_user: 0.8}, exchange2003: {outages: {mtbf: 9d, duration: 1h}}}
datacenter: {link: {down: 2Mbps, up: 2Mbps}, servers: [{name: X, throughput: 2GB/h}]}
site_defaults: {outages: {blips: {mtbf: 1d, duration: {min: 1s, max: 9s}}}}
sites:
  - {name: A, users: 9, wan: {down: 64kbps, up: 64kbps}, remote_users: {count: 2}}
  - {name: B, users: 3, wan: {down: 1Mbps, up: 1Mbps}, local_server: false, served_by: A, mailbox: {size: 1GB}}
rollout: {orderings: [servers-first], gap: 1d, clients: {users_per_day: 5}, moves: {window: {start: "00:00", end: "24:00"}, on_failure: resume}}
simulation: {replications: 2, seed: 7, bucket: 30m}
decision: {min_user_hours: 2}
costs: {currency: EUR, user_hour: 10, office_deployment: combined}
`

// FuzzParseScenario parses arbitrary YAML with one arbitrary --set override.
func FuzzParseScenario(f *testing.F) {
	// Small seeds only: the minimizer shrinks every new input byte by byte, and
	// kilobyte inputs would spend the whole fuzz budget there. compact touches every
	// section; the built-ins and the example are checked by the unit tests.
	f.Add(compact, "sites.*.wan.down=512kbps")
	f.Add(compact, "rollout.site_order=[B, A]")
	f.Add(base, "servers.exchange55.outages=off")
	f.Add(base+"site_defaults: {outages: {wan: off, blips: {mtbf: 1d, duration: 5s}}}\n", "sites.0.mailbox.size=0B")
	f.Add("a: &x [1, *x]\n", "")
	f.Add("name: t\nsites: [{name: A, users: 1, wan: {down: 1bps, up: 1bps}, local_server: false}]\n", "sites.A.served_by=A")
	f.Fuzz(func(t *testing.T, src, set string) {
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		sc, err := Parse("fuzz.yaml", []byte(src), sets)
		if err != nil {
			var el *ErrorList
			if !errors.As(err, &el) || el.Len() == 0 {
				t.Fatalf("error %T %v is not a non-empty *ErrorList", err, err)
			}
			for _, e := range el.Errors {
				if e.Msg == "" || (e.Pos.File != "fuzz.yaml" && e.Pos.File != setFile) {
					t.Fatalf("error without message or file: %+v", e)
				}
			}
			return
		}
		checkFinite(t, reflect.ValueOf(*sc), "Scenario")
		y := sc.ResolvedYAML()
		back, err := Parse("resolved.yaml", []byte(y), nil)
		if err != nil {
			t.Fatalf("resolved YAML does not parse: %v\n%s", err, y)
		}
		a, b := *sc, *back
		a.origins, b.origins, a.file, b.file = nil, nil, "", ""
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("resolved YAML resolves differently:\n%+v\n%+v\n%s", a, b, y)
		}
	})
}

// checkFinite fails on any NaN or infinite float in a resolved scenario.
func checkFinite(t *testing.T, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 && !strings.HasSuffix(path, "Seed") {
			t.Fatalf("%s = %v", path, f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				checkFinite(t, v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkFinite(t, v.Index(i), path)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			checkFinite(t, v.Elem(), path)
		}
	}
}

// fuzzUnit checks one unit parser: no panic; an accepted value is finite, not
// negative, and parses back from its String exactly.
func fuzzUnit[T interface {
	~float64
	String() string
}](t *testing.T, s string, parse func(string) (T, error)) {
	v, err := parse(s)
	if err != nil {
		if err.Error() == "" {
			t.Fatalf("%q: empty error", s)
		}
		return
	}
	if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) || v < 0 {
		t.Fatalf("%q parses to %v", s, float64(v))
	}
	back, err := parse(v.String())
	if err != nil || back != v {
		t.Fatalf("%q → %v → %q → %v, %v", s, float64(v), v.String(), float64(back), err)
	}
}

func FuzzParseBytes(f *testing.F) {
	for _, s := range []string{"75KB", "1.5GB", "20MiB", "0B", "8.1MB", "75", "-1MB", ".5TiB", "1e3KB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzUnit(t, s, ParseBytes) })
}

func FuzzParseBitRate(f *testing.F) {
	for _, s := range []string{"128kbps", "1.544Mbps", "2GB/h", "30MB/min", "1544000", "10MB", "1GB/d", "0bps"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzUnit(t, s, ParseBitRate) })
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"45s", "30m", "1h30m", "14d", "150ms", "0.5ms", "30", "1h30", "2min", "1d1d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzUnit(t, s, ParseDuration) })
}

func FuzzParseTimeOfDay(f *testing.F) {
	for _, s := range []string{"08:00", "24:00", "07:05:30.25", "8", "25:00", "23:59:59.999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzUnit(t, s, ParseTimeOfDay)
		if v, err := ParseTimeOfDay(s); err == nil && v > 86400 {
			t.Fatalf("%q parses to %v, after 24:00", s, float64(v))
		}
	})
}

func FuzzParseFraction(f *testing.F) {
	for _, s := range []string{"0.25", "25%", "1", "0", "1.5", "-0.1", ".3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzUnit(t, s, ParseFraction)
		if v, err := ParseFraction(s); err == nil && v > 1 {
			t.Fatalf("%q parses to %v, above 1", s, float64(v))
		}
	})
}

func FuzzParseWeekday(f *testing.F) {
	for _, s := range []string{"mon", "Sunday", "FRI", "funday", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeekday(s)
		if err != nil {
			return
		}
		if back, err := ParseWeekday(w.String()); err != nil || back != w {
			t.Fatalf("%q → %v → %q → %v, %v", s, w, w.String(), back, err)
		}
	})
}

// The fuzz seeds start from valid scenarios, so the round-trip property is
// exercised from the first input.
func TestFuzzSeedsAreValid(t *testing.T) {
	for _, set := range []string{"sites.*.wan.down=512kbps", "rollout.site_order=[B, A]"} {
		sc, err := Parse("compact.yaml", []byte(compact), []string{set})
		if err != nil {
			t.Fatalf("%s: %v", set, err)
		}
		if sc.Sites[1].ServedBy != "A" || sc.Rollout.Moves.OnFailure != OnFailureResume || sc.Costs.OfficeDeployment != OfficeCombined {
			t.Errorf("compact resolved to %+v", sc)
		}
	}
}
