package echarts

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestEmbeddedMatchesSums guards against a hand-edited or half-updated copy: the
// embedded library must hash to the SHA-256 that fetch.sh recorded.
func TestEmbeddedMatchesSums(t *testing.T) {
	sum := sha256.Sum256([]byte(MinJS))
	got := hex.EncodeToString(sum[:])
	if want := SHA256(); got != want {
		t.Fatalf("echarts.min.js SHA-256 = %s, SHA256SUMS says %q: run `go generate ./third_party/echarts`", got, want)
	}
	if !strings.Contains(MinJS, `version="`+Version()+`"`) && !strings.Contains(MinJS, `"`+Version()+`"`) {
		t.Errorf("echarts.min.js does not mention version %q from VERSION", Version())
	}
}
