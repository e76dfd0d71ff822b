package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/rollout-sim/rollout/internal/atomicfile"
	"github.com/rollout-sim/rollout/reports"
)

// checkOutputs checks every destination before anything runs, so that a long run
// never ends in an output it cannot write: at most one output on stdout ('-'), no
// two outputs at one path, each file's folder exists and takes new files, no folder
// where a file is meant, and Chromium is installed for --png.
func checkOutputs(o *experimentOptions) error {
	stdouts := 0
	seen := map[string]string{}
	for _, d := range []struct{ flag, path string }{{"-o", o.out}, {"--json", o.jsonOut}, {"--csv", o.csvDir}, {"--png", o.pngDir}} {
		switch d.path {
		case "":
			continue
		case "-":
			stdouts++
			continue
		}
		abs, err := filepath.Abs(d.path)
		if err != nil {
			return fmt.Errorf("%s %s: %v", d.flag, d.path, err)
		}
		if other, dup := seen[abs]; dup {
			return fmt.Errorf("%s and %s both name %s", other, d.flag, d.path)
		}
		seen[abs] = d.flag
	}
	if stdouts > 1 {
		return errors.New("only one output can go to stdout ('-')")
	}
	if o.pngDir == "-" {
		return errors.New("--png needs a folder: the charts are several images, which stdout ('-') cannot hold")
	}
	for _, f := range []struct{ flag, path string }{{"-o", o.out}, {"--json", o.jsonOut}} {
		if f.path == "" || f.path == "-" {
			continue
		}
		if err := atomicfile.Check(f.path); err != nil {
			return fmt.Errorf("%s: %v", f.flag, err)
		}
	}
	for _, d := range []struct{ flag, path string }{{"--csv", o.csvDir}, {"--png", o.pngDir}} {
		if d.path == "" || d.path == "-" {
			continue
		}
		if err := atomicfile.CheckDir(d.path); err != nil {
			return fmt.Errorf("%s: %v", d.flag, err)
		}
	}
	if o.pngDir != "" {
		if _, err := reports.FindChromium(); err != nil {
			return fmt.Errorf("--png: %v", err)
		}
	}
	return nil
}

// writeOutputs writes the JSON, the CSV files, the HTML report and the PNGs as one
// transaction — every file to a temporary file first, then all renamed; on any
// failure, or when ctx is cancelled before the renames, no file is replaced and no
// temporary file is left — then prints "Wrote PATH" on stderr for every file and,
// on stdout, the output given as '-' or else the table. c is the comparison, or nil
// with a sweep sw.
func writeOutputs(ctx context.Context, e *env, o *experimentOptions, c *reports.Comparison, sw *reports.Sweep) error {
	t := atomicfile.New(ctx)
	defer t.Abort() // after Commit it does nothing
	var toStdout func(io.Writer) error
	add := func(path string, write func(io.Writer) error) error {
		if path == "-" {
			toStdout = write
			return nil
		}
		return t.Add(path, write)
	}
	if o.jsonOut != "" {
		if err := add(o.jsonOut, func(w io.Writer) error { return reports.WriteJSON(w, c, sw) }); err != nil {
			return err
		}
	}
	if o.csvDir != "" {
		var files []reports.File
		opt := reports.CSVOptions{BOM: o.csvBOM}
		if sw != nil {
			files = reports.SweepCSVFiles(sw, opt)
		} else {
			files = reports.CSVFiles(c, opt)
		}
		if o.csvDir == "-" {
			toStdout = func(w io.Writer) error { return writeCSVStream(w, files) }
		} else {
			if err := t.MkdirAll(o.csvDir); err != nil {
				return fmt.Errorf("--csv: %w", err)
			}
			for _, f := range files {
				if err := t.AddFile(filepath.Join(o.csvDir, f.Name), f.Data); err != nil {
					return err
				}
			}
		}
	}
	if o.out != "" {
		html := func(w io.Writer) error { return reports.WriteHTML(w, c, sw) }
		if err := add(o.out, html); err != nil {
			return err
		}
		if o.pngDir != "" {
			if err := addPNGs(ctx, t, o, html); err != nil {
				return err
			}
		}
	}
	if err := t.Commit(); err != nil {
		return err
	}
	var err error
	switch {
	case toStdout != nil:
		err = toStdout(e.stdout)
	case sw != nil:
		err = reports.WriteSweepText(e.stdout, sw)
	default:
		err = reports.WriteText(e.stdout, c)
	}
	for _, p := range t.Written() {
		fmt.Fprintf(e.stderr, "Wrote %s\n", p)
	}
	return err
}

// addPNGs draws the report's charts from its temporary file (or, when the report is
// streamed, from a private copy) and adds them to t in o.pngDir.
func addPNGs(ctx context.Context, t *atomicfile.Txn, o *experimentOptions, html func(io.Writer) error) error {
	page := t.Temp(o.out)
	if page == "" {
		dir, err := os.MkdirTemp("", "rollout-png-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		page = filepath.Join(dir, "report.html")
		var buf bytes.Buffer
		if err := html(&buf); err != nil {
			return err
		}
		if err := os.WriteFile(page, buf.Bytes(), 0o600); err != nil {
			return err
		}
	}
	files, err := reports.RenderPNGs(ctx, page)
	if err != nil {
		return err
	}
	if err := t.MkdirAll(o.pngDir); err != nil {
		return fmt.Errorf("--png: %w", err)
	}
	for _, f := range files {
		if err := t.AddFile(filepath.Join(o.pngDir, f.Name), f.Data); err != nil {
			return err
		}
	}
	return nil
}

// writeCSVStream writes several CSV files to one stream (--csv -): each headed by a
// "# NAME" line, separated by a blank line; a byte-order mark at the start of a
// file is dropped.
func writeCSVStream(w io.Writer, files []reports.File) error {
	for i, f := range files {
		sep := ""
		if i > 0 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(w, "%s# %s\n", sep, f.Name); err != nil {
			return err
		}
		if _, err := w.Write(bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf"))); err != nil {
			return err
		}
	}
	return nil
}
