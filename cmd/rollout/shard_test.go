package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// sweepArgs is a 12-point sweep (users per day 40, 80, …, 480) of the single-site
// scenario with 2 replications.
var sweepArgs = []string{"sweep", "single-site", "--param", "rollout.clients.users_per_day", "--range", "40:480:12", "-r", "2", "--quiet"}

// readDir returns every file under dir by name.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// TestSweepShardsMergeByteIdentical: the 12-point sweep run at once (2 workers) and
// run as 4 shards (1 worker each) then merged, with the partial files given out of
// order, writes the same JSON, HTML, CSV files and text table, byte for byte. Each
// shard runs its 3 points: shard 1/4 runs points 1, 5, 9 = 80, 240, 400 users per day.
func TestSweepShardsMergeByteIdentical(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	code, oneText, errOut := runCLI(t, append(sweepArgs, "--workers", "2", "--json", p("one.json"), "-o", p("one.html"), "--csv", p("one-csv"))...)
	if code != exitOK {
		t.Fatalf("one run: exit %d: %s", code, errOut)
	}
	for i := 0; i < 4; i++ {
		code, out, errOut := runCLI(t, append(sweepArgs, "--workers", "1", "--shard", fmt.Sprintf("%d/4", i), "--partial", p(fmt.Sprintf("part-%d.part", i)))...)
		if code != exitOK {
			t.Fatalf("shard %d/4: exit %d: %s", i, code, errOut)
		}
		if i == 1 && !strings.Contains(out, "Shard 1/4: 3 of 12 points (rollout.clients.users_per_day = 80, 240, 400)") {
			t.Errorf("shard 1/4 says %q", out)
		}
		if _, err := os.Stat(p("single-site-sweep-report.html")); err == nil {
			t.Error("a shard wrote a report")
		}
	}
	code, mergedText, errOut := runCLI(t, "merge", p("part-3.part"), p("part-1.part"), p("part-0.part"), p("part-2.part"),
		"--json", p("merged.json"), "-o", p("merged.html"), "--csv", p("merged-csv"))
	if code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	one, _ := os.ReadFile(p("one.json"))
	merged, _ := os.ReadFile(p("merged.json"))
	if len(one) == 0 || !bytes.Equal(one, merged) {
		t.Errorf("merged JSON (%d bytes) differs from one run's (%d bytes)", len(merged), len(one))
	}
	if !bytes.Contains(one, []byte(`"values": [`)) || bytes.Count(one, []byte(`"recommendation"`)) != 12 {
		t.Errorf("one run's JSON does not hold 12 points")
	}
	oneHTML, _ := os.ReadFile(p("one.html"))
	mergedHTML, _ := os.ReadFile(p("merged.html"))
	if len(oneHTML) == 0 || !bytes.Equal(oneHTML, mergedHTML) {
		t.Error("merged HTML differs from one run's")
	}
	oneCSV, mergedCSV := readDir(t, p("one-csv")), readDir(t, p("merged-csv"))
	if len(oneCSV) == 0 || fmt.Sprint(oneCSV) != fmt.Sprint(mergedCSV) {
		t.Errorf("merged CSV files %d differ from one run's %d", len(mergedCSV), len(oneCSV))
	}
	if oneText == "" || oneText != mergedText {
		t.Errorf("merged table differs:\n%s\nwant\n%s", mergedText, oneText)
	}
	// Without -o the merge names its report as the sweep run at once does.
	t.Chdir(dir)
	if code, _, errOut := runCLI(t, "merge", p("part-0.part"), p("part-1.part"), p("part-2.part"), p("part-3.part")); code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if def, _ := os.ReadFile(p("single-site-sweep-report.html")); !bytes.Equal(def, oneHTML) {
		t.Error("merge without -o did not write single-site-sweep-report.html as one run's report")
	}
}

