package sim

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Z95 is the 95th percentile of the standard normal distribution.
const Z95 = 1.6448536269514722

// Stream returns an independent PCG generator for (seed, rep, name): the same
// triple always gives the same sequence; different names or reps give
// independent sequences. Drawing from one stream never shifts another, so two
// variants of one replication that use the same stream names see the same
// random world (common random numbers).
//
// The two PCG words are derived by hashing the triple with FNV-1a (64 bit) and
// mixing the result with SplitMix64.
func Stream(seed uint64, rep int, name string) *rand.Rand {
	h := uint64(14695981039346656037) // FNV-1a offset basis
	const prime = 1099511628211
	word := func(v uint64) {
		for i := 0; i < 8; i++ {
			h ^= v & 0xff
			h *= prime
			v >>= 8
		}
	}
	word(seed)
	word(uint64(int64(rep)))
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= prime
	}
	s1 := splitmix64(&h)
	s2 := splitmix64(&h)
	return rand.New(rand.NewPCG(s1, s2))
}

// splitmix64 advances *x and returns the next SplitMix64 output.
func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// LogNormalMedianP95 is the lognormal through a median and a 95th percentile:
// Mu = ln(median), Sigma = (ln p95 − ln median)/z_0.95 (z_0.95 = 1.6448536269514722).
// p95 == median gives Sigma 0: every draw equals the median (to within one ulp,
// as exp(ln median) is rounded). Requires 0 < median <= p95, both finite;
// anything else is a programming error (validate user input first) and panics.
func LogNormalMedianP95(median, p95 float64, src rand.Source) distuv.LogNormal {
	if !(median > 0) || !(p95 >= median) || math.IsInf(p95, 1) {
		panic(fmt.Sprintf("sim: LogNormalMedianP95(%v, %v): need 0 < median <= p95 < Inf", median, p95))
	}
	mu := math.Log(median)
	return distuv.LogNormal{Mu: mu, Sigma: (math.Log(p95) - mu) / Z95, Src: src}
}
