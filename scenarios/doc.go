// Package scenarios reads, validates and resolves scenario files: the YAML format
// planners write to describe their organization, its units, its defaults, and the
// built-in example scenarios.
//
// # Use
//
//	sc, err := scenarios.Load("my-org.yaml", []string{"sites.Leeds.wan.down=512kbps"})
//	if err != nil {
//		fmt.Fprintln(os.Stderr, err) // every problem: FILE:LINE:COL: path: message
//		os.Exit(2)
//	}
//
// Load takes a built-in name (see Builtins; DefaultScenario when empty) or a file
// path, applies --set overrides, and returns a *Scenario in which every value is
// resolved: the model reads it and never invents a default. Problems come back as
// one *ErrorList holding every error found in one pass.
//
// # Format
//
// scenarios/builtin/branch-consolidation.yaml (the built-in branch-consolidation) is the
// reference. Values carry their units (75KB, 1.544Mbps, 2GB/h, 1h30m, "08:00",
// 0.3 or 30%); a bare number where a unit is needed is an error that shows an
// example. Unknown keys are errors naming the nearest valid key. A size or
// duration distribution is {median, p95} (lognormal; equal values are fixed), a
// duration distribution may be {min, max} (uniform), and either may be written as
// one value (fixed). Any outage process takes the value off.
//
// # Defaults and inheritance
//
// Every default, with its published source or "assumed", is in one table
// (defaults.go). A value is looked up in layers: for a site, the site itself, then
// site_defaults, then the built-in site defaults; a site's mailbox also inherits
// the organization's mailbox. A site without a local server is served by the site
// named in served_by, or else by the first site in the file with local_server:
// true. Scenario.Assumptions lists every value in force with its source;
// Scenario.ResolvedYAML prints them all, marking the defaults.
//
// # Overrides
//
// --set PATH=VALUE uses the file's keys: rollout.clients.users_per_day=300,
// sites.Leeds.wan.down=512kbps; entries of sites and datacenter.servers are chosen
// by name, by index (sites.0) or all at once (sites.*). VALUE is YAML (off,
// [servers-first], {median: 1h, p95: 4h}) and is validated like the file; errors
// are positioned as --set:N:COL (the N-th override, the column in PATH=VALUE).
//
// # Parsing
//
// YAML is parsed with github.com/goccy/go-yaml because its AST keeps the line and
// column of every token (gopkg.in/yaml.v3 does too, but is unmaintained). The AST
// is converted into a small positioned tree and decoded by hand rather than with
// struct tags, so that one pass can report every error with its position, offer
// the nearest valid key, and stack the default layers.
package scenarios
