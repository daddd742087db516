//go:build unix

package lint_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ecslint/ecslint/classify"
	"github.com/ecslint/ecslint/discover"
	"github.com/ecslint/ecslint/lint"
	"github.com/ecslint/ecslint/report"
)

// The hostile-input issue: a file BuildKit, ECS or the AWS CLI accepts, or
// that a pull request can hold, must never slip past with exit 0, and no
// file may hang or exhaust a run.

const taskDef = `{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true}]}`

func utf16le(s string, bom bool) string {
	var b []byte
	if bom {
		b = append(b, 0xff, 0xfe)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func utf16be(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

func utf32(s string, bom, big bool) string {
	var b []byte
	if bom {
		s = "\ufeff" + s
	}
	for _, r := range s {
		if big {
			b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
		} else {
			b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
	}
	return string(b)
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, to, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(to, p); err != nil {
		t.Fatal(err)
	}
}

// runBounded is run, failing instead of hanging when a named pipe blocks.
func runBounded(t *testing.T, dir string, opts lint.Options) *report.Report {
	t.Helper()
	done := make(chan *report.Report, 1)
	go func() { done <- run(t, dir, opts) }()
	select {
	case rep := <-done:
		return rep
	case <-time.After(20 * time.Second):
		t.Fatalf("the run hangs")
		return nil
	}
}

// check compares the report's outcomes for each file, joined by " | ",
// with want; files not in want must not be in the report.
func check(t *testing.T, got map[string][]string, want map[string]string) {
	t.Helper()
	for f, w := range want {
		if g := strings.Join(got[f], " | "); g != w {
			t.Errorf("%s: the report says %q,\n\twant %q", f, g, w)
		}
	}
	for f := range got {
		if _, ok := want[f]; !ok {
			t.Errorf("unexpected file in the report: %s %q", f, got[f])
		}
	}
}

func TestHostileTargets(t *testing.T) {
	const convert = "ecslint reads UTF-8: convert it with iconv"
	dir := writeTree(t, map[string]string{
		// 1. Escaped keys: the AWS CLI reads this as a task definition.
		"esc/td.json": `{"family":"web","\u0063ontainerDefinitions":[{"name":"a","\u0069mage":"nginx:1","essential":true}]}`,
		// 2. NUL bytes: BuildKit reads a Dockerfile with one in a comment
		// or a RUN line; JSON never holds one, so a task definition with
		// one is an error where it is.
		"nul/Dockerfile":   "FROM alpine:3.20\n# a \x00 comment\nRUN echo \x00 hi\n",
		"nul/app.json":     `{"containerDefinitions": [{"image": "a` + "\x00" + `"}]}`,
		"nul/taskdef.json": "\x7fELF\x00\x00\x01",
		"nul/data.json":    `{"a": "` + "\x00" + `"}`,
		// UTF-16 and UTF-32, with and without a byte order mark, named
		// correctly; what is not a target by name or decoded content is
		// skipped with a notice.
		"enc/u16le.json":       utf16le(taskDef, false),
		"enc/u16be.json":       utf16be(taskDef),
		"enc/u32le.json":       utf32(taskDef, true, false),
		"enc/u32be.json":       utf32(taskDef, false, true),
		"enc/u32nobom.json":    utf32(taskDef, false, false),
		"enc/Dockerfile":       utf16le("FROM alpine:3.20\n", true),
		"enc/my_dockerfile_v2": utf16le("FROM alpine:3.20\n", false),
		"enc/package.json":     utf16le(`{"name": "x"}`, false),
	})
	// 3. and 7.: dangling links, links to devices, named pipes: errors
	// when they would be targets by name, notices when their content would
	// decide, absent when ecslint would not read them.
	symlink(t, "missing", filepath.Join(dir, "links/Dockerfile"))
	symlink(t, "missing.json", filepath.Join(dir, "links/x.json"))
	symlink(t, "missing", filepath.Join(dir, "links/README"))
	symlink(t, "/dev/zero", filepath.Join(dir, "links/Dockerfile.zero"))
	symlink(t, "/dev/zero", filepath.Join(dir, "links/zero.json"))
	symlink(t, "loop.json", filepath.Join(dir, "links/loop.json"))
	mkfifo(t, filepath.Join(dir, "fifo/Dockerfile"))
	mkfifo(t, filepath.Join(dir, "fifo/containers.json"))
	mkfifo(t, filepath.Join(dir, "fifo/x.json"))
	mkfifo(t, filepath.Join(dir, "fifo/notes"))

	rep := runBounded(t, dir, lint.Options{})
	check(t, outcomes(rep), map[string]string{
		"esc/td.json":           "linted",
		"nul/Dockerfile":        "linted",
		"nul/app.json":          `error 1:39 invalid character '\x00' in string literal`,
		"nul/taskdef.json":      `error 1:1 invalid character '\x7f' looking for beginning of value`,
		"nul/data.json":         "notice 0:0 skipped: binary file (it has NUL bytes), not read",
		"enc/u16le.json":        "error 1:1 the file is UTF-16LE encoded; " + convert + " -f UTF-16LE -t UTF-8",
		"enc/u16be.json":        "error 1:1 the file is UTF-16BE encoded; " + convert + " -f UTF-16BE -t UTF-8",
		"enc/u32le.json":        "error 1:1 the file is UTF-32LE encoded (with a byte order mark); " + convert + " -f UTF-32 -t UTF-8",
		"enc/u32be.json":        "error 1:1 the file is UTF-32BE encoded; " + convert + " -f UTF-32BE -t UTF-8",
		"enc/u32nobom.json":     "error 1:1 the file is UTF-32LE encoded; " + convert + " -f UTF-32LE -t UTF-8",
		"enc/Dockerfile":        "error 1:1 the file is UTF-16LE encoded (with a byte order mark); " + convert + " -f UTF-16 -t UTF-8",
		"enc/my_dockerfile_v2":  "error 1:1 the file is UTF-16LE encoded; " + convert + " -f UTF-16LE -t UTF-8",
		"enc/package.json":      "notice 0:0 skipped: UTF-16LE text, not read (ecslint reads UTF-8)",
		"links/Dockerfile":      `error 0:0 symbolic link to "missing", which does not exist`,
		"links/x.json":          `notice 0:0 skipped: symbolic link to "missing.json", which does not exist`,
		"links/Dockerfile.zero": "error 0:0 not a regular file: a character device",
		"links/zero.json":       "notice 0:0 skipped: not a regular file: a character device",
		"links/loop.json":       "notice 0:0 skipped: too many levels of symbolic links",
		"fifo/Dockerfile":       "error 0:0 not a regular file: a named pipe",
		"fifo/containers.json":  "error 0:0 not a regular file: a named pipe",
		"fifo/x.json":           "notice 0:0 skipped: not a regular file: a named pipe",
	})
	// The escaped task definition is linted at the positions of its text.
	var at []string
	for _, f := range rep.Findings {
		if f.File == "esc/td.json" {
			at = append(at, fmt.Sprintf("%d:%d %s", f.Range.Start.Line, f.Range.Start.Column, f.Rule.ID))
		}
	}
	if !slices.Contains(at, "1:71 TD001") {
		t.Errorf("findings in esc/td.json: %q, want TD001 at the image, 1:71", at)
	}

	// A file named on the command line is a target: a named pipe is an
	// error, not a hang; so is a file over the limit.
	if err := os.WriteFile(filepath.Join(dir, "big.json"), bytes.Repeat([]byte(" "), classify.MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	rep = runBounded(t, dir, lint.Options{Paths: []string{"fifo/x.json", "links/x.json", "big.json", "nul/data.json"}})
	check(t, outcomes(rep), map[string]string{
		"fifo/x.json":   "error 0:0 not a regular file: a named pipe",
		"links/x.json":  `error 0:0 symbolic link to "missing.json", which does not exist`,
		"big.json":      "error 0:0 larger than 8 MiB, the most ecslint reads of one file",
		"nul/data.json": "notice 0:0 skipped: binary file (it has NUL bytes), not read",
	})
}

// TestHostileGitignore: a .gitignore or .git/info/exclude that is a named
// pipe, a link to /dev/zero or over MaxGitignoreSize is not applied, with
// a notice, and the walk goes on.
func TestHostileGitignore(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pipe/Dockerfile":   "FROM alpine:3.20\n",
		"zero/Dockerfile":   "FROM alpine:3.20\n",
		"big/.gitignore":    "Dockerfile\n" + strings.Repeat("#\n", discover.MaxGitignoreSize/2),
		"big/Dockerfile":    "FROM alpine:3.20\n",
		"fine/.gitignore":   "Dockerfile\n",
		"fine/Dockerfile":   "FROM alpine:3.20\n",
		"repo/.git/HEAD":    "ref: refs/heads/main\n",
		"repo/Dockerfile":   "FROM alpine:3.20\n",
		"repo/a/Dockerfile": "FROM alpine:3.20\n",
	})
	mkfifo(t, filepath.Join(dir, "pipe/.gitignore"))
	symlink(t, "/dev/zero", filepath.Join(dir, "zero/.gitignore"))
	mkfifo(t, filepath.Join(dir, "repo/.git/info/exclude"))
	rep := runBounded(t, dir, lint.Options{Paths: []string{"pipe", "zero", "big", "fine", "repo", "repo/a"}})
	got := outcomes(rep)
	check(t, got, map[string]string{
		"pipe/.gitignore":        "notice 0:0 not read (not a regular file: a named pipe); its patterns are not applied",
		"pipe/Dockerfile":        "linted",
		"zero/.gitignore":        "notice 0:0 not read (not a regular file: a character device); its patterns are not applied",
		"zero/Dockerfile":        "linted",
		"big/.gitignore":         "notice 0:0 not read (larger than 1 MiB, the most ecslint reads of one file); its patterns are not applied | skipped: not a Dockerfile or ECS task definition",
		"fine/.gitignore":        "skipped: not a Dockerfile or ECS task definition",
		"big/Dockerfile":         "linted",
		"fine/Dockerfile":        "skipped: ignored by .gitignore",
		"repo/.git/info/exclude": "notice 0:0 not read (not a regular file: a named pipe); its patterns are not applied",
		"repo/Dockerfile":        "linted",
		"repo/a/Dockerfile":      "linted",
	})
}

// TestHostileIAM: --iam files go through the bounded reader too.
func TestHostileIAM(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": "FROM alpine:3.20\n"})
	mkfifo(t, filepath.Join(dir, "fifo.json"))
	symlink(t, "/dev/zero", filepath.Join(dir, "zero.json"))
	symlink(t, "nothing.json", filepath.Join(dir, "dangling.json"))
	rep := runBounded(t, dir, lint.Options{Paths: []string{"Dockerfile"}, IAM: []string{"fifo.json", "zero.json", "dangling.json"}})
	check(t, outcomes(rep), map[string]string{
		"Dockerfile":    "linted",
		"fifo.json":     "error 0:0 --iam: not a regular file: a named pipe",
		"zero.json":     "error 0:0 --iam: not a regular file: a character device",
		"dangling.json": `error 0:0 --iam: symbolic link to "nothing.json", which does not exist`,
	})
}

// TestHostileStdin: standard input is read at most MaxFileSize bytes.
func TestHostileStdin(t *testing.T) {
	big := io0{n: classify.MaxFileSize + 1}
	_, err := newLinter(t).Run(t.Context(), lint.Options{Paths: []string{"-"}, Stdin: &big, Cwd: t.TempDir()})
	if err == nil || err.Error() != "read standard input: larger than 8 MiB, the most ecslint reads of one file" {
		t.Errorf("Run = %v", err)
	}
	if big.read > classify.MaxFileSize+1+64<<10 {
		t.Errorf("read %d bytes of standard input", big.read)
	}
}

// io0 is an endless reader of spaces that counts what it gives.
type io0 struct{ n, read int }

func (r *io0) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	r.read += len(p)
	return len(p), nil
}
