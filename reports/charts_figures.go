package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/rollout-sim/rollout/model"
)

// figures builds the comparison's charts in report order. A chart whose data the
// Comparison does not hold (e.g. no link series) is left out rather than drawn empty.
func (b *chartBuilder) figures() []htmlFigure {
	var figs []htmlFigure
	add := func(f *htmlFigure) {
		if f != nil {
			figs = append(figs, *f)
		}
	}
	add(b.usersByState())
	add(b.linkUtilization())
	add(b.wanByClass())
	add(b.disruption())
	add(b.sitesFigure())
	add(b.timeToUsable())
	add(b.serverLoad())
	add(b.features())
	return figs
}

// panels collects one panel per ordering holding the lines of each series group
// key (prefixing line names when several groups are merged).
func (b *chartBuilder) panels(keys ...string) []chartPanel {
	var out []chartPanel
	any := false
	for _, os := range b.c.Orderings {
		p := chartPanel{title: string(os.Ordering)}
		for _, key := range keys {
			g := chartGroup(os.Series, key)
			if g == nil {
				continue
			}
			for _, ln := range g.Lines {
				if len(keys) > 1 {
					ln.Name = strings.TrimPrefix(key, "server_") + " · " + ln.Name
				}
				p.lines = append(p.lines, ln)
			}
		}
		if len(p.lines) > 0 {
			any = true
		}
		out = append(out, p)
	}
	if !any {
		return nil
	}
	return out
}

// chartSampling says in words what one point of a time chart stands for.
func (b *chartBuilder) chartSampling(k int, how string) string {
	bucket := b.tl.bucketSeconds * float64(k)
	s := fmt.Sprintf("One point per %s bucket.", chartDuration(bucket))
	if k > 1 {
		s = fmt.Sprintf("Down-sampled to at most %d points per line: each point is the %s of %d buckets (%s).",
			chartMaxPoints, how, k, chartDuration(bucket))
	}
	if b.visible > 0 {
		s += fmt.Sprintf(" Shown to day %s, a week after the latest migration end of any replication.",
			num(float64(b.visible)*b.tl.bucketSeconds/86400))
	}
	return s
}

// chartDuration writes seconds as a short duration such as 1 h or 30 min.
func chartDuration(sec float64) string {
	switch {
	case sec >= 86400 && math.Mod(sec, 86400) == 0:
		return fmt.Sprintf("%g d", sec/86400)
	case sec >= 3600:
		return fmt.Sprintf("%g h", math.Round(sec/360)/10)
	case sec >= 60:
		return fmt.Sprintf("%g min", math.Round(sec/6)/10)
	}
	return fmt.Sprintf("%g s", sec)
}

func (b *chartBuilder) usersByState() *htmlFigure {
	panels := b.panels("users_by_state")
	if panels == nil {
		return nil
	}
	spec := chartTimeSpec{
		id: "users-by-state", yName: "users", unit: "users", stacked: true,
		label: func(s string) string {
			if l, ok := chartStateLabels[s]; ok {
				return l
			}
			return chartHuman(s)
		},
		color: func(s string, _ int) string { return chartStateColors[s] },
	}
	ch, k := b.timePanels(spec, panels)
	return &htmlFigure{
		Title: "Users by state over time",
		Caption: "Where every user stands, one panel per ordering on the same axes: the red band is users " +
			"blocked and the orange band users waiting for their first sync — the disruption the " +
			"recommendation weighs; grey columns are non-working days. " + b.chartSampling(k, "mean"),
		Chart: ch,
		Table: b.timeTable(spec, panels),
	}
}

func (b *chartBuilder) linkUtilization() *htmlFigure {
	panels := b.panels("link_utilization")
	if panels == nil {
		return nil
	}
	spec := chartTimeSpec{
		id: "link-utilization", yName: "utilization %", unit: "%", single: true, peak: true,
		scale: 100, yMax: 100,
	}
	ch, k := b.timePanels(spec, panels)
	ch.Multiples = true
	return &htmlFigure{
		Title: "Link utilization over time",
		Caption: "Utilization of one link at a time (pick it in the legend), both orderings, with a zoom slider: " +
			"a link pinned near 100 % slows every sync and move that crosses it. " + b.chartSampling(k, "peak") +
			" Printed or exported, every link gets its own panel.",
		PaperCaption: "Utilization of each link over time, both orderings in each panel: a link pinned near 100 % " +
			"slows every sync and move that crosses it. " + b.chartSampling(k, "peak"),
		Chart: ch,
		Table: b.timeTable(spec, panels),
	}
}

func (b *chartBuilder) serverLoad() *htmlFigure {
	panels := b.panels("server_syncs", "server_moves")
	if panels == nil {
		return nil
	}
	spec := chartTimeSpec{id: "server-load", yName: "concurrent", unit: ""}
	ch, k := b.timePanels(spec, panels)
	return &htmlFigure{
		Title: "Server load: concurrent syncs and moves",
		Caption: "Initial syncs and mailbox moves running at once on each server (time-weighted): " +
			"the load each ordering puts on old and new servers. " + b.chartSampling(k, "mean"),
		Chart: ch,
		Table: b.timeTable(spec, panels),
	}
}

