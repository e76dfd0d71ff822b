//go:build unix

package atomicfile

import (
	"io/fs"
	"sync"
	"syscall"
)

var umaskMu sync.Mutex

// umask returns the process's file mode creation mask. Reading it means setting it,
// so it is set back at once, under a lock.
func umask() fs.FileMode {
	umaskMu.Lock()
	defer umaskMu.Unlock()
	m := syscall.Umask(0o022)
	syscall.Umask(m)
	return fs.FileMode(m)
}
