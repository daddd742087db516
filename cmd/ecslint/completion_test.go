package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// needShell returns the path of shell, skipping the test when it is not
// installed, unless ECSLINT_REQUIRE_SHELLS is set (CI installs them).
func needShell(t *testing.T, shell string) string {
	t.Helper()
	p, err := exec.LookPath(shell)
	if err != nil {
		if os.Getenv("ECSLINT_REQUIRE_SHELLS") != "" {
			t.Fatalf("%s is not installed", shell)
		}
		t.Skipf("%s is not installed", shell)
	}
	return p
}

func completionScript(t *testing.T, shell string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run([]string{"completion", shell}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("completion %s: exit %d: %s", shell, code, errOut.String())
	}
	p := filepath.Join(t.TempDir(), "ecslint."+shell)
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompletionBash(t *testing.T) {
	bash := needShell(t, "bash")
	script := completionScript(t, "bash")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "taskdef.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		line string // words typed; the last one is being completed
		want []string
		not  []string
	}{
		{"ecslint ", []string{"rules", "explain", "verify", "version", "completion", "taskdef.json"}, nil},
		{"ecslint --form", []string{"--format"}, []string{"--fail-on"}},
		{"ecslint --f", []string{"--format", "--fail-on"}, nil},
		{"ecslint --format ", []string{"text", "json", "sarif", "github", "junit", "checkstyle"}, []string{"taskdef.json"}},
		{"ecslint -f sa", []string{"sarif"}, []string{"json"}},
		{"ecslint --format=ch", []string{"checkstyle"}, nil},
		{"ecslint --fail-on ", []string{"error", "warning", "note", "none"}, nil},
		{"ecslint --color ", []string{"auto", "always", "never"}, nil},
		{"ecslint --disable TD00", []string{"TD001", "TD009"}, []string{"DF001"}},
		{"ecslint --enable TD001,DF00", []string{"TD001,DF001", "TD001,DF005"}, []string{"TD001"}},
		{"ecslint explain DF", []string{"DF001", "DF005"}, []string{"TD001"}},
		{"ecslint completion ", []string{"bash", "zsh", "fish"}, nil},
		{"ecslint infra ta", []string{"taskdef.json"}, []string{"rules"}},
		{"ecslint -- ru", nil, []string{"rules"}},
	} {
		words := strings.Split(tc.line, " ")
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		prog := "source " + script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "\n_ecslint\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tc.line, err, out)
		}
		got := map[string]bool{}
		for _, w := range strings.Fields(string(out)) {
			got[w] = true
		}
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%q: completions %q lack %q", tc.line, strings.Fields(string(out)), w)
			}
		}
		for _, w := range tc.not {
			if got[w] {
				t.Errorf("%q: completions %q should not offer %q", tc.line, strings.Fields(string(out)), w)
			}
		}
	}
}

func TestCompletionFish(t *testing.T) {
	fish := needShell(t, "fish")
	script := completionScript(t, "fish")
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"ecslint --format ", []string{"text", "json", "sarif", "github", "junit", "checkstyle"}},
		{"ecslint --fail-on ", []string{"error", "warning", "note", "none"}},
		{"ecslint explain ", []string{"TD001", "DF005"}},
		{"ecslint --col", []string{"--color"}},
		{"ecslint ", []string{"rules", "completion"}},
	} {
		cmd := exec.Command(fish, "--no-config", "-c", "source "+script+"; complete -C '"+tc.line+"'")
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tc.line, err, out)
		}
		got := map[string]bool{}
		for _, line := range strings.Split(string(out), "\n") {
			got[strings.SplitN(line, "\t", 2)[0]] = true
		}
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%q: fish completions lack %q:\n%s", tc.line, w, out)
			}
		}
	}
}

func TestCompletionZsh(t *testing.T) {
	zsh := needShell(t, "zsh")
	script := completionScript(t, "zsh")
	if out, err := exec.Command(zsh, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
	// Loaded under compinit, the script registers _ecslint for ecslint.
	prog := "autoload -U compinit && compinit -u -D && source " + script + " && print -r -- ${_comps[ecslint]}"
	cmd := exec.Command(zsh, "-f", "-c", prog)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "_ecslint" {
		t.Fatalf("zsh did not register the completion: %v\n%s", err, out)
	}
	text, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--format=", "(text json sarif github junit checkstyle)", "TD001", "(auto always never)"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("zsh script lacks %q", want)
		}
	}
}

// TestFlagsDocumented: every flag has a line in the usage text, which is
// also where completions take their descriptions from.
func TestFlagsDocumented(t *testing.T) {
	desc := flagDescriptions()
	for _, f := range completionFlags(nil) {
		if desc[f.long] == "" {
			t.Errorf("--%s has no line in the usage text", f.long)
		}
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"completion", "tcsh"}, nil, &out, &errOut); code != exitError || !strings.Contains(errOut.String(), `"tcsh" is not one of bash, zsh, fish`) {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}