func (b *chartBuilder) wanByClass() *htmlFigure {
	keys := b.chartParts(model.MetricWANGigabytes)
	if len(keys) == 0 || len(b.c.Orderings) == 0 {
		return nil
	}
	bar := charts.NewBar()
	cats := make([]string, len(b.c.Orderings))
	for o, os := range b.c.Orderings {
		cats[o] = string(os.Ordering)
		if st, ok := os.Metrics[keyOf(model.MetricWANGigabytes)]; ok {
			cats[o] += fmt.Sprintf(": total %s GB (95%% CI %s–%s)", num(st.Mean), num(st.CI95[0]), num(st.CI95[1]))
		}
	}
	bar.SetXAxis(cats)
	table := &htmlTable{Head: []string{"traffic class"}, Note: "Means over replications, in GB."}
	for _, os := range b.c.Orderings {
		table.Head = append(table.Head, string(os.Ordering))
	}
	for _, key := range keys {
		row := []string{chartLabel(key)}
		for _, os := range b.c.Orderings {
			row = append(row, num(os.Metrics[key].Mean))
		}
		table.Rows = append(table.Rows, row)
	}
	for i, key := range keys {
		vals := make([]chartNum, len(b.c.Orderings))
		for o, os := range b.c.Orderings {
			vals[o] = chartNum(os.Metrics[key].Mean)
		}
		bar.MultiSeries = append(bar.MultiSeries, charts.SingleSeries{
			Name: chartLabel(key), Type: types.ChartBar, Stack: "wan", Data: vals,
			Color: chartPalette[i%len(chartPalette)], BarWidth: "40%",
		})
	}
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "5", Type: "scroll", Left: "20", Right: "50"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "70", Right: "30", Top: "50", Bottom: "60"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "GB", AxisLabel: &opts.AxisLabel{}}),
	)
	bar.Validate()
	obj := bar.JSON()
	chartCommon(obj)
	return &htmlFigure{
		Title: "WAN volume by traffic class",
		Caption: "Gigabytes that crossed the WAN per ordering, each byte once however many links it crossed, until " +
			"each user reached its end state, by traffic class (means over replications): where the initial syncs run " +
			"decides how much crosses the WAN. The link chart shows each link's own load.",
		Chart: htmlChart{ID: "wan-by-class", Option: obj, Tooltip: "bars", Unit: "GB", Height: 400},
		Table: table,
	}
}

func (b *chartBuilder) disruption() *htmlFigure {
	var zero []string
	var blocked, degraded []chartBarItem
	add := func(to *[]chartBarItem, key, label string) {
		if b.chartAllZero(key) {
			zero = append(zero, label)
			return
		}
		*to = append(*to, chartBarItem{label: label, key: key})
	}
	for _, k := range b.chartParts(model.MetricBlockedUserHours) {
		add(&blocked, k, "blocked: "+chartLabel(k))
	}
	if k := keyOf(model.MetricWaitingUserHours); b.chartHas(k) {
		add(&blocked, k, "waiting for first sync")
	}
	for _, k := range b.chartParts(model.MetricDegradedUserHours) {
		add(&degraded, k, "degraded: "+chartLabel(k))
	}
	var panels []chartBarPanel
	if len(blocked) > 0 {
		panels = append(panels, chartBarPanel{title: "blocked and waiting", items: blocked})
	}
	if len(degraded) > 0 {
		panels = append(panels, chartBarPanel{title: "degraded", items: degraded})
	}
	if len(panels) == 0 {
		return nil
	}
	caption := "Blocked, waiting and degraded user-hours by cause (blocked and waiting on the left, degraded on " +
		"its own scale on the right), each counted beyond what the end state would cost at the same moment: bars are " +
		"means over replications, whiskers the 95 % CI of the mean; the recommendation weighs their sum first."
	if len(zero) > 0 {
		caption += fmt.Sprintf(" Zero in every ordering, not drawn: %s.", strings.Join(zero, ", "))
	}
	return &htmlFigure{
		Title:   "Disruption by cause",
		Caption: caption,
		Chart:   b.barsWithCI("disruption", "user-hours", "user-hours", panels),
		Table:   b.barsTable("user-hours", panels),
	}
}

func (b *chartBuilder) features() *htmlFigure {
	var items []chartBarItem
	if k := keyOf(model.MetricCachedModeUserDays); b.chartHas(k) {
		items = append(items, chartBarItem{label: "cached-mode user-days", key: k})
	}
	if k := keyOf(model.MetricFullFeatureUserDays); b.chartHas(k) {
		items = append(items, chartBarItem{label: "full-feature user-days", key: k})
	}
	if len(items) == 0 {
		return nil
	}
	return &htmlFigure{
		Title: "Feature availability",
		Caption: "Working days users had Cached Exchange Mode, and the features that need both Outlook 2003 " +
			"and Exchange 2003 (means, 95 % CI whiskers): the benefit each ordering delivers earlier.",
		Chart: b.barsWithCI("features", "user-days", "user-days", []chartBarPanel{{items: items}}),
		Table: b.barsTable("user-days", []chartBarPanel{{items: items}}),
	}
}

