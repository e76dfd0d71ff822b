//go:build !unix

package atomicfile

import "io/fs"

// umask is the common default where the system has no umask.
func umask() fs.FileMode { return 0o022 }
