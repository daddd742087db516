package lint_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/lint"
)

// TestCompilesOnlyWhatRuns: a run compiles the rules of the document kinds
// it meets, and no others: a lone Dockerfile never compiles the
// task-definition rules, `ecslint rules` compiles nothing.
func TestCompilesOnlyWhatRuns(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Dockerfile": "FROM nginx:1.27\n",
		"td.json":    `{"family":"x","containerDefinitions":[{"name":"app","image":"nginx:1.27"}]}`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		paths []string
		want  []string
	}{
		{nil, nil},
		{[]string{"Dockerfile"}, []string{"dockerfile"}},
		{[]string{"td.json"}, []string{"taskdef"}},
		{[]string{"."}, []string{"dockerfile", "taskdef"}},
	} {
		l := newLinter(t)
		if tt.paths != nil {
			rep, err := l.Run(t.Context(), lint.Options{Paths: tt.paths, Cwd: dir, Config: config.Default(dir)})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) == 0 {
				t.Fatalf("%v: no findings", tt.paths)
			}
		}
		if got := l.Engine.CompiledKinds(); !slices.Equal(got, tt.want) {
			t.Errorf("linting %v compiled %v, want %v", tt.paths, got, tt.want)
		}
	}
}
