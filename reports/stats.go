package reports

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Confidence is the two-sided confidence level of every interval in the reports.
const Confidence = 0.95

// tCritical is the Student-t quantile t(1 − (1−Confidence)/2, n − 1): the half-width
// of a confidence interval of a mean is tCritical(n)·SD/√n. It is 0 for n < 2, where
// no interval can be estimated.
func tCritical(n int) float64 {
	if n < 2 {
		return 0
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}
	return t.Quantile(1 - (1-Confidence)/2)
}

// Summarize computes the Stat of one metric from its per-replication values: the mean,
// the sample standard deviation (n − 1 in the denominator), the 95 % CI of the mean
// (a seeded percentile bootstrap over replications, bootstrapCI), the empirical 5th,
// 50th and 95th percentiles (the smallest value with at least that share of the
// values at or below it) and the extremes.
//
// The bootstrap interval lies within the smallest and largest value, so the CI of a
// metric that is never negative never goes below zero, as a Student-t interval of
// a heavy-tailed metric over few replications does (blocked user-hours 192, t-interval
// −14 to 398). With no values every field is zero; with one value the SD is 0 and the
// CI collapses onto the mean (nothing can be estimated from one replication).
// Summarize never returns NaN: non-finite inputs are the model's bug and are counted
// as zero.
func Summarize(values []float64) Stat {
	n := len(values)
	if n == 0 {
		return Stat{}
	}
	x := make([]float64, n)
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			v = 0
		}
		x[i] = v
	}
	mean, sd := meanSD(x)
	ci := bootstrapCI(x, mean)
	slices.Sort(x)
	return Stat{
		N:    n,
		Mean: mean,
		SD:   sd,
		CI95: ci,
		P5:   stat.Quantile(0.05, stat.Empirical, x, nil),
		P50:  stat.Quantile(0.50, stat.Empirical, x, nil),
		P95:  stat.Quantile(0.95, stat.Empirical, x, nil),
		Min:  x[0],
		Max:  x[n-1],
	}
}

// BootstrapResamples is how many resamples the percentile bootstrap of a mean draws.
const BootstrapResamples = 2000

// bootstrapSeed seeds every bootstrap: the same values always give the same
// interval, whatever the run's seed or worker count.
const bootstrapSeed = 0x5eed_b007

// IntervalMethod says in words how the reports' confidence intervals are computed;
// the text summary and the HTML report print it.
const IntervalMethod = "95 % CIs of each ordering's mean are percentile bootstrap intervals over replications " +
	"(2,000 resamples, fixed seed), so they stay within the values observed; " +
	"CIs of paired differences are Student-t intervals"

// bootstrapCI is the percentile bootstrap 95 % interval of the mean of x (in
// replication order): BootstrapResamples times, draw len(x) values from x with
// replacement and take their mean; the interval runs from the 2.5th to the 97.5th
// percentile of those means. Every resampled mean lies between min(x) and max(x), so
// the interval respects the metric's range. The draws come from a PCG generator
// seeded with bootstrapSeed and len(x): deterministic. The interval is widened to
// include mean if the percentiles miss it by rounding; it collapses onto the value
// for fewer than two values.
func bootstrapCI(x []float64, mean float64) [2]float64 {
	n := len(x)
	if n < 2 {
		return [2]float64{mean, mean}
	}
	rng := rand.New(rand.NewPCG(bootstrapSeed, uint64(n)))
	means := make([]float64, BootstrapResamples)
	for b := range means {
		sum := 0.0
		for i := 0; i < n; i++ {
			sum += x[rng.IntN(n)]
		}
		means[b] = sum / float64(n)
	}
	slices.Sort(means)
	alpha := (1 - Confidence) / 2
	lo := means[int(math.Floor(alpha*BootstrapResamples))]
	hi := means[int(math.Ceil((1-alpha)*BootstrapResamples))-1]
	return [2]float64{min(lo, mean), max(hi, mean)}
}

// meanSD returns the mean and the sample standard deviation of x (0 for one value).
func meanSD(x []float64) (mean, sd float64) {
	if len(x) == 1 {
		return x[0], 0
	}
	mean, sd = stat.MeanStdDev(x, nil)
	if math.IsNaN(sd) {
		sd = 0
	}
	return mean, sd
}

// Paired computes the paired difference a[i] − b[i] over replications: its mean, the
// Student-t 95 % CI of that mean, and whether the CI excludes zero. Because both
// orderings of replication i saw the same random world (common random numbers), the
// variance of the difference is smaller than that of either metric, so the interval
// is narrower than one built from two independent samples.
//
// Only the first min(len(a), len(b)) pairs are used. With fewer than two pairs the
// difference is never significant, nor when the CI clears zero only by rounding noise
// (less than 1e-9 of the largest value compared); a mean or CI bound within that
// noise is set to 0. better names the ordering with the better mean
// when the difference is significant: nameA when the difference favours a (it is
// negative and lowerIsBetter, or positive and not), else nameB.
func Paired(a, b []float64, nameA, nameB string, lowerIsBetter bool) Difference {
	n := min(len(a), len(b))
	if n == 0 {
		return Difference{}
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = finite(a[i]) - finite(b[i])
	}
	mean, sd := meanSD(d)
	half := tCritical(n) * sd / math.Sqrt(float64(n))
	diff := Difference{
		N:          n,
		Difference: mean,
		CI95:       [2]float64{mean - half, mean + half},
	}
	// Differences within rounding noise of the values themselves (e.g. 1e-17 between two
	// utilizations of 1) are not differences: the CI must clear zero by more than
	// relTolerance times the largest value compared.
	var scale float64
	for i := range d {
		scale = max(scale, math.Abs(finite(a[i])), math.Abs(finite(b[i])))
	}
	tol := relTolerance * scale
	// Rounding residue (the same value summed in another order) is written as 0.
	snap := func(v *float64) {
		if math.Abs(*v) <= tol {
			*v = 0
		}
	}
	snap(&diff.Difference)
	snap(&diff.CI95[0])
	snap(&diff.CI95[1])
	diff.Significant = n >= 2 && (diff.CI95[0] > tol || diff.CI95[1] < -tol)
	if diff.Significant {
		if (mean < 0) == lowerIsBetter {
			diff.Better = nameA
		} else {
			diff.Better = nameB
		}
	}
	return diff
}

// practical reports whether a significant difference d of paired values a and b is
// at least minRel of the larger of their means in magnitude (the decision rule's
// practical threshold; minRel 0 keeps every significant difference).
func practical(d Difference, a, b []float64, minRel float64) bool {
	if !d.Significant {
		return false
	}
	n := min(len(a), len(b))
	var sa, sb float64
	for i := 0; i < n; i++ {
		sa += finite(a[i])
		sb += finite(b[i])
	}
	larger := max(math.Abs(sa), math.Abs(sb)) / float64(n)
	return math.Abs(d.Difference) >= minRel*larger
}

// relTolerance is the relative size below which a paired difference is rounding noise.
const relTolerance = 1e-9

// finite maps NaN and ±Inf to 0 so that no output ever carries NaN.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
