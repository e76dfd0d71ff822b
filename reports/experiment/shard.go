package experiment

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/reports"
)

// Shard is one of Count parts of a sweep: shard Index (0 ≤ Index < Count) runs the
// points p with p mod Count = Index, so that shards share a sweep whose cost grows
// along the parameter evenly. A point's result depends only on its scenario (seed and
// replications), never on the shard that runs it.
type Shard struct{ Index, Count int }

// String writes s as INDEX/COUNT, e.g. 0/4.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Check returns an error unless 0 ≤ Index < Count.
func (s Shard) Check() error {
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: want INDEX/COUNT with 0 ≤ INDEX < COUNT, e.g. 0/4", s.Index, s.Count)
	}
	return nil
}

// Owns reports whether the shard runs point p (counted from 0).
func (s Shard) Owns(p int) bool { return p%s.Count == s.Index }

// SweepHeader is what every shard of one sweep shares: the sweep's parameter and
// values, and the provenance of the run. Shards whose headers differ come from
// different sweeps and are not merged.
type SweepHeader struct {
	Scenario    string    // the scenario's name
	Source      string    // the scenario as named on the command line (SweepSpec.Source)
	Param       string    // scenario path, e.g. sites.Leeds.wan.down
	Log         bool      // values spread on a log scale
	Categorical bool      // values that are not quantities
	Values      []string  // every point's value as written, in sweep order
	Numeric     []float64 // the same in base units (positions for categories)
	// Run is the provenance written into every point: tool and Go versions and the
	// command line of the whole sweep (without --shard and the output flags).
	Run reports.RunInfo
}

// SweepPart is the partial result of one shard of a sweep: its points' comparisons
// (without time series), ready for MergeSweep.
type SweepPart struct {
	Shard  Shard
	Header SweepHeader
	// Indices are the points this shard ran (counted from 0, increasing) and Points
	// their comparisons, in the same order.
	Indices []int
	Points  []reports.Comparison
}

// header returns the shared description of spec's sweep under run provenance run.
func header(spec SweepSpec, run reports.RunInfo) SweepHeader {
	h := SweepHeader{
		Scenario:    spec.Points[0].Scenario.Name,
		Source:      spec.Source,
		Param:       spec.Param,
		Log:         spec.Log,
		Categorical: spec.Categorical,
		Run:         run,
	}
	for _, p := range spec.Points {
		h.Values = append(h.Values, p.Value)
		h.Numeric = append(h.Numeric, p.Numeric)
	}
	return h
}

