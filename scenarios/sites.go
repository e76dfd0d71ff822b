package scenarios

// This file decodes the datacenter and the sites, and resolves which server holds
// each site's mailboxes.

import (
	"fmt"
	"strings"
)

func decodeDatacenter(o *obj, def *node) Datacenter {
	var dc Datacenter
	dc.Name, _ = leaf(o, "name", "DC", parseString, nonEmpty("a name"))
	dc.Link = decodeLink(o.mapping("link", "{down: 45Mbps, up: 45Mbps, latency: 2ms}"), false)
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
			s.Site, _ = leaf(so, "site", "", parseString, nonEmpty("a site name"))
			so.done()
			dc.Servers = append(dc.Servers, s)
		}
	}
	dc.Outages = decodeOutage(o, "outages")
	o.done()
	return dc
}

// checkServerSites reports a datacenter server whose site names no site, at the
// position of its site key.
func checkServerSites(d *decoder, root *node, sites []Site) {
	names := map[string]bool{}
	var list []string
	for _, s := range sites {
		names[s.Name] = true
		list = append(list, s.Name)
	}
	var items []*node
	if n := root.get("datacenter").get("servers"); n != nil && n.kind == seqNode {
		items = n.vals
	}
	for i, it := range items {
		at := it.get("site")
		if at == nil || at.kind != scalarNode || at.str == "" || names[at.str] {
			continue
		}
		name := ""
		if nm := it.get("name"); nm != nil && nm.kind == scalarNode {
			name = nm.str
		}
		d.errs.add(at.pos, join(itemPath("datacenter.servers", name, i), "site"), "%q is not a site (the server stands at one of: %s; leave site out for the datacenter)", at.str, strings.Join(list, ", "))
	}
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
				how := "local_server: true"
				if nodes[i].get("local_server") == nil {
					how = "local_server: true (not set here: site_defaults or the default)"
				}
				d.errs.add(own.pos, join(path, "served_by"), "%q is not allowed: this site has %s and is served by its own server (remove served_by, or set local_server: false)", own.str, how)
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
		// The name is the site's own: never inherited from site_defaults.
		if o.layers[0].get("name") == nil {
			o.known = append(o.known, "name")
			o.missingKey("name", "missing (required, e.g. name: Leeds)")
		} else {
			s.Name, _ = leaf(o, "name", "Leeds", parseString, nonEmpty("a site name"))
		}
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
	// down and up are per site; site_defaults may give them but need not
	s.WAN = decodeLink(wan, isDefaults)
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
	s.RemoteUsers.Outages = decodeOutage(ru, "outages")
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
