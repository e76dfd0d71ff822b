package model

import (
	"fmt"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/scenarios"
)

// BenchmarkReplication runs one replication of both orderings (one op) of a programmatic
// organization of 100 sites (bigScenario: 240 days, outages on). Compare ns/user
// between the two sizes: the goal is 100k users under 2 s per replication, under 1 GiB,
// and a cost per user at 100k within 1.5× of that at 2k. cf-s/op and sf-s/op split the
// op's wall time by ordering.
func BenchmarkReplication(b *testing.B) {
	for _, n := range []int{2000, 100000} {
		sc := bigScenario(100, n)
		b.Run(fmt.Sprintf("users=%dk", n/1000), func(b *testing.B) {
			b.ReportAllocs()
			var per [2]time.Duration
			for i := 0; i < b.N; i++ {
				for k, o := range []scenarios.Ordering{scenarios.ClientsFirst, scenarios.ServersFirst} {
					t0 := time.Now()
					if _, err := Run(sc, o, i); err != nil {
						b.Fatal(err)
					}
					per[k] += time.Since(t0)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/user")
			b.ReportMetric(per[0].Seconds()/float64(b.N), "cf-s/op")
			b.ReportMetric(per[1].Seconds()/float64(b.N), "sf-s/op")
		})
	}
}
