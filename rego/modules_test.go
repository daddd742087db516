package rego

import (
	"maps"
	"slices"
	"testing"
	"testing/fstest"
)

// TestModulesFor: a kind compiles its rules and the libraries they use,
// directly, through another library or by a full data reference, and
// nothing else.
func TestModulesFor(t *testing.T) {
	files := map[string]string{
		"lib/a.rego":        "package ecslint.lib.a\n\nimport data.ecslint.lib.b\n\nx := b.y\n",
		"lib/b.rego":        "package ecslint.lib.b\n\ny := 1\n",
		"lib/c.rego":        "package ecslint.lib.c\n\nz := 2\n",
		"lib/unused.rego":   "package ecslint.lib.unused\n\nw := 3\n",
		"taskdef/r/r.rego":  "package ecslint.rules.taskdef.r\n\nimport data.ecslint.lib.a\n\nv := a.x\n",
		"taskdef/s/s.rego":  "package ecslint.rules.taskdef.s\n\nv := data.ecslint.lib.c.z\n",
		"dockerfile/d.rego": "package ecslint.rules.dockerfile.d\n\nv := 1\n",
	}
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	mods, err := parseModules([]Source{{FS: fsys, Root: "."}}, false)
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string][]string{
		"taskdef":    {"lib/a.rego", "lib/b.rego", "lib/c.rego", "taskdef/r/r.rego", "taskdef/s/s.rego"},
		"dockerfile": {"dockerfile/d.rego"},
	} {
		got := slices.Sorted(maps.Keys(modulesFor(mods, kind)))
		if !slices.Equal(got, want) {
			t.Errorf("modulesFor(%s) = %v, want %v", kind, got, want)
		}
	}
}
