package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/reports"
	"github.com/rollout-sim/rollout/reports/experiment"
)

// TestMain lets a test run the command in a child process (for signals): with
// ROLLOUT_TEST_ARGS set (arguments separated by the unit separator, 0x1f), the
// test binary is rollout with those arguments.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("ROLLOUT_TEST_ARGS"); ok {
		os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

const tiny = "testdata/compare_tiny.yaml"

// entries lists a folder's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// noTemporaryFiles fails the test for every temporary output file (".tmp-") left
// in the folders.
func noTemporaryFiles(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		for _, name := range entries(t, d) {
			if strings.Contains(name, ".tmp-") {
				t.Errorf("temporary file %s left in %s", name, d)
			}
		}
	}
}

// refusedBeforeRun runs args and checks the run was refused with exit 2, one line on
// stderr containing want, and no replication started.
func refusedBeforeRun(t *testing.T, want string, args ...string) {
	t.Helper()
	before := experiment.Started()
	code, out, errOut := runCLI(t, args...)
	if code != exitInvalid {
		t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitInvalid, errOut)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, want) {
		t.Errorf("%v: stderr %q, want one line with %q", args, errOut, want)
	}
	if out != "" {
		t.Errorf("%v: stdout %q", args, out)
	}
	if n := experiment.Started() - before; n != 0 {
		t.Errorf("%v: %d replications ran before the refusal", args, n)
	}
}

// Destinations are checked before any replication runs.
func TestDestinationsCheckedBeforeRun(t *testing.T) {
	dir := t.TempDir()
	refusedBeforeRun(t, "folder "+filepath.Join(dir, "missing")+" does not exist",
		"compare", tiny, "-r", "500", "-o", filepath.Join(dir, "missing", "x.html"))
	refusedBeforeRun(t, "is a folder; name a file", "compare", tiny, "-r", "500", "-o", dir)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	refusedBeforeRun(t, "is not a folder", "compare", tiny, "-r", "500", "-o", "", "--csv", file)
	refusedBeforeRun(t, "only one output can go to stdout", "compare", tiny, "--json", "-", "-o", "-")
	refusedBeforeRun(t, "-o and --json both name", "compare", tiny, "--json", filepath.Join(dir, "a"), "-o", filepath.Join(dir, "a"))
	refusedBeforeRun(t, "--png needs a folder", "compare", tiny, "--png", "-")

	t.Run("no Chromium", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		refusedBeforeRun(t, "--png: no Chromium found", "compare", tiny, "-r", "500", "-o", filepath.Join(dir, "r.html"), "--png", filepath.Join(dir, "png"))
	})
	t.Run("unwritable folder", func(t *testing.T) {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o755)
		if f, err := os.CreateTemp(ro, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("running with privileges that ignore folder permissions")
		}
		refusedBeforeRun(t, "cannot create files in folder", "compare", tiny, "-r", "500", "-o", filepath.Join(ro, "x.html"))
	})
	if got := entries(t, dir); len(got) != 2 { // file, ro
		t.Errorf("folder holds %v after refused runs", got)
	}
}

// -o into a FIFO streams the report into it and leaves the FIFO a FIFO.
func TestReportIntoFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "report.html")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs: %v", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	code, _, errOut := runCLI(t, "compare", tiny, "-r", "2", "--quiet", "-o", fifo)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if b := <-got; !bytes.Contains(b, []byte("<html")) || !bytes.Contains(b, []byte("</html>")) {
		t.Errorf("the FIFO's reader got %d bytes, not a whole report", len(b))
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v, want only the FIFO", got)
	}
}

// -o link.html updates the file the link points to, and the link survives; an
// existing 0600 report stays 0600.
func TestReportThroughSymlinkKeepsMode(t *testing.T) {
	dir := t.TempDir()
	real, link := filepath.Join(dir, "real.html"), filepath.Join(dir, "link.html")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(real, 0o600)
	if err := os.Symlink("real.html", link); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "compare", tiny, "-r", "2", "--quiet", "-o", link)
	if code != exitOK || errOut != "Wrote "+link+"\n" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	b, _ := os.ReadFile(real)
	if !bytes.Contains(b, []byte("</html>")) {
		t.Errorf("the link's target was not updated: %q", b[:min(len(b), 40)])
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", fi.Mode().Perm())
	}
}

