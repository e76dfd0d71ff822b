package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/rollout-sim/rollout/reports/experiment"
)

// signalContext is cancelled by SIGINT (Ctrl-C), SIGTERM or SIGHUP: a run stops,
// writes nothing and exits with exitFailed instead of being killed half-way.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}

// bugError is an internal error: a panic or a failed consistency check, a bug in
// rollout rather than a problem with the input. It exits with exitBug.
type bugError = experiment.BugError

// bugf returns a bugError.
func bugf(format string, a ...any) error { return &bugError{Msg: fmt.Sprintf(format, a...)} }

// recovered turns a recovered panic value into a bugError naming where it happened
// (the innermost rollout function on the stack outside this command).
func recovered(v any) error {
	return experiment.Recovered(v, "main") // this command's frames are package main's
}

// reportBug prints the one-line message of an internal error and returns exitBug.
func reportBug(stderr io.Writer, name string, err error) int {
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintf(stderr, "rollout %s: internal error (a bug in rollout, not in your input): %s; please report it with this line and the command that caused it\n", name, msg)
	return exitBug
}

// isBug reports whether err is an internal error.
func isBug(err error) bool { return experiment.IsBug(err) }

// checkedWriter remembers the first write error, so that a command whose stdout
// fails (a full disk, /dev/full) exits with exitFailed instead of 0.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// escapingWriter writes text with its control characters made visible (ESC as
// \x1b), so that a name from a scenario cannot move the cursor, change colours or
// retitle the terminal. Newlines and tabs pass.
type escapingWriter struct{ w io.Writer }

func (e escapingWriter) Write(p []byte) (int, error) {
	if _, err := e.w.Write([]byte(escapeControls(string(p)))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// escapeControls replaces C0 and C1 control characters and DEL, except newline and
// tab, by \xNN (or \u00NN for C1), and invalid UTF-8 bytes by \xNN.
func escapeControls(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
