package reports

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// htmlTestOptions shape the synthetic comparison the HTML tests render.
type htmlTestOptions struct {
	name, description string
	site              string // name of the one branch site that carries links and assumptions
	days              int    // series length in days of 1 h buckets
	seed              uint64
}

// htmlTestComparison builds a realistic Comparison without running the model:
// two orderings, 1 h buckets over opts.days, every series group the model
// writes, the metrics the report charts, paired differences, a recommendation,
// assumptions and a resolved scenario. Values are deterministic in opts.seed.
func htmlTestComparison(o htmlTestOptions) *Comparison {
	if o.days == 0 {
		o.days = 240
	}
	if o.site == "" {
		o.site = "Leeds"
	}
	rng := rand.New(rand.NewPCG(o.seed, 7))
	const users = 500.0
	n := o.days * 24
	orders := []Ordering{ClientsFirst, ServersFirst}
	c := &Comparison{
		SchemaVersion: SchemaVersion,
		Scenario:      ScenarioInfo{Name: o.name, Description: o.description, Start: time.Date(2004, 3, 1, 0, 0, 0, 0, time.UTC)},
		Seed:          o.seed,
		Replications:  30,
		Run: RunInfo{ToolVersion: "v0.0.0-test", GoVersion: "go1.26",
			CommandLine: "rollout compare " + o.name + " --seed 42"},
		Resolved: "name: " + o.name + "\ncalendar:\n  working_hours: {start: \"08:00\", end: \"18:00\"}\n" +
			"  working_days: [mon, tue, wed, thu, fri]\nsites:\n  - name: " + o.site + "\n",
		Assumptions: []Assumption{
			{Path: "clients.outlook2003.usable_fraction", Value: "0.10", Source: "Microsoft KB", Default: true},
			{Path: "sites." + o.site + ".outages.wan.mtbf", Value: "30d", Source: "assumed", Assumed: true, Default: true},
			{Path: "datacenter.link.down", Value: "45Mbps", Source: "scenario file"},
		},
		CachedMode: true,
	}
	states := []string{"online_local", "online_remote", "moving", "waiting", "header_only", "usable", "synced", "blocked"}
	links := []string{o.site + " WAN down", o.site + " WAN up", "York WAN down", "York WAN up", "DC in", "DC out"}
	classes := []string{"initial_sync", "mailbox_move", "steady_online", "steady_cached", "catch_up", "oab"}
	servers := []string{"EX55-" + o.site, "EX03-A", "EX03-B"}
	for oi, ord := range orders {
		// Phase 1 of clients-first installs clients over days 10–60, then moves
		// mailboxes over days 80–120; servers-first the other way round.
		ramp := func(t, from, to float64) float64 { return math.Min(1, math.Max(0, (t-from)/(to-from))) }
		g := func(key, unit string, names []string) model.SeriesGroup {
			sg := model.SeriesGroup{Key: key, Unit: unit}
			for _, nm := range names {
				sg.Lines = append(sg.Lines, model.Line{Name: nm, Values: make([]float64, n)})
			}
			return sg
		}
		ubs := g("users_by_state", "users", states)
		lu := g("link_utilization", "fraction", links)
		wb := g("wan_bytes_by_class", "bytes", classes)
		ss := g("server_syncs", "syncs", servers)
		sm := g("server_moves", "moves", servers)
		for i := 0; i < n; i++ {
			day := float64(i) / 24
			hour := i % 24
			work := 0.0
			if hour >= 8 && hour < 18 && (i/24)%7 < 5 { // 2004-03-01 is a Monday
				work = 1
			}
			clients, moves := ramp(day, 10, 60), ramp(day, 80, 120)
			if oi == 1 {
				clients, moves = ramp(day, 80, 120), ramp(day, 10, 60)
			}
			blocked := users * 0.01 * work * rng.Float64()
			waiting := users * 0.05 * clients * (1 - clients)
			synced := users * clients * math.Min(1, moves+0.5) * 0.9
			usable := users*clients - synced - waiting
			moving := users * 0.02 * moves * (1 - moves)
			online := users*(1-clients) - moving - blocked
			vals := []float64{online * (1 - moves), online * moves, moving, waiting, 0.02 * usable, 0.98 * usable, synced, blocked}
			for s := range states {
				ubs.Lines[s].Values[i] = math.Max(0, vals[s])
			}
			for l := range links {
				lu.Lines[l].Values[i] = math.Min(1, 0.2+0.6*work*rng.Float64()*(1+float64(oi)*0.3))
			}
			for cl := range classes {
				wb.Lines[cl].Values[i] = 1e8 * work * rng.Float64() * float64(cl+1)
			}
			for sv := range servers {
				ss.Lines[sv].Values[i] = 5 * work * clients * (1 - clients) * 4 * rng.Float64()
				sm.Lines[sv].Values[i] = 4 * (1 - work) * moves * (1 - moves) * 4
			}
		}
		os := OrderingSummary{
			Ordering: ord,
			Metrics:  map[string]Stat{},
			Series:   model.Series{BucketSeconds: 3600, Groups: []model.SeriesGroup{ubs, lu, wb, ss, sm}},
		}
		stat := func(key string, mean float64) {
			half := 0.08*math.Abs(mean) + 0.5
			os.Metrics[key] = Stat{N: 30, Mean: mean, SD: half * 2.7, CI95: [2]float64{mean - half, mean + half},
				P5: mean - 2*half, P50: mean, P95: mean + 2*half, Min: mean - 3*half, Max: mean + 3*half}
			os.MetricOrder = append(os.MetricOrder, key)
		}
		f := 1 + 0.6*float64(oi)
		stat("disruption_user_hours", 1900*f)
		stat("blocked_user_hours", 1240*f)
		stat("blocked_user_hours_by_cause.wan_outage", 800*f)
		stat("blocked_user_hours_by_cause.blip", 120*f)
		stat("blocked_user_hours_by_cause.server_outage", 200)
		stat("blocked_user_hours_by_cause.mailbox_move", 120*f)
		stat("waiting_user_hours", 400/f)
		stat("degraded_user_hours", 1000*f)
		stat("degraded_user_hours_by_cause.latency", 700*f)
		stat("degraded_user_hours_by_cause.header_fetch", 300)
		stat("degraded_user_hours_by_cause.server", 0)
		stat("wan_gigabytes", 900*f)
		for cl, name := range classes {
			stat("wan_gigabytes_by_class."+name, 900*f*float64(cl+1)/21)
		}
		stat("migration_end_days", 120+10*float64(oi))
		stat("cached_mode_user_days", 40000/f)
		stat("full_feature_user_days", 20000)
		stat("peak_link_utilization", 0.95)
		q := func(scale float64) []float64 {
			v := make([]float64, 21)
			for i := range v {
				v[i] = scale * math.Pow(float64(i)/20, 2) * 10
			}
			return v
		}
		os.TimeToUsableQuantiles = q(f)
		os.TimeToSyncedQuantiles = q(4 * f)
		c.Orderings = append(c.Orderings, os)
	}
	c.Differences = map[string]Difference{}
	for _, key := range c.Orderings[0].MetricOrder {
		a, b := c.Orderings[0].Metrics[key].Mean, c.Orderings[1].Metrics[key].Mean
		d := a - b
		half := 0.05*math.Abs(d) + 1
		sig := math.Abs(d) > half
		better := ""
		if sig && d < 0 {
			better = string(orders[0])
		} else if sig {
			better = string(orders[1])
		}
		c.Differences[key] = Difference{N: 30, Difference: d, CI95: [2]float64{d - half, d + half}, Significant: sig, Better: better}
	}
	for _, key := range c.Orderings[0].MetricOrder {
		c.Metrics = append(c.Metrics, model.MetricDef{Key: key, Unit: htmlTestUnit(key), Description: "Test metric " + key + ".", LowerIsBetter: true})
	}
	d := c.Differences["disruption_user_hours"]
	c.Recommendation = &Recommendation{
		Ordering:       ClientsFirst,
		DecidingMetric: "disruption_user_hours",
		Reasons: []string{
			fmt.Sprintf("Clients-first disrupts %s fewer user-hours (95 %% CI %s–%s) at %s.",
				num(-d.Difference), num(-d.CI95[1]), num(-d.CI95[0]), o.site),
			"Assumed, not sourced: sites." + o.site + ".outages.wan.mtbf.",
		},
	}
	c.Notes = []string{"servers-first: not finished in 2 of 30 replications."}
	return c
}

