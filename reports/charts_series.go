package reports

import (
	"math"
	"strconv"
	"time"

	"github.com/rollout-sim/rollout/model"
)

// chartMaxPoints is the most points one line of a time chart carries (about one
// per pixel and a half of a chart's width). Longer series are down-sampled
// (chartDownsample) so that the report stays small and opens fast: 240 days of 1 h
// buckets become 8 h points; the usual view, the migration plus a week (~57 days),
// becomes 2 h points. Drawing time grows with points: 1,500 points per line took
// ~1/3 more renderer time for the default report's users-by-state chart.
const chartMaxPoints = 800

// chartNum is a chart value written to JSON with 5 significant digits (enough for a
// chart and a tooltip, and about half the bytes of full precision). NaN and ±Inf,
// which a chart cannot show, are written as null (a gap).
type chartNum float64

// MarshalJSON implements json.Marshaler.
func (n chartNum) MarshalJSON() ([]byte, error) {
	v := float64(n)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendInt(nil, int64(v), 10), nil
	}
	return strconv.AppendFloat(nil, v, 'g', 5, 64), nil
}

// chartRow is one row of a time chart's dataset: a time in Unix milliseconds (what
// an ECharts time axis reads) followed by one value per line.
type chartRow struct {
	TimeMs int64
	Values []float64
}

// MarshalJSON writes the row as a JSON array [t, v1, v2, …].
func (r chartRow) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+8*len(r.Values))
	b = append(b, '[')
	b = strconv.AppendInt(b, r.TimeMs, 10)
	for _, v := range r.Values {
		b = append(b, ',')
		nb, _ := chartNum(v).MarshalJSON()
		b = append(b, nb...)
	}
	return append(b, ']'), nil
}

// chartDownsample reduces values to at most maxPoints points by combining runs of
// k = ⌈len/maxPoints⌉ consecutive buckets, each into their mean, or their maximum when
// peak is set (utilization: a short saturation must stay visible). It returns the new
// values and k (1 when nothing was combined).
func chartDownsample(values []float64, maxPoints int, peak bool) ([]float64, int) {
	n := len(values)
	if n <= maxPoints || maxPoints <= 0 {
		return values, 1
	}
	k := (n + maxPoints - 1) / maxPoints
	out := make([]float64, 0, (n+k-1)/k)
	for i := 0; i < n; i += k {
		end := min(i+k, n)
		acc, cnt := 0.0, 0
		best := math.Inf(-1)
		for _, v := range values[i:end] {
			if math.IsNaN(v) {
				continue
			}
			acc += v
			cnt++
			best = max(best, v)
		}
		switch {
		case cnt == 0:
			out = append(out, math.NaN())
		case peak:
			out = append(out, best)
		default:
			out = append(out, acc/float64(cnt))
		}
	}
	return out, k
}

// chartTimeline maps bucket indexes of a series to calendar times.
type chartTimeline struct {
	start         time.Time // day 0, midnight UTC
	bucketSeconds float64
	workingDays   Weekdays
}

// ms is the Unix time in milliseconds of the start of bucket i, when every point
// stands for k buckets and i counts points.
func (tl chartTimeline) ms(point, k int) int64 {
	sec := float64(point*k) * tl.bucketSeconds
	return tl.start.UnixMilli() + int64(math.Round(sec*1000))
}

// offDayAreas returns ECharts markArea data shading every run of non-working days
// between from and to (Unix ms): pairs [{xAxis: start}, {xAxis: end}].
func (tl chartTimeline) offDayAreas(fromMs, toMs int64) []interface{} {
	var areas []interface{}
	day := tl.start
	end := time.UnixMilli(toMs).UTC()
	for day.Before(end) {
		if tl.workingDays.Has(day.Weekday()) {
			day = day.AddDate(0, 0, 1)
			continue
		}
		runStart := day
		for day.Before(end) && !tl.workingDays.Has(day.Weekday()) {
			day = day.AddDate(0, 0, 1)
		}
		if day.UnixMilli() <= fromMs {
			continue
		}
		areas = append(areas, []map[string]interface{}{
			{"xAxis": max(runStart.UnixMilli(), fromMs)},
			{"xAxis": min(day.UnixMilli(), toMs)},
		})
	}
	return areas
}

// chartGroup finds a series group by key; nil when absent or without lines.
func chartGroup(s model.Series, key string) *model.SeriesGroup {
	for i := range s.Groups {
		if s.Groups[i].Key == key && len(s.Groups[i].Lines) > 0 {
			return &s.Groups[i]
		}
	}
	return nil
}

// chartTrimDays is how long time charts run on after the latest migration end.
const chartTrimDays = 7

// chartVisibleBuckets returns how many buckets of the time series to chart: up to
// a week after the latest migration end of any replication of any ordering, when
// every replication finished (after that nothing migrates, and charting the rest
// of the horizon would only squeeze the migration into a corner). It returns
// n (everything) when a replication did not finish or the end is unknown.
func chartVisibleBuckets(c *Comparison, n int, bucketSeconds float64) int {
	if bucketSeconds <= 0 {
		return n
	}
	endDays := 0.0
	for _, os := range c.Orderings {
		st, ok := os.Metrics[keyOf(model.MetricMigrationEndDays)]
		if os.NotFinished > 0 || !ok || st.N == 0 || math.IsNaN(st.Max) {
			return n
		}
		endDays = max(endDays, st.Max)
	}
	b := int(math.Ceil((endDays + chartTrimDays) * 86400 / bucketSeconds))
	if b <= 0 || b >= n {
		return n
	}
	return b
}
