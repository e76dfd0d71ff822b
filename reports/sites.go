package reports

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/rollout-sim/rollout/model"
)

// SiteSummary is one site's results: for each ordering the mean over replications of
// the disruption score and of every per-site metric of the catalogue
// (model.SiteMetrics), and of the days its phases start and end. Additive per-site
// metrics sum over the sites to the orderings' totals (saturated_link_hours with the
// datacenter link's part, Comparison.DatacenterLink).
type SiteSummary struct {
	Name      string         `json:"name"`
	Users     int            `json:"users"` // on-site and remote users
	Orderings []SiteOrdering `json:"orderings"`
	// DisruptionDifference is the mean paired difference of the site's disruption,
	// user-hours, Orderings[0] − Orderings[1] (0 with one ordering).
	DisruptionDifference float64 `json:"disruption_difference"`
}

// SiteOrdering is one ordering's means at one site.
type SiteOrdering struct {
	Ordering Ordering           `json:"ordering"`
	Metrics  map[string]float64 `json:"metrics"` // by metric key: KeyDisruption and model.SiteMetrics
	// Phases are the mean days (from the scenario start) over the replications where
	// the event happened within the horizon; −1 when it never did.
	Phases model.SitePhases `json:"phases"`
}

// LinkSummary is one ordering's mean datacenter-link figures.
type LinkSummary struct {
	Ordering        Ordering `json:"ordering"`
	PeakUtilization float64  `json:"peak_utilization"` // fraction
	SaturatedHours  float64  `json:"saturated_hours"`  // link-hours
}

// siteKeys returns the keys of a site row: KeyDisruption, then the per-site metrics.
func siteKeys() []string {
	keys := []string{KeyDisruption}
	for _, d := range model.SiteMetrics() {
		keys = append(keys, d.Key)
	}
	return keys
}

// siteSum is the running sum over replications of one ordering's per-site figures.
type siteSum struct {
	names []string
	users []int
	vals  [][]float64 // [site][siteKeys index]
	ph    [][6]float64
	phN   [][6]int
	dc    [2]float64 // datacenter link: Σ peak, Σ saturated hours
	diffs []float64  // only for ordering 0: Σ (disruption of ordering 0 − ordering 1)
}

// phaseDays lists a SitePhases' days in a fixed order.
func phaseDays(p model.SitePhases) [6]float64 {
	return [6]float64{p.ClientsStartDays, p.ClientsEndDays, p.SyncsEndDays, p.MovesStartDays, p.MovesEndDays, p.DoneDays}
}

// add adds one replication's per-site figures of result r.
func (s *siteSum) add(r *model.Result) {
	if s.vals == nil {
		for _, sr := range r.Sites {
			s.names = append(s.names, sr.Name)
			s.users = append(s.users, sr.Users)
		}
		s.vals = make([][]float64, len(r.Sites))
		s.ph = make([][6]float64, len(r.Sites))
		s.phN = make([][6]int, len(r.Sites))
		for i := range s.vals {
			s.vals[i] = make([]float64, 1+len(model.SiteMetrics()))
		}
	}
	defs := model.SiteMetrics()
	for i := range r.Sites {
		if i >= len(s.vals) {
			break
		}
		x := &r.Sites[i].Result
		s.vals[i][0] += finite(disruptionOf(x))
		for k, d := range defs {
			s.vals[i][k+1] += finite(x.Value(d.ID))
		}
		for k, v := range phaseDays(r.Sites[i].Phases) {
			if v >= 0 {
				s.ph[i][k] += v
				s.phN[i][k]++
			}
		}
	}
	s.dc[0] += finite(r.DatacenterLink.PeakUtilization)
	s.dc[1] += finite(r.DatacenterLink.SaturatedHours)
}