func htmlTestUnit(key string) string {
	switch {
	case len(key) >= 13 && key[:13] == "wan_gigabytes":
		return "GB"
	case key == "migration_end_days":
		return "days"
	case key == "peak_link_utilization":
		return "fraction"
	case key == "cached_mode_user_days" || key == "full_feature_user_days":
		return "user-days"
	}
	return "user-hours"
}

// htmlTestSweep builds a sweep of five points along a WAN speed whose
// recommendation flips between 512kbps and 2Mbps.
func htmlTestSweep(o htmlTestOptions) *Sweep {
	if o.site == "" {
		o.site = "Leeds"
	}
	sw := &Sweep{Param: "sites." + o.site + ".wan.down",
		Values:  []string{"64kbps", "256kbps", "512kbps", "2Mbps", "10Mbps"},
		Numeric: []float64{64e3, 256e3, 512e3, 2e6, 10e6}}
	for i := range sw.Values {
		o.seed = uint64(i + 1)
		o.days = 20
		c := htmlTestComparison(o)
		// Disruption of clients-first falls with link speed; servers-first's less so.
		for k, os := range c.Orderings {
			st := os.Metrics["disruption_user_hours"]
			st.Mean = 3000/(1+float64(i)) + 500*float64(k)*(2-float64(i))
			st.CI95 = [2]float64{st.Mean - 100, st.Mean + 100}
			os.Metrics["disruption_user_hours"] = st
		}
		if i >= 3 {
			c.Recommendation.Ordering = ServersFirst
		}
		sw.Points = append(sw.Points, *c)
	}
	sw.BreakEven = []BreakEven{{Between: [2]string{"512kbps", "2Mbps"}, Estimate: 1.1e6,
		From: ClientsFirst, To: ServersFirst}}
	return sw
}

