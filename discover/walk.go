package discover

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
		err = walkDir(abs, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				w.Errors = append(w.Errors, report.FileError{File: Display(cwd, q, q), Message: unwrapPathError(err).Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if q != abs && skippedDir(d.Name()) {
					return fs.SkipDir
				}
				if q != abs && ig.ignored(q, true) {
					w.Skips = append(w.Skips, report.Skip{File: Display(cwd, q, q) + "/", Reason: "ignored by .gitignore"})
					return fs.SkipDir
				}
				return nil
			}
			if ig.ignored(q, false) {
				w.Skips = append(w.Skips, report.Skip{File: Display(cwd, q, q), Reason: "ignored by .gitignore"})
				return nil
			}
			regular := d.Type().IsRegular()
			if d.Type()&fs.ModeSymlink != 0 {
				// A linked file is linted; a linked folder is not followed,
				// so a walk never loops or leaves the tree it was given.
				st, err := os.Stat(q)
				if err == nil && st.IsDir() {
					return nil
				}
				regular = err == nil && st.Mode().IsRegular()
			}
			if !regular && (candidate == nil || !candidate(d.Name())) {
				return nil // devices, sockets, pipes, dangling links nobody would lint
			}
			add(File{Abs: q, Display: Display(cwd, q, q)})
			return nil
		}, func(dir string, entries []fs.DirEntry) {
			// Only a folder that lists a .gitignore is asked for one.
			for _, e := range entries {
				if e.Name() == ".gitignore" {
					ig.enter(dir)
					return
				}
			}
		})
		if err != nil {
			w.Errors = append(w.Errors, report.FileError{File: filepath.ToSlash(p), Message: err.Error()})
		}
		for _, n := range ig.notices {
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

// walkDir is filepath.WalkDir with one more step: after a folder is listed
// and before its entries are visited, enter receives the listing (so that
// a folder's .gitignore is read only when it has one, with no failed
// attempt in each of thousands of folders). The root is not followed when
// it is a symbolic link, as filepath.WalkDir does not follow it.
func walkDir(root string, fn fs.WalkDirFunc, enter func(dir string, entries []fs.DirEntry)) error {
	info, err := os.Lstat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = walkEntry(root, fs.FileInfoToDirEntry(info), fn, enter)
	}
	if errors.Is(err, filepath.SkipDir) || errors.Is(err, filepath.SkipAll) {
		return nil
	}
	return err
}

func walkEntry(path string, d fs.DirEntry, fn fs.WalkDirFunc, enter func(string, []fs.DirEntry)) error {
	if err := fn(path, d, nil); err != nil || !d.IsDir() {
		if errors.Is(err, filepath.SkipDir) && d.IsDir() {
			err = nil // the folder is skipped
		}
		return err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		// As filepath.WalkDir: report, then visit what could be listed.
		if err = fn(path, d, err); err != nil {
			if errors.Is(err, filepath.SkipDir) && d.IsDir() {
				err = nil
			}
			return err
		}
	}
	enter(path, entries)
	for _, e := range entries {
		if err := walkEntry(filepath.Join(path, e.Name()), e, fn, enter); err != nil {
			if errors.Is(err, filepath.SkipDir) {
				break
			}
			return err
		}
	}
	return nil
}