// siteSummaries turns the per-ordering sums over n replications into site rows.
func siteSummaries(sums []siteSum, ords []Ordering, n int) ([]SiteSummary, []LinkSummary) {
	if len(sums) == 0 || sums[0].vals == nil || n == 0 {
		return nil, nil
	}
	keys := siteKeys()
	out := make([]SiteSummary, len(sums[0].names))
	for i := range out {
		out[i] = SiteSummary{Name: sums[0].names[i], Users: sums[0].users[i]}
		for o, s := range sums {
			so := SiteOrdering{Ordering: ords[o], Metrics: make(map[string]float64, len(keys))}
			for k, key := range keys {
				so.Metrics[key] = s.vals[i][k] / float64(n)
			}
			var p [6]float64
			for k := range p {
				p[k] = -1
				if s.phN[i][k] > 0 {
					p[k] = s.ph[i][k] / float64(s.phN[i][k])
				}
			}
			so.Phases = model.SitePhases{ClientsStartDays: p[0], ClientsEndDays: p[1], SyncsEndDays: p[2],
				MovesStartDays: p[3], MovesEndDays: p[4], DoneDays: p[5]}
			out[i].Orderings = append(out[i].Orderings, so)
		}
		if len(out[i].Orderings) >= 2 {
			out[i].DisruptionDifference = out[i].Orderings[0].Metrics[KeyDisruption] - out[i].Orderings[1].Metrics[KeyDisruption]
		}
	}
	var dc []LinkSummary
	for o, s := range sums {
		dc = append(dc, LinkSummary{Ordering: ords[o], PeakUtilization: s.dc[0] / float64(n), SaturatedHours: s.dc[1] / float64(n)})
	}
	return out, dc
}

// topSites returns up to n sites, largest absolute disruption difference first (file
// order breaks ties).
func topSites(c *Comparison, n int) []SiteSummary {
	s := append([]SiteSummary(nil), c.Sites...)
	sort.SliceStable(s, func(i, j int) bool {
		return math.Abs(s[i].DisruptionDifference) > math.Abs(s[j].DisruptionDifference)
	})
	if len(s) > n {
		s = s[:n]
	}
	return s
}

// phaseDate writes a phase day as a calendar date from start (empty when it never
// happened).
func phaseDate(start time.Time, d float64) string {
	if d < 0 {
		return ""
	}
	return start.Add(time.Duration(d * 86400 * float64(time.Second))).Format("2006-01-02")
}

