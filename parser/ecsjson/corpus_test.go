package ecsjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/ecsjson"
)

// corpusDir is the shared real-world corpus, relative to this package.
const corpusDir = "../../../shared/corpus/taskdefs"

// corpusErrors are the corpus files that are not valid JSON (see the corpus
// README), with the expected error: line:col@offset and message. The
// positions agree with Python's json module.
func corpusErrors() map[string]string {
	const hint = " looks like a template placeholder, lint the rendered file"
	return map[string]string{
		"json/arminc__terraform-ecs__deployment__td-nginx.template":                                             `6:16@95: invalid character '@' looking for beginning of value; "@VERSION@"` + hint,
		"json/aws-samples__amazon-ecs-fullstack-app-terraform__Infrastructure__Templates__taskdef.json":         `19:23@527: invalid character '<' looking for beginning of value; "<SERVICE_PORT>"` + hint,
		"json/aws__aws-for-fluent-bit__load_tests__task_definitions__cloudwatch.json":                           `60:24@1938: invalid character '$' looking for beginning of value; "$LOG_CONFIGURATION"` + hint,
		"json/aws-samples__amazon-ecs-firelens-examples__examples__fluent-bit__dynatrace__task-definition.json": `34:20@1268: invalid character '"' after object member, expected ',' or '}'`,
		"terraform/bradford-hamilton__terraform-ecs-fargate__terraform__templates__ecs__cb_app.json.tpl":        `5:12@68: invalid character '$' looking for beginning of value; "${fargate_cpu}"` + hint,
		"terraform/mongodb__terraform-aws-ecs-task-definition__templates__container-definition.json.tpl":        `2:14@15: invalid character '$' looking for beginning of value; "${command}"` + hint,
	}
}

// TestCorpus runs every real task definition file through Sniff and Parse:
// each is sniffed as a target, each valid one yields one document whose
// containers' images are indexed at their string literals, and each invalid
// one is a *parser.Error at the expected position.
func TestCorpus(t *testing.T) {
	jsonFiles, _ := filepath.Glob(filepath.Join(corpusDir, "json", "*"))
	tplFiles, _ := filepath.Glob(filepath.Join(corpusDir, "terraform", "*.json.tpl"))
	if len(jsonFiles) == 0 {
		t.Skip("corpus not found at " + corpusDir)
	}
	files := slices.Concat(jsonFiles, tplFiles)
	want := corpusErrors()
	shapes := map[string]int{}
	seenErrors := 0
	for _, name := range files {
		rel, _ := filepath.Rel(corpusDir, name)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !ecsjson.Sniff(src) {
				t.Errorf("Sniff = false")
			}
			docs, err := ecsjson.Parser{}.Parse(rel, src)
			if expected, bad := want[rel]; bad {
				seenErrors++
				var perr *parser.Error
				if !errors.As(err, &perr) || docs != nil {
					t.Fatalf("Parse = %d docs, %v; want error %s", len(docs), err, expected)
				}
				got := fmt.Sprintf("%d:%d@%d: %s", perr.Pos.Line, perr.Pos.Column, perr.Pos.Offset, perr.Msg)
				if got != expected || perr.File != rel {
					t.Errorf("error\n got %s\nwant %s", got, expected)
				}
				t.Logf("%s", err)
				return
			}
			d := parseOne(t, rel, src)
			shapes[shapeOf(t, src)]++
			checkCorpusDoc(t, d)
		})
	}
	if seenErrors != len(want) {
		t.Errorf("saw %d of the %d expected invalid files", seenErrors, len(want))
	}
	keys := make([]string, 0, len(shapes))
	for k := range shapes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-28s %d files", k, shapes[k])
	}
}