// When the second output fails while the outputs are written, the first is left
// untouched and no temporary file remains.
func TestSecondOutputFailureLeavesFirstUntouched(t *testing.T) {
	dir := t.TempDir()
	js, csvDir := filepath.Join(dir, "a.json"), filepath.Join(dir, "csv")
	os.WriteFile(js, []byte("old json"), 0o644)
	// a folder where the CSV file metrics.csv must go: the check of the folder
	// passes, the write of that file fails
	if err := os.MkdirAll(filepath.Join(csvDir, "metrics.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(csvDir, "comparison.csv"), []byte("old csv"), 0o644)
	code, out, errOut := runCLI(t, "compare", tiny, "-r", "2", "--quiet", "-o", "", "--json", js, "--csv", csvDir)
	if code != exitFailed || !strings.Contains(errOut, "metrics.csv") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if out != "" || strings.Contains(errOut, "Wrote") {
		t.Errorf("stdout %q, stderr %q: nothing should be reported written", out, errOut)
	}
	if b, _ := os.ReadFile(js); string(b) != "old json" {
		t.Errorf("a.json = %q, want the old content", b)
	}
	if b, _ := os.ReadFile(filepath.Join(csvDir, "comparison.csv")); string(b) != "old csv" {
		t.Errorf("comparison.csv = %q, want the old content", b)
	}
	noTemporaryFiles(t, dir, csvDir)
}

// SIGTERM (and SIGHUP, and Ctrl-C) during a long compare: exit 1, "interrupted;
// nothing written", no output and no temporary file.
func TestSignalStopsRunWritesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0])
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "ROLLOUT_TEST_ARGS="+strings.Join([]string{
			"compare", "branch-consolidation", "-r", "500", "--workers", "1", "--json", "a.json", "--csv", "csv"}, "\x1f"))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForRun(t, cmd.Process.Pid)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitFailed {
			t.Fatalf("%v: %v (stderr %q), want exit %d", sig, err, stderr.String(), exitFailed)
		}
		if stderr.String() != "rollout compare: interrupted; nothing written\n" || stdout.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q", sig, stdout.String(), stderr.String())
		}
		if got := entries(t, dir); len(got) != 0 {
			t.Errorf("%v: files left: %v", sig, got)
		}
	}
}

// waitForRun waits until process pid has used 0.2 s of CPU (utime + stime in
// /proc/PID/stat, in 1/100 s): by then it has long installed its signal handlers
// (the first thing a run does) and is simulating. The Go runtime catches every
// signal from the start, so the signal mask cannot tell.
func waitForRun(t *testing.T, pid int) {
	t.Helper()
	for {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			t.Skipf("cannot read the child's CPU time: %v", err)
		}
		// fields after the command name in parentheses: state is field 3, utime 14, stime 15
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		utime, _ := strconv.Atoi(f[11])
		stime, _ := strconv.Atoi(f[12])
		if utime+stime >= 20 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A panic is an internal error: exit 3 and one line that says so, never 2.
func TestPanicExits3(t *testing.T) {
	register(&command{name: "test-panic", summary: "panics (tests only)", run: func(*env, *pflag.FlagSet) int { panic("boom") }})
	defer delete(commands, "test-panic")
	code, _, errOut := runCLI(t, "test-panic")
	if code != exitBug {
		t.Errorf("exit %d, want %d", code, exitBug)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "internal error (a bug in rollout") || !strings.Contains(errOut, "boom") || !strings.Contains(errOut, "please report it") {
		t.Errorf("stderr %q", errOut)
	}
}

// An internal error exits with exitBug.
func TestRunErrorBugExitCode(t *testing.T) {
	var e bytes.Buffer
	if code := reportRunError(&env{stderr: &e}, "compare", bugf("x")); code != exitBug {
		t.Errorf("reportRunError(bug) = %d, want %d", code, exitBug)
	}
}

// A failed write to stdout makes the command fail.
func TestStdoutWriteErrorExits1(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	var errb bytes.Buffer
	code := run([]string{"validate", tiny}, full, &errb)
	if code != exitFailed || !strings.Contains(errb.String(), "cannot write to stdout") {
		t.Errorf("validate > /dev/full: exit %d, stderr %q", code, errb.String())
	}
}

// A run estimated to need more memory than the limit is refused before it starts,
// with the estimate and what to change; a higher --max-memory lets it run.
func TestMemoryEstimateRefusesBeforeRun(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("name: big\nstart: 2004-03-01\nhorizon: 120d\n" +
		"datacenter: {name: DC, link: {down: 100Mbps, up: 100Mbps}, servers: [{name: EX03-A}]}\nsites:\n")
	for i := 0; i < 100; i++ {
		local := "false"
		if i == 0 {
			local = "true"
		}
		b.WriteString("  - {name: S" + strconv.Itoa(i) + ", users: 10000000, wan: {down: 2Mbps, up: 2Mbps}, local_server: " + local + "}\n")
	}
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte(b.String()), 0o644)
	// 100 sites × 10M users × 200 bytes a user is 200 GB a world
	refusedBeforeRun(t, "a run needs about", "compare", big, "-o", "")
	refusedBeforeRun(t, "use fewer workers (--workers 1), a coarser bucket", "compare", big, "-o", "", "--max-memory", "1TB")
	refusedBeforeRun(t, "more than the limit of 10 MB (--max-memory)", "compare", tiny, "-r", "1", "-o", "", "--max-memory", "10MB")
	if code, _, errOut := runCLI(t, "compare", tiny, "-r", "1", "-o", "", "--max-memory", "2GB"); code != exitOK {
		t.Errorf("tiny with --max-memory 2GB: exit %d, %s", code, errOut)
	}
}

