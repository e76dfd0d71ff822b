package reports

import (
	"context"
	"path/filepath"

	"github.com/rollout-sim/rollout/internal/atomicfile"
)

// File is one output file: its name inside its folder and its content.
type File struct {
	Name string // e.g. "metrics.csv"
	Data []byte
}

// CSVFiles returns the CSV files of c that WriteCSV writes, in the same order.
func CSVFiles(c *Comparison, opt CSVOptions) []File {
	return tableFiles(comparisonTables(c, ""), opt)
}

// SweepCSVFiles returns the CSV files of sw that WriteSweepCSV writes.
func SweepCSVFiles(sw *Sweep, opt CSVOptions) []File { return tableFiles(sweepTables(sw), opt) }

func tableFiles(tables []csvTable, opt CSVOptions) []File {
	out := make([]File, len(tables))
	for i, t := range tables {
		out[i] = File{Name: t.name, Data: csvBytes(t.rows, opt)}
	}
	return out
}

// writeFiles writes files into dir (created if missing) as one transaction and
// returns their paths.
func writeFiles(dir string, files []File) ([]string, error) {
	t := atomicfile.New(context.Background())
	if err := t.MkdirAll(dir); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := t.AddFile(filepath.Join(dir, f.Name), f.Data); err != nil {
			t.Abort()
			return nil, err
		}
	}
	if err := t.Commit(); err != nil {
		return nil, err
	}
	return t.Written(), nil
}
