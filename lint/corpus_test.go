package lint_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/lint"
	"github.com/ecslint/ecslint/printer"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusDir is the shared corpus of real-world files, beside the repository.
const corpusDir = "../../shared/corpus"

func newLinter(t testing.TB) *lint.Linter {
	t.Helper()
	eng, err := rego.Load(t.Context(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	return &lint.Linter{Engine: eng, Catalog: facts.NewCatalog()}
}

// TestCorpus lints every real-world file of the shared corpus. No file may
// crash the run; each one is linted, reported as a positioned error, or
// skipped with a reason, and the whole outcome is kept as a reviewed golden
// file (testdata/corpus.golden) so that any change shows up in review.
func TestCorpus(t *testing.T) {
	dir, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s", dir)
	}
	l := newLinter(t)
	rep, err := l.Run(t.Context(), lint.Options{Paths: []string{"."}, Cwd: dir, Config: config.Default(dir)})
	if err != nil {
		t.Fatal(err)
	}

	var files []string
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	outcome := map[string]string{}
	for _, f := range rep.Linted {
		outcome[f] = "linted"
	}
	for _, e := range rep.Errors {
		if e.Line < 1 || e.Column < 1 {
			t.Errorf("%s: error without a position: %s", e.File, e.Message)
		}
		if strings.Contains(e.Message, "internal error") {
			t.Errorf("%s: parser crashed: %s", e.File, e.Message)
		}
		outcome[e.File] = "error"
	}
	for _, s := range rep.Skipped {
		outcome[s.File] = "skipped: " + s.Reason
	}
	for _, f := range files {
		if outcome[f] == "" {
			t.Errorf("%s: neither linted, nor an error, nor skipped with a reason", f)
		}
		// buildkit's own negative tests must be rejected with a position.
		if strings.Contains(f, "testfiles-negative") && outcome[f] != "error" {
			t.Errorf("%s: buildkit rejects this file, ecslint said %q", f, outcome[f])
		}
	}

	var got bytes.Buffer
	fmt.Fprintln(&got, "# ecslint on ../shared/corpus: findings, errors, then every file's outcome.")
	fmt.Fprintln(&got, "# Regenerate with: go test ./lint -run TestCorpus -update")
	if err := (printer.Text{}).Print(&got, rep, printer.Options{}); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(&got, "\n# outcomes")
	for _, f := range files {
		fmt.Fprintf(&got, "%s: %s\n", f, outcome[f])
	}
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("corpus results differ from %s; review with -update and git diff\n%s", golden, firstDiff(string(want), got.String()))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, w, g)
		}
	}
	return ""
}

// BenchmarkCorpus measures a whole run over the corpus (walk, parse, facts,
// Rego, sort), with the rules compiled once outside the loop.
func BenchmarkCorpus(b *testing.B) {
	dir, err := filepath.Abs(corpusDir)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("corpus not found at %s", dir)
	}
	l := newLinter(b)
	cfg := config.Default(dir)
	for b.Loop() {
		if _, err := l.Run(b.Context(), lint.Options{Paths: []string{"."}, Cwd: dir, Config: cfg}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadRules measures start-up: parsing, compiling and preparing
// the embedded policies.
func BenchmarkLoadRules(b *testing.B) {
	for b.Loop() {
		if _, err := rego.Load(b.Context(), rego.Source{FS: rules.FS, Root: "."}); err != nil {
			b.Fatal(err)
		}
	}
}
