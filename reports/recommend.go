package reports

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/rollout-sim/rollout/model"
)

// The decision rule (Recommend) walks these steps in order and stops at the first
// whose paired difference is significant (its 95 % CI excludes zero):
//
//  1. disruption: blocked + waiting + degraded user-hours, each beyond the end state
//     (KeyDisruption), lower is better;
//  2. WAN load: total WAN gigabytes (model.MetricWANGigabytes), lower is better;
//  3. time to finish: first the share of replications that finished within the
//     horizon (model.MetricFinished, higher is better), then the migration end in days
//     over the replications where both orderings finished (model.MetricMigrationEndDays),
//     lower is better;
//  4. cost, when the scenario gives costs (model.MetricCostTotal), lower is better.
//
// A difference counts (Difference.Practical) only when it is significant and at least
// decision.min_relative_difference (default 1 %) of the larger of the two orderings'
// means: common random numbers make tiny differences significant, and a planner
// should not switch orderings over 0.04 user-hours. When no step counts the
// orderings tie and the recommendation says so, naming no ordering. The rule is deterministic: the same Comparison gives the same
// recommendation, word for word.
func decisionSteps() []string {
	return append([]string{KeyDisruption}, keysOf(model.MetricWANGigabytes, model.MetricFinished,
		model.MetricMigrationEndDays, model.MetricCostTotal)...)
}

// serverCauses are the disruption components that come from the servers themselves
// (outages, RPC latency under load): when they carry servers-first's win on
// disruption, it is the article's exception.
var serverCauses = map[model.MetricID]bool{
	model.MetricBlockedServerOutage: true,
	model.MetricDegradedServer:      true,
}

// Recommend applies the decision rule to c's paired differences (c.Orderings[0] minus
// c.Orderings[1]) and explains the outcome in plain sentences with numbers and CIs.
// It returns nil when c has fewer than two orderings.
func Recommend(c *Comparison) *Recommendation {
	if len(c.Orderings) < 2 || c.Differences == nil {
		return nil
	}
	a, b := c.Orderings[0].Ordering, c.Orderings[1].Ordering
	rec := &Recommendation{}
	var skipped []string
	for _, key := range decisionSteps() {
		d, ok := c.Differences[key]
		if !ok || d.N == 0 {
			continue
		}
		if !d.Practical || d.Better == "" {
			skipped = append(skipped, notSignificant(c, key, d))
			continue
		}
		rec.Ordering = Ordering(d.Better)
		rec.DecidingMetric = key
		break
	}
	if rec.Ordering == "" {
		rec.Tie = true
		rec.Reasons = append(rec.Reasons, fmt.Sprintf("Tie: no difference between %s and %s is significant at 95 %% in %d replications, so the rule recommends neither; decide on other grounds or run more replications.",
			a, b, c.Replications))
		if s := eitherSentence(c); s != "" {
			rec.Reasons = append(rec.Reasons, s)
		}
		rec.Reasons = append(rec.Reasons, skipped...)
	} else {
		winner, loser := rec.Ordering, a
		if winner == a {
			loser = b
		}
		if s := eitherSentence(c); s != "" {
			rec.Reasons = append(rec.Reasons, s)
		}
		rec.Reasons = append(rec.Reasons, decidingSentence(c, rec, winner, loser))
		if rec.DecidingMetric == KeyDisruption {
			if s := causeBreakdown(c, winner, loser); s != "" {
				rec.Reasons = append(rec.Reasons, s)
			}
			if rec.Exception {
				rec.Reasons = append(rec.Reasons, fmt.Sprintf("This is the article's exception: the old 5.5 servers' own outages, load or slowness cost %s's users more than the WAN does, so the troubled servers should be replaced first.", loser))
			}
		} else {
			rec.Reasons = append(rec.Reasons, skipped...)
		}
		if s := blockedSentence(c, winner, loser); s != "" {
			rec.Reasons = append(rec.Reasons, s)
		}
		rec.Reasons = append(rec.Reasons, alsoSentences(c, rec.DecidingMetric, winner, loser)...)
	}
	rec.Reasons = append(rec.Reasons, ruleSentence(c))
	if s := assumedSentence(c.Assumptions); s != "" {
		rec.Reasons = append(rec.Reasons, s)
	}
	return rec
}

