package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "report.html")
	if err := WriteFile(p, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("second version")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "second version" {
		t.Fatalf("content = %q, want %q", got, "second version")
	}
}

func TestFailedWriteLeavesOldFileAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	if err := WriteFile(p, []byte("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("interrupted")
	err := Write(p, func(w io.Writer) error {
		io.WriteString(w, "half a rep")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "old" {
		t.Fatalf("content = %q, want the old file untouched", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want only the report (temporary file not removed)", len(entries))
	}
}

// noTemps fails when dir holds a temporary file.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.HasPrefix(e.Name(), ".rollout-check-") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

func TestSymlinkIsFollowedAndSurvives(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.html")
	link := filepath.Join(dir, "link.html")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.html", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link.html is no longer a symbolic link (%v, %v)", fi.Mode(), err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("the link's target holds %q, want %q", got, "new")
	}
	noTemps(t, dir)
}

func TestDanglingSymlinkCreatesItsTarget(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("made.json", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "made.json")); string(got) != "{}" {
		t.Errorf("target holds %q", got)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
}

func TestFIFOIsStreamedToNotReplaced(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo) // blocks until the writer opens
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	if err := WriteFile(fifo, []byte("streamed")); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "streamed" {
		t.Errorf("reader got %q, want %q", b, "streamed")
	}
	fi, err := os.Lstat(fifo)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO is no longer a FIFO: %v %v", fi.Mode(), err)
	}
	noTemps(t, dir)
}

func TestDeviceIsStreamedTo(t *testing.T) {
	// A null device of its own (never the machine's /dev/null: a regression here
	// would replace it); creating one needs privileges, so without them this skips.
	dev := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(unixMkdev(1, 3))); err != nil {
		t.Skipf("cannot create a device node here: %v", err)
	}
	if f, err := os.OpenFile(dev, os.O_WRONLY, 0); err != nil {
		t.Skipf("cannot open a device node here (a nodev mount?): %v", err)
	} else {
		f.Close()
	}
	if err := Check(dev); err != nil {
		t.Fatalf("Check(%s) = %v", dev, err)
	}
	// As root, a rename over the device would succeed and replace it; the write
	// must go into the device and leave it a device.
	if err := WriteFile(dev, []byte("discarded")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(dev); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device: %v", dev, err)
	}
	if got := entries(t, filepath.Dir(dev)); len(got) != 1 {
		t.Errorf("folder holds %v, want only the device", got)
	}
}

// unixMkdev is the Linux device number of major, minor.
func unixMkdev(major, minor uint64) uint64 {
	return (major&0xfff)<<8 | (minor & 0xff) | (minor&^0xff)<<12 | (major&^0xfff)<<32
}

// entries lists a folder's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestExistingModeKept(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secret.html")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 kept", fi.Mode().Perm())
	}
}

func TestNewFileHonoursUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	p := filepath.Join(t.TempDir(), "new.html")
	if err := WriteFile(p, []byte("x")); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	// 0666 &^ 0077 = 0600
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 under umask 077", fi.Mode().Perm())
	}
}

func TestTxnSecondFailureLeavesFirstUntouched(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.csv")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tx := New(context.Background())
	if err := tx.AddFile(a, []byte("new a")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := tx.Add(b, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	tx.Abort()
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != "old" {
			t.Errorf("%s = %q, want the old content", filepath.Base(p), got)
		}
	}
	noTemps(t, dir)
}

func TestTxnCommitsAllTogether(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	tx := New(context.Background())
	if err := tx.AddFile(a, []byte("A")); err != nil {
		t.Fatal(err)
	}
	if err := tx.AddFile(b, []byte("B")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a); err == nil {
		t.Fatal("a exists before Commit")
	}
	if tmp := tx.Temp(a); tmp == "" {
		t.Fatal("no temporary file for a")
	} else if got, _ := os.ReadFile(tmp); string(got) != "A" {
		t.Fatalf("temporary holds %q", got)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tx.Written(); len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("Written() = %v", got)
	}
	noTemps(t, dir)
}

func TestTxnCancelledWritesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	tx := New(ctx)
	if err := tx.MkdirAll(filepath.Join(dir, "new", "deeper")); err != nil {
		t.Fatal(err)
	}
	if err := tx.AddFile(filepath.Join(dir, "new", "deeper", "x.csv"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := tx.Commit(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Commit after cancel = %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("folder holds %d entries after a cancelled transaction, want none (the created folders removed too)", len(entries))
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want string // "" for success, else a substring of the error
	}{
		{filepath.Join(dir, "x.html"), ""},
		{filepath.Join(dir, "missing", "x.html"), "does not exist"},
		{sub, "is a folder"},
	} {
		err := Check(c.path)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("Check(%s) = %v, want %q", c.path, err, c.want)
		}
	}
	if err := CheckDir(filepath.Join(dir, "new", "deeper")); err != nil {
		t.Errorf("CheckDir of a folder that can be created = %v", err)
	}
	if err := CheckDir(filepath.Join(dir, "x.html", "deeper")); err != nil {
		t.Errorf("CheckDir below a missing file = %v, want nil (x.html does not exist, dir is creatable)", err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if err := CheckDir(file); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("CheckDir of a file = %v", err)
	}
	noTemps(t, dir)
}

func TestCheckUnwritableFolder(t *testing.T) {
	dir := t.TempDir()
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
	if err := Check(filepath.Join(ro, "x.html")); err == nil || !strings.Contains(err.Error(), "cannot create files") {
		t.Errorf("Check in a read-only folder = %v", err)
	}
	if err := CheckDir(filepath.Join(ro, "csv")); err == nil {
		t.Error("CheckDir below a read-only folder = nil")
	}
}

// /proc/self/fd/N (as /dev/stdout is) links to a pipe that has no path: the write
// goes into the pipe.
func TestProcFDLinkIsStreamedTo(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	link := "/proc/self/fd/" + strconv.Itoa(int(w.Fd()))
	if _, err := os.Lstat(link); err != nil {
		t.Skipf("no %s: %v", link, err)
	}
	got := make(chan []byte)
	go func() { b, _ := io.ReadAll(r); got <- b }()
	if err := Check(link); err != nil {
		t.Fatalf("Check(%s) = %v", link, err)
	}
	if err := WriteFile(link, []byte("into the pipe")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if b := <-got; string(b) != "into the pipe" {
		t.Errorf("pipe got %q", b)
	}
}
