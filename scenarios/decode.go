package scenarios

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Limits that keep a scenario within what the simulator can hold in memory.
const (
	maxUsers        = 10_000_000 // users per site
	maxReplications = 100_000
	maxBuckets      = 1_000_000 // horizon / bucket
	maxHorizon      = Duration(100 * 365 * 86400)
)

// decodeScenario resolves the user's tree (after --set) against the defaults.
func decodeScenario(file string, root *node, d *decoder) *Scenario {
	def := defaultTree()
	sc := &Scenario{}
	if root.kind != mapNode {
		d.errs.add(root.pos, "", "a scenario is a mapping of keys such as name, sites and rollout, not %s (see 'rollout init')", root.describe())
		return sc
	}
	top := d.newObj("", root.pos, root, def)

	if name, ok := leaf(top, "name", "", parseString, nonEmpty("a name")); ok {
		sc.Name = name
	} else if top.node("name") == nil {
		sc.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		if d.record {
			d.origins["name"] = origin{defaulted: true, source: "the file's name"}
		}
	}
	sc.Description, _ = leaf(top, "description", "", parseString, nil)
	if t, ok := leaf(top, "start", "", parseDate, nil); ok {
		sc.Start = t
	}
	sc.Horizon, _ = leaf(top, "horizon", "240d", ParseDuration, func(v Duration) string {
		if v <= 0 || v > maxHorizon {
			return fmt.Sprintf("%s is not allowed (horizon must be > 0 and at most 36500d, e.g. 240d)", v)
		}
		return ""
	})

	sc.Calendar = decodeCalendar(top.mapping("calendar", `{working_hours: {start: "08:00", end: "18:00"}}`))
	mboxOrg := top.mapping("mailbox", "{size: {median: 100MB, p95: 500MB}}")
	sc.Mailbox = decodeMailbox(mboxOrg, sc.Calendar)
	mboxOrg.done()
	sc.Clients = decodeClients(top.mapping("clients", "{outlook2003: {cached_mode: true}}"))
	sc.Servers = decodeServers(top.mapping("servers", "{exchange55: {slow_fraction: 0}}"))
	sc.Datacenter = decodeDatacenter(top.mapping("datacenter", "{name: DC}"), def)

	// site_defaults on its own first, so that its errors are reported under its own
	// path (the same node read again through each site is then not reported twice).
	sdUser := root.get("site_defaults")
	top.known = append(top.known, "site_defaults")
	if sdUser != nil && sdUser.kind != mapNode {
		d.errs.add(sdUser.pos, "site_defaults", "%s is not allowed (a mapping such as {lan: 100Mbps})", sdUser.describe())
		sdUser = nil
	}
	if sdUser != nil {
		rec := d.record
		d.record = false
		sd := d.newObj("site_defaults", sdUser.pos, sdUser, def.get("site_defaults"))
		decodeSite(sd, []*node{sdUser.get("mailbox"), root.get("mailbox"), def.get("mailbox")}, true, sc.Calendar)
		d.record = rec
	}

	sc.Sites = decodeSites(top, root, sdUser, def, sc.Calendar)
	sc.Rollout = decodeRollout(top.mapping("rollout", "{orderings: [clients-first, servers-first]}"), sc.Sites)
	sc.Simulation = decodeSimulation(top.mapping("simulation", "{replications: 30}"), sc.Horizon)
	sc.Decision = decodeDecision(top.mapping("decision", "{degraded_weight: 0.25}"))
	if c := root.get("costs"); c != nil {
		sc.Costs = decodeCosts(top.mapping("costs", "{currency: GBP, blocked_user_hour: 35}"))
	} else {
		top.known = append(top.known, "costs")
	}
	top.done()
	d.flush()
	return sc
}

func nonEmpty(what string) func(string) string {
	return func(s string) string {
		if strings.TrimSpace(s) == "" {
			return fmt.Sprintf("is empty (%s is needed)", what)
		}
		return ""
	}
}