// eitherSentence says that either ordering will do for the users and the WAN, and
// why, when neither disruption nor WAN volume differs in a way the rule counts (a
// later step may still prefer one, e.g. for a shorter plan); "" otherwise.
func eitherSentence(c *Comparison) string {
	wk := keyOf(model.MetricWANGigabytes)
	dd, ok1 := c.Differences[KeyDisruption]
	dw, ok2 := c.Differences[wk]
	if !ok1 || !ok2 || dd.Practical || dw.Practical {
		return ""
	}
	a, b := c.Orderings[0].Ordering, c.Orderings[1].Ordering
	s := fmt.Sprintf("Either ordering will do for the users and the WAN: disruption differs by only %s user-hours (%s − %s, 95 %% CI %s) and WAN volume by %s GB, which the rule counts as ties",
		num(dd.Difference), a, b, ciTextN(dd.CI95, dd.N), num(dw.Difference))
	if side(c, a).Metrics[wk].Mean == 0 && side(c, b).Metrics[wk].Mean == 0 {
		s += "; no byte crosses the WAN in either ordering, so syncs and moves load only the LAN and the servers"
	}
	return s + "."
}

// ruleSentence states the decision rule with the thresholds in force.
func ruleSentence(c *Comparison) string {
	steps := "disruption first, then WAN volume, then finishing within the horizon and the migration end"
	if _, ok := c.Differences[keyOf(model.MetricCostTotal)]; ok {
		steps += ", then cost"
	}
	floor := ""
	if c.MinUserHours > 0 {
		floor = " and, for user-hours, at least " + userHoursParam(c.MinUserHours)
	}
	return fmt.Sprintf("The rule: %s; a difference counts only when its 95 %% CI excludes zero and it is at least %s of the larger mean%s (smaller differences count as ties).",
		steps, shareParam(c.MinRelativeDifference), floor)
}

// userHoursParam writes decision.min_user_hours for a sentence: 1 user-hour, 2.5 user-hours.
func userHoursParam(h float64) string {
	if h == 1 {
		return "1 user-hour"
	}
	return trimFloat(h) + " user-hours"
}

// shareParam writes a fraction parameter as a percentage without trailing zeros: 1 %.
func shareParam(f float64) string {
	return trimFloat(100*f) + " %"
}

// side returns the summary of ordering o in c.
func side(c *Comparison, o Ordering) *OrderingSummary {
	for i := range c.Orderings {
		if c.Orderings[i].Ordering == o {
			return &c.Orderings[i]
		}
	}
	return &OrderingSummary{}
}

// gap returns loser − winner of a difference (which is first − second) and its CI,
// so that a positive gap is the winner's advantage on a lower-is-better metric.
func gap(c *Comparison, d Difference, winner Ordering) (float64, [2]float64) {
	if winner == c.Orderings[0].Ordering {
		return -d.Difference, [2]float64{-d.CI95[1], -d.CI95[0]}
	}
	return d.Difference, d.CI95
}

