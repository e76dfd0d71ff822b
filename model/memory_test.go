package model

import (
	"testing"

	"github.com/rollout-sim/rollout/scenarios"
)

// The estimate counts the Result's series lines exactly and grows with users, sites
// and buckets as the world does.
func TestEstimateMemory(t *testing.T) {
	sc := scenarios.MustLoad("single-site")
	est := EstimateMemory(sc)
	r, err := Run(sc, scenarios.ClientsFirst, 0)
	if err != nil {
		t.Fatal(err)
	}
	lines, buckets := 0, 0
	for _, g := range r.Series.Groups {
		lines += len(g.Lines)
		for _, l := range g.Lines {
			buckets = max(buckets, len(l.Values))
		}
	}
	// single-site: 8 states + 4 links (WAN down/up, datacenter in/out) + 7 classes +
	// 2 servers' syncs + 1 2003 server's moves = 22 lines; 120 d of 1 h = 2,880 buckets
	if est.SeriesLines != lines || lines != 22 || est.Buckets != buckets || buckets != 2880 {
		t.Errorf("estimate: %d lines × %d buckets; result: %d × %d; want 22 × 2880", est.SeriesLines, est.Buckets, lines, buckets)
	}
	if want := 22.0*2880*8 + memBytesPerSiteResult; est.ResultBytes != want { // and one site's row
		t.Errorf("ResultBytes = %v, want %v", est.ResultBytes, want)
	}
	if est.WorldBytes <= est.ResultBytes {
		t.Errorf("WorldBytes %v not above ResultBytes %v: the world records at least what the result holds", est.WorldBytes, est.ResultBytes)
	}

	more := *sc
	more.Sites = append([]scenarios.Site(nil), sc.Sites...)
	more.Sites[0].Users *= 10
	if e := EstimateMemory(&more); e.WorldBytes-est.WorldBytes != 9*400*memBytesPerUser {
		t.Errorf("ten times the users adds %v bytes, want 9 × 400 × %d", e.WorldBytes-est.WorldBytes, memBytesPerUser)
	}
	finer := *sc
	finer.Simulation.Bucket = sc.Simulation.Bucket / 60 // 1 min: 172,800 buckets
	if e := EstimateMemory(&finer); e.Buckets != 172800 || e.ResultBytes-memBytesPerSiteResult != 60*(est.ResultBytes-memBytesPerSiteResult) {
		t.Errorf("1 min buckets: %d buckets, %v bytes; want 172800 and 60× the series of %v", e.Buckets, e.ResultBytes, est.ResultBytes)
	}
}
