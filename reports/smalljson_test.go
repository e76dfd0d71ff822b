package reports

import (
	"encoding/json"
	"testing"
)

// goldenMetrics are the metrics a JSON golden file keeps: enough to pin the layout
// and the numbers that decide, few enough for a reviewer to read the diff.
var goldenMetrics = map[string]bool{
	"disruption_user_hours": true, "blocked_user_hours_by_cause.wan_outage": true,
	"wan_gigabytes": true, "migration_end_days": true,
}

// smallJSON keeps, of a comparison document, the goldenMetrics in every map keyed by
// metric (orderings' metrics, comparison, metric_definitions) and the first two
// assumptions, and writes it back indented (object keys sorted).
func smallJSON(t *testing.T, doc []byte) []byte {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	keep := func(m any) {
		if mm, ok := m.(map[string]any); ok {
			for k := range mm {
				if !goldenMetrics[k] {
					delete(mm, k)
				}
			}
		}
	}
	if ords, ok := d["orderings"].(map[string]any); ok {
		for _, o := range ords {
			if om, ok := o.(map[string]any); ok {
				keep(om["metrics"])
			}
		}
	}
	keep(d["comparison"])
	keep(d["metric_definitions"])
	if as, ok := d["assumptions"].([]any); ok && len(as) > 2 {
		d["assumptions"] = as[:2]
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}