func decidingSentence(c *Comparison, rec *Recommendation, winner, loser Ordering) string {
	key := rec.DecidingMetric
	d := c.Differences[key]
	g, ci := gap(c, d, winner)
	mw, ml := side(c, winner).Metrics[key].Mean, side(c, loser).Metrics[key].Mean
	W := capitalize(string(winner))
	if key == KeyDisruption {
		share := ""
		if ml > 0 {
			share = fmt.Sprintf(", %s less", percent(g/ml))
		}
		s := fmt.Sprintf("%s disrupts users for %s fewer user-hours (95 %% CI %s) than %s: %s against %s user-hours blocked, waiting or slowed beyond what the end state would cost%s",
			W, num(g), ciText(ci), loser, num(mw), num(ml), share)
		if because := becauseClause(c, rec, winner, loser); because != "" {
			s += ", because " + because
		}
		return s + "."
	}
	switch idOf(key) {
	case model.MetricWANGigabytes:
		return fmt.Sprintf("%s moves %s GB less across the WAN (95 %% CI %s) than %s: %s against %s GB.",
			W, num(g), ciText(ci), loser, num(mw), num(ml))
	case model.MetricFinished:
		nw, nl := side(c, winner).NotFinished, side(c, loser).NotFinished
		return fmt.Sprintf("%s finishes within the horizon in %d of %d replications, %s in only %d.",
			W, c.Replications-nw, c.Replications, loser, c.Replications-nl)
	case model.MetricMigrationEndDays:
		return fmt.Sprintf("%s finishes the migration %s days sooner (95 %% CI %s) than %s: day %s against day %s (over the %d replications where both finished).",
			W, num(g), ciText(ci), loser, num(mw), num(ml), d.N)
	case model.MetricCostTotal:
		return fmt.Sprintf("%s costs %s less (95 %% CI %s) than %s: %s against %s.",
			W, num(g), ciText(ci), loser, num(mw), num(ml))
	}
	return fmt.Sprintf("%s is better on %s.", W, key)
}

// blockedSentence states the blocked user-hours and users alone, the figures a
// planner quotes, when their difference is significant, whichever way it points.
func blockedSentence(c *Comparison, winner, loser Ordering) string {
	d, ok := c.Differences[keyOf(model.MetricBlockedUserHours)]
	if !ok || !d.Practical {
		return ""
	}
	g, ci := gap(c, d, winner)
	more := "fewer"
	if g < 0 {
		more, g, ci = "more", -g, [2]float64{-ci[1], -ci[0]}
	}
	s := fmt.Sprintf("Blocked time alone: %s blocks %s %s user-hours (95 %% CI %s) than %s",
		winner, num(g), more, ciText(ci), loser)
	if du, ok := c.Differences[keyOf(model.MetricUsersBlocked)]; ok && du.Practical {
		gu, ciu := gap(c, du, winner)
		moreU := "fewer"
		if gu < 0 {
			moreU, gu, ciu = "more", -gu, [2]float64{-ciu[1], -ciu[0]}
		}
		s += fmt.Sprintf(", and blocks %s %s users at least once (95 %% CI %s)", countText(gu), moreU, ciText(ciu))
	}
	return s + "."
}

// component is one part of the disruption score and its paired advantage for the winner.
type component struct {
	key string
	gap float64 // loser − winner, user-hours
	ci  [2]float64
}

// components returns the significant parts of the disruption difference that favour
// the winner, largest first (key order breaks ties).
func components(c *Comparison, winner Ordering) []component {
	var out []component
	for _, k := range allComponents(c, winner) {
		if k.gap > 0 {
			out = append(out, k)
		}
	}
	return out
}

// allComponents returns every significant part of the disruption difference, whichever
// way it points, largest advantage for the winner first.
func allComponents(c *Comparison, winner Ordering) []component {
	var out []component
	for key, d := range c.Differences {
		f, ok := disruptionFamily(key)
		if !ok {
			continue
		}
		if _ = f; !d.Significant {
			continue
		}
		g, ci := gap(c, d, winner)
		out = append(out, component{key: key, gap: g, ci: ci})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].gap != out[j].gap {
			return out[i].gap > out[j].gap
		}
		return out[i].key < out[j].key
	})
	return out
}