// The replication and worker caps hold on the command line too.
func TestCapsOnEveryPath(t *testing.T) {
	refusedBeforeRun := func(want string, args ...string) {
		t.Helper()
		code, _, errOut := runCLI(t, args...)
		if code != exitInvalid || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	refusedBeforeRun("--replications must be from 1 to 100000", "compare", tiny, "-r", "9223372036854775807")
	refusedBeforeRun("--replications must be from 1 to 100000", "sweep", tiny, "--param", "rollout.gap", "--values", "1d,2d", "-r", "100001")
	refusedBeforeRun("--workers must be from 0", "compare", tiny, "--workers", "100000")
}

// '-' is stdout for -o and --csv as for --json.
func TestDashIsStdout(t *testing.T) {
	code, out, errOut := runCLI(t, "compare", tiny, "-r", "2", "--quiet", "-o", "-")
	if code != exitOK || !strings.HasPrefix(out, "<!DOCTYPE html>") && !strings.HasPrefix(strings.ToLower(out), "<!doctype html>") || errOut != "" {
		t.Errorf("-o -: exit %d, stdout starts %q, stderr %q", code, out[:min(len(out), 30)], errOut)
	}
	code, out, _ = runCLI(t, "compare", tiny, "-r", "2", "--quiet", "-o", "", "--csv", "-")
	if code != exitOK || !strings.HasPrefix(out, "# metrics.csv\nordering,metric,") || !strings.Contains(out, "\n\n# comparison.csv\n") {
		t.Errorf("--csv -: exit %d, stdout starts %q", code, out[:min(len(out), 60)])
	}
}

// Control characters from a scenario are made visible before they reach a terminal.
func TestEscapeControls(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\n":   "plain\ttext\n",
		"Le\x1b[31meds":   `Le\x1b[31meds`,
		"bell\a cr\r":     `bell\x07 cr\x0d`,
		"Zürich \u009b1m": `Zürich \u009b1m`,
		"bad \xff byte":   `bad \xff byte`,
		"del\x7f":         `del\x7f`,
	} {
		if got := escapeControls(in); got != want {
			t.Errorf("escapeControls(%q) = %q, want %q", in, got, want)
		}
	}
}

// --png draws the charts from the report's temporary file, before anything is
// renamed: the report and every chart are written together.
func TestPNGsWrittenWithReport(t *testing.T) {
	if _, err := reports.FindChromium(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	report, charts := filepath.Join(dir, "r.html"), filepath.Join(dir, "charts")
	code, _, errOut := runCLI(t, "compare", tiny, "-r", "2", "--quiet", "-o", report, "--png", charts)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pngs, _ := filepath.Glob(filepath.Join(charts, "*.png"))
	if len(pngs) == 0 || !strings.Contains(errOut, "Wrote "+report+"\n") || strings.Count(errOut, ".png\n") != len(pngs) {
		t.Errorf("%d PNGs; stderr:\n%s", len(pngs), errOut)
	}
	noTemporaryFiles(t, dir, charts)
}

// `rollout scenarios show /dev/stdin` reads the piped file once: it validates it
// and prints it as written (reading it a second time would find the pipe empty).
func TestScenariosShowFromPipe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	src, err := os.ReadFile(tiny)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "ROLLOUT_TEST_ARGS="+strings.Join([]string{"scenarios", "show", "/dev/stdin"}, "\x1f"))
	cmd.Stdin = bytes.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v (stderr %q)", err, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), src) {
		t.Errorf("printed %d bytes, want the %d bytes piped in", stdout.Len(), len(src))
	}
}
