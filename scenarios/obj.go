package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// origin records where a value in force came from, for Assumptions and ResolvedYAML.
type origin struct {
	defaulted bool   // taken from the built-in defaults
	source    string // published citation, "assumed", or the file it was written in
}

// decoder turns layered trees into a Scenario, collecting every error.
type decoder struct {
	errs     *ErrorList
	origins  map[string]origin
	record   bool     // record origins (off while checking site_defaults on its own)
	setPaths []string // the PATH of each --set, for suggestions
	pending  []*missing
}

// missing is a required key not found; it is reported at the end unless an
// unknown key in the same mapping is a typo for it (then that typo is the error).
type missing struct {
	o         *obj
	key       string
	pos       Pos
	path, msg string
	cancelled bool
}

// missingKey defers a "missing" error for key in o.
func (o *obj) missingKey(key string, format string, args ...any) {
	o.d.pending = append(o.d.pending, &missing{o: o, key: key, pos: o.pos, path: join(o.path, key), msg: fmt.Sprintf(format, args...)})
}

// flush reports the missing keys that no typo explains.
func (d *decoder) flush() {
	for _, m := range d.pending {
		if !m.cancelled {
			d.errs.add(m.pos, m.path, "%s", m.msg)
		}
	}
	d.pending = nil
}

// obj is a mapping seen through layers, most specific first: a key is read from
// the first layer that has it. The last layer is usually the built-in defaults.
type obj struct {
	d      *decoder
	path   string
	layers []*node
	pos    Pos // where a missing key is reported
	known  []string
}

// newObj builds an obj from mapping layers (nil layers are skipped).
func (d *decoder) newObj(path string, pos Pos, layers ...*node) *obj {
	o := &obj{d: d, path: path, pos: pos}
	for _, l := range layers {
		if l != nil && l.kind == mapNode {
			o.layers = append(o.layers, l)
		}
	}
	for _, l := range o.layers {
		if !l.isDefault() {
			o.pos = l.pos
			break
		}
	}
	return o
}

// join appends a key to a path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// node returns the value of key from the first layer that has it, or nil.
func (o *obj) node(key string) *node {
	o.known = append(o.known, key)
	for _, l := range o.layers {
		if v := l.get(key); v != nil {
			return v
		}
	}
	return nil
}

// defaultNode returns the value of key in the defaults layer, or nil.
func (o *obj) defaultNode(key string) *node {
	if len(o.layers) > 0 && o.layers[len(o.layers)-1].isDefault() {
		return o.layers[len(o.layers)-1].get(key)
	}
	return nil
}

// sub returns the mapping under key, layered: every layer's mapping under key, up
// to the first layer where key holds something other than a mapping. When the
// most specific value is not a mapping it is returned as scalar (and the obj has
// no layers from it).
func (o *obj) sub(key string) (sub *obj, scalar *node) {
	o.known = append(o.known, key)
	var layers []*node
	for _, l := range o.layers {
		v := l.get(key)
		if v == nil {
			continue
		}
		if v.kind != mapNode {
			if len(layers) == 0 {
				return o.d.newObj(join(o.path, key), o.pos), v
			}
			break
		}
		layers = append(layers, v)
	}
	return o.d.newObj(join(o.path, key), o.pos, layers...), nil
}

// mapping is sub for keys that must hold a mapping: anything else is an error.
func (o *obj) mapping(key, example string) *obj {
	s, sc := o.sub(key)
	if sc != nil {
		o.d.errs.add(sc.pos, s.path, "%s is not allowed (a mapping such as %s)", sc.describe(), example)
	}
	return s
}

