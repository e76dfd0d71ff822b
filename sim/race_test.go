//go:build race

package sim

// raceEnabled shortens the long statistical tests under the race detector,
// which slows the single-threaded engine about tenfold and has nothing to find
// there; their exact invariants (Little's law, conservation) are still checked.
const raceEnabled = true
