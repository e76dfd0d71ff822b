//go:build !linux

package reports

import "os/exec"

// htmlBrowserCmd leaves the browser's command as it is outside Linux.
func htmlBrowserCmd(cmd *exec.Cmd) {}

// htmlKillProfileUsers does nothing outside Linux: closing the browser ends it.
func htmlKillProfileUsers(dir string) {}
