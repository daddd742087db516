package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/lint"
)

// FuzzRun feeds arbitrary text through the whole pipeline, as a task
// definition and as a Dockerfile: no panic, every error positioned, every
// finding inside the text.
func FuzzRun(f *testing.F) {
	for _, p := range []string{
		"../examples/infra/api/taskdef.json",
		"../examples/infra/worker/taskdef.json",
		"../examples/infra/batch/containers.json",
		"../examples/app/Dockerfile",
		"../examples/iam/authorization-details.json",
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"containerDefinitions": [{"image": "nginx", "repositoryCredentials": {"credentialsParameter": 1}}]}`))
	f.Add([]byte("ARG A=${B:-x}\nFROM ${A}/n:${T} AS s\nCOPY --from=s / /\n"))
	l := newLinter(f)
	dir := f.TempDir()
	cfg := config.Default(dir)
	// The examples' IAM sources make the execution-role rules judge.
	var iamFiles []string
	for _, p := range []string{"../examples/iam/authorization-details.json", "../examples/iam/secrets.json"} {
		abs, err := filepath.Abs(p)
		if err != nil {
			f.Fatal(err)
		}
		iamFiles = append(iamFiles, abs)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, name := range []string{"task.json", "Dockerfile"} {
			rep, err := l.Run(t.Context(), lint.Options{
				Paths: []string{"-"}, Stdin: bytes.NewReader(src), StdinFilename: name,
				Cwd: dir, Config: cfg, IAM: iamFiles,
			})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, e := range rep.Errors {
				if e.Line < 1 || e.Column < 1 {
					t.Fatalf("%s: error without position: %+v", name, e)
				}
			}
			for _, fd := range rep.Findings {
				r := fd.Range
				if r.Start.Line < 1 || r.Start.Offset > r.End.Offset || r.End.Offset > len(src) {
					t.Fatalf("%s: finding %s outside the text: %+v", name, fd.Rule.ID, r)
				}
				if fd.File != filepath.ToSlash(name) {
					t.Fatalf("finding names %q, want %q", fd.File, name)
				}
			}
		}
	})
}
