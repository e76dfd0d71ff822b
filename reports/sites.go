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

	"rollout/model"
	"rollout/scenarios"
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
	Ordering scenarios.Ordering `json:"ordering"`
	Metrics  map[string]float64 `json:"metrics"` // by metric key: KeyDisruption and model.SiteMetrics
	// Phases are the mean days (from the scenario start) over the replications where
	// the event happened within the horizon; −1 when it never did.
	Phases model.SitePhases `json:"phases"`
}

// LinkSummary is one ordering's mean datacenter-link figures.
type LinkSummary struct {
	Ordering        scenarios.Ordering `json:"ordering"`
	PeakUtilization float64            `json:"peak_utilization"` // fraction
	SaturatedHours  float64            `json:"saturated_hours"`  // link-hours
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
func siteSummaries(sums []siteSum, ords []scenarios.Ordering, n int) ([]SiteSummary, []LinkSummary) {
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
	start, _ := chartParseStart(c.Scenario.Start)
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
	start, _ := chartParseStart(c.Scenario.Start)
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
