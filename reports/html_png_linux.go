package reports

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// htmlBrowserCmd puts the browser in its own process group, so that Ctrl-C in a
// terminal (SIGINT to the foreground group) reaches rollout, which cancels the
// export and stops the browser, instead of killing Chromium under it; and has the
// kernel kill the browser if the thread that started it dies.
func htmlBrowserCmd(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = new(syscall.SysProcAttr)
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// htmlKillProfileUsers kills every process that runs with the profile dir (Chromium
// passes --user-data-dir to each child: zygote, renderers, the network service),
// looking again until three passes in a row find none or a second has passed, as a
// child can fork while its parent dies.
func htmlKillProfileUsers(dir string) {
	want := []byte("--user-data-dir=" + dir)
	deadline := time.Now().Add(time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if htmlProfilePIDs(want, true) == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
}

// htmlProfilePIDs counts the processes with arg in their command line, killing
// them when kill is set.
func htmlProfilePIDs(arg []byte, kill bool) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil {
			continue
		}
		for a := range bytes.SplitSeq(cmdline, []byte{0}) {
			if bytes.Equal(a, arg) {
				if kill {
					syscall.Kill(pid, syscall.SIGKILL)
				}
				n++
				break
			}
		}
	}
	return n
}