func decodeCalendar(o *obj) Calendar {
	var c Calendar
	wh := o.mapping("working_hours", `{start: "08:00", end: "18:00"}`)
	start, ok1 := leaf(wh, "start", `"08:00"`, ParseTimeOfDay, nil)
	end, ok2 := leaf(wh, "end", `"18:00"`, ParseTimeOfDay, nil)
	if ok1 && ok2 && end <= start {
		o.d.errs.add(wh.node("end").pos, join(wh.path, "end"), "%s is not after start %s (working hours lie within one day)", end, start)
	}
	c.WorkStart, c.WorkEnd = start, end
	wh.done()

	days := o.node("working_days")
	path := join(o.path, "working_days")
	if items, ok := listOf(o, "working_days", days, "[mon, tue, wed, thu, fri]"); ok {
		var names []string
		for i, it := range items {
			w, ok := scalarValue(o.d, it, fmt.Sprintf("%s[%d]", path, i), ParseWeekday, nil)
			if !ok {
				continue
			}
			if c.WorkingDays[w] {
				o.d.errs.add(it.pos, fmt.Sprintf("%s[%d]", path, i), "%s is listed twice (each day once)", w)
			}
			c.WorkingDays[w] = true
			names = append(names, w.String())
		}
		if len(items) == 0 {
			o.d.errs.add(days.pos, path, "is empty (at least one working day, e.g. [mon, tue, wed, thu, fri])")
		}
		o.d.note(path, days, nil, false)
	}
	o.done()
	return c
}

// listOf checks that n is a list and returns its items.
func listOf(o *obj, key string, n *node, example string) ([]*node, bool) {
	d, path := o.d, join(o.path, key)
	if n == nil {
		o.missingKey(key, "missing (required, e.g. %s: %s)", key, example)
		return nil, false
	}
	if n.kind != seqNode {
		d.errs.add(n.pos, path, "%s is not allowed (a list such as %s)", n.describe(), example)
		return nil, false
	}
	return n.vals, true
}

func decodeMailbox(o *obj, cal Calendar) Mailbox {
	var m Mailbox
	m.Size = decodeSizeDist(o, "size")
	m.ItemSize, _ = leaf(o, "item_size", "75KB", ParseBytes, positiveBytes)
	m.HeaderSize, _ = leaf(o, "header_size", "4KB", ParseBytes, positiveBytes)
	t := o.mapping("traffic_per_day", "{online: 8.1MB, cached: 3.9MB, peak_factor: 2}")
	m.Traffic.Online, _ = leaf(t, "online", "8.1MB", ParseBytes, nil)
	m.Traffic.Cached, _ = leaf(t, "cached", "3.9MB", ParseBytes, nil)
	hours := (cal.WorkEnd - cal.WorkStart).Hours()
	m.Traffic.PeakFactor, _ = leaf(t, "peak_factor", "2", parseNumber, func(v float64) string {
		if v < 1 {
			return fmt.Sprintf("%s is not allowed (peak_factor ≥ 1: the peak hour carries at least the average)", formatNumber(v))
		}
		if hours >= 1 && v > hours {
			return fmt.Sprintf("%s is not allowed (peak_factor at most the %s working hours per day, or the other hours would carry negative traffic)", formatNumber(v), formatNumber(hours))
		}
		return ""
	})
	t.done()
	return m
}

