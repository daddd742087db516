//go:build unix

package safeio

import (
	"os"
	"syscall"
)

// opensWithoutBlocking: openNonBlocking never waits for a writer, so
// ReadFile checks the mode on the open file only.
const opensWithoutBlocking = true

// openNonBlocking opens path for reading with O_NONBLOCK, so that a named
// pipe cannot block; the caller checks the mode on the open file.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
