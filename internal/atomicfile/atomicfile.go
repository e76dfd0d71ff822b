// Package atomicfile writes files so that a reader never sees half of one: the content
// goes to a temporary file in the same folder, which is renamed over the target only
// when every byte has been written and synced. An interrupted run leaves the old file
// (or none) in place, never a truncated report.
//
// Only regular files are replaced. A symbolic link is followed: the file it points to
// is replaced and the link stays. A device, a named pipe (FIFO) or a socket is opened
// and streamed to, never replaced, so that writing to /dev/null or a pipe is safe even
// as root. A replaced file keeps its permissions; a new file gets 0666 less the umask.
//
// A Txn writes several files as one transaction: every temporary file is written
// first, then all are renamed; a failure before the renames removes every temporary
// file and leaves all the old files untouched.
package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxLinks bounds how many symbolic links Resolve follows (as Linux's ELOOP does).
const maxLinks = 40

// Resolve follows path's symbolic links and returns the path that is really
// written and what is there now (nil when nothing is). A regular file comes back as
// its real path (its temporary file goes beside it); anything else that exists —
// a device, a FIFO, /dev/stdout, a folder — comes back as given, to be opened by
// that name (the kernel follows links such as /proc/self/fd/1, which name no path);
// for a dangling link, the path the link points to, where a new file goes.
func Resolve(path string) (string, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.Mode().IsRegular():
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", nil, err
		}
		return real, fi, nil
	case err == nil:
		return path, fi, nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", nil, err
	}
	p := path
	for i := 0; ; i++ {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return "", nil, fmt.Errorf("%s: %s appeared while being resolved", path, p)
		}
		if i == maxLinks {
			return "", nil, fmt.Errorf("%s: too many levels of symbolic links", path)
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
}