// chartHas reports whether any ordering has the metric.
func (b *chartBuilder) chartHas(key string) bool {
	for _, os := range b.c.Orderings {
		if _, ok := os.Metrics[key]; ok {
			return true
		}
	}
	return false
}

// chartQuantileLevels are the cumulative shares (%) of the model's 21 quantiles.
func chartQuantileLevels(n int) []float64 {
	lv := make([]float64, n)
	for i := range lv {
		if n > 1 {
			lv[i] = 100 * float64(i) / float64(n-1)
		}
	}
	return lv
}

func (b *chartBuilder) timeToUsable() *htmlFigure {
	type curve struct {
		name  string
		o     int
		what  string
		hours []float64
	}
	var curves []curve
	lo, hi := math.Inf(1), 0.0
	for o, os := range b.c.Orderings {
		for _, q := range []struct {
			what string
			v    []float64
		}{{"usable", os.TimeToUsableQuantiles}, {"synced", os.TimeToSyncedQuantiles}} {
			if len(q.v) < 2 {
				continue
			}
			curves = append(curves, curve{fmt.Sprintf("%s · %s", os.Ordering, q.what), o, q.what, q.v})
			for _, h := range q.v {
				if h > 0 && !math.IsInf(h, 0) {
					lo, hi = min(lo, h), max(hi, h)
				}
			}
		}
	}
	if len(curves) == 0 {
		return nil
	}
	// Waiting times span orders of magnitude (seconds on a LAN, days over a slow
	// WAN): then a log axis down to the shortest time of any curve, so that no
	// ordering is squeezed into a floor; only zero times are drawn at that floor.
	logAxis := hi > 0 && hi/lo >= 100
	floor := lo
	line := charts.NewLine()
	dashed := map[string]string{"usable": "solid", "synced": "dashed"}
	for _, cv := range curves {
		lv := chartQuantileLevels(len(cv.hours))
		pts := make([][3]chartNum, len(cv.hours))
		for i, h := range cv.hours {
			x := h
			if logAxis && x < floor {
				x = floor
			}
			pts[i] = [3]chartNum{chartNum(x), chartNum(lv[i]), chartNum(h)}
		}
		line.MultiSeries = append(line.MultiSeries, charts.SingleSeries{
			Name: cv.name, Type: types.ChartLine, Data: pts,
			Color: chartOrderingColors[cv.o%len(chartOrderingColors)], Symbol: "circle", SymbolSize: 4,
			LineStyle: &opts.LineStyle{Width: 2, Type: dashed[cv.what]}, Encode: &opts.Encode{X: 0, Y: 1},
		})
	}
	xa := opts.XAxis{Type: "value", Name: "time after install", NameLocation: "middle", NameGap: 28, AxisLabel: &opts.AxisLabel{}}
	caption := "Share of users usable (solid) and fully synced (dashed) within a given time after Outlook 2003 " +
		"is installed (wall-clock time; the 0–100 % quantiles averaged over replications): " +
		"the wait each ordering puts on a newly installed user."
	if logAxis {
		xa.Type = "log"
		xa.Name = "time after install (log scale)"
		xa.Min = chartNum(math.Pow(10, math.Floor(math.Log10(floor))))
		caption += fmt.Sprintf(" Log scale from %s; a time of zero is drawn there.", durationText(floor))
	}
	line.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "5"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "70", Right: "30", Top: "50", Bottom: "60"}),
		charts.WithXAxisOpts(xa),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "% of users", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{}}),
	)
	line.Validate()
	obj := line.JSON()
	chartCommon(obj)
	table := &htmlTable{Head: []string{"share of users"}, Note: "Time after install within which that share of users was usable or fully synced (quantiles averaged over replications)."}
	for _, cv := range curves {
		table.Head = append(table.Head, cv.name)
	}
	rows := 0
	for _, cv := range curves {
		rows = max(rows, len(cv.hours))
	}
	for i := 0; i < rows; i++ {
		row := []string{""}
		for _, cv := range curves {
			if i < len(cv.hours) {
				row[0] = strconv.FormatFloat(chartQuantileLevels(len(cv.hours))[i], 'f', -1, 64) + " %"
				row = append(row, durationText(cv.hours[i]))
			} else {
				row = append(row, "–")
			}
		}
		table.Rows = append(table.Rows, row)
	}
	return &htmlFigure{
		Title:   "Time to usable and to fully synced",
		Table:   table,
		Caption: caption,
		Chart:   htmlChart{ID: "time-to-usable", Option: obj, Tooltip: "cdf", Unit: "h", Height: 400, XHours: true},
	}
}