// done reports the keys of the scenario's own layers that were never read.
func (o *obj) done() {
	for _, l := range o.layers {
		if l.isDefault() {
			continue
		}
		for i, k := range l.keys {
			if contains(o.known, k) {
				continue
			}
			o.d.unknownKey(o, k, l.keyPos[i])
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unknownKey reports a key that is not part of the format, with the nearest valid
// key (in a file) or the nearest valid path (in a --set).
func (d *decoder) unknownKey(o *obj, key string, pos Pos) {
	valid := uniq(o.known)
	path := join(o.path, key)
	if msg, ok := removedKeys[path]; ok {
		d.errs.add(pos, path, "%s", msg)
		return
	}
	near := nearest(key, valid)
	for _, m := range d.pending {
		if m.o == o && m.key == near {
			m.cancelled = true
		}
	}
	if pos.File == setFile && pos.Line >= 1 && pos.Line <= len(d.setPaths) {
		full := d.setPaths[pos.Line-1]
		comps := strings.Split(full, ".")
		depth := 0
		if o.path != "" {
			depth = len(strings.Split(o.path, "."))
		}
		if near != "" && depth < len(comps) {
			sugg := append(append(append([]string{}, comps[:depth]...), near), comps[depth+1:]...)
			d.errs.add(pos, path, "unknown path %s (did you mean %s?)", full, strings.Join(sugg, "."))
		} else {
			d.errs.add(pos, path, "unknown path %s (valid keys under %s: %s)", full, orTop(o.path), strings.Join(valid, ", "))
		}
		return
	}
	if near != "" {
		d.errs.add(pos, path, "unknown key %q (did you mean %q?)", key, near)
	} else {
		d.errs.add(pos, path, "unknown key %q (valid keys here: %s)", key, strings.Join(valid, ", "))
	}
}

func orTop(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

func uniq(list []string) []string {
	var out []string
	for _, s := range list {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// note records the origin of the value at path.
func (d *decoder) note(path string, n *node, def *node, same bool) {
	if !d.record || n == nil {
		return
	}
	switch {
	case n.isDefault():
		d.origins[path] = origin{defaulted: true, source: n.source}
	case same && def != nil && !isOrgFact(path):
		// The scenario restates a default about how the systems behave: keep the
		// default's citation (restating an assumption does not source it).
		d.origins[path] = origin{source: def.source}
	default:
		d.origins[path] = origin{source: sourceOf(n.pos)}
	}
}

// sourceOf names where a value given by the user was written.
func sourceOf(p Pos) string {
	if p.File == setFile {
		return "--set"
	}
	return "scenario"
}

// leaf reads key as a scalar with parse, applies check (an empty result means
// valid), and records its origin. required, when not empty, is the example shown
// if the key is missing everywhere. ok is false when the value is missing or wrong.
func leaf[T comparable](o *obj, key string, required string, parse func(string) (T, error), check func(T) string) (v T, ok bool) {
	path := join(o.path, key)
	n := o.node(key)
	if n == nil {
		if required != "" {
			o.missingKey(key, "missing (required, e.g. %s: %s)", key, required)
		}
		return v, false
	}
	v, ok = scalarValue(o.d, n, path, parse, check)
	if !ok {
		return v, false
	}
	same := false
	if def := o.defaultNode(key); def != nil && def != n && def.kind == scalarNode {
		if dv, err := parse(def.str); err == nil && dv == v {
			same = true
		}
	}
	o.d.note(path, n, o.defaultNode(key), same)
	return v, true
}

// scalarValue parses a scalar node, reporting errors at its position.
func scalarValue[T any](d *decoder, n *node, path string, parse func(string) (T, error), check func(T) string) (v T, ok bool) {
	switch n.kind {
	case nullNode:
		d.errs.add(n.pos, path, "has no value (write a value after the colon, or remove the key)")
		return v, false
	case mapNode, seqNode:
		d.errs.add(n.pos, path, "is %s (a single value is needed here)", n.kind)
		return v, false
	}
	v, err := parse(n.str)
	if err != nil {
		d.errs.add(n.pos, path, "%s", err.Error())
		return v, false
	}
	if check != nil {
		if msg := check(v); msg != "" {
			d.errs.add(n.pos, path, "%s", msg)
			return v, false
		}
	}
	return v, true
}

// parseNumber parses a plain decimal number with an optional sign.
func parseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	u := strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	v, rest, ok := splitNumber(u)
	if !ok || rest != "" {
		return 0, fmt.Errorf("%q is not a number (e.g. 2 or 0.5)", s)
	}
	if math.IsInf(v, 0) || v > 1e300 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// parseInt parses a whole number with an optional sign.
func parseInt(s string) (int, error) {
	t := strings.TrimSpace(s)
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		f, ferr := parseNumber(t)
		if ferr == nil && math.Abs(f) > 1e15 || ferr != nil && strings.HasSuffix(ferr.Error(), "is too large") {
			return 0, fmt.Errorf("%s is too large", s)
		}
		if ferr == nil {
			return 0, fmt.Errorf("%s is not a whole number", s)
		}
		return 0, fmt.Errorf("%q is not a whole number (e.g. 150)", s)
	}
	if v > 1<<40 || v < -(1<<40) {
		return 0, fmt.Errorf("%s is too large", s)
	}
	return int(v), nil
}

// parseBool parses true or false.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not allowed (true or false)", s)
}

// parseString accepts any text.
func parseString(s string) (string, error) { return s, nil }

// oneOf returns a parser accepting only the listed words.
func oneOf(words ...string) func(string) (string, error) {
	return func(s string) (string, error) {
		for _, w := range words {
			if s == w {
				return s, nil
			}
		}
		if n := nearest(s, words); n != "" {
			return "", fmt.Errorf("%q is not allowed (%s; did you mean %q?)", s, strings.Join(words, " | "), n)
		}
		return "", fmt.Errorf("%q is not allowed (%s)", s, strings.Join(words, " | "))
	}
}

// Checks used with leaf: each returns "" when the value is allowed.

func positiveRate(v BitRate) string {
	if v <= 0 {
		return fmt.Sprintf("%s is not allowed (a capacity must be > 0, e.g. 1.544Mbps)", v)
	}
	return ""
}

func positiveDuration(v Duration) string {
	if v <= 0 {
		return fmt.Sprintf("%s is not allowed (must be > 0, e.g. 30m)", v)
	}
	return ""
}

func positiveBytes(v Bytes) string {
	if v <= 0 {
		return fmt.Sprintf("%s is not allowed (must be > 0, e.g. 75KB)", v)
	}
	return ""
}

func below1(v Fraction) string {
	if v >= 1 {
		return fmt.Sprintf("%s is not allowed (background utilization must be in [0, 1), e.g. 0.3)", v)
	}
	return ""
}

func positiveFraction(v Fraction) string {
	if v <= 0 {
		return fmt.Sprintf("%s is not allowed (must be in (0, 1], e.g. 0.7)", v)
	}
	return ""
}

func intRange(lo, hi int, what string) func(int) string {
	return func(v int) string {
		if v < lo || v > hi {
			return fmt.Sprintf("%d is not allowed (%s: a whole number from %d to %d)", v, what, lo, hi)
		}
		return ""
	}
}

// floatRange checks lo ≤ v ≤ hi.
func floatRange(lo, hi float64, what string) func(float64) string {
	return func(v float64) string {
		if v < lo || v > hi {
			return fmt.Sprintf("%s is not allowed (%s: from %s to %s)", formatNumber(v), what, formatNumber(lo), formatNumber(hi))
		}
		return ""
	}
}

func floatMin(lo float64, what string) func(float64) string {
	return func(v float64) string {
		if v < lo {
			return fmt.Sprintf("%s is not allowed (%s must be ≥ %s)", formatNumber(v), what, formatNumber(lo))
		}
		return ""
	}
}

// formatNumber writes a plain number in its shortest round-tripping form.
func formatNumber(v float64) string {
	if v < 0 {
		return "-" + formatDecimal(-v, 0)
	}
	return formatDecimal(v, 0)
}

// orgFactPrefixes are the paths (with a site's or server's name replaced by *) that
// describe the planner's own organization and plan — dates, calendar, links, servers,
// sites, the rollout's pacing, costs and simulation settings. A value written in the
// scenario for one of these is the planner's fact, even when it equals the default,
// so it is never listed as an unsourced assumption. Everything else (client and server
// behaviour, outage processes, move rates, the decision weight) keeps the default's
// citation when restated.
var orgFactPrefixes = []string{
	"start", "horizon", "calendar.",
	"datacenter.name", "datacenter.link.", "datacenter.servers.",
	"sites.*.users", "sites.*.lan", "sites.*.adapter", "sites.*.server_throughput",
	"sites.*.wan.", "sites.*.local_server", "sites.*.served_by", "sites.*.remote_users.",
	"mailbox.size", "sites.*.mailbox.size",
	"rollout.orderings", "rollout.site_order", "rollout.gap", "rollout.clients.",
	"rollout.moves.window.", "rollout.ost_after_move",
	"simulation.", "costs.",
}

// isOrgFact reports whether path (e.g. sites.Leeds.wan.down) is one of orgFactPrefixes.
func isOrgFact(path string) bool {
	parts := strings.Split(path, ".")
	if len(parts) > 2 && (parts[0] == "sites" || (parts[0] == "datacenter" && parts[1] == "servers")) {
		i := 1
		if parts[0] == "datacenter" {
			i = 2
		}
		parts[i] = "*"
	}
	norm := strings.Join(parts, ".")
	for _, p := range orgFactPrefixes {
		if norm == p || (strings.HasSuffix(p, ".") && strings.HasPrefix(norm, p)) || strings.HasPrefix(norm, p+".") {
			return true
		}
	}
	return false
}
