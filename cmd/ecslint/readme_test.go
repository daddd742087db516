package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's examples are executed here, so that they cannot drift from
// what ecslint does. The README marks them with HTML comments, which
// GitHub does not render:
//
//	<!-- readme-test: NAME [from=examples] -->  a new sandbox folder (a copy of examples/ with from=examples)
//	<!-- file: PATH -->                         the next fenced block is written to PATH in the sandbox
//	<!-- file: PATH                             a file the reader need not see, written the same way
//	...content...
//	-->
//
// Every ```console block runs in the current sandbox: a line "$ ecslint
// ARGS [< FILE]" runs ecslint; the lines after it, up to the next "$ "
// line, are its standard output and standard error as a terminal shows
// them, where a line "..." stands for any number of lines. A console block
// outside a sandbox fails the test.

// readmeBlock is a fenced block of the README.
type readmeBlock struct {
	line int    // line of the opening fence
	lang string // info string
	text string
	file string // from a preceding <!-- file: PATH --> marker
}

// readmeEvent is a sandbox start, a hidden file or a block, in order.
type readmeEvent struct {
	sandbox, from string
	block         *readmeBlock
}

var (
	sandboxMarker = regexp.MustCompile(`^<!-- readme-test: ([a-z0-9-]+)( from=examples)? -->$`)
	fileMarker    = regexp.MustCompile(`^<!-- file: (\S+)( -->)?$`)
)

func readmeEvents(t *testing.T, text string) []readmeEvent {
	t.Helper()
	lines := strings.Split(text, "\n")
	var out []readmeEvent
	pendingFile := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := sandboxMarker.FindStringSubmatch(line); m != nil {
			out = append(out, readmeEvent{sandbox: m[1], from: strings.TrimPrefix(m[2], " from=")})
			continue
		}
		if m := fileMarker.FindStringSubmatch(line); m != nil {
			if m[2] != "" {
				pendingFile = m[1]
				continue
			}
			// A hidden file: its content runs to the closing "-->".
			start := i + 1
			for i++; i < len(lines) && lines[i] != "-->"; i++ {
			}
			if i == len(lines) {
				t.Fatalf("README.md:%d: hidden file %s is not closed by -->", start, m[1])
			}
			out = append(out, readmeEvent{block: &readmeBlock{line: start, file: m[1], text: strings.Join(lines[start:i], "\n") + "\n"}})
			continue
		}
		if strings.HasPrefix(line, "```") {
			b := &readmeBlock{line: i + 1, lang: strings.TrimPrefix(line, "```"), file: pendingFile}
			pendingFile = ""
			start := i + 1
			for i++; i < len(lines) && lines[i] != "```"; i++ {
			}
			if i == len(lines) {
				t.Fatalf("README.md:%d: unclosed code block", b.line)
			}
			b.text = strings.Join(lines[start:i], "\n") + "\n"
			out = append(out, readmeEvent{block: b})
			continue
		}
		if pendingFile != "" && strings.TrimSpace(line) != "" {
			t.Fatalf("README.md:%d: <!-- file: %s --> is not followed by a code block", i+1, pendingFile)
		}
	}
	return out
}

func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("FORCE_COLOR", "")
	t.Setenv("CLICOLOR_FORCE", "")
	dir, name := "", ""
	ran := 0
	for _, ev := range readmeEvents(t, string(readme)) {
		switch {
		case ev.sandbox != "":
			name = ev.sandbox
			dir = filepath.Join(t.TempDir(), name)
			if ev.from == "examples" {
				if err := os.CopyFS(dir, os.DirFS(examples)); err != nil {
					t.Fatal(err)
				}
			} else if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		case ev.block.file != "":
			if dir == "" {
				t.Fatalf("README.md:%d: file %s outside a <!-- readme-test: --> section", ev.block.line, ev.block.file)
			}
			p := filepath.Join(dir, filepath.FromSlash(ev.block.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(ev.block.text), 0o644); err != nil {
				t.Fatal(err)
			}
		case ev.block.lang == "console":
			if dir == "" {
				t.Errorf("README.md:%d: console block outside a <!-- readme-test: --> section, so it is not tested", ev.block.line)
				continue
			}
			ran += runConsole(t, name, dir, ev.block)
		}
	}
	if ran < 10 {
		t.Errorf("only %d README commands ran; the markers are not being found", ran)
	}
}

