package discover

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/ecslint/ecslint/report"
)

// ignorer applies the .gitignore files of a Git work tree to a walk, as git
// does: the repository's .git/info/exclude, then each folder's .gitignore
// from the top of the work tree down, deeper files winning.
//
// A .gitignore that cannot be read (not a regular file, a named pipe or a
// link to a device; larger than MaxGitignoreSize; unreadable) is not
// applied, with a notice, and the walk goes on, as git warns and goes on.
// Not applying one can only make the walk read more files than git would
// track, never fewer, so no target slips past; stopping the run would
// fail it over a file ecslint does not lint.
type ignorer struct {
	cwd      string // for the names in notices
	top      string // top of the work tree (or the walk root outside Git)
	patterns []gitignore.Pattern
	matcher  gitignore.Matcher
	notices  *noticeList // shared by an ignorer and its children
}

// noticeList collects notices from folders walked at the same time.
type noticeList struct {
	mu   sync.Mutex
	list []report.Notice
}

func (l *noticeList) add(n report.Notice) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, n)
}

// newIgnorer prepares the patterns that apply above root: those of the
// work tree's top and of every folder between it and root. root's own
// .gitignore is read when the walk enters it.
func newIgnorer(cwd, root string) *ignorer {
	ig := &ignorer{cwd: cwd, top: root, notices: &noticeList{}}
	for dir := root; ; {
		if st, err := os.Stat(filepath.Join(dir, ".git")); err == nil && st != nil {
			ig.top = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	ig.read(filepath.Join(ig.top, ".git", "info", "exclude"), nil)
	if ig.top != root {
		rel, err := filepath.Rel(ig.top, root)
		if err == nil {
			parts := strings.Split(filepath.ToSlash(rel), "/")
			for i := range parts {
				dir := parts[:i]
				ig.read(filepath.Join(append([]string{ig.top}, append(dir, ".gitignore")...)...), dir)
			}
		}
	}
	return ig
}

// child returns the ignorer of folder dir, whose .gitignore adds to the
// patterns of ig (the folders above it); ig is not changed, so that
// sibling folders can be walked at the same time.
func (ig *ignorer) child(dir string) *ignorer {
	c := &ignorer{cwd: ig.cwd, top: ig.top, patterns: slices.Clip(ig.patterns), matcher: ig.matcher, notices: ig.notices}
	c.read(filepath.Join(dir, ".gitignore"), ig.components(dir))
	return c
}

func (ig *ignorer) read(file string, domain []string) {
	b, err := ReadFile(file, MaxGitignoreSize)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return // no file (a link to nothing is none either)
	}
	if err != nil {
		ig.notices.add(report.Notice{File: Display(ig.cwd, file, file),
			Message: fmt.Sprintf("not read (%v); its patterns are not applied", err)})
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, domain))
	}
	ig.matcher = gitignore.NewMatcher(ig.patterns)
}

func (ig *ignorer) components(p string) []string {
	rel, err := filepath.Rel(ig.top, p)
	if err != nil || rel == "." {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

// ignored reports whether p is excluded by the patterns read so far.
func (ig *ignorer) ignored(p string, isDir bool) bool {
	if ig.matcher == nil {
		return false
	}
	parts := ig.components(p)
	return len(parts) > 0 && parts[0] != ".." && ig.matcher.Match(parts, isDir)
}