// decodeSizeDist reads a size distribution: {median, p95} or a single size (fixed).
func decodeSizeDist(o *obj, key string) SizeDist {
	path := join(o.path, key)
	n := o.node(key)
	if n == nil {
		o.missingKey(key, "missing (e.g. %s: {median: 100MB, p95: 500MB})", key)
		return SizeDist{}
	}
	var s SizeDist
	switch n.kind {
	case scalarNode:
		b, ok := scalarValue(o.d, n, path, ParseBytes, nil)
		if !ok {
			return s
		}
		s = SizeDist{Median: b, P95: b}
	case mapNode:
		dist := o.d.newObj(path, n.pos, n)
		med, ok1 := leafNoNote(dist, "median", "100MB", ParseBytes)
		p95, ok2 := leafNoNote(dist, "p95", "500MB", ParseBytes)
		dist.done()
		if !ok1 || !ok2 {
			return s
		}
		if p95 < med {
			o.d.errs.add(n.get("p95").pos, join(path, "p95"), "%s is below the median %s (p95 ≥ median; equal means a fixed size)", p95, med)
			return s
		}
		if med <= 0 && p95 > med {
			o.d.errs.add(n.get("median").pos, join(path, "median"), "%s is not allowed (a lognormal needs median > 0; for a fixed size give median = p95)", med)
			return s
		}
		s = SizeDist{Median: med, P95: p95}
	default:
		o.d.errs.add(n.pos, path, "%s is not allowed (a size such as 100MB or {median: 100MB, p95: 500MB})", n.describe())
		return s
	}
	same := false
	if def := o.defaultNode(key); def != nil && def != n {
		same = sameNode(def, n)
	}
	o.d.note(path, n, o.defaultNode(key), same)
	return s
}

// sameNode reports whether two trees hold the same text (for restated defaults).
func sameNode(a, b *node) bool {
	if a.kind != b.kind || a.str != b.str || len(a.vals) != len(b.vals) {
		return false
	}
	for i := range a.vals {
		if a.kind == mapNode && a.keys[i] != b.keys[i] {
			return false
		}
		if !sameNode(a.vals[i], b.vals[i]) {
			return false
		}
	}
	return true
}

// leafNoNote reads a required scalar without recording its origin (a part of a
// value recorded whole).
func leafNoNote[T any](o *obj, key, example string, parse func(string) (T, error)) (T, bool) {
	path := join(o.path, key)
	n := o.node(key)
	if n == nil {
		var zero T
		o.missingKey(key, "missing (required, e.g. %s: %s)", key, example)
		return zero, false
	}
	return scalarValue(o.d, n, path, parse, nil)
}

// decodeDurationDist reads {median, p95} (lognormal), {min, max} (uniform) or a
// single duration (fixed).
func decodeDurationDist(o *obj, key string) (DurationDist, bool) {
	path := join(o.path, key)
	n := o.node(key)
	const example = "{median: 30m, p95: 6h} or {min: 5s, max: 60s}"
	if n == nil {
		o.missingKey(key, "missing (e.g. %s: %s)", key, example)
		return DurationDist{}, false
	}
	var out DurationDist
	switch n.kind {
	case scalarNode:
		v, ok := scalarValue(o.d, n, path, ParseDuration, positiveDuration)
		if !ok {
			return out, false
		}
		out = DurationDist{Kind: DistLognormal, Median: v, P95: v}
	case mapNode:
		dist := o.d.newObj(path, n.pos, n)
		hasLog := n.get("median") != nil || n.get("p95") != nil
		hasUni := n.get("min") != nil || n.get("max") != nil
		if hasLog && hasUni {
			o.d.errs.add(n.pos, path, "mixes median/p95 with min/max (either {median, p95}: lognormal, or {min, max}: uniform)")
			dist.known = append(dist.known, "median", "p95", "min", "max")
			dist.done()
			return out, false
		}
		if hasUni {
			lo, ok1 := leafNoNote(dist, "min", "5s", ParseDuration)
			hi, ok2 := leafNoNote(dist, "max", "60s", ParseDuration)
			dist.done()
			if !ok1 || !ok2 {
				return out, false
			}
			if hi < lo || hi <= 0 {
				o.d.errs.add(n.get("max").pos, join(path, "max"), "%s is not allowed (max ≥ min %s and > 0)", hi, lo)
				return out, false
			}
			out = DurationDist{Kind: DistUniform, Min: lo, Max: hi}
		} else {
			med, ok1 := leafNoNote(dist, "median", "30m", ParseDuration)
			p95, ok2 := leafNoNote(dist, "p95", "6h", ParseDuration)
			dist.done()
			if !ok1 || !ok2 {
				return out, false
			}
			if med <= 0 {
				o.d.errs.add(n.get("median").pos, join(path, "median"), "%s is not allowed (median must be > 0)", med)
				return out, false
			}
			if p95 < med {
				o.d.errs.add(n.get("p95").pos, join(path, "p95"), "%s is below the median %s (p95 ≥ median; equal means a fixed value)", p95, med)
				return out, false
			}
			out = DurationDist{Kind: DistLognormal, Median: med, P95: p95}
		}
	default:
		o.d.errs.add(n.pos, path, "%s is not allowed (a duration such as 30m, or %s)", n.describe(), example)
		return out, false
	}
	same := false
	if def := o.defaultNode(key); def != nil && def != n {
		same = sameNode(def, n)
	}
	o.d.note(path, n, o.defaultNode(key), same)
	return out, true
}

