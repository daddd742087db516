//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadNotRegular: a named pipe, a link to /dev/zero and an oversized
// file are errors, returned at once.
func TestLoadNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", MaxSize)), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		fifo:                               "read config: " + fifo + ": not a regular file: a named pipe",
		zero:                               "read config: " + zero + ": not a regular file: a character device",
		big:                                "read config: " + big + ": larger than 256 KiB, the most ecslint reads of a configuration",
		filepath.Join(dir, "missing.yaml"): "read config: open " + filepath.Join(dir, "missing.yaml") + ": no such file or directory",
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Load(path, known)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != want {
				t.Errorf("Load(%s) = %v, want %s", filepath.Base(path), err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) hangs", filepath.Base(path))
		}
	}
}
