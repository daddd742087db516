package rego

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/rules"
)

func TestModuleHeader(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
		ok               bool
	}{
		{"metadata and imports",
			"# METADATA\n# title: x\npackage a.b\n\nimport data.x\n# a comment\nimport data.y as z\n\ndeny contains f if {\n\tf := 1\n}\n",
			"# METADATA\n# title: x\npackage a.b\n\nimport data.x\n# a comment\nimport data.y as z\n", true},
		{"no imports", "package a\n\nx := 1\n", "package a\n", true},
		{"CRLF", "package a\r\nimport data.x\r\nx := 1\r\n", "package a\r\nimport data.x\r\n", true},
		{"indented", "  package a\n  import data.x\n  x := 1\n", "  package a\n  import data.x\n", true},
		{"only a package, no newline", "package a", "package a", true},
		{"no package", "x := 1\n", "", false},
		{"package in a comment only", "# package a\nx := 1\n", "", false},
		{"a rule comment is not part of it", "package a\n\n# METADATA\n# title: r\nr := 1\n", "package a\n", true},
	} {
		got, ok := moduleHeader([]byte(tt.text))
		if string(got) != tt.want || ok != tt.ok {
			t.Errorf("%s: moduleHeader = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// TestLazyLoad: loading the embedded rules from their headers gives the
// same rules, metadata and positions as parsing them in full, and
// compiling a kind parses the bodies of that kind's rules and of the
// libraries they use, and of nothing else.
func TestLazyLoad(t *testing.T) {
	lazy, err := Load(t.Context(), Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	modules, user, err := parseSources([]Source{{FS: rules.FS, Root: "."}}, false)
	if err != nil {
		t.Fatal(err)
	}
	full, err := newEngine(t.Context(), modules, user, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lazy.Rules(), full.Rules()) {
		t.Fatalf("rules loaded from headers differ from rules parsed in full")
	}
	if len(lazy.full) != 0 {
		t.Fatalf("loading parsed %d modules in full", len(lazy.full))
	}
	if _, err := lazy.query(t.Context(), "dockerfile"); err != nil {
		t.Fatal(err)
	}
	for name := range lazy.full {
		if strings.HasPrefix(name, "taskdef/") || name == "lib/iam/iam.rego" {
			t.Errorf("compiling the Dockerfile rules parsed %s", name)
		}
	}
	if _, ok := lazy.full["dockerfile/from_dockerhub/from_dockerhub.rego"]; !ok {
		t.Errorf("the Dockerfile rules were compiled without parsing them: %v", lazy.full)
	}
}
