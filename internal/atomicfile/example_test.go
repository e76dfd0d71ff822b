package atomicfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rollout-sim/rollout/internal/atomicfile"
)

// A report is written whole or not at all: the old file stays until the new one is
// complete, and no temporary file is left behind.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "atomicfile-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "report.txt")
	if err := atomicfile.WriteFile(path, []byte("first\n")); err != nil {
		fmt.Println(err)
	}
	if err := atomicfile.WriteFile(path, []byte("second\n")); err != nil {
		fmt.Println(err)
	}
	b, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	fmt.Printf("%q, %d file(s) in the folder\n", b, len(entries))
	// Output: "second\n", 1 file(s) in the folder
}