// decodeOutage reads an outage process: off, or {mtbf, duration}.
func decodeOutage(parent *obj, key string) Outage {
	sub, sc := parent.sub(key)
	if sc != nil {
		if sc.kind == scalarNode && strings.TrimSpace(sc.str) == "off" {
			parent.d.note(sub.path, sc, nil, false)
			return Outage{Off: true}
		}
		parent.d.errs.add(sc.pos, sub.path, "%s is not allowed (off, or a process such as {mtbf: 30d, duration: {median: 30m, p95: 6h}})", sc.describe())
		return Outage{}
	}
	var out Outage
	out.MTBF, _ = leaf(sub, "mtbf", "30d", ParseDuration, positiveDuration)
	out.Duration, _ = decodeDurationDist(sub, "duration")
	sub.done()
	return out
}

func decodeClients(o *obj) Clients {
	var c Clients
	ol := o.mapping("outlook2003", "{cached_mode: true}")
	c.Outlook2003.CachedMode, _ = leaf(ol, "cached_mode", "true", parseBool, nil)
	sl := ol.mapping("slow_link", "{threshold: 10Mbps, measured_on: path}")
	c.Outlook2003.SlowLink.Threshold, _ = leaf(sl, "threshold", "10Mbps", ParseBitRate, nil)
	c.Outlook2003.SlowLink.MeasuredOn, _ = leaf(sl, "measured_on", "path", oneOf(MeasuredOnPath, MeasuredOnAdapter), nil)
	sl.done()
	c.Outlook2003.HeaderOnlyNeeds2003, _ = leaf(ol, "header_only_needs_2003", "true", parseBool, nil)
	c.Outlook2003.CompressionWith2003, _ = leaf(ol, "compression_with_2003", "0.7", ParseFraction, positiveFraction)
	c.Outlook2003.UsableFraction, _ = leaf(ol, "usable_fraction", "0.1", ParseFraction, nil)
	c.Outlook2003.OABSize, _ = leaf(ol, "oab_size", "20MB", ParseBytes, nil)
	c.Outlook2003.ResumeNeeds2003, _ = leaf(ol, "resume_needs_2003", "true", parseBool, nil)
	ol.done()
	on := o.mapping("online", "{reconnect_penalty: 2m}")
	c.Online.ReconnectPenalty, _ = leaf(on, "reconnect_penalty", "2m", ParseDuration, nil)
	c.Online.DegradedLatency, _ = leaf(on, "degraded_latency", "150ms", ParseDuration, nil)
	on.done()
	o.done()
	return c
}

