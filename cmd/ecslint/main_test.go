package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ecslint": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end CLI scripts in testdata/script against
// the ecslint binary built from this package.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// mkbinary BINARY UTF16: files a txtar archive cannot hold.
			"mkbinary": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: mkbinary BINARY UTF16")
				}
				utf16 := []byte{0xff, 0xfe}
				for _, c := range "FROM alpine\n" {
					utf16 = append(utf16, byte(c), 0)
				}
				for path, data := range map[string][]byte{args[0]: {0x7f, 'E', 'L', 'F', 0, 0, 1}, args[1]: utf16} {
					p := ts.MkAbs(path)
					ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
					ts.Check(os.WriteFile(p, data, 0o644))
				}
			},
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}
