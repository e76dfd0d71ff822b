package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

//go:embed starter.yaml
var starter []byte

// Starter returns the commented starter scenario that `rollout init` writes.
func Starter() []byte { return append([]byte(nil), starter...) }

// DefaultScenario is the built-in scenario used when none is named.
const DefaultScenario = "branch-consolidation"

// BuiltinInfo describes one built-in scenario.
type BuiltinInfo struct {
	Name        string // what to pass to Load, e.g. "slow-branches"
	Description string // one line: what the scenario shows
}

// builtins lists the built-in scenarios in the order `rollout scenarios` prints them.
var builtins = []BuiltinInfo{
	{DefaultScenario, "five sites on 5.5 consolidated into a datacenter: clients-first lets branch users sync their OSTs from the local server before it moves away"},
	{"single-site", "one site whose old and new servers both stand on its LAN: no byte crosses the WAN and the ordering matters little (servers-first saves about half a minute per user)"},
	{"slow-branches", "eight small branches on 64k–512k links: header-only mode and sync load over the WAN dominate"},
	{"troubled-servers", "unstable, overloaded 5.5 servers: the case where moving the mailboxes first wins"},
	{"documented-slow-link", "branch-consolidation with the documented slow-link rule (adapter speed ≤ 128 kbps) instead of the article's 10 Mbps path rule"},
}

// Builtins returns the built-in scenarios with their one-line descriptions.
func Builtins() []BuiltinInfo { return append([]BuiltinInfo(nil), builtins...) }

// BuiltinSource returns the YAML text of a built-in scenario.
func BuiltinSource(name string) ([]byte, bool) {
	for _, b := range builtins {
		if b.Name == name {
			src, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
			return src, err == nil
		}
	}
	return nil, false
}

func builtinNames() []string {
	var out []string
	for _, b := range builtins {
		out = append(out, b.Name)
	}
	return out
}

// Load reads a scenario by built-in name or file path, applies the --set
// overrides (each "PATH=VALUE", e.g. "sites.Leeds.wan.down=512kbps") and returns
// it resolved and validated. Any problem in the file or the overrides is returned
// as an *ErrorList listing every problem, one "FILE:LINE:COL: path: message" per
// line. An empty nameOrPath loads DefaultScenario.
func Load(nameOrPath string, sets []string) (*Scenario, error) {
	sc, _, err := LoadSource(nameOrPath, sets)
	return sc, err
}

// LoadSource is Load that also returns the source it read, as written (a file is
// read once, so a pipe such as /dev/stdin works, and through the size limit).
func LoadSource(nameOrPath string, sets []string) (*Scenario, []byte, error) {
	if nameOrPath == "" {
		nameOrPath = DefaultScenario
	}
	if src, ok := BuiltinSource(nameOrPath); ok {
		sc, err := Parse("builtin/"+nameOrPath+".yaml", src, sets)
		return sc, src, err
	}
	src, err := readLimited(nameOrPath)
	if err != nil {
		var l ErrorList
		switch {
		case errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(nameOrPath, `/\`) && !strings.Contains(nameOrPath, "."):
			msg := "no built-in scenario or file of that name (built-ins: " + strings.Join(builtinNames(), ", ")
			if n := nearest(nameOrPath, builtinNames()); n != "" {
				msg += fmt.Sprintf("; did you mean %q?", n)
			}
			l.add(Pos{File: nameOrPath}, "", "%s)", msg)
		case errors.Is(err, fs.ErrNotExist):
			l.add(Pos{File: nameOrPath}, "", "no such file")
		default:
			l.add(Pos{File: nameOrPath}, "", "cannot read: %v", unwrapPathError(err))
		}
		return nil, nil, &l
	}
	sc, err := Parse(nameOrPath, src, sets)
	return sc, src, err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// maxSourceBytes bounds the size of a scenario file.
const maxSourceBytes = 16 << 20

// readLimited reads a file, or a stream such as a pipe or /dev/zero, through the
// size limit: at most maxSourceBytes + 1 bytes, enough for Parse to refuse a larger
// one, so that an endless stream costs bounded memory.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxSourceBytes+1))
}

// Parse reads a scenario from YAML source (file names it in errors), applies the
// --set overrides and returns it resolved and validated, or an *ErrorList.
func Parse(file string, src []byte, sets []string) (*Scenario, error) {
	var errs ErrorList
	if len(src) > maxSourceBytes {
		errs.add(Pos{File: file}, "", "the file is larger than %s, the most a scenario may be", Bytes(maxSourceBytes))
		return nil, &errs
	}
	// Windows editors (Notepad) may start a file with a byte-order mark: a UTF-8 one is
	// invisible to the user and dropped; UTF-16 cannot be read as YAML here.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(src, []byte("\xff\xfe")) || bytes.HasPrefix(src, []byte("\xfe\xff")) {
		errs.add(Pos{File: file}, "", "the file is saved as UTF-16 (\"Unicode\"); save it as UTF-8")
		return nil, &errs
	}
	root, err := parseYAML(file, src)
	if err != nil {
		errs.Errors = append(errs.Errors, err.(*ErrorList).Errors...)
		// Still check the overrides' syntax so all problems show at once.
		applySets(&node{kind: mapNode}, sets, &errs)
		return nil, errs.err()
	}
	root = applySets(root, sets, &errs)
	d := &decoder{errs: &errs, origins: map[string]origin{}, record: true, setPaths: setPathsOf(sets)}
	sc := decodeScenario(file, root, d)
	if e := errs.err(); e != nil {
		return nil, e
	}
	sc.file = file
	sc.origins = d.origins
	return sc, nil
}

// MustLoad is Load for built-in scenarios in tests and examples: it panics on error.
func MustLoad(name string) *Scenario {
	sc, err := Load(name, nil)
	if err != nil {
		panic(fmt.Sprintf("scenarios: built-in %q: %v", name, err))
	}
	return sc
}
