package reports

import (
	"fmt"
	"math"

	"github.com/rollout-sim/rollout/model"
)

// KeyDisruption is the derived metric that reports adds to the model's scalars: the
// disruption of one replication, in user-hours, blocked + waiting + degraded, each
// counted beyond what the end state would cost at the same moment. The recommendation decides on it first. The model's own
// metrics are named by their catalogue ID (model.MetricID); of those, the migration
// end (model.MetricMigrationEndDays) enters its statistics over finished replications
// only (an unfinished run only says "later than the horizon").
const KeyDisruption = "disruption_user_hours"

// Config is what an Aggregator needs besides the replications themselves.
type Config struct {
	Scenario  ScenarioInfo
	Seed      uint64
	Orderings []Ordering // in report order; Differences are Orderings[0] − Orderings[1]
	// Metrics are the model's metric definitions (model.MetricDefs); the aggregator
	// adds the definition of KeyDisruption in front.
	Metrics []model.MetricDef
	// CachedMode is clients.outlook2003.cached_mode: the recommendation credits Cached
	// Exchange Mode only when it is on.
	CachedMode bool
	// MinRelativeDifference is decision.min_relative_difference: a significant paired
	// difference smaller than this share of the larger mean does not count.
	MinRelativeDifference float64
	// MinUserHours is decision.min_user_hours: a paired difference of a user-hours
	// metric smaller than this does not count.
	MinUserHours float64
	Assumptions  []Assumption
	Run          RunInfo
	Resolved     string // the resolved scenario as YAML
}

// Aggregator accumulates replications one at a time and keeps its memory flat in the
// number of replications R apart from one float per metric, ordering and replication:
// time series and quantile vectors are summed bucket by bucket as they arrive, and no
// model.Result is retained. Replications must be added in replication order (as
// sim.Replicate delivers them) so that every sum is taken in the same order and the
// result is bit-identical whatever the number of workers.
type Aggregator struct {
	cfg      Config
	reps     int
	keys     []string       // metric keys in first-seen order, KeyDisruption first
	keyIndex map[string]int // key → index in keys
	// values[o][k][r] is metric keys[k] of ordering o in replication r.
	values   [][][]float64
	finished [][]bool // finished[o][r]
	series   []seriesSum
	ttu, tts [][]float64 // per ordering: sums of the 21-quantile vectors
	sites    []siteSum   // per ordering: sums of the per-site figures
}

// seriesSum is the running bucket-by-bucket sum of one ordering's time series.
type seriesSum struct {
	bucketSeconds float64
	groups        []groupSum
	groupIndex    map[string]int
}

type groupSum struct {
	key, unit string
	lines     []lineSum
	lineIndex map[string]int
}

type lineSum struct {
	name string
	sum  []float64
}

// NewAggregator starts an empty aggregation for cfg.
func NewAggregator(cfg Config) *Aggregator {
	a := &Aggregator{
		cfg:      cfg,
		keyIndex: map[string]int{},
		values:   make([][][]float64, len(cfg.Orderings)),
		finished: make([][]bool, len(cfg.Orderings)),
		series:   make([]seriesSum, len(cfg.Orderings)),
		ttu:      make([][]float64, len(cfg.Orderings)),
		tts:      make([][]float64, len(cfg.Orderings)),
		sites:    make([]siteSum, len(cfg.Orderings)),
	}
	a.key(KeyDisruption)
	for i := range a.series {
		a.series[i].groupIndex = map[string]int{}
	}
	return a
}

// Replications is the number of replications added so far.
func (a *Aggregator) Replications() int { return a.reps }

// key returns the index of metric k, adding it (zero in earlier replications) if new.
func (a *Aggregator) key(k string) int {
	if i, ok := a.keyIndex[k]; ok {
		return i
	}
	i := len(a.keys)
	a.keys = append(a.keys, k)
	a.keyIndex[k] = i
	for o := range a.values {
		a.values[o] = append(a.values[o], make([]float64, a.reps))
	}
	return i
}

