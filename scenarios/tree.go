package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// The YAML text is parsed by goccy/go-yaml into its AST (which keeps the line and
// column of every token), then converted into the small tree below. Decoding works
// on this tree rather than on go-yaml's struct decoder so that every value keeps
// its position, unknown keys can be reported with suggestions, all errors are
// collected in one pass, and layers (defaults, site_defaults, site, --set) can be
// stacked without losing where each value came from.

type nodeKind int

const (
	scalarNode nodeKind = iota
	mapNode
	seqNode
	nullNode
)

// String names the kind as error messages say it ("a mapping", "a list", …).
func (k nodeKind) String() string {
	switch k {
	case mapNode:
		return "a mapping"
	case seqNode:
		return "a list"
	case nullNode:
		return "empty"
	}
	return "a single value"
}

// node is a YAML value with its position.
type node struct {
	kind   nodeKind
	pos    Pos
	str    string   // scalar text (unquoted)
	keys   []string // mapping keys in order
	keyPos []Pos
	vals   []*node        // mapping values (parallel to keys) or list items
	source string         // for built-in defaults: where the default comes from (its published source, or "assumed")
	index  map[string]int // key → position in keys, while converting (duplicate check)
}

// get returns the value under key in a mapping node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// set replaces or appends the value under key in a mapping node.
func (n *node) set(key string, v *node) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.keyPos = append(n.keyPos, v.pos)
	n.vals = append(n.vals, v)
}

// keyPosOf returns the position of key in a mapping node.
func (n *node) keyPosOf(key string) Pos {
	for i, k := range n.keys {
		if k == key {
			return n.keyPos[i]
		}
	}
	return n.pos
}

// isDefault reports whether the node came from the built-in defaults.
func (n *node) isDefault() bool { return n != nil && n.pos.File == defaultsFile }

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 64

// dupKeyRE matches the YAML parser's message for a key given twice in one mapping.
var dupKeyRE = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):(\d+)\]$`)

// parseYAML parses src (named file in positions) into a tree. A syntax error is
// returned as an *ErrorList with the parser's position.
func parseYAML(file string, src []byte) (*node, error) {
	var errs ErrorList
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		var ye interface {
			GetToken() *token.Token
			GetMessage() string
		}
		pos := Pos{File: file, Line: 1, Col: 1}
		msg := err.Error()
		if errors.As(err, &ye) {
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				pos.Line, pos.Col = tk.Position.Line, tk.Position.Column
			}
			msg = ye.GetMessage()
		}
		if m := dupKeyRE.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("key %q is given twice (first at %s:%s:%s)", m[1], file, m[2], m[3])
		} else if strings.Contains(msg, "'\t'") {
			// the parser prints the tab itself, which a terminal shows as blank space
			msg = "a tab character (YAML indents with spaces only)"
		}
		errs.add(pos, "", "YAML syntax error: %s", msg)
		return nil, errs.err()
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		errs.add(Pos{File: file}, "", "the file is empty (a scenario is a mapping of keys such as name, sites, rollout; see 'rollout init')")
		return nil, errs.err()
	}
	if len(docs) > 1 {
		p := posOf(file, docs[1].Body)
		errs.add(p, "", "more than one YAML document (a scenario file holds exactly one)")
		return nil, errs.err()
	}
	c := converter{file: file, anchors: map[string]*node{}, sizes: map[string]int{}, errs: &errs}
	root := c.convert(docs[0].Body, 0)
	if e := errs.err(); e != nil {
		return nil, e
	}
	return root, nil
}

// posOf returns the position of an AST node: for block mappings, the first key.
func posOf(file string, n ast.Node) Pos {
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if n == nil {
		return Pos{File: file}
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{File: file}
	}
	return Pos{File: file, Line: tk.Position.Line, Col: tk.Position.Column}
}

type converter struct {
	file    string
	anchors map[string]*node
	sizes   map[string]int // nodes converted under each anchor, aliases expanded
	errs    *ErrorList
	count   int // nodes converted, to bound alias expansion
}

func (c *converter) convert(n ast.Node, depth int) *node {
	c.count++
	pos := posOf(c.file, n)
	if depth > maxDepth {
		c.errs.add(pos, "", "nesting deeper than %d levels", maxDepth)
		return &node{kind: nullNode, pos: pos}
	}
	if c.count > 1_000_000 {
		c.errs.add(pos, "", "the document expands to more than a million values")
		return &node{kind: nullNode, pos: pos}
	}
	switch v := n.(type) {
	case nil:
		return &node{kind: nullNode, pos: pos}
	case *ast.NullNode:
		return &node{kind: nullNode, pos: pos}
	case *ast.StringNode:
		return &node{kind: scalarNode, pos: pos, str: v.Value}
	case *ast.LiteralNode:
		s := ""
		if v.Value != nil {
			s = v.Value.Value
		}
		return &node{kind: scalarNode, pos: pos, str: strings.TrimRight(s, "\n")}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return &node{kind: scalarNode, pos: pos, str: n.GetToken().Value}
	case *ast.TagNode:
		return c.convert(v.Value, depth+1)
	case *ast.AnchorNode:
		before := c.count
		out := c.convert(v.Value, depth+1)
		if v.Name != nil {
			c.anchors[v.Name.GetToken().Value] = out
			c.sizes[v.Name.GetToken().Value] = c.count - before
		}
		return out
	case *ast.AliasNode:
		name := ""
		if v.Value != nil {
			name = v.Value.GetToken().Value
		}
		if a, ok := c.anchors[name]; ok {
			c.count += c.sizes[name]
			return a
		}
		c.errs.add(pos, "", "alias *%s names no anchor defined before it", name)
		return &node{kind: nullNode, pos: pos}
	case *ast.MappingNode:
		out := &node{kind: mapNode, pos: pos}
		for _, mv := range v.Values {
			c.mappingValue(out, mv, depth)
		}
		return out
	case *ast.MappingValueNode:
		out := &node{kind: mapNode, pos: pos}
		c.mappingValue(out, v, depth)
		return out
	case *ast.SequenceNode:
		out := &node{kind: seqNode, pos: pos}
		for _, item := range v.Values {
			out.vals = append(out.vals, c.convert(item, depth+1))
		}
		return out
	}
	c.errs.add(pos, "", "unsupported YAML construct (%s)", n.Type())
	return &node{kind: nullNode, pos: pos}
}

func (c *converter) mappingValue(out *node, mv *ast.MappingValueNode, depth int) {
	kp := posOf(c.file, mv.Key)
	if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
		c.errs.add(kp, "", "merge keys (<<) are not supported; write the values out")
		return
	}
	k := c.convert(mv.Key, depth+1)
	if k.kind != scalarNode {
		c.errs.add(kp, "", "a key must be a plain name, not %s", k.kind)
		return
	}
	if out.index == nil {
		out.index = map[string]int{}
	}
	if i, dup := out.index[k.str]; dup {
		c.errs.add(kp, "", "key %q appears twice in the same mapping (first at %s)", k.str, out.keyPos[i])
		return
	}
	out.index[k.str] = len(out.keys)
	out.keys = append(out.keys, k.str)
	out.keyPos = append(out.keyPos, kp)
	out.vals = append(out.vals, c.convert(mv.Value, depth+1))
}

// describe writes a node for messages: a scalar's text, or its kind.
func (n *node) describe() string {
	if n.kind == scalarNode {
		return fmt.Sprintf("%q", n.str)
	}
	return n.kind.String()
}
