package sim

import "fmt"

// Levels records k piecewise-constant signals (for example the number of users
// in each state) into buckets of width bucket seconds starting at time 0;
// Series(i)[b] is the time-weighted average of signal i over bucket b. The
// integration is exact: a signal changes only through Add.
type Levels struct {
	bucket Time
	n      int
	value  []float64
	lastT  []Time
	integ  []float64   // value·seconds since time 0
	series [][]float64 // value·seconds per bucket
	end    Time        // latest time integrated to
	buf    *Buffers    // where series came from (nil: allocated)
}

// NewLevels returns k signals, all 0 at time 0, recorded into `buckets`
// buckets of `bucket` seconds (bucket <= 0 or buckets <= 0: totals only).
func NewLevels(bucket Time, buckets int, k int) *Levels {
	return (*Buffers)(nil).NewLevels(bucket, buckets, k)
}

// NewLevels is the package's NewLevels with the bucket series taken from b;
// Release gives them back.
func (b *Buffers) NewLevels(bucket Time, buckets int, k int) *Levels {
	l := &Levels{bucket: bucket, n: buckets, value: make([]float64, k), lastT: make([]Time, k),
		integ: make([]float64, k), buf: b}
	if !(bucket > 0) || buckets <= 0 {
		l.n = 0
	}
	l.series = make([][]float64, k)
	for i := range l.series {
		l.series[i] = b.floats(l.n)
	}
	return l
}

// Release returns the bucket series to the Buffers they came from; Series must
// no longer be called. Totals (Integral) stay.
func (l *Levels) Release() {
	for i, s := range l.series {
		l.buf.put(s)
		l.series[i] = nil
	}
	l.n = 0
}

// Add changes signal i by delta at time t (seconds); t must not be earlier
// than the previous Add or Finish (a programming error that panics).
func (l *Levels) Add(t Time, i int, delta float64) {
	l.advance(t, i)
	l.value[i] += delta
}

// Value returns the current value of signal i.
func (l *Levels) Value(i int) float64 { return l.value[i] }

// Finish integrates every signal up to t (seconds).
func (l *Levels) Finish(t Time) {
	for i := range l.value {
		l.advance(t, i)
	}
}

func (l *Levels) advance(t Time, i int) {
	if t < l.lastT[i] {
		panic(fmt.Sprintf("sim: Levels: time %v before %v", float64(t), float64(l.lastT[i])))
	}
	if t > l.end {
		l.end = t
	}
	t0, v := l.lastT[i], l.value[i]
	l.lastT[i] = t
	if v == 0 || t == t0 {
		return
	}
	l.integ[i] += v * float64(t-t0)
	if l.n == 0 {
		return
	}
	spreadOver(l.series[i], l.bucket, t0, t, v)
}

// Series returns the time-weighted average of signal i in each bucket, over
// the part of the bucket up to the last Finish or Add (0 for a bucket not
// reached). Call Finish first.
func (l *Levels) Series(i int) []float64 {
	out := make([]float64, l.n)
	for b := range out {
		lo := Time(b) * l.bucket
		if lo >= l.end {
			break
		}
		w := l.bucket
		if hi := lo + l.bucket; hi > l.end {
			w = l.end - lo
		}
		out[b] = l.series[i][b] / float64(w)
	}
	return out
}

// Integral returns the integral of signal i (value·seconds) from time 0 up to
// its last Add or Finish.
func (l *Levels) Integral(i int) float64 { return l.integ[i] }
