package rego

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

const goodRule = `# METADATA
# title: Test rule
# description: Fires on every container named bad.
# related_resources:
#   - ref: https://example.com/doc
# custom:
#   id: TD900
#   severity: warning
#   remediation: Rename it.
package ecslint.rules.taskdef.named_bad

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	c.name == "bad"
	finding := {"path": ["taskDefinition", "containerDefinitions", i, "name"], "message": "bad name", "fix": "good"}
}
`

func load(t *testing.T, files map[string]string) (*Engine, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return Load(t.Context(), Source{FS: fsys, Root: "."})
}

func TestLoadValidatesMetadata(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"no metadata", strings.SplitN(goodRule, "package", 2)[0], "", "has no # METADATA block"},
		{"bad id", "#   id: TD900", "#   id: X1", `custom.id "X1" does not match`},
		{"bad severity", "#   severity: warning", "#   severity: fatal", `custom.severity "fatal" is not error, warning or note`},
		{"no remediation", "#   remediation: Rename it.", "", "custom.remediation is missing"},
		{"no links", "# related_resources:\n#   - ref: https://example.com/doc\n", "", "related_resources is empty"},
		{"no title", "# title: Test rule\n", "", "title is missing"},
		{"unknown custom key", "#   severity: warning", "#   sevrity: warning\n#   severity: warning", `unknown custom key "sevrity"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(goodRule, tt.from, tt.to, 1)
			_, err := load(t, map[string]string{"taskdef/named_bad/named_bad.rego": src})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load error = %v, want it to contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "taskdef/named_bad/named_bad.rego:") {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

func TestLoadRejectsDuplicatesAndUnknownKinds(t *testing.T) {
	_, err := load(t, map[string]string{
		"taskdef/named_bad/named_bad.rego": goodRule,
		"taskdef/other/other.rego":         strings.Replace(goodRule, "taskdef.named_bad", "taskdef.other", 1),
	})
	if err == nil || !strings.Contains(err.Error(), "rule id TD900 already used") {
		t.Fatalf("duplicate id: err = %v", err)
	}
	_, err = load(t, map[string]string{
		"helm/x/x.rego": strings.Replace(goodRule, "taskdef.named_bad", "helm.x", 1),
	})
	if err == nil || !strings.Contains(err.Error(), `unknown document kind "helm"`) {
		t.Fatalf("unknown kind: err = %v", err)
	}
}

func TestEvalMapsPathsToPositions(t *testing.T) {
	eng, err := load(t, map[string]string{"taskdef/named_bad/named_bad.rego": goodRule})
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.Rules()) != 1 || eng.Rule("td900") == nil {
		t.Fatalf("rules = %v", eng.Rules())
	}
	name := parser.Range{Start: parser.Position{Line: 3, Column: 12, Offset: 40}, End: parser.Position{Line: 3, Column: 17, Offset: 45}}
	container := parser.Range{Start: parser.Position{Line: 3, Column: 3, Offset: 31}, End: parser.Position{Line: 3, Column: 30, Offset: 58}}
	ix := parser.NewIndex()
	ix.Set([]any{"taskDefinition", "containerDefinitions", 1}, container)
	ix.Set([]any{"taskDefinition", "containerDefinitions", 0, "name"}, name)
	doc := &parser.Document{
		Kind: parser.KindTaskDef, File: "td.json", Source: parser.SourceECSJSON, Index: ix,
		Body: map[string]any{"taskDefinition": map[string]any{"containerDefinitions": []any{
			map[string]any{"name": "bad"}, map[string]any{"name": "bad"}, map[string]any{"name": "ok"},
		}}},
	}
	findings, errs := eng.Eval(t.Context(), []Input{{Doc: doc}})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(findings) != 2 {
		t.Fatalf("got %d findings, want 2", len(findings))
	}
	byIndex := map[int]report.Finding{}
	for _, f := range findings {
		byIndex[f.Path[2].(int)] = f
	}
	// An exact path gets its own range and its fix.
	if f := byIndex[0]; f.Range != name || f.Fix == nil || f.Fix.Text != "good" || f.Fix.Range != name || f.Rule.ID != "TD900" || f.Severity != "warning" {
		t.Errorf("finding 0 = %+v", f)
	}
	// A path without its own range falls back to its parent and gets no fix:
	// a fix must replace exactly the value it names.
	if f := byIndex[1]; f.Range != container || f.Fix != nil {
		t.Errorf("finding 1 = %+v (fix %v)", f, f.Fix)
	}
}

func TestEvalReportsBadFindings(t *testing.T) {
	bad := strings.Replace(goodRule, `"path": ["taskDefinition", "containerDefinitions", i, "name"], `, "", 1)
	eng, err := load(t, map[string]string{"taskdef/named_bad/named_bad.rego": bad})
	if err != nil {
		t.Fatal(err)
	}
	doc := &parser.Document{Kind: parser.KindTaskDef, File: "td.json", Index: parser.NewIndex(),
		Body: map[string]any{"taskDefinition": map[string]any{"containerDefinitions": []any{map[string]any{"name": "bad"}}}}}
	_, errs := eng.Eval(t.Context(), []Input{{Doc: doc}})
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "finding without path") {
		t.Fatalf("errs = %v", errs)
	}
}
