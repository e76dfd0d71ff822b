package reports

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// synth builds a synthetic Result. blocked maps causes to blocked user-hours;
// degraded likewise; the totals are their sums.
func synth(o Ordering, rep int, blocked, degraded map[string]float64, waiting, wanGB, endDays float64, finished bool) *model.Result {
	r := &model.Result{
		Ordering: scenarios.Ordering(o), Replication: rep, Finished: finished, MigrationEndDays: endDays, ProgressFraction: 1,
		WANGigabytes: wanGB, WANGigabytesByClass: map[string]float64{"initial_sync": wanGB},
		BlockedUserHoursByCause: blocked, DegradedUserHoursByCause: degraded, WaitingUserHours: waiting,
		WANOutages: 41, Blips: 7, ServerOutages: 3,
		TimeToUsableQuantiles: []float64{float64(rep), 2 * float64(rep)},
		Series: model.Series{BucketSeconds: 3600, Groups: []model.SeriesGroup{{
			Key: "users_by_state", Unit: "users",
			Lines: []model.Line{{Name: "online_local", Values: []float64{float64(rep), float64(rep) + 1}}},
		}}},
	}
	for _, v := range blocked {
		r.BlockedUserHours += v
	}
	for _, v := range degraded {
		r.DegradedUserHours += v
	}
	if !finished {
		r.ProgressFraction = 0.5
	}
	return r
}

func testConfig() Config {
	return Config{
		Scenario:   ScenarioInfo{Name: "synthetic", Description: "hand-made results", Start: time.Date(2004, 1, 5, 0, 0, 0, 0, time.UTC)},
		Seed:       7,
		Orderings:  []Ordering{ClientsFirst, ServersFirst},
		CachedMode: true,
		// The scenario default: differences under 1 % of the larger mean are ties.
		MinRelativeDifference: 0.01,
		Assumptions: []Assumption{
			{Path: "clients.outlook2003.usable_fraction", Value: "0.1", Source: "assumed", Assumed: true, Default: true},
			{Path: "sites.Leeds.wan.down", Value: "1.544Mbps", Source: "T1"},
		},
		Metrics: model.MetricDefs(nil), // the model's definitions, without cost
	}
}

