package model

// Results per site (measured): every site's part of the per-site metrics of the
// catalogue (MetricDef.PerSite) — its on-site and remote users' disruption by cause,
// WAN bytes by class, blocked users and times to usable and synced, its WAN link's
// peak utilization and saturated hours — and the times each phase starts and ends
// there. A user's disruption and bytes belong to the user's site; the additive per-site
// metrics sum over sites to the totals, except the link figures, whose rest is the
// datacenter link's (Result.DatacenterLink).

// Phases recorded per site (sitePhase).
const (
	phClients  = iota // Outlook 2003 installs
	phSyncsEnd        // ends of first syncs
	phMoves           // mailbox moves: starts and ends
	phDone            // users reaching their end state
	numPh
)

// sitePhase holds the first and last time (seconds; −1: never) of each phase at a site
// and how many of its users reached their end state.
type sitePhase struct {
	first, last [numPh]float64
	done        int32
}

// newSitePhase returns a sitePhase with nothing recorded.
func newSitePhase() sitePhase {
	var p sitePhase
	for i := range p.first {
		p.first[i], p.last[i] = -1, -1
	}
	return p
}

// at records an event of phase ph at time t (seconds; events arrive in time order).
func (p *sitePhase) at(ph int, t float64) {
	if p.first[ph] < 0 {
		p.first[ph] = t
	}
	p.last[ph] = t
}

// SiteResult is one site's part of a replication's Result: its name, users (on-site
// and remote), the per-site metrics of the catalogue in the embedded Result (the fields
// of other metrics are zero; its Series is empty) and the times of its phases.
type SiteResult struct {
	Name   string     `json:"name"`
	Users  int        `json:"users"`
	Result            // the site's part of every metric with MetricDef.PerSite
	Phases SitePhases `json:"phases"`
}

// SitePhases are the days (from the start of the scenario, fractional) when each phase
// starts and ends at a site; −1 when it did not happen within the horizon.
type SitePhases struct {
	ClientsStartDays float64 `json:"clients_start_days"` // first Outlook 2003 install
	ClientsEndDays   float64 `json:"clients_end_days"`   // last Outlook 2003 install
	SyncsEndDays     float64 `json:"syncs_end_days"`     // end of the last first sync
	MovesStartDays   float64 `json:"moves_start_days"`   // start of the first mailbox move
	MovesEndDays     float64 `json:"moves_end_days"`     // end of the last mailbox move
	DoneDays         float64 `json:"done_days"`          // the last user reaches its end state (−1 if one does not)
}

// LinkFigures are one link's (or a site's WAN links') figures: the highest bucket
// utilization and the saturated link-hours (see saturated_link_hours).
type LinkFigures struct {
	PeakUtilization float64 `json:"peak_utilization"` // fraction of nominal capacity
	SaturatedHours  float64 `json:"saturated_hours"`  // link-hours
}

// days converts seconds to days, keeping −1 (never).
func days(t float64) float64 {
	if t < 0 {
		return -1
	}
	return t / secondsPerDay
}

// siteResults assembles every site's part of r; peak and sat are the per-resource peak
// utilization and saturated hours of linkUtilization.
func (w *world) siteResults(r *Result, peak, sat []float64) {
	l := &w.led
	blocked := make([]int, len(w.sites))
	for u := range l.uMarks {
		if l.uMarks[u]&markBlocked != 0 {
			blocked[w.uSite[u]]++
		}
	}
	r.Sites = make([]SiteResult, len(w.sites))
	for s := range w.sites {
		st := &w.sites[s]
		sr := &r.Sites[s]
		sr.Name, sr.Users = w.sc.Sites[s].Name, int(st.n)
		x := &sr.Result
		x.Ordering, x.Replication = r.Ordering, r.Replication
		x.WANGigabytesByClass = make(map[string]float64, len(Classes))
		for c, name := range Classes {
			x.WANGigabytesByClass[name] = l.siteWAN[s][c] / 1e9
			x.WANGigabytes += l.siteWAN[s][c] / 1e9
		}
		x.EndStateWANGigabytes = l.siteEndWAN[s] / 1e9
		x.BlockedUserHoursByCause, x.BlockedUserHours = hoursByCause(&l.siteSec[s], MetricBlockedUserHours)
		x.DegradedUserHoursByCause, x.DegradedUserHours = hoursByCause(&l.siteSec[s], MetricDegradedUserHours)
		x.WaitingUserHours = l.siteSec[s][MetricWaitingUserHours] / 3600
		x.EndStateUserHours = l.siteSec[s][MetricEndStateUserHours] / 3600
		x.UsersBlocked = blocked[s]
		x.UsersOSTLimit = l.siteOSTLimit[s]
		r.UsersOSTLimit += l.siteOSTLimit[s]
		x.TimeToUsableHours, x.TimeToUsableQuantiles = quantiles(l.siteUsableH[s])
		x.TimeToSyncedHours, x.TimeToSyncedQuantiles = quantiles(l.siteSyncedH[s])
		x.PeakLinkUtilization = max(peak[st.wanDown], peak[st.wanUp])
		x.SaturatedLinkHours = sat[st.wanDown] + sat[st.wanUp]
		p := &l.sitePh[s]
		done := p.last[phDone]
		if p.done < st.n {
			done = -1
		}
		sr.Phases = SitePhases{ClientsStartDays: days(p.first[phClients]), ClientsEndDays: days(p.last[phClients]),
			SyncsEndDays: days(p.last[phSyncsEnd]), MovesStartDays: days(p.first[phMoves]), MovesEndDays: days(p.last[phMoves]),
			DoneDays: days(done)}
	}
	r.DatacenterLink = LinkFigures{PeakUtilization: max(peak[w.dcIn], peak[w.dcOut]), SaturatedHours: sat[w.dcIn] + sat[w.dcOut]}
}
