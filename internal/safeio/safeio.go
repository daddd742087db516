// Package safeio reads the files ecslint opens — targets, .gitignore
// files, the configuration, policies, IAM sources — with one set of
// guarantees: only regular files (after following symbolic links), so a
// named pipe cannot hang a run and a link to /dev/zero cannot exhaust its
// memory, and never more than a caller's limit.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrTooLarge is returned, wrapped in a *LimitError, for a file over the
// limit.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular is returned, wrapped, for anything but a regular file.
var ErrNotRegular = errors.New("not a regular file")

// LimitError says a file is larger than the limit it was read with.
type LimitError struct {
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("larger than %s, the most ecslint reads of one file", FormatSize(e.Limit))
}

// Unwrap makes errors.Is(err, ErrTooLarge) hold.
func (e *LimitError) Unwrap() error { return ErrTooLarge }

// FormatSize renders a byte count for messages (8 MiB, 512 KiB, 300 bytes).
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// kind names a non-regular file type for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// CheckMode returns an error wrapping ErrNotRegular unless m is a regular
// file.
func CheckMode(m fs.FileMode) error {
	if m.IsRegular() {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrNotRegular, kind(m))
}

// ReadFile reads the regular file at path (symbolic links followed), at
// most limit bytes. It never blocks on a named pipe: where a file can be
// opened without blocking (Unix) it is, and its mode and size are checked
// on the open file, before anything is read; elsewhere they are checked
// before it is opened too. A file that cannot be opened because of what it
// is (a socket) is reported as that.
func ReadFile(path string, limit int64) ([]byte, error) {
	if !opensWithoutBlocking {
		st, err := os.Stat(path)
		if err := checkStat(st, err, limit); err != nil {
			return nil, err
		}
	}
	f, err := openNonBlocking(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if st, serr := os.Stat(path); serr == nil {
			if merr := CheckMode(st.Mode()); merr != nil {
				return nil, merr
			}
		}
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only: nothing to flush
	return readOpen(f, limit)
}

// ReadFS is ReadFile for a file system (os.DirFS for policy folders).
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err := checkStat(st, err, limit); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only: nothing to flush
	return readOpen(f, limit)
}

// checkStat refuses, before a file is opened, what is not a regular file
// or is over the limit.
func checkStat(st fs.FileInfo, err error, limit int64) error {
	if err != nil {
		return err
	}
	if err := CheckMode(st.Mode()); err != nil {
		return err
	}
	if st.Size() > limit {
		return &LimitError{Limit: limit}
	}
	return nil
}

// ReadAll reads r (standard input), at most limit bytes.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &LimitError{Limit: limit}
	}
	return b, nil
}

func readOpen(f fs.File, limit int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := CheckMode(st.Mode()); err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &LimitError{Limit: limit}
	}
	// The size the file had when it was opened sizes the buffer, so that
	// a regular file is read in one call; one byte more sees it grow.
	// A file that grew past limit since is still refused.
	size := min(st.Size(), limit) + 1
	if size <= 1 || size > 64<<20 {
		return ReadAll(f, limit)
	}
	b := make([]byte, 0, size)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > limit {
			return nil, &LimitError{Limit: limit}
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
	}
}
