package main

import (
	"fmt"
	"io"

	"github.com/rollout-sim/rollout/scenarios"
)

// helpTopic is a page of 'rollout help TOPIC' that is not a command.
type helpTopic struct {
	summary string
	print   func(w io.Writer)
}

// topics are the help pages beside the commands.
var topics = map[string]helpTopic{
	"scenario": {
		summary: "The scenario file format: units, keys, defaults, overrides (a commented example).",
		print:   printScenarioFormat,
	},
}

// printScenarioFormat is 'rollout help scenario': the rules of the format, then the
// commented starter scenario, which names every section and key with its unit.
func printScenarioFormat(w io.Writer) {
	fmt.Fprint(w, `The scenario format

A scenario is a YAML file describing one organization: its sites, links, servers,
mailboxes and the rollout plan. 'rollout init' writes the commented starter below to
edit; 'rollout validate FILE' checks it and reports every problem as FILE:LINE:COL.

Units are written in the value:
  sizes       75KB, 1.5GB (KB/MB/GB = 1000-based; KiB/MiB/GiB = 1024-based)
  rates       128kbps, 1.544Mbps (bits per second), or a volume per time: 2GB/h
  durations   45s, 30m, 6h, 14d, 1h30m
  times       "08:00" (quoted: YAML would read 08:00 as a number)
  fractions   0.3 or 30%
A bare number where a unit is needed is an error that shows an example.

Distributions: a size or duration may be {median: X, p95: Y} (lognormal through the two
points), a duration also {min: X, max: Y} (uniform); one value is fixed. Any outage
process (a site's wan or blips, a server version's outages) is switched off with 'off'.

Defaults and inheritance: a key left out takes its default (each with its published
source or marked assumed). A site's values come from the site, then site_defaults,
then the built-in defaults; a site's mailbox also inherits the organization's mailbox.
A site without a local server is served by served_by, or by the first site with
local_server: true. 'rollout scenarios show FILE --resolved' prints every value in
force, marking the defaults; the report lists the assumptions in force.

Overrides: --set PATH=VALUE uses the file's keys, e.g. rollout.clients.users_per_day=300
or sites.Leeds.wan.down=512kbps; sites and datacenter.servers are chosen by name, by
index (sites.0) or all at once (sites.*). VALUE is YAML and is validated like the file.

Built-in scenarios ('rollout scenarios' lists them) are complete examples:
'rollout scenarios show branch-consolidation'.

The starter scenario ('rollout init'):

`)
	w.Write(scenarios.Starter())
}
