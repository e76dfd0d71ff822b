package reports

import "github.com/rollout-sim/rollout/model"

// This file is where reports reads the model's metric catalogue: every other file
// names a model metric by its catalogue ID (model.MetricWANGigabytes, …), never by its
// key, so a renamed key needs no edit here and a removed metric fails to compile.

// keyOf returns the key under which metric id appears in scalars and outputs.
func keyOf(id model.MetricID) string { return model.Key(id) }

// keysOf returns the keys of ids, in order.
func keysOf(ids ...model.MetricID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = keyOf(id)
	}
	return out
}

// defOf returns the catalogue definition of key; ok is false for a key the catalogue
// does not have (KeyDisruption, or a key of another model version).
func defOf(key string) (model.MetricDef, bool) { return model.Lookup(key) }

// idOf returns the catalogue ID of key, model.NoTotal when it has none.
func idOf(key string) model.MetricID {
	if d, ok := defOf(key); ok {
		return d.ID
	}
	return model.NoTotal
}

// isPartOf reports whether key is one part (a cause or class) of total.
func isPartOf(key string, total model.MetricID) bool {
	d, ok := defOf(key)
	return ok && d.PartOf == total
}

// disruptionFamily returns the disruption family of key and whether key is one of the
// score's components: a cause part of a family's total, or a total that has no parts
// (waiting). Totals with parts are not components: their parts are.
func disruptionFamily(key string) (model.Family, bool) {
	d, ok := defOf(key)
	if !ok || d.Family == model.FamilyNone {
		return model.FamilyNone, false
	}
	return d.Family, d.PartOf != model.NoTotal || len(model.Parts(d.ID)) == 0
}

// disruptionOf is the disruption of one result in user-hours: Σ over the families'
// totals, in catalogue order (blocked + waiting + degraded). Every family is already a
// share of a working hour the user could not work, beyond the end state, so no weight
// converts one into another.
func disruptionOf(r *model.Result) float64 {
	var s float64
	for _, d := range model.Catalogue() {
		if d.Family != model.FamilyNone && d.PartOf == model.NoTotal {
			s += r.Value(d.ID)
		}
	}
	return s
}

// lowerIsBetterKey is the catalogue's direction of key; true for a key it does not have.
func lowerIsBetterKey(key string) bool {
	if d, ok := defOf(key); ok {
		return d.LowerIsBetter
	}
	return true
}

// Disruption is a replication's disruption score (KeyDisruption, user-hours), as the
// aggregator computes it, for experiments that rerun single replications.
func Disruption(r *model.Result) float64 { return disruptionOf(r) }