// sitesTable is the per-site CSV: a row per site and ordering, every per-site metric
// and the dates each phase starts and ends there.
func sitesTable(c *Comparison) [][]string {
	start := c.Scenario.Start.UTC() // zero time (year 1) when missing
	keys := siteKeys()
	head := []string{"site", "users", "ordering"}
	head = append(head, keys...)
	head = append(head, "clients_start", "clients_end", "syncs_end", "moves_start", "moves_end", "done")
	rows := [][]string{head}
	for _, s := range c.Sites {
		for _, o := range s.Orderings {
			row := []string{s.Name, strconv.Itoa(s.Users), string(o.Ordering)}
			for _, k := range keys {
				row = append(row, fnum(o.Metrics[k]))
			}
			for _, d := range phaseDays(o.Phases) {
				row = append(row, phaseDate(start, d))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// writeSitesText writes the five sites whose disruption differs most between the
// orderings: disruption, WAN volume and when their phases run.
func writeSitesText(w io.Writer, c *Comparison) error {
	if len(c.Sites) == 0 || len(c.Orderings) < 2 {
		return nil
	}
	start := c.Scenario.Start.UTC() // zero time (year 1) when missing
	a, b := c.Orderings[0].Ordering, c.Orderings[1].Ordering
	wan := keyOf(model.MetricWANGigabytes)
	top := topSites(c, 5)
	if _, err := fmt.Fprintf(w, "\nSites where the orderings differ most (of %d; mean disruption user-hours and WAN GB, phase dates; every site in sites.csv and the JSON):\n", len(c.Sites)); err != nil {
		return err
	}
	rows := [][]string{{"site", "users", "disruption " + string(a), "disruption " + string(b), "difference", "WAN GB " + string(a), "WAN GB " + string(b), "clients " + string(a), "moves " + string(a), "clients " + string(b), "moves " + string(b)}}
	span := func(from, to float64) string {
		if from < 0 {
			return "—"
		}
		return phaseDate(start, from) + "…" + phaseDate(start, to)
	}
	for _, s := range top {
		oa, ob := s.Orderings[0], s.Orderings[1]
		rows = append(rows, []string{s.Name, strconv.Itoa(s.Users), num(oa.Metrics[KeyDisruption]), num(ob.Metrics[KeyDisruption]),
			num(s.DisruptionDifference), num(oa.Metrics[wan]), num(ob.Metrics[wan]),
			span(oa.Phases.ClientsStartDays, oa.Phases.ClientsEndDays), span(oa.Phases.MovesStartDays, oa.Phases.MovesEndDays),
			span(ob.Phases.ClientsStartDays, ob.Phases.ClientsEndDays), span(ob.Phases.MovesStartDays, ob.Phases.MovesEndDays)})
	}
	return writeAligned(w, rows)
}

// writeAligned writes rows as columns separated by two spaces.
func writeAligned(w io.Writer, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// sitesFigure is the per-site figure: each site's mean disruption per ordering as
// grouped bars, and a table of every site's figures (disruption, WAN volume, its link's
// peak and saturated hours, time to usable, when its phases run). Nil without sites.
func (b *chartBuilder) sitesFigure() *htmlFigure {
	c := b.c
	if len(c.Sites) == 0 || len(c.Orderings) == 0 {
		return nil
	}
	start := c.Scenario.Start.UTC() // zero time (year 1) when missing
	bar := charts.NewBar()
	cats := make([]string, len(c.Sites))
	for i, s := range c.Sites {
		cats[i] = s.Name
	}
	bar.SetXAxis(cats)
	for o, os := range c.Orderings {
		vals := make([]chartNum, len(c.Sites))
		for i, s := range c.Sites {
			vals[i] = chartNum(s.Orderings[o].Metrics[KeyDisruption])
		}
		bar.MultiSeries = append(bar.MultiSeries, charts.SingleSeries{
			Name: string(os.Ordering), Type: types.ChartBar, Data: vals,
			Color: chartOrderingColors[o%len(chartOrderingColors)],
		})
	}
	rotate := 0.0
	if len(c.Sites) > 6 {
		rotate = 30
	}
	// At most about 40 site names fit the axis (some 25 px each, slanted): beyond
	// that every k-th is labelled (the table lists them all).
	every := (len(c.Sites) + 39) / 40
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "5"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "70", Right: "30", Top: "50", Bottom: "80"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotate}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "user-hours", AxisLabel: &opts.AxisLabel{}}),
	)
	bar.Validate()
	obj := bar.JSON()
	chartCommon(obj)
	if every > 1 {
		// ECharts needs the interval as a number ("2" + 1 is "21" in its label
		// loop), which go-echarts' string field cannot carry.
		obj["xAxis"] = []map[string]interface{}{{"type": "category", "data": cats,
			"axisLabel": map[string]interface{}{"interval": every - 1, "rotate": rotate}}}
	}

	wan, peak, sat := keyOf(model.MetricWANGigabytes), keyOf(model.MetricPeakLinkUtilization), keyOf(model.MetricSaturatedLinkHours)
	ttu := keyOf(model.MetricTimeToUsableP95)
	table := &htmlTable{Head: []string{"site", "users", "ordering", "disruption (user-hours)", "WAN GB",
		"peak WAN utilization", "saturated link-hours", "time to usable p95 (h)", "installs", "moves", "all migrated"},
		Note: "Means over replications; phase dates are means of the days each phase starts and ends at the site. Sums over sites give the totals (saturated link-hours with the datacenter link's own)."}
	span := func(from, to float64) string {
		if from < 0 {
			return "–"
		}
		return phaseDate(start, from) + " – " + phaseDate(start, to)
	}
	for _, s := range c.Sites {
		for _, o := range s.Orderings {
			done := "–"
			if o.Phases.DoneDays >= 0 {
				done = phaseDate(start, o.Phases.DoneDays)
			}
			table.Rows = append(table.Rows, []string{s.Name, fmt.Sprint(s.Users), string(o.Ordering),
				num(o.Metrics[KeyDisruption]), num(o.Metrics[wan]), num(o.Metrics[peak]), num(o.Metrics[sat]),
				num(o.Metrics[ttu]), span(o.Phases.ClientsStartDays, o.Phases.ClientsEndDays),
				span(o.Phases.MovesStartDays, o.Phases.MovesEndDays), done})
		}
	}
	return &htmlFigure{
		Title: "Results per site",
		Caption: "Disruption of each site's users (on-site and remote) per ordering, in user-hours beyond the end state " +
			"(means over replications): which branch suffers under which ordering. The table adds each site's WAN volume, " +
			"its WAN link's peak utilization and saturated hours, the time to a usable mailbox and when each phase runs there.",
		Chart: htmlChart{ID: "sites", Option: obj, Tooltip: "bars", Unit: "user-hours", Height: 400},
		Table: table,
	}
}
