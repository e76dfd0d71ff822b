package model

import (
	"fmt"
	"testing"

	"rollout/scenarios"
)

// BenchmarkReplication runs one replication of both orderings of a programmatic
// organization of 100 sites (240 days, outages on). Compare ns/op divided by users
// between the two sizes: the goal is 100k users under 2 s per replication, under 1 GiB,
// and a cost per user at 100k within 1.5× of that at 2k.
func BenchmarkReplication(b *testing.B) {
	for _, n := range []int{2000, 100000} {
		sc := bigScenario(100, n)
		b.Run(fmt.Sprintf("users=%dk", n/1000), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, o := range []scenarios.Ordering{scenarios.ClientsFirst, scenarios.ServersFirst} {
					if _, err := Run(sc, o, i); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/user")
		})
	}
}
