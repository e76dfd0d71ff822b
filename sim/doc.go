// Package sim is a discrete-event simulation engine: a clock, an event calendar,
// named random streams, a fluid-flow network and a replication runner. It knows
// nothing of e-mail.
package sim