// Add records one replication: results[o] is ordering cfg.Orderings[o] of replication
// Replications(). It reads the results and keeps none of them.
func (a *Aggregator) Add(results []*model.Result) error {
	if len(results) != len(a.cfg.Orderings) {
		return fmt.Errorf("reports: replication %d has %d results, want one per ordering (%d)", a.reps, len(results), len(a.cfg.Orderings))
	}
	for o, r := range results {
		if r == nil {
			return fmt.Errorf("reports: replication %d: no result for %s", a.reps, a.cfg.Orderings[o])
		}
		if r.Ordering != "" && Ordering(r.Ordering) != a.cfg.Orderings[o] {
			return fmt.Errorf("reports: replication %d: result of %s where %s was expected", a.reps, r.Ordering, a.cfg.Orderings[o])
		}
	}
	for o, r := range results {
		a.set(o, a.keyIndex[KeyDisruption], disruptionOf(r))
		for _, s := range r.Scalars() {
			a.set(o, a.key(s.Key), s.Value)
		}
		a.finished[o] = append(a.finished[o], r.Finished)
		a.series[o].add(r.Series)
		a.ttu[o] = addVec(a.ttu[o], r.TimeToUsableQuantiles)
		a.tts[o] = addVec(a.tts[o], r.TimeToSyncedQuantiles)
		a.sites[o].add(r)
	}
	a.reps++
	for o := range a.values { // a metric missing from a result counts as zero there
		for k := range a.values[o] {
			for len(a.values[o][k]) < a.reps {
				a.values[o][k] = append(a.values[o][k], 0)
			}
		}
	}
	return nil
}

// set records value v of metric k for ordering o in the replication being added.
func (a *Aggregator) set(o, k int, v float64) {
	for len(a.values[o][k]) <= a.reps {
		a.values[o][k] = append(a.values[o][k], 0)
	}
	a.values[o][k][a.reps] = finite(v)
}

// addVec adds v into sum element by element, growing sum as needed.
func addVec(sum, v []float64) []float64 {
	for len(sum) < len(v) {
		sum = append(sum, 0)
	}
	for i, x := range v {
		sum[i] += finite(x)
	}
	return sum
}

func (s *seriesSum) add(sr model.Series) {
	if s.bucketSeconds == 0 {
		s.bucketSeconds = sr.BucketSeconds
	}
	for _, g := range sr.Groups {
		gi, ok := s.groupIndex[g.Key]
		if !ok {
			gi = len(s.groups)
			s.groups = append(s.groups, groupSum{key: g.Key, unit: g.Unit, lineIndex: map[string]int{}})
			s.groupIndex[g.Key] = gi
		}
		gs := &s.groups[gi]
		for _, l := range g.Lines {
			li, ok := gs.lineIndex[l.Name]
			if !ok {
				li = len(gs.lines)
				gs.lines = append(gs.lines, lineSum{name: l.Name})
				gs.lineIndex[l.Name] = li
			}
			gs.lines[li].sum = addVec(gs.lines[li].sum, l.Values)
		}
	}
}

// mean returns the series averaged over n replications; a line or bucket missing
// from a replication counts as zero there.
func (s *seriesSum) mean(n int) model.Series {
	out := model.Series{BucketSeconds: s.bucketSeconds}
	for _, g := range s.groups {
		mg := model.SeriesGroup{Key: g.key, Unit: g.unit}
		for _, l := range g.lines {
			mg.Lines = append(mg.Lines, model.Line{Name: l.name, Values: scaleVec(l.sum, n)})
		}
		out.Groups = append(out.Groups, mg)
	}
	return out
}

// scaleVec returns sum / n element by element (nil for an empty sum).
func scaleVec(sum []float64, n int) []float64 {
	if len(sum) == 0 || n == 0 {
		return nil
	}
	out := make([]float64, len(sum))
	for i, v := range sum {
		out[i] = v / float64(n)
	}
	return out
}