// runConsole runs the commands of a console block in dir and compares
// their output; it returns the number of commands run.
func runConsole(t *testing.T, name, dir string, b *readmeBlock) int {
	t.Helper()
	type cmd struct {
		line int
		args []string
		want []string
	}
	var cmds []*cmd
	for i, line := range strings.Split(strings.TrimSuffix(b.text, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "$ "); ok {
			args, err := splitCommand(rest)
			if err != nil {
				t.Fatalf("README.md:%d: %v", b.line+1+i, err)
			}
			cmds = append(cmds, &cmd{line: b.line + 1 + i, args: args})
			continue
		}
		if len(cmds) == 0 {
			t.Fatalf("README.md:%d: console block must start with a $ line", b.line+1+i)
		}
		c := cmds[len(cmds)-1]
		c.want = append(c.want, line)
	}
	for _, c := range cmds {
		if len(c.args) == 0 || c.args[0] != "ecslint" {
			t.Errorf("README.md:%d: only ecslint commands can be run, not %q", c.line, strings.Join(c.args, " "))
			continue
		}
		args := c.args[1:]
		var stdin []byte
		if n := len(args); n >= 2 && args[n-2] == "<" {
			var err error
			if stdin, err = os.ReadFile(filepath.Join(dir, args[n-1])); err != nil {
				t.Fatalf("README.md:%d: %v", c.line, err)
			}
			args = args[:n-2]
		}
		var out bytes.Buffer
		t.Chdir(dir)
		run(args, bytes.NewReader(stdin), &out, &out)
		got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			got = nil
		}
		if !matchLines(c.want, got) {
			t.Errorf("README.md:%d (%s): $ %s\nREADME says:\n%s\nbut ecslint printed:\n%s", c.line, name,
				strings.Join(c.args, " "), strings.Join(c.want, "\n"), strings.Join(got, "\n"))
		}
	}
	return len(cmds)
}

// matchLines matches got against want, where "..." in want stands for
// any number of lines.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && want[0] == got[0] && matchLines(want[1:], got[1:])
}

// splitCommand splits a command line on spaces, with '...' and "..."
// quoting as a shell does (no escapes inside single quotes).
func splitCommand(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		case c == '|' || c == ';' || c == '&' || c == '$' || c == '`' || c == '>':
			return nil, fmt.Errorf("shell syntax %q is not supported in README commands", c)
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", s)
	}
	if in {
		out = append(out, cur.String())
	}
	return out, nil
}

// TestReadmePromises checks what the README says against the repository:
// the Go version against go.mod, versions it names against tags, the
// hook id against .pre-commit-hooks.yaml.
func TestReadmePromises(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	if goLine == nil {
		t.Fatal("go.mod has no go line")
	}
	goVersions := regexp.MustCompile(`Go (1\.\d+(?:\.\d+)?)`).FindAllSubmatch(readme, -1)
	if len(goVersions) == 0 {
		t.Error("README.md does not say which Go version ecslint needs")
	}
	for _, m := range goVersions {
		if string(m[1]) != string(goLine[1]) {
			t.Errorf("README.md says Go %s, go.mod says go %s", m[1], goLine[1])
		}
	}
	// A version the README tells users to install must be a tag.
	tags := map[string]bool{}
	if out, err := exec.Command("git", "-C", "../..", "tag", "--list").Output(); err == nil {
		for _, tag := range strings.Fields(string(out)) {
			tags[tag] = true
		}
	}
	for _, m := range regexp.MustCompile(`(?:ecslint/ecslint(?:/cmd/ecslint)?@|rev: )(v\d+\.\d+\.\d+\S*|latest)`).FindAllSubmatch(readme, -1) {
		if !tags[string(m[1])] {
			t.Errorf("README.md names ecslint version %s, which is not a tag of this repository", m[1])
		}
	}
	hooks, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`(?m)^- id: (\S+)$`).FindSubmatch(hooks)
	if id == nil || !bytes.Contains(readme, []byte("- id: "+string(id[1]))) {
		t.Errorf("README.md does not use the hook id of .pre-commit-hooks.yaml")
	}
}
