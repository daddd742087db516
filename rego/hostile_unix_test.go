//go:build unix

package rego

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRejectsNamedPipes: a named pipe among the policies is an error
// naming it, not a run that waits forever for a writer. (A link to
// /dev/zero, which never ends, is in testdata/script/hostile_policies.txtar:
// before the fix it filled memory.)
func TestLoadRejectsNamedPipes(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "p.rego"), 0o644); err != nil {
		t.Skip(err)
	}
	var err error
	within(t, func() {
		_, err = Load(t.Context(), Source{FS: os.DirFS(dir), Root: ".", Name: "fifo", User: true})
	})
	if err == nil || err.Error() != "load policies: fifo/p.rego: not a regular file: a named pipe" {
		t.Errorf("error = %v", err)
	}
	within(t, func() {
		_, err = RunUserTests(t.Context(), time.Second, embeddedRules(), Source{FS: os.DirFS(dir), Root: ".", Name: "fifo", User: true})
	})
	if err == nil || !strings.Contains(err.Error(), "fifo/p.rego: not a regular file: a named pipe") {
		t.Errorf("RunUserTests error = %v", err)
	}
}