// becauseClause names the one or two largest causes of the winner's advantage and
// sets rec.Exception when server causes carry a servers-first win.
func becauseClause(c *Comparison, rec *Recommendation, winner, loser Ordering) string {
	comps := components(c, winner)
	if len(comps) == 0 {
		return ""
	}
	var total, server float64
	for _, k := range comps {
		total += k.gap
		if serverCauses[idOf(k.key)] {
			server += k.gap
		}
	}
	rec.Exception = winner == ServersFirst && server > total/2 && backed(c, ServerTrouble)
	// name only the mechanisms an ablation backs (all, without one)
	if comps = backedComponents(c, comps, winner); len(comps) == 0 {
		return ""
	}
	var parts []string
	for i, k := range comps {
		if i == 2 || (i > 0 && k.gap < comps[0].gap/4) {
			break
		}
		p := explain(c, k.key, winner)
		// "cached clients ride through … and keep working …": one subject, not two.
		if i > 0 {
			for _, subject := range []string{"cached clients ", "its users "} {
				if strings.HasPrefix(parts[0], subject) && strings.HasPrefix(p, subject) {
					p = strings.TrimPrefix(p, subject)
				}
			}
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " and ")
}

// explain is the plain-language mechanism behind one disruption component.
func explain(c *Comparison, key string, winner Ordering) string {
	clients := winner == ClientsFirst
	// count says how many events of metric k a replication saw on average.
	count := func(id model.MetricID) string {
		n := side(c, winner).Metrics[keyOf(id)].Mean
		if math.Abs(n-math.Round(n)) < 0.05 {
			return countText(n) + " per run"
		}
		return countText(n) + " per run on average"
	}
	cached := c.CachedMode
	// wanEvents says why the winner's users lose less in the WAN events what (n of
	// them per run).
	wanEvents := func(what string, n model.MetricID) string {
		switch {
		case clients && cached:
			return "cached clients ride through " + what + " (" + count(n) + ")"
		case clients:
			return "users stay on their local servers, out of reach of " + what + ", for longer (" + count(n) + ")"
		}
		return "fewer online users hang in " + what + " (" + count(n) + ")"
	}
	switch idOf(key) {
	case model.MetricBlockedWANOutage:
		return wanEvents("the WAN outages", model.MetricWANOutages)
	case model.MetricBlockedBlip:
		return wanEvents("the short WAN blips", model.MetricBlips)
	case model.MetricBlockedMailboxMove:
		if clients && cached {
			return "cached clients keep working while their mailbox moves"
		}
		return "fewer online users sit through their mailbox move"
	case model.MetricBlockedServerOutage:
		return "its users leave the failing servers sooner (server outages: " + count(model.MetricServerOutages) + ")"
	case model.MetricDegradedServer:
		if clients {
			return "its users wait less on loaded servers' RPC latency"
		}
		return "its users leave the slow, overloaded servers sooner"
	case model.MetricWaitingUserHours:
		if clients {
			return "initial syncs run against the nearby 5.5 servers instead of across the WAN"
		}
		return "users wait less for their initial sync"
	case model.MetricDegradedLatency:
		return "fewer online-mode clients wait on WAN round trips to distant servers"
	case model.MetricDegradedBandwidth:
		return "fewer online-mode clients wait for their data over shared WAN links"
	case model.MetricDegradedHeaderFetch:
		return "fewer header-only users wait for the bodies they open"
	case model.MetricDegradedDisconnected:
		return "fewer cached users are cut off from their server"
	}
	return "its users spend less time " + causeLabel(key) // a cause this rule has no words for yet
}

// causeBreakdown lists the significant parts of the disruption difference.
func causeBreakdown(c *Comparison, winner, loser Ordering) string {
	comps := allComponents(c, winner)
	if len(comps) == 0 {
		return ""
	}
	var parts []string
	for _, k := range comps {
		label := causeLabel(k.key)
		parts = append(parts, fmt.Sprintf("%s %s (95 %% CI %s)", label, num(k.gap), ciText(k.ci)))
	}
	return fmt.Sprintf("Where the difference comes from (%s minus %s, user-hours, the parts whose CI excludes zero): %s.",
		loser, winner, strings.Join(parts, "; "))
}

// causeLabel turns a metric key into words: "blocked by wan outage".
func causeLabel(key string) string {
	d, ok := defOf(key)
	switch {
	case ok && d.Family == model.FamilyBlocked && d.PartOf != model.NoTotal:
		return "blocked by " + d.Label
	case ok && d.Family == model.FamilyDegraded && d.PartOf != model.NoTotal:
		return "degraded by " + d.Label
	case ok && d.Family == model.FamilyWaiting:
		return "waiting for initial syncs"
	}
	return chartLabel(key)
}

// notSignificant says why a decision step did not decide.
func notSignificant(c *Comparison, key string, d Difference) string {
	a, b := c.Orderings[0].Ordering, c.Orderings[1].Ordering
	if d.Significant {
		floor := ""
		if unitOf(c, key) == "user-hours" && c.MinUserHours > 0 {
			floor = " or under " + userHoursParam(c.MinUserHours)
		}
		return fmt.Sprintf("%s differs by only %s %s (%s − %s, 95 %% CI %s): under %s of the larger mean%s, which the rule counts as a tie.",
			capitalize(stepName(key)), num(d.Difference), unitOf(c, key), a, b, ciText(d.CI95), shareParam(c.MinRelativeDifference), floor)
	}
	return fmt.Sprintf("%s does not differ significantly: %s − %s = %s %s (95 %% CI %s).",
		capitalize(stepName(key)), a, b, num(d.Difference), unitOf(c, key), ciTextN(d.CI95, d.N))
}

// alsoSentences adds one sentence per later decision metric that also differs significantly.
func alsoSentences(c *Comparison, deciding string, winner, loser Ordering) []string {
	var out []string
	after := false
	for _, key := range decisionSteps() {
		if key == deciding {
			after = true
			continue
		}
		d, ok := c.Differences[key]
		if !after || !ok || !d.Practical || idOf(key) == model.MetricFinished {
			continue
		}
		g, ci := gap(c, d, winner)
		verb := "also does better"
		if g < 0 {
			verb = "does worse"
		}
		over := ""
		if d.N < c.Replications {
			over = fmt.Sprintf(", over the %d replications where both finished", d.N)
		}
		out = append(out, fmt.Sprintf("On %s %s %s by %s %s (95 %% CI %s%s).",
			stepName(key), winner, verb, num(math.Abs(g)), unitOf(c, key), ciText(absCI(ci, g < 0)), over))
	}
	return out
}

// absCI flips a CI's sign when neg, so it reads as the magnitude's interval.
func absCI(ci [2]float64, neg bool) [2]float64 {
	if neg {
		return [2]float64{-ci[1], -ci[0]}
	}
	return ci
}

// stepName is a decision step's name in a sentence.
func stepName(key string) string {
	if key == KeyDisruption {
		return "disruption"
	}
	switch idOf(key) {
	case model.MetricWANGigabytes:
		return "WAN volume"
	case model.MetricFinished:
		return "finishing within the horizon"
	case model.MetricMigrationEndDays:
		return "migration end"
	case model.MetricCostTotal:
		return "cost"
	}
	return key
}

func unitOf(c *Comparison, key string) string {
	for _, d := range c.Metrics {
		if d.Key == key {
			return d.Unit
		}
	}
	return ""
}

// assumedSentence lists the assumed (unsourced) parameters in force, compacted by
// AssumedParameters.
func assumedSentence(as []Assumption) string {
	parts := AssumedParameters(as)
	if len(parts) == 0 {
		return ""
	}
	noun := "parameters"
	if len(parts) == 1 {
		noun = "parameter"
	}
	return fmt.Sprintf("This rests on %d assumed (unsourced) %s in force: %s.", len(parts), noun, strings.Join(parts, ", "))
}

// AssumedParameters lists the assumed (unsourced) parameters in force as
// "path = value", in scenario order. A per-site or per-server value shared by every
// site or server that has the parameter is written once with * for the name
// ("sites.*.lan = 100Mbps"); one shared by some of them names them in braces
// ("sites.{Leeds,Truro}.remote_users.count = 0").
func AssumedParameters(as []Assumption) []string {
	type group struct {
		all   map[string]bool     // names with this generic path, assumed or not
		names map[string][]string // value → assumed names, in order
	}
	groups := map[string]*group{}
	for _, a := range as {
		g, name := genericPath(a.Path)
		gr := groups[g]
		if gr == nil {
			gr = &group{all: map[string]bool{}, names: map[string][]string{}}
			groups[g] = gr
		}
		gr.all[name] = true
		if a.Assumed {
			gr.names[a.Value] = append(gr.names[a.Value], name)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, a := range as {
		if !a.Assumed {
			continue
		}
		g, name := genericPath(a.Path)
		line := a.Path + " = " + a.Value
		if names := groups[g].names[a.Value]; name != "" && len(names) > 1 {
			what := "*"
			if len(names) < len(groups[g].all) {
				what = "{" + strings.Join(names, ",") + "}"
			}
			line = strings.Replace(g, "*", what, 1) + " = " + a.Value
		}
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	return out
}

// genericPath replaces the name after sites. or datacenter.servers. by * and returns
// the name ("" for other paths).
func genericPath(p string) (string, string) {
	for _, prefix := range []string{"sites.", "datacenter.servers."} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			if i := strings.IndexByte(rest, '.'); i > 0 {
				return prefix + "*" + rest[i:], rest[:i]
			}
		}
	}
	return p, ""
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// num formats a figure for people — sentences, the text table and the HTML tables
// alike: thousands separators, no more precision than the size needs (1,240 · 12.3 ·
// 0.42), a true minus sign, and "–" for a value that is not a number.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	av := math.Abs(v)
	var s string
	switch {
	case av >= 100:
		s = groupThousands(fmt.Sprintf("%.0f", v))
	case av >= 10:
		s = fmt.Sprintf("%.1f", v)
	case av >= 0.01 || av == 0:
		s = fmt.Sprintf("%.2f", v)
	default:
		s = fmt.Sprintf("%.2g", v)
	}
	if s == "-0" || s == "-0.0" || s == "-0.00" {
		s = s[1:]
	}
	return strings.Replace(s, "-", "−", 1)
}

// percent formats a share as "12 %" (one decimal below 10 %, two below 1 %).
func percent(f float64) string {
	p := 100 * finite(f)
	switch {
	case math.Abs(p) >= 10:
		return fmt.Sprintf("%.0f %%", p)
	case math.Abs(p) >= 1:
		return fmt.Sprintf("%.1f %%", p)
	}
	return fmt.Sprintf("%.2f %%", p)
}

// countText formats a mean count: whole when it is (41), else one decimal (40.6).
func countText(v float64) string {
	if math.Abs(v) >= 100 {
		return num(v)
	}
	if r := math.Round(v); math.Abs(v-r) < 0.05 {
		return groupThousands(fmt.Sprintf("%.0f", r))
	}
	return fmt.Sprintf("%.1f", v)
}

// groupThousands inserts commas into an integer string: -1240 → -1,240.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// ciText formats an interval: "1,100–1,380", or "−5.0 to 3.0" when a bound is negative.
// ciTextN is ciText for an interval estimated from n values: "n/a" below two, where
// no interval can be estimated (a collapsed "0.04–0.04" would read as certainty).
func ciTextN(ci [2]float64, n int) string {
	if n < 2 {
		return "n/a"
	}
	return ciText(ci)
}

func ciText(ci [2]float64) string {
	if ci[0] < 0 || ci[1] < 0 {
		return num(ci[0]) + " to " + num(ci[1])
	}
	return num(ci[0]) + "–" + num(ci[1])
}

// trimFloat formats a parameter value without trailing zeros: 0.25, 1.
func trimFloat(v float64) string {
	return fmt.Sprintf("%g", finite(v))
}
