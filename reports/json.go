package reports

import (
	"encoding/json"
	"io"
)

// jsonComparison is the documented JSON layout of a Comparison (see the SCHEMA section
// in doc.go). Field order here is the order in the document; maps are written with
// sorted keys, so the bytes depend only on the values.
type jsonComparison struct {
	SchemaVersion  int                     `json:"schema_version"`
	Scenario       ScenarioInfo            `json:"scenario"`
	Seed           uint64                  `json:"seed"`
	Replications   int                     `json:"replications"`
	CachedMode     bool                    `json:"cached_mode"`
	MinRelative    float64                 `json:"min_relative_difference"`
	MinUserHours   float64                 `json:"min_user_hours"`
	Intervals      string                  `json:"intervals"`
	Orderings      map[string]jsonOrdering `json:"orderings"`
	DifferenceOf   []string                `json:"difference_of,omitempty"`
	Comparison     map[string]Difference   `json:"comparison,omitempty"`
	Recommendation *Recommendation         `json:"recommendation,omitempty"`
	Robustness     *Robustness             `json:"robustness,omitempty"`
	Ablation       *Ablation               `json:"ablation,omitempty"`
	Notes          []string                `json:"notes"`
	Assumptions    []jsonAssumption        `json:"assumptions"`
	Metrics        map[string]jsonMetric   `json:"metric_definitions"`
	Sites          []SiteSummary           `json:"sites"`
	DatacenterLink []LinkSummary           `json:"datacenter_link"`
	Run            RunInfo                 `json:"run"`
}

type jsonOrdering struct {
	Order       int             `json:"order"` // position in the scenario's orderings, from 0
	NotFinished int             `json:"not_finished"`
	Metrics     map[string]Stat `json:"metrics"`
}

type jsonAssumption struct {
	Path    string `json:"path"`
	Value   string `json:"value"`
	Source  string `json:"source"`
	Assumed bool   `json:"assumed"`
	Default bool   `json:"default"`
}

type jsonMetric struct {
	Order         int    `json:"order"`
	Unit          string `json:"unit"`
	Description   string `json:"description"`
	LowerIsBetter bool   `json:"lower_is_better"`
}

// MarshalJSON writes c in the versioned layout documented in doc.go.
func (c Comparison) MarshalJSON() ([]byte, error) {
	j := jsonComparison{
		SchemaVersion:  c.SchemaVersion,
		Scenario:       c.Scenario,
		Seed:           c.Seed,
		Replications:   c.Replications,
		CachedMode:     c.CachedMode,
		MinRelative:    c.MinRelativeDifference,
		MinUserHours:   c.MinUserHours,
		Intervals:      IntervalMethod,
		Orderings:      map[string]jsonOrdering{},
		Comparison:     c.Differences,
		Recommendation: c.Recommendation,
		Robustness:     c.Robustness,
		Ablation:       c.Ablation,
		Notes:          c.Notes,
		Assumptions:    []jsonAssumption{},
		Metrics:        map[string]jsonMetric{},
		Sites:          c.Sites,
		DatacenterLink: c.DatacenterLink,
		Run:            c.Run,
	}
	if j.Sites == nil {
		j.Sites = []SiteSummary{}
	}
	if j.DatacenterLink == nil {
		j.DatacenterLink = []LinkSummary{}
	}
	if j.Notes == nil {
		j.Notes = []string{}
	}
	for i, o := range c.Orderings {
		m := o.Metrics
		if m == nil {
			m = map[string]Stat{}
		}
		j.Orderings[string(o.Ordering)] = jsonOrdering{Order: i, NotFinished: o.NotFinished, Metrics: m}
	}
	if len(c.Orderings) >= 2 && c.Differences != nil {
		j.DifferenceOf = []string{string(c.Orderings[0].Ordering), string(c.Orderings[1].Ordering)}
	}
	for _, a := range c.Assumptions {
		j.Assumptions = append(j.Assumptions, jsonAssumption(a))
	}
	for i, d := range c.Metrics {
		j.Metrics[d.Key] = jsonMetric{Order: i, Unit: d.Unit, Description: d.Description, LowerIsBetter: d.LowerIsBetter}
	}
	return json.Marshal(j)
}

// WriteJSON writes c (and, for a sweep, sw instead) as indented JSON followed by a newline.
func WriteJSON(w io.Writer, c *Comparison, sw *Sweep) error {
	var v any = c
	if sw != nil {
		v = sw
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonStat is Stat as written in JSON: null where nothing can be estimated.
type jsonStat struct {
	N    int         `json:"n"`
	Mean *float64    `json:"mean"`
	SD   *float64    `json:"sd"`
	CI95 *[2]float64 `json:"ci95"`
	P5   *float64    `json:"p5"`
	P50  *float64    `json:"p50"`
	P95  *float64    `json:"p95"`
	Min  *float64    `json:"min"`
	Max  *float64    `json:"max"`
}

// MarshalJSON writes s with null for what n replications cannot give: every figure
// when n = 0 (e.g. migration_end_days when no replication finished — 0 days would
// read as the best value), the SD and the CI when n = 1.
func (s Stat) MarshalJSON() ([]byte, error) {
	j := jsonStat{N: s.N}
	if s.N > 0 {
		j.Mean, j.P5, j.P50, j.P95, j.Min, j.Max = &s.Mean, &s.P5, &s.P50, &s.P95, &s.Min, &s.Max
	}
	if s.N > 1 {
		j.SD, j.CI95 = &s.SD, &s.CI95
	}
	return json.Marshal(j)
}

// jsonDifference is Difference as written in JSON.
type jsonDifference struct {
	N           int         `json:"n"`
	Difference  *float64    `json:"difference"`
	CI95        *[2]float64 `json:"ci95"`
	Significant bool        `json:"significant"`
	Better      string      `json:"better"`
	Practical   bool        `json:"practical"`
}

// MarshalJSON writes d with a null difference when no replication could be paired
// and a null CI when only one could.
func (d Difference) MarshalJSON() ([]byte, error) {
	j := jsonDifference{N: d.N, Significant: d.Significant, Better: d.Better, Practical: d.Practical}
	if d.N > 0 {
		j.Difference = &d.Difference
	}
	if d.N > 1 {
		j.CI95 = &d.CI95
	}
	return json.Marshal(j)
}
