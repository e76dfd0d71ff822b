package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rollout-sim/rollout/scenarios"
)

// completionShells are the shells 'rollout completion' writes a script for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

func init() {
	register(&command{
		name:    "completion",
		summary: "Print a shell completion script (bash, zsh, fish or powershell).",
		usage:   "rollout completion bash|zsh|fish|powershell",
		example: `source <(rollout completion bash)        in ~/.bashrc
source <(rollout completion zsh)         in ~/.zshrc
rollout completion fish > ~/.config/fish/completions/rollout.fish
rollout completion powershell | Out-String | Invoke-Expression   in $PROFILE`,
		run: func(e *env, fs *pflag.FlagSet) int {
			if fs.NArg() != 1 {
				fmt.Fprintf(e.stderr, "rollout completion: name one shell: %s\nsee 'rollout help completion'\n", strings.Join(completionShells, ", "))
				return exitInvalid
			}
			spec := completionSpecOf()
			switch fs.Arg(0) {
			case "bash":
				completionBash(e.stdout, spec)
			case "zsh":
				fmt.Fprint(e.stdout, "# zsh completion for rollout; in ~/.zshrc: source <(rollout completion zsh)\n"+
					"autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
				completionBash(e.stdout, spec)
			case "fish":
				completionFish(e.stdout, spec)
			case "powershell":
				completionPowerShell(e.stdout, spec)
			default:
				fmt.Fprintf(e.stderr, "rollout completion: unknown shell %q (want %s)\n", fs.Arg(0), strings.Join(completionShells, ", "))
				return exitInvalid
			}
			return exitOK
		},
	})
}

// completionFlag is one flag of a command as the completion scripts see it.
type completionFlag struct {
	long, short, usage string
	path               bool // its value is a file or folder
	value              bool // it takes a value
}

// completionCmd is one command with its flags.
type completionCmd struct {
	name, summary string
	flags         []completionFlag
}

// completionSpec is everything the scripts complete: commands and their flags,
// help topics and the built-in scenario names.
type completionSpec struct {
	cmds     []completionCmd
	topics   []string
	builtins []string
}

// completionPathFlags take a file or folder name.
var completionPathFlags = map[string]bool{"out": true, "json": true, "csv": true, "png": true, "partial": true}

func completionSpecOf() completionSpec {
	var s completionSpec
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		cc := completionCmd{name: n, summary: c.summary}
		newFlagSet(c).VisitAll(func(f *pflag.Flag) {
			cc.flags = append(cc.flags, completionFlag{long: f.Name, short: f.Shorthand, usage: f.Usage,
				path: completionPathFlags[f.Name], value: f.Value.Type() != "bool"})
		})
		s.cmds = append(s.cmds, cc)
	}
	for t := range topics {
		s.topics = append(s.topics, t)
	}
	sort.Strings(s.topics)
	for _, b := range scenarios.Builtins() {
		s.builtins = append(s.builtins, b.Name)
	}
	return s
}

// words lists a command's flags as they are typed: --long and -s.
func (c completionCmd) words() []string {
	out := []string{"--help"}
	for _, f := range c.flags {
		out = append(out, "--"+f.long)
		if f.short != "" {
			out = append(out, "-"+f.short)
		}
	}
	return out
}

// valueFlags lists, over all commands, the flags that take a value (path ones
// separately), as typed.
func (s completionSpec) valueFlags() (paths, others []string) {
	seen := map[string]bool{}
	for _, c := range s.cmds {
		for _, f := range c.flags {
			if !f.value || seen[f.long] {
				continue
			}
			seen[f.long] = true
			ws := []string{"--" + f.long}
			if f.short != "" {
				ws = append(ws, "-"+f.short)
			}
			if f.path {
				paths = append(paths, ws...)
			} else {
				others = append(others, ws...)
			}
		}
	}
	return paths, others
}

func (s completionSpec) cmdNames() []string {
	var out []string
	for _, c := range s.cmds {
		out = append(out, c.name)
	}
	return out
}

