package scenarios

import (
	"strconv"
	"strings"
)

// maxSetComponents bounds the components of a --set path; the deepest path of
// the format has 6 (sites.NAME.outages.wan.duration.median).
const maxSetComponents = 16

// setFile names --set overrides in positions: --set:N:COL is column COL of the
// N-th --set argument ("PATH=VALUE").
const setFile = "--set"

// applySets writes each PATH=VALUE override into the scenario's tree before it is
// resolved, so an override is parsed and validated exactly like the file.
//
// PATH is a dotted path of keys, e.g. rollout.clients.users_per_day. In a list of
// named things (sites, datacenter.servers) a component selects an entry by name
// (sites.Leeds), by 0-based index (sites.0), or every entry (sites.*). VALUE is
// YAML: 512kbps, off, [clients-first], {median: 1h, p95: 4h}. Keys that are not
// part of the format are reported by the decoder as unknown paths with the
// nearest valid path. The tree is copied along the path, so values shared
// through YAML aliases are not changed elsewhere.
func applySets(root *node, sets []string, errs *ErrorList) *node {
	for i, s := range sets {
		at := Pos{File: setFile, Line: i + 1, Col: 1}
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			errs.add(at, "", "%q needs the form PATH=VALUE (e.g. --set sites.Leeds.wan.down=512kbps)", s)
			continue
		}
		path, value := strings.TrimSpace(s[:eq]), s[eq+1:]
		if n := strings.Count(path, ".") + 1; n > maxSetComponents {
			// every step below copies the path so far: refuse before that costs
			// time quadratic in the length
			errs.add(at, "", "the path has %d components; no path of the format has more than %d (e.g. sites.Leeds.outages.wan.duration.median)", n, maxSetComponents)
			continue
		}
		comps := strings.Split(path, ".")
		bad := false
		for _, c := range comps {
			if c == "" {
				bad = true
			}
		}
		if bad {
			errs.add(at, path, "is not a path (keys separated by dots, e.g. rollout.clients.users_per_day)")
			continue
		}
		valAt := Pos{File: setFile, Line: i + 1, Col: eq + 2}
		if strings.TrimSpace(value) == "" {
			errs.add(valAt, path, "has no value (e.g. --set %s=VALUE)", path)
			continue
		}
		var sub ErrorList
		val, err := parseYAML(setFile, []byte(value))
		if err != nil {
			for _, e := range err.(*ErrorList).Errors {
				errs.add(shiftPos(e.Pos, valAt), path, "%s", e.Msg)
			}
			continue
		}
		relocate(val, valAt)
		if root == nil || root.kind != mapNode {
			continue // the file's own error is reported by the decoder
		}
		root = setPath(root, comps, 0, val, at, &sub)
		for _, e := range sub.Errors {
			errs.add(e.Pos, e.Path, "%s", e.Msg)
		}
	}
	return root
}

// shiftPos moves a position inside a --set value to the argument's coordinates.
func shiftPos(p, valAt Pos) Pos {
	col := p.Col
	if p.Line <= 1 {
		col += valAt.Col - 1
	}
	return Pos{File: setFile, Line: valAt.Line, Col: max(col, 1)}
}

// relocate gives every node of a --set value the argument's line and shifted columns.
func relocate(n *node, valAt Pos) {
	n.pos = shiftPos(n.pos, valAt)
	for i := range n.keyPos {
		n.keyPos[i] = shiftPos(n.keyPos[i], valAt)
	}
	for _, v := range n.vals {
		relocate(v, valAt)
	}
}

// cloneShallow copies a mapping or list node (its slices, not its children).
func cloneShallow(n *node) *node {
	c := *n
	c.keys = append([]string(nil), n.keys...)
	c.keyPos = append([]Pos(nil), n.keyPos...)
	c.vals = append([]*node(nil), n.vals...)
	return &c
}

// setPath returns a copy of cur with comps[i:] set to val.
func setPath(cur *node, comps []string, i int, val *node, at Pos, errs *ErrorList) *node {
	done := strings.Join(comps[:i], ".")
	switch cur.kind {
	case seqNode:
		cur = cloneShallow(cur)
		var names []string
		matched := false
		for j, it := range cur.vals {
			name := ""
			if nm := it.get("name"); nm != nil && nm.kind == scalarNode {
				name = nm.str
			}
			names = append(names, name)
			if comps[i] == "*" || comps[i] == name || (name != comps[i] && strconv.Itoa(j) == comps[i]) {
				matched = true
				if i == len(comps)-1 {
					cur.vals[j] = val
				} else if it.kind == mapNode {
					cur.vals[j] = setPath(it, comps, i+1, val, at, errs)
				} else {
					errs.add(at, done, "entry %d is not a mapping", j)
				}
			}
		}
		if !matched {
			if n := nearest(comps[i], names); n != "" {
				errs.add(at, join(done, comps[i]), "no entry named %q in %s (a name, an index 0–%d, or * for all; did you mean %q?)", comps[i], done, len(cur.vals)-1, n)
			} else {
				errs.add(at, join(done, comps[i]), "no entry named %q in %s (a name: %s; an index 0–%d; or * for all)", comps[i], done, strings.Join(names, ", "), len(cur.vals)-1)
			}
		}
		return cur
	case mapNode:
		cur = cloneShallow(cur)
		key := comps[i]
		if i == len(comps)-1 {
			setKey(cur, key, val, at)
			return cur
		}
		child := cur.get(key)
		if child != nil && child.kind == scalarNode && strings.TrimSpace(child.str) != "off" {
			errs.add(at, join(done, key), "is a single value (%s); there is nothing inside it to set (%s)", child.str, strings.Join(comps, "."))
			return cur
		}
		if child == nil || (child.kind != mapNode && child.kind != seqNode) {
			child = &node{kind: mapNode, pos: at}
		}
		setKey(cur, key, setPath(child, comps, i+1, val, at, errs), at)
		return cur
	}
	errs.add(at, done, "is a single value; cannot set %s inside it", strings.Join(comps[i:], "."))
	return cur
}

// setKey sets key in a mapping, giving a new key the --set position.
func setKey(m *node, key string, v *node, at Pos) {
	for i, k := range m.keys {
		if k == key {
			m.vals[i] = v
			if at.File == setFile {
				m.keyPos[i] = at
			}
			return
		}
	}
	m.keys = append(m.keys, key)
	m.keyPos = append(m.keyPos, at)
	m.vals = append(m.vals, v)
}

// setPathsOf returns the PATH part of each override, for suggestions.
func setPathsOf(sets []string) []string {
	out := make([]string, len(sets))
	for i, s := range sets {
		if eq := strings.IndexByte(s, '='); eq >= 0 {
			out[i] = strings.TrimSpace(s[:eq])
		} else {
			out[i] = s
		}
	}
	return out
}
