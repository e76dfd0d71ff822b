package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// PlanConstraints are what a plan must meet to be chosen. A zero field sets no limit.
type PlanConstraints struct {
	// FinishBy is the latest end of the plan, seconds from the start: every
	// replication of the plan must finish by it.
	FinishBy scenarios.Duration
	// MaxUtilization is the link utilization (in (0, 1]) a link-hour counts as over
	// the target at: candidates run with simulation.saturated_utilization set to it.
	MaxUtilization float64
	// MaxHoursOver is the most link-hours over MaxUtilization a plan may have (mean
	// over its replications, saturated_link_hours). Negative: no more than the
	// textbook ordering with fewer (so a plan loads the links no more than the
	// better-behaved textbook plan does).
	MaxHoursOver float64
	// MaxInstallsPerDay caps the users per day a candidate installs.
	MaxInstallsPerDay int
	// MaxMoves caps the concurrent moves per server a candidate runs.
	MaxMoves int
}

// PlanOptions are the settings of a plan search.
type PlanOptions struct {
	Workers int // parallel runs (≤ 0: GOMAXPROCS); results are the same for every value
	// FirstReplications is every candidate's replications in the first round
	// (≤ 0: 2); each later round doubles the replications of the half kept.
	FirstReplications int
	// Replications is the final replications of the contenders and of the textbook
	// orderings they are compared with (≤ 0: the scenario's simulation.replications).
	Replications int
	// Keep is how many contenders reach the final round (≤ 0: 3): the best plan and
	// its runners-up.
	Keep int
}

// PlanCandidate is one plan of the search space and what its replications measured.
type PlanCandidate struct {
	// Name says how the plan differs from the scenario's own: the sites that go
	// servers-first and the lever changed.
	Name string `json:"name"`
	// ServersFirstSites are the sites that go servers-first; the others go
	// clients-first.
	ServersFirstSites []string `json:"servers_first_sites"`
	UsersPerDay       int      `json:"users_per_day"`    // installs per working day
	ConcurrentMoves   []int    `json:"concurrent_moves"` // per 2003 server, in datacenter order
	SiteOrder         []string `json:"site_order"`       // the order waves visit the sites
	// MoveWindow is the moves' window, "HH:MM–HH:MM".
	MoveWindow string `json:"move_window"`
	// Replications is the replications the candidate ran.
	Replications int `json:"replications"`
	// DisruptionUserHours is its mean disruption (user-hours) over them.
	DisruptionUserHours float64 `json:"disruption_user_hours"`
	// HoursOver is its mean saturated_link_hours (link-hours at or above the
	// utilization target).
	HoursOver float64 `json:"hours_over"`
	// LatestEndDays is its latest migration_end_days over its replications.
	LatestEndDays float64 `json:"latest_end_days"`
	// Feasible is false when the plan breaks a constraint; Why says which.
	Feasible bool   `json:"feasible"`
	Why      string `json:"why,omitempty"`
	// Round is the last round of the search the candidate took part in (1 = first).
	Round int `json:"round"`

	sc   *scenarios.Scenario
	dis  []float64 // disruption per replication, from 0
	sat  []float64
	end  []float64
	done []bool
}

// Scenario is the candidate's plan as a resolved scenario: the scenario searched
// with the candidate's levers set, rollout.servers_first_sites naming its
// servers-first sites.
func (c *PlanCandidate) Scenario() *scenarios.Scenario { return c.sc }

// PlanSearch is the result of a plan search.
type PlanSearch struct {
	Scenario    string          `json:"scenario"`
	Constraints PlanConstraints `json:"constraints"`
	// Candidates is the number of plans in the space; Rounds the rounds of
	// successive halving; Replications every replication run, candidates' and the
	// textbook orderings' (one ordering of one replication each).
	Candidates   int `json:"candidates"`
	Rounds       int `json:"rounds"`
	Replications int `json:"replications"`
	// Best is the feasible plan with the least mean disruption at the final round;
	// RunnersUp the other contenders of the final round, best first.
	Best      *PlanCandidate  `json:"best"`
	RunnersUp []PlanCandidate `json:"runners_up"`
	// VsClientsFirst and VsServersFirst are the paired differences in disruption
	// (user-hours, best plan − textbook ordering) over fresh replications, not
	// those the best was chosen on (which would favour it): replications final …
	// 2·final − 1, final being the final round's.
	VsClientsFirst reports.Difference `json:"vs_clients_first"`
	VsServersFirst reports.Difference `json:"vs_servers_first"`
	// ClientsFirst and ServersFirst are the textbook orderings of the scenario as
	// given, measured like the candidates.
	ClientsFirst PlanCandidate `json:"clients_first"`
	ServersFirst PlanCandidate `json:"servers_first"`
	// All is every candidate, in the order of the space.
	All []PlanCandidate `json:"candidates_measured"`
}

