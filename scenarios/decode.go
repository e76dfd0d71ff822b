package scenarios

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Limits that keep a scenario within what the simulator can hold in memory.
const (
	maxUsers        = 10_000_000 // users per site
	maxReplications = 100_000
	maxBuckets      = 1_000_000 // horizon / bucket
	maxHorizon      = Duration(100 * 365 * 86400)
)

// MaxReplications is the most replications a run may ask for, in a file or on the
// command line.
const MaxReplications = maxReplications

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
	sc.Servers = decodeServers(top.mapping("servers", "{exchange55: {rpc_latency: 10ms}}"))
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
	checkServerSites(d, root, sc.Sites)
	sc.Rollout = decodeRollout(top.mapping("rollout", "{orderings: [clients-first, servers-first]}"), sc.Sites)
	sc.Simulation = decodeSimulation(top.mapping("simulation", "{replications: 30}"), sc.Horizon)
	sc.Decision = decodeDecision(top.mapping("decision", "{min_relative_difference: 0.01}"))
	if c := root.get("costs"); c != nil {
		sc.Costs = decodeCosts(top.mapping("costs", "{currency: GBP, user_hour: 35}"))
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
		for i, r := range s {
			// C0 and C1 controls and DEL: an escape sequence in a name would reach
			// terminals, and a line break would split a CSV row or a log line.
			if r < 0x20 || r >= 0x7f && r < 0xa0 {
				return fmt.Sprintf("contains the control character U+%04X at character %d (%s is plain text)", r, utf8.RuneCountInString(s[:i])+1, what)
			}
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
	if n := ol.node("oab_size"); n != nil && n.kind == scalarNode && strings.TrimSpace(n.str) == "auto" {
		c.Outlook2003.OABAuto = true
		ol.d.note(join(ol.path, "oab_size"), n, ol.defaultNode("oab_size"), false)
	} else {
		c.Outlook2003.OABSize, _ = leaf(ol, "oab_size", "20MB", ParseBytes, nil)
	}
	c.Outlook2003.OABPer1000Recipients, _ = leaf(ol, "oab_per_1000_recipients", "1MB", ParseBytes, nil)
	c.Outlook2003.ResumeNeeds2003, _ = leaf(ol, "resume_needs_2003", "true", parseBool, nil)
	c.Outlook2003.RestartUnit, _ = leaf(ol, "restart_unit", "folder", oneOf(RestartFolder, RestartMailbox), nil)
	c.Outlook2003.SyncFolders, _ = leaf(ol, "sync_folders", "20", parseInt, intRange(1, 100000, "folders per mailbox"))
	c.Outlook2003.OSTFormat, _ = leaf(ol, "ost_format", "keep", oneOf(OSTKeepFormat, OSTUnicode), nil)
	c.Outlook2003.ExistingOSTShare, _ = leaf(ol, "existing_ost_share", "0", ParseFraction, nil)
	c.Outlook2003.ExistingOSTDelta, _ = leaf(ol, "existing_ost_delta", "0.05", ParseFraction, nil)
	c.Outlook2003.SyncRate, _ = leaf(ol, "sync_rate", "1GB/h", ParseBitRate, positiveRate)
	c.Outlook2003.BodyFetchShare, _ = leaf(ol, "body_fetch_share", "0.5", ParseFraction, nil)
	c.Outlook2003.DisconnectedShare, _ = leaf(ol, "disconnected_share", "0.1", ParseFraction, nil)
	ol.done()
	on := o.mapping("online", "{reconnect_penalty: 2m}")
	c.Online.ReconnectPenalty, _ = leaf(on, "reconnect_penalty", "2m", ParseDuration, nil)
	c.Online.ActionsPerDay, _ = leaf(on, "actions_per_day", "160", parseNumber, floatRange(0, 100000, "actions per working day"))
	c.Online.RoundTripsPerAction, _ = leaf(on, "round_trips_per_action", "5", parseNumber, floatRange(0, 1000, "round trips per action"))
	c.Online.AcceptedResponse, _ = leaf(on, "accepted_response", "1s", ParseDuration, nil)
	c.Online.HangThreshold, _ = leaf(on, "hang_threshold", "5s", ParseDuration, nil)
	if c.Online.HangThreshold < c.Online.AcceptedResponse {
		pos := on.pos
		if n := on.node("hang_threshold"); n != nil {
			pos = n.pos
		}
		on.d.errs.add(pos, join(on.path, "hang_threshold"), "%s is shorter than accepted_response %s (a hang is an action far beyond what users accept)", c.Online.HangThreshold, c.Online.AcceptedResponse)
	}
	on.done()
	o.done()
	return c
}

func decodeServers(o *obj) Servers {
	version := func(key string) ServerVersion {
		var v ServerVersion
		s := o.mapping(key, "{rpc_latency: 10ms}")
		v.Outages = decodeOutage(s, "outages")
		v.RPCLatency, _ = leaf(s, "rpc_latency", "10ms", ParseDuration, nil)
		v.IOPSPerUser, _ = leaf(s, "iops_per_user", "0.75", parseNumber, floatRange(0, 1000, "IOPS per user"))
		v.DiskIOPSPerUser, _ = leaf(s, "disk_iops_per_user", "1.5", parseNumber, floatRange(0.001, 1000, "disk IOPS per mailbox"))
		v.ConcurrentSyncs, _ = leaf(s, "concurrent_syncs", "50", parseInt, intRange(0, 1000000, "syncs at once (0: no limit)"))
		s.done()
		return v
	}
	var s Servers
	s.Exchange55 = version("exchange55")
	s.Exchange2003 = version("exchange2003")
	o.done()
	return s
}

// decodeLink reads a link; down and up are required unless defaulted, or read only
// when given with ratesOptional (site_defaults: a site gives its own rates).
func decodeLink(o *obj, ratesOptional bool) Link {
	var l Link
	if !ratesOptional || o.node("down") != nil {
		l.Down, _ = leaf(o, "down", "1.544Mbps", ParseBitRate, positiveRate)
	}
	if !ratesOptional || o.node("up") != nil {
		l.Up, _ = leaf(o, "up", "1.544Mbps", ParseBitRate, positiveRate)
	}
	l.Latency, _ = leaf(o, "latency", "40ms", ParseDuration, nil)
	l.Background, _ = leaf(o, "background", "0.3", ParseFraction, below1)
	o.done()
	return l
}