// checkCorpusDoc checks that a corpus document has containers and that the
// index resolves each container's image to the literal holding it.
func checkCorpusDoc(t *testing.T, d *parser.Document) {
	t.Helper()
	lines := parser.NewLines(d.Text)
	for _, k := range d.Index.Keys() {
		r, _ := d.Index.Get(keyPath(k))
		if r.Start != lines.Pos(r.Start.Offset) || r.End != lines.Pos(r.End.Offset) || r.Start.Offset >= r.End.Offset {
			t.Fatalf("%s: bad range %s", k, rng(r))
		}
	}
	containers, ok := body(d)["taskDefinition"].(map[string]any)["containerDefinitions"].([]any)
	if !ok || len(containers) == 0 {
		t.Fatalf("no containerDefinitions in %#v", body(d))
	}
	for i, c := range containers {
		image, ok := c.(map[string]any)["image"].(string)
		if !ok {
			t.Errorf("container %d has no string image", i)
			continue
		}
		r, ok := d.Index.Get([]any{"taskDefinition", "containerDefinitions", i, "image"})
		if !ok {
			t.Errorf("container %d: image not indexed", i)
			continue
		}
		var lit string
		if err := json.Unmarshal(d.Text[r.Start.Offset:r.End.Offset], &lit); err != nil || lit != image {
			t.Errorf("container %d: image range %s holds %q, want %q", i, rng(r), d.Text[r.Start.Offset:r.End.Offset], image)
		}
	}
}

// shapeOf names the shape of a valid task definition file, independently of
// the parser, for the test log.
func shapeOf(t *testing.T, src []byte) string {
	t.Helper()
	var v any
	if len(src) >= 3 && string(src[:3]) == "\xef\xbb\xbf" {
		src = src[3:]
	}
	if err := json.Unmarshal(src, &v); err != nil {
		t.Fatalf("encoding/json rejects a file Parse accepted: %v", err)
	}
	switch x := v.(type) {
	case []any:
		return "3 container array"
	case map[string]any:
		if _, ok := x["containerDefinitions"]; ok {
			return "1 task definition"
		}
		if _, ok := x["taskDefinition"]; ok {
			return "2 describe output"
		}
		return "4 single container"
	}
	return "other"
}

func BenchmarkParse(b *testing.B) {
	var c []any
	for i := 0; len(c) == 0 || len(mustJSON(b, c)) < 50<<10; i++ {
		env := []any{}
		for j := range 15 {
			env = append(env, map[string]any{"name": fmt.Sprintf("VAR_%d", j), "value": fmt.Sprintf("välue %d", j)})
		}
		c = append(c, map[string]any{
			"name": fmt.Sprintf("app-%d", i), "image": "nginx:1.27", "essential": true, "cpu": 256,
			"portMappings": []any{map[string]any{"containerPort": 80, "protocol": "tcp"}},
			"environment":  env,
			"secrets":      []any{map[string]any{"name": "DB", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"}},
			"logConfiguration": map[string]any{"logDriver": "awslogs",
				"options": map[string]any{"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1"}},
		})
	}
	src := mustJSON(b, map[string]any{"family": "app", "containerDefinitions": c})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (ecsjson.Parser{}).Parse("td.json", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSniff(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(corpusDir, "json", "kayac__ecspresso__tests__td.json"))
	if err != nil {
		b.Skip("corpus not found")
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		ecsjson.Sniff(src)
	}
}

// BenchmarkSniffOther measures the common case, a JSON file that is no
// task definition (every *.json of a tree is sniffed), without and with \u
// escapes (which Sniff decodes).
func BenchmarkSniffOther(b *testing.B) {
	deps := map[string]any{}
	for i := range 2000 {
		deps[fmt.Sprintf("package-%d", i)] = map[string]any{"version": "1.2.3", "resolved": "https://registry.example.com/x.tgz", "integrity": "sha512-abc"}
	}
	plain := mustJSON(b, map[string]any{"name": "app", "packages": deps})
	escaped := bytes.ReplaceAll(plain, []byte(`"version"`), []byte(`"v\u0065rsion"`))
	for name, src := range map[string][]byte{"plain": plain, "escaped": escaped} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if ecsjson.Sniff(src) {
					b.Fatal("Sniff = true")
				}
			}
		})
	}
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
