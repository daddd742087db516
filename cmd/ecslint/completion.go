package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ecslint/ecslint/printer"
	"github.com/ecslint/ecslint/report"
)

// commands are the words ecslint takes in place of a first path.
var commands = []string{"rules", "explain", "verify", "version", "completion"} //nolint:gochecknoglobals // a constant list

// shells are the shells `ecslint completion` writes scripts for.
var shells = []string{"bash", "zsh", "fish"} //nolint:gochecknoglobals // a constant list

// complFlag is one flag as the completion scripts see it.
type complFlag struct {
	long, short string
	desc        string
	takesValue  bool
	values      []string // fixed choices, if any
	files       bool     // completes file names
	dirs        bool     // completes folder names
	list        bool     // comma-separated values (rule ids)
}

// usageLine matches a flag line of the usage text:
// "  -f, --format FORMAT        description".
var usageLine = regexp.MustCompile(`^\s+(?:-(\w), )?--([a-z-]+)(?: [A-Z]+)?\s{2,}(.*)$`)

// flagDescriptions reads each flag's description from the usage text, the
// single place flags are described.
func flagDescriptions() map[string]string {
	out := make(map[string]string)
	last := ""
	for _, line := range strings.Split(usage, "\n") {
		if m := usageLine.FindStringSubmatch(line); m != nil {
			last = m[2]
			out[last] = strings.TrimSpace(strings.ReplaceAll(m[3], "%s", strings.Join(printer.Names(), "|")))
			continue
		}
		// A description continues on lines indented past the flags.
		if last != "" && strings.HasPrefix(line, strings.Repeat(" ", 20)) {
			out[last] += " " + strings.TrimSpace(line)
			continue
		}
		last = ""
	}
	return out
}

// completionFlags describes every flag of the flag set, with its values.
func completionFlags(ruleIDs []string) []complFlag {
	var f flags
	fs := newFlagSet(&f)
	desc := flagDescriptions()
	var out []complFlag
	fs.VisitAll(func(fl *pflag.Flag) {
		c := complFlag{long: fl.Name, short: fl.Shorthand, desc: desc[fl.Name], takesValue: fl.Value.Type() != "bool"}
		switch fl.Name {
		case "format":
			c.values = printer.Names()
		case "fail-on":
			c.values = []string{report.SeverityError, report.SeverityWarning, report.SeverityNote, "none"}
		case "color":
			c.values = []string{"auto", "always", "never"}
		case "enable", "disable":
			c.values, c.list = ruleIDs, true
		case "config", "output", "iam", "stdin-filename":
			c.files = true
		case "policy":
			c.dirs = true
		}
		out = append(out, c)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].long < out[j].long })
	return out
}

// completion prints the completion script for shell.
func completion(ctx context.Context, f flags, shell string, stdout, stderr io.Writer) int {
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "ecslint: %v\n", err)
		return exitError
	}
	// The rule ids include the user's policies named by --policy or the
	// configuration, as `ecslint rules` lists them.
	eng, _, err := engineAndConfig(ctx, f, cwd)
	if err != nil {
		fmt.Fprintf(stderr, "ecslint: %v\n", err)
		return exitError
	}
	var ids []string
	for _, r := range eng.Rules() {
		ids = append(ids, r.ID)
	}
	fl := completionFlags(ids)
	switch shell {
	case "bash":
		writeBash(stdout, fl, ids)
	case "zsh":
		writeZsh(stdout, fl, ids)
	case "fish":
		writeFish(stdout, fl, ids)
	default:
		return usageError(stderr, fmt.Sprintf("completion: %q is not one of %s", shell, strings.Join(shells, ", ")))
	}
	return exitOK
}

func words(s []string) string { return strings.Join(s, " ") }

