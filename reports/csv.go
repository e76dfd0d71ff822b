package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rollout-sim/rollout/model"
)

// WriteCSV writes one CSV file per table and per time series of c into dir (created
// if missing), and returns the paths written in order:
//
//   - metrics.csv: ordering, metric, unit, n, mean, sd, ci95_low, ci95_high, p5, p50,
//     p95, min, max, not_finished;
//   - comparison.csv: metric, unit, a, b, n, difference (a − b), ci95_low, ci95_high,
//     significant, better, practical (two orderings only);
//   - recommendation.csv: ordering, tie, deciding_metric, reason (one row per reason);
//   - assumptions.csv: path, value, source, assumed, default;
//   - series_ORDERING_GROUP.csv: time_utc (the bucket's start as an ISO 8601 date
//     and time in UTC, "2026-01-05 08:00:00", which Excel reads as a date), hours
//     since start, then one column per line, each the mean over replications bucket
//     by bucket, in the group's unit;
//   - quantiles_ORDERING.csv: quantile, time_to_usable_hours, time_to_synced_hours
//     (each the mean over replications of that per-user quantile).
//
// Values are plain: a scenario value written as a YAML string ("08:30") is given
// without its quotes. Each file starts with the UTF-8 byte-order mark when opt.BOM
// is set (Excel then reads "–" and "×" as such instead of as Windows-1252). The
// files are written as one transaction: all of them or none.
func WriteCSV(dir string, c *Comparison, opt CSVOptions) ([]string, error) {
	return writeFiles(dir, CSVFiles(c, opt))
}

// CSVOptions are the choices of WriteCSV and WriteSweepCSV.
type CSVOptions struct {
	// BOM starts every file with the UTF-8 byte-order mark (EF BB BF), which tells
	// Excel the file is UTF-8. The command line sets it unless --csv-bom=false.
	BOM bool
}

// csvBOM is the UTF-8 encoding of U+FEFF, the byte-order mark.
const csvBOM = "\ufeff"

// WriteSweepCSV writes sweep.csv (param value, numeric value, ordering, metric, mean,
// ci95_low, ci95_high, recommended) and break_even.csv into dir, and returns the paths.
// opt is as for WriteCSV.
func WriteSweepCSV(dir string, sw *Sweep, opt CSVOptions) ([]string, error) {
	return writeFiles(dir, SweepCSVFiles(sw, opt))
}

// sweepTables builds the tables of WriteSweepCSV.
func sweepTables(sw *Sweep) []csvTable {
	rows := [][]string{{"value", "numeric", "ordering", "metric", "mean", "ci95_low", "ci95_high", "recommended", "deciding_metric"}}
	for i, p := range sw.Points {
		rec, dec := "", ""
		if p.Recommendation != nil {
			rec, dec = string(p.Recommendation.Ordering), p.Recommendation.DecidingMetric
		}
		for _, o := range p.Orderings {
			for _, key := range o.MetricOrder {
				st := o.Metrics[key]
				rows = append(rows, []string{sw.Values[i], fnum(sw.Numeric[i]), string(o.Ordering), key,
					fnum(st.Mean), fnum(st.CI95[0]), fnum(st.CI95[1]), rec, dec})
			}
		}
	}
	be := [][]string{{"from_value", "to_value", "estimate", "estimate_text", "metric", "crossed", "from", "to"}}
	for _, b := range sw.BreakEven {
		be = append(be, []string{b.Between[0], b.Between[1], fnum(b.Estimate), b.EstimateText, b.Metric,
			strconv.FormatBool(b.Crossed), string(b.From), string(b.To)})
	}
	return []csvTable{{"sweep.csv", rows}, {"break_even.csv", be}}
}

type csvTable struct {
	name string
	rows [][]string
}

