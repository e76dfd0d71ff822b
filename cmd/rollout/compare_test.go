package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/internal/smalljson"
	"github.com/rollout-sim/rollout/reports"
)

// update rewrites the golden files of package main's tests instead of comparing:
// go test ./cmd/rollout -run Golden -update. Defined once for the package.
var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestCompareJSONDocument: `compare --json -` writes the comparison document, and
// its reproducing command line leaves out --workers (results do not depend on it:
// the library's TestCompareSameForAnyWorkers).
func TestCompareJSONDocument(t *testing.T) {
	code, out, errOut := runCLI(t, "compare", "branch-consolidation", "-r", "4", "--workers", "2", "--json", "-", "--quiet", "-o", "")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		SchemaVersion int                        `json:"schema_version"`
		Replications  int                        `json:"replications"`
		Orderings     map[string]json.RawMessage `json:"orderings"`
		Comparison    map[string]json.RawMessage `json:"comparison"`
		Run           reports.RunInfo            `json:"run"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.SchemaVersion != reports.SchemaVersion || doc.Replications != 4 || len(doc.Orderings) != 2 || doc.Comparison[reports.KeyDisruption] == nil {
		t.Errorf("document: %+v", doc)
	}
	if strings.Contains(doc.Run.CommandLine, "workers") {
		t.Errorf("command line keeps --workers: %q", doc.Run.CommandLine)
	}
}

// TestCompareJSONGolden pins the JSON document of a tiny deterministic scenario
// (fixed mailboxes, no outages) as the command writes it, with a handful of metrics
// (smallJSON; the readable text of every built-in is pinned in reports/experiment).
// The tool and Go versions are masked, as they change with the build, not with the
// results.
func TestCompareJSONGolden(t *testing.T) {
	code, out, errOut := runCLI(t, "compare", filepath.Join("testdata", "compare_tiny.yaml"), "--json", "-", "--quiet", "-o", "")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out = strings.Replace(out, `"tool_version": `+jsonString(toolVersion()), `"tool_version": "TOOL"`, 1)
	out = strings.Replace(out, `"go_version": `+jsonString(runtime.Version()), `"go_version": "GO"`, 1)
	out = string(smallJSON(t, []byte(out)))
	path := filepath.Join("testdata", "compare_tiny.golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/rollout -run Golden -update creates it)", err)
	}
	if out != string(want) {
		t.Errorf("JSON differs from %s (rerun with -update if intended):\n%s", path, out)
	}
}

// smallJSON keeps, of a comparison document, three metrics in every map keyed by
// metric (orderings' metrics, comparison, metric_definitions) and the first two
// assumptions, and writes it back indented (object keys sorted).
func smallJSON(t *testing.T, doc []byte) []byte {
	t.Helper()
	out, err := smalljson.Shrink(doc, map[string]bool{"disruption_user_hours": true, "wan_gigabytes": true, "migration_end_days": true})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestSweepLeedsWANBreakEven is the acceptance sweep: Leeds' WAN from 64 kbps to
// 10 Mbps on a log scale; the output shows both orderings' disruption at every value
// and names a break-even or says there is none in the range.
func TestSweepLeedsWANBreakEven(t *testing.T) {
	dir := t.TempDir()
	js, csvDir := filepath.Join(dir, "sweep.json"), filepath.Join(dir, "csv")
	code, out, errOut := runCLI(t, "sweep", "--param", "sites.Leeds.wan.down", "--range", "64kbps:10Mbps:4", "--log", "-r", "2", "--quiet", "-o", "", "--json", js, "--csv", csvDir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		SchemaVersion int               `json:"schema_version"`
		Values        []string          `json:"values"`
		Numeric       []float64         `json:"numeric"`
		Points        []json.RawMessage `json:"points"`
		BreakEven     []json.RawMessage `json:"break_even"`
	}
	if b, err := os.ReadFile(js); err != nil || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("sweep JSON: %v", err)
	}
	// 64 kbps · (10 Mbps / 64 kbps)^(1/3) = 345 kbps, then 1.86 Mbps (three digits).
	if doc.SchemaVersion != reports.SchemaVersion || strings.Join(doc.Values, ",") != "64kbps,345kbps,1.86Mbps,10Mbps" || len(doc.Points) != 4 || doc.Numeric[1] != 345e3 {
		t.Errorf("sweep JSON: version %d, values %v, numeric %v, %d points", doc.SchemaVersion, doc.Values, doc.Numeric, len(doc.Points))
	}
	for _, name := range []string{"sweep.csv", "break_even.csv"} {
		if _, err := os.Stat(filepath.Join(csvDir, name)); err != nil {
			t.Error(err)
		}
	}
	t.Logf("\n%s", out)
	for _, s := range []string{"64kbps", "10Mbps", "clients-first disruption", "servers-first disruption"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
	if !strings.Contains(out, "Break-even: the recommendation flips from") && !strings.Contains(out, "No break-even in the range 64kbps to 10Mbps") {
		t.Errorf("output names no break-even and does not say there is none:\n%s", out)
	}
}

// TestCompareInterruptedWritesNothing: a cancelled run exits 1 and leaves no file.
func TestCompareInterruptedWritesNothing(t *testing.T) {
	dir := t.TempDir()
	c := commands["compare"]
	fs := newFlagSet(c)
	report, js := filepath.Join(dir, "r.html"), filepath.Join(dir, "r.json")
	if err := fs.Parse([]string{"-r", "50", "--quiet", "-o", report, "--json", js, "--csv", filepath.Join(dir, "csv")}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := runCompare(ctx, &env{stdout: &out, stderr: &errb, args: []string{"rollout", "compare"}}, fs, "compare", nil)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(errb.String(), "interrupted; nothing written") {
		t.Errorf("stderr %q", errb.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written after the interrupt: %v", entries)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
}

// TestCompareWritesCSVAndJSONFiles: the file outputs exist and carry the tables.
func TestCompareWritesCSVAndJSONFiles(t *testing.T) {
	dir := t.TempDir()
	js, csvDir := filepath.Join(dir, "out.json"), filepath.Join(dir, "csv")
	// No --quiet: stderr is not a terminal here, so there must be no progress bar either.
	code, out, errOut := runCLI(t, "compare", filepath.Join("testdata", "compare_tiny.yaml"), "--json", js, "--csv", csvDir, "-o", "")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// stderr is not a terminal here: no progress bar, only a line per file written
	for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
		if !strings.HasPrefix(line, "Wrote ") {
			t.Errorf("stderr line %q, want only \"Wrote PATH\" lines", line)
		}
	}
	if !strings.Contains(errOut, "Wrote "+js+"\n") || !strings.Contains(errOut, "Wrote "+filepath.Join(csvDir, "metrics.csv")+"\n") {
		t.Errorf("stderr does not name every file written:\n%s", errOut)
	}
	if !strings.Contains(out, "Recommendation: ") || strings.Contains(out, "Wrote") {
		t.Errorf("stdout:\n%s", out)
	}
	if b, err := os.ReadFile(js); err != nil || !json.Valid(b) {
		t.Errorf("json file: %v", err)
	}
	for _, name := range []string{"metrics.csv", "comparison.csv", "recommendation.csv", "assumptions.csv", "series_clients-first_users_by_state.csv"} {
		b, err := os.ReadFile(filepath.Join(csvDir, name))
		if err != nil || bytes.Count(b, []byte("\n")) < 2 {
			t.Errorf("%s: %v (%d bytes)", name, err, len(b))
		}
	}
}

// TestRunOneOrdering: run reports one ordering and no comparison; a missing or
// unknown ordering is a usage error.
func TestRunOneOrdering(t *testing.T) {
	code, out, errOut := runCLI(t, "run", "--ordering", "servers-first", filepath.Join("testdata", "compare_tiny.yaml"), "--json", "-", "--quiet", "-o", "")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var ords map[string]any
	_ = json.Unmarshal(doc["orderings"], &ords)
	if len(ords) != 1 || ords["servers-first"] == nil || doc["comparison"] != nil || doc["recommendation"] != nil {
		t.Errorf("run document has orderings %v, comparison %s, recommendation %s", ords, doc["comparison"], doc["recommendation"])
	}
	for _, args := range [][]string{{"run"}, {"run", "--ordering", "both"}} {
		if code, _, _ := runCLI(t, args...); code != exitInvalid {
			t.Errorf("%v: exit %d, want %d", args, code, exitInvalid)
		}
	}
}

// TestExperimentUsageErrors: bad flags are exit 2 with a message.
func TestExperimentUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"compare", "a", "b"},
		{"compare", "-r", "0"},
		{"compare", "--workers", "-1"},
		{"compare", "no-such-scenario"},
		{"sweep", "--values", "1,2"},
		{"sweep", "--param", "sites.Leeds.wan.down"},
		{"sweep", "--param", "sites.Leeds.wan.down", "--values", "1Mbps", "--range", "1Mbps:2Mbps:2"},
		{"sweep", "--param", "sites.Leeds.wan.down", "--range", "1Mbps:2Mbps"},
		{"sweep", "--param", "sites.Leeds.wan.down", "--range", "0bps:2Mbps:3", "--log"},
		{"sweep", "--param", "sites.Leeds.wan.down", "--values", "fast"},
		{"sweep", "--param", "sites.Leeds.wan.down", "--values", "1Mbps,,2Mbps"},
	} {
		code, out, errOut := runCLI(t, args...)
		if code != exitInvalid || errOut == "" || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q", args, code, errOut, out)
		}
	}
}

func TestCommandLineDropsWorkersAndQuiet(t *testing.T) {
	got := commandLine([]string{"rollout", "compare", "--workers", "2", "--quiet", "--workers=3", "--max-memory", "8GB", "--max-memory=9GB", "--set", "sites.HQ.name=Head Office", "-r", "4"})
	want := "rollout compare --set 'sites.HQ.name=Head Office' -r 4"
	if got != want {
		t.Errorf("commandLine = %q, want %q", got, want)
	}
}

// TestParseRange: 64 kbps to 10 Mbps in 3 log steps: the middle value is
// √(64e3 · 10e6) = 800 kbps. Linear 0..1 in 5 steps: 0, 0.25, 0.5, 0.75, 1. Integer
// endpoints give whole numbers: 100..400 in 4 log steps: 100, 159 (158.7), 252, 400.
func TestParseRange(t *testing.T) {
	check := func(spec string, log bool, want ...string) {
		t.Helper()
		vs, _, err := parseRange(spec, log)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			got = append(got, v.text)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s (log %v) = %v, want %v", spec, log, got, want)
		}
	}
	check("64kbps:10Mbps:3", true, "64kbps", "800kbps", "10Mbps")
	check("0:1:5", false, "0", "0.25", "0.5", "0.75", "1")
	check("100:400:4", true, "100", "159", "252", "400")
	if vs, _, _ := parseRange("64kbps:10Mbps:3", true); vs[1].numeric != 800e3 {
		t.Errorf("800kbps numeric = %v", vs[1].numeric)
	}
}

// TestProgressLine: the bar shows done/total, rate and ETA; a non-terminal writer
// gets no bar at all.
func TestProgressLine(t *testing.T) {
	if p := newProgress(&bytes.Buffer{}, false, 10, "replications"); p != nil {
		t.Error("a bar on a non-terminal writer")
	}
	var buf bytes.Buffer
	clock := testClock()
	p := newProgressTo(&buf, 60, "replications", clock.now)
	for i := 0; i < 12; i++ {
		clock.advance(250) // 12 steps in 3 s: 4.0/s; 48 left → 12 s
		p.step()
	}
	lines := strings.Split(buf.String(), "\r")
	last := lines[len(lines)-1]
	want := "[======>                       ] 12/60 replications  4.0/s  ETA 0:12\x1b[K"
	if last != want {
		t.Errorf("bar %q, want %q", last, want)
	}
	p.finish()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("finish does not clear the line: %q", buf.String())
	}
}

type fakeClock struct{ t time.Time }

func testClock() *fakeClock         { return &fakeClock{t: time.Unix(0, 0)} }
func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) advance(milliseconds int) {
	c.t = c.t.Add(time.Duration(milliseconds) * time.Millisecond)
}

// TestParseValues: quantities keep their base-unit value; any non-quantity makes the
// list categorical, numbered in order.
func TestParseValues(t *testing.T) {
	vs, _, cat, err := parseValues("256kbps, 1.544Mbps")
	if err != nil || cat || len(vs) != 2 || vs[0].numeric != 256e3 || vs[1].numeric != 1.544e6 || vs[1].text != "1.544Mbps" {
		t.Errorf("rates: %+v categorical %v err %v", vs, cat, err)
	}
	vs, _, cat, err = parseValues("keep,resync")
	if err != nil || !cat || vs[0].numeric != 0 || vs[1].numeric != 1 || vs[1].text != "resync" {
		t.Errorf("categories: %+v categorical %v err %v", vs, cat, err)
	}
}

// TestSweepBreakEvenConsistent: on troubled-servers, as the old servers' idle RPC
// latency grows from a healthy 5 ms to 80 ms, servers-first takes over. Whatever the model says, the sweep's break-evens must match its
// points: one between every two deciding points whose recommendations differ, with
// the estimate inside that bracket, and none elsewhere.
func TestSweepBreakEvenConsistent(t *testing.T) {
	code, out, errOut := runCLI(t, "sweep", "troubled-servers", "--param", "servers.exchange55.rpc_latency", "--values", "5ms,20ms,80ms", "-r", "3", "--quiet", "-o", "", "--json", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Numeric []float64 `json:"numeric"`
		Points  []struct {
			Recommendation reports.Recommendation `json:"recommendation"`
		} `json:"points"`
		BreakEven []reports.BreakEven `json:"break_even"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var recs []string
	var flips int
	last := -1
	for i, p := range doc.Points {
		r := p.Recommendation
		recs = append(recs, string(r.Ordering))
		if r.Tie || r.Ordering == "" {
			continue
		}
		if last >= 0 && doc.Points[last].Recommendation.Ordering != r.Ordering {
			if flips >= len(doc.BreakEven) {
				t.Fatalf("flip between points %d and %d has no break-even: %+v", last, i, doc.BreakEven)
			}
			be := doc.BreakEven[flips]
			if be.Estimate < doc.Numeric[last] || be.Estimate > doc.Numeric[i] || be.From != doc.Points[last].Recommendation.Ordering || be.To != r.Ordering {
				t.Errorf("break-even %+v does not fit the flip between %v and %v", be, doc.Numeric[last], doc.Numeric[i])
			}
			flips++
		}
		last = i
	}
	if flips != len(doc.BreakEven) {
		t.Errorf("%d flips but %d break-evens", flips, len(doc.BreakEven))
	}
	t.Logf("recommendations at slow_fraction 0, 0.2, 0.6: %v; break-evens %+v", recs, doc.BreakEven)
}

// TestSweepNamesParamInErrors: a bad swept path or value is reported against
// --param, not against the --set the sweep builds from it.
func TestSweepNamesParamInErrors(t *testing.T) {
	code, _, errOut := runCLI(t, "sweep", "--param", "sites.Leeds.wan.down", "--values", "1d,2Mbps", "-o", "")
	if code != exitInvalid || !strings.HasPrefix(errOut, "rollout sweep: --param sites.Leeds.wan.down = 1d: ") || strings.Contains(errOut, "--set") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
