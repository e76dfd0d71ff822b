package reports

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteCSVForExcel: with the byte-order mark every file starts with EF BB BF
// (so Excel reads "–" as a dash, not "â€“"); without it none does; time series
// carry ISO date-times beside the hours; scenario values lose their YAML quotes.
func TestWriteCSVForExcel(t *testing.T) {
	c := htmlTestComparison(htmlTestOptions{name: "x", days: 2, seed: 3})
	c.Assumptions = append(c.Assumptions, Assumption{Path: "calendar.working_hours.start", Value: `"08:30"`, Source: "scenario"})
	for _, bom := range []bool{true, false} {
		dir := t.TempDir()
		paths, err := WriteCSV(dir, c, CSVOptions{BOM: bom})
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) < 5 {
			t.Fatalf("wrote %d files", len(paths))
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}); got != bom {
				t.Errorf("BOM %v: %s starts with the byte-order mark: %v", bom, filepath.Base(p), got)
			}
		}
	}
	dir := t.TempDir()
	if _, err := WriteCSV(dir, c, CSVOptions{BOM: true}); err != nil {
		t.Fatal(err)
	}
	rows := csvRead(t, filepath.Join(dir, "series_clients-first_users_by_state.csv"))
	if rows[0][0] != "time_utc" || rows[0][1] != "hours" {
		t.Fatalf("series header %q, want time_utc, hours first", rows[0])
	}
	// Start 2004-03-01 (day 0, midnight UTC), 1 h buckets: row 1 is bucket 0, row 27
	// is bucket 26 = 1 day + 2 h = 2004-03-02 02:00.
	for _, tc := range []struct {
		row        int
		time, hour string
	}{{1, "2004-03-01 00:00:00", "0"}, {27, "2004-03-02 02:00:00", "26"}} {
		if got := rows[tc.row][:2]; got[0] != tc.time || got[1] != tc.hour {
			t.Errorf("row %d starts %q, want [%s %s]", tc.row, got, tc.time, tc.hour)
		}
	}
	found := false
	for _, r := range csvRead(t, filepath.Join(dir, "assumptions.csv")) {
		if r[0] == "calendar.working_hours.start" {
			found = true
			if r[1] != "08:30" {
				t.Errorf("working_hours.start value %q, want 08:30 without quotes", r[1])
			}
		}
	}
	if !found {
		t.Error("assumptions.csv lacks calendar.working_hours.start")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "recommendation.csv"))
	if !strings.HasPrefix(string(b), "\ufefford") {
		t.Errorf("recommendation.csv starts %q, want the BOM then the header", b[:min(len(b), 12)])
	}
}

func csvRead(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestPlainValue(t *testing.T) {
	for in, want := range map[string]string{`"08:30"`: "08:30", `"DC"`: "DC", "30d": "30d", `"a\"b"`: `a"b`, `"`: `"`, `[mon, tue]`: "[mon, tue]"} {
		if got := plainValue(in); got != want {
			t.Errorf("plainValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// A name that a spreadsheet would run as a formula is written as text; numbers,
// negative ones included, stay numbers.
func TestCSVNeutralizesFormulas(t *testing.T) {
	rows := [][]string{
		{`=HYPERLINK("x")`, "+1+2", "-1+2", "@SUM(A1)", "\tlead", "\rcr", "-1.5", "+3", "1e-07", "Leeds", ""},
	}
	got, err := csv.NewReader(bytes.NewReader(csvBytes(rows, CSVOptions{}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`'=HYPERLINK("x")`, "'+1+2", "'-1+2", "'@SUM(A1)", "'\tlead", "'\rcr", "-1.5", "+3", "1e-07", "Leeds", ""}
	if len(got) != 1 || len(got[0]) != len(want) {
		t.Fatalf("read back %q", got)
	}
	for i := range want {
		if got[0][i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, got[0][i], want[i])
		}
	}
}
