package reports

import "github.com/rollout-sim/rollout/scenarios"

// reportOrderings and reportAssumptions convert a scenario's orderings and
// assumptions for a Config, as package experiment does (reports does not import
// scenarios; its tests load real scenarios).
func reportOrderings(os []scenarios.Ordering) []Ordering {
	out := make([]Ordering, len(os))
	for i, o := range os {
		out[i] = Ordering(o)
	}
	return out
}

func reportAssumptions(as []scenarios.Assumption) []Assumption {
	out := make([]Assumption, len(as))
	for i, a := range as {
		out[i] = Assumption(a)
	}
	return out
}