// comparisonTables builds every table of c, file names prefixed by prefix.
func comparisonTables(c *Comparison, prefix string) []csvTable {
	var tables []csvTable
	start := c.Scenario.Start // zero time (year 1) when missing
	m := [][]string{{"ordering", "metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high", "p5", "p50", "p95", "min", "max", "not_finished"}}
	for _, o := range c.Orderings {
		for _, key := range o.MetricOrder {
			st := o.Metrics[key]
			m = append(m, []string{string(o.Ordering), key, unitOf(c, key), strconv.Itoa(st.N),
				fnum(st.Mean), fnum(st.SD), fnum(st.CI95[0]), fnum(st.CI95[1]),
				fnum(st.P5), fnum(st.P50), fnum(st.P95), fnum(st.Min), fnum(st.Max), strconv.Itoa(o.NotFinished)})
		}
	}
	tables = append(tables, csvTable{prefix + "metrics.csv", m})
	if len(c.Orderings) >= 2 && c.Differences != nil {
		a, b := string(c.Orderings[0].Ordering), string(c.Orderings[1].Ordering)
		d := [][]string{{"metric", "unit", "a", "b", "n", "difference", "ci95_low", "ci95_high", "significant", "better", "practical"}}
		for _, key := range c.Orderings[0].MetricOrder {
			x := c.Differences[key]
			d = append(d, []string{key, unitOf(c, key), a, b, strconv.Itoa(x.N), fnum(x.Difference),
				fnum(x.CI95[0]), fnum(x.CI95[1]), strconv.FormatBool(x.Significant), x.Better, strconv.FormatBool(x.Practical)})
		}
		tables = append(tables, csvTable{prefix + "comparison.csv", d})
	}
	if r := c.Recommendation; r != nil {
		rows := [][]string{{"ordering", "tie", "deciding_metric", "reason"}}
		for _, s := range r.Reasons {
			rows = append(rows, []string{string(r.Ordering), strconv.FormatBool(r.Tie), r.DecidingMetric, s})
		}
		tables = append(tables, csvTable{prefix + "recommendation.csv", rows})
	}
	as := [][]string{{"path", "value", "source", "assumed", "default"}}
	for _, a := range c.Assumptions {
		as = append(as, []string{a.Path, plainValue(a.Value), a.Source, strconv.FormatBool(a.Assumed), strconv.FormatBool(a.Default)})
	}
	tables = append(tables, csvTable{prefix + "assumptions.csv", as})
	if len(c.Sites) > 0 {
		tables = append(tables, csvTable{prefix + "sites.csv", sitesTable(c)})
	}
	for _, o := range c.Orderings {
		for _, g := range o.Series.Groups {
			tables = append(tables, csvTable{
				fmt.Sprintf("%sseries_%s_%s.csv", prefix, fileSafe(string(o.Ordering)), fileSafe(g.Key)),
				seriesRows(start, o.Series.BucketSeconds, g.Unit, g.Lines, lineNames(g.Lines)),
			})
		}
		if len(o.TimeToUsableQuantiles) > 0 || len(o.TimeToSyncedQuantiles) > 0 {
			q := [][]string{{"quantile", "time_to_usable_hours", "time_to_synced_hours"}}
			n := max(len(o.TimeToUsableQuantiles), len(o.TimeToSyncedQuantiles))
			for i := 0; i < n; i++ {
				p := 0.0
				if n > 1 {
					p = float64(i) / float64(n-1)
				}
				q = append(q, []string{fnum(p), fnum(at(o.TimeToUsableQuantiles, i)), fnum(at(o.TimeToSyncedQuantiles, i))})
			}
			tables = append(tables, csvTable{fmt.Sprintf("%squantiles_%s.csv", prefix, fileSafe(string(o.Ordering))), q})
		}
	}
	return tables
}

func lineNames(lines []model.Line) []string {
	names := make([]string, len(lines))
	for i, l := range lines {
		names[i] = l.Name
	}
	return names
}

// seriesRows lays out one series group: a row per bucket, a column per line. The
// first two columns say when the bucket starts: the UTC date and time (start is day
// 0, midnight UTC) and the hours since start.
func seriesRows(start time.Time, bucketSeconds float64, unit string, lines []model.Line, names []string) [][]string {
	header := []string{"time_utc", "hours"}
	for _, n := range names {
		header = append(header, n+" ("+unit+")")
	}
	rows := [][]string{header}
	n := 0
	for _, l := range lines {
		n = max(n, len(l.Values))
	}
	for b := 0; b < n; b++ {
		sec := float64(b) * bucketSeconds
		when := start.Add(time.Duration(math.Round(sec)) * time.Second)
		row := []string{when.UTC().Format(csvTimeLayout), fnum(sec / 3600)}
		for _, l := range lines {
			row = append(row, fnum(at(l.Values, b)))
		}
		rows = append(rows, row)
	}
	return rows
}

func at(v []float64, i int) float64 {
	if i < len(v) {
		return v[i]
	}
	return 0
}

// fnum writes a float with the fewest digits that read back exactly.
func fnum(v float64) string { return strconv.FormatFloat(finite(v), 'g', -1, 64) }

// fileSafe keeps letters, digits, '-' and '_' of a name and turns the rest into '_'.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

// csvTimeLayout is ISO 8601 date and time with a space for the T (allowed by
// RFC 3339): Excel reads it as a date and time, which it does not do with a T.
const csvTimeLayout = "2006-01-02 15:04:05"

// plainValue is a scenario value as a person writes it: a YAML double-quoted
// string ("08:30") without its quotes and escapes; anything else unchanged.
func plainValue(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		if u, err := strconv.Unquote(v); err == nil {
			return u
		}
	}
	return v
}

func csvBytes(rows [][]string, opt CSVOptions) []byte {
	var buf bytes.Buffer
	if opt.BOM {
		buf.WriteString(csvBOM)
	}
	w := csv.NewWriter(&buf)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = csvNeutral(cell)
		}
	}
	_ = w.WriteAll(rows) // writes to a bytes.Buffer cannot fail
	return buf.Bytes()
}

// csvNeutral keeps a spreadsheet from running a cell as a formula (OWASP, "CSV
// Injection"): text that begins with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe. Numbers (-1.5, +3) are left as they are.
func csvNeutral(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}
