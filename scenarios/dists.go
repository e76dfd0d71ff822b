package scenarios

// This file decodes distributions (sizes, durations) and outage processes.

import (
	"strings"
)

// decodeSizeDist reads a size distribution: {median, p95} or a single size (fixed).
func decodeSizeDist(o *obj, key string) SizeDist {
	path := join(o.path, key)
	n := o.node(key)
	if n == nil {
		o.missingKey(key, "missing (e.g. %s: {median: 100MB, p95: 500MB})", key)
		return SizeDist{}
	}
	var s SizeDist
	switch n.kind {
	case scalarNode:
		b, ok := scalarValue(o.d, n, path, ParseBytes, nil)
		if !ok {
			return s
		}
		s = SizeDist{Median: b, P95: b}
	case mapNode:
		dist := o.d.newObj(path, n.pos, n)
		med, ok1 := leafNoNote(dist, "median", "100MB", ParseBytes)
		p95, ok2 := leafNoNote(dist, "p95", "500MB", ParseBytes)
		dist.done()
		if !ok1 || !ok2 {
			return s
		}
		if p95 < med {
			o.d.errs.add(n.get("p95").pos, join(path, "p95"), "%s is below the median %s (p95 ≥ median; equal means a fixed size)", p95, med)
			return s
		}
		if med <= 0 && p95 > med {
			o.d.errs.add(n.get("median").pos, join(path, "median"), "%s is not allowed (a lognormal needs median > 0; for a fixed size give median = p95)", med)
			return s
		}
		s = SizeDist{Median: med, P95: p95}
	default:
		o.d.errs.add(n.pos, path, "%s is not allowed (a size such as 100MB or {median: 100MB, p95: 500MB})", n.describe())
		return s
	}
	same := false
	if def := o.defaultNode(key); def != nil && def != n {
		same = sameNode(def, n)
	}
	o.d.note(path, n, o.defaultNode(key), same)
	return s
}

// sameNode reports whether two trees hold the same text (for restated defaults).
func sameNode(a, b *node) bool {
	if a.kind != b.kind || a.str != b.str || len(a.vals) != len(b.vals) {
		return false
	}
	for i := range a.vals {
		if a.kind == mapNode && a.keys[i] != b.keys[i] {
			return false
		}
		if !sameNode(a.vals[i], b.vals[i]) {
			return false
		}
	}
	return true
}

// leafNoNote reads a required scalar without recording its origin (a part of a
// value recorded whole).
func leafNoNote[T any](o *obj, key, example string, parse func(string) (T, error)) (T, bool) {
	path := join(o.path, key)
	n := o.node(key)
	if n == nil {
		var zero T
		o.missingKey(key, "missing (required, e.g. %s: %s)", key, example)
		return zero, false
	}
	return scalarValue(o.d, n, path, parse, nil)
}

// decodeDurationDist reads {median, p95} (lognormal), {min, max} (uniform) or a
// single duration (fixed).
func decodeDurationDist(o *obj, key string) (DurationDist, bool) {
	path := join(o.path, key)
	n := o.node(key)
	const example = "{median: 30m, p95: 6h} or {min: 5s, max: 60s}"
	if n == nil {
		o.missingKey(key, "missing (e.g. %s: %s)", key, example)
		return DurationDist{}, false
	}
	var out DurationDist
	switch n.kind {
	case scalarNode:
		v, ok := scalarValue(o.d, n, path, ParseDuration, positiveDuration)
		if !ok {
			return out, false
		}
		out = DurationDist{Kind: DistLognormal, Median: v, P95: v}
	case mapNode:
		dist := o.d.newObj(path, n.pos, n)
		hasLog := n.get("median") != nil || n.get("p95") != nil
		hasUni := n.get("min") != nil || n.get("max") != nil
		if hasLog && hasUni {
			o.d.errs.add(n.pos, path, "mixes median/p95 with min/max (either {median, p95}: lognormal, or {min, max}: uniform)")
			dist.known = append(dist.known, "median", "p95", "min", "max")
			dist.done()
			return out, false
		}
		if hasUni {
			lo, ok1 := leafNoNote(dist, "min", "5s", ParseDuration)
			hi, ok2 := leafNoNote(dist, "max", "60s", ParseDuration)
			dist.done()
			if !ok1 || !ok2 {
				return out, false
			}
			if hi < lo || hi <= 0 {
				o.d.errs.add(n.get("max").pos, join(path, "max"), "%s is not allowed (max ≥ min %s and > 0)", hi, lo)
				return out, false
			}
			out = DurationDist{Kind: DistUniform, Min: lo, Max: hi}
		} else {
			med, ok1 := leafNoNote(dist, "median", "30m", ParseDuration)
			p95, ok2 := leafNoNote(dist, "p95", "6h", ParseDuration)
			dist.done()
			if !ok1 || !ok2 {
				return out, false
			}
			if med <= 0 {
				o.d.errs.add(n.get("median").pos, join(path, "median"), "%s is not allowed (median must be > 0)", med)
				return out, false
			}
			if p95 < med {
				o.d.errs.add(n.get("p95").pos, join(path, "p95"), "%s is below the median %s (p95 ≥ median; equal means a fixed value)", p95, med)
				return out, false
			}
			out = DurationDist{Kind: DistLognormal, Median: med, P95: p95}
		}
	default:
		o.d.errs.add(n.pos, path, "%s is not allowed (a duration such as 30m, or %s)", n.describe(), example)
		return out, false
	}
	same := false
	if def := o.defaultNode(key); def != nil && def != n {
		same = sameNode(def, n)
	}
	o.d.note(path, n, o.defaultNode(key), same)
	return out, true
}

// decodeOutage reads an outage process: off, or {mtbf, duration}.
func decodeOutage(parent *obj, key string) Outage {
	sub, sc := parent.sub(key)
	if sc != nil {
		if sc.kind == scalarNode && strings.TrimSpace(sc.str) == "off" {
			parent.d.note(sub.path, sc, nil, false)
			return Outage{Off: true}
		}
		parent.d.errs.add(sc.pos, sub.path, "%s is not allowed (off, or a process such as {mtbf: 30d, duration: {median: 30m, p95: 6h}})", sc.describe())
		return Outage{}
	}
	var out Outage
	out.MTBF, _ = leaf(sub, "mtbf", "30d", ParseDuration, positiveDuration)
	out.Duration, _ = decodeDurationDist(sub, "duration")
	sub.done()
	return out
}