func decodeServers(o *obj) Servers {
	version := func(key string) ServerVersion {
		var v ServerVersion
		s := o.mapping(key, "{slow_fraction: 0}")
		v.Outages = decodeOutage(s, "outages")
		v.SlowFraction, _ = leaf(s, "slow_fraction", "0", ParseFraction, nil)
		v.LoadThreshold, _ = leaf(s, "load_threshold", "0.8", ParseFraction, positiveFraction)
		s.done()
		return v
	}
	var s Servers
	s.Exchange55 = version("exchange55")
	s.Exchange2003 = version("exchange2003")
	o.done()
	return s
}

// decodeLink reads a link; down and up are required unless defaulted.
func decodeLink(o *obj) Link {
	var l Link
	l.Down, _ = leaf(o, "down", "1.544Mbps", ParseBitRate, positiveRate)
	l.Up, _ = leaf(o, "up", "1.544Mbps", ParseBitRate, positiveRate)
	l.Latency, _ = leaf(o, "latency", "40ms", ParseDuration, nil)
	l.Background, _ = leaf(o, "background", "0.3", ParseFraction, below1)
	o.done()
	return l
}

func decodeDatacenter(o *obj, def *node) Datacenter {
	var dc Datacenter
	dc.Name, _ = leaf(o, "name", "DC", parseString, nonEmpty("a name"))
	dc.Link = decodeLink(o.mapping("link", "{down: 45Mbps, up: 45Mbps, latency: 2ms}"))
	path := join(o.path, "servers")
	n := o.node("servers")
	if items, ok := listOf(o, "servers", n, "[{name: EX03-A, throughput: 400Mbps}]"); ok {
		if len(items) == 0 {
			o.d.errs.add(n.pos, path, "is empty (at least one Exchange 2003 server, e.g. [{name: EX03-A}])")
		}
		elemDef := def.get("datacenter").get("server")
		seen := map[string]Pos{}
		for i, it := range items {
			ipath := fmt.Sprintf("%s[%d]", path, i)
			if it.kind != mapNode {
				o.d.errs.add(it.pos, ipath, "%s is not allowed (a server such as {name: EX03-A, throughput: 400Mbps})", it.describe())
				continue
			}
			if nm := it.get("name"); nm != nil && nm.kind == scalarNode && nm.str != "" && !strings.Contains(nm.str, ".") {
				ipath = join(path, nm.str)
			}
			so := o.d.newObj(ipath, it.pos, it, elemDef)
			var s Server
			s.Name, _ = leaf(so, "name", "EX03-A", parseString, nonEmpty("a server name"))
			if p, dup := seen[s.Name]; dup && s.Name != "" {
				o.d.errs.add(it.get("name").pos, join(ipath, "name"), "%q is used twice (server names are unique; first at %s)", s.Name, p)
			} else if s.Name != "" {
				seen[s.Name] = it.get("name").pos
			}
			s.Throughput, _ = leaf(so, "throughput", "400Mbps", ParseBitRate, positiveRate)
			s.ConcurrentMoves, _ = leaf(so, "concurrent_moves", "4", parseInt, intRange(1, 1000, "moves at once"))
			so.done()
			dc.Servers = append(dc.Servers, s)
		}
	}
	o.done()
	return dc
}

