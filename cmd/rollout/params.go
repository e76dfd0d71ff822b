package main

import (
	"fmt"
	"strings"
)

// expandParam expands a --param that names several paths moving together: each
// {a,b,…} group gives one path per alternative, so sites.*.wan.{down,up} is
// sites.*.wan.down and sites.*.wan.up (and * selects every site, as in --set).
// Groups do not nest; a path with no group is itself.
func expandParam(p string) ([]string, error) {
	open := strings.IndexByte(p, '{')
	if open < 0 {
		if strings.ContainsAny(p, "},") {
			return nil, fmt.Errorf("--param %q: '}' or ',' outside a {a,b} group", p)
		}
		return []string{p}, nil
	}
	end := strings.IndexByte(p[open:], '}')
	if end < 0 {
		return nil, fmt.Errorf("--param %q: '{' without its '}'", p)
	}
	end += open
	inner := p[open+1 : end]
	if strings.ContainsRune(inner, '{') {
		return nil, fmt.Errorf("--param %q: {a,b} groups do not nest", p)
	}
	if strings.ContainsRune(p[:open], '}') || strings.ContainsRune(p[:open], ',') {
		return nil, fmt.Errorf("--param %q: '}' or ',' outside a {a,b} group", p)
	}
	rest, err := expandParam(p[end+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range strings.Split(inner, ",") {
		alt = strings.TrimSpace(alt)
		if alt == "" {
			return nil, fmt.Errorf("--param %q: an empty alternative in {%s}", p, inner)
		}
		for _, r := range rest {
			out = append(out, p[:open]+alt+r)
		}
	}
	return out, nil
}

// paramSets is the --set overrides that put every path of a --param at value.
func paramSets(paths []string, value string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p + "=" + value
	}
	return out
}
