package discover

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/internal/testfs"
	"github.com/ecslint/ecslint/report"
)

// writeTree writes files (slash paths relative to dir) and returns dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.WriteTree(t, files)
}

func displays(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Display)
	}
	return out
}

// TestWalkGitignore: the work tree's .git/info/exclude and each folder's
// .gitignore apply, deeper files winning; excluded folders are skipped
// whole, and version-control and dependency folders are never entered.
func TestWalkGitignore(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".git/HEAD":             "ref: refs/heads/main\n",
		".git/info/exclude":     "local/\n",
		".gitignore":            "# comment\n\n*.bak\nbuild/\n!keep.bak\r\n",
		"Dockerfile":            "",
		"a.bak":                 "",
		"keep.bak":              "",
		"build/Dockerfile":      "",
		"local/Dockerfile":      "",
		"sub/.gitignore":        "Dockerfile\n",
		"sub/Dockerfile":        "",
		"sub/x.json":            "",
		"node_modules/x.json":   "",
		".terraform/x/main.tf":  "",
		"deep/er/Dockerfile":    "",
		"deep/.gitignore":       "/er/\n",
		"other/deep/Dockerfile": "",
	})
	w := Walk(dir, []string{"."}, nil)
	want := []string{".gitignore", "Dockerfile", "deep/.gitignore", "keep.bak", "other/deep/Dockerfile", "sub/.gitignore", "sub/x.json"}
	if got := displays(w.Files); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	var skips []string
	for _, s := range w.Skips {
		if s.Reason != "ignored by .gitignore" {
			t.Errorf("skip %s: reason %q", s.File, s.Reason)
		}
		skips = append(skips, s.File)
	}
	wantSkips := []string{"a.bak", "build/", "deep/er/", "local/", "sub/Dockerfile"}
	if !sameSet(skips, wantSkips) {
		t.Errorf("skips = %q, want %q", skips, wantSkips)
	}
	if len(w.Errors) > 0 || len(w.Notices) > 0 {
		t.Errorf("errors %v, notices %v; want none", w.Errors, w.Notices)
	}

	// Walking a folder below the top applies the patterns above it.
	w = Walk(dir, []string{"sub", "deep"}, nil)
	if got := displays(w.Files); !reflect.DeepEqual(got, []string{"deep/.gitignore", "sub/.gitignore", "sub/x.json"}) {
		t.Errorf("below the top: files = %q", got)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

// TestWalkExplicit: a file named on the command line is returned whatever
// the .gitignore files say, once however often it is named; paths outside
// cwd are shown as given.
func TestWalkExplicit(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".gitignore":    "*.json\n",
		"app/task.json": "",
	})
	w := Walk(dir, []string{"app/task.json", "./app/task.json", "app"}, nil)
	want := []File{{Abs: filepath.Join(dir, "app", "task.json"), Display: "app/task.json", Explicit: true}}
	if !reflect.DeepEqual(w.Files, want) {
		t.Errorf("files = %+v, want %+v", w.Files, want)
	}

	sub := filepath.Join(dir, "app")
	w = Walk(sub, []string{"../.gitignore"}, nil)
	if got := displays(w.Files); !reflect.DeepEqual(got, []string{"../.gitignore"}) {
		t.Errorf("outside cwd: files = %q", got)
	}
}

// TestWalkErrors: an empty path, a missing one and a link to nothing are
// errors without the full path in the message.
func TestWalkErrors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := writeTree(t, map[string]string{"Dockerfile": ""})
	if err := os.Symlink("gone.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	w := Walk(dir, []string{"", "missing", "link.json"}, nil)
	want := []report.FileError{
		{File: `""`, Message: "empty path"},
		{File: "missing", Message: "no such file or directory"},
		{File: "link.json", Message: `symbolic link to "gone.json", which does not exist`},
	}
	if !reflect.DeepEqual(w.Errors, want) {
		t.Errorf("errors = %+v, want %+v", w.Errors, want)
	}
	if len(w.Files) > 0 {
		t.Errorf("files = %+v, want none", w.Files)
	}
}