// planSource is the source the plan file names beside the values the search chose.
const planSource = "chosen by rollout plan"

// PlanSpace returns the candidate plans of sc under the caps of con, in a fixed
// order: for every assignment of orderings to sites (all of them for at most three
// sites, else both textbook assignments and each with one site flipped), the plan
// with the scenario's own levers and one variant per lever: half the users per day,
// twice the concurrent moves, the sites in reverse order, moves all day. Caps lower a
// lever to the cap; duplicates are dropped.
func PlanSpace(sc *scenarios.Scenario, con PlanConstraints) []*PlanCandidate {
	names := sc.Rollout.SiteOrder
	var assigns [][]string
	if n := len(names); n <= 3 {
		for m := 0; m < 1<<n; m++ {
			var sf []string
			for i, nm := range names {
				if m&(1<<i) != 0 {
					sf = append(sf, nm)
				}
			}
			assigns = append(assigns, sf)
		}
	} else {
		assigns = append(assigns, nil, append([]string(nil), names...))
		for _, nm := range names {
			assigns = append(assigns, []string{nm})
		}
		for _, nm := range names {
			var sf []string
			for _, o := range names {
				if o != nm {
					sf = append(sf, o)
				}
			}
			assigns = append(assigns, sf)
		}
	}
	capUPD := func(v int) int {
		if con.MaxInstallsPerDay > 0 {
			v = min(v, con.MaxInstallsPerDay)
		}
		return max(v, 1)
	}
	capMoves := func(v int) int {
		if con.MaxMoves > 0 {
			v = min(v, con.MaxMoves)
		}
		return max(v, 1)
	}
	type lever struct {
		name    string
		upd     int
		moves   int // factor
		reverse bool
		allDay  bool
	}
	base := sc.Rollout.Clients.UsersPerDay
	levers := []lever{{"", base, 1, false, false}, {"half the users per day", base / 2, 1, false, false},
		{"twice the concurrent moves", base, 2, false, false}}
	if len(names) > 1 {
		levers = append(levers, lever{"sites in reverse order", base, 1, true, false})
	}
	if w := sc.Rollout.Moves.Window; !(w.Start == 0 && w.End == 24*3600) {
		levers = append(levers, lever{"moves all day", base, 1, false, true})
	}
	var out []*PlanCandidate
	seen := map[string]bool{}
	for _, sf := range assigns {
		for _, lv := range levers {
			c := *sc
			c.Rollout.ServersFirstSites = sf
			c.Rollout.Clients.UsersPerDay = capUPD(lv.upd)
			c.Datacenter.Servers = slices.Clone(sc.Datacenter.Servers)
			var moves []int
			for i := range c.Datacenter.Servers {
				s := &c.Datacenter.Servers[i]
				s.ConcurrentMoves = capMoves(s.ConcurrentMoves * lv.moves)
				moves = append(moves, s.ConcurrentMoves)
			}
			c.Rollout.SiteOrder = slices.Clone(names)
			if lv.reverse {
				slices.Reverse(c.Rollout.SiteOrder)
			}
			if lv.allDay {
				c.Rollout.Moves.Window = scenarios.Window{Start: 0, End: 24 * 3600}
			}
			if con.MaxUtilization > 0 {
				c.Simulation.SaturatedUtilization = scenarios.Fraction(con.MaxUtilization)
			}
			chosen := []string{"rollout.servers_first_sites", "rollout.clients.users_per_day", "rollout.site_order",
				"rollout.moves.window.start", "rollout.moves.window.end"}
			for i := range c.Datacenter.Servers {
				chosen = append(chosen, c.ServerPath(i)+".concurrent_moves")
			}
			c.MarkSetBy(planSource, chosen...)
			win := fmt.Sprintf("%s–%s", c.Rollout.Moves.Window.Start, c.Rollout.Moves.Window.End)
			key := fmt.Sprint(sf, c.Rollout.Clients.UsersPerDay, moves, c.Rollout.SiteOrder, win)
			if seen[key] {
				continue
			}
			seen[key] = true
			name := "clients-first everywhere"
			switch {
			case len(sf) == len(names):
				name = "servers-first everywhere"
			case len(sf) > 0:
				name = "servers-first at " + strings.Join(sf, ", ") + ", clients-first elsewhere"
			}
			if lv.name != "" {
				name += "; " + lv.name
			}
			out = append(out, &PlanCandidate{Name: name, ServersFirstSites: sf, UsersPerDay: c.Rollout.Clients.UsersPerDay,
				ConcurrentMoves: moves, SiteOrder: c.Rollout.SiteOrder, MoveWindow: win, sc: &c})
		}
	}
	return out
}

