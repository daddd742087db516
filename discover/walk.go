package discover

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/ecslint/ecslint/internal/safeio"
	"github.com/ecslint/ecslint/report"
)

// MaxGitignoreSize bounds a .gitignore or .git/info/exclude file; one that
// is larger, or not a regular file, is not applied, with a notice.
const MaxGitignoreSize = 1 << 20

// File is one file found by Walk.
type File struct {
	Abs      string // absolute path, for config globs
	Display  string // slash path shown to the user
	Explicit bool   // named on the command line
}

// Result is what Walk finds.
type Result struct {
	// Files are sorted by Display path, each once.
	Files []File
	// Skips are the files and folders that .gitignore files exclude.
	Skips []report.Skip
	// Errors are the paths that do not exist, are empty, or whose folders
	// cannot be read.
	Errors []report.FileError
	// Notices name the .gitignore files not applied, and why.
	Notices []report.Notice
}

// skippedDir reports whether a folder of that name is never descended
// into.
func skippedDir(name string) bool {
	switch name {
	case ".git", ".hg", ".svn", "node_modules", ".terraform", ".terragrunt-cache":
		return true
	}
	return false
}

// Walk turns command-line paths, relative to cwd, into files, sorted by
// display path. Folders are walked without the paths their .gitignore
// files exclude (returned as skips); a file named on the command line is
// always returned. A file below a folder that is not a regular file (a
// named pipe, a socket, a link to a device or to nothing) is returned only
// when candidate, given its base name, says it would be read, so that
// reading it says why it cannot be linted; other such files are left out.
// candidate may be nil: no such file is returned.
func Walk(cwd string, paths []string, candidate func(base string) bool) Result {
	var w Result
	seen := make(map[string]bool)
	noticed := make(map[string]bool)
	add := func(f File) {
		if !seen[f.Abs] {
			seen[f.Abs] = true
			w.Files = append(w.Files, f)
		}
	}
	for _, p := range paths {
		if p == "" {
			w.Errors = append(w.Errors, report.FileError{File: `""`, Message: "empty path"})
			continue
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, p)
		}
		abs = filepath.Clean(abs)
		st, err := os.Stat(abs)
		if err != nil {
			w.Errors = append(w.Errors, report.FileError{File: filepath.ToSlash(p), Message: statError(abs, err).Error()})
			continue
		}
		if !st.IsDir() {
			add(File{Abs: abs, Display: Display(cwd, p, abs), Explicit: true})
			continue
		}
		ig := newIgnorer(cwd, abs)
		t := walkTree(cwd, abs, candidate, ig)
		for _, f := range t.Files {
			add(f)
		}
		w.Skips = append(w.Skips, t.Skips...)
		w.Errors = append(w.Errors, t.Errors...)
		for _, n := range ig.notices.list {
			// Folders of one work tree share .git/info/exclude.
			if !noticed[n.File] {
				noticed[n.File] = true
				w.Notices = append(w.Notices, n)
			}
		}
	}
	sort.Slice(w.Files, func(i, j int) bool { return w.Files[i].Display < w.Files[j].Display })
	return w
}