// Comparison summarizes what has been added: statistics per ordering and metric, the
// paired differences of the first two orderings, and the recommendation.
func (a *Aggregator) Comparison() *Comparison {
	c := &Comparison{
		SchemaVersion: SchemaVersion,
		Scenario:      a.cfg.Scenario,
		Seed:          a.cfg.Seed,
		Replications:  a.reps,
		Assumptions:   a.cfg.Assumptions,
		Metrics:       a.metricDefs(),
		Run:           a.cfg.Run,
		Resolved:      a.cfg.Resolved,
		CachedMode:    a.cfg.CachedMode,

		MinRelativeDifference: a.cfg.MinRelativeDifference,
		MinUserHours:          a.cfg.MinUserHours,
	}
	for o, ord := range a.cfg.Orderings {
		os := OrderingSummary{
			Ordering:              ord,
			Metrics:               make(map[string]Stat, len(a.keys)),
			MetricOrder:           append([]string(nil), a.keys...),
			Series:                a.series[o].mean(a.reps),
			TimeToUsableQuantiles: scaleVec(a.ttu[o], a.reps),
			TimeToSyncedQuantiles: scaleVec(a.tts[o], a.reps),
			PerReplication:        map[string][]float64{},
		}
		for _, f := range a.finished[o] {
			if !f {
				os.NotFinished++
			}
		}
		endKey := keyOf(model.MetricMigrationEndDays)
		for k, key := range a.keys {
			v := a.values[o][k]
			if key == endKey {
				v = a.finishedOnly(v, o)
			}
			os.Metrics[key] = Summarize(v)
			if keepPerReplication(key) {
				os.PerReplication[key] = append([]float64(nil), a.values[o][k]...)
			}
		}
		c.Orderings = append(c.Orderings, os)
	}
	if len(a.cfg.Orderings) >= 2 {
		c.Differences = make(map[string]Difference, len(a.keys))
		nameA, nameB := string(a.cfg.Orderings[0]), string(a.cfg.Orderings[1])
		endKey := keyOf(model.MetricMigrationEndDays)
		for k, key := range a.keys {
			va, vb := a.values[0][k], a.values[1][k]
			if key == endKey {
				va, vb = a.bothFinished(va, vb)
			}
			d := Paired(va, vb, nameA, nameB, lowerIsBetter(c.Metrics, key))
			d.Practical = practical(d, va, vb, a.cfg.MinRelativeDifference)
			if unitOf(c, key) == "user-hours" && math.Abs(d.Difference) < a.cfg.MinUserHours {
				d.Practical = false
			}
			c.Differences[key] = d
		}
		c.Recommendation = Recommend(c)
	}
	c.Sites, c.DatacenterLink = siteSummaries(a.sites, a.cfg.Orderings, a.reps)
	c.Notes = notFinishedNotes(c)
	return c
}

// finishedOnly returns the values of the replications where ordering o finished.
func (a *Aggregator) finishedOnly(v []float64, o int) []float64 {
	var out []float64
	for r, x := range v {
		if a.finished[o][r] {
			out = append(out, x)
		}
	}
	return out
}

// bothFinished returns the pairs of replications where the first two orderings both finished.
func (a *Aggregator) bothFinished(va, vb []float64) ([]float64, []float64) {
	var oa, ob []float64
	for r := range va {
		if a.finished[0][r] && a.finished[1][r] {
			oa, ob = append(oa, va[r]), append(ob, vb[r])
		}
	}
	return oa, ob
}

// keepPerReplication reports whether every replication value of key is kept in
// OrderingSummary.PerReplication for boxplots: the disruption score and its families'
// totals and causes.
func keepPerReplication(key string) bool {
	if key == KeyDisruption {
		return true
	}
	d, ok := defOf(key)
	return ok && d.Family != model.FamilyNone
}

// metricDefs returns a definition for every key in order: the model's where it has
// one, KeyDisruption's own, and a bare one (lower is better) for any other key.
func (a *Aggregator) metricDefs() []model.MetricDef {
	byKey := map[string]model.MetricDef{}
	for _, d := range a.cfg.Metrics {
		byKey[d.Key] = d
	}
	byKey[KeyDisruption] = model.MetricDef{
		Key:           KeyDisruption,
		Unit:          "user-hours",
		Description:   "Disruption: blocked + waiting + degraded user-hours, each the share of a working hour users could not work beyond what the end state would cost at the same moment.",
		LowerIsBetter: true,
	}
	keys := a.keys
	if a.reps == 0 { // nothing seen yet: list the model's definitions
		keys = []string{KeyDisruption}
		for _, d := range a.cfg.Metrics {
			keys = append(keys, d.Key)
		}
	}
	defs := make([]model.MetricDef, 0, len(keys))
	for _, k := range keys {
		d, ok := byKey[k]
		if !ok {
			d = model.MetricDef{Key: k, LowerIsBetter: lowerIsBetterKey(k)}
		}
		defs = append(defs, d)
	}
	return defs
}

// lowerIsBetter looks key up in defs (true when it is not there).
func lowerIsBetter(defs []model.MetricDef, key string) bool {
	for _, d := range defs {
		if d.Key == key {
			return d.LowerIsBetter
		}
	}
	return lowerIsBetterKey(key)
}

// notFinishedNotes says, per ordering, in how many replications the plan did not
// finish and what that means for the figures.
func notFinishedNotes(c *Comparison) []string {
	var notes []string
	for _, o := range c.Orderings {
		if o.NotFinished == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s: not finished in %d of %d replications; its migration end is averaged over the %d finished ones only, and its other figures stop at the horizon.",
			o.Ordering, o.NotFinished, c.Replications, c.Replications-o.NotFinished))
	}
	return notes
}
