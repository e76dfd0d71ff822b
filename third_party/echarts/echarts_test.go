package echarts

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// TestEmbeddedMatchesSums guards against a hand-edited or half-updated copy: the
// embedded bundle and every other file fetch.sh wrote must hash to the SHA-256 it
// recorded.
func TestEmbeddedMatchesSums(t *testing.T) {
	sum := sha256.Sum256([]byte(MinJS))
	got := hex.EncodeToString(sum[:])
	if want := SHA256(); got != want {
		t.Fatalf("echarts.report.min.js SHA-256 = %s, SHA256SUMS says %q: run `go generate ./third_party/echarts`", got, want)
	}
	for _, name := range []string{"echarts.min.js", "LICENSE", "NOTICE", "LICENSE-zrender", "LICENSE-tslib"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got, want := hex.EncodeToString(sum[:]), sumOf(name); got != want {
			t.Errorf("%s SHA-256 = %s, SHA256SUMS says %q: run `go generate ./third_party/echarts`", name, got, want)
		}
	}
	if !strings.Contains(MinJS, `"`+Version()+`"`) {
		t.Errorf("echarts.report.min.js does not mention version %q from VERSION", Version())
	}
	// The reports call these; a bundle without them would draw nothing.
	for _, api := range []string{"getInstanceByDom", "encodeHTML", "init"} {
		if !strings.Contains(MinJS, api) {
			t.Errorf("echarts.report.min.js lacks %s", api)
		}
	}
}
