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
	DegradedWeight float64                 `json:"degraded_weight"`
	MinRelative    float64                 `json:"min_relative_difference"`
	Orderings      map[string]jsonOrdering `json:"orderings"`
	DifferenceOf   []string                `json:"difference_of,omitempty"`
	Comparison     map[string]Difference   `json:"comparison,omitempty"`
	Recommendation *Recommendation         `json:"recommendation,omitempty"`
	Notes          []string                `json:"notes"`
	Assumptions    []jsonAssumption        `json:"assumptions"`
	Metrics        map[string]jsonMetric   `json:"metric_definitions"`
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
		DegradedWeight: c.DegradedWeight,
		MinRelative:    c.MinRelativeDifference,
		Orderings:      map[string]jsonOrdering{},
		Comparison:     c.Differences,
		Recommendation: c.Recommendation,
		Notes:          c.Notes,
		Assumptions:    []jsonAssumption{},
		Metrics:        map[string]jsonMetric{},
		Run:            c.Run,
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
