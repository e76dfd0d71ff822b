package scenarios

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// An endless stream (a pipe fed by `yes`) is refused at the size limit: Load reads
// no more than the limit and one byte, however much the writer has to give.
func TestLoadEndlessStreamStopsAtLimit(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "endless.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	written := make(chan int64)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			written <- -1
			return
		}
		line := bytes.Repeat([]byte("y\n"), 32<<10)
		var n int64
		for {
			k, err := f.Write(line)
			n += int64(k)
			if err != nil { // the reader closed: broken pipe
				break
			}
		}
		f.Close()
		written <- n
	}()
	_, err := Load(fifo, nil)
	if err == nil || !strings.Contains(err.Error(), "larger than 16MiB") {
		t.Fatalf("Load(endless stream) = %v, want the size limit", err)
	}
	// the writer got at most the limit, one byte and what the pipe buffers
	if n := <-written; n < 0 || n > maxSourceBytes+1+(4<<20) {
		t.Errorf("the writer wrote %d bytes before the reader stopped, want about %d", n, maxSourceBytes)
	}
}

// A name with a control character is refused at its position, whatever the name
// (scenario, site, server).
func TestNamesWithControlCharactersRefused(t *testing.T) {
	src := "name: \"bad\\e[31mname\"\n" +
		"sites:\n" +
		"  - {name: \"Le\\x1beds\", users: 10, wan: {down: 1Mbps, up: 1Mbps}, local_server: true}\n"
	_, err := Parse("esc.yaml", []byte(src), nil)
	if err == nil {
		t.Fatal("accepted names with ESC characters")
	}
	for _, want := range []string{
		"esc.yaml:1:7: name: contains the control character U+001B at character 4",
		"esc.yaml:3:12: sites.Le\x1beds.name: contains the control character U+001B at character 3",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%s", want, err)
		}
	}
	if _, err := Parse("ok.yaml", []byte("name: \"Zürich – Genève\"\nsites:\n  - {name: Zürich, users: 10, wan: {down: 1Mbps, up: 1Mbps}, local_server: true}\n"), nil); err != nil {
		t.Errorf("plain non-ASCII names refused: %v", err)
	}
}

// A --set path far longer than any path of the format is refused up front, with
// the number of its components, instead of being walked (which costs time
// quadratic in its length).
func TestSetPathTooLong(t *testing.T) {
	long := strings.Repeat("a.", 59999) + "a" // 60,000 components
	_, err := Load("single-site", []string{long + "=1"})
	if err == nil || !strings.Contains(err.Error(), "--set:1:1: the path has 60000 components; no path of the format has more than 16") {
		t.Fatalf("Load with a 60,000-component --set path = %v", err)
	}
	// the deepest real path still works
	if _, err := Load("branch-consolidation", []string{"site_defaults.outages.wan.duration.median=1h"}); err != nil {
		t.Errorf("a 6-component path: %v", err)
	}
}
