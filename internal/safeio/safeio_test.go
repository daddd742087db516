//go:build unix

package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "a.json")
	if err := os.WriteFile(regular, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.rego")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	linkToFile := filepath.Join(dir, "link.json")
	if err := os.Symlink(regular, linkToFile); err != nil {
		t.Fatal(err)
	}

	if b, err := ReadFile(regular, 10); err != nil || string(b) != "0123456789" {
		t.Errorf("regular file at its limit: %q, %v", b, err)
	}
	if b, err := ReadFile(linkToFile, 10); err != nil || string(b) != "0123456789" {
		t.Errorf("link to a regular file: %q, %v", b, err)
	}
	if _, err := ReadFile(regular, 9); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 9 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	for path, want := range map[string]string{fifo: "a named pipe", zero: "a character device", dir: "a folder"} {
		if _, err := ReadFile(path, 1<<20); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %s", path, err, want)
		}
	}
	if _, err := ReadFS(os.DirFS(dir), "fifo", 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFS of a named pipe: %v", err)
	}
	if _, err := ReadFS(os.DirFS(dir), "zero.rego", 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFS of a link to /dev/zero: %v", err)
	}
	if b, err := ReadFS(fstest.MapFS{"x": {Data: []byte("abc")}}, "x", 3); err != nil || string(b) != "abc" {
		t.Errorf("ReadFS: %q, %v", b, err)
	}
	if _, err := ReadAll(strings.NewReader("abcd"), 3); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadAll over the limit: %v", err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{8 << 20: "8 MiB", 512 << 10: "512 KiB", 300: "300 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
