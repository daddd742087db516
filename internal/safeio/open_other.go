//go:build !unix

package safeio

import "os"

// opensWithoutBlocking: os.Open may block (a named pipe), so ReadFile
// checks the mode before it opens a file.
const opensWithoutBlocking = false

func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }
