// Package scenarios reads, validates and resolves scenario files: the YAML format
// planners write to describe their organization, its units, its defaults, and the
// built-in example scenarios.
package scenarios