// compareScenario runs every replication (sc.Simulation.Replications) of sc's
// orderings through the model and the aggregator, as `rollout compare` with the
// command line commandLine does, and returns the comparison.
func compareScenario(t *testing.T, sc *scenarios.Scenario, commandLine string) *Comparison {
	t.Helper()
	ords := sc.Rollout.Orderings
	agg := NewAggregator(Config{
		Scenario: ScenarioInfo{Name: sc.Name, Description: sc.Description, Start: sc.Start, WorkingDays: sc.Calendar.WorkingDays},
		Seed:     sc.Simulation.Seed, Orderings: reportOrderings(ords), Metrics: model.MetricDefs(sc),
		CachedMode: sc.Clients.Outlook2003.CachedMode, Assumptions: reportAssumptions(sc.Assumptions()),
		MinRelativeDifference: float64(sc.Decision.MinRelativeDifference), MinUserHours: sc.Decision.MinUserHours,
		Run:      RunInfo{ToolVersion: "test", CommandLine: commandLine},
		Resolved: sc.ResolvedYAML(),
	})
	for rep := 0; rep < sc.Simulation.Replications; rep++ {
		var rs []*model.Result
		for _, o := range ords {
			r, err := model.Run(sc, o, rep)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		if err := agg.Add(rs); err != nil {
			t.Fatal(err)
		}
	}
	return agg.Comparison()
}
