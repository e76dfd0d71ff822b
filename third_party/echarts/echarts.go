// Package echarts embeds Apache ECharts (Apache License 2.0, see LICENSE and
// NOTICE) so that reports can inline it and open offline. echarts.report.min.js is
// the part of the npm package "echarts" that reports use (the chart types and
// components in entry.js, with ZRender and tslib, see LICENSE-zrender and
// LICENSE-tslib), bundled by esbuild; echarts.min.js is the package's full
// dist/echarts.min.js, kept for the browser test's baseline report. The files are
// fetched, built and verified by fetch.sh and never edited by hand; VERSION holds
// the exact version and SHA256SUMS the checksums.
package echarts

import (
	_ "embed"
	"strings"
)

//go:generate sh fetch.sh

// MinJS is the minified ECharts bundle the reports use, to be inlined into an HTML
// page. It defines the global echarts with the same API as the full build.
//
//go:embed echarts.report.min.js
var MinJS string

//go:embed VERSION
var version string

//go:embed SHA256SUMS
var sums string

// Version is the exact ECharts version of MinJS, e.g. "6.1.0".
func Version() string { return strings.TrimSpace(version) }

// SHA256 is the hex SHA-256 of MinJS as recorded in SHA256SUMS when it was built.
func SHA256() string { return sumOf("echarts.report.min.js") }

// sumOf returns the hex SHA-256 that SHA256SUMS records for the named file, or "".
func sumOf(name string) string {
	for _, line := range strings.Split(sums, "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[1] == name {
			return f[0]
		}
	}
	return ""
}
