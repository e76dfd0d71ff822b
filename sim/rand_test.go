package sim

import (
	"math"
	"sort"
	"testing"
)

func TestStreamReproducibleAndIndependent(t *testing.T) {
	a, b := Stream(42, 3, "outages"), Stream(42, 3, "outages")
	for i := 0; i < 100; i++ {
		if a.Uint64() != b.Uint64() {
			t.Fatal("same (seed, rep, name) gave different sequences")
		}
	}
	first := func(seed uint64, rep int, name string) uint64 { return Stream(seed, rep, name).Uint64() }
	base := first(42, 3, "outages")
	for _, other := range []uint64{first(43, 3, "outages"), first(42, 4, "outages"), first(42, 3, "outage"), first(42, 3, "sizes")} {
		if other == base {
			t.Fatal("different triples gave the same first draw")
		}
	}
	// Independence, roughly: the correlation of uniforms from two names of
	// one replication is within 4 standard errors (1/sqrt(n)) of 0.
	x, y := Stream(7, 0, "a"), Stream(7, 0, "b")
	const n = 20000
	var sxy, sx, sy, sxx, syy float64
	for i := 0; i < n; i++ {
		u, v := x.Float64(), y.Float64()
		sx += u
		sy += v
		sxy += u * v
		sxx += u * u
		syy += v * v
	}
	cov := sxy/n - sx/n*sy/n
	r := cov / math.Sqrt((sxx/n-sx*sx/n/n)*(syy/n-sy*sy/n/n))
	if math.Abs(r) > 4/math.Sqrt(n) {
		t.Fatalf("correlation %v between streams a and b", r)
	}
}

func TestLogNormalMedianP95(t *testing.T) {
	d := LogNormalMedianP95(10, 40, Stream(1, 0, "ln"))
	// Quantile checks: exact by construction.
	if q := d.Quantile(0.5); math.Abs(q-10) > 1e-9 {
		t.Fatalf("median %v, want 10", q)
	}
	if q := d.Quantile(0.95); math.Abs(q-40)/40 > 1e-6 {
		t.Fatalf("p95 %v, want 40", q)
	}
	// Sample quantiles within 3 % (n = 40000: the standard error of the
	// sample median is about 0.9 %, of the p95 about 1.7 %).
	const n = 40000
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = d.Rand()
	}
	sort.Float64s(xs)
	if m := xs[n/2]; math.Abs(m-10)/10 > 0.03 {
		t.Fatalf("sample median %v, want 10 ± 3 %%", m)
	}
	if p := xs[n*95/100]; math.Abs(p-40)/40 > 0.03 {
		t.Fatalf("sample p95 %v, want 40 ± 3 %%", p)
	}
	fixed := LogNormalMedianP95(3.5, 3.5, Stream(1, 0, "fixed"))
	for i := 0; i < 100; i++ {
		if v := fixed.Rand(); math.Abs(v-3.5) > 1e-15*3.5 {
			t.Fatalf("p95 == median drew %v, want 3.5", v)
		}
	}
}

func TestLogNormalMedianP95Invalid(t *testing.T) {
	for _, c := range [][2]float64{{0, 1}, {-1, 1}, {2, 1}, {math.NaN(), 1}, {1, math.Inf(1)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("LogNormalMedianP95(%v, %v) did not panic", c[0], c[1])
				}
			}()
			LogNormalMedianP95(c[0], c[1], nil)
		}()
	}
}
