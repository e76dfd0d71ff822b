package model

import (
	"encoding/json"
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// timedWorld builds replication 0 of sc under ord and records, per user, when its
// install ran and when its move ended (seconds; -1: never).
func timedWorld(t *testing.T, sc *scenarios.Scenario, ord scenarios.Ordering) (w *world, install, moveEnd []float64) {
	t.Helper()
	w, err := newWorld(sc, ord, 0)
	if err != nil {
		t.Fatal(err)
	}
	install = make([]float64, w.nUsers)
	moveEnd = make([]float64, w.nUsers)
	for u := range install {
		install[u], moveEnd[u] = -1, -1
	}
	onInstall, onMoveDone := w.hInstall, w.hMoveDone
	w.hInstall = func(a int) {
		install[w.waveQ[w.waveNext]] = w.now()
		onInstall(a)
	}
	w.hMoveDone = func(u int) {
		moveEnd[u] = w.now()
		onMoveDone(u)
	}
	w.run()
	return w, install, moveEnd
}

// Site A goes servers-first, site B clients-first, 3 users each, 3 installs a day,
// gap 14 d, moves all day. Installs are logon-spread over the 10 h working day: slot k
// at 08:00 + (k + 0.5)·10 h/3 = 09:40, 13:00, 16:20.
//   - B installs on day 0 (a Monday) at 09:40, 13:00, 16:20; B's moves are queued
//     14 d after its last install: day 14 16:20, and end after it.
//   - A's moves start at 0 and end within minutes (100 MB each over A's 10 Mbps
//     WAN-up: 3 × 80 s = 240 s), so A's installs are the slots of day 14 (14 d after
//     the last move, 00:04): 09:40, 13:00, 16:20.
func TestPerSiteOrderingRunsEachSitesHalvesInItsOrder(t *testing.T) {
	sc := tinyScenario(tinySite("A", 3, 10*mbps, true, 100*mB), tinySite("B", 3, 10*mbps, true, 100*mB))
	sc.Rollout.Clients.UsersPerDay = 3
	sc.Rollout.ServersFirstSites = []string{"A"}
	w, install, moveEnd := timedWorld(t, sc, scenarios.PerSite)
	slots := []float64{9*hour + 40*60, 13 * hour, 16*hour + 20*60}
	for u := 0; u < w.nUsers; u++ {
		site := sc.Sites[w.uSite[u]].Name
		if install[u] < 0 || moveEnd[u] < 0 {
			t.Fatalf("user %d (%s): install at %v, move done at %v: both halves must run", u, site, install[u], moveEnd[u])
		}
		k := int(w.uSite[u]) // users are in site order; the site's k-th user takes slot k
		slot := slots[u-int(w.sites[k].first)]
		switch site {
		case "A":
			if !(moveEnd[u] < install[u]) {
				t.Errorf("user %d at servers-first site A: move done at %v s, not before its install at %v s", u, moveEnd[u], install[u])
			}
			near(t, "A install (s)", install[u], 14*day+slot, 1e-6)
			near(t, "A move end (s)", moveEnd[u], 240, 1) // three 100 MB moves sharing 10 Mbps
		case "B":
			if !(install[u] < moveEnd[u]) {
				t.Errorf("user %d at clients-first site B: install at %v s, not before its move ended at %v s", u, install[u], moveEnd[u])
			}
			near(t, "B install (s)", install[u], slot, 1e-6)
			if moveEnd[u] <= 14*day+16*hour+20*60 {
				t.Errorf("user %d at B: move ended at %v s, before its moves were queued (day 14 16:20)", u, moveEnd[u])
			}
		}
	}
}

// resultJSON is r without its ordering, for comparing plans.
func resultJSON(t *testing.T, r *Result) string {
	t.Helper()
	c := *r
	c.Ordering = ""
	c.Sites = append([]SiteResult(nil), r.Sites...)
	for i := range c.Sites {
		c.Sites[i].Result.Ordering = ""
	}
	b, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A per-site plan that lists no servers-first site is clients-first, one that lists
// every site is servers-first: the same replication gives the same measurements.
func TestPerSiteOrderingReducesToTheTextbookOrderings(t *testing.T) {
	sc := exampleScenario()
	var all []string
	for _, s := range sc.Sites {
		all = append(all, s.Name)
	}
	for _, tc := range []struct {
		sf   []string
		want scenarios.Ordering
	}{{nil, scenarios.ClientsFirst}, {all, scenarios.ServersFirst}} {
		want, err := Run(sc, tc.want, 1)
		if err != nil {
			t.Fatal(err)
		}
		c := *sc
		c.Rollout.ServersFirstSites = tc.sf
		got, err := Run(&c, scenarios.PerSite, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got.Ordering != scenarios.PerSite {
			t.Errorf("ordering %q, want %q", got.Ordering, scenarios.PerSite)
		}
		if resultJSON(t, got) != resultJSON(t, want) {
			t.Errorf("per-site with servers_first_sites %v differs from %s", tc.sf, tc.want)
		}
	}
}

// A mixed plan differs from both textbook orderings, and its runs are repeatable.
func TestPerSiteOrderingIsAPlanOfItsOwn(t *testing.T) {
	sc := exampleScenario()
	c := *sc
	c.Rollout.ServersFirstSites = []string{sc.Sites[0].Name}
	a, err := Run(&c, scenarios.PerSite, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(&c, scenarios.PerSite, 0)
	if err != nil {
		t.Fatal(err)
	}
	if resultJSON(t, a) != resultJSON(t, b) {
		t.Error("two runs of one replication differ")
	}
	for _, ord := range []scenarios.Ordering{scenarios.ClientsFirst, scenarios.ServersFirst} {
		r, err := Run(sc, ord, 0)
		if err != nil {
			t.Fatal(err)
		}
		if resultJSON(t, r) == resultJSON(t, a) {
			t.Errorf("the mixed plan measures the same as %s", ord)
		}
	}
}

func TestPerSiteOrderingUnknownSiteIsAnError(t *testing.T) {
	sc := tinyScenario(tinySite("A", 3, 10*mbps, true, 100*mB))
	sc.Rollout.ServersFirstSites = []string{"Nowhere"}
	if _, err := Run(sc, scenarios.PerSite, 0); err == nil {
		t.Error("no error for a servers-first site that does not exist")
	}
}
