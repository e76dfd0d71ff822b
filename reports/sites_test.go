package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// compareBuiltin runs reps replications of both orderings of a built-in scenario.
func compareBuiltin(t *testing.T, name string, reps int) *Comparison {
	t.Helper()
	src, ok := scenarios.BuiltinSource(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	return compareSource(t, string(src), []string{"simulation.replications=" + strconv.Itoa(reps)})
}

// Per-site JSON rows sum to the totals for every additive metric, in every built-in:
// for each ordering, the sites' means of each additive per-site metric (and of the
// disruption score) add up to the ordering's mean, saturated link-hours with the
// datacenter link's part; the rows carry every site and its users.
func TestSiteRowsSumToTotalsInJSON(t *testing.T) {
	additive := map[string]bool{KeyDisruption: true}
	for _, d := range model.SiteMetrics() {
		if d.Additive {
			additive[d.Key] = true
		}
	}
	for _, b := range scenarios.Builtins() {
		c := compareBuiltin(t, b.Name, 2)
		var buf bytes.Buffer
		if err := WriteJSON(&buf, c, nil); err != nil {
			t.Fatal(err)
		}
		var j struct {
			Orderings map[string]struct {
				Metrics map[string]Stat `json:"metrics"`
			} `json:"orderings"`
			Sites          []SiteSummary `json:"sites"`
			DatacenterLink []LinkSummary `json:"datacenter_link"`
		}
		if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		sc := scenarios.MustLoad(b.Name)
		if len(j.Sites) != len(sc.Sites) {
			t.Fatalf("%s: %d site rows for %d sites", b.Name, len(j.Sites), len(sc.Sites))
		}
		for o, ord := range sc.Rollout.Orderings {
			tot := j.Orderings[string(ord)].Metrics
			for key := range additive {
				var sum float64
				for _, s := range j.Sites {
					sum += s.Orderings[o].Metrics[key]
				}
				if key == keyOf(model.MetricSaturatedLinkHours) {
					sum += j.DatacenterLink[o].SaturatedHours
				}
				if want := tot[key].Mean; math.Abs(sum-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("%s %s: %s sums over sites to %v, total %v", b.Name, ord, key, sum, want)
				}
			}
		}
	}
}

// sites.csv has a row per site and ordering with every per-site metric and the phase
// dates; the text names at most five sites, the largest difference first.
func TestSitesCSVAndText(t *testing.T) {
	c := compareBuiltin(t, scenarios.DefaultScenario, 2)
	var csvText string
	for _, tb := range comparisonTables(c, "") {
		if tb.name == "sites.csv" {
			csvText = string(csvBytes(tb.rows, CSVOptions{}))
		}
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(c.Sites)*len(c.Orderings); len(rows) != want {
		t.Fatalf("sites.csv has %d rows, want %d", len(rows), want)
	}
	if got, want := len(rows[0]), 3+len(siteKeys())+6; got != want {
		t.Errorf("sites.csv has %d columns, want %d", got, want)
	}
	if rows[1][len(rows[1])-6] == "" {
		t.Errorf("first site's clients_start date is empty: %v", rows[1])
	}
	var b bytes.Buffer
	if err := WriteText(&b, c); err != nil {
		t.Fatal(err)
	}
	top := topSites(c, 5)
	text := b.String()
	i := strings.Index(text, "Sites where the orderings differ most")
	if i < 0 || len(top) == 0 {
		t.Fatalf("no sites table in the text:\n%s", text)
	}
	last := i
	for k, s := range top {
		at := strings.Index(text[i:], "\n"+s.Name+" ")
		if at < 0 || i+at < last {
			t.Errorf("site %d (%s) not in order in the text", k, s.Name)
		}
		last = i + at
		if k > 0 && math.Abs(s.DisruptionDifference) > math.Abs(top[k-1].DisruptionDifference) {
			t.Errorf("sites not sorted by |difference|")
		}
	}
}