// Check reports, without writing anything, whether path can be written: a regular
// file or nothing, in an existing folder where a file can be created, or a device,
// FIFO or socket to stream to. It fails for a folder and for a missing folder.
func Check(path string) error {
	if path == "" {
		return errors.New("empty file name")
	}
	real, fi, err := Resolve(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if fi != nil {
		switch {
		case fi.IsDir():
			return fmt.Errorf("%s is a folder; name a file", path)
		case !fi.Mode().IsRegular():
			return nil // streamed to
		}
	}
	if err := checkFolder(filepath.Dir(real)); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// CheckDir reports whether files can be written into dir: an existing folder where
// files can be created, or a folder that can be created in its nearest existing
// ancestor.
func CheckDir(dir string) error {
	if dir == "" {
		return errors.New("empty folder name")
	}
	d := dir
	for {
		real, fi, err := Resolve(d)
		if err != nil {
			return fmt.Errorf("%s: %w", dir, unwrap(err))
		}
		if fi != nil {
			if !fi.IsDir() {
				if d == dir {
					return fmt.Errorf("%s is not a folder", dir)
				}
				return fmt.Errorf("%s: %s is not a folder", dir, d)
			}
			if err := checkFolder(real); err != nil {
				return fmt.Errorf("%s: %w", dir, err)
			}
			return nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return fmt.Errorf("%s: no existing folder above it", dir)
		}
		d = parent
	}
}

// checkFolder reports whether dir is an existing folder in which a file can be
// created, by creating and removing an empty temporary file (permissions alone do not
// tell: root, read-only file systems, access control lists).
func checkFolder(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("folder %s does not exist", dir)
		}
		return unwrap(err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	f, err := os.CreateTemp(dir, ".rollout-check-*")
	if err != nil {
		return fmt.Errorf("cannot create files in folder %s: %w", dir, unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Write creates or replaces path with what write produces. If write returns an error,
// or anything fails on the way, the target is left untouched and the temporary file
// is removed.
func Write(path string, write func(w io.Writer) error) error {
	t := New(context.Background())
	if err := t.Add(path, write); err != nil {
		t.Abort()
		return err
	}
	return t.Commit()
}

// WriteFile is Write for content already in memory.
func WriteFile(path string, data []byte) error {
	return Write(path, bytesWriter(data))
}

func bytesWriter(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// Txn is a set of files written as one transaction. Add writes each regular file's
// content to a temporary file; Commit streams the devices and FIFOs, then renames
// every temporary file over its target. Abort (or a failed Add or Commit) removes
// every temporary file and every folder MkdirAll created. A Txn is not safe for
// concurrent use.
type Txn struct {
	ctx     context.Context
	files   []*pending
	dirs    []string // created by MkdirAll, deepest last
	written []string
	done    bool
}

// pending is one file of a Txn.
type pending struct {
	path   string // as given
	real   string // after following symbolic links
	tmp    string // the temporary file; "" for a stream
	stream func(io.Writer) error
}

// New starts a transaction. When ctx is cancelled, Add and Commit fail with ctx's
// error before the first rename (the renames, once begun, all run).
func New(ctx context.Context) *Txn { return &Txn{ctx: ctx} }

// MkdirAll creates dir and its missing parents (0777 less the umask); Abort removes
// those it created if they are empty.
func (t *Txn) MkdirAll(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	for i := len(missing) - 1; i >= 0; i-- {
		t.dirs = append(t.dirs, missing[i])
	}
	return nil
}

// Add writes path's new content with write: to a temporary file beside a regular file
// (or where a new file goes), or, for a device, FIFO or socket, nothing yet (write is
// called again by Commit to stream to it). On error nothing of path is left and the
// caller should Abort.
func (t *Txn) Add(path string, write func(w io.Writer) error) (err error) {
	if t.done {
		return errors.New("atomicfile: Add after Commit or Abort")
	}
	if err := t.ctx.Err(); err != nil {
		return err
	}
	real, fi, err := Resolve(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	p := &pending{path: path, real: real}
	if fi != nil {
		if fi.IsDir() {
			return fmt.Errorf("write %s: is a folder", path)
		}
		if !fi.Mode().IsRegular() {
			p.stream = write
			t.files = append(t.files, p)
			return nil
		}
	}
	perm := fs.FileMode(0o666) &^ umask()
	if fi != nil {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(real)
	if dir == "" {
		dir = "."
	}
	// .NAME.tmp-RANDOM.EXT: hidden, and of the target's type for a reader that
	// goes by the extension (a browser opening a report before Commit)
	ext := filepath.Ext(base)
	f, err := os.CreateTemp(dir, "."+strings.TrimSuffix(base, ext)+".tmp-*"+ext)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	p.tmp = f.Name()
	t.files = append(t.files, p) // so that Abort removes it whatever happens next
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// AddFile is Add for content already in memory.
func (t *Txn) AddFile(path string, data []byte) error {
	return t.Add(path, bytesWriter(data))
}

// Temp returns the temporary file holding path's new content, for a reader before
// Commit (e.g. a browser rendering a report), or "" when path is streamed.
func (t *Txn) Temp(path string) string {
	for _, p := range t.files {
		if p.path == path {
			return p.tmp
		}
	}
	return ""
}

// Commit streams to every device and FIFO, then renames every temporary file over
// its target. When a stream fails or ctx is cancelled before the renames, every
// temporary file is removed and no target is replaced.
func (t *Txn) Commit() error {
	if t.done {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	for _, p := range t.files {
		if p.stream == nil {
			continue
		}
		if err := t.ctx.Err(); err != nil {
			t.Abort()
			return err
		}
		if err := streamTo(p.real, p.stream); err != nil {
			t.Abort()
			return fmt.Errorf("write %s: %w", p.path, err)
		}
		t.written = append(t.written, p.path)
	}
	if err := t.ctx.Err(); err != nil {
		t.Abort()
		return err
	}
	var errs []error
	for _, p := range t.files {
		if p.tmp == "" {
			continue
		}
		if err := os.Rename(p.tmp, p.real); err != nil {
			os.Remove(p.tmp)
			errs = append(errs, fmt.Errorf("write %s: %w", p.path, err))
			continue
		}
		t.written = append(t.written, p.path)
	}
	t.done = true
	return errors.Join(errs...)
}

// streamTo opens an existing device, FIFO or socket for writing (never creating or
// truncating anything) and writes to it.
func streamTo(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return unwrap(err)
	}
	if err := write(f); err != nil {
		f.Close()
		return unwrap(err)
	}
	return unwrap(f.Close())
}

// Abort removes every temporary file and the empty folders MkdirAll created; the
// targets are untouched. It may be called more than once, and after Commit (then it
// does nothing).
func (t *Txn) Abort() {
	if t.done {
		return
	}
	t.done = true
	for _, p := range t.files {
		if p.tmp != "" {
			os.Remove(p.tmp)
		}
	}
	for i := len(t.dirs) - 1; i >= 0; i-- {
		os.Remove(t.dirs[i]) // fails, as it should, when not empty
	}
}

// Written lists the paths Commit wrote, in the order they were added (streams first).
func (t *Txn) Written() []string { return append([]string(nil), t.written...) }