// SweepShard runs the points of spec that shard s owns (see Shard) as Sweep runs
// every point, and returns them as a part for MergeSweep. opt.Progress is called
// after every replication of the points it runs.
func SweepShard(ctx context.Context, spec SweepSpec, opt Options, s Shard) (*SweepPart, error) {
	if len(spec.Points) == 0 {
		return nil, errors.New("experiment: a sweep needs at least one point")
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	part := &SweepPart{Shard: s, Header: header(spec, opt.Run)}
	for i, p := range spec.Points {
		if !s.Owns(i) {
			continue
		}
		c, err := Compare(ctx, p.Scenario, opt)
		if err != nil {
			if IsBug(err) {
				return nil, err
			}
			return nil, &PointError{Param: spec.Param, Value: p.Value, Err: err}
		}
		for j := range c.Orderings {
			c.Orderings[j].Series = model.Series{}
		}
		part.Indices = append(part.Indices, i)
		part.Points = append(part.Points, *c)
	}
	return part, nil
}

// MergeSweep combines the parts of every shard of one sweep into the sweep that one
// run gives, with its break-evens (format writes an estimate in base units in the
// parameter's unit; nil: %g). The parts may come in any order; every shard of the
// sweep must be there exactly once, all with the same header. names[i] names
// parts[i] in errors (e.g. its file); nil: "part 1", "part 2", ….
func MergeSweep(parts []*SweepPart, names []string, format func(float64) string) (*reports.Sweep, error) {
	if len(parts) == 0 {
		return nil, errors.New("no partial result to merge")
	}
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return fmt.Sprintf("part %d", i+1)
	}
	first := parts[0]
	n := first.Shard.Count
	byShard := make([]int, n) // index in parts + 1; 0: missing
	for i, p := range parts {
		if err := p.Shard.Check(); err != nil {
			return nil, fmt.Errorf("%s: %v", name(i), err)
		}
		if p.Shard.Count != n {
			return nil, fmt.Errorf("%s is shard %s but %s is shard %s: every shard of one sweep has the same count", name(i), p.Shard, name(0), first.Shard)
		}
		if field := headerDiff(first.Header, p.Header); field != "" {
			return nil, fmt.Errorf("%s and %s are parts of different sweeps (their %s differ)", name(0), name(i), field)
		}
		if j := byShard[p.Shard.Index]; j > 0 {
			return nil, fmt.Errorf("%s and %s are both shard %s", name(j-1), name(i), p.Shard)
		}
		byShard[p.Shard.Index] = i + 1
		if len(p.Indices) != len(p.Points) {
			return nil, fmt.Errorf("%s: %d point indices for %d points", name(i), len(p.Indices), len(p.Points))
		}
		for _, k := range p.Indices {
			if k < 0 || k >= len(first.Header.Values) || !p.Shard.Owns(k) {
				return nil, fmt.Errorf("%s: shard %s holds point %d, which is not one of its points", name(i), p.Shard, k)
			}
		}
	}
	var missing []string
	for k, j := range byShard {
		if j == 0 {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shard %s missing: merge the partial files of all %d shards", strings.Join(missing, ", "), n)
	}
	h := first.Header
	points := make([]*reports.Comparison, len(h.Values))
	for _, p := range parts {
		for j, k := range p.Indices {
			points[k] = &p.Points[j]
		}
	}
	for k, c := range points {
		if c == nil {
			return nil, fmt.Errorf("shard %d/%d holds no result for point %d (%s = %s)", k%n, n, k, h.Param, h.Values[k])
		}
	}
	sw := &reports.Sweep{
		SchemaVersion: reports.SchemaVersion,
		Scenario:      h.Scenario,
		Param:         h.Param,
		Log:           h.Log,
		Categorical:   h.Categorical,
		Values:        append([]string(nil), h.Values...),
		Numeric:       append([]float64(nil), h.Numeric...),
	}
	for _, c := range points {
		sw.Points = append(sw.Points, *c)
	}
	finishSweep(sw, format)
	return sw, nil
}

// headerDiff names the first field in which a and b differ ("" when equal).
func headerDiff(a, b SweepHeader) string {
	switch {
	case a.Scenario != b.Scenario, a.Source != b.Source:
		return "scenarios"
	case a.Param != b.Param:
		return "parameters"
	case a.Log != b.Log, a.Categorical != b.Categorical, !reflect.DeepEqual(a.Values, b.Values), !reflect.DeepEqual(a.Numeric, b.Numeric):
		return "values"
	case a.Run.ToolVersion != b.Run.ToolVersion, a.Run.GoVersion != b.Run.GoVersion:
		return "tool versions"
	case a.Run != b.Run:
		return "command lines"
	}
	return ""
}

// finishSweep adds sw's break-evens and the unit of its axis.
func finishSweep(sw *reports.Sweep, format func(float64) string) {
	if format == nil {
		format = func(v float64) string { return fmt.Sprintf("%g", v) }
	}
	sw.BreakEven = reports.FindBreakEvens(sw, format)
	if !sw.Categorical {
		sw.AxisUnit, sw.AxisScale = AxisUnit(sw.Values[0], sw.Numeric) // the chart's axis reads in Mbps, not bits/s
	}
}

// partMagic starts every partial result file, so that another file is refused with a
// clear message instead of a decoding error; the number is the layout's version.
const partMagic = "rollout sweep partial result 1\n"

// WritePart writes p as a partial result file: a first line naming the format, then
// p in Go's gob encoding (exact floating-point values, so that merged outputs are
// byte-identical to one run's).
func WritePart(w io.Writer, p *SweepPart) error {
	if _, err := io.WriteString(w, partMagic); err != nil {
		return err
	}
	return gob.NewEncoder(w).Encode(p)
}

// ReadPart reads a partial result file written by WritePart.
func ReadPart(r io.Reader) (*SweepPart, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadString('\n')
	if line != partMagic {
		if err != nil && err != io.EOF {
			return nil, err
		}
		if strings.HasPrefix(line, "rollout sweep partial result ") {
			return nil, fmt.Errorf("a partial result file of another version of rollout (%q); rerun the shards with this one", strings.TrimSpace(line))
		}
		return nil, errors.New("not a partial result file of rollout sweep --shard")
	}
	var p SweepPart
	if err := gob.NewDecoder(br).Decode(&p); err != nil {
		return nil, fmt.Errorf("damaged partial result file: %v", err)
	}
	if len(p.Header.Values) == 0 || len(p.Header.Values) != len(p.Header.Numeric) {
		return nil, errors.New("damaged partial result file: no sweep values")
	}
	return &p, nil
}