func writeBash(w io.Writer, flags []complFlag, ids []string) {
	var all []string
	fmt.Fprint(w, `# bash completion for ecslint; load with: source <(ecslint completion bash)
_ecslint() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} flag="" i
  COMPREPLY=()
  if [[ $cur == --*=* ]]; then
    flag=${cur%%=*}; cur=${cur#*=}
  elif [[ $prev == -* && $prev != -- ]]; then
    flag=$prev
  fi
  case $flag in
`)
	for _, f := range flags {
		names := "--" + f.long
		all = append(all, "--"+f.long)
		if f.short != "" {
			names += "|-" + f.short
			all = append(all, "-"+f.short)
		}
		if !f.takesValue {
			continue
		}
		fmt.Fprintf(w, "    %s)\n", names)
		switch {
		case f.list:
			fmt.Fprintf(w, "      local head=\"\"; [[ $cur == *,* ]] && head=${cur%%,*},\n")
			fmt.Fprintf(w, "      COMPREPLY=($(compgen -P \"$head\" -W %q -- \"${cur##*,}\")); return ;;\n", words(f.values))
		case len(f.values) > 0:
			fmt.Fprintf(w, "      COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", words(f.values))
		case f.dirs:
			fmt.Fprintf(w, "      compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n")
		case f.files:
			fmt.Fprintf(w, "      compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n")
		default:
			fmt.Fprintf(w, "      return ;;\n")
		}
	}
	fmt.Fprintf(w, `  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == -- ]] && { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return; }
  done
  case ${COMP_WORDS[1]} in
    explain) [[ $COMP_CWORD -eq 2 ]] && { COMPREPLY=($(compgen -W %q -- "$cur")); return; } ;;
    completion) [[ $COMP_CWORD -eq 2 ]] && { COMPREPLY=($(compgen -W %q -- "$cur")); return; } ;;
    verify) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur")); return
  fi
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen -f -- "$cur"))
  [[ $COMP_CWORD -eq 1 ]] && COMPREPLY+=($(compgen -W %q -- "$cur"))
  return 0
}
complete -F _ecslint ecslint
`, words(ids), words(shells), words(all), words(commands))
}

// zshQuote escapes a description for an _arguments spec.
func zshQuote(s string) string {
	r := strings.NewReplacer(`'`, `'\''`, "[", `\[`, "]", `\]`, ":", `\:`)
	return r.Replace(s)
}

func writeZsh(w io.Writer, flags []complFlag, ids []string) {
	fmt.Fprint(w, "#compdef ecslint\n# zsh completion for ecslint; load with: source <(ecslint completion zsh)\n")
	fmt.Fprint(w, "_ecslint() {\n  local -a specs\n  specs=(\n")
	for _, f := range flags {
		action := ""
		if f.takesValue {
			switch {
			case f.list:
				action = fmt.Sprintf(":%s:_sequence compadd - %s", f.long, words(f.values))
			case len(f.values) > 0:
				action = fmt.Sprintf(":%s:(%s)", f.long, words(f.values))
			case f.dirs:
				action = fmt.Sprintf(":%s:_files -/", f.long)
			case f.files:
				action = fmt.Sprintf(":%s:_files", f.long)
			default:
				action = fmt.Sprintf(":%s: ", f.long)
			}
		}
		eq := ""
		if f.takesValue {
			eq = "="
		}
		repeat := ""
		if f.long == "iam" || f.long == "policy" || f.long == "enable" || f.long == "disable" {
			repeat = "*"
		}
		if f.short != "" {
			fmt.Fprintf(w, "    '(-%s --%s)'{-%s,--%s%s}'[%s]%s'\n", f.short, f.long, f.short, f.long, eq, zshQuote(f.desc), action)
		} else {
			fmt.Fprintf(w, "    '%s--%s%s[%s]%s'\n", repeat, f.long, eq, zshQuote(f.desc), action)
		}
	}
	fmt.Fprintf(w, `    '1: :->first'
    '*:path:_files'
  )
  _arguments -s -S $specs && return
  case $state in
    first) _alternative 'commands:command:(%s)' 'files:path:_files' ;;
  esac
  case $words[2] in
    explain) compadd -- %s ;;
    completion) compadd -- %s ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _ecslint "$@"
else
  compdef _ecslint ecslint
fi
`, words(commands), words(ids), words(shells))
}

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func writeFish(w io.Writer, flags []complFlag, ids []string) {
	fmt.Fprint(w, "# fish completion for ecslint; load with: ecslint completion fish | source\n")
	fmt.Fprint(w, "complete -c ecslint -e\n")
	fmt.Fprintf(w, "complete -c ecslint -n __fish_use_subcommand -a %s\n", fishQuote(words(commands)))
	fmt.Fprintf(w, "complete -c ecslint -n '__fish_seen_subcommand_from explain' -x -a %s\n", fishQuote(words(ids)))
	fmt.Fprintf(w, "complete -c ecslint -n '__fish_seen_subcommand_from completion' -x -a %s\n", fishQuote(words(shells)))
	for _, f := range flags {
		line := "complete -c ecslint -l " + f.long
		if f.short != "" {
			line += " -s " + f.short
		}
		switch {
		case len(f.values) > 0:
			line += " -x -a " + fishQuote(words(f.values))
		case f.dirs:
			line += " -x -a '(__fish_complete_directories)'"
		case f.files:
			line += " -r -F"
		case f.takesValue:
			line += " -x"
		}
		if f.desc != "" {
			line += " -d " + fishQuote(f.desc)
		}
		fmt.Fprintln(w, line)
	}
}