// completionBash writes the bash script (zsh runs it through bashcompinit). The
// first word that is not a flag (nor a flag's value) is the command; then a word
// starting with - completes the command's flags, a path flag's value completes
// file names, and any other word completes built-in scenarios and YAML files.
func completionBash(w io.Writer, s completionSpec) {
	paths, others := s.valueFlags()
	var b strings.Builder
	b.WriteString("# bash completion for rollout; in ~/.bashrc: source <(rollout completion bash)\n")
	b.WriteString("_rollout() {\n")
	b.WriteString("  local cur prev cmd i skip flags\n")
	b.WriteString("  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n  cmd=\"\"\n  skip=0\n")
	b.WriteString("  for ((i = 1; i < COMP_CWORD; i++)); do\n")
	b.WriteString("    if ((skip)); then skip=0; continue; fi\n")
	fmt.Fprintf(&b, "    case \"${COMP_WORDS[i]}\" in\n      %s) skip=1 ;;\n      -*) ;;\n      *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n    esac\n  done\n",
		strings.Join(append(append([]string(nil), paths...), others...), "|"))
	fmt.Fprintf(&b, "  case \"$prev\" in\n    %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"+
		"    --ordering) COMPREPLY=($(compgen -W \"%s %s\" -- \"$cur\")); return ;;\n    %s) COMPREPLY=(); return ;;\n  esac\n",
		strings.Join(paths, "|"), scenarios.ClientsFirst, scenarios.ServersFirst, strings.Join(others, "|"))
	b.WriteString("  case \"$cmd\" in\n")
	fmt.Fprintf(&b, "    \"\")\n      if [[ \"$cur\" == -* ]]; then flags=\"--version -h -v %s\"; COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n      else COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); fi\n      return ;;\n",
		strings.Join(s.cmdByName(defaultCommand).words(), " "), strings.Join(s.cmdNames(), " "))
	fmt.Fprintf(&b, "    help) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n",
		strings.Join(append(s.cmdNames(), s.topics...), " "))
	fmt.Fprintf(&b, "    completion) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", strings.Join(completionShells, " "))
	for _, c := range s.cmds {
		if c.name != "completion" {
			fmt.Fprintf(&b, "    %s) flags=\"%s\" ;;\n", c.name, strings.Join(c.words(), " "))
		}
	}
	b.WriteString("    *) return ;;\n  esac\n")
	b.WriteString("  if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); return; fi\n")
	fmt.Fprintf(&b, "  COMPREPLY=($(compgen -W \"%s\" -- \"$cur\") $(compgen -f -X '!*.y*ml' -- \"$cur\") $(compgen -d -- \"$cur\"))\n", strings.Join(s.builtins, " "))
	b.WriteString("}\ncomplete -o filenames -F _rollout rollout\n")
	io.WriteString(w, b.String())
}

func (s completionSpec) cmdByName(name string) completionCmd {
	for _, c := range s.cmds {
		if c.name == name {
			return c
		}
	}
	return completionCmd{}
}

// fishQuote writes s as a fish single-quoted string.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func completionFish(w io.Writer, s completionSpec) {
	var b strings.Builder
	b.WriteString("# fish completion for rollout: rollout completion fish > ~/.config/fish/completions/rollout.fish\n")
	b.WriteString("complete -c rollout -f\n")
	b.WriteString("complete -c rollout -n __fish_use_subcommand -l version -s v -d 'print the version'\n")
	for _, c := range s.cmds {
		fmt.Fprintf(&b, "complete -c rollout -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
		for _, f := range c.flags {
			fmt.Fprintf(&b, "complete -c rollout -n '__fish_seen_subcommand_from %s' -l %s", c.name, f.long)
			if f.short != "" {
				fmt.Fprintf(&b, " -s %s", f.short)
			}
			if f.path {
				b.WriteString(" -r -F")
			} else if f.value {
				b.WriteString(" -x")
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(f.usage))
		}
	}
	fmt.Fprintf(&b, "complete -c rollout -n '__fish_seen_subcommand_from help' -a %s\n", fishQuote(strings.Join(append(s.cmdNames(), s.topics...), " ")))
	fmt.Fprintf(&b, "complete -c rollout -n '__fish_seen_subcommand_from completion' -a %s\n", fishQuote(strings.Join(completionShells, " ")))
	fmt.Fprintf(&b, "complete -c rollout -n '__fish_seen_subcommand_from compare run sweep validate scenarios' -a %s -F\n", fishQuote(strings.Join(s.builtins, " ")))
	io.WriteString(w, b.String())
}

// psQuote writes s as a PowerShell single-quoted string.
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func psList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = psQuote(w)
	}
	return "@(" + strings.Join(q, ", ") + ")"
}

func completionPowerShell(w io.Writer, s completionSpec) {
	var b strings.Builder
	b.WriteString("# PowerShell completion for rollout; in $PROFILE: rollout completion powershell | Out-String | Invoke-Expression\n")
	b.WriteString("Register-ArgumentCompleter -Native -CommandName rollout -ScriptBlock {\n")
	b.WriteString("  param($wordToComplete, $commandAst, $cursorPosition)\n")
	b.WriteString("  $flags = @{\n")
	for _, c := range s.cmds {
		fmt.Fprintf(&b, "    %s = %s\n", psQuote(c.name), psList(c.words()))
	}
	b.WriteString("  }\n")
	fmt.Fprintf(&b, "  $commands = %s\n  $topics = %s\n  $shells = %s\n  $builtins = %s\n",
		psList(s.cmdNames()), psList(s.topics), psList(completionShells), psList(s.builtins))
	b.WriteString(`  $cmd = $null
  foreach ($e in $commandAst.CommandElements | Select-Object -Skip 1) {
    $t = $e.ToString()
    if ($e.Extent.StartOffset -ge $cursorPosition) { break }
    if ($t -eq $wordToComplete) { continue }
    if (-not $t.StartsWith('-')) { $cmd = $t; break }
  }
  if (-not $cmd) {
    if ($wordToComplete.StartsWith('-')) { $cands = @('--help', '--version', '-v') + $flags['compare'] } else { $cands = $commands }
  } elseif ($cmd -eq 'help') { $cands = $commands + $topics
  } elseif ($cmd -eq 'completion') { $cands = $shells
  } elseif ($wordToComplete.StartsWith('-')) { $cands = $flags[$cmd]
  } else { $cands = $builtins }
  $cands | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`)
	io.WriteString(w, b.String())
}
