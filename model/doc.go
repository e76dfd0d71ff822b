// Package model is the migration world: sites, users, clients, servers, links,
// outages and the two orderings, built on the sim engine. Run simulates one
// replication of one ordering of a resolved scenario and returns its Result.
package model
