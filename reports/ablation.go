package reports

import (
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/rollout-sim/rollout/model"
)

// Mechanism names one mechanism the recommendation's reasons can credit; an
// ablation switches it off (the scenario's switch of the same name) to measure how
// much of the difference it explains.
type Mechanism string

// The mechanisms a reason can name, as the scenario's switches name them.
const (
	RideThrough    Mechanism = "ride_through"     // cached clients keep working through outages
	NearServerSync Mechanism = "near_server_sync" // initial syncs run against the nearby 5.5 server
	SyncStorms     Mechanism = "sync_storms"      // initial syncs limited per client and per server
	ServerTrouble  Mechanism = "server_trouble"   // the 5.5 servers' own outages, latency and disk
	WANLatency     Mechanism = "wan_latency"      // every round trip crosses the WAN's latency
)

// MinAblationShare is the least share of the disruption difference a mechanism's
// ablation must take away, with a CI that excludes zero, for the reasons to name
// the mechanism.
const MinAblationShare = 0.10

// Ablation is what switching each mechanism off did to the disruption difference:
// the share of the difference it explains. It is estimated like a robustness point
// (see Robustness): the comparison's first Replications random worlds are rerun
// with the mechanism off, and the paired change of the difference over them,
// Δ(r) = D_off(r) − D(r), gives the share −mean(Δ)/mean_R(D) with a Student-t CI
// over the changes (the comparison's mean is taken as known).
type Ablation struct {
	Replications int           `json:"replications"` // per mechanism
	MinShare     float64       `json:"min_share"`    // MinAblationShare
	Rows         []AblationRow `json:"rows"`
}

// AblationRow is one mechanism switched off.
type AblationRow struct {
	Mechanism Mechanism `json:"mechanism"`
	// Off says what switching it off means.
	Off string `json:"off"`
	// Difference is the estimated disruption difference (first ordering − second,
	// user-hours) with the mechanism off.
	Difference float64 `json:"difference"`
	// Share is the share of the comparison's difference the mechanism explains:
	// 1 − Difference / the comparison's difference (0.25: a quarter).
	Share   float64    `json:"share"`
	ShareCI [2]float64 `json:"share_ci95"`
	// Backs is true when Share ≥ MinShare and its CI excludes zero: only then may the
	// reasons name the mechanism.
	Backs bool `json:"backs_reasons"`
}

// ablationOff says what switching each mechanism off means, for the report.
var ablationOff = map[Mechanism]string{
	RideThrough:    "cached users blocked in outages like online ones",
	NearServerSync: "initial syncs always from the 2003 server",
	SyncStorms:     "no per-client or per-server limit on initial syncs",
	ServerTrouble:  "5.5 servers as healthy as the 2003 servers",
	WANLatency:     "zero latency on every link",
}

// ablationRow estimates one mechanism's share from its per-replication disruption.
func ablationRow(b *pairedBase, m Mechanism, pa, pb []float64) AblationRow {
	k := len(pa)
	delta := make([]float64, k)
	for r := range delta {
		delta[r] = (finite(pa[r]) - finite(pb[r])) - b.perRep[r]
	}
	mean, sd := meanSD(delta)
	half := tCritical(k) * sd / math.Sqrt(float64(k))
	row := AblationRow{Mechanism: m, Off: ablationOff[m], Difference: b.mean + mean}
	if b.mean != 0 {
		row.Share = -mean / b.mean
		lo, hi := -(mean-half)/b.mean, -(mean+half)/b.mean
		row.ShareCI = [2]float64{math.Min(lo, hi), math.Max(lo, hi)}
	}
	row.Backs = k >= 2 && row.Share >= MinAblationShare && row.ShareCI[0] > 0
	return row
}

// mechanismOf is the mechanism a disruption component's reason names for the
// winner ("" for a component whose words name no switchable mechanism).
func mechanismOf(c *Comparison, key string, winner Ordering) Mechanism {
	clients := winner == ClientsFirst
	switch idOf(key) {
	case model.MetricBlockedWANOutage, model.MetricBlockedBlip:
		if clients && c.CachedMode {
			return RideThrough
		}
	case model.MetricBlockedServerOutage, model.MetricDegradedServer:
		return ServerTrouble
	case model.MetricWaitingUserHours:
		if clients {
			return NearServerSync
		}
	case model.MetricDegradedLatency:
		return WANLatency
	}
	return ""
}

// backed reports whether the reasons may name mechanism m: always without an
// ablation table, else only when its row backs it. With a table a cause whose words
// name no switchable mechanism ("") is not named either: only the cause breakdown
// lists it, as accounting, not as an explanation.
func backed(c *Comparison, m Mechanism) bool {
	if c.Ablation == nil {
		return true
	}
	for _, r := range c.Ablation.Rows {
		if r.Mechanism == m {
			return r.Backs
		}
	}
	return false
}

// backedComponents keeps the components whose mechanism the ablation backs.
func backedComponents(c *Comparison, comps []component, winner Ordering) []component {
	var out []component
	for _, k := range comps {
		if backed(c, mechanismOf(c, k.key, winner)) {
			out = append(out, k)
		}
	}
	return out
}

// writeAblationText writes the ablation table under the recommendation.
func writeAblationText(b *strings.Builder, c *Comparison) error {
	ab := c.Ablation
	if ab == nil {
		return nil
	}
	fmt.Fprintf(b, "\nAblation: each mechanism switched off on the comparison's first %d random worlds; a reason names it only when it explains at least %s of the difference with a CI above zero\n",
		ab.Replications, shareParam(ab.MinShare))
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "mechanism\tswitched off\tdifference (user-hours)\tshare explained (95% CI)\tbacks reasons")
	for _, r := range ab.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s (%s)\t%s\n", r.Mechanism, r.Off, num(r.Difference), percent(r.Share), shareCIText(r.ShareCI, ab.Replications), yesNo(r.Backs))
	}
	return tw.Flush()
}

// shareCIText writes a share's CI in percent, or n/a with one replication.
func shareCIText(ci [2]float64, n int) string {
	if n < 2 {
		return "n/a"
	}
	return percent(ci[0]) + " to " + percent(ci[1])
}

// yesNo writes a flag for a table.
func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// htmlAblationView is the ablation table as the report shows it.
type htmlAblationView struct {
	Reps     int
	MinShare string
	Rows     []htmlAblationRow
}

// htmlAblationRow is one mechanism's row, formatted.
type htmlAblationRow struct {
	Mechanism, Off, Difference, Share, CI, BacksText string
	Backs                                            bool
}

// htmlAblation builds the report's ablation view of c (nil without one).
func htmlAblation(c *Comparison) *htmlAblationView {
	ab := c.Ablation
	if ab == nil {
		return nil
	}
	v := &htmlAblationView{Reps: ab.Replications, MinShare: shareParam(ab.MinShare)}
	for _, r := range ab.Rows {
		v.Rows = append(v.Rows, htmlAblationRow{Mechanism: string(r.Mechanism), Off: r.Off, Difference: num(r.Difference),
			Share: percent(r.Share), CI: shareCIText(r.ShareCI, ab.Replications), BacksText: yesNo(r.Backs), Backs: r.Backs})
	}
	return v
}
