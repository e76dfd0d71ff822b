// Package echarts embeds Apache ECharts (dist/echarts.min.js from the npm package
// "echarts", Apache License 2.0, see LICENSE and NOTICE) so that reports can inline
// it and open offline. The files are fetched and verified by fetch.sh and never
// edited by hand; VERSION holds the exact version and SHA256SUMS the checksums.
package echarts

import (
	_ "embed"
	"strings"
)

//go:generate sh fetch.sh

// MinJS is the minified ECharts library, to be inlined into an HTML page.
//
//go:embed echarts.min.js
var MinJS string

//go:embed VERSION
var version string

//go:embed SHA256SUMS
var sums string

// Version is the exact ECharts version of MinJS, e.g. "6.1.0".
func Version() string { return strings.TrimSpace(version) }

// SHA256 is the hex SHA-256 of MinJS as recorded in SHA256SUMS when it was fetched.
func SHA256() string {
	for _, line := range strings.Split(sums, "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[1] == "echarts.min.js" {
			return f[0]
		}
	}
	return ""
}
