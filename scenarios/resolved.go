package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Assumptions returns every parameter in force (all but the name and the
// description), in the order of the format, with
// its value as written in a scenario, its source (a published citation,
// "assumed", "scenario" for a value the scenario gives, "--set" for an override)
// and whether it came from the defaults. Values the scenario restates unchanged
// from the defaults keep the default's citation.
func (s *Scenario) Assumptions() []Assumption {
	e := &emitter{sc: s}
	e.scenario()
	return e.as
}

// ResolvedYAML returns the resolved scenario as YAML: every value in force, in the
// order of the format, each value taken from the defaults marked "# default". The
// text parses back to the same scenario.
func (s *Scenario) ResolvedYAML() string {
	e := &emitter{sc: s}
	fmt.Fprintf(&e.b, "# Resolved scenario %q: every value in force; \"# default\" marks values not given in the scenario,\n# and each value that rests on a published source names it (or says \"assumed\").\n", s.Name)
	e.scenario()
	return e.b.String()
}

// MarkSetBy records the values at paths (as ResolvedYAML names them, e.g.
// rollout.clients.users_per_day or datacenter.servers.EX03-A.concurrent_moves) as set
// by source, e.g. a search that chose them: ResolvedYAML writes source beside them
// instead of "default" or the file's source. s gets its own record, so a Scenario
// copied from s before is unchanged.
func (s *Scenario) MarkSetBy(source string, paths ...string) {
	m := make(map[string]origin, len(s.origins)+len(paths))
	for k, v := range s.origins {
		m[k] = v
	}
	for _, p := range paths {
		m[p] = origin{source: source}
	}
	s.origins = m
}

// ServerPath is the path of 2003 server i of the datacenter, as ResolvedYAML and
// MarkSetBy name it.
func (s *Scenario) ServerPath(i int) string {
	return itemPath("datacenter.servers", s.Datacenter.Servers[i].Name, i)
}

// emitter writes the scenario as YAML and collects the assumptions in one walk.
type emitter struct {
	sc     *Scenario
	b      strings.Builder
	as     []Assumption
	indent int
	dash   bool // the next line starts a list item
}

func (e *emitter) line(key, value string, comment string) {
	pad := strings.Repeat("  ", e.indent)
	if e.dash {
		pad = strings.Repeat("  ", e.indent-1) + "- "
		e.dash = false
	}
	e.b.WriteString(pad + key + ":")
	if value != "" {
		e.b.WriteString(" " + value)
	}
	if comment != "" {
		e.b.WriteString("  # " + comment)
	}
	e.b.WriteByte('\n')
}

// leaf writes one value and records it as an assumption.
func (e *emitter) leaf(path, key, value string) {
	o, ok := e.sc.origins[path]
	if !ok {
		o = origin{source: "scenario"}
	}
	e.line(key, value, sourceComment(o))
	if path == "name" || path == "description" {
		return // labels, not parameters
	}
	e.as = append(e.as, Assumption{
		Path:    path,
		Value:   value,
		Source:  o.source,
		Assumed: strings.HasPrefix(o.source, srcAssumed),
		Default: o.defaulted,
	})
}

// sourceComment is a value's comment in the resolved YAML: "default" for a value not
// given in the scenario, and the source of any value that rests on one (a citation or
// "assumed"), so that a reader sees where every behaviour parameter comes from.
func sourceComment(o origin) string {
	cited := o.source != "" && o.source != "scenario" && o.source != setFile && o.source != srcSetting && o.source != "the file's name"
	switch {
	case o.defaulted && cited:
		return "default; " + o.source
	case o.defaulted:
		return "default"
	case cited:
		return o.source
	}
	return ""
}

// leafIf is leaf, but records the assumption only when inForce: a value that
// cannot affect the run (its feature is unused) is written and not listed.
func (e *emitter) leafIf(inForce bool, path, key, value string) {
	n := len(e.as)
	e.leaf(path, key, value)
	if !inForce {
		e.as = e.as[:n]
	}
}

// section writes "key:" and the body indented under it.
func (e *emitter) section(key string, body func()) {
	e.line(key, "", "")
	e.indent++
	body()
	e.indent--
}

// quote writes a string as a YAML double-quoted scalar.
func quote(s string) string { return strconv.Quote(s) }

func (e *emitter) scenario() {
	sc := e.sc
	e.leaf("name", "name", quote(sc.Name))
	if sc.Description != "" {
		e.leaf("description", "description", quote(sc.Description))
	}
	e.leaf("start", "start", sc.Start.Format(time.DateOnly))
	e.leaf("horizon", "horizon", sc.Horizon.String())
	e.section("calendar", func() {
		e.section("working_hours", func() {
			e.leaf("calendar.working_hours.start", "start", quote(sc.Calendar.WorkStart.String()))
			e.leaf("calendar.working_hours.end", "end", quote(sc.Calendar.WorkEnd.String()))
		})
		var days []string
		for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
			if sc.Calendar.WorkingDays[d] {
				days = append(days, Weekday(d).String())
			}
		}
		e.leaf("calendar.working_days", "working_days", "["+strings.Join(days, ", ")+"]")
	})
	e.section("mailbox", func() { e.mailbox("mailbox", sc.Mailbox) })
	e.section("clients", func() {
		o := sc.Clients.Outlook2003
		e.section("outlook2003", func() {
			p := "clients.outlook2003."
			e.leaf(p+"cached_mode", "cached_mode", strconv.FormatBool(o.CachedMode))
			e.section("slow_link", func() {
				e.leaf(p+"slow_link.threshold", "threshold", o.SlowLink.Threshold.String())
				e.leaf(p+"slow_link.measured_on", "measured_on", o.SlowLink.MeasuredOn)
			})
			e.leaf(p+"header_only_needs_2003", "header_only_needs_2003", strconv.FormatBool(o.HeaderOnlyNeeds2003))
			e.leaf(p+"compression_with_2003", "compression_with_2003", o.CompressionWith2003.String())
			e.leaf(p+"usable_fraction", "usable_fraction", o.UsableFraction.String())
			if o.OABAuto {
				e.leaf(p+"oab_size", "oab_size", "auto")
			} else {
				e.leaf(p+"oab_size", "oab_size", o.OABSize.String())
			}
			e.leaf(p+"oab_per_1000_recipients", "oab_per_1000_recipients", o.OABPer1000Recipients.String())
			e.leaf(p+"resume_needs_2003", "resume_needs_2003", strconv.FormatBool(o.ResumeNeeds2003))
			e.leaf(p+"restart_unit", "restart_unit", o.RestartUnit)
			e.leaf(p+"sync_folders", "sync_folders", strconv.Itoa(o.SyncFolders))
			e.leaf(p+"ost_format", "ost_format", o.OSTFormat)
			e.leaf(p+"existing_ost_share", "existing_ost_share", o.ExistingOSTShare.String())
			e.leaf(p+"existing_ost_delta", "existing_ost_delta", o.ExistingOSTDelta.String())
			e.leaf(p+"sync_rate", "sync_rate", o.SyncRate.String())
			e.leaf(p+"body_fetch_share", "body_fetch_share", o.BodyFetchShare.String())
			e.leaf(p+"disconnected_share", "disconnected_share", o.DisconnectedShare.String())
		})
		e.section("online", func() {
			on := sc.Clients.Online
			e.leaf("clients.online.reconnect_penalty", "reconnect_penalty", on.ReconnectPenalty.String())
			e.leaf("clients.online.actions_per_day", "actions_per_day", formatNumber(on.ActionsPerDay))
			e.leaf("clients.online.round_trips_per_action", "round_trips_per_action", formatNumber(on.RoundTripsPerAction))
			e.leaf("clients.online.accepted_response", "accepted_response", on.AcceptedResponse.String())
			e.leaf("clients.online.hang_threshold", "hang_threshold", on.HangThreshold.String())
		})
	})
	e.section("servers", func() {
		for _, v := range []struct {
			key string
			v   ServerVersion
		}{{"exchange55", sc.Servers.Exchange55}, {"exchange2003", sc.Servers.Exchange2003}} {
			p := "servers." + v.key
			e.section(v.key, func() {
				e.outage(p+".outages", "outages", v.v.Outages)
				e.leaf(p+".rpc_latency", "rpc_latency", v.v.RPCLatency.String())
				e.leaf(p+".iops_per_user", "iops_per_user", formatNumber(v.v.IOPSPerUser))
				e.leaf(p+".disk_iops_per_user", "disk_iops_per_user", formatNumber(v.v.DiskIOPSPerUser))
				e.leaf(p+".concurrent_syncs", "concurrent_syncs", strconv.Itoa(v.v.ConcurrentSyncs))
			})
		}
	})
	e.section("datacenter", func() {
		dc := sc.Datacenter
		e.leaf("datacenter.name", "name", quote(dc.Name))
		e.section("link", func() { e.link("datacenter.link", dc.Link) })
		e.section("servers", func() {
			for i, s := range dc.Servers {
				p := itemPath("datacenter.servers", s.Name, i)
				e.indent++
				e.dash = true
				e.leaf(p+".name", "name", quote(s.Name))
				e.leaf(p+".throughput", "throughput", s.Throughput.String())
				e.leaf(p+".concurrent_moves", "concurrent_moves", strconv.Itoa(s.ConcurrentMoves))
				if s.Site != "" {
					e.leaf(p+".site", "site", quote(s.Site))
				}
				e.indent--
			}
		})
		e.outage("datacenter.outages", "outages", dc.Outages)
	})
	e.section("sites", func() {
		for i, s := range sc.Sites {
			p := itemPath("sites", s.Name, i)
			e.indent++
			e.dash = true
			e.leaf(p+".name", "name", quote(s.Name))
			e.leaf(p+".users", "users", strconv.Itoa(s.Users))
			e.leaf(p+".lan", "lan", s.LAN.String())
			e.leaf(p+".adapter", "adapter", s.Adapter.String())
			e.leaf(p+".server_throughput", "server_throughput", s.ServerThroughput.String())
			e.section("wan", func() { e.link(p+".wan", s.WAN) })
			e.leaf(p+".local_server", "local_server", strconv.FormatBool(s.LocalServer))
			e.leaf(p+".served_by", "served_by", quote(s.ServedBy))
			e.section("remote_users", func() {
				e.leaf(p+".remote_users.count", "count", strconv.Itoa(s.RemoteUsers.Count))
				// A site with no remote users: their link and latency change nothing,
				// so they are written but not listed among the assumptions in force.
				inert := s.RemoteUsers.Count == 0
				e.leafIf(!inert, p+".remote_users.link", "link", s.RemoteUsers.Link.String())
				e.leafIf(!inert, p+".remote_users.latency", "latency", s.RemoteUsers.Latency.String())
				if !inert {
					e.outage(p+".remote_users.outages", "outages", s.RemoteUsers.Outages)
				}
			})
			e.section("mailbox", func() { e.mailbox(p+".mailbox", s.Mailbox) })
			e.section("outages", func() {
				e.outage(p+".outages.wan", "wan", s.Outages.WAN)
				e.outage(p+".outages.blips", "blips", s.Outages.Blips)
			})
			e.indent--
		}
	})
	e.section("rollout", func() {
		r := sc.Rollout
		var ords, order []string
		for _, o := range r.Orderings {
			ords = append(ords, string(o))
		}
		for _, s := range r.SiteOrder {
			order = append(order, quote(s))
		}
		e.leaf("rollout.orderings", "orderings", "["+strings.Join(ords, ", ")+"]")
		e.leaf("rollout.site_order", "site_order", "["+strings.Join(order, ", ")+"]")
		e.leaf("rollout.gap", "gap", r.Gap.String())
		e.section("clients", func() {
			e.leaf("rollout.clients.start", "start", r.Clients.Start.String())
			e.leaf("rollout.clients.users_per_day", "users_per_day", strconv.Itoa(r.Clients.UsersPerDay))
			e.leaf("rollout.clients.install", "install", r.Clients.Install)
			e.leaf("rollout.clients.logon_window", "logon_window", r.Clients.LogonWindow.String())
		})
		e.section("moves", func() {
			e.section("window", func() {
				e.leaf("rollout.moves.window.start", "start", quote(r.Moves.Window.Start.String()))
				e.leaf("rollout.moves.window.end", "end", quote(r.Moves.Window.End.String()))
			})
			e.leaf("rollout.moves.rate_per_move", "rate_per_move", r.Moves.RatePerMove.String())
			e.leaf("rollout.moves.on_failure", "on_failure", r.Moves.OnFailure)
		})
		e.leaf("rollout.ost_after_move", "ost_after_move", r.OSTAfterMove)
		var pre []string
		for _, s := range r.Preseed {
			pre = append(pre, quote(s))
		}
		e.leaf("rollout.preseed", "preseed", "["+strings.Join(pre, ", ")+"]")
		var sf []string
		for _, s := range r.ServersFirstSites {
			sf = append(sf, quote(s))
		}
		e.leaf("rollout.servers_first_sites", "servers_first_sites", "["+strings.Join(sf, ", ")+"]")
		e.leaf("rollout.preseed_remote", "preseed_remote", strconv.FormatBool(r.PreseedRemote))
	})
	e.section("simulation", func() {
		e.leaf("simulation.replications", "replications", strconv.Itoa(sc.Simulation.Replications))
		e.leaf("simulation.seed", "seed", strconv.FormatUint(sc.Simulation.Seed, 10))
		e.leaf("simulation.bucket", "bucket", sc.Simulation.Bucket.String())
		e.leaf("simulation.saturated_utilization", "saturated_utilization", sc.Simulation.SaturatedUtilization.String())
	})
	e.section("decision", func() {
		e.leaf("decision.min_relative_difference", "min_relative_difference", sc.Decision.MinRelativeDifference.String())
		e.leaf("decision.min_user_hours", "min_user_hours", formatNumber(sc.Decision.MinUserHours))
	})
	if c := sc.Costs; c != nil {
		e.section("costs", func() {
			e.leaf("costs.currency", "currency", quote(c.Currency))
			e.leaf("costs.user_hour", "user_hour", formatNumber(c.UserHour))
			e.leaf("costs.training_per_user", "training_per_user", formatNumber(c.TrainingPerUser))
			e.leaf("costs.deployment_phase", "deployment_phase", formatNumber(c.DeploymentPhase))
			e.leaf("costs.office_deployment", "office_deployment", c.OfficeDeployment)
		})
	}
}