// walkTree walks the folder root: the files below it, except those its
// .gitignore files exclude (returned as skips) and those in folders never
// descended into, and the folders that cannot be listed (errors). Folders
// are listed in parallel, each with the ignore patterns of the folders
// above it; skips and errors come sorted by path, files in any order (Walk
// sorts them). A symbolic link to a folder is not followed, the root
// included, so a walk never loops or leaves the tree it was given.
func walkTree(cwd, root string, candidate func(base string) bool, ig *ignorer) Result {
	var (
		out Result
		mu  sync.Mutex // guards out
	)
	q := newFolderQueue(folder{root, ig})
	visit := func(f folder) {
		dir, ig := f.dir, f.ig
		entries, err := os.ReadDir(dir)
		var local Result
		defer func() {
			mu.Lock()
			out.Files = append(out.Files, local.Files...)
			out.Skips = append(out.Skips, local.Skips...)
			out.Errors = append(out.Errors, local.Errors...)
			mu.Unlock()
		}()
		if err != nil {
			local.Errors = append(local.Errors, report.FileError{File: Display(cwd, dir, dir), Message: unwrapPathError(err).Error()})
			return
		}
		for _, e := range entries {
			if e.Name() == ".gitignore" {
				ig = ig.child(dir)
				break
			}
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if e.IsDir() {
				switch {
				case skippedDir(e.Name()):
				case ig.ignored(p, true):
					local.Skips = append(local.Skips, report.Skip{File: Display(cwd, p, p) + "/", Reason: "ignored by .gitignore"})
				default:
					q.push(folder{p, ig})
				}
				continue
			}
			if ig.ignored(p, false) {
				local.Skips = append(local.Skips, report.Skip{File: Display(cwd, p, p), Reason: "ignored by .gitignore"})
				continue
			}
			regular := e.Type().IsRegular()
			if e.Type()&fs.ModeSymlink != 0 {
				// A linked file is linted; a linked folder is not followed.
				st, err := os.Stat(p)
				if err == nil && st.IsDir() {
					continue
				}
				regular = err == nil && st.Mode().IsRegular()
			}
			if !regular && (candidate == nil || !candidate(e.Name())) {
				continue // devices, sockets, pipes, dangling links nobody would lint
			}
			local.Files = append(local.Files, File{Abs: p, Display: Display(cwd, p, p)})
		}
	}
	if st, err := os.Lstat(root); err != nil {
		out.Errors = append(out.Errors, report.FileError{File: Display(cwd, root, root), Message: unwrapPathError(err).Error()})
	} else if st.IsDir() {
		var wg sync.WaitGroup
		for range 2 * runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for f, ok := q.pop(); ok; f, ok = q.pop() {
					visit(f)
					q.done()
				}
			})
		}
		wg.Wait()
	}
	sort.Slice(out.Skips, func(i, j int) bool { return out.Skips[i].File < out.Skips[j].File })
	sort.Slice(out.Errors, func(i, j int) bool { return out.Errors[i].File < out.Errors[j].File })
	return out
}

// ReadFile reads the regular file at p, symbolic links followed, at most
// limit bytes (safeio.ReadFile). Its errors read as messages without the
// path: "permission denied", "not a regular file: a named pipe", "larger
// than 8 MiB, the most ecslint reads of one file", `symbolic link to
// "x.json", which does not exist`.
func ReadFile(p string, limit int64) ([]byte, error) {
	b, err := safeio.ReadFile(p, limit)
	if err != nil {
		return nil, statError(p, err)
	}
	return b, nil
}

// statError is err, from os.Stat or opening p, as a message without the
// path; a symbolic link to nothing says so.
func statError(p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if to, lerr := os.Readlink(p); lerr == nil {
			return &danglingLinkError{to: to}
		}
	}
	return unwrapPathError(err)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// danglingLinkError is a symbolic link to nothing.
type danglingLinkError struct{ to string }

func (e *danglingLinkError) Error() string {
	return fmt.Sprintf("symbolic link to %q, which does not exist", e.to)
}

func (e *danglingLinkError) Unwrap() error { return fs.ErrNotExist }

// Display returns the slash path shown to users for the file at abs, named
// given: relative to cwd when the file is below it, else as given.
func Display(cwd, given, abs string) string {
	if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	if !filepath.IsAbs(given) {
		return filepath.ToSlash(filepath.Clean(given))
	}
	return filepath.ToSlash(abs)
}

// folder is a folder to list, with the ignore patterns that apply in it.
type folder struct {
	dir string
	ig  *ignorer
}

// folderQueue holds the folders still to list. A fixed number of workers
// take from it, so that a folder with a hundred thousand subfolders costs
// a queue entry each, not a goroutine each.
type folderQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []folder
	active  int // folders taken and not yet done
}

func newFolderQueue(first folder) *folderQueue {
	q := &folderQueue{pending: []folder{first}}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *folderQueue) push(f folder) {
	q.mu.Lock()
	q.pending = append(q.pending, f)
	q.mu.Unlock()
	q.cond.Signal()
}

// pop takes a folder, waiting while others are being listed (they may
// add more); false when every folder is done.
func (q *folderQueue) pop() (folder, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.pending) == 0 && q.active > 0 {
		q.cond.Wait()
	}
	if len(q.pending) == 0 {
		return folder{}, false
	}
	f := q.pending[len(q.pending)-1]
	q.pending = q.pending[:len(q.pending)-1]
	q.active++
	return f, true
}

// done marks a folder taken with pop as listed.
func (q *folderQueue) done() {
	q.mu.Lock()
	q.active--
	finished := q.active == 0 && len(q.pending) == 0
	q.mu.Unlock()
	if finished {
		q.cond.Broadcast()
	}
}