// TestShardUsageErrors: bad shards, a shard with a report flag or no partial file, a
// sharded grid, and merges of an incomplete set or of a file that is no partial result
// exit 2 with a message naming the problem.
func TestShardUsageErrors(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, "p0.part")
	short := []string{"sweep", "single-site", "--param", "rollout.clients.users_per_day", "--values", "100,200", "-r", "1", "--quiet"}
	if code, _, errOut := runCLI(t, append(short, "--shard", "0/2", "--partial", part)...); code != exitOK {
		t.Fatalf("shard 0/2: exit %d: %s", code, errOut)
	}
	notPart := filepath.Join(dir, "x.json")
	if err := os.WriteFile(notPart, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{append(short, "--shard", "2/2", "--partial", part), "0 ≤ INDEX < COUNT"},
		{append(short, "--shard", "1-2", "--partial", part), "want INDEX/COUNT"},
		{append(short, "--shard", "0/2"), "--shard needs --partial FILE"},
		{append(short, "--partial", part), "--partial goes with --shard"},
		{append(short, "--shard", "0/2", "--partial", part, "--json", "x.json"), "give --json to 'rollout merge'"},
		{append(short, "--shard", "2/3", "--partial", part), "shard 2/3 has no point"},
		{[]string{"sweep", "--param", "sites.*.wan.{down,up}", "--values", "1Mbps,2Mbps", "--param", "rollout.clients.users_per_day", "--values", "50,100", "--shard", "0/2", "--partial", part}, "a grid of two runs in one process"},
		{[]string{"merge", part, "-o", ""}, "shard 1/2 missing"},
		{[]string{"merge", part, part, "-o", ""}, "are both shard 0/2"},
		{[]string{"merge", notPart, "-o", ""}, "x.json: not a partial result file"},
		{[]string{"merge", "-o", ""}, "name the partial files"},
	} {
		code, out, errOut := runCLI(t, c.args...)
		if code != exitInvalid || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// TestCommandLineDropsOutputsAndShard: the recorded command line leaves out the
// output paths and the shard, so that a shard records the whole sweep's.
func TestCommandLineDropsOutputsAndShard(t *testing.T) {
	got := commandLine([]string{"rollout", "sweep", "--json", "a.json", "-o", "", "-ob.html", "--out=c.html", "--csv=d", "--png", "e",
		"--shard", "1/4", "--partial=p.part", "--csv-bom=false", "-r", "2"})
	want := "rollout sweep --csv-bom=false -r 2"
	if got != want {
		t.Errorf("commandLine = %q, want %q", got, want)
	}
}

// shellWords splits a command line as sh does for the README's examples: words
// separated by blanks, single and double quotes grouping (no escapes needed there).
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// readmeShardCommand checks one README sweep command as the shard engine runs it
// for each index of indices (vars: each placeholder's value, INDEX for the index):
// it parses with sweep's flags, names a valid parameter and range, and its shards are
// 0/n … n−1/n with distinct partial files, which it returns.
func readmeShardCommand(t *testing.T, engine, line string, vars map[string]string, indices []int) []string {
	t.Helper()
	var partials []string
	for _, i := range indices {
		l := line
		for k, v := range vars {
			l = strings.ReplaceAll(l, k, strings.ReplaceAll(v, "INDEX", strconv.Itoa(i)))
		}
		if strings.ContainsAny(l, "${}") {
			t.Fatalf("%s: unsubstituted placeholder in %q", engine, l)
		}
		w := shellWords(t, l)
		if len(w) < 2 || w[0] != "rollout" || w[1] != "sweep" {
			t.Fatalf("%s: %q is not a rollout sweep command", engine, l)
		}
		fs := newFlagSet(commands["sweep"])
		if err := fs.Parse(w[2:]); err != nil {
			t.Fatalf("%s: %q: %v", engine, l, err)
		}
		param, _ := fs.GetStringArray("param")
		ranges, _ := fs.GetStringArray("range")
		if len(param) != 1 || len(ranges) != 1 {
			t.Fatalf("%s: want one --param and one --range in %q", engine, l)
		}
		if _, err := expandParam(param[0]); err != nil {
			t.Errorf("%s: %v", engine, err)
		}
		vals, _, err := parseRange(ranges[0], false)
		if err != nil {
			t.Errorf("%s: %v", engine, err)
		}
		spec, _ := fs.GetString("shard")
		sh, err := parseShard(spec)
		if err != nil || sh.Index != i || sh.Count != len(indices) {
			t.Errorf("%s: index %d runs --shard %q (%v), want %d/%d", engine, i, spec, err, i, len(indices))
		}
		if len(vals) < sh.Count {
			t.Errorf("%s: %d points for %d shards", engine, len(vals), sh.Count)
		}
		partial, _ := fs.GetString("partial")
		for _, p := range partials {
			if p == partial || partial == "" {
				t.Errorf("%s: index %d writes partial file %q, as another index does", engine, i, partial)
			}
		}
		partials = append(partials, partial)
	}
	if len(indices) < 2 {
		t.Errorf("%s: %d shards", engine, len(indices))
	}
	for k, i := range indices {
		if i != k {
			t.Errorf("%s: indices %v, want 0 … %d", engine, indices, len(indices)-1)
			break
		}
	}
	return partials
}

// TestReadmeShardExamples: the README's GNU parallel, Slurm job array and Kubernetes
// Indexed Job examples are well formed — each engine's indices are 0 … n−1, every
// command parses with rollout's own flags and runs shard INDEX/n into its own partial
// file — and every 'rollout merge' the README shows parses and names all the partial
// files of an example.
func TestReadmeShardExamples(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	blocks := regexp.MustCompile("(?s)```(\\w*)\n(.*?)```").FindAllStringSubmatch(readme, -1)
	find := func(lang, marker string) string {
		for _, bl := range blocks {
			if bl[1] == lang && strings.Contains(bl[2], marker) {
				return bl[2]
			}
		}
		t.Fatalf("README has no %s block with %q", lang, marker)
		return ""
	}
	var examples [][]string // each example's partial files

	// GNU parallel: "parallel COMMAND ::: 0 1 2 3" runs COMMAND with {} = each index.
	gnu := find("sh", "parallel rollout sweep")
	for _, line := range strings.Split(gnu, "\n") {
		cmd, args, ok := strings.Cut(line, " ::: ")
		if !ok {
			continue
		}
		var indices []int
		for _, a := range strings.Fields(args) {
			i, err := strconv.Atoi(a)
			if err != nil {
				t.Fatalf("GNU parallel: argument %q is no index", a)
			}
			indices = append(indices, i)
		}
		examples = append(examples, readmeShardCommand(t, "GNU parallel", strings.TrimPrefix(cmd, "parallel "), map[string]string{"{}": "INDEX"}, indices))
	}

	// Slurm: "#SBATCH --array=A-B" runs the script with SLURM_ARRAY_TASK_ID = A … B.
	slurm := find("sh", "#SBATCH --array=")
	m := regexp.MustCompile(`#SBATCH --array=(\d+)-(\d+)\n`).FindStringSubmatch(slurm)
	cpus := regexp.MustCompile(`#SBATCH --cpus-per-task=(\d+)\n`).FindStringSubmatch(slurm)
	if m == nil || cpus == nil || !strings.HasPrefix(slurm, "#!/bin/sh\n") {
		t.Fatalf("Slurm script without a shebang, --array=A-B or --cpus-per-task:\n%s", slurm)
	}
	from, _ := strconv.Atoi(m[1])
	to, _ := strconv.Atoi(m[2])
	var indices []int
	for i := from; i <= to; i++ {
		indices = append(indices, i)
	}
	for _, line := range strings.Split(slurm, "\n") {
		if strings.HasPrefix(line, "rollout ") {
			examples = append(examples, readmeShardCommand(t, "Slurm", line, map[string]string{
				"$SLURM_ARRAY_TASK_ID": "INDEX", "$SLURM_CPUS_PER_TASK": cpus[1]}, indices))
		}
	}

	// Kubernetes: an Indexed Job runs completions pods with JOB_COMPLETION_INDEX = 0 …
	// completions−1; the container runs sh -c ARGS[0].
	var job struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			Completions    int    `yaml:"completions"`
			Parallelism    int    `yaml:"parallelism"`
			CompletionMode string `yaml:"completionMode"`
			Template       struct {
				Spec struct {
					RestartPolicy string `yaml:"restartPolicy"`
					Containers    []struct {
						Name         string   `yaml:"name"`
						Image        string   `yaml:"image"`
						Command      []string `yaml:"command"`
						Args         []string `yaml:"args"`
						VolumeMounts []struct {
							Name      string `yaml:"name"`
							MountPath string `yaml:"mountPath"`
						} `yaml:"volumeMounts"`
					} `yaml:"containers"`
					Volumes []struct {
						Name                  string `yaml:"name"`
						PersistentVolumeClaim struct {
							ClaimName string `yaml:"claimName"`
						} `yaml:"persistentVolumeClaim"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	if err := yaml.UnmarshalWithOptions([]byte(find("yaml", "kind: Job")), &job, yaml.Strict()); err != nil {
		t.Fatalf("Kubernetes Job: %v", err)
	}
	s := job.Spec
	if job.APIVersion != "batch/v1" || job.Kind != "Job" || s.CompletionMode != "Indexed" || s.Parallelism < 1 ||
		len(s.Template.Spec.Containers) != 1 || s.Template.Spec.RestartPolicy == "" {
		t.Fatalf("not an Indexed Job of one container: %+v", job)
	}
	c := s.Template.Spec.Containers[0]
	if strings.Join(c.Command, " ") != "sh -c" || len(c.Args) != 1 {
		t.Fatalf("Kubernetes container runs %q %q, want sh -c and one command", c.Command, c.Args)
	}
	indices = nil
	for i := 0; i < s.Completions; i++ {
		indices = append(indices, i)
	}
	parts := readmeShardCommand(t, "Kubernetes", c.Args[0], map[string]string{"$JOB_COMPLETION_INDEX": "INDEX"}, indices)
	examples = append(examples, parts)
	// The partial files go to a volume every pod shares, so that the merge sees them all.
	shared := false
	for _, vm := range c.VolumeMounts {
		for _, v := range s.Template.Spec.Volumes {
			if vm.Name == v.Name && v.PersistentVolumeClaim.ClaimName != "" && strings.HasPrefix(parts[0], vm.MountPath+"/") {
				shared = true
			}
		}
	}
	if job.Metadata.Name == "" || c.Name == "" || c.Image == "" || !shared {
		t.Errorf("Kubernetes Job: a name, a container name and image, and the partial files on a claimed volume are needed: %+v", job)
	}

	// Every merge shown parses, and each example's partial files are all named by one.
	merges := regexp.MustCompile("rollout merge [^`'\n]*").FindAllString(readme, -1)
	if len(merges) < 3 {
		t.Fatalf("README shows %d merge commands", len(merges))
	}
	for _, parts := range examples {
		merged := false
		for _, line := range merges {
			w := shellWords(t, strings.TrimSpace(line))
			fs := newFlagSet(commands["merge"])
			if err := fs.Parse(w[2:]); err != nil {
				t.Errorf("%q: %v", line, err)
				continue
			}
			all := true
			for _, p := range parts {
				matched := false
				for _, g := range fs.Args() {
					if ok, _ := filepath.Match(g, p); ok {
						matched = true
					}
				}
				all = all && matched
			}
			merged = merged || all
		}
		if !merged {
			t.Errorf("no merge command in the README names all of %v", parts)
		}
	}
}
