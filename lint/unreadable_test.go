package lint

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ecslint/ecslint/classify"
	"github.com/ecslint/ecslint/discover"
)

// TestUnreadable: a file that cannot be read is an error when it would be
// a target by its name (a Dockerfile, JSON named as container definitions)
// or was named on the command line, and a notice when its content would
// decide; never skipped with only --verbose saying so. Root reads files of
// mode 000, so the error is injected here; TestUnreadableMode000 makes a
// real one as another user.
func TestUnreadable(t *testing.T) {
	denied := fmt.Errorf("open: %w", fs.ErrPermission)
	read := func(string) ([]byte, error) {
		return nil, denied // as discover.ReadFile reports it: without the path
	}

	for _, tt := range []struct {
		name     string
		explicit bool
		want     string
	}{
		{"Dockerfile", false, "error: open: permission denied"},
		{"api.Dockerfile", false, "error: open: permission denied"},
		{"containers.json", false, "error: open: permission denied"},
		{"taskdef.json.tpl", false, "error: open: permission denied"},
		{"app.json", true, "error: open: permission denied"},
		{"app.json", false, "notice: skipped: open: permission denied"},
		{"my_dockerfile_v2", false, "notice: skipped: open: permission denied"},
		{"README.md", false, "none"}, // never read
	} {
		j := &job{f: file{File: discover.File{Abs: filepath.Join(t.TempDir(), tt.name), Display: tt.name, Explicit: tt.explicit}}, read: read}
		parseOne(j, classify.NewTFReaders(t.TempDir()))
		got := "none"
		switch {
		case j.class != classify.None && j.err != nil:
			got = "error: " + j.err.Error()
		case j.notice != nil:
			got = "notice: " + j.notice.Message
		}
		if got != tt.want {
			t.Errorf("%s (explicit %v): %s, want %s", tt.name, tt.explicit, got, tt.want)
		}
	}
}

// TestUnreadableMode000 is TestUnreadable with real files of mode 000,
// which only a user other than root cannot read.
func TestUnreadableMode000(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs a user other than root, on a system with Unix permissions")
	}
	dir := t.TempDir()
	for _, name := range []string{"Dockerfile", "app.json"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("FROM alpine:3.20\n"), 0o000); err != nil {
			t.Fatal(err)
		}
	}
	w := discover.Walk(dir, []string{"."}, classify.Candidate)
	got := map[string]string{}
	for _, f := range w.Files {
		j := &job{f: file{File: f}}
		parseOne(j, classify.NewTFReaders(dir))
		switch {
		case j.err != nil:
			got[f.Display] = "error: " + j.err.Error()
		case j.notice != nil:
			got[f.Display] = "notice: " + j.notice.Message
		}
	}
	want := map[string]string{"Dockerfile": "error: permission denied", "app.json": "notice: skipped: permission denied"}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("%s: %q, want %q", f, got[f], w)
		}
	}
}