// runTo runs replications len(c.dis) … to−1 of c's plan under ord and records them.
func (c *PlanCandidate) runTo(ctx context.Context, ord scenarios.Ordering, to, workers int) (int, error) {
	from := len(c.dis)
	if to <= from {
		return 0, nil
	}
	err := Replicate(ctx, c.sc, []scenarios.Ordering{ord}, from, to, workers, func(rep int, rs []*model.Result) error {
		r := rs[0]
		c.dis = append(c.dis, reports.Disruption(r))
		c.sat = append(c.sat, r.SaturatedLinkHours)
		c.end = append(c.end, r.MigrationEndDays)
		c.done = append(c.done, r.Finished)
		return nil
	})
	if err != nil {
		return 0, err
	}
	c.Replications = len(c.dis)
	c.DisruptionUserHours = mean(c.dis)
	c.HoursOver = mean(c.sat)
	c.LatestEndDays = slices.Max(c.end)
	return to - from, nil
}

// check sets c.Feasible and c.Why from its replications so far.
func (c *PlanCandidate) check(con PlanConstraints, maxOver float64) {
	c.Feasible, c.Why = true, ""
	var why []string
	for i, ok := range c.done {
		if !ok {
			why = append(why, fmt.Sprintf("replication %d does not finish within the horizon", i))
			break
		}
	}
	if con.FinishBy > 0 && len(why) == 0 && c.LatestEndDays*86400 > float64(con.FinishBy) {
		why = append(why, fmt.Sprintf("ends on day %.1f, after the finish-by day %.1f", c.LatestEndDays, float64(con.FinishBy)/86400))
	}
	if maxOver >= 0 && c.HoursOver > maxOver {
		why = append(why, fmt.Sprintf("%.1f link-hours over the utilization target, more than %.1f", c.HoursOver, maxOver))
	}
	if len(why) > 0 {
		c.Feasible, c.Why = false, strings.Join(why, "; ")
	}
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(max(len(x), 1))
}

