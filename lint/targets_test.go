package lint_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/classify"
	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/internal/testfs"
	"github.com/ecslint/ecslint/lint"
	"github.com/ecslint/ecslint/report"
)

// writeTree writes files (slash paths relative to dir) and returns dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.WriteTree(t, files)
}

// outcomes returns, for each file the report names, what it says about
// it: "linted", "error L:C msg", "notice L:C msg", "skipped: reason"
// (several when the report names a file more than once).
func outcomes(rep *report.Report) map[string][]string {
	out := map[string][]string{}
	for _, f := range rep.Linted {
		out[f] = append(out[f], "linted")
	}
	for _, e := range rep.Errors {
		out[e.File] = append(out[e.File], fmt.Sprintf("error %d:%d %s", e.Line, e.Column, e.Message))
	}
	for _, n := range rep.Notices {
		if n.Verbose {
			continue
		}
		out[n.File] = append(out[n.File], fmt.Sprintf("notice %d:%d %s", n.Line, n.Column, n.Message))
	}
	for _, s := range rep.Skipped {
		out[s.File] = append(out[s.File], "skipped: "+s.Reason)
	}
	return out
}

func run(t *testing.T, dir string, opts lint.Options) *report.Report {
	t.Helper()
	opts.Cwd = dir
	opts.Config = config.Default(dir)
	if opts.Paths == nil {
		opts.Paths = []string{"."}
	}
	rep, err := newLinter(t).Run(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestSkippedOnce: a file skipped with a notice (binary, over 8 MiB) is
// named once in the report, by the notice that is always shown; --verbose,
// which prints the notices and then Skipped, names it once too. A target
// over 8 MiB is an error, also named once.
func TestSkippedOnce(t *testing.T) {
	padding := strings.Repeat("# padding\n", classify.MaxFileSize/10+1)
	dir := writeTree(t, map[string]string{
		"x.json":     "{\"a\": \"\x00\"}",
		"big.json":   `{"a": 1}` + padding,
		"Dockerfile": "FROM alpine:3.20\n" + padding,
	})
	got := outcomes(run(t, dir, lint.Options{}))
	want := map[string]string{
		"x.json":     "notice 0:0 skipped: binary file (it has NUL bytes), not read",
		"big.json":   "notice 0:0 skipped: larger than 8 MiB, the most ecslint reads of one file",
		"Dockerfile": "error 0:0 larger than 8 MiB, the most ecslint reads of one file",
	}
	for f, w := range want {
		if len(got[f]) != 1 || got[f][0] != w {
			t.Errorf("%s: the report says %q, want once %q", f, got[f], w)
		}
	}
}

// TestBareContainerArrays: a bare array is a target by its name, by a
// Terraform file() call, or by its content; a file that looks like one
// and cannot be linted is a notice or an error, never skipped silently.
func TestBareContainerArrays(t *testing.T) {
	const redis = `[{"name": "x", "image": "redis:7"}]`
	const imageOnly = `[{"image": "redis:7"}]`
	dir := writeTree(t, map[string]string{
		"content/list.json":              redis, // (c)
		"content/partial.json":           `[{"name": "x", "image": "a"}, {"name": "y"}]`,
		"named/containers.json":          imageOnly,                           // (a)
		"named/ecs.json":                 imageOnly,                           // (a) ecs as a word
		"named/specs.json":               imageOnly,                           // not (a): specs is not ecs
		"named/task-definition.json":     `[]`,                                // (a), nothing to lint
		"named/container_defs.json":      `["web", {"image": "a"}]`,           // (a), not objects
		"named/app-taskdef.json.tpl":     `[{"image": ${image}}]`,             // (a), a template
		"named/container.json":           `{"name": "x", "image": "redis:7"}`, // an object: as before
		"tf/main.tf":                     "resource \"aws_ecs_task_definition\" \"a\" {\n  container_definitions = file(\"${path.module}/templates/ecs/app.json\")\n  x = templatefile(\"other.json\", {})\n}\n",
		"tf/templates/ecs/app.json":      imageOnly, // (b), two folders below main.tf
		"tf/other.json":                  `[{"id": 1}]`,
		"tf/templates/ecs/unread.json":   imageOnly,
		"far/a/b/c/main.tf":              "",
		"far/main.tf":                    `x = file("a/b/c/deep.json")`,
		"far/a/b/c/deep.json":            imageOnly, // three folders down: not searched
		"misc/ids.json":                  `[{"id": 1}]`,
		"misc/empty.json":                `[]`,
		"content/objects-no-image.json":  `[{"name": "a"}, {"image": "b"}]`,
		"content/nested-taskdefs.json":   `[{"family": "a", "containerDefinitions": [{"image": "nginx"}]}]`,
		"named/containers-of-tasks.json": `[{"family": "a", "containerDefinitions": [{"image": "nginx"}]}]`,
	})
	got := outcomes(run(t, dir, lint.Options{}))
	const notTarget = "skipped: not a Dockerfile or ECS task definition"
	want := map[string]string{
		"content/list.json":              "linted",
		"content/partial.json":           "skipped: valid JSON, but no ECS task definition or container definition in it",
		"named/containers.json":          "linted",
		"named/ecs.json":                 "linted",
		"named/specs.json":               notTarget,
		"named/task-definition.json":     "notice 1:1 not linted: looks like container definitions (its name), but the array is empty",
		"named/container_defs.json":      "notice 1:2 not linted: looks like container definitions (its name), but element 0 is a JSON string, not a container definition object",
		"named/app-taskdef.json.tpl":     `error 1:12 invalid character '$' looking for beginning of value; "${image}" looks like a template placeholder, lint the rendered file`,
		"named/container.json":           notTarget,
		"tf/main.tf":                     "skipped: Terraform files are not supported yet",
		"tf/templates/ecs/app.json":      "linted",
		"tf/other.json":                  `notice 1:1 not linted: looks like container definitions (tf/main.tf:3 reads it with templatefile()), but no element has an "image" member`,
		"tf/templates/ecs/unread.json":   notTarget,
		"far/a/b/c/main.tf":              notTarget,
		"far/main.tf":                    notTarget,
		"far/a/b/c/deep.json":            notTarget,
		"misc/ids.json":                  notTarget,
		"misc/empty.json":                notTarget,
		"content/objects-no-image.json":  "skipped: valid JSON, but no ECS task definition or container definition in it",
		"content/nested-taskdefs.json":   "linted",
		"named/containers-of-tasks.json": "linted",
	}
	for f, w := range want {
		if len(got[f]) != 1 || got[f][0] != w {
			t.Errorf("%s: the report says %q, want %q", f, got[f], w)
		}
	}
	for f := range got {
		if _, ok := want[f]; !ok {
			t.Errorf("unexpected file in the report: %s %q", f, got[f])
		}
	}
}

// TestStdinAlwaysTarget: standard input is classified by its name, then by
// its content; what is neither a Dockerfile nor a task definition is an
// error, never 0 files.
func TestStdinAlwaysTarget(t *testing.T) {
	const td = `{"containerDefinitions": [{"name": "w", "image": "nginx:1.27"}]}`
	tests := []struct {
		name, src, want string
	}{
		{"api.txt", "FROM alpine:3.20\n", "linted"},
		{"api.txt", td, "linted"},
		{"api.txt", "# hello\n", "error 1:1 standard input (api.txt) is neither a Dockerfile nor an ECS task definition: no FROM instruction, and not JSON"},
		{"README.md", "# FROM alpine\n", "error 1:1 standard input (README.md) is neither a Dockerfile nor an ECS task definition: no FROM instruction, and not JSON"},
		{"package.json", `{"name": "x"}`, "error 1:1 standard input (package.json) is neither a Dockerfile nor an ECS task definition: valid JSON, but no ECS task definition or container definition in it"},
		{"containers.json", `[]`, "error 1:1 standard input (containers.json) is neither a Dockerfile nor an ECS task definition: looks like container definitions (its name), but the array is empty"},
		{"Dockerfile.md", "FROM alpine:3.20\n", "linted"}, // the name says no, the content yes
		{"", "FROM alpine:3.20\n", "linted"},
		{"", td, "linted"},
		{"", `[{"name": "x", "image": "redis:7"}]`, "linted"},
		{"", "hello\n", "error 1:1 standard input is neither a Dockerfile nor an ECS task definition: no FROM instruction, and not JSON"},
		{"", "", "error 1:1 standard input is neither a Dockerfile nor an ECS task definition: it is empty"},
		{"", `{"a": 1}`, "error 1:1 standard input is neither a Dockerfile nor an ECS task definition: valid JSON, but no ECS task definition or container definition in it"},
		{"", `{"a": `, "error 1:7 standard input is neither a Dockerfile nor an ECS task definition: not valid JSON (unexpected end of input, expected value), and no FROM instruction"},
		{"", `{"containerDefinitions": [`, "error 1:27 unexpected end of input, expected value or ']'"},
		{"", "a\x00b", "error 1:1 standard input is neither a Dockerfile nor an ECS task definition: a binary file (it has NUL bytes)"},
		{"stack.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", "skipped: CloudFormation files are not supported yet"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		rep := run(t, dir, lint.Options{Paths: []string{"-"}, Stdin: bytes.NewReader([]byte(tt.src)), StdinFilename: tt.name})
		display := tt.name
		if display == "" {
			display = lint.StdinName
		}
		got := outcomes(rep)
		if len(got) != 1 || len(got[display]) != 1 || got[display][0] != tt.want {
			t.Errorf("%q as %q: the report says %q, want %q", tt.src, display, got, tt.want)
		}
	}
}
