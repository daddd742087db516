package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ecslint/ecslint/printer"
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
			repo, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			env.Setenv("REPO", repo) // for scripts that run repository files (action/run.sh)
			return nil
		},
	})
}

// TestFormatsDocumented: the formats are listed in one place
// (printer.All); the usage text and the README flag table follow it.
func TestFormatsDocumented(t *testing.T) {
	names := printer.Names()
	if !strings.Contains(usage, "%s") || !strings.Contains(fmt.Sprintf(usage, strings.Join(names, "|")), "--format FORMAT        "+strings.Join(names, "|")) {
		t.Errorf("usage does not list the formats from printer.Names()")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if row := "`-f, --format " + strings.Join(names, `\|`) + "`"; !strings.Contains(string(readme), row) {
		t.Errorf("README.md has no flag row %s", row)
	}
}