// TestAggregatorClientsFirstWins: clients-first is blocked 100 + rep user-hours by WAN
// outages, servers-first 1,000 + 2·rep, in reps 0..3. The paired differences
// (CF − SF) are −900 − rep = −900, −901, −902, −903: mean −901.5, SD 1.290994,
// half-width t(0.975, 3) · 1.290994 / 2 = 3.182446 · 0.645497 = 2.054256, so the CI is
// [−903.554, −899.446] and clients-first is recommended on disruption.
func TestAggregatorClientsFirstWins(t *testing.T) {
	agg := NewAggregator(testConfig())
	for rep := 0; rep < 4; rep++ {
		r := float64(rep)
		cf := synth(ClientsFirst, rep, map[string]float64{"wan_outage": 100 + r}, nil, 10, 50, 30, true)
		sf := synth(ServersFirst, rep, map[string]float64{"wan_outage": 1000 + 2*r}, nil, 10, 50, 30, true)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	c := agg.Comparison()
	d := c.Differences[KeyDisruption]
	near(t, "disruption difference", d.Difference, -901.5, 1e-9)
	near(t, "ci low", d.CI95[0], -903.554256, 1e-5)
	near(t, "ci high", d.CI95[1], -899.445744, 1e-5)
	rec := c.Recommendation
	if rec == nil || rec.Ordering != ClientsFirst || rec.Tie || rec.DecidingMetric != KeyDisruption || rec.Exception {
		t.Fatalf("recommendation %+v", rec)
	}
	want := "Clients-first disrupts users for 902 fewer user-hours (95 % CI 899–904) than servers-first: 112 against 1,013 user-hours blocked, waiting or slowed beyond what the end state would cost, 89 % less, because cached clients ride through the WAN outages (41 per run)."
	if rec.Reasons[0] != want {
		t.Errorf("reason 0:\n got %s\nwant %s", rec.Reasons[0], want)
	}
	all := strings.Join(rec.Reasons, "\n")
	t.Log(all)
	for _, s := range []string{"blocked by wan outage 902 (95 % CI 899–904)", "clients.outlook2003.usable_fraction = 0.1"} {
		if !strings.Contains(all, s) {
			t.Errorf("reasons lack %q:\n%s", s, all)
		}
	}
	// Series and quantile vectors are averaged bucket by bucket: reps 0..3 give
	// online_local (r, r+1), mean (1.5, 2.5); time-to-usable (r, 2r), mean (1.5, 3).
	cf := c.Orderings[0]
	got := cf.Series.Groups[0].Lines[0].Values
	if len(got) != 2 || got[0] != 1.5 || got[1] != 2.5 {
		t.Errorf("mean series = %v, want [1.5 2.5]", got)
	}
	if q := cf.TimeToUsableQuantiles; len(q) != 2 || q[0] != 1.5 || q[1] != 3 {
		t.Errorf("mean quantiles = %v, want [1.5 3]", q)
	}
	if pr := cf.PerReplication["blocked_user_hours_by_cause.wan_outage"]; len(pr) != 4 || pr[3] != 103 {
		t.Errorf("per-replication wan_outage = %v", pr)
	}
	if len(c.Notes) != 0 {
		t.Errorf("notes %v, want none", c.Notes)
	}
}

// TestBecauseClauseSharesSubject: WAN outages (blocked 50 fewer) and mailbox moves
// (20 fewer, more than a quarter of 50) both explain a clients-first win, in one clause
// with one subject.
func TestBecauseClauseSharesSubject(t *testing.T) {
	agg := outagesAndMovesWin(t)
	rec := agg.Comparison().Recommendation
	want := "because cached clients ride through the WAN outages (41 per run) and keep working while their mailbox moves."
	if !strings.HasSuffix(rec.Reasons[0], want) {
		t.Errorf("reason %q\ndoes not end %q", rec.Reasons[0], want)
	}
}

// TestAggregatorKeepsNoResult: the aggregator must not retain a Result (memory stays
// flat in R): scribbling on a result after Add changes nothing.
func TestAggregatorKeepsNoResult(t *testing.T) {
	agg := NewAggregator(testConfig())
	cf := synth(ClientsFirst, 0, map[string]float64{"wan_outage": 1}, nil, 0, 1, 1, true)
	sf := synth(ServersFirst, 0, map[string]float64{"wan_outage": 2}, nil, 0, 1, 1, true)
	if err := agg.Add([]*model.Result{cf, sf}); err != nil {
		t.Fatal(err)
	}
	cf.Series.Groups[0].Lines[0].Values[0] = 999
	cf.TimeToUsableQuantiles[0] = 999
	c := agg.Comparison()
	if v := c.Orderings[0].Series.Groups[0].Lines[0].Values[0]; v != 0 {
		t.Errorf("series changed with the result: %v", v)
	}
	if v := c.Orderings[0].TimeToUsableQuantiles[0]; v != 0 {
		t.Errorf("quantiles changed with the result: %v", v)
	}
	// Wrong ordering or count is an error, not a panic.
	if err := agg.Add([]*model.Result{sf, cf}); err == nil {
		t.Error("swapped orderings accepted")
	}
	if err := agg.Add([]*model.Result{cf}); err == nil {
		t.Error("one result for two orderings accepted")
	}
}

// TestAggregatorNotFinished: servers-first does not finish in replication 1 of 3. Its
// migration end is summarized over the 2 finished runs (30 and 34 days → mean 32), the
// paired end-days difference over the 2 replications where both finished, and the
// text and notes say "not finished in 1 of 3 replications".
func TestAggregatorNotFinished(t *testing.T) {
	agg := NewAggregator(testConfig())
	for rep := 0; rep < 3; rep++ {
		fin := rep != 1
		end := 30 + 2*float64(rep)
		if !fin {
			end = 240 // the horizon
		}
		cf := synth(ClientsFirst, rep, map[string]float64{"wan_outage": 5}, nil, 0, 10, 20+float64(rep), true)
		sf := synth(ServersFirst, rep, map[string]float64{"wan_outage": 5}, nil, 0, 10, end, fin)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	c := agg.Comparison()
	sf := c.Orderings[1]
	if sf.NotFinished != 1 || c.Orderings[0].NotFinished != 0 {
		t.Fatalf("not finished = %d, %d", c.Orderings[0].NotFinished, sf.NotFinished)
	}
	if st := sf.Metrics[model.Key(model.MetricMigrationEndDays)]; st.N != 2 || st.Mean != 32 {
		t.Errorf("servers-first end days %+v, want n 2 mean 32", st)
	}
	// Both finished in reps 0 and 2: CF − SF = 20 − 30, 22 − 34 = −10, −12.
	if d := c.Differences[model.Key(model.MetricMigrationEndDays)]; d.N != 2 || d.Difference != -11 {
		t.Errorf("end difference %+v, want n 2, −11", d)
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "servers-first: not finished in 1 of 3 replications") {
		t.Errorf("notes %q", c.Notes)
	}
	var b strings.Builder
	if err := WriteText(&b, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "servers-first: not finished in 1 of 3 replications") {
		t.Errorf("text lacks the not-finished line:\n%s", b.String())
	}
	// Disruption and WAN equal; finished 1,0,1 vs 1,1,1: differences 0, 1, 0 → CI
	// straddles zero with 3 values; end days decide on the 2 paired replications:
	// −10, −12: mean −11, SD √2, half 12.706205·1.414214/√2 = 12.706 → [−23.7, 1.7],
	// not significant either: a tie.
	if r := c.Recommendation; !r.Tie || r.Ordering != "" {
		t.Errorf("recommendation %+v, want a tie", r)
	}
}

// TestRecommendationException: servers-first wins on disruption because clients-first
// keeps users on failing 5.5 servers (server_outage blocked hours) and slow ones
// (server RPC latency, degraded): the article's exception.
func TestRecommendationException(t *testing.T) {
	agg := NewAggregator(testConfig())
	for rep := 0; rep < 5; rep++ {
		r := float64(rep)
		cf := synth(ClientsFirst, rep,
			map[string]float64{"server_outage": 500 + 10*r, "wan_outage": 20},
			map[string]float64{"server": 400 + r}, 50, 40, 60, true)
		sf := synth(ServersFirst, rep,
			map[string]float64{"server_outage": 50, "wan_outage": 60 + r},
			map[string]float64{"server": 10}, 50, 60, 60, true)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	c := agg.Comparison()
	rec := c.Recommendation
	if rec.Ordering != ServersFirst || !rec.Exception || rec.DecidingMetric != KeyDisruption {
		t.Fatalf("recommendation %+v", rec)
	}
	all := strings.Join(rec.Reasons, "\n")
	t.Log(all)
	for _, s := range []string{"because its users leave the failing servers sooner (server outages: 3 per run)", "This is the article's exception", "On WAN volume servers-first does worse by 20.0 GB"} {
		if !strings.Contains(all, s) {
			t.Errorf("reasons lack %q:\n%s", s, all)
		}
	}
}

// TestRecommendationFallsThroughToWAN: equal disruption, clients-first moves 10 GB
// less in every replication: the rule says disruption does not differ, then decides
// on WAN volume.
func TestRecommendationFallsThroughToWAN(t *testing.T) {
	agg := NewAggregator(testConfig())
	for rep := 0; rep < 3; rep++ {
		b := map[string]float64{"wan_outage": float64(rep)}
		cf := synth(ClientsFirst, rep, b, nil, 0, 40+float64(rep), 60, true)
		sf := synth(ServersFirst, rep, b, nil, 0, 50+float64(rep), 60, true)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	rec := agg.Comparison().Recommendation
	if rec.Ordering != ClientsFirst || rec.DecidingMetric != model.Key(model.MetricWANGigabytes) {
		t.Fatalf("recommendation %+v", rec)
	}
	if want := "Clients-first moves 10.0 GB less across the WAN (95 % CI 10.0–10.0) than servers-first: 41.0 against 51.0 GB."; rec.Reasons[0] != want {
		t.Errorf("reason:\n got %s\nwant %s", rec.Reasons[0], want)
	}
	if !strings.Contains(rec.Reasons[1], "Disruption does not differ significantly") {
		t.Errorf("reason 1 = %q", rec.Reasons[1])
	}
}

// TestAggregatorMemoryFlat: 400 replications whose results carry 5 × 2,000-bucket
// series (80 KB per result, 64 MB for all of them) leave the heap grown by far less
// than that: the aggregator keeps running sums (160 KB for both orderings) and one
// float per metric, ordering and replication (about 40 × 2 × 400 × 8 B = 256 KB).
func TestAggregatorMemoryFlat(t *testing.T) {
	const reps, buckets = 400, 2000
	agg := NewAggregator(testConfig())
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for rep := 0; rep < reps; rep++ {
		var rs []*model.Result
		for _, o := range []Ordering{ClientsFirst, ServersFirst} {
			r := synth(o, rep, map[string]float64{"wan_outage": float64(rep)}, nil, 0, 1, 1, true)
			g := &r.Series.Groups[0]
			g.Lines = nil
			for l := 0; l < 5; l++ {
				g.Lines = append(g.Lines, model.Line{Name: fmt.Sprint("line", l), Values: make([]float64, buckets)})
			}
			rs = append(rs, r)
		}
		if err := agg.Add(rs); err != nil {
			t.Fatal(err)
		}
	}
	grown := int64(heap()) - int64(before)
	t.Logf("heap grew by %d KB over %d replications", grown/1024, reps)
	if grown > 8<<20 {
		t.Errorf("heap grew by %d MB: results are being retained", grown>>20)
	}
	runtime.KeepAlive(agg)
}

// TestRecommendationPracticalTie: single-site-like results: servers-first waits 0.04
// user-hours less in every replication (15.10 vs 15.06 of disruption, CI [0.04, 0.04],
// significant), but 0.04 is under 1 % of the larger mean 15.1, so the rule calls it
// a tie and says why.
func TestRecommendationPracticalTie(t *testing.T) {
	cfg := testConfig()
	cfg.MinRelativeDifference = 0.01
	agg := NewAggregator(cfg)
	for rep := 0; rep < 3; rep++ {
		cf := synth(ClientsFirst, rep, map[string]float64{"wan_outage": 15}, nil, 0.10, 50, 30, true)
		sf := synth(ServersFirst, rep, map[string]float64{"wan_outage": 15}, nil, 0.06, 50, 30, true)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	c := agg.Comparison()
	d := c.Differences[KeyDisruption]
	if !d.Significant || d.Practical || d.Better != string(ServersFirst) {
		t.Fatalf("disruption difference %+v: want significant, not practical", d)
	}
	rec := c.Recommendation
	if !rec.Tie || rec.Ordering != "" {
		t.Fatalf("recommendation %+v, want a tie", rec)
	}
	all := strings.Join(rec.Reasons, "\n")
	for _, s := range []string{
		"Disruption differs by only 0.04 user-hours (clients-first − servers-first, 95 % CI 0.04–0.04): under 1 % of the larger mean, which the rule counts as a tie.",
		"it is at least 1 % of the larger mean (smaller differences count as ties)",
	} {
		if !strings.Contains(all, s) {
			t.Errorf("reasons lack %q:\n%s", s, all)
		}
	}
}

// TestRecommendationUserHoursFloor: the same 0.04 user-hours but on means of 0.10
// and 0.06 (single-site after its degraded hours went): 0.04 is 40 % of the larger
// mean, so only decision.min_user_hours (1 user-hour) makes it the tie it is.
func TestRecommendationUserHoursFloor(t *testing.T) {
	for _, tc := range []struct {
		floor    float64
		wantTie  bool
		contains string
	}{
		{0, false, ""},
		{1, true, "Disruption differs by only 0.04 user-hours (clients-first − servers-first, 95 % CI 0.04–0.04): under 1 % of the larger mean or under 1 user-hour, which the rule counts as a tie."},
	} {
		cfg := testConfig()
		cfg.MinRelativeDifference = 0.01
		cfg.MinUserHours = tc.floor
		agg := NewAggregator(cfg)
		for rep := 0; rep < 3; rep++ {
			cf := synth(ClientsFirst, rep, nil, nil, 0.10, 50, 30, true)
			sf := synth(ServersFirst, rep, nil, nil, 0.06, 50, 30, true)
			if err := agg.Add([]*model.Result{cf, sf}); err != nil {
				t.Fatal(err)
			}
		}
		c := agg.Comparison()
		d := c.Differences[KeyDisruption]
		if !d.Significant || d.Practical == tc.wantTie {
			t.Fatalf("floor %v: disruption difference %+v, want significant and practical = %v", tc.floor, d, !tc.wantTie)
		}
		if tc.contains != "" && !strings.Contains(strings.Join(c.Recommendation.Reasons, "\n"), tc.contains) {
			t.Errorf("floor %v: reasons lack %q:\n%s", tc.floor, tc.contains, strings.Join(c.Recommendation.Reasons, "\n"))
		}
	}
}

// outagesAndMovesWin aggregates three synthetic replications in which clients-first
// is blocked 50 user-hours less by WAN outages (10, 11, 12 against 60, 61, 62) and
// 20 to 22 less by mailbox moves (1 against 21, 22, 23).
func outagesAndMovesWin(t *testing.T) *Aggregator {
	t.Helper()
	agg := NewAggregator(testConfig())
	for rep := 0; rep < 3; rep++ {
		r := float64(rep)
		cf := synth(ClientsFirst, rep, map[string]float64{"wan_outage": 10 + r, "mailbox_move": 1}, nil, 0, 50, 30, true)
		sf := synth(ServersFirst, rep, map[string]float64{"wan_outage": 60 + r, "mailbox_move": 21 + r}, nil, 0, 50, 30, true)
		if err := agg.Add([]*model.Result{cf, sf}); err != nil {
			t.Fatal(err)
		}
	}
	return agg
}
