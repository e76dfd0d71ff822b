package reports

import (
	"encoding/json"
	"time"

	"github.com/rollout-sim/rollout/model"
)

// SchemaVersion is the version of the JSON document written by --json. It changes
// when a key is renamed or removed or its meaning changes; adding keys keeps it.
const SchemaVersion = 2

// Stat summarizes one metric over replications. CI95 is the 95 % confidence
// interval of the mean, a seeded percentile bootstrap over replications (see
// Summarize); P5, P50, P95 are empirical quantiles.
type Stat struct {
	N    int        `json:"n"`
	Mean float64    `json:"mean"`
	SD   float64    `json:"sd"`
	CI95 [2]float64 `json:"ci95"`
	P5   float64    `json:"p5"`
	P50  float64    `json:"p50"`
	P95  float64    `json:"p95"`
	Min  float64    `json:"min"`
	Max  float64    `json:"max"`
}

// OrderingSummary is everything measured for one ordering over all replications.
type OrderingSummary struct {
	Ordering    Ordering        `json:"-"`
	NotFinished int             `json:"not_finished"` // replications whose plan did not end within the horizon
	Metrics     map[string]Stat `json:"metrics"`      // by model metric key
	// MetricOrder lists Metrics' keys in report order.
	MetricOrder []string `json:"-"`
	// Series holds the time series averaged over replications bucket by bucket.
	Series model.Series `json:"-"`
	// TimeToUsableQuantiles and TimeToSyncedQuantiles are the per-replication
	// quantile vectors (hours) averaged over replications.
	TimeToUsableQuantiles []float64 `json:"-"`
	TimeToSyncedQuantiles []float64 `json:"-"`
	// PerReplication holds, for the few metrics charted as boxplots (disruption by
	// cause), the value of each replication in replication order.
	PerReplication map[string][]float64 `json:"-"`
}

// Difference is the paired difference A − B of one metric between two orderings.
type Difference struct {
	N           int        `json:"n"`           // replications paired (both finished, for migration_end_days)
	Difference  float64    `json:"difference"`  // mean over replications of A − B
	CI95        [2]float64 `json:"ci95"`        // Student-t 95 % CI of that mean
	Significant bool       `json:"significant"` // the CI excludes zero
	Better      string     `json:"better"`      // the ordering that does better, or "" when not significant
	// Practical is true when the difference is significant and at least
	// decision.min_relative_difference of the larger of the two orderings' means in
	// magnitude: only such differences count in the recommendation.
	Practical bool `json:"practical"`
}

// Recommendation is the ordering the decision rule picks and why.
type Recommendation struct {
	Ordering Ordering `json:"ordering"` // "" when the rule finds no significant difference
	Tie      bool     `json:"tie"`
	Reasons  []string `json:"reasons"` // plain sentences with numbers and CIs
	// DecidingMetric is the metric key whose significant difference decided ("" on a tie).
	DecidingMetric string `json:"deciding_metric"`
	// Exception is true when servers-first wins on disruption mainly because of the old
	// servers' outages, load or slowness: the article's exception to clients-first.
	Exception bool `json:"articles_exception"`
}

// Comparison is the result of `rollout compare` (or `run`, with one ordering and no
// Differences): what the JSON, CSV, text and HTML outputs all render.
type Comparison struct {
	SchemaVersion  int                   `json:"schema_version"`
	Scenario       ScenarioInfo          `json:"scenario"`
	Seed           uint64                `json:"seed"`
	Replications   int                   `json:"replications"`
	Orderings      []OrderingSummary     `json:"-"`                    // in the scenario's order
	Differences    map[string]Difference `json:"comparison,omitempty"` // A = Orderings[0], B = Orderings[1]
	Recommendation *Recommendation       `json:"recommendation,omitempty"`
	// Robustness is the robustness check of the recommendation against the assumed
	// parameters' ranges (nil when it was not run).
	Robustness *Robustness `json:"robustness,omitempty"`
	// Ablation is the share of the disruption difference each mechanism explains
	// (nil when it was not run); with it the reasons name only backed mechanisms.
	Ablation    *Ablation    `json:"ablation,omitempty"`
	Assumptions []Assumption `json:"assumptions"`
	// CachedMode is clients.outlook2003.cached_mode: reasons credit Cached Exchange Mode
	// only when it is on.
	CachedMode bool `json:"cached_mode"`
	// MinRelativeDifference is decision.min_relative_difference: a significant paired
	// difference smaller than this share of the larger mean counts as a tie.
	MinRelativeDifference float64 `json:"min_relative_difference"`
	// MinUserHours is decision.min_user_hours: a difference of a user-hours metric
	// smaller than this counts as a tie, however small the means.
	MinUserHours float64 `json:"min_user_hours"`
	// Notes are caveats every output must show, e.g. "not finished in N of R replications".
	Notes   []string          `json:"notes"`
	Metrics []model.MetricDef `json:"-"` // definitions of every metric key, in report order

	// Sites holds every site's results per ordering, in file order; DatacenterLink the
	// datacenter link's part of the link figures.
	Sites          []SiteSummary `json:"sites"`
	DatacenterLink []LinkSummary `json:"datacenter_link"`

	// Run is how to reproduce this result.
	Run RunInfo `json:"run"`
	// Resolved is the resolved scenario as YAML, for the report's appendix.
	Resolved string `json:"-"`
}

