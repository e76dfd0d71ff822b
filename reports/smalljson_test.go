package reports

import (
	"testing"

	"github.com/rollout-sim/rollout/internal/smalljson"
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
	out, err := smalljson.Shrink(doc, goldenMetrics)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
