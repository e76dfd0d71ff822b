package reports

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// chartSweepDefault is the metric the sweep chart shows first: the disruption score
// the recommendation decides on, when the comparison has it.
const chartSweepDefault = KeyDisruption

// chartSweepKeys lists the metrics every point of the sweep can chart, in the
// first point's report order, the default metric first.
func chartSweepKeys(sw *Sweep) []string {
	if len(sw.Points) == 0 {
		return nil
	}
	p0 := &sw.Points[0]
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if seen[k] || len(p0.Orderings) == 0 {
			return
		}
		if _, ok := p0.Orderings[0].Metrics[k]; !ok {
			return
		}
		seen[k] = true
		keys = append(keys, k)
	}
	add(chartSweepDefault)
	for _, d := range p0.Metrics {
		add(d.Key)
	}
	for _, os := range p0.Orderings {
		for _, k := range os.MetricOrder {
			add(k)
		}
	}
	return keys
}

// sweepFigure builds the metric-along-parameter chart: both orderings' means with
// 95 % CI whiskers at every swept value, the break-even estimates marked, one
// metric at a time (a selector switches between all metrics).
func sweepFigure(sw *Sweep) *htmlFigure {
	keys := chartSweepKeys(sw)
	if len(keys) == 0 {
		return nil
	}
	numeric := len(sw.Numeric) == len(sw.Points)
	unit, scale := "", 1.0
	if numeric && !sw.Categorical && sw.AxisScale > 0 {
		unit, scale = sw.AxisUnit, sw.AxisScale
	}
	xs := make([]float64, len(sw.Points))
	logAxis := numeric
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range sw.Points {
		if numeric {
			xs[i] = sw.Numeric[i] / scale // in the axis unit
		} else {
			xs[i] = float64(i)
		}
		if xs[i] <= 0 || math.IsNaN(xs[i]) {
			logAxis = false
		}
		lo, hi = min(lo, xs[i]), max(hi, xs[i])
	}
	logAxis = logAxis && hi/lo >= 20
	labels := make([]string, len(sw.Points))
	for i := range labels {
		if i < len(sw.Values) {
			labels[i] = sw.Values[i]
		} else {
			labels[i] = fmt.Sprint(xs[i])
		}
	}

	units := map[string]string{}
	for _, d := range sw.Points[0].Metrics {
		units[d.Key] = d.Unit
	}
	var alts []map[string]interface{}
	var choices []string
	for _, key := range keys {
		alts = append(alts, sweepOption(sw, key, units[key], xs, logAxis, unit, scale))
		label := key
		if u := units[key]; u != "" {
			label += " (" + u + ")"
		}
		choices = append(choices, label)
	}
	caption := fmt.Sprintf("Each metric along %s for both orderings (means over replications, 95 %% CI whiskers); "+
		"pick the metric above the chart.", sw.Param)
	switch len(sw.BreakEven) {
	case 0:
		caption += " The recommendation does not flip within the swept range."
	default:
		caption += " Dashed lines mark where the recommendation flips (break-even):"
		for i, be := range sw.BreakEven {
			if i > 0 {
				caption += ";"
			}
			caption += fmt.Sprintf(" ≈ %s, between %s and %s (%s → %s)",
				breakEvenText(be), be.Between[0], be.Between[1], be.From, be.To)
		}
		caption += "."
	}
	table := &htmlTable{Head: []string{sw.Param}, Note: fmt.Sprintf("%s at every swept value: means over replications with the 95 %% CI of each mean.", choices[0])}
	p0 := &sw.Points[0]
	for _, os := range p0.Orderings {
		table.Head = append(table.Head, string(os.Ordering))
	}
	for i := range sw.Points {
		row := []string{labels[i]}
		for o := range p0.Orderings {
			cell := "–"
			if o < len(sw.Points[i].Orderings) {
				if st, ok := sw.Points[i].Orderings[o].Metrics[keys[0]]; ok {
					cell = num(st.Mean) + " " + htmlCI(st.CI95)
				}
			}
			row = append(row, cell)
		}
		table.Rows = append(table.Rows, row)
	}
	return &htmlFigure{
		Table:   table,
		Title:   "Sensitivity: metrics along " + sw.Param,
		Caption: caption,
		Chart: htmlChart{ID: "sweep", Option: alts[0], Tooltip: "sweep", Alternatives: alts,
			Labels: labels, Height: 440},
		Choices: choices,
	}
}

// sweepOption is the sweep chart's option for one metric.
//
// xs are the swept values in the x axis' unit xUnit ("" for none), xScale base units
// per xUnit.
func sweepOption(sw *Sweep, key, unit string, xs []float64, logAxis bool, xUnit string, xScale float64) map[string]interface{} {
	line := charts.NewLine()
	p0 := &sw.Points[0]
	n := len(p0.Orderings)
	for o := range p0.Orderings {
		name := string(p0.Orderings[o].Ordering)
		var pts [][3]chartNum
		var whiskers [][]chartNum
		for i := range sw.Points {
			p := &sw.Points[i]
			if o >= len(p.Orderings) {
				continue
			}
			st, ok := p.Orderings[o].Metrics[key]
			if !ok {
				continue
			}
			pts = append(pts, [3]chartNum{chartNum(xs[i]), chartNum(st.Mean), chartNum(i)})
			whiskers = append(whiskers, []chartNum{chartNum(xs[i]), chartNum(st.CI95[0]), chartNum(st.CI95[1]),
				chartNum(o), chartNum(n), 0})
		}
		color := chartOrderingColors[o%len(chartOrderingColors)]
		s := charts.SingleSeries{
			Name: name, Type: types.ChartLine, Data: pts, Color: color,
			Symbol: "circle", SymbolSize: 7, LineStyle: &opts.LineStyle{Width: 2},
			Encode: &opts.Encode{X: 0, Y: 1},
		}
		if o == 0 && len(sw.BreakEven) > 0 {
			var marks []interface{}
			for _, be := range sw.BreakEven {
				marks = append(marks, map[string]interface{}{
					"xAxis": chartNum(be.Estimate / xScale),
					"name":  fmt.Sprintf("break-even ≈ %s", breakEvenText(be)),
				})
			}
			s.MarkLines = &opts.MarkLines{Data: marks, MarkLineStyle: opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				LineStyle: &opts.LineStyle{Type: "dashed", Color: "#d62728", Width: 1.5},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}"},
			}}
		}
		line.MultiSeries = append(line.MultiSeries, s, charts.SingleSeries{
			Name: name, Type: "custom", Data: whiskers, Color: color,
			Encode: &opts.Encode{X: 0, Y: []int{1, 2}},
		})
	}
	xType := "value"
	if logAxis {
		xType = "log"
	}
	xName := sw.Param
	if xUnit != "" {
		xName += " (" + xUnit + ")"
	}
	yName := key
	if unit != "" {
		yName += " (" + unit + ")"
	}
	line.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "5"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "80", Right: "40", Top: "60", Bottom: "60"}),
		charts.WithXAxisOpts(opts.XAxis{Type: xType, Name: xName, NameLocation: "middle", NameGap: 30,
			Scale: opts.Bool(true), AxisLabel: &opts.AxisLabel{}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName, Scale: opts.Bool(true), AxisLabel: &opts.AxisLabel{}}),
	)
	line.Validate()
	obj := line.JSON()
	chartCommon(obj)
	return obj
}
