// Package reports turns replications into decisions: statistics over replications,
// paired comparison of orderings, the recommendation, and the HTML, CSV, JSON and
// text outputs.
package reports