// TestWalkCandidates: below a folder, a file that is not a regular file
// (here a link to nothing) is returned only when candidate wants its
// name; a linked folder is not followed.
func TestWalkCandidates(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := writeTree(t, map[string]string{"real/Dockerfile": "", "notes.txt": ""})
	for _, l := range []struct{ to, name string }{
		{"gone", "Dockerfile"}, {"gone", "README.md"}, {"notes.txt", "linked.txt"}, {"real", "folder"},
	} {
		if err := os.Symlink(l.to, filepath.Join(dir, l.name)); err != nil {
			t.Fatal(err)
		}
	}
	wantName := func(base string) bool { return strings.Contains(strings.ToLower(base), "dockerfile") }
	w := Walk(dir, []string{"."}, wantName)
	want := []string{"Dockerfile", "linked.txt", "notes.txt", "real/Dockerfile"}
	if got := displays(w.Files); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	w = Walk(dir, []string{"."}, nil)
	want = []string{"linked.txt", "notes.txt", "real/Dockerfile"}
	if got := displays(w.Files); !reflect.DeepEqual(got, want) {
		t.Errorf("nil candidate: files = %q, want %q", got, want)
	}
}

// TestReadFile: ReadFile's errors name no path.
func TestReadFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"big": strings.Repeat("x", 11)})
	if b, err := ReadFile(filepath.Join(dir, "big"), 11); err != nil || len(b) != 11 {
		t.Errorf("ReadFile at the limit = %d bytes, %v", len(b), err)
	}
	for _, p := range []string{filepath.Join(dir, "big"), filepath.Join(dir, "missing"), dir} {
		_, err := ReadFile(p, 10)
		if err == nil || strings.Contains(err.Error(), dir) {
			t.Errorf("ReadFile(%s) = %v, want an error without the path", p, err)
		}
	}
}

func TestDisplay(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix paths")
	}
	cwd := filepath.FromSlash("/work/tree")
	for _, tt := range []struct{ given, abs, want string }{
		{"a/b.json", "/work/tree/a/b.json", "a/b.json"},
		{"./x/../Dockerfile", "/work/tree/Dockerfile", "Dockerfile"},
		{"../other/Dockerfile", "/work/other/Dockerfile", "../other/Dockerfile"},
		{"/srv/Dockerfile", "/srv/Dockerfile", "/srv/Dockerfile"},
	} {
		if got := Display(cwd, filepath.FromSlash(tt.given), filepath.FromSlash(tt.abs)); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.given, got, tt.want)
		}
	}
}

// TestWalkAgreesWithGit: on a tree of folders walked in parallel, with
// .gitignore files at several depths (negations, folder patterns, anchored
// patterns, patterns of one folder that must not leak into its siblings),
// Walk returns exactly the files git reports as not ignored.
func TestWalkAgreesWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	files := map[string]string{
		".gitignore":              "*.log\n/build/\ntmp*\n!keep.log\n",
		"a/.gitignore":            "secret.json\n!tmp-keep.json\n",
		"a/secret.json":           "{}",
		"a/tmp-keep.json":         "{}",
		"a/x.log":                 "",
		"a/keep.log":              "",
		"b/secret.json":           "{}", // a's pattern does not apply here
		"b/c/.gitignore":          "*.json\n!Dockerfile.json\n",
		"b/c/d.json":              "{}",
		"b/c/Dockerfile.json":     "{}",
		"b/c/e/f.json":            "{}",
		"b/c/e/Dockerfile":        "FROM x\n",
		"build/out.json":          "{}",
		"src/build/in.json":       "{}", // /build/ is anchored at the top
		"tmp1/x.json":             "{}",
		"Dockerfile":              "FROM x\n",
		"deep/1/2/3/4/5/6/7.json": "{}",
	}
	for i := range 40 {
		files[fmt.Sprintf("wide/%02d/task.json", i)] = "{}"
		files[fmt.Sprintf("wide/%02d/app.log", i)] = ""
	}
	dir := writeTree(t, files)
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q")
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(git("ls-files", "--others", "--exclude-standard")), "\n") {
		if !strings.HasSuffix(l, ".gitignore") {
			want = append(want, l)
		}
	}
	sort.Strings(want)
	for range 5 { // the order folders are listed in varies; the result must not
		var got []string
		for _, f := range Walk(dir, []string{"."}, nil).Files {
			if !strings.HasSuffix(f.Display, ".gitignore") {
				got = append(got, f.Display)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Walk found\n%s\ngit reports\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
