// Package smalljson shrinks a comparison's JSON document to what a golden file
// keeps, for the tests of the command line and the reports.
package smalljson

import "encoding/json"

// Shrink keeps, of a comparison document, the metrics named in keep in every map
// keyed by metric (the orderings' metrics, comparison, metric_definitions) and
// the first two assumptions, and writes it back indented, object keys sorted,
// with a final newline.
func Shrink(doc []byte, keep map[string]bool) ([]byte, error) {
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	only := func(m any) {
		if mm, ok := m.(map[string]any); ok {
			for k := range mm {
				if !keep[k] {
					delete(mm, k)
				}
			}
		}
	}
	if ords, ok := d["orderings"].(map[string]any); ok {
		for _, o := range ords {
			if om, ok := o.(map[string]any); ok {
				only(om["metrics"])
			}
		}
	}
	only(d["comparison"])
	only(d["metric_definitions"])
	if as, ok := d["assumptions"].([]any); ok && len(as) > 2 {
		d["assumptions"] = as[:2]
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
