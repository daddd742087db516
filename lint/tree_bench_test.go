package lint_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/lint"
)

// BenchmarkTree lints the synthetic tree of ../shared/bench/gen_tree.py
// (1,000 task definitions and 1,000 Dockerfiles; ECSLINT_BENCH_N changes
// the count) with the rules compiled once outside the loop: the whole
// pipeline the bench/run.sh timings measure, without process start-up.
func BenchmarkTree(b *testing.B) {
	gen, err := filepath.Abs("../../shared/bench/gen_tree.py")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("tree generator not found at %s", gen)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 not installed")
	}
	n := os.Getenv("ECSLINT_BENCH_N")
	if n == "" {
		n = "1000"
	}
	dir := filepath.Join(b.TempDir(), "tree")
	if out, err := exec.Command("python3", gen, dir, n).CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", gen, err, out)
	}
	l := newLinter(b)
	cfg := config.Default(dir)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := l.Run(b.Context(), lint.Options{Paths: []string{"."}, Cwd: dir, Config: cfg})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Findings) == 0 {
			b.Fatal("no findings on the synthetic tree")
		}
	}
}

// BenchmarkOneDockerfile measures what `ecslint Dockerfile` costs beyond
// process start-up: loading the rules, compiling the Dockerfile rules (and
// only those) and linting one file.
func BenchmarkOneDockerfile(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM public.ecr.aws/docker/library/alpine:3.20\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg := config.Default(dir)
	for b.Loop() {
		l := newLinter(b)
		rep, err := l.Run(b.Context(), lint.Options{Paths: []string{"Dockerfile"}, Cwd: dir, Config: cfg})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Linted) != 1 {
			b.Fatalf("linted %v", rep.Linted)
		}
	}
}