// Ordering names an ordering of the migration, as scenarios and model results name
// it.
type Ordering string

// The two orderings.
const (
	ClientsFirst Ordering = "clients-first" // Outlook 2003 waves, then the mailbox moves
	ServersFirst Ordering = "servers-first" // the mailbox moves, then the Outlook 2003 waves
)

// Assumption is one scenario parameter in force that a report lists: its path,
// value as written, source, whether it has no published source, and whether it
// came from the defaults.
type Assumption struct {
	Path    string // scenario path, e.g. clients.outlook2003.usable_fraction
	Value   string // the value in force, as written in a scenario
	Source  string // the published source, or "assumed"
	Assumed bool   // no published source: shown first in reports
	Default bool   // the value came from the defaults, not the scenario file
}

// ScenarioInfo identifies the scenario a result came from, and its calendar.
type ScenarioInfo struct {
	Name        string
	Description string
	// Start is day 0 of the simulation: a date at midnight UTC (the zero time when
	// unknown, which the HTML report refuses).
	Start time.Time
	// WorkingDays are the days with working hours; the report shades the others. The
	// zero set is read as Monday to Friday, the scenario format's default.
	WorkingDays Weekdays
}

// MarshalJSON writes the name, the description and the start as a YYYY-MM-DD date
// ("" when unknown); the working days are in the resolved scenario, not here.
func (s ScenarioInfo) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Start       string `json:"start"`
	}{s.Name, s.Description, s.StartDate()})
}

// StartDate is Start as YYYY-MM-DD, "" when unknown.
func (s ScenarioInfo) StartDate() string {
	if s.Start.IsZero() {
		return ""
	}
	return s.Start.Format("2006-01-02")
}

// Weekdays is a set of days of the week, indexed by time.Weekday (0 = Sunday).
type Weekdays [7]bool

// Has reports whether d is in the set; in the zero set, Monday to Friday are.
func (w Weekdays) Has(d time.Weekday) bool {
	if w == (Weekdays{}) {
		return d != time.Saturday && d != time.Sunday
	}
	return w[d]
}

// RunInfo is what reproduces a run.
type RunInfo struct {
	ToolVersion string `json:"tool_version"`
	GoVersion   string `json:"go_version"`
	CommandLine string `json:"command_line"`
}

// Sweep is the result of `rollout sweep`: one Comparison per parameter value.
type Sweep struct {
	SchemaVersion int    `json:"schema_version"`
	Scenario      string `json:"scenario"` // the scenario's name
	Param         string `json:"param"`    // scenario path, e.g. sites.Leeds.wan.down
	// Log is true when the values were spread (and break-evens interpolated) on a log scale.
	Log bool `json:"log"`
	// Categorical is true when the values are not quantities (e.g. keep,resync): Numeric
	// then holds their positions 0, 1, 2, … and break-evens carry no estimate.
	Categorical bool         `json:"categorical"`
	Values      []string     `json:"values"`  // as written, e.g. 512kbps
	Numeric     []float64    `json:"numeric"` // the same values in base units, for the axis
	Points      []Comparison `json:"points"`
	BreakEven   []BreakEven  `json:"break_even"`
	// AxisUnit is the unit the parameter's axis reads in (Mbps for rates up to
	// 20 Mbps) and AxisScale the base units per AxisUnit; "" and 0 read values as
	// they are (numbers, categories).
	AxisUnit  string  `json:"axis_unit,omitempty"`
	AxisScale float64 `json:"axis_scale,omitempty"`
	// Grid describes a sweep of two parameters (nil for one): Points then holds every
	// pair of values and BreakEven is empty (GridFlips lists the flips).
	Grid *Grid `json:"grid,omitempty"`
}

// BreakEven is a point along a sweep where the recommendation flips.
type BreakEven struct {
	Between [2]string `json:"between"` // the two swept values that bracket the flip
	// Estimate is the value (base units) where the deciding metric's paired difference
	// crosses zero, interpolated linearly between the bracketing points.
	Estimate float64 `json:"estimate"`
	// EstimateText is Estimate written in the parameter's unit, e.g. 380kbps.
	EstimateText string `json:"estimate_text"`
	// Metric is the decision metric whose paired difference was interpolated.
	Metric string `json:"metric"`
	// Crossed is false when that difference does not change sign between the bracketing
	// points (the flip came from another step of the rule): Estimate is then their midpoint.
	Crossed bool     `json:"crossed"`
	From    Ordering `json:"from"`
	To      Ordering `json:"to"`
}
