package experiment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/scenarios"
)

// TestCompareSameForAnyWorkers: the comparison of branch-consolidation is
// byte-identical, as JSON, on 1 and on 2 workers.
func TestCompareSameForAnyWorkers(t *testing.T) {
	sc := scenarios.MustLoad("branch-consolidation")
	sc.Simulation.Replications = 4
	var outs [2]string
	for i, w := range []int{1, 2} {
		c, err := Compare(context.Background(), sc, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := reports.WriteJSON(&b, c, nil); err != nil {
			t.Fatal(err)
		}
		outs[i] = b.String()
	}
	if outs[0] != outs[1] {
		t.Fatalf("JSON differs between 1 and 2 workers:\n%s\n----\n%s", outs[0], outs[1])
	}
}

// TestReplicateShardsMatchWhole: replications 0..3 delivered in two shards (0..1,
// 2..3) give the same results as one run of 0..3: a replication's worlds depend on
// (seed, rep) only.
func TestReplicateShardsMatchWhole(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	ords := sc.Rollout.Orderings
	collect := func(from, to int, into map[int]string) {
		err := Replicate(context.Background(), sc, ords, from, to, 2, func(rep int, rs []*model.Result) error {
			into[rep] = fmt.Sprint(*rs[0], *rs[1])
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	whole, shards := map[int]string{}, map[int]string{}
	collect(0, 4, whole)
	collect(0, 2, shards)
	collect(2, 4, shards)
	if fmt.Sprint(whole) != fmt.Sprint(shards) || len(whole) != 4 {
		t.Errorf("whole %v, shards %v", whole, shards)
	}
}

// TestPairedCRNNarrowerThanIndependent: the CI of the paired disruption difference
// (clients-first − servers-first) is narrower when both orderings of replication r
// see the same random world than when servers-first runs in an independent world
// (replication r + 1,000,000: other outages and mailbox sizes). Same scenario, same
// number of replications; only the pairing differs. The scenario is single-site,
// where most of each ordering's disruption comes from the world both share (the
// same outages hit both); where one ordering's disruption is small and the other's
// comes from its own sync storms, pairing gains little and six replications cannot
// tell the widths apart.
func TestPairedCRNNarrowerThanIndependent(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	const reps, offset = 6, 1_000_000
	disruption := func(r *model.Result) float64 {
		return r.BlockedUserHours + r.WaitingUserHours + r.DegradedUserHours
	}
	run := func(o scenarios.Ordering, rep int) float64 {
		r, err := RunOne(context.Background(), sc, o, rep)
		if err != nil {
			t.Fatal(err)
		}
		return disruption(r)
	}
	var cf, sfSame, sfOther []float64
	for rep := 0; rep < reps; rep++ {
		cf = append(cf, run(scenarios.ClientsFirst, rep))
		sfSame = append(sfSame, run(scenarios.ServersFirst, rep))
		sfOther = append(sfOther, run(scenarios.ServersFirst, rep+offset))
	}
	crn := reports.Paired(cf, sfSame, "cf", "sf", true)
	ind := reports.Paired(cf, sfOther, "cf", "sf", true)
	wCRN, wInd := crn.CI95[1]-crn.CI95[0], ind.CI95[1]-ind.CI95[0]
	t.Logf("CI width of the disruption difference: common random numbers %.1f user-hours, independent worlds %.1f (ratio %.2f)", wCRN, wInd, wCRN/wInd)
	if !(wCRN < wInd) {
		t.Errorf("CRN CI width %.2f is not narrower than independent %.2f", wCRN, wInd)
	}
}

// A model error for a scenario that validation accepted is a bug; a cancelled run is
// not.
func TestReplicationErrorsAreBugs(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	if _, err := RunOne(context.Background(), sc, "sideways", 0); !IsBug(err) {
		t.Errorf("RunOne with an unknown ordering: %v, want a bug error", err)
	}
	if _, err := RunOne(context.Background(), nil, scenarios.ClientsFirst, 0); !IsBug(err) {
		t.Errorf("RunOne with no scenario: %v, want a bug error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunOne(ctx, sc, scenarios.ClientsFirst, 0); IsBug(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("RunOne cancelled: %v, want context.Canceled and no bug", err)
	}
	if _, err := Compare(ctx, sc, Options{}); IsBug(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("Compare cancelled: %v, want context.Canceled and no bug", err)
	}
	if _, err := Compare(context.Background(), sc, Options{Orderings: []scenarios.Ordering{"sideways"}}); err == nil || IsBug(err) {
		t.Errorf("Compare with an unknown ordering: %v, want a plain error", err)
	}
}

// TestDeliverErrorStops: an error from deliver stops the run and is returned.
func TestDeliverErrorStops(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	stop := errors.New("enough")
	n := 0
	err := Replicate(context.Background(), sc, sc.Rollout.Orderings, 0, 5, 1, func(rep int, rs []*model.Result) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d deliveries, want %v after 1", err, n, stop)
	}
}

// BenchmarkCompare: 30 replications of branch-consolidation, both orderings, on 1
// and on 2 workers (the ratio of the two is the parallel speed-up).
func BenchmarkCompare(b *testing.B) {
	sc := scenarios.MustLoad("branch-consolidation")
	sc.Simulation.Replications = 30
	perOp := map[int]time.Duration{}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := Compare(context.Background(), sc, Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
				n++
			}
			perOp[workers] = b.Elapsed() / time.Duration(n)
		})
	}
	if perOp[1] > 0 && perOp[2] > 0 {
		b.Logf("30 replications × 2 orderings: %v on 1 worker, %v on 2 workers: speed-up %.2f×",
			perOp[1].Round(time.Millisecond), perOp[2].Round(time.Millisecond), float64(perOp[1])/float64(perOp[2]))
	}
}

// TestConfigCarriesCalendar: the report's scenario info takes the start date and the
// working days from the resolved scenario, typed, as --set gives them.
func TestConfigCarriesCalendar(t *testing.T) {
	sc, err := scenarios.Load("single-site", []string{"calendar.working_days=[sun, tue]", "start=2004-02-29"})
	if err != nil {
		t.Fatal(err)
	}
	info := Config(sc, sc.Rollout.Orderings, reports.RunInfo{}).Scenario
	if want := (reports.Weekdays{time.Sunday: true, time.Tuesday: true}); info.WorkingDays != want {
		t.Errorf("working days %v, want %v", info.WorkingDays, want)
	}
	if info.StartDate() != "2004-02-29" || info.Start.Location() != time.UTC {
		t.Errorf("start %v (%s)", info.Start, info.StartDate())
	}
}
