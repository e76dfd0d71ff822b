package experiment

import (
	"math"
	"strconv"
	"strings"

	"github.com/rollout-sim/rollout/scenarios"
)

// quantityKind is the kind of a scenario value read by parseQuantity.
type quantityKind int

// Kinds of quantity, tried in this order.
const (
	qRate     quantityKind = iota // a bit rate or a volume per time, in bits per second
	qBytes                        // a size, in bytes
	qDuration                     // a duration, in seconds
	qNumber                       // a plain number
)

// parseQuantity reads a scalar scenario value (1.544Mbps, 2GB/h, 20MB, 30m, 0.7) as
// its kind and its value in base units; false for anything else ({median: 1h}).
func parseQuantity(s string) (quantityKind, float64, bool) {
	s = strings.TrimSpace(s)
	if v, err := scenarios.ParseBitRate(s); err == nil {
		return qRate, float64(v), true
	}
	if v, err := scenarios.ParseBytes(s); err == nil {
		return qBytes, float64(v), true
	}
	if v, err := scenarios.ParseDuration(s); err == nil {
		return qDuration, float64(v), true
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return qNumber, v, true
	}
	return 0, 0, false
}

// formatQuantity writes v (base units of kind k) as a scenario would, to three
// significant digits.
func formatQuantity(k quantityKind, v float64) string {
	v = round3(v)
	switch k {
	case qRate:
		return scenarios.BitRate(v).String()
	case qBytes:
		return scenarios.Bytes(v).String()
	case qDuration:
		return scenarios.Duration(v).String()
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// round3 rounds v to three significant digits.
func round3(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return r
}

// robustBreakEven interpolates, between the value in force v0 (difference d0) and a
// flipping end v1 (difference d1), where the difference crosses zero: linearly, or
// on a log scale for rates and sizes both above zero (they are ranged over orders
// of magnitude), written in v1's unit. Values that are not one quantity of the same
// kind give "between X and Y".
func robustBreakEven(v0, v1 string, d0, d1 float64) string {
	k0, x0, ok0 := parseQuantity(v0)
	k1, x1, ok1 := parseQuantity(v1)
	between := "between " + v0 + " and " + v1
	if !ok0 || !ok1 || k0 != k1 || d0 == d1 || (d0 < 0) == (d1 < 0) {
		return between
	}
	t := d0 / (d0 - d1)
	x := x0 + t*(x1-x0)
	if (k0 == qRate || k0 == qBytes) && x0 > 0 && x1 > 0 {
		x = math.Exp(math.Log(x0) + t*(math.Log(x1)-math.Log(x0)))
	}
	return "about " + formatLike(v1, k0, x)
}

// formatLike writes x (base units of kind k) in the unit that like is written in
// (23.3ms for like 50ms, 625MB/h for like 500MB/h), to three significant digits;
// in the kind's own notation when like has no unit of that kind.
func formatLike(like string, k quantityKind, x float64) string {
	like = strings.TrimSpace(like)
	i := 0
	for i < len(like) && strings.ContainsRune("0123456789.+-", rune(like[i])) {
		i++
	}
	if unit := like[i:]; unit != "" && k != qNumber {
		if ku, one, ok := parseQuantity("1" + unit); ok && ku == k && one > 0 {
			return strconv.FormatFloat(round3(x/one), 'f', -1, 64) + unit
		}
	}
	return formatQuantity(k, x)
}

// axisUnits are the units an axis may read in, per kind, smallest first: the
// spelling parseQuantity reads ("1"+parse) and the label on the axis.
var axisUnits = map[quantityKind][]struct{ parse, label string }{
	qRate:     {{"bps", "bps"}, {"kbps", "kbps"}, {"Mbps", "Mbps"}, {"Gbps", "Gbps"}},
	qBytes:    {{"B", "B"}, {"KB", "KB"}, {"MB", "MB"}, {"GB", "GB"}, {"TB", "TB"}},
	qDuration: {{"ms", "ms"}, {"s", "s"}, {"m", "min"}, {"h", "h"}, {"d", "d"}},
}

// AxisUnit chooses the unit an axis of values reads in: of sample's kind (a value as
// written, e.g. 256kbps), the largest unit in which the largest magnitude is at
// least 1 (256kbps…20Mbps reads in Mbps). It returns the label and the base units
// per unit; "" and 0 for plain numbers and values that are not quantities.
func AxisUnit(sample string, values []float64) (string, float64) {
	k, _, ok := parseQuantity(sample)
	if !ok || k == qNumber {
		return "", 0
	}
	largest := 0.0
	for _, v := range values {
		largest = math.Max(largest, math.Abs(v))
	}
	label, scale := "", 0.0
	for _, u := range axisUnits[k] {
		_, one, ok := parseQuantity("1" + u.parse)
		if !ok || one <= 0 {
			continue
		}
		if label == "" || largest >= one {
			label, scale = u.label, one
		}
	}
	return label, scale
}