// Plan searches the plans of PlanSpace(sc, con) for the one with the least
// disruption that meets con, by successive halving on common random numbers: every
// candidate runs opt.FirstReplications replications (replication r of every
// candidate sees the same mailboxes and outages), the infeasible are dropped and the
// better half of the rest (by mean disruption, ties by order in the space) runs
// twice the replications, until opt.Keep contenders remain; they run
// opt.Replications, as do the scenario's two textbook orderings, and the best is
// compared with both, paired, on opt.Replications fresh replications. The result is the same for every opt.Workers.
func Plan(ctx context.Context, sc *scenarios.Scenario, con PlanConstraints, opt PlanOptions) (*PlanSearch, error) {
	if sc == nil {
		return nil, errors.New("experiment: nil scenario")
	}
	first := opt.FirstReplications
	if first <= 0 {
		first = 2
	}
	final := opt.Replications
	if final <= 0 {
		final = sc.Simulation.Replications
	}
	final = max(final, first)
	keep := opt.Keep
	if keep <= 0 {
		keep = 3
	}
	ps := &PlanSearch{Scenario: sc.Name, Constraints: con}
	// the textbook orderings of the scenario as given
	tb := *sc
	if con.MaxUtilization > 0 {
		tb.Simulation.SaturatedUtilization = scenarios.Fraction(con.MaxUtilization)
	}
	ps.ClientsFirst = PlanCandidate{Name: string(scenarios.ClientsFirst), sc: &tb}
	ps.ServersFirst = PlanCandidate{Name: string(scenarios.ServersFirst), sc: &tb}
	for _, t := range []struct {
		c   *PlanCandidate
		ord scenarios.Ordering
	}{{&ps.ClientsFirst, scenarios.ClientsFirst}, {&ps.ServersFirst, scenarios.ServersFirst}} {
		n, err := t.c.runTo(ctx, t.ord, final, opt.Workers)
		if err != nil {
			return nil, err
		}
		ps.Replications += n
	}
	maxOver := con.MaxHoursOver
	if maxOver < 0 {
		maxOver = math.Min(ps.ClientsFirst.HoursOver, ps.ServersFirst.HoursOver)
	}
	ps.Constraints.MaxHoursOver = maxOver
	ps.ClientsFirst.check(con, maxOver)
	ps.ServersFirst.check(con, maxOver)

	cands := PlanSpace(sc, con)
	ps.Candidates = len(cands)
	alive := cands
	for reps := first; ; {
		ps.Rounds++
		for _, c := range alive {
			n, err := c.runTo(ctx, scenarios.PerSite, reps, opt.Workers)
			if err != nil {
				return nil, err
			}
			ps.Replications += n
			c.Round = ps.Rounds
			c.check(con, maxOver)
		}
		var next []*PlanCandidate
		for _, c := range alive {
			if c.Feasible {
				next = append(next, c)
			}
		}
		slices.SortStableFunc(next, func(a, b *PlanCandidate) int {
			switch {
			case a.DisruptionUserHours < b.DisruptionUserHours:
				return -1
			case a.DisruptionUserHours > b.DisruptionUserHours:
				return 1
			}
			return 0
		})
		if len(next) == 0 {
			ps.All = derefAll(cands)
			return ps, fmt.Errorf("no plan of the %d candidates meets the constraints (first: %s)", len(cands), firstWhy(cands))
		}
		if reps >= final {
			alive = next[:min(keep, len(next))]
			break
		}
		if len(next) <= keep {
			alive, reps = next, final // the contenders: the final round
			continue
		}
		alive = next[:max((len(next)+1)/2, keep)]
		reps = min(2*reps, final)
	}
	best := alive[0]
	for _, c := range alive[1:] {
		ps.RunnersUp = append(ps.RunnersUp, *c)
	}
	// the differences are estimated on fresh replications final … 2·final − 1: the
	// best was chosen for its low disruption on the first final, which would bias a
	// difference measured on them in its favour
	for _, t := range []struct {
		c   *PlanCandidate
		ord scenarios.Ordering
	}{{best, scenarios.PerSite}, {&ps.ClientsFirst, scenarios.ClientsFirst}, {&ps.ServersFirst, scenarios.ServersFirst}} {
		n, err := t.c.runTo(ctx, t.ord, 2*final, opt.Workers)
		if err != nil {
			return nil, err
		}
		ps.Replications += n
	}
	ps.VsClientsFirst = reports.Paired(best.dis[final:], ps.ClientsFirst.dis[final:], "plan", string(scenarios.ClientsFirst), true)
	ps.VsServersFirst = reports.Paired(best.dis[final:], ps.ServersFirst.dis[final:], "plan", string(scenarios.ServersFirst), true)
	ps.ClientsFirst.check(con, maxOver)
	ps.ServersFirst.check(con, maxOver)
	best.check(con, maxOver)
	ps.Best = best
	ps.All = derefAll(cands)
	return ps, nil
}

func derefAll(cs []*PlanCandidate) []PlanCandidate {
	out := make([]PlanCandidate, len(cs))
	for i, c := range cs {
		out[i] = *c
	}
	return out
}

func firstWhy(cs []*PlanCandidate) string {
	for _, c := range cs {
		if c.Why != "" {
			return c.Name + ": " + c.Why
		}
	}
	return "none measured"
}
