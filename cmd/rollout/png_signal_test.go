package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rollout-sim/rollout/reports"
)

// Ctrl-C while the PNG images are being drawn: the run exits 1 with one line, and
// leaves no report, no JSON, no image folder, no browser process and no browser
// profile behind. The signal is sent once the child has started a browser, so it
// lands during the export, after the simulation.
func TestInterruptDuringPNGExportWritesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process and a browser")
	}
	if _, err := reports.FindChromium(); err != nil {
		t.Skip("needs Chromium")
	}
	dir := t.TempDir()
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "ROLLOUT_TEST_ARGS="+strings.Join([]string{
		"compare", "single-site", "-r", "2", "--png", "png", "-o", "r.html", "--json", "r.json"}, "\x1f"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitForChild(cmd.Process.Pid, "chrom", 60*time.Second) {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Skipf("no browser started (stderr %q)", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailed {
		t.Fatalf("%v (stderr %q), want exit %d", err, stderr.String(), exitFailed)
	}
	if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n"); lines != 0 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q, want one line saying it was interrupted", stderr.String())
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
	if got := entries(t, tmp); len(got) != 0 {
		t.Errorf("temporary files left: %v", got)
	}
	if waitForChild(cmd.Process.Pid, "chrom", 0) {
		t.Error("a browser process of the run is still alive")
	}
}

// waitForChild reports whether a live process whose parent chain leads to pid and
// whose command line contains name appears within d (0: look once).
func waitForChild(pid int, name string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if hasDescendant(pid, name) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func hasDescendant(pid int, name string) bool {
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	parent := map[int]int{}
	state := map[int]string{}
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 2 {
			continue
		}
		id, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		pp, _ := strconv.Atoi(f[1])
		parent[id], state[id] = pp, f[0]
	}
	for id := range parent {
		if state[id] == "Z" {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(id), "cmdline"))
		if !strings.Contains(string(cmdline), name) {
			continue
		}
		for a, n := parent[id], 0; a > 1 && n < 64; a, n = parent[a], n+1 {
			if a == pid {
				return true
			}
		}
	}
	return false
}
