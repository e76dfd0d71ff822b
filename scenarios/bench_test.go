package scenarios

import "testing"

// BenchmarkParseExample measures parsing and resolving the reference example
// (the fuzz target's main cost); BenchmarkResolvedYAML the text round trip.
func BenchmarkParseExample(b *testing.B) {
	src, _ := BuiltinSource(DefaultScenario)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("x.yaml", src, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolvedYAML(b *testing.B) {
	sc := MustLoad(DefaultScenario)
	b.ReportAllocs()
	for b.Loop() {
		_ = sc.ResolvedYAML()
	}
}