// itemPath names a list entry by its name (sites.Leeds), or by index when the
// name cannot be a path component.
func itemPath(list, name string, i int) string {
	if name == "" || strings.Contains(name, ".") {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return list + "." + name
}

func (e *emitter) mailbox(p string, m Mailbox) {
	e.leaf(p+".size", "size", fmt.Sprintf("{median: %s, p95: %s}", m.Size.Median, m.Size.P95))
	e.leaf(p+".item_size", "item_size", m.ItemSize.String())
	e.leaf(p+".header_size", "header_size", m.HeaderSize.String())
	e.section("traffic_per_day", func() {
		e.leaf(p+".traffic_per_day.online", "online", m.Traffic.Online.String())
		e.leaf(p+".traffic_per_day.cached", "cached", m.Traffic.Cached.String())
		e.leaf(p+".traffic_per_day.peak_factor", "peak_factor", formatNumber(m.Traffic.PeakFactor))
	})
}

func (e *emitter) link(p string, l Link) {
	e.leaf(p+".down", "down", l.Down.String())
	e.leaf(p+".up", "up", l.Up.String())
	e.leaf(p+".latency", "latency", l.Latency.String())
	e.leaf(p+".background", "background", l.Background.String())
}

func (e *emitter) outage(p, key string, o Outage) {
	if o.Off {
		e.leaf(p, key, "off")
		return
	}
	e.section(key, func() {
		e.leaf(p+".mtbf", "mtbf", o.MTBF.String())
		e.leaf(p+".duration", "duration", o.Duration.String())
	})
}

// String writes the distribution as in a scenario: {median: 30m, p95: 6h} or
// {min: 5s, max: 1m}.
func (d DurationDist) String() string {
	if d.Kind == DistUniform {
		return fmt.Sprintf("{min: %s, max: %s}", d.Min, d.Max)
	}
	return fmt.Sprintf("{median: %s, p95: %s}", d.Median, d.P95)
}

// String writes the distribution as in a scenario: {median: 100MB, p95: 500MB}.
func (d SizeDist) String() string {
	return fmt.Sprintf("{median: %s, p95: %s}", d.Median, d.P95)
}