// decodeSites reads the sites list, each site layered over site_defaults and the
// built-in site defaults, and resolves served_by.
func decodeSites(top *obj, root, sdUser, def *node, cal Calendar) []Site {
	d := top.d
	n := top.node("sites")
	items, ok := listOf(top, "sites", n, "[{name: HQ, users: 1200, wan: {down: 10Mbps, up: 10Mbps}}]")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.errs.add(n.pos, "sites", "is empty (at least one site, e.g. [{name: HQ, users: 1200, wan: {down: 10Mbps, up: 10Mbps}}])")
		return nil
	}
	var sites []Site
	var nodes []*node
	var paths []string
	seen := map[string]Pos{}
	for i, it := range items {
		ipath := fmt.Sprintf("sites[%d]", i)
		if it.kind != mapNode {
			d.errs.add(it.pos, ipath, "%s is not allowed (a site such as {name: Leeds, users: 240, wan: {down: 1.544Mbps, up: 1.544Mbps}})", it.describe())
			continue
		}
		if nm := it.get("name"); nm != nil && nm.kind == scalarNode && nm.str != "" && !strings.Contains(nm.str, ".") {
			ipath = "sites." + nm.str
		}
		so := d.newObj(ipath, it.pos, it, sdUser, def.get("site_defaults"))
		s := decodeSite(so, []*node{it.get("mailbox"), sdUser.get("mailbox"), root.get("mailbox"), def.get("mailbox")}, false, cal)
		if s.Name != "" {
			if p, dup := seen[s.Name]; dup {
				d.errs.add(it.get("name").pos, join(ipath, "name"), "%q is used twice (site names are unique; first at %s)", s.Name, p)
			} else {
				seen[s.Name] = it.get("name").pos
			}
		}
		sites = append(sites, s)
		nodes = append(nodes, it)
		paths = append(paths, ipath)
	}
	resolveServedBy(d, sites, nodes, paths)
	return sites
}

// resolveServedBy applies the rule: a site with a local server is served by
// itself; a site without one is served by the site named in served_by, which must
// have a local server, or by default by the first site in the file with a local
// server (typically HQ).
func resolveServedBy(d *decoder, sites []Site, nodes []*node, paths []string) {
	first := ""
	var names []string
	index := map[string]int{}
	for i, s := range sites {
		names = append(names, s.Name)
		if _, dup := index[s.Name]; !dup {
			index[s.Name] = i
		}
		if s.LocalServer && first == "" {
			first = s.Name
		}
	}
	for i := range sites {
		s := &sites[i]
		path := paths[i]
		own := nodes[i].get("served_by")
		if s.LocalServer {
			if own != nil && own.kind == scalarNode && own.str != s.Name {
				d.errs.add(own.pos, join(path, "served_by"), "%q is not allowed: this site has local_server: true and is served by its own server (remove served_by, or set local_server: false)", own.str)
			}
			s.ServedBy = s.Name
			if d.record {
				d.origins[join(path, "served_by")] = origin{defaulted: own == nil, source: "rule: a site with a local server serves itself"}
			}
			continue
		}
		if s.ServedBy == "" {
			if first == "" {
				d.errs.add(nodes[i].pos, join(path, "served_by"), "no site has a local server to serve this site (rule: a site without a local server is served by the first site with local_server: true, or the one named in served_by)")
				continue
			}
			s.ServedBy = first
			if d.record {
				d.origins[join(path, "served_by")] = origin{defaulted: true, source: "rule: the first site with a local server"}
			}
			continue
		}
		at := nodes[i].pos
		if own != nil {
			at = own.pos
		}
		host, found := index[s.ServedBy]
		if !found {
			host = -1
		}
		switch {
		case host < 0:
			d.errs.add(at, join(path, "served_by"), "no site named %q (%s)", s.ServedBy, didYouMean(s.ServedBy, names))
		case !sites[host].LocalServer:
			d.errs.add(at, join(path, "served_by"), "site %q has no local server (served_by names a site with local_server: true)", s.ServedBy)
		}
	}
}

