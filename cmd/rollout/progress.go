package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws a one-line bar on a terminal: done/total, rate and ETA. It draws
// nothing when w is not a terminal or quiet is set, so redirected stderr and tests
// see no control characters. A nil *progress is valid and draws nothing.
type progress struct {
	w        io.Writer
	total    int
	done     int
	unit     string
	start    time.Time
	last     time.Time // last redraw
	now      func() time.Time
	width    int // bar width in characters
	interval time.Duration
	drawn    bool // something is on the line
}

// newProgress returns a bar for total steps of unit on w, or nil (no bar) when quiet
// or when w is not a terminal.
func newProgress(w io.Writer, quiet bool, total int, unit string) *progress {
	if quiet || !isTerminal(w) {
		return nil
	}
	return newProgressTo(w, total, unit, time.Now)
}

// newProgressTo is newProgress for any writer and clock (for tests).
func newProgressTo(w io.Writer, total int, unit string, now func() time.Time) *progress {
	t := now()
	return &progress{w: w, total: total, unit: unit, start: t, now: now, width: 30, interval: 100 * time.Millisecond}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// step records one finished step and redraws at most every interval (and at the end).
func (p *progress) step() {
	if p == nil {
		return
	}
	p.done++
	t := p.now()
	if p.done < p.total && t.Sub(p.last) < p.interval {
		return
	}
	p.last = t
	fmt.Fprint(p.w, "\r"+p.line(t)+"\x1b[K")
	p.drawn = true
}

// line renders the bar: [=======>      ] 12/60 replications  4.1/s  ETA 0:12
func (p *progress) line(t time.Time) string {
	frac := 0.0
	if p.total > 0 {
		frac = float64(p.done) / float64(p.total)
	}
	fill := int(frac * float64(p.width))
	bar := strings.Repeat("=", fill)
	if fill < p.width {
		bar += ">" + strings.Repeat(" ", p.width-fill-1)
	}
	elapsed := t.Sub(p.start).Seconds()
	rate, eta := 0.0, "?"
	if elapsed > 0 && p.done > 0 {
		rate = float64(p.done) / elapsed
		eta = clock(float64(p.total-p.done) / rate)
	}
	return fmt.Sprintf("[%s] %d/%d %s  %.1f/s  ETA %s", bar, p.done, p.total, p.unit, rate, eta)
}

// clock formats seconds as m:ss (or h:mm:ss).
func clock(s float64) string {
	d := int(s + 0.5)
	if d >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", d/3600, d/60%60, d%60)
	}
	return fmt.Sprintf("%d:%02d", d/60, d%60)
}

// finish clears the bar's line.
func (p *progress) finish() {
	if p == nil || !p.drawn {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.drawn = false
}
