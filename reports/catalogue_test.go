package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// catalogueOutputs runs two replications of the default scenario through the model and
// the aggregator and returns every output reports writes: JSON, text, HTML and each
// CSV file by name.
func catalogueOutputs(t *testing.T) map[string]string {
	t.Helper()
	sc, err := scenarios.Load(scenarios.DefaultScenario, []string{"simulation.replications=2"})
	if err != nil {
		t.Fatal(err)
	}
	c := compareScenario(t, sc, "rollout compare -r 2")
	out := map[string]string{}
	var b bytes.Buffer
	if err := WriteJSON(&b, c, nil); err != nil {
		t.Fatal(err)
	}
	out["json"] = b.String()
	b.Reset()
	if err := WriteText(&b, c); err != nil {
		t.Fatal(err)
	}
	out["text"] = b.String()
	b.Reset()
	if err := WriteHTML(&b, c, nil); err != nil {
		t.Fatal(err)
	}
	out["html"] = b.String()
	dir := t.TempDir()
	files, err := WriteCSV(dir, c, CSVOptions{BOM: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out["csv "+filepath.Base(f)] = string(data)
	}
	return out
}

// TestCatalogueRenameFollows renames catalogue keys — a disruption total (waiting),
// the cause the recommendation explains (slow_link) and one it lists (header_only), a
// blocked cause, and a metric the text table lists (users_blocked) — and checks that every output is the
// original with the old keys replaced by the new ones (the text table up to column
// padding): nothing in reports spells a key.
// The new keys sort where the old ones did, so map order in JSON is unchanged.
func TestCatalogueRenameFollows(t *testing.T) {
	before := catalogueOutputs(t)
	renames := []struct {
		id  model.MetricID
		key string
	}{
		{model.MetricWaitingUserHours, "waiting_time_user_hours"},
		{model.MetricBlockedWANOutage, "blocked_user_hours_by_cause.wan_stop"},
		{model.MetricDegradedBandwidth, "degraded_user_hours_by_cause.bandwidth_share"},
		{model.MetricDegradedHeaderFetch, "degraded_user_hours_by_cause.header_body_fetch"},
		{model.MetricUsersBlocked, "users_ever_blocked"},
	}
	var pairs []string
	for _, r := range renames {
		old := model.RenameMetric(r.id, r.key)
		defer model.RenameMetric(r.id, old)
		pairs = append(pairs, old, r.key)
		if !strings.Contains(before["json"], `"`+old+`"`) {
			t.Fatalf("the original JSON has no %q: the test would prove nothing", old)
		}
	}
	after := catalogueOutputs(t)
	rep := strings.NewReplacer(pairs...)
	names := make([]string, 0, len(before))
	for name := range before {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want, got := rep.Replace(before[name]), after[name]
		if name == "text" { // the table's columns widen with a longer key
			want, got = strings.Join(strings.Fields(want), " "), strings.Join(strings.Fields(got), " ")
		}
		if got != want {
			t.Errorf("%s does not follow the renamed keys (%d bytes, want %d)", name, len(got), len(want))
		}
		for i := 0; i < len(pairs); i += 2 {
			if strings.Contains(after[name], `"`+pairs[i]+`"`) {
				t.Errorf("%s still names %q", name, pairs[i])
			}
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d outputs after the rename, %d before", len(after), len(before))
	}
}