// decodeSite reads one site (or site_defaults itself when isDefaults).
func decodeSite(o *obj, mailboxLayers []*node, isDefaults bool, cal Calendar) Site {
	var s Site
	if !isDefaults {
		s.Name, _ = leaf(o, "name", "Leeds", parseString, nonEmpty("a site name"))
		s.Users, _ = leaf(o, "users", "240", parseInt, intRange(1, maxUsers, "users at the site"))
	} else {
		o.known = append(o.known, "users")
		if o.layers[0].get("users") != nil {
			s.Users, _ = leaf(o, "users", "", parseInt, intRange(1, maxUsers, "users at the site"))
		}
	}
	s.LAN, _ = leaf(o, "lan", "100Mbps", ParseBitRate, positiveRate)
	s.Adapter, _ = leaf(o, "adapter", "100Mbps", ParseBitRate, positiveRate)
	s.ServerThroughput, _ = leaf(o, "server_throughput", "100Mbps", ParseBitRate, positiveRate)
	wan := o.mapping("wan", "{down: 1.544Mbps, up: 1.544Mbps, latency: 40ms}")
	if isDefaults {
		// Down and up are per site; site_defaults may give them but need not.
		if wan.node("down") != nil {
			s.WAN.Down, _ = leaf(wan, "down", "", ParseBitRate, positiveRate)
		}
		if wan.node("up") != nil {
			s.WAN.Up, _ = leaf(wan, "up", "", ParseBitRate, positiveRate)
		}
		s.WAN.Latency, _ = leaf(wan, "latency", "40ms", ParseDuration, nil)
		s.WAN.Background, _ = leaf(wan, "background", "0.3", ParseFraction, below1)
		wan.done()
	} else {
		s.WAN = decodeLink(wan)
	}
	s.LocalServer, _ = leaf(o, "local_server", "true", parseBool, nil)
	s.ServedBy, _ = leaf(o, "served_by", "", parseString, nonEmpty("a site name"))
	ru := o.mapping("remote_users", "{count: 60, link: 128kbps, latency: 200ms}")
	count, okc := leaf(ru, "count", "0", parseInt, intRange(0, maxUsers, "remote users"))
	if okc && s.Users > 0 && count > s.Users {
		ru.d.errs.add(ru.node("count").pos, join(ru.path, "count"), "%d exceeds the site's %d users (remote users are counted within users)", count, s.Users)
	}
	s.RemoteUsers.Count = count
	s.RemoteUsers.Link, _ = leaf(ru, "link", "128kbps", ParseBitRate, positiveRate)
	s.RemoteUsers.Latency, _ = leaf(ru, "latency", "200ms", ParseDuration, nil)
	ru.done()

	o.known = append(o.known, "mailbox")
	if mn := o.layers[0].get("mailbox"); mn != nil && mn.kind != mapNode {
		o.d.errs.add(mn.pos, join(o.path, "mailbox"), "%s is not allowed (a mapping such as {size: {median: 150MB, p95: 900MB}})", mn.describe())
	}
	mb := o.d.newObj(join(o.path, "mailbox"), o.pos, mailboxLayers...)
	s.Mailbox = decodeMailbox(mb, cal)
	mb.done()

	out := o.mapping("outages", "{wan: off, blips: off}")
	s.Outages.WAN = decodeOutage(out, "wan")
	s.Outages.Blips = decodeOutage(out, "blips")
	out.done()
	o.done()
	return s
}

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
	o.done()
	return r
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
	dn.DegradedWeight, _ = leaf(o, "degraded_weight", "0.25", parseNumber, floatMin(0, "degraded_weight"))
	o.done()
	return dn
}

func decodeCosts(o *obj) *Costs {
	c := &Costs{}
	c.Currency, _ = leaf(o, "currency", "GBP", parseString, nonEmpty("a currency"))
	c.BlockedUserHour, _ = leaf(o, "blocked_user_hour", "35", parseNumber, floatMin(0, "a cost"))
	c.TrainingPerUser, _ = leaf(o, "training_per_user", "20", parseNumber, floatMin(0, "a cost"))
	c.DeploymentPhase, _ = leaf(o, "deployment_phase", "15000", parseNumber, floatMin(0, "a cost"))
	c.OfficeDeployment, _ = leaf(o, "office_deployment", "separate", oneOf(OfficeCombined, OfficeSeparate), nil)
	o.done()
	return c
}

// dateOf formats a date for messages and the resolved scenario.
func dateOf(t time.Time) string { return t.Format("2006-01-02") }
