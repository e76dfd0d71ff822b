package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a scenario source: a file (or "--set" for overrides, or
// "defaults" for built-in defaults), a 1-based line and a 1-based column.
// Line 0 means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String writes the position as FILE:LINE:COL (or FILE when Line is 0).
func (p Pos) String() string {
	if p.Line <= 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem in a scenario: where, which field, what is wrong and
// (in the message, in parentheses) what is allowed.
type Error struct {
	Pos  Pos
	Path string // scenario path such as sites.Leeds.wan.down; empty for syntax errors
	Msg  string
}

// Error writes FILE:LINE:COL: path.to.field: message.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Pos.String() + ": " + e.Msg
	}
	return e.Pos.String() + ": " + e.Path + ": " + e.Msg
}

// ErrorList is every problem found in one pass over a scenario, in source order.
type ErrorList struct {
	Errors []*Error
	seen   map[string]bool
}

// Error writes one error per line.
func (l *ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Len returns the number of errors.
func (l *ErrorList) Len() int { return len(l.Errors) }

// add records an error unless the same message was already reported at the same
// position (a value in site_defaults is read once per site, but reported once).
func (l *ErrorList) add(pos Pos, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	key := pos.String() + "\x00" + msg
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.Errors = append(l.Errors, &Error{Pos: pos, Path: path, Msg: msg})
}

// sort orders the errors by file, line and column (stable for equal positions).
func (l *ErrorList) sort() {
	sort.SliceStable(l.Errors, func(i, j int) bool {
		a, b := l.Errors[i].Pos, l.Errors[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// err returns the list as an error, or nil when it is empty.
func (l *ErrorList) err() error {
	if len(l.Errors) == 0 {
		return nil
	}
	l.sort()
	return l
}

// editDistance returns the optimal-string-alignment distance between a and b
// (case-folded): insertions, deletions, substitutions and swaps of neighbours
// ("usres" is one step from "users").
func editDistance(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return len(a) + len(b)
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// nearest returns the candidate closest to s: within about a third of its
// length in edits, or one that contains s or is contained in it; "" when none is.
func nearest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(1, (len(s)+2)/3) && bestD < len(s) {
		return best
	}
	ls := strings.ToLower(s)
	if len(ls) >= 3 {
		for _, c := range candidates {
			lc := strings.ToLower(c)
			if len(lc) >= 3 && (strings.Contains(lc, ls) || strings.Contains(ls, lc)) {
				return c
			}
		}
	}
	return ""
}

// didYouMean formats a suggestion for an unknown name: "did you mean "users"?"
// or the list of valid names when nothing is close.
func didYouMean(s string, candidates []string) string {
	if n := nearest(s, candidates); n != "" {
		return fmt.Sprintf("did you mean %q?", n)
	}
	return "one of: " + strings.Join(candidates, ", ")
}
