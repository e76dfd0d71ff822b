package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/rollout-sim/rollout/model"
	"github.com/rollout-sim/rollout/scenarios"
)

// maxWorkers is the most --workers accepted: more replications in parallel than
// CPUs only adds memory, far more is a typo.
func maxWorkers() int { return max(64, 4*runtime.NumCPU()) }

// Memory figures, in bytes.
const (
	memBase = 64 << 20 // the program, the scenario, the report's text and charts
	// memSafety covers the garbage collector's headroom over live memory and what
	// the estimate leaves out (measured peaks were within it).
	memSafety = 1.25
	// memCSVPerValue is the CSV text of one series value while it is written
	// (row slices, the number as a string, the file's bytes).
	memCSVPerValue = 48
)

// machineMemory returns the memory this process may use, in bytes: the machine's
// (MemTotal in /proc/meminfo) or its control group's limit, whichever is smaller;
// 0 when unknown.
func machineMemory() float64 {
	total := 0.0
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				if kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64); err == nil {
					total = kb * 1024
				}
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64); err == nil && v > 0 && (total == 0 || v < total) {
			total = v
		}
	}
	return total
}

// memoryPlan is the estimated peak memory of a run and the limit it is held to.
type memoryPlan struct {
	est      model.MemoryEstimate // one replication of one ordering (the largest sweep point)
	workers  int                  // replications in parallel
	peak     float64              // bytes
	limit    float64              // bytes
	limitWhy string               // where the limit comes from
}

// planMemory estimates the peak memory of running every scenario of scs (one, or
// a sweep's points one after the other) with ords orderings on workers workers.
// Each worker holds one world and its results; up to 2 × workers replications'
// results wait to be aggregated; the aggregate holds a sum and a mean series per
// ordering; CSV output holds the series as text once more.
func planMemory(scs []*scenarios.Scenario, ords, workers int, csv bool) memoryPlan {
	p := memoryPlan{workers: workers}
	for _, sc := range scs {
		est := model.EstimateMemory(sc)
		w := min(workers, sc.Simulation.Replications)
		res := float64(ords) * est.ResultBytes
		live := float64(w)*est.WorldBytes + float64(min(2*w, sc.Simulation.Replications))*res + 3*res
		if csv {
			live += float64(ords*est.SeriesLines*est.Buckets) * memCSVPerValue
		}
		if peak := memSafety*live + memBase; peak > p.peak {
			p.peak, p.est = peak, est
		}
	}
	return p
}

// admitMemory refuses a run whose estimated peak memory exceeds the limit
// (--max-memory, by default half the machine's memory, never more than all of it),
// saying what to change; otherwise it sets Go's memory limit to the limit, so the
// collector works harder before the kernel would kill the process. It returns the
// message to print, or "".
func admitMemory(p *memoryPlan, maxMemory float64, sc *scenarios.Scenario) string {
	machine := machineMemory()
	switch {
	case maxMemory > 0:
		p.limit, p.limitWhy = maxMemory, "--max-memory"
	case machine > 0:
		p.limit, p.limitWhy = machine/2, "half of this machine's memory; raise it with --max-memory"
	default:
		p.limit, p.limitWhy = 4e9, "the default when the machine's memory is unknown; raise it with --max-memory"
	}
	if machine > 0 && p.limit > machine {
		p.limit, p.limitWhy = machine, "all of this machine's memory"
	}
	if p.peak > p.limit {
		bucket := scenarios.Duration(sc.Simulation.Bucket)
		return fmt.Sprintf("a run needs about %s of memory (estimated: %d worker(s) × %s per replication, results of %d series × %d buckets), more than the limit of %s (%s); "+
			"use fewer workers (--workers 1), a coarser bucket (--set simulation.bucket=…, now %s), a shorter horizon, or fewer users and sites",
			gb(p.peak), p.workers, gb(p.est.WorldBytes), p.est.SeriesLines, p.est.Buckets, gb(p.limit), p.limitWhy, bucket)
	}
	if p.limit < math.MaxInt64 {
		debug.SetMemoryLimit(int64(p.limit))
	}
	return ""
}

// gb writes bytes as gigabytes (1e9) with one decimal, or megabytes below 1 GB.
func gb(b float64) string {
	if b < 1e9 {
		return fmt.Sprintf("%.0f MB", b/1e6)
	}
	return fmt.Sprintf("%.1f GB", b/1e9)
}
