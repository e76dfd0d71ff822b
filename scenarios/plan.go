package scenarios

// This file decodes the migration plan, the simulation settings, the decision
// rule and the optional costs.

import (
	"fmt"
	"strings"
)

func decodeRollout(o *obj, sites []Site) Rollout {
	var r Rollout
	d := o.d
	path := join(o.path, "orderings")
	n := o.node("orderings")
	if items, ok := listOf(o, "orderings", n, "[clients-first, servers-first]"); ok {
		if len(items) == 0 {
			d.errs.add(n.pos, path, "is empty (at least one of clients-first, servers-first)")
		}
		for i, it := range items {
			ord, ok := scalarValue(d, it, fmt.Sprintf("%s[%d]", path, i), oneOf(string(ClientsFirst), string(ServersFirst)), nil)
			if !ok {
				continue
			}
			if contains(orderingStrings(r.Orderings), ord) {
				d.errs.add(it.pos, fmt.Sprintf("%s[%d]", path, i), "%s is listed twice (each ordering once)", ord)
				continue
			}
			r.Orderings = append(r.Orderings, Ordering(ord))
		}
		d.note(path, n, nil, false)
	}

	path = join(o.path, "site_order")
	n = o.node("site_order")
	var names []string
	for _, s := range sites {
		names = append(names, s.Name)
	}
	if n == nil {
		r.SiteOrder = append([]string(nil), names...)
		if d.record {
			d.origins[path] = origin{defaulted: true, source: "rule: the sites as listed"}
		}
	} else if items, ok := listOf(o, "site_order", n, "[HQ, Leeds]"); ok {
		listed := map[string]bool{}
		exists := map[string]bool{}
		for _, nm := range names {
			exists[nm] = true
		}
		for i, it := range items {
			ipath := fmt.Sprintf("%s[%d]", path, i)
			name, ok := scalarValue(d, it, ipath, parseString, nil)
			if !ok {
				continue
			}
			switch {
			case !exists[name]:
				d.errs.add(it.pos, ipath, "no site named %q (%s)", name, didYouMean(name, names))
			case listed[name]:
				d.errs.add(it.pos, ipath, "%q is listed twice (each site once)", name)
			default:
				listed[name] = true
				r.SiteOrder = append(r.SiteOrder, name)
			}
		}
		var missing []string
		for _, nm := range names {
			if !listed[nm] && nm != "" {
				missing = append(missing, nm)
			}
		}
		// Only when every entry named a site: otherwise the typo is the error.
		if len(missing) > 0 && len(r.SiteOrder) == len(items) {
			d.errs.add(n.pos, path, "does not list %s (site_order lists every site once)", strings.Join(missing, ", "))
		}
		d.note(path, n, nil, false)
	}

	r.Gap, _ = leaf(o, "gap", "14d", ParseDuration, nil)
	cw := o.mapping("clients", "{start: 0d, users_per_day: 150}")
	r.Clients.Start, _ = leaf(cw, "start", "0d", ParseDuration, nil)
	r.Clients.UsersPerDay, _ = leaf(cw, "users_per_day", "150", parseInt, intRange(1, maxUsers, "installs per working day"))
	r.Clients.Install, _ = leaf(cw, "install", "logon", oneOf(InstallLogon, InstallSpread), nil)
	r.Clients.LogonWindow, _ = leaf(cw, "logon_window", "1h", ParseDuration, func(v Duration) string {
		if !(v > 0) {
			return fmt.Sprintf("%s is not allowed (must be > 0, e.g. 1h)", v)
		}
		return ""
	})
	cw.done()
	mv := o.mapping("moves", "{rate_per_move: 2GB/h}")
	win := mv.mapping("window", `{start: "19:00", end: "07:00"}`)
	ws, ok1 := leaf(win, "start", `"19:00"`, ParseTimeOfDay, nil)
	we, ok2 := leaf(win, "end", `"07:00"`, ParseTimeOfDay, nil)
	if ok1 && ok2 && ws == we {
		d.errs.add(win.node("end").pos, join(win.path, "end"), "%s equals start (the window would be empty; use start \"00:00\", end \"24:00\" for all day)", we)
	}
	r.Moves.Window = Window{Start: ws, End: we}
	win.done()
	r.Moves.RatePerMove, _ = leaf(mv, "rate_per_move", "2GB/h", ParseBitRate, positiveRate)
	r.Moves.OnFailure, _ = leaf(mv, "on_failure", "restart", oneOf(OnFailureRestart, OnFailureResume), nil)
	mv.done()
	r.OSTAfterMove, _ = leaf(o, "ost_after_move", "keep", oneOf(OSTKeep, OSTResync), nil)
	r.Preseed = decodeSiteList(o, sites, "preseed", "[Truro]")
	r.ServersFirstSites = decodeSiteList(o, sites, "servers_first_sites", "[HQ]")
	r.PreseedRemote, _ = leaf(o, "preseed_remote", "false", parseBool, nil)
	o.done()
	return r
}

