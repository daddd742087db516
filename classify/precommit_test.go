package classify

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// hookFile is the pre-commit hook definition at the repository root.
const hookFile = "../.pre-commit-hooks.yaml"

type preCommitHook struct {
	ID            string   `yaml:"id"`
	Files         string   `yaml:"files"`
	Types         []string `yaml:"types"`
	RequireSerial bool     `yaml:"require_serial"`
}

func readHook(t *testing.T) preCommitHook {
	t.Helper()
	b, err := os.ReadFile(hookFile)
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatalf("%s: %v", hookFile, err)
	}
	if len(hooks) != 1 || hooks[0].ID != "ecslint" {
		t.Fatalf("%s: want one hook, ecslint; got %+v", hookFile, hooks)
	}
	return hooks[0]
}

// TestPreCommitHook holds .pre-commit-hooks.yaml to the classifier: its
// files: pattern is the one PreCommitPattern derives from the lists of
// names ecslint reads, and one ecslint process sees every staged file.
func TestPreCommitHook(t *testing.T) {
	h := readHook(t)
	if want := PreCommitPattern(); h.Files != want {
		t.Errorf("%s: files: is\n\t%s\nwant (classify.PreCommitPattern)\n\t%s", hookFile, h.Files, want)
	}
	if !h.RequireSerial {
		t.Errorf("%s: require_serial must be true: pre-commit would run several ecslint processes on slices of the files (TD002 sees only its slice; one summary per slice)", hookFile)
	}
	if len(h.Types) != 1 || h.Types[0] != "file" {
		t.Errorf("%s: types: %v, want [file]", hookFile, h.Types)
	}
}

// readNames returns sample paths for every entry of the classifier's name
// lists: each is a name ecslint reads.
func readNames() []string {
	var out []string
	for w := range strings.FieldsSeq(dockerfileWords) {
		title := strings.ToUpper(w[:1]) + w[1:]
		out = append(out, w, title, strings.ToUpper(w), "api."+title, title+".prod", title+"-linux.template",
			"build_"+w+"_v2", "deploy/app/"+title, "a/b/windows."+w)
	}
	out = append(out, "td"+jsonMarker, "deploy/td"+strings.ToUpper(jsonMarker), "x"+jsonMarker+".tpl",
		"y"+jsonMarker+"5", "main.tf"+jsonMarker, "dockerfiles/x"+jsonMarker)
	for e := range strings.FieldsSeq(templateExts + " " + otherFormatExts) {
		out = append(out, "x"+e, "dir/sub/X"+strings.ToUpper(e), "cb_app.json"+e, ".hidden"+e)
	}
	return out
}

// notReadNames are paths ecslint never reads; the hook need not pass them.
func notReadNames() []string {
	return []string{"README.md", "main.go", "dockerfiles/README.md", "a.json/notes.txt", "x.tpl/go.mod", "Makefile", "tfvars", "yaml"}
}

func TestPreCommitPatternMatchesReadNames(t *testing.T) {
	pattern := PreCommitPattern()
	// The subset of syntax Go's RE2 and Python's re read alike.
	if !strings.HasPrefix(pattern, "(?i)") || strings.Count(pattern, "(?") != 1 {
		t.Errorf("pattern %q: flags other than a leading (?i)", pattern)
	}
	for _, bad := range []string{`\z`, `\A`, `\Q`, `\p`, `\P`, `[[:`, `\C`} {
		if strings.Contains(pattern, bad) {
			t.Errorf("pattern %q uses %s, which Python's re reads differently", pattern, bad)
		}
	}
	hook := readHook(t).Files
	patterns := map[string]*regexp.Regexp{"classify.PreCommitPattern": regexp.MustCompile(pattern)}
	if re, err := regexp.Compile(hook); err != nil {
		t.Errorf("%s files: %v", hookFile, err)
	} else {
		patterns[hookFile] = re
	}
	read, notRead := readNames(), notReadNames()
	for _, p := range read {
		base := path.Base(p)
		if strong, _ := DockerfileName(base); !strong && !NeedsContent(base) {
			t.Errorf("sample %q is not a name ecslint reads; fix readNames", p)
		}
		for name, re := range patterns {
			if !re.MatchString(p) {
				t.Errorf("%s does not match %q, which ecslint reads", name, p)
			}
		}
	}
	for _, p := range notRead {
		base := path.Base(p)
		if strong, _ := DockerfileName(base); strong || NeedsContent(base) {
			t.Errorf("sample %q is a name ecslint reads; fix notReadNames", p)
		}
		if patterns["classify.PreCommitPattern"].MatchString(p) {
			t.Errorf("classify.PreCommitPattern matches %q, which ecslint never reads", p)
		}
	}

	// pre-commit itself runs re.search(files, path) in Python.
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: Python's re not checked")
	}
	in, _ := json.Marshal(map[string]any{"patterns": []string{pattern, hook}, "read": read, "notRead": notRead})
	cmd := exec.CommandContext(t.Context(), python, "-c", `
import json, re, sys
d = json.load(sys.stdin)
out = []
for p in d["patterns"]:
    r = re.compile(p)
    out.append({"missed": [n for n in d["read"] if not r.search(n)],
                "extra": [n for n in d["notRead"] if r.search(n)]})
print(json.dumps(out))`)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var got []struct{ Missed, Extra []string }
	if err := json.Unmarshal(out, &got); err != nil || len(got) != 2 {
		t.Fatalf("python3 said %s: %v", out, err)
	}
	for i, pat := range []string{pattern, hook} {
		if len(got[i].Missed) > 0 {
			t.Errorf("Python's re.search(%q) misses %q, which ecslint reads", pat, got[i].Missed)
		}
		if i == 0 && len(got[i].Extra) > 0 {
			t.Errorf("Python's re.search(%q) matches %q, which ecslint never reads", pat, got[i].Extra)
		}
	}
}
