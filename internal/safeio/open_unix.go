//go:build unix

package safeio

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading with O_NONBLOCK, so that a file
// swapped for a named pipe after its mode was checked cannot block; the
// mode is checked again on the open file.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