// decodeSiteList reads a list of site names under key (rollout.preseed: the sites
// whose users get a pre-seeded OST; rollout.servers_first_sites: the sites that go
// servers-first under the per-site ordering), each site named once.
func decodeSiteList(o *obj, sites []Site, key, example string) []string {
	d := o.d
	path := join(o.path, key)
	n := o.node(key)
	items, ok := listOf(o, key, n, example)
	if !ok {
		return nil
	}
	exists := map[string]bool{}
	var names []string
	for _, s := range sites {
		exists[s.Name] = true
		names = append(names, s.Name)
	}
	var out []string
	seen := map[string]bool{}
	for i, it := range items {
		ipath := fmt.Sprintf("%s[%d]", path, i)
		name, ok := scalarValue(d, it, ipath, parseString, nil)
		switch {
		case !ok:
		case !exists[name]:
			d.errs.add(it.pos, ipath, "no site named %q (one of: %s)", name, strings.Join(names, ", "))
		case seen[name]:
			d.errs.add(it.pos, ipath, "%q is listed twice (each site once)", name)
		default:
			seen[name] = true
			out = append(out, name)
		}
	}
	d.note(path, n, o.defaultNode(key), len(out) == 0)
	return out
}

func orderingStrings(os []Ordering) []string {
	var out []string
	for _, o := range os {
		out = append(out, string(o))
	}
	return out
}

func decodeSimulation(o *obj, horizon Duration) Simulation {
	var s Simulation
	s.Replications, _ = leaf(o, "replications", "30", parseInt, intRange(1, maxReplications, "replications"))
	s.Seed, _ = leaf(o, "seed", "1", parseSeed, nil)
	s.Bucket, _ = leaf(o, "bucket", "1h", ParseDuration, func(v Duration) string {
		if v <= 0 {
			return fmt.Sprintf("%s is not allowed (must be > 0, e.g. 1h)", v)
		}
		if horizon > 0 && float64(horizon)/float64(v) > maxBuckets {
			return fmt.Sprintf("%s is not allowed (at most %d buckets over the horizon %s)", v, maxBuckets, horizon)
		}
		return ""
	})
	s.SaturatedUtilization, _ = leaf(o, "saturated_utilization", "0.9", ParseFraction, positiveFraction)
	o.done()
	return s
}

func parseSeed(s string) (uint64, error) {
	var v uint64
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("seed is empty (a whole number ≥ 0, e.g. 1)")
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not allowed (a whole number from 0 to 18446744073709551615)", s)
		}
		nv := v*10 + uint64(c-'0')
		if nv/10 != v {
			return 0, fmt.Errorf("%q is too large (at most 18446744073709551615)", s)
		}
		v = nv
	}
	return v, nil
}

func decodeDecision(o *obj) Decision {
	var dn Decision
	dn.MinRelativeDifference, _ = leaf(o, "min_relative_difference", "0.01", ParseFraction, nil)
	dn.MinUserHours, _ = leaf(o, "min_user_hours", "1", parseNumber, floatMin(0, "min_user_hours"))
	o.done()
	return dn
}

func decodeCosts(o *obj) *Costs {
	c := &Costs{}
	c.Currency, _ = leaf(o, "currency", "GBP", parseString, nonEmpty("a currency"))
	c.UserHour, _ = leaf(o, "user_hour", "35", parseNumber, floatMin(0, "a cost"))
	c.TrainingPerUser, _ = leaf(o, "training_per_user", "20", parseNumber, floatMin(0, "a cost"))
	c.DeploymentPhase, _ = leaf(o, "deployment_phase", "15000", parseNumber, floatMin(0, "a cost"))
	c.OfficeDeployment, _ = leaf(o, "office_deployment", "separate", oneOf(OfficeCombined, OfficeSeparate), nil)
	o.done()
	return c
}
