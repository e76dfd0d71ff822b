package reports

import "encoding/json"

// breakEvenText is a break-even's estimate as written in the parameter's unit
// (380kbps), or the bare number when the sweep gave no text.
func breakEvenText(be BreakEven) string {
	if be.EstimateText != "" {
		return be.EstimateText
	}
	return num(be.Estimate)
}

// jsonMarshal is json.Marshal, for MarshalJSON methods.
func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
